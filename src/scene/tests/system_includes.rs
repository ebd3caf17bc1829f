//! Real-world check: POV-Ray's own include files (when installed) parse.

use std::path::Path;

use crate::scene::{parse_scene_str, ParseOptions};

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
