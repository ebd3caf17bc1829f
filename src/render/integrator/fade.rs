//! What an object's interior does to light passing through it: `fade_distance`,
//! `fade_power` and `fade_color`, and the fake caustics (`caustics`) POV-Ray adds to
//! shadows.

use glam::DVec3;

use crate::scene::Interior;

/// POV-Ray's test for a fade distance that counts (its EPSILON).
const NO_DISTANCE: f64 = 1e-10;

/// POV-Ray switches from `1 / (1 + (d / distance)^power)` to exponential fading at this
/// power.
const EXPONENTIAL_POWER: f64 = 1000.0;

/// The share of each colour that survives `depth` units of the interior, as POV-Ray 3.7
/// fades the light refracted through a surface seen from inside: any fade distance
/// counts, even with the default power 0 (which halves the faded part).
pub fn surface_fade(interior: &Interior, depth: f64) -> DVec3 {
    if interior.fade_distance.abs() <= NO_DISTANCE {
        return DVec3::ONE;
    }
    fade(interior, depth)
}

/// [`surface_fade`] for light on its way to a lit point: POV-Ray fades shadow rays only
/// where the power is positive too.
pub fn shadow_fade(interior: &Interior, depth: f64) -> DVec3 {
    if !fades(interior) {
        return DVec3::ONE;
    }
    fade(interior, depth)
}

/// Whether the interior fades light that passes through it.
pub fn fades(interior: &Interior) -> bool {
    interior.fade_power > 0.0 && interior.fade_distance.abs() > NO_DISTANCE
}

fn fade(interior: &Interior, depth: f64) -> DVec3 {
    let colour = interior.fade_colour;
    // POV-Ray holds the distance and power in single precision.
    let power = f64::from(interior.fade_power as f32);
    let ratio = depth / f64::from(interior.fade_distance as f32);
    if power >= EXPONENTIAL_POWER {
        let k = -(DVec3::ONE - colour) * ratio;
        DVec3::new(k.x.exp(), k.y.exp(), k.z.exp())
    } else {
        colour + (DVec3::ONE - colour) / (1.0 + ratio.powf(power))
    }
}

/// How much brighter a shadow ray through one textured layer comes out, POV-Ray's fake
/// caustics: `1 + |normal . direction|^(45 caustics)`, so light crossing the surface
/// square on is doubled and light grazing it is not.
pub fn fake_caustics(interior: &Interior, normal: DVec3, direction: DVec3) -> f64 {
    if interior.caustics == 0.0 {
        return 1.0;
    }
    // POV-Ray keeps the value times 45, in single precision.
    let exponent = f64::from((interior.caustics * 45.0) as f32);
    1.0 + normal.dot(direction).abs().powf(exponent)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn interior(distance: f64, power: f64, colour: DVec3) -> Interior {
        Interior {
            fade_distance: distance,
            fade_power: power,
            fade_colour: colour,
            ..Interior::default()
        }
    }

    #[test]
    fn no_fade_distance_lets_all_light_through() {
        let i = interior(0.0, 2.0, DVec3::ZERO);
        assert_eq!(surface_fade(&i, 5.0), DVec3::ONE);
        assert_eq!(shadow_fade(&i, 5.0), DVec3::ONE);
    }

    #[test]
    fn power_fade_halves_the_light_at_the_fade_distance() {
        let i = interior(2.0, 1.0, DVec3::ZERO);
        assert!((surface_fade(&i, 2.0) - DVec3::splat(0.5)).length() < 1e-12);
        let tinted = interior(2.0, 2.0, DVec3::new(1.0, 0.0, 0.0));
        let f = surface_fade(&tinted, 4.0);
        assert!((f - DVec3::new(1.0, 0.2, 0.2)).length() < 1e-12, "{f}");
    }

    #[test]
    fn default_power_fades_surfaces_but_not_shadows() {
        let i = interior(2.0, 0.0, DVec3::ZERO);
        assert_eq!(surface_fade(&i, 7.0), DVec3::splat(0.5));
        assert_eq!(shadow_fade(&i, 7.0), DVec3::ONE);
    }

    #[test]
    fn large_powers_fade_exponentially() {
        let i = interior(1.0, 1000.0, DVec3::new(0.5, 1.0, 0.0));
        let f = surface_fade(&i, 2.0);
        assert!(
            (f - DVec3::new((-1.0f64).exp(), 1.0, (-2.0f64).exp())).length() < 1e-12,
            "{f}"
        );
    }

    #[test]
    fn fake_caustics_double_square_on_light_only() {
        let i = Interior {
            caustics: 1.0,
            ..Interior::default()
        };
        assert_eq!(fake_caustics(&i, DVec3::Y, -DVec3::Y), 2.0);
        assert!(fake_caustics(&i, DVec3::Y, DVec3::X) - 1.0 < 1e-12);
        assert_eq!(fake_caustics(&Interior::default(), DVec3::Y, DVec3::Y), 1.0);
    }
}
