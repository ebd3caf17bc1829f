//! Every standard include file of POV-Ray 3.7 (Debian's povray-includes, read where it is
//! installed, never copied into this repository) is included by a small scene that then
//! renders, one test per file. A declared item that uses a feature spotray does not render
//! yet must not stop the file from loading: the error belongs where a scene uses it.
//! scripts/test.sh installs the package; without it these tests fail and say so.

mod common;

use std::time::Duration;

use common::{png_size, povray_include, run_with_deadline, spotray, Scratch};

/// Includes `prerequisites` and then `file` in a small scene and renders it.
fn includes_and_renders(file: &str, prerequisites: &[&str]) {
    let folder = povray_include();
    assert!(
        folder.join(file).is_file(),
        "{file} is not in {}",
        folder.display()
    );
    let scratch = Scratch::new("include");
    let includes: String = prerequisites
        .iter()
        .chain([&file])
        .map(|f| format!("#include \"{f}\"\n"))
        .collect();
    let scene = scratch.path("scene.pov");
    std::fs::write(
        &scene,
        format!(
            "#version 3.7;\nglobal_settings {{ assumed_gamma 1.0 }}\n{includes}\
             camera {{ location <0, 1, -4> look_at 0 }}\n\
             light_source {{ <2, 4, -3>, rgb 1 }}\n\
             sphere {{ 0, 1 pigment {{ rgb <0.8, 0.6, 0.4> }} }}\n"
        ),
    )
    .unwrap();
    let out = scratch.path("scene.png");
    let run = run_with_deadline(
        spotray()
            .arg("render")
            .arg(&scene)
            .args(["-o"])
            .arg(&out)
            .args(["--width", "32", "--height", "24", "--quiet", "--povray-include"])
            .arg(&folder),
        Duration::from_secs(60),
    );
    assert!(run.status.success(), "{}", run.describe(file));
    assert_eq!(png_size(&out), (32, 24), "{}", run.describe(file));
}

/// One test per file; the prerequisites are those POV-Ray itself needs included first
/// (the files use colours from colors.inc, or shapes from shapes.inc, without including
/// them).
macro_rules! standard_includes {
    ($($test:ident: $file:literal $(after $($before:literal)+)?;)*) => {
        $(
            #[test]
            fn $test() {
                includes_and_renders($file, &[$($($before),+)?]);
            }
        )*

        #[test]
        fn every_file_in_the_folder_has_a_test() {
            let tested = [$($file),*];
            let mut untested: Vec<String> = std::fs::read_dir(povray_include())
                .unwrap()
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|name| name.ends_with(".inc") && !tested.contains(&name.as_str()))
                .collect();
            untested.sort();
            assert!(untested.is_empty(), "include files without a test: {untested:?}");
        }
    };
}

standard_includes! {
    arrays_inc: "arrays.inc";
    chars_inc: "chars.inc";
    colors_inc: "colors.inc";
    consts_inc: "consts.inc";
    debug_inc: "debug.inc";
    finish_inc: "finish.inc";
    functions_inc: "functions.inc";
    glass_inc: "glass.inc";
    glass_old_inc: "glass_old.inc";
    golds_inc: "golds.inc";
    ior_inc: "ior.inc";
    logo_inc: "logo.inc";
    makegrass_inc: "makegrass.inc";
    math_inc: "math.inc";
    meshmaker_inc: "meshmaker.inc";
    metals_inc: "metals.inc";
    rad_def_inc: "rad_def.inc";
    rand_inc: "rand.inc";
    screen_inc: "screen.inc";
    shapes_inc: "shapes.inc";
    shapes2_inc: "shapes2.inc" after "shapes.inc";
    shapes3_inc: "shapes3.inc";
    shapes_old_inc: "shapes_old.inc";
    shapesq_inc: "shapesq.inc" after "shapes.inc";
    skies_inc: "skies.inc" after "colors.inc";
    stage1_inc: "stage1.inc";
    stars_inc: "stars.inc";
    stdcam_inc: "stdcam.inc" after "colors.inc";
    stdinc_inc: "stdinc.inc";
    stoneold_inc: "stoneold.inc" after "colors.inc";
    stones_inc: "stones.inc" after "colors.inc";
    stones1_inc: "stones1.inc" after "colors.inc";
    stones2_inc: "stones2.inc" after "colors.inc";
    strings_inc: "strings.inc";
    sunpos_inc: "sunpos.inc";
    textures_inc: "textures.inc";
    transforms_inc: "transforms.inc";
    woodmaps_inc: "woodmaps.inc";
    woods_inc: "woods.inc";
}
