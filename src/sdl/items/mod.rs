//! Scene items, one family per file: objects and CSG, textures, camera, lights, global
//! settings, transforms, colours and image maps, and the scene's top level.

pub(crate) mod algebraic;
pub(crate) mod bicubic_patch;
pub(crate) mod blob;
pub(crate) mod camera;
pub(crate) mod colour;
pub(crate) mod density_file;
pub(crate) mod finishes;
pub(crate) mod fog;
pub(crate) mod fractal_patterns;
pub(crate) mod global;
pub(crate) mod height_field;
pub(crate) mod image;
pub(crate) mod image_budget;
pub(crate) mod isosurface;
pub(crate) mod jpeg;
pub(crate) mod julia;
pub(crate) mod lights;
pub(crate) mod material_map;
pub(crate) mod mesh2;
pub(crate) mod modifiers;
pub(crate) mod netpbm;
pub(crate) mod normals;
pub(crate) mod objects;
pub(crate) mod pattern_modifiers;
pub(crate) mod pigments;
pub(crate) mod polygon;
pub(crate) mod shapes;
pub(crate) mod sky;
pub(crate) mod slope;
pub(crate) mod sweeps;
pub(crate) mod text;
pub(crate) mod textures;
pub(crate) mod toplevel;
pub(crate) mod transform;
pub(crate) mod warps;
