//! spotray: a POV-Ray compatible ray tracer and cloud render worker.
//!
//! # A job, end to end
//!
//! ```text
//!  SQS message ─▶ worker::message ─▶ JobSpec (bucket, key, etag) ─▶ worker::storage (download)
//!                                                                        │ archive.zip
//!  `spotray render INPUT` ───────────────────────────────────────────────┤
//!                                                                        ▼
//!  pipeline::prepare ─▶ input::locate ─▶ safe unzip (input::archive), scene selection (input::select)
//!                   ─▶ sdl::parse_ini_file + sdl::parse_scene_file ─▶ scene::Scene (plain data)
//!  pipeline::render ─▶ render::render ─▶ tiles in parallel ─▶ render::film::output::Image ─▶ PNG
//!                                                                        │
//!  `spotray render`: write the PNG        worker: PutObject <key>.png, DeleteMessage
//! ```
//!
//! Where each step lives:
//! - [`input`]: what users hand in (a `.zip`, a folder, an `.ini`, a `.pov`) turned into a
//!   scene file on disk, safely: bounded, confined, no path escapes.
//! - [`sdl`]: POV-Ray's scene description language in, [`scene::Scene`] out: lexer, token
//!   stream, evaluator ([`sdl`]'s `eval/`), scene items (`items/`), INI options, errors
//!   with `file:line:col`, and warnings for what is read but not rendered yet.
//! - [`scene`]: the scene model, plain data shared by the front end and the renderer.
//! - [`render`]: the ray tracer, a pure and deterministic function of scene and options:
//!   shapes, acceleration, textures, lights, integrators, camera and film.
//! - [`pipeline`]: input -> scene -> image -> PNG, the one path that `spotray render` and
//!   the worker share, so a local preview is what the fleet produces.
//! - [`worker`]: the queue worker: message formats, SQS, S3, spot notices, signals,
//!   checkpoints, and the loop that ties them together.
//! - [`imagecmp`]: SSIM and PSNR, for tests, `spotray compare` and the conformance run.
//! - [`fixtures`]: where tests find the optional fixtures in `../shared`.
//! - [`budget`]: what a job may spend: memory (counted by the global allocator) and
//!   time, with the stop signal every phase of a job polls.

pub mod budget;
pub mod fixtures;
pub mod imagecmp;
pub mod input;
pub mod pipeline;
pub mod render;
pub mod scene;
pub mod sdl;
pub mod worker;
