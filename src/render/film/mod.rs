//! The image: tiles and antialiasing, finished images and PNG output, and the tiles of
//! an interrupted render.

pub mod output;
pub mod partial;
pub mod tiles;
