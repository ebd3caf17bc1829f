//! The scene file's top level: scene items, and turning the parser state into a
//! [`Scene`].

use std::path::{Path, PathBuf};

use crate::scene::{Scene, Shape};
use crate::sdl::error::{SceneError, SceneErrorKind, Warning};
use crate::sdl::eval::value::Value;
use crate::sdl::items::camera::CameraSpec;
use crate::sdl::items::objects::SceneObject;
use crate::sdl::keywords::{is_keyword, is_object_keyword, is_unsupported_feature};
use crate::sdl::parser::{FrameKind, PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};
use crate::sdl::ParseOptions;

impl Parser<'_> {
    fn parse_scene_items(&mut self) -> PResult<()> {
        loop {
            let t = self.next()?;
            match &t.tok {
                Tok::Eof => return Ok(()),
                Tok::Sym(Sym::Semicolon) => continue,
                Tok::Word(w) => {
                    let w = w.clone();
                    self.scene_item(&w, &t)?;
                }
                _ => return Err(self.expected("a scene item (object, camera, light_source, ...)", &t)),
            }
        }
    }

    fn scene_item(&mut self, w: &str, t: &Token) -> PResult<()> {
        match w {
            "camera" => {
                let c = self.parse_camera_block(t)?;
                self.scene.camera = Some(c);
            }
            "global_settings" => self.parse_global_settings(t)?,
            "background" => {
                self.scene.background = self.parse_background(t)?;
                self.scene.legacy_background = self.language_below_3_7();
            }
            "media" => {
                let m = self.parse_media_block(t)?;
                self.scene.atmosphere.push(m);
            }
            "fog" => {
                let fog = self.parse_fog_block(t)?;
                self.scene.fogs.push(fog);
            }
            "rainbow" => {
                let rainbow = self.parse_rainbow_block(t)?;
                self.scene.rainbows.push(rainbow);
            }
            "sky_sphere" => {
                let sky = self.parse_sky_sphere_block(t)?;
                if self.scene.sky_sphere.is_some() {
                    // POV-Ray 3.7.0's warning, and what it does.
                    self.warn(t, "only one sky_sphere allowed (the last one is used)");
                }
                self.scene.sky_sphere = Some(sky);
            }
            // The pre-3.0 spelling of `#default`, which POV-Ray 3.7 still reads.
            "default" => self.dir_default(t)?,
            _ if is_object_keyword(w) => {
                let o = self.parse_object(t)?;
                self.add_top_level(o);
            }
            _ if is_unsupported_feature(w) => return Err(self.unsupported(t, w)),
            _ if !is_keyword(w) => {
                return Err(match self.lookup(w) {
                    None => self.unknown_identifier(t, w),
                    Some(Value::Object(_)) => self
                        .syntax(t, format!("expected a scene item, found object identifier `{w}`"))
                        .with_note(format!("write `object {{ {w} }}` to place it in the scene")),
                    Some(v) => self.syntax(
                        t,
                        format!("expected a scene item, found {} identifier `{w}`", v.type_name()),
                    ),
                })
            }
            _ => return Err(self.expected("a scene item (object, camera, light_source, ...)", t)),
        }
        Ok(())
    }

    fn add_top_level(&mut self, o: SceneObject) {
        match o {
            SceneObject::Light(l) => self.scene.lights.push(l),
            SceneObject::Shape { mut object, lights } => {
                self.scene.lights.extend(lights);
                if let Shape::Csg { children, .. } = &object.shape {
                    if children.is_empty() {
                        return;
                    }
                }
                self.apply_default_texture(&mut object);
                self.scene.objects.push(object);
            }
        }
    }

    /// Builds the final scene once every token is consumed.
    fn finish_scene(&mut self) -> PResult<Scene> {
        let spec = self.scene.camera.clone().unwrap_or_default();
        let camera = spec
            .resolve()
            .map_err(|e| SceneError::new(SceneErrorKind::Semantic, e))?;
        Ok(Scene {
            camera,
            objects: std::mem::take(&mut self.scene.objects),
            lights: std::mem::take(&mut self.scene.lights),
            background: self.scene.background,
            legacy_background: self.scene.legacy_background,
            sky_sphere: self.scene.sky_sphere.take(),
            fogs: std::mem::take(&mut self.scene.fogs),
            rainbows: std::mem::take(&mut self.scene.rainbows),
            atmosphere: std::mem::take(&mut self.scene.atmosphere),
            legacy_sky: self.language_below_3_7(),
            global: self.scene.global.clone(),
            version: if self.version_set_in_scene {
                self.version
            } else {
                None
            },
            // Matched against POV-Ray 3.7.0.10: background rgb 0.3 comes out 77 (raw)
            // with no `#version` at all or `#version 3.6`, and 149 (sRGB) after
            // `#include "colors.inc"`, whose `#version` save and restore leaves 3.7 set.
            legacy_gamma: self.scene.global.assumed_gamma.is_none() && self.language_below_3_7(),
            legacy_image_gamma: self.legacy_image_gamma(),
        })
    }
}

/// Parses a whole scene on the current thread.
pub fn run(
    name: &Path,
    text: &str,
    base_dir: &Path,
    opts: &ParseOptions,
) -> Result<(Scene, Vec<Warning>), SceneError> {
    let mut p = Parser::new(opts, base_dir);
    for (name, value) in &opts.declares {
        p.scopes[0].insert(name.as_str().into(), Value::Float(*value));
    }
    let (_, tokens) = p.add_file(PathBuf::from(name), text)?;
    let len = tokens.len();
    p.push_frame(tokens, 0, len, FrameKind::Main, false);
    if let Err(e) = p.parse_scene_items() {
        // Messages already shown as they came are not repeated with the error.
        if opts.on_message.is_some() {
            return Err(e);
        }
        return Err(e.with_messages(&p.warnings));
    }
    let scene = p.finish_scene()?;
    let _ = CameraSpec::default();
    Ok((scene, std::mem::take(&mut p.warnings)))
}
