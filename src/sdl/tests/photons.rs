//! `photons { }` blocks: global settings with POV-Ray's defaults, objects' and lights'
//! switches, and what is refused.

use super::support::{error, parse, scene};
use crate::scene::{ObjectPhotons, PhotonSettings, Switch};

#[test]
fn the_global_block_takes_povray_defaults_and_its_items() {
    let s = scene("global_settings { photons { spacing 0.05 } }");
    let p = s.global.photons.expect("photon mapping is on");
    assert_eq!(
        p,
        PhotonSettings {
            spacing: 0.05,
            ..PhotonSettings::default()
        }
    );
    assert_eq!(
        (p.gather_min, p.gather_max, p.jitter, p.autostop),
        (20, 100, 0.4, 0.5)
    );
    assert_eq!((p.expand_tolerance, p.expand_min_count), (0.2, 35));
    let s = scene(
        "global_settings { photons { count 20000 autostop 0 jitter 0.5 max_trace_level 15 \
         adc_bailout 0.01 gather 10, 50 expand_thresholds 0.1, 20 radius 0.1, 2 } }",
    );
    let p = s.global.photons.expect("on");
    assert_eq!(p.count, Some(20000.0));
    assert_eq!(
        (p.autostop, p.jitter, p.max_trace_level, p.adc_bailout),
        (0.0, 0.5, Some(15), Some(0.01))
    );
    assert_eq!((p.gather_min, p.gather_max), (10, 50));
    assert_eq!((p.expand_tolerance, p.expand_min_count), (0.1, 20));
    assert_eq!((p.radius, p.radius_multiplier), (Some(0.1), 2.0));
    // A radius left out (or 0) is chosen from the photons' density.
    let s = scene("global_settings { photons { spacing 0.1 radius , 3 } }");
    let p = s.global.photons.expect("on");
    assert_eq!((p.radius, p.radius_multiplier), (None, 3.0));
    assert_eq!((p.media_steps, p.media_factor, p.media_radius), (0, 1.0, None));
    let s = scene("global_settings { photons { spacing 0.1 media 100, 2 radius 0.1, 2, 0.3, 4 } }");
    let p = s.global.photons.expect("on");
    assert_eq!((p.media_steps, p.media_factor), (100, 2.0));
    assert_eq!((p.media_radius, p.media_radius_multiplier), (Some(0.3), 4.0));
    assert!(
        scene("sphere { 0, 1 }").global.photons.is_none(),
        "off without a block"
    );
}

#[test]
fn objects_and_lights_keep_their_switches() {
    let s = scene(
        "light_source { 0, 1 photons { refraction on reflection off area_light } }\n\
         sphere { 0, 1 photons { target 0.5 refraction on reflection on collect off } }\n\
         sphere { 0, 1 photons { target pass_through } }\n\
         sphere { 0, 1 }",
    );
    let light = &s.lights[0].photons;
    assert_eq!(
        (light.refraction, light.reflection, light.area_light),
        (Switch::On, Switch::Off, true)
    );
    let objects: Vec<ObjectPhotons> = s.objects.iter().map(|o| o.photons()).collect();
    assert_eq!(
        objects[0],
        ObjectPhotons {
            target: 0.5,
            refraction: Switch::On,
            reflection: Switch::On,
            collect: false,
            pass_through: false,
        }
    );
    assert_eq!((objects[1].target, objects[1].pass_through), (1.0, true));
    assert_eq!(objects[2], ObjectPhotons::default());
    // Switches combine as POV-Ray combines them: on where either says on and
    // neither says off.
    assert!(Switch::On.with(Switch::Unsaid) && Switch::Unsaid.with(Switch::On));
    assert!(!Switch::On.with(Switch::Off) && !Switch::Unsaid.with(Switch::Unsaid));
}

#[test]
fn what_spotray_leaves_out_is_said_once() {
    let (_, warnings) = parse(
        "global_settings { photons { spacing 0.1 media 100, 2 save_file \"p.ph\" } }\n\
         sphere { 0, 1 photons { target refraction on pass_through } }",
    )
    .expect("parses");
    let said: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said.iter()
            .any(|w| w.contains("save_file") && w.contains("ignored")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|w| w.contains("pass_through") && w.contains("ignored")),
        "{said:?}"
    );
    let (_, quiet) = parse("global_settings { photons { spacing 0.1 } } sphere { 0, 1 photons { target } }")
        .expect("parses");
    assert!(quiet.is_empty(), "{quiet:?}");
}

#[test]
fn bad_blocks_say_what_and_where() {
    let e = error("global_settings { photons {\n spacing 0 } }");
    assert!(e.message().contains("greater than zero"), "{e}");
    assert_eq!(e.location().map(|l| l.line), Some(2));
    let e = error("global_settings { photons { gather 50, 20 } }");
    assert!(
        e.message().contains("at least 50") && e.message().contains("at most 20"),
        "{e}"
    );
    let e = error("global_settings { photons { count -5 } }");
    assert!(e.message().contains("`count` must be greater than zero"), "{e}");
    let e = error("light_source { 0, 1 photons { target } }");
    assert!(e.message().contains("to close `photons`"), "{e}");
    let e = error("sphere { 0, 1 photons { spacing 0.1 } }");
    assert!(
        e.message().contains("`target`") && e.message().contains("to close `photons`"),
        "{e}"
    );
    for text in [
        "global_settings { photons { radius 0.1, -1 } }",
        "global_settings { photons { radius 0.1, 1, 0.2, 0 } }",
    ] {
        let e = error(text);
        assert!(
            e.message().contains("multipliers must be greater than zero"),
            "{e}"
        );
    }
}
