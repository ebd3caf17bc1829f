//! Light the photon map brings to a surface: the photons around the shading point,
//! each lighting the layer like a small light from where it came, over the disc they
//! were gathered from.

use std::f64::consts::PI;

use glam::DVec3;

use super::{Response, Tracer};
use crate::render::ray::EPSILON;
use crate::render::texture::pigment::Paint;
use crate::scene::Finish;

/// POV-Ray 3.7 divides a photon by its cosine with the surface (turning the power
/// its beam carried into light per area), but never by less than this.
const LEAST_COSINE: f64 = 0.1;

/// Where photons are gathered, and by what.
pub(super) struct PhotonSite {
    pub point: DVec3,
    /// The geometric normal, facing the viewer.
    pub surface_normal: DVec3,
    /// The layer's (perhaps perturbed) normal.
    pub normal: DVec3,
    pub view: DVec3,
    pub double_illuminate: bool,
}

/// The photons gathered for one texture: every layer of it shares them, as in POV-Ray.
pub(super) struct Gathered {
    indices: Vec<u32>,
    radius: f64,
}

impl Tracer<'_> {
    /// The light the photons around `site` send to the viewer through a layer of
    /// `finish` and `paint`; the photons are gathered (around the first layer's
    /// normal) into `gathered` unless they already are.
    #[inline(never)]
    pub(super) fn photon_light(
        &mut self,
        site: &PhotonSite,
        finish: &Finish,
        paint: &Paint,
        gathered: &mut Option<Gathered>,
    ) -> DVec3 {
        let Some(map) = self.scene.photons else {
            return DVec3::ZERO;
        };
        if finish.diffuse <= 0.0 && finish.specular <= 0.0 && finish.phong <= 0.0 {
            return DVec3::ZERO;
        }
        let Gathered { indices, radius } = gathered.get_or_insert_with(|| {
            let [mut found, mut wider] = std::mem::take(&mut self.photons_found);
            let radius = map.gather(site.point, site.normal, &mut found, &mut wider);
            let mut indices = self.photon_lists.pop().unwrap_or_default();
            indices.clear();
            indices.extend(found.indices());
            self.photons_found = [found, wider];
            Gathered { indices, radius }
        });
        let radius = *radius;
        let opacity = paint.opacity();
        let mut total = DVec3::ZERO;
        for &index in indices.iter() {
            let photon = map.photon(index);
            let to_source = photon.towards_source.as_dvec3();
            let c = site.surface_normal.dot(to_source).clamp(LEAST_COSINE, 1.0);
            let cos = site.normal.dot(to_source);
            if cos < EPSILON && !site.double_illuminate {
                continue;
            }
            let Some(response) = Response::new(finish, opacity, site.normal, site.view, to_source, cos.abs())
            else {
                continue;
            };
            total += photon.power.as_dvec3() / c * response.colour(finish, paint);
        }
        if radius > 0.0 {
            total / (PI * radius * radius)
        } else {
            DVec3::ZERO
        }
    }

    /// Keeps `gathered`'s list for the next texture.
    #[inline]
    pub(super) fn release_photons(&mut self, gathered: Option<Gathered>) {
        if let Some(g) = gathered {
            self.photon_lists.push(g.indices);
        }
    }
}
