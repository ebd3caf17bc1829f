//! `#fopen`, `#write`, `#read`, `#fclose`: POV-Ray's formats, and the bounds a scene
//! from a stranger is held to (where it may write, how much, how many files).

use std::path::{Path, PathBuf};

use super::support::sphere_radii;
use crate::scene::Scene;
use crate::sdl::eval::fileio::format_g;
use crate::sdl::{parse_scene_file, ParseOptions, SceneError, SceneErrorKind};

fn folder(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("spotray-fileio-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(dir: &Path, text: &str, confined: bool) -> Result<Scene, SceneError> {
    std::fs::write(dir.join("scene.pov"), text).unwrap();
    let opts = ParseOptions {
        confine_to: confined.then(|| dir.to_path_buf()),
        ..ParseOptions::default()
    };
    parse_scene_file(&dir.join("scene.pov"), &opts).map(|(s, _)| s)
}

#[test]
fn floats_are_written_as_c_writes_percent_g() {
    let cases = [
        (5.0, "5"),
        (1.0 / 3.0, "0.333333"),
        (1e-7, "1e-07"),
        (123456789.0, "1.23457e+08"),
        (-0.5, "-0.5"),
        (0.0001, "0.0001"),
        (100000.0, "100000"),
        (999999.5, "1e+06"),
        (2.5e-5, "2.5e-05"),
    ];
    for (value, written) in cases {
        assert_eq!(format_g(value), written, "{value}");
    }
}

#[test]
fn written_data_matches_povray_and_reads_back() {
    let dir = folder("roundtrip");
    let scene = r#"#fopen F "data.txt" write
#write (F, "\"Testing 123\",", 5, ",", 1/3, ",", 1e-7, ",", 123456789, ",", <1,2.5,3>, ",", <1,2,3,4,5>, ",", -0.5, "\n")
#fclose F
#fopen F "data.txt" append
#write (F "7," "\"end\",")
#fclose F
#fopen G "data.txt" read
#read (G, S, A, B, C, D, V, W, E)
#declare N = 0;
#while (defined(G))
  #read (G, X)
  #declare N = N + 1;
#end
sphere { 0, strlen(S) }
sphere { 0, A + B + C + D }
sphere { 0, V.y + W.transmit + E }
sphere { 0, N }
sphere { 0, strlen(X) }
"#;
    let s = run(&dir, scene, true).unwrap_or_else(|e| panic!("{e}"));
    // The first line is byte for byte what POV-Ray 3.7 writes for the same #write.
    let text = std::fs::read_to_string(dir.join("data.txt")).unwrap();
    assert_eq!(
        text,
        "\"Testing 123\",5,0.333333,1e-07,1.23457e+08,<1,2.5,3> ,<1,2,3,4,5> ,-0.5\n7,\"end\","
    );
    let r = sphere_radii(&s);
    assert_eq!(r[0], 11.0);
    assert!(
        (r[1] - (5.0 + 0.333333 + 1e-7 + 1.23457e8)).abs() < 1e-3,
        "{}",
        r[1]
    );
    assert_eq!(r[2], 2.5 + 5.0 - 0.5);
    // Two more items, then the read that finds the end: three turns, as in POV-Ray.
    assert_eq!(r[3], 3.0);
    assert_eq!(r[4], 3.0, "X keeps the last item read");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_scene_writes_only_inside_its_own_folder() {
    let dir = folder("confine");
    let scene_dir = dir.join("job");
    std::fs::create_dir_all(&scene_dir).unwrap();
    std::os::unix::fs::symlink(&dir, scene_dir.join("out")).unwrap();
    std::os::unix::fs::symlink(dir.join("victim.txt"), scene_dir.join("link.txt")).unwrap();
    for (name, confined) in [
        ("../escape.txt", false),
        ("/tmp/spotray-fileio-absolute.txt", false),
        ("out/escape.txt", true),
        ("link.txt", true),
        ("", false),
    ] {
        let text = format!("#fopen F \"{name}\" write\n#write (F, \"x\")\n#fclose F\nsphere {{ 0, 1 }}\n");
        let e = run(&scene_dir, &text, confined).expect_err(name);
        assert!(e.to_string().contains("folder"), "{name}: {e}");
    }
    assert!(!dir.join("escape.txt").exists());
    assert!(!dir.join("victim.txt").exists());
    assert!(!Path::new("/tmp/spotray-fileio-absolute.txt").exists());
    // Reading is confined like includes: nothing outside the job's folder.
    std::fs::write(dir.join("secret.txt"), "1,").unwrap();
    let e = run(
        &scene_dir,
        "#fopen F \"../secret.txt\" read\nsphere { 0, 1 }\n",
        true,
    )
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::MissingFile, "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn writing_and_open_files_are_bounded() {
    let dir = folder("bounds");
    let flood = "#declare S = \"0123456789abcdef\";\n#for (I, 1, 16) #declare S = concat(S, S); #end\n\
                 #fopen F \"big.txt\" write\n#for (I, 1, 1000) #write (F, S) #end\nsphere { 0, 1 }\n";
    let e = run(&dir, flood, true).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    assert!(e.to_string().contains("MiB"), "{e}");
    assert!(std::fs::metadata(dir.join("big.txt")).unwrap().len() <= 16 << 20);
    let many = "#for (I, 1, 40)\n#fopen F concat(\"f\", str(I, 0, 0), \".txt\") write\n#declare Keep = array[1] { F }\n#end\nsphere { 0, 1 }\n";
    let e = run(&dir, many, true).unwrap_err();
    assert!(e.to_string().contains("data files open"), "{e}");
    // The refused one was not opened (a `write` would have created or emptied it).
    assert!(dir.join("f32.txt").exists() && !dir.join("f33.txt").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn misuse_of_files_gets_clear_errors() {
    let dir = folder("misuse");
    std::fs::write(dir.join("in.txt"), "1, <1, 2>, \"s\",").unwrap();
    let cases = [
        ("#fopen F \"in.txt\" read\n#write (F, 1)", "opened to read"),
        ("#fopen F \"w.txt\" write\n#read (F, X)", "opened to write"),
        (
            "#fopen F \"in.txt\" read\n#fclose F\n#read (F, X)",
            "not an open file",
        ),
        ("#declare F = 1;\n#read (F, X)", "not an open file"),
        ("#fopen F \"missing.txt\" read", "cannot find data file"),
        ("#fopen F \"in.txt\" modify", "`read`, `write` or `append`"),
    ];
    for (text, expected) in cases {
        let e = run(&dir, &format!("{text}\nsphere {{ 0, 1 }}\n"), true).expect_err(text);
        assert!(e.to_string().contains(expected), "{text}: {e}");
    }
    std::fs::write(dir.join("bad.txt"), "1, sphere").unwrap();
    let e = run(
        &dir,
        "#fopen F \"bad.txt\" read\n#read (F, A, B)\nsphere { 0, 1 }\n",
        true,
    )
    .unwrap_err();
    assert!(e.to_string().contains("bad.txt:1:4"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn binary_items_are_written_as_povray_writes_them() {
    let dir = folder("binary");
    let scene = "#fopen F \"b.bin\" write\n\
                 #write (F, uint8 200 300 -5 1.5, sint16be -2, uint16le 258, sint32le <1, -1>, \"x\", sint8 -200.6 2.49)\n\
                 #fclose F\n\
                 sphere { 0, 1 }";
    run(&dir, scene, true).unwrap_or_else(|e| panic!("{e}"));
    // POV-Ray 3.7.0 writes these bytes for the same directive (`300 -5` is one value,
    // 295, clamped to 255; values round half up and clamp to the type's range).
    let bytes = std::fs::read(dir.join("b.bin")).unwrap();
    assert_eq!(
        bytes,
        [0xc8, 0xff, 0x02, 0xff, 0xfe, 0x02, 0x01, 0x01, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x78, 0x80, 0x02]
    );
    let e = run(
        &dir,
        "#fopen F \"c.bin\" write\n#write (F, uint8 \"a\")\nsphere { 0, 1 }",
        true,
    )
    .unwrap_err();
    assert!(e.to_string().contains("not a string"), "{e}");
}
