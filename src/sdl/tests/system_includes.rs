//! Real-world check: POV-Ray's own include files (when installed) parse.

use std::path::Path;

use crate::sdl::{parse_scene_str, ParseOptions};

#[test]
#[ignore = "needs POV-Ray's include files installed; run with --ignored"]
fn system_include_files_parse() {
    let dir = Path::new("/usr/share/povray-3.7/include");
    if !dir.is_dir() {
        return;
    }
    let mut failures = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".inc"))
        .collect();
    names.sort();
    for name in names {
        let text = format!("#version 3.7;\n#include \"colors.inc\"\n#include \"{name}\"\n");
        if let Err(e) = parse_scene_str("probe.pov", &text, dir, &ParseOptions::default()) {
            failures.push(format!("{name}: {e}"));
        }
    }
    for f in &failures {
        eprintln!("{f}\n");
    }
    eprintln!("{} failures", failures.len());
}

#[test]
#[ignore = "needs POV-Ray's include files installed; run with --ignored"]
fn common_include_items_are_usable() {
    let dir = Path::new("/usr/share/povray-3.7/include");
    if !dir.is_dir() {
        return;
    }
    let text = r#"
#version 3.7;
#include "colors.inc"
#include "textures.inc"
#include "metals.inc"
#include "golds.inc"
#include "woods.inc"
#include "glass.inc"
#include "stones1.inc"
#include "shapes.inc"
#include "transforms.inc"
object { Round_Box(<-1, -1, -1>, <1, 1, 1>, 0.1, 0) texture { T_Gold_1A } }
object { Round_Cylinder(<0, 0, 0>, <0, 1, 0>, 0.5, 0.1, 1) texture { T_Wood1 } }
sphere { 0, 1 pigment { Jade } }
sphere { 0, 1 texture { T_Stone1 } }
sphere { 0, 1 texture { T_Chrome_3C } }
sphere { 0, 1 material { M_Glass } }
sphere { 0, 1 pigment { DMFWood4 } transform { Axis_Rotate_Trans(y, 30) } }
object { Wire_Box(0, 1, 0.05, 0) }
"#;
    match parse_scene_str("probe.pov", text, dir, &ParseOptions::default()) {
        Ok((s, w)) => {
            eprintln!("{} objects, {} warnings", s.objects.len(), w.len());
            for x in w.iter().take(20) {
                eprintln!("{x}");
            }
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
#[ignore = "probe of the repository's sample scenes; run with --ignored --nocapture"]
fn repository_sample_scenes_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["scenes/csg", "scenes/spheres", "scenes/studio"] {
        let d = root.join(dir);
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "pov") {
                match crate::sdl::parse_scene_file(&p, &ParseOptions::default()) {
                    Ok((s, w)) => eprintln!(
                        "{}: ok, {} objects, {} lights, {} warnings {:?}",
                        p.display(),
                        s.objects.len(),
                        s.lights.len(),
                        w.len(),
                        w.iter().map(|x| &x.message).collect::<Vec<_>>()
                    ),
                    Err(e) => eprintln!("{}: {e}", p.display()),
                }
            }
        }
    }
}
