//! Rainbows along a ray, as POV-Ray 3.7.0 adds them: where the ray's angle from the
//! antisolar direction falls within a bow, the bow's colour (from its colour map) is
//! laid over what the ray saw, fully beyond `distance` and fading in nearer, then
//! averaged over every bow that shows.

use glam::DVec3;

use crate::render::sampling::{hash, unit};
use crate::render::texture::pigment::{lookup, Paint};
use crate::scene::Rainbow;

/// How far a ray that meets nothing is taken to run: POV-Ray's largest depth.
const MISS_LENGTH: f64 = 2.0e10;

/// POV-Ray's EPSILON: the colour map is read up to just below 1.
const TOP: f64 = 1.0 - 1e-10;

/// Mixed into a ray's seed for the rainbows' jitter.
const JITTER_SALT: u64 = 0x0072_6169_6e62_6f77;

/// The rainbows of a scene, ready to apply.
#[derive(Clone, Debug, Default)]
pub struct Rainbows {
    bows: Vec<Bow>,
}

#[derive(Clone, Debug)]
struct Bow {
    rainbow: Rainbow,
    colours: Vec<(f64, Paint)>,
}

impl Rainbows {
    /// The rainbows that can show: with a colour map, a distance and a width.
    pub fn new(rainbows: &[Rainbow]) -> Rainbows {
        let bows = rainbows
            .iter()
            .filter(|r| r.distance != 0.0 && r.width != 0.0)
            .filter_map(|r| {
                let map = r.colour_map.as_ref()?;
                Some(Bow {
                    rainbow: r.clone(),
                    colours: map.iter().map(|(v, c)| (*v, Paint::from_colour(c))).collect(),
                })
            })
            .collect();
        Rainbows { bows }
    }

    pub fn is_empty(&self) -> bool {
        self.bows.is_empty()
    }

    /// `colour` seen along the unit `direction` with the rainbows over it, `length` the
    /// distance to what the ray met (`None`: nothing), and the share of the background
    /// still showing through them (for the alpha channel); `seed` jitters the bows.
    pub fn apply(&self, direction: DVec3, length: Option<f64>, colour: DVec3, seed: u64) -> (DVec3, f64) {
        let depth = length.unwrap_or(MISS_LENGTH).min(MISS_LENGTH);
        let mut sum = DVec3::ZERO;
        let mut through = 1.0;
        let mut shown = 0u32;
        for (i, bow) in self.bows.iter().enumerate() {
            let r = &bow.rainbow;
            let (x, mut y) = (direction.dot(r.right), direction.dot(r.up));
            let l = (x * x + y * y).sqrt();
            if l > 0.0 {
                y /= l;
            }
            let around = y.clamp(-1.0, 1.0).acos().abs();
            if around > r.arc_angle {
                continue;
            }
            let cos = direction.dot(r.antisolar);
            if cos < 0.0 {
                continue;
            }
            let mut index = (cos.min(1.0).acos() - r.angle) / r.width;
            if r.jitter > 0.0 {
                index += (2.0 * unit(hash(&[seed, JITTER_SALT, i as u64])) - 1.0) * r.jitter;
            }
            if !(0.0..=TOP).contains(&index) {
                continue;
            }
            let c = lookup(&bow.colours, index);
            let fade = if r.falloff_width > 0.0 && around > r.falloff_angle {
                let f = (around - r.falloff_angle) / r.falloff_width;
                (3.0 - 2.0 * f) * f * f
            } else {
                0.0
            };
            // The colour's transmit is the least of what lies behind that shows.
            let k = (-depth / r.distance)
                .exp()
                .max(fade * (1.0 - c.transmit) + c.transmit);
            let ki = 1.0 - k;
            let f = c.filter * ki;
            sum += k * colour * (DVec3::splat(1.0 - f) + f * c.rgb) + ki * c.rgb;
            through *= k * c.transmit;
            shown += 1;
        }
        if shown == 0 {
            return (colour, 1.0);
        }
        (sum / f64::from(shown), through)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Colour;

    fn bow(colour_map: Option<Vec<(f64, Colour)>>) -> Rainbow {
        Rainbow {
            angle: 40f64.to_radians(),
            width: 4f64.to_radians(),
            distance: 1e7,
            jitter: 0.0,
            antisolar: DVec3::Z,
            up: DVec3::Y,
            right: DVec3::X,
            arc_angle: 180.0,
            falloff_angle: 180.0,
            falloff_width: 0.0,
            colour_map,
        }
    }

    fn red_to_blue() -> Option<Vec<(f64, Colour)>> {
        Some(vec![
            (0.0, Colour::rgb(1.0, 0.0, 0.0)),
            (1.0, Colour::rgb(0.0, 0.0, 1.0)),
        ])
    }

    /// The unit direction `degrees` from the antisolar point, upwards.
    fn at(degrees: f64) -> DVec3 {
        let a = degrees.to_radians();
        DVec3::new(0.0, a.sin(), a.cos())
    }

    #[test]
    fn the_bow_shows_its_colour_map_across_its_width_on_the_sky() {
        let rainbows = Rainbows::new(&[bow(red_to_blue())]);
        let grey = DVec3::splat(0.5);
        let (inner, _) = rainbows.apply(at(40.5), None, grey, 1);
        let (outer, _) = rainbows.apply(at(43.5), None, grey, 1);
        assert!(inner.x > 0.8 && inner.z < 0.2, "{inner}");
        assert!(outer.z > 0.8 && outer.x < 0.2, "{outer}");
        assert_eq!(rainbows.apply(at(30.0), None, grey, 1).0, grey);
        assert_eq!(
            rainbows.apply(-at(41.0), None, grey, 1).0,
            grey,
            "towards the sun"
        );
    }

    #[test]
    fn near_things_show_through_the_bow() {
        let rainbows = Rainbows::new(&[bow(red_to_blue())]);
        let grey = DVec3::splat(0.5);
        let (near, _) = rainbows.apply(at(42.0), Some(10.0), grey, 1);
        assert!((near - grey).length() < 1e-5, "{near}");
    }

    #[test]
    fn a_bow_without_colours_or_width_shows_nothing() {
        assert!(Rainbows::new(&[bow(None)]).is_empty());
        let mut thin = bow(red_to_blue());
        thin.width = 0.0;
        assert!(Rainbows::new(&[thin]).is_empty());
    }
}
