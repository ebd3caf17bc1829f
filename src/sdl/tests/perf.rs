//! Rough parse-speed checks (ignored by default; run with --ignored --nocapture).

use std::path::Path;
use std::time::Instant;

use crate::sdl::{parse_scene_str, ParseOptions};

#[test]
#[ignore = "timing only"]
fn many_objects_in_a_loop() {
    let text = r#"
#declare R = seed(1);
#declare Size = 0.1;
#for (I, 0, 99999)
  #local P = <rand(R), rand(R), rand(R)> * 10;
  sphere { P, Size pigment { rgb <rand(R), 0.5, 0.5> } finish { phong 0.5 } translate -5 }
#end
"#;
    let t = Instant::now();
    let (s, _) = parse_scene_str("p.pov", text, Path::new("."), &ParseOptions::default()).unwrap();
    eprintln!("{} objects in {:?}", s.objects.len(), t.elapsed());
    let t = Instant::now();
    let _ = parse_scene_str(
        "p.pov",
        "#while (1) #end",
        Path::new("."),
        &ParseOptions::default(),
    );
    eprintln!("runaway loop stopped in {:?}", t.elapsed());
}
