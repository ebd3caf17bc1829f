//! The reference scene (ECSLogo.pov from the shared fixtures) parses into the
//! expected scene.

use glam::DVec3;

use crate::scene::{CsgOp, LightKind, PigmentPattern, Shape};
use crate::sdl::{parse_scene_file, ParseOptions};

/// The reference job unpacked into a temporary directory, or `None` when `../shared` is
/// absent (see [`crate::fixtures`]).
fn unpack() -> Option<tempfile::TempDir> {
    let zip_path = crate::fixtures::shared("fixtures/ecslogo/ECSLogo.zip")?;
    let file = std::fs::File::open(&zip_path).expect("open ECSLogo.zip");
    let mut archive = zip::ZipArchive::new(file).expect("read ECSLogo.zip");
    let dir = tempfile::tempdir().expect("temporary directory");
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("archive entry");
        let name = entry.enclosed_name().expect("safe entry name");
        let out = dir.path().join(name.file_name().expect("file name"));
        let mut f = std::fs::File::create(&out).expect("create file");
        std::io::copy(&mut entry, &mut f).expect("extract");
    }
    Some(dir)
}

fn close(a: DVec3, b: DVec3) -> bool {
    (a - b).length() < 1e-9
}

#[test]
fn ecslogo_scene_parses_with_the_expected_content() {
    let Some(dir) = unpack() else {
        return;
    };
    let dir = dir.path();
    let (scene, warnings) = match parse_scene_file(&dir.join("ECSLogo.pov"), &ParseOptions::default()) {
        Ok(r) => r,
        Err(e) => panic!("ECSLogo.pov failed to parse:\n{e}"),
    };
    assert!(warnings.is_empty(), "unexpected warnings: {warnings:?}");

    // Plane, the logo union and the "powered by" box.
    assert_eq!(scene.objects.len(), 3);
    let plane = &scene.objects[0];
    let Shape::Plane { normal, distance } = &plane.shape else {
        panic!("first object should be the plane: {:?}", plane.shape)
    };
    assert!(close(*normal, DVec3::Y));
    assert_eq!(*distance, -0.5);
    assert_eq!(plane.texture.len(), 1);
    let f = &plane.texture[0].finish;
    // Glossy from finish.inc: specular 1, roughness 0.0001, reflection 0.13. Glossy is
    // declared before `#default`, so it keeps the ambient it was created with.
    assert_eq!(f.specular, 1.0);
    assert_eq!(f.roughness, 0.0001);
    assert!(close(f.reflection_max, DVec3::splat(0.13)));
    assert!(close(f.reflection_min, DVec3::splat(0.13)));
    assert!(close(f.ambient, DVec3::splat(0.1)));
    assert_eq!(
        plane.texture[0].pigment.pattern,
        PigmentPattern::Solid(crate::scene::Colour::WHITE)
    );

    // The logo: a union of object references, rotated -45 degrees about y.
    let logo = &scene.objects[1];
    let Shape::Csg { op, children, .. } = &logo.shape else {
        panic!("second object should be the logo union")
    };
    assert_eq!(*op, CsgOp::Union);
    assert_eq!(children.len(), 6);
    assert!(logo.texture.is_empty());
    let m = logo.transform.as_deref().copied().expect("rotated");
    assert!(close(
        m.transform_vector3(DVec3::X),
        DVec3::new(45f64.to_radians().cos(), 0.0, 45f64.to_radians().sin())
    ));
    // The frame is a difference with cutaway_textures whose cutter has no texture.
    let Shape::Csg {
        op,
        children: frame,
        cutaway_textures,
    } = &children[1].shape
    else {
        panic!("second child should be the frame difference")
    };
    assert_eq!(*op, CsgOp::Difference);
    assert!(*cutaway_textures);
    assert_eq!(frame.len(), 2);
    assert_eq!(frame[0].texture.len(), 1);
    assert!(frame[1].texture.is_empty());
    // Orange with ambient 0 (declared after `#default { finish { ambient 0 } }`).
    let orange = &frame[0].texture[0];
    assert_eq!(
        orange.pigment.pattern,
        PigmentPattern::Solid(crate::scene::Colour::rgb(1.0, 0.5, 0.0))
    );
    assert_eq!(orange.finish.ambient, DVec3::ZERO);
    // Containers are translated copies with the orange texture.
    let c = &children[2];
    assert!(matches!(c.shape, Shape::Box(_)));
    let t = c
        .transform
        .as_deref()
        .copied()
        .expect("translated")
        .transform_point3(DVec3::ZERO);
    assert!(close(t, DVec3::new(-0.2, 0.2, -0.4)), "{t}");
    for child in children.iter() {
        if let Shape::Box(_) = child.shape {
            assert_eq!(child.texture[0].finish.ambient, DVec3::ZERO);
        }
    }

    // The "powered by" box: two layers, the top one an image map with its own transform.
    let logo_box = &scene.objects[2];
    assert!(matches!(logo_box.shape, Shape::Box(_)));
    assert_eq!(logo_box.texture.len(), 2);
    assert_eq!(
        logo_box.texture[0].pigment.pattern,
        PigmentPattern::Solid(crate::scene::Colour::WHITE)
    );
    assert_eq!(logo_box.texture[0].finish.diffuse, 1.0);
    assert_eq!(logo_box.texture[0].finish.ambient, DVec3::ZERO);
    let top = &logo_box.texture[1];
    let PigmentPattern::ImageMap(im, place) = &top.pigment.pattern else {
        panic!("top layer should be an image map")
    };
    assert_eq!((im.image.width, im.image.height), (300, 122));
    assert_eq!(im.image.texels.len(), 300 * 122);
    assert_eq!(im.map_type, 0);
    assert!(!im.once);
    let aspect = 122.0 / 300.0;
    let [crate::scene::pattern::Warp::Transform(pm)] = place.warps.as_slice() else {
        panic!("the image should be placed by one transform: {:?}", place.warps)
    };
    assert!(close(
        pm.transform_point3(DVec3::ZERO),
        DVec3::new(-0.5, -0.5 * aspect, 0.0)
    ));
    assert!(close(
        pm.transform_point3(DVec3::ONE),
        DVec3::new(0.5, 0.5 * aspect, 1.0)
    ));
    let ot = logo_box
        .transform
        .as_deref()
        .copied()
        .expect("placed")
        .transform_point3(DVec3::ZERO);
    assert!(close(ot, DVec3::new(1.3, 0.8, 0.0)));
    let os = logo_box
        .transform
        .as_deref()
        .copied()
        .unwrap()
        .transform_vector3(DVec3::X);
    assert!(close(os, DVec3::new(0.5, 0.0, 0.0)));

    // One 5x5 adaptive jittered area light, White * 0.6.
    assert_eq!(scene.lights.len(), 1);
    let l = &scene.lights[0];
    assert!(close(l.position, DVec3::new(5.0, 10.0, -10.0)));
    assert!(close(l.colour, DVec3::splat(0.6)));
    assert_eq!(l.kind, LightKind::Point);
    let area = l.area.as_ref().expect("area light");
    assert!(close(area.axis1, DVec3::new(5.0, 0.0, 0.0)));
    assert!(close(area.axis2, DVec3::new(0.0, 0.0, 5.0)));
    assert_eq!((area.size1, area.size2, area.adaptive), (5, 5, 1));
    assert!(area.jitter && !area.circular && !area.orient);

    // Radiosity from Rad_Settings(Radiosity_OutdoorHQ, off, off).
    let r = scene.global.radiosity.as_ref().expect("radiosity");
    assert_eq!(r.count, 500);
    assert_eq!(r.nearest_count, 7);
    assert_eq!(r.error_bound, 0.1);
    assert_eq!(r.recursion_limit, 1);
    assert_eq!(r.pretrace_start, 0.08);
    assert_eq!(r.pretrace_end, 0.004);
    assert_eq!(r.low_error_factor, 0.5);
    assert_eq!(r.minimum_reuse, 0.015);
    assert_eq!(r.maximum_reuse, 0.2);
    assert_eq!(r.adc_bailout, 0.005);
    assert_eq!(r.brightness, 1.0);
    assert_eq!(r.gray_threshold, 0.0);
    assert!(!r.normal && !r.media && !r.always_sample);
    assert_eq!(scene.global.assumed_gamma, None);
    assert_eq!(scene.version, None);

    // Background and camera.
    assert_eq!(scene.background, crate::scene::Colour::WHITE);
    let cam = &scene.camera;
    assert!(close(cam.location, DVec3::new(0.0, 0.0, -2.0)));
    assert!(close(cam.direction, DVec3::Z));
    assert!(close(cam.up, DVec3::Y));
    assert!(close(cam.right, DVec3::new(1920.0 / 1080.0, 0.0, 0.0)));
}
