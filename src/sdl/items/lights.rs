//! `light_source { ... }`: point, spot, cylinder and parallel lights, area lights,
//! fading and transformations.

use glam::{DMat4, DVec3};

use crate::scene::{AreaLight, Light, LightKind, Object, ProjectedThrough};
use crate::sdl::eval::value::Value;
use crate::sdl::items::objects::{transform_object, SceneObject};
use crate::sdl::items::transform::compose;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Point,
    Spot,
    Cylinder,
}

impl Parser<'_> {
    /// The body of `light_source { <pos>, colour` — up to the modifiers.
    pub fn parse_light_body(&mut self, _t: &Token) -> PResult<(Light, Option<Object>)> {
        // `light_source { Declared ... }`: a declared light (with its `looks_like`
        // object), modified by what follows.
        if let Some(Tok::Word(w)) = self.peek_raw().map(|t| &t.tok) {
            if let Some(Value::Object(o)) = self.lookup(w) {
                let declared = match &**o {
                    SceneObject::Light(light) => Some((light.clone(), None)),
                    SceneObject::Shape { object, lights } if lights.len() == 1 && object.no_shadow => {
                        Some((lights[0].clone(), Some(object.clone())))
                    }
                    _ => None,
                };
                if let Some(declared) = declared {
                    self.next()?;
                    return Ok(declared);
                }
            }
        }
        let position = self.parse_vector3()?;
        self.accept_sym_raw(Sym::Comma)?;
        let colour = self.parse_colour()?.to_dvec3();
        Ok((
            Light {
                position,
                colour,
                kind: LightKind::Point,
                area: None,
                shadowless: false,
                fade_distance: 0.0,
                fade_power: 0.0,
                media_interaction: true,
                projected_through: None,
                media_attenuation: false,
                photons: Default::default(),
            },
            None,
        ))
    }

    /// Light modifiers up to and including the closing `}`; returns the `looks_like`
    /// object, if any, placed and transformed with the light.
    pub fn parse_light_modifiers(
        &mut self,
        t: &Token,
        l: &mut Light,
        mut looks_like: Option<Object>,
    ) -> PResult<Option<Object>> {
        // Start from whatever the light already is (e.g. a declared spotlight).
        let (mut kind, mut parallel, mut point_at, mut radius, mut falloff, mut tightness) = match l.kind {
            LightKind::Point => (Kind::Point, false, DVec3::ZERO, None, None, None),
            LightKind::Spot {
                point_at,
                radius,
                falloff,
                tightness,
            } => (
                Kind::Spot,
                false,
                point_at,
                Some(radius),
                Some(falloff),
                Some(tightness),
            ),
            LightKind::Cylinder {
                point_at,
                radius,
                falloff,
                tightness,
            } => (
                Kind::Cylinder,
                false,
                point_at,
                Some(radius),
                Some(falloff),
                Some(tightness),
            ),
            LightKind::Parallel { point_at } => (Kind::Point, true, point_at, None, None, None),
        };
        // Area light flags may come before or after `area_light`.
        let mut pending_adaptive: Option<u32> = None;
        let mut pending_jitter: Option<(bool, Token)> = None;
        let mut pending_circular: Option<(bool, Token)> = None;
        let mut pending_orient: Option<(bool, Token)> = None;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a light_source modifier or `}` to close `light_source`", &item));
            };
            match w.as_str() {
                "spotlight" => kind = Kind::Spot,
                "cylinder" => kind = Kind::Cylinder,
                "parallel" => parallel = true,
                "point_at" => point_at = self.parse_vector3()?,
                "radius" => radius = Some(self.parse_float()?),
                "falloff" => falloff = Some(self.parse_float()?),
                "tightness" => tightness = Some(self.parse_float()?),
                "shadowless" => l.shadowless = true,
                "fade_distance" => l.fade_distance = self.parse_float()?,
                "fade_power" => l.fade_power = self.parse_float()?,
                "media_interaction" => {
                    l.media_interaction = self.parse_optional_bool()?;
                }
                "media_attenuation" => {
                    l.media_attenuation = self.parse_optional_bool()?;
                }
                "area_illumination" => {
                    if self.parse_optional_bool()? {
                        self.warn(&item, "`area_illumination` is ignored by spotray");
                    }
                }
                "area_light" => {
                    // The commas are optional, as POV-Ray reads them.
                    let axis1 = self.parse_vector3()?;
                    self.comma("area_light")?;
                    let axis2 = self.parse_vector3()?;
                    self.comma("area_light")?;
                    let n1 = self.parse_count("area_light size", 1 << 16)?;
                    self.comma("area_light")?;
                    let n2 = self.parse_count("area_light size", 1 << 16)?;
                    if n1 == 0 || n2 == 0 {
                        return Err(self.semantic(&item, "area_light sizes must be at least 1"));
                    }
                    let prev = l.area.take();
                    l.area = Some(AreaLight {
                        axis1,
                        axis2,
                        size1: n1 as u32,
                        size2: n2 as u32,
                        adaptive: prev.as_ref().map_or(0, |a| a.adaptive),
                        jitter: prev.as_ref().is_some_and(|a| a.jitter),
                        circular: prev.as_ref().is_some_and(|a| a.circular),
                        orient: prev.as_ref().is_some_and(|a| a.orient),
                    });
                }
                "adaptive" => pending_adaptive = Some(self.parse_count("adaptive", 1 << 16)? as u32),
                "jitter" | "circular" | "orient" => {
                    let on = self.parse_optional_bool()?;
                    let slot = match w.as_str() {
                        "jitter" => &mut pending_jitter,
                        "circular" => &mut pending_circular,
                        _ => &mut pending_orient,
                    };
                    *slot = Some((on, item.clone()));
                }
                "looks_like" => {
                    if looks_like.is_some() {
                        return Err(self.semantic(&item, "a light_source has at most one `looks_like`"));
                    }
                    looks_like = Some(self.parse_looks_like(&item, l.position)?);
                }
                "projected_through" => {
                    if l.projected_through.is_some() {
                        return Err(
                            self.semantic(&item, "a light_source has at most one `projected_through`")
                        );
                    }
                    let object = self.parse_projected_through(&item)?;
                    l.projected_through = Some(ProjectedThrough(std::sync::Arc::new(object)));
                }
                "photons" => l.photons = self.parse_light_photons(&item, l.photons)?,
                _ if crate::sdl::items::transform::is_transform_keyword(&w) => {
                    let m = self.parse_transform_item(&item)?.expect("transform keyword");
                    // Apply to the light and to the pending point_at.
                    l.kind = LightKind::Point;
                    l.transform(m);
                    point_at = m.transform_point3(point_at);
                    if let Some(object) = &mut looks_like {
                        object.transform = Some(Box::new(compose(m, object.transform.as_deref().copied())));
                    }
                }
                _ => {
                    return Err(self.expected("a light_source modifier or `}` to close `light_source`", &item))
                }
            }
        }
        match &mut l.area {
            Some(a) => {
                if let Some(v) = pending_adaptive {
                    a.adaptive = v;
                }
                if let Some((v, _)) = pending_jitter {
                    a.jitter = v;
                }
                if let Some((v, at)) = pending_circular {
                    a.circular = v;
                    // POV-Ray divides by one less than each side's count, so one row
                    // of points leaves its circle undefined; the line stays a line.
                    if v && (a.size1 <= 1 || a.size2 <= 1) {
                        self.warn(
                            &at,
                            "`circular` needs at least 2 points along each axis; a light with one row of points stays a line".to_string(),
                        );
                    }
                }
                if let Some((v, at)) = pending_orient {
                    a.orient = v;
                    // POV-Ray makes an oriented light square, from its first axis.
                    if v && (a.size1 != a.size2 || (a.axis1.length() - a.axis2.length()).abs() > 1e-9) {
                        self.warn(
                            &at,
                            "`orient` makes the area light square: both axes take the first one's length, and the grid should be as many points each way".to_string(),
                        );
                    }
                }
            }
            None => {
                for (flag, name) in [
                    (pending_jitter, "jitter"),
                    (pending_circular, "circular"),
                    (pending_orient, "orient"),
                ] {
                    if let Some((_, at)) = flag {
                        self.warn(&at, format!("`{name}` has no effect without `area_light`"));
                    }
                }
            }
        }
        l.kind = match (kind, parallel) {
            (_, true) => LightKind::Parallel { point_at },
            (Kind::Point, false) => LightKind::Point,
            (Kind::Spot, false) => LightKind::Spot {
                point_at,
                radius: radius.unwrap_or(30.0),
                falloff: falloff.unwrap_or(45.0),
                tightness: tightness.unwrap_or(0.0),
            },
            (Kind::Cylinder, false) => LightKind::Cylinder {
                point_at,
                radius: radius.unwrap_or(0.75),
                falloff: falloff.unwrap_or(1.0),
                tightness: tightness.unwrap_or(0.0),
            },
        };
        if !(l.position.is_finite() && l.colour.is_finite()) {
            return Err(self.semantic(t, "light_source values are not finite"));
        }
        Ok(looks_like)
    }

    /// `projected_through { OBJECT }` after its keyword: the object (an identifier alone
    /// too), its texture and interior dropped, as POV-Ray drops them.
    fn parse_projected_through(&mut self, t: &Token) -> PResult<Object> {
        let (object, first) = self.parse_light_object(t, "projected_through", None)?;
        match object {
            SceneObject::Shape { mut object, lights } if lights.is_empty() => {
                object.texture.clear();
                object.interior = None;
                Ok(object)
            }
            _ => Err(self.semantic(
                &first,
                "a `projected_through` object cannot be or hold a light source",
            )),
        }
    }

    /// The object of `looks_like` or `projected_through` (named by `what`), moved to
    /// `placed` (if given) before its modifiers apply, and the token it starts with.
    fn parse_light_object(
        &mut self,
        t: &Token,
        what: &str,
        placed: Option<DVec3>,
    ) -> PResult<(SceneObject, Token)> {
        self.expect_sym(Sym::LBrace, &format!("after `{what}`"))?;
        let first = self.next()?;
        if !self.starts_object_or_identifier(&first) {
            return Err(self.expected(&format!("an object inside `{what}`"), &first));
        }
        self.unget(first.clone());
        let mut object = self.parse_object_reference(&first)?;
        if let Some(at) = placed {
            transform_object(&mut object, DMat4::from_translation(at));
        }
        self.parse_object_modifiers(t, what, &mut object)?;
        Ok((object, first))
    }

    /// `looks_like { OBJECT }` after its keyword: the object moved to where the light
    /// is, casting no shadow (so that it does not block its own light), as POV-Ray 3.7
    /// places it.
    fn parse_looks_like(&mut self, t: &Token, position: DVec3) -> PResult<Object> {
        let (object, first) = self.parse_light_object(t, "looks_like", Some(position))?;
        match object {
            SceneObject::Shape { mut object, lights } if lights.is_empty() => {
                object.no_shadow = true;
                Ok(object)
            }
            _ => Err(self.semantic(&first, "a `looks_like` object cannot be or hold a light source")),
        }
    }
}
