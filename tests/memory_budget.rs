//! Hostile and merely large scenes under `spotray render --max-memory`: each ends with a
//! non-zero exit and a message naming the budget (and the place in the scene), and the
//! process's peak resident memory stays within the budget. Scenes that share their data
//! (a mesh placed many times, an image on many objects) fit where copies would not.

mod common;

use std::time::Duration;

use common::{run_with_deadline, spotray, Run, Scratch};

const BUDGET: &str = "512M";
const BUDGET_BYTES: u64 = 512 << 20;
/// "A few percent" over the budget is what the allocator's rounding may add.
const RSS_TOLERANCE: f64 = 1.03;

fn render(name: &str, scene: &str, extra: &[&str]) -> Run {
    let scratch = Scratch::new("budget");
    let pov = scratch.path(&format!("{name}.pov"));
    std::fs::write(&pov, scene).unwrap();
    let out = scratch.path("out.png");
    run_with_deadline(
        spotray()
            .arg("render")
            .arg(&pov)
            .arg("-o")
            .arg(&out)
            .args(["--width", "64", "--height", "48", "--quiet", "--threads", "2"])
            .args(extra),
        Duration::from_secs(60),
    )
}

/// The render must fail over the budget, at `line` of the scene when given, without
/// the process growing past the budget.
fn assert_over_budget(name: &str, scene: &str, line: Option<u32>) {
    let run = render(name, scene, &["--max-memory", BUDGET]);
    let context = run.describe(name);
    assert!(!run.status.success(), "{context}");
    assert!(run.stderr.contains("budget of 512.0 MiB"), "{context}");
    assert!(!run.stderr.contains("panicked"), "{context}");
    if let Some(line) = line {
        assert!(run.stderr.contains(&format!("{name}.pov:{line}:")), "{context}");
    }
    assert_fits(&run, name);
}

fn assert_fits(run: &Run, name: &str) {
    let peak = run.peak_rss_bytes as f64;
    println!(
        "{name}: peak RSS {:.1} MiB, {:.1} s",
        peak / (1 << 20) as f64,
        run.elapsed.as_secs_f64()
    );
    assert!(
        peak <= BUDGET_BYTES as f64 * RSS_TOLERANCE,
        "{name}: peak RSS {:.1} MiB is over the budget of {BUDGET}\n{}",
        peak / (1 << 20) as f64,
        run.describe(name)
    );
}

#[test]
fn strings_piling_up_in_an_array_stop_at_the_budget() {
    let scene = r#"#declare K = "x";
#for (I, 1, 19) #declare K = concat(K, K); #end
#declare A = array[5000];
#for (I, 0, 4999) #declare A[I] = concat(K, str(I, 0, 0)); #end
sphere { 0, 1 }
"#;
    assert_over_budget("strings", scene, Some(4));
}

#[test]
fn deep_copies_of_a_big_array_stop_at_the_budget() {
    let scene = r#"#declare A = array[1000000];
#for (I, 0, 999999) #declare A[I] = I; #end
#declare B1 = A; #declare B2 = A; #declare B3 = A; #declare B4 = A; #declare B5 = A;
#declare B6 = A; #declare B7 = A; #declare B8 = A; #declare B9 = A; #declare B10 = A;
sphere { 0, 1 }
"#;
    assert_over_budget("copies", scene, None);
}

#[test]
fn an_array_that_doubles_itself_stops_at_the_budget() {
    let scene = r#"#declare N = 1;
#declare A = array[1] { 0 };
#while (1)
  #declare B = array[N * 2];
  #for (I, 0, N - 1) #declare B[I] = A[I]; #declare B[I + N] = A[I]; #end
  #declare A = B;
  #declare N = N * 2;
#end
"#;
    assert_over_budget("doubling", scene, None);
}

/// `count` spheres from a loop, each with its own colour and a shared finish.
fn sphere_flood(count: u32) -> String {
    format!(
        "#for (I, 0, {last})
  sphere {{ <mod(I, 1000), div(I, 1000), 0>, 0.4 pigment {{ rgb <I / {count}, 0.5, 0.5> }} finish {{ phong 0.5 }} }}
#end
",
        last = count - 1
    )
}

#[test]
fn a_flood_of_objects_stops_at_the_budget() {
    // As many objects as a scene may create, each with its own finish, normal and
    // transform: more than twice what fits.
    let scene = r#"#for (I, 0, 999999)
  sphere { <mod(I, 1000), div(I, 1000), 0>, 0.4 pigment { rgb <I / 1e6, 0.5, 0.5> }
    finish { phong I / 1e6 } normal { bumps 0.1 scale 0.1 } rotate I * x }
#end
"#;
    assert_over_budget("flood", scene, None);
}

#[test]
fn a_million_spheres_fit_in_400_mib() {
    let run = render("million", &sphere_flood(1_000_000), &["--max-memory", "400M"]);
    assert!(run.status.success(), "{}", run.describe("million"));
    let peak = run.peak_rss_bytes as f64 / (1 << 20) as f64;
    println!(
        "a million spheres: peak RSS {peak:.1} MiB, {:.1} s",
        run.elapsed.as_secs_f64()
    );
    assert!(
        peak <= 400.0 * RSS_TOLERANCE,
        "peak RSS {peak:.1} MiB\n{}",
        run.describe("million")
    );
}

#[test]
fn a_mesh_placed_many_times_costs_about_one_mesh() {
    let scene = r#"camera { location <0, 0, -300> look_at 0 }
light_source { <0, 200, -200>, 1 }
#declare M = mesh {
  #for (I, 0, 9999)
    triangle { <mod(I, 100), div(I, 100), 0>, <mod(I, 100) + 1, div(I, 100), 0>, <mod(I, 100), div(I, 100) + 1, 0> }
  #end
}
#for (K, 0, 9999)
  object { M translate <mod(K, 100) * 2 - 100, div(K, 100) * 2 - 100, K * 0.01> scale 0.01 pigment { rgb 1 } }
#end
"#;
    let run = render("meshes", scene, &["--max-memory", BUDGET]);
    assert!(run.status.success(), "{}", run.describe("meshes"));
    assert_fits(&run, "meshes");
    // A hundred million triangles' worth of copies would need gigabytes; one mesh and ten
    // thousand placements need a few tens of megabytes.
    assert!(run.peak_rss_bytes < 200 << 20, "{}", run.describe("meshes"));
}

#[test]
fn running_out_of_time_while_parsing_names_the_time_budget() {
    let scene = "#declare I = 0;\n#while (I < 9000000) #declare I = I + 1; #end\nsphere { 0, 1 }\n";
    let run = render("slow", scene, &["--max-render-seconds", "0.3"]);
    let context = run.describe("slow");
    assert!(!run.status.success(), "{context}");
    assert!(run.stderr.contains("time budget of 0.3 s"), "{context}");
    assert!(run.stderr.contains("slow.pov:2:"), "{context}");
    assert!(run.elapsed < Duration::from_secs(5), "{context}");
}

#[test]
fn a_bad_budget_is_refused_with_the_reason() {
    let run = render("any", "sphere { 0, 1 }\n", &["--max-memory", "lots"]);
    assert!(!run.status.success());
    assert!(
        run.stderr.contains("--max-memory"),
        "{}",
        run.describe("bad budget")
    );
}
