//! Fractal patterns and `ripples` / `waves` against POV-Ray 3.7.0's own values.
//!
//! Each case was evaluated by POV-Ray through a pattern function,
//! `#declare F = function { pattern { PATTERN } }`, at the 20 points of
//! [`FRACTAL_POINTS`] (fractals: points near the sets, where the iterations differ)
//! or of [`POINTS`] (ripples and waves), printed with
//! `#debug concat(str(F(x, y, z), 0, 16), "\n")` by
//! `povray +Is.pov +W8 +H8 -D +GA -O/dev/null` (POV-Ray 3.7.0.10, Debian x86-64).

use glam::{DVec2, DVec3};

use super::CompiledPattern;
use crate::scene::pattern::{Fractal, FractalKind, Pattern, PatternKind};

const FRACTAL_POINTS: [[f64; 3]; 20] = [
    [0.0, 0.0, 0.0],
    [0.3, 0.2, 1.0],
    [-0.75, 0.1, -2.0],
    [-1.2, 0.25, 0.5],
    [0.27, 0.53, 0.0],
    [-0.1, 0.65, 3.0],
    [0.36, -0.09, 0.0],
    [-0.5, -0.5, 0.0],
    [1.1, 0.9, 0.0],
    [0.45, 0.35, -1.0],
    [-1.75, 0.02, 0.0],
    [-0.123, 0.745, 0.0],
    [0.7, -0.3, 0.2],
    [-0.35, 0.62, 0.0],
    [1.5, -0.2, 0.0],
    [0.01, -0.8, 0.0],
    [-0.9, -0.27, 0.0],
    [2.5, 2.5, 0.0],
    [0.2, 0.2, 0.2],
    [-0.6, 0.42, 7.0],
];

use super::tests::POINTS;

fn mandel(iterations: u32) -> Fractal {
    Fractal::new(FractalKind::Mandel, iterations)
}

fn julia(re: f64, im: f64, iterations: u32) -> Fractal {
    Fractal::new(FractalKind::Julia(DVec2::new(re, im)), iterations)
}

fn magnet_mandel(second: bool, iterations: u32) -> Fractal {
    Fractal::new(FractalKind::MagnetMandel { second }, iterations)
}

fn magnet_julia(second: bool, re: f64, im: f64, iterations: u32) -> Fractal {
    let c = DVec2::new(re, im);
    Fractal::new(FractalKind::MagnetJulia { second, c }, iterations)
}

fn exp(mut f: Fractal, exponent: u32) -> Fractal {
    f.exponent = exponent;
    f
}

fn ext(mut f: Fractal, kind: u8, factor: f64) -> Fractal {
    f.exterior = (kind, factor);
    f
}

fn int(mut f: Fractal, kind: u8, factor: f64) -> Fractal {
    f.interior = (kind, factor);
    f
}

fn pat(kind: PatternKind) -> Pattern {
    Pattern::new(kind)
}

fn shape(mut p: Pattern, frequency: f64, phase: f64) -> Pattern {
    p.frequency = frequency;
    p.phase = phase;
    p
}

fn f(fractal: Fractal) -> Pattern {
    Pattern::new(PatternKind::Fractal(fractal))
}

/// Compares a pattern with POV-Ray's values at `points`; returns the mismatches.
fn check(name: &str, pattern: Pattern, points: &[[f64; 3]; 20], povray: &[f64]) -> Vec<String> {
    let compiled = CompiledPattern::compile_in(&pattern, None, 2);
    points
        .iter()
        .zip(povray)
        .filter_map(|(p, &want)| {
            let got = compiled.value(DVec3::from_array(*p));
            ((got - want).abs() > 1e-9).then(|| format!("{name} at {p:?}: spotray {got}, POV-Ray {want}"))
        })
        .collect()
}

#[test]
fn mandel_matches_povray() {
    // mandel 25
    let povray = [
        1.0, 1.0, 1.0, 0.52, 1.0, 1.0, 1.0, 1.0, 0.0, 0.64, 0.44, 1.0, 0.04, 1.0, 0.0, 0.48, 1.0, 0.0, 1.0,
        1.0,
    ];
    let bad = check("mandel", f(mandel(25)), &FRACTAL_POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_exp3_matches_povray() {
    // mandel 50 exponent 3
    let povray = [
        1.0, 1.0, 0.02, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.04, 1.0, 0.0, 1.0, 0.02, 0.0, 1.0, 0.1,
    ];
    let bad = check("mandel_exp3", f(exp(mandel(50), 3)), &FRACTAL_POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_exp4_matches_povray() {
    // mandel 30 exponent 4
    let povray = [
        1.0,
        1.0,
        1.0,
        0.0333333333333333,
        1.0,
        1.0,
        1.0,
        0.3,
        0.0,
        1.0,
        0.0,
        0.1333333333333333,
        1.0,
        0.0666666666666667,
        0.0,
        1.0,
        0.0666666666666667,
        0.0,
        1.0,
        1.0,
    ];
    let bad = check("mandel_exp4", f(exp(mandel(30), 4)), &FRACTAL_POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_exp5_matches_povray() {
    // mandel 20 exponent 5
    let povray = [
        1.0, 1.0, 0.1, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.1, 0.85, 1.0, 0.0, 0.05, 0.05, 0.0, 1.0, 1.0,
    ];
    let bad = check("mandel_exp5", f(exp(mandel(20), 5)), &FRACTAL_POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_exp8_matches_povray() {
    // mandel 15 exponent 8
    let povray = [
        1.0,
        1.0,
        1.0,
        0.0,
        1.0,
        1.0,
        1.0,
        1.0,
        0.0,
        1.0,
        0.0,
        1.0,
        1.0,
        1.0,
        0.0,
        1.0,
        0.0666666666666667,
        0.0,
        1.0,
        1.0,
    ];
    let bad = check("mandel_exp8", f(exp(mandel(15), 8)), &FRACTAL_POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_exp17_matches_povray() {
    // mandel 12 exponent 17
    let povray = [
        1.0,
        1.0,
        1.0,
        0.0,
        1.0,
        1.0,
        1.0,
        1.0,
        0.0,
        1.0,
        0.0,
        1.0,
        1.0,
        1.0,
        0.0,
        1.0,
        0.1666666666666667,
        0.0,
        1.0,
        1.0,
    ];
    let bad = check("mandel_exp17", f(exp(mandel(12), 17)), &FRACTAL_POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_exp33_matches_povray() {
    // mandel 9 exponent 33
    let povray = [
        1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0,
    ];
    let bad = check("mandel_exp33", f(exp(mandel(9), 33)), &FRACTAL_POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn julia_matches_povray() {
    // julia <0.353, 0.288>, 40
    let povray = [
        1.0, 1.0, 0.05, 0.025, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.075, 1.0, 0.0, 1.0, 0.025, 0.0, 1.0,
        0.15,
    ];
    let bad = check("julia", f(julia(0.353, 0.288, 40)), &FRACTAL_POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn julia_exp3_matches_povray() {
    // julia <-0.8, 0.156>, 30 exponent 3
    let povray = [
        0.0666666666666667,
        0.0666666666666667,
        0.0333333333333333,
        0.0,
        0.0666666666666667,
        0.0666666666666667,
        0.0666666666666667,
        0.1,
        0.0,
        0.0666666666666667,
        0.0,
        0.1,
        0.1,
        0.1,
        0.0,
        0.1,
        0.0333333333333333,
        0.0,
        0.0666666666666667,
        0.1666666666666667,
    ];
    let bad = check(
        "julia_exp3",
        f(exp(julia(-0.8, 0.156, 30), 3)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn julia_exp4_matches_povray() {
    // julia <0.4, 0.1>, 20 exponent 4
    let povray = [
        1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.3, 0.0, 1.0, 1.0,
    ];
    let bad = check(
        "julia_exp4",
        f(exp(julia(0.4, 0.1, 20), 4)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn julia_exp6_matches_povray() {
    // julia <0.3, 0.5> 20 exponent 6
    let povray = [
        1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.05, 0.0, 1.0, 1.0,
    ];
    let bad = check(
        "julia_exp6",
        f(exp(julia(0.3, 0.5, 20), 6)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn magnet1_mandel_matches_povray() {
    // magnet 1 mandel 30
    let povray = [
        1.0,
        1.0,
        0.1333333333333333,
        0.1,
        1.0,
        1.0,
        1.0,
        0.2,
        1.0,
        1.0,
        0.1,
        1.0,
        1.0,
        0.2333333333333333,
        1.0,
        1.0,
        0.1333333333333333,
        0.1,
        1.0,
        0.1666666666666667,
    ];
    let bad = check(
        "magnet1_mandel",
        f(magnet_mandel(false, 30)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn magnet2_mandel_matches_povray() {
    // magnet 2 mandel 30
    let povray = [
        0.3333333333333333,
        1.0,
        0.0666666666666667,
        0.0666666666666667,
        1.0,
        1.0,
        1.0,
        0.0666666666666667,
        1.0,
        1.0,
        0.0333333333333333,
        0.3333333333333333,
        1.0,
        0.1,
        0.7,
        1.0,
        0.0666666666666667,
        0.0333333333333333,
        1.0,
        0.0666666666666667,
    ];
    let bad = check(
        "magnet2_mandel",
        f(magnet_mandel(true, 30)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn magnet1_julia_matches_povray() {
    // magnet 1 julia <1.2, 0.3>, 30
    let povray = [
        1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.1, 1.0, 0.4, 1.0, 1.0, 1.0, 0.2, 1.0, 0.1, 1.0, 1.0, 1.0, 1.0, 1.0,
    ];
    let bad = check(
        "magnet1_julia",
        f(magnet_julia(false, 1.2, 0.3, 30)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn magnet2_julia_matches_povray() {
    // magnet 2 julia <0.5, 0.4>, 30
    let povray = [
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        0.0666666666666667,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        0.0666666666666667,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
    ];
    let bad = check(
        "magnet2_julia",
        f(magnet_julia(true, 0.5, 0.4, 30)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_ext0_int1_matches_povray() {
    // mandel 25 exterior 0, 0.3 interior 1, 0.7
    let povray = [
        0.0,
        0.2369742739536852,
        0.1426115791231554,
        0.3,
        0.0301483134106644,
        0.1113367894066943,
        0.1765013506497345,
        0.1261670374459614,
        0.3,
        0.3,
        0.3,
        0.0006495489393923,
        0.3,
        0.0461409338708832,
        0.3,
        0.3,
        0.1048578426740912,
        0.3,
        0.1979898987322333,
        0.0768007308345368,
    ];
    let bad = check(
        "mandel_ext0_int1",
        f(int(ext(mandel(25), 0, 0.3), 1, 0.7)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_ext2_int2_matches_povray() {
    // mandel 25 exterior 2, 0.5 interior 2, 1.5
    let povray = [
        0.0,
        0.332802097708456,
        0.0001756893467488,
        0.625655498758902,
        0.0891895742429625,
        0.4036317687252231,
        0.1408655761689515,
        0.1276990305765247,
        0.7500000000000001,
        0.3182673905771372,
        0.0299644000144705,
        0.0056546949660736,
        0.6957999999999999,
        0.0770907419628106,
        0.8549899999999999,
        0.6290052905681184,
        0.3006137044220855,
        0.2499899999999999,
        0.2131813690225295,
        0.7544586940584981,
    ];
    let bad = check(
        "mandel_ext2_int2",
        f(int(ext(mandel(25), 2, 0.5), 2, 1.5)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn julia_ext3_int3_matches_povray() {
    // julia <0.353, 0.288>, 40 exterior 3, -0.25 interior 3, 2
    let povray = [
        0.0970781137118326,
        0.0965123204276659,
        0.61765190808625,
        0.197958,
        0.8149662165857214,
        0.9202697118197791,
        0.9350004490620629,
        0.6254000249498727,
        0.4329999999999999,
        0.9652084540434678,
        0.9455,
        0.9372296701934997,
        0.667626341644509,
        0.9199451639420666,
        0.078,
        0.8027634425695589,
        0.5061313,
        0.8030300000000001,
        0.0642556649448194,
        0.7412958870754589,
    ];
    let bad = check(
        "julia_ext3_int3",
        f(int(ext(julia(0.353, 0.288, 40), 3, -0.25), 3, 2.0)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_ext4_int4_matches_povray() {
    // mandel 25 exterior 4, 0.1 interior 4, 3
    let povray = [
        0.0,
        0.1476763149855316,
        0.3328548695643316,
        0.755540118032667,
        0.0106063735381879,
        0.4742067563650745,
        0.0264574807325476,
        0.0145353083428466,
        0.2250000000000001,
        0.6951421114027464,
        0.3763876260957145,
        0.3182867808573491,
        0.1936550559999999,
        0.1356719980943404,
        0.3763999999999998,
        0.0550548297705785,
        0.1204914657151587,
        0.625,
        0.0605950614644266,
        0.0803873772312777,
    ];
    let bad = check(
        "mandel_ext4_int4",
        f(int(ext(mandel(25), 4, 0.1), 4, 3.0)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn magnet1_ext5_int5_matches_povray() {
    // magnet 1 mandel 30 exterior 5, 0.2 interior 5, 0.5
    let povray = [
        0.0,
        0.0160225707502066,
        0.0000023479630634,
        0.000005768024669,
        0.0794828984680036,
        0.2524420239255407,
        0.0027160934552305,
        0.0000025150517463,
        0.009625292367425,
        0.023748523966306,
        0.0000000004483951,
        0.9137200513838001,
        0.0065448946284463,
        0.2256381991730181,
        0.0030016571673182,
        0.1718005766099084,
        0.0000000689706152,
        0.0000087014919238,
        0.0253548994106511,
        0.0000009205525538,
    ];
    let bad = check(
        "magnet1_ext5_int5",
        f(int(ext(magnet_mandel(false, 30), 5, 0.2), 5, 0.5)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_ext6_int6_matches_povray() {
    // mandel 25 exterior 6, 0.3 interior 6, 0.5
    let povray = [
        0.0,
        0.1124911837475469,
        0.5116900844307283,
        0.8349961741834641,
        0.3374329642884148,
        0.314031319309469,
        0.0843860721833911,
        0.4022078228535244,
        0.9741642571969062,
        0.8094666472615303,
        0.6074359744045038,
        0.5972030995898562,
        0.7026667705249764,
        0.394808695536417,
        0.1385720128563421,
        0.3305279480720098,
        0.1211608234558839,
        0.5620318977236645,
        0.059237404254941,
        0.0940078300445207,
    ];
    let bad = check(
        "mandel_ext6_int6",
        f(int(ext(mandel(25), 6, 0.3), 6, 0.5)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn julia_exp5_ext6_int1_matches_povray() {
    // julia <-0.4, 0.6>, 25 exponent 5 exterior 6, 0.2 interior 1, 1
    let povray = [
        0.0,
        0.360555127546399,
        0.3058537784624683,
        0.6975448491489438,
        0.5948108943185221,
        0.4662659523807842,
        0.3710795063055894,
        0.5061448814595676,
        0.2104709226617338,
        0.5166352087808542,
        0.3723511074262422,
        0.3932489132574324,
        0.5394300146914899,
        0.5545806299053181,
        0.4509532002900694,
        0.4674158390753316,
        0.4995707834281591,
        0.4561408219578889,
        0.2828427124746191,
        0.4156190302602834,
    ];
    let bad = check(
        "julia_exp5_ext6_int1",
        f(int(ext(exp(julia(-0.4, 0.6, 25), 5), 6, 0.2), 1, 1.0)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn mandel_exp12_ext2_int4_matches_povray() {
    // mandel 30 exponent 12 exterior 2, 1 interior 4, 1
    let povray = [
        0.0,
        0.0900020736642967,
        0.5468408081451126,
        0.8313624376286208,
        0.0738028749488469,
        0.010415140846118,
        0.129595192201075,
        0.2679319698004821,
        0.2310496223361151,
        0.2023929242620683,
        0.1419319950343052,
        0.0307803332824681,
        0.4807293746787346,
        0.1131019686908227,
        0.6415425133209598,
        0.0019952968740678,
        0.5215542135346869,
        0.3809350002499059,
        0.0399998951432934,
        0.3474918643641786,
    ];
    let bad = check(
        "mandel_exp12_ext2_int4",
        f(int(ext(exp(mandel(30), 12), 2, 1.0), 4, 1.0)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn julia_exp33_ext6_int6_matches_povray() {
    // julia <0.1, 0.2>, 10 exponent 33 exterior 6, 0.01 interior 6, 1
    let povray = [
        0.05,
        0.05,
        0.05,
        0.2687223751215928,
        0.05,
        0.05,
        0.05,
        0.05,
        0.1755767313676255,
        0.05,
        0.8076919963914717,
        0.05,
        0.05,
        0.05,
        0.2814328761099785,
        0.05,
        0.05,
        0.8425785460804502,
        0.05,
        0.05,
    ];
    let bad = check(
        "julia_exp33_ext6_int6",
        f(int(ext(exp(julia(0.1, 0.2, 10), 33), 6, 0.01), 6, 1.0)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn magnet2_julia_ext2_int1_matches_povray() {
    // magnet 2 julia <1.5, -0.2> 50 exterior 2, 0.001 interior 1, 0.5
    let povray = [
        0.001000009972845,
        0.1432363636123291,
        0.0009999990783577,
        0.0009983135702278,
        0.0400878567975437,
        0.0009946373774484,
        0.0010014141277272,
        0.0010054527094321,
        0.0009996877225501,
        0.0010000056547159,
        0.0010001174561216,
        0.0009993815548375,
        0.0010005001802672,
        0.0009982994752507,
        0.0009999694566866,
        0.0009961094650695,
        0.0010002428294731,
        0.0010026391796087,
        0.0010002083295338,
        0.0010025937994541,
    ];
    let bad = check(
        "magnet2_julia_ext2_int1",
        f(int(ext(magnet_julia(true, 1.5, -0.2, 50), 2, 0.001), 1, 0.5)),
        &FRACTAL_POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn ripples_matches_povray() {
    // ripples
    let povray = [
        0.4999999999999999,
        0.2799481615988312,
        0.3360227712216248,
        0.6183319250241806,
        0.5733205546421312,
        0.2821636324658419,
        0.284491918378879,
        0.6186866205265351,
        0.3034973543683994,
        0.4099494398456329,
        0.7028999463972461,
        0.6039649687722086,
        0.6664516151540691,
        0.4836464126327138,
        0.4998116353481896,
        0.4544621997309789,
        0.7657459104056836,
        0.6314339617549228,
        0.56006350527381,
        0.6007585958462928,
    ];
    let bad = check("ripples", pat(PatternKind::Ripples), &POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn waves_matches_povray() {
    // waves
    let povray = [
        0.6417783122927464,
        0.4721069046085039,
        0.3958461785323752,
        0.7183062621090277,
        0.6395738146955157,
        0.4682197643733091,
        0.2973218380504305,
        0.6995819140013086,
        0.4387650410104407,
        0.6291086820123941,
        0.7628670272740209,
        0.688066477099803,
        0.5883264374188387,
        0.444726780276838,
        0.6417463629019622,
        0.1913422165197853,
        0.579320032886918,
        0.437861089081508,
        0.686412313750528,
        0.3068896919368597,
    ];
    let bad = check("waves", pat(PatternKind::Waves), &POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn ripples_freq_phase_matches_povray() {
    // ripples frequency 2.5 phase 0.3
    let povray = [
        0.3611793954842493,
        0.5338600383994525,
        0.7214479734482506,
        0.4514360188177882,
        0.3173529901010432,
        0.4539462403310082,
        0.6860187071092652,
        0.8672527821975877,
        0.9411764723611402,
        0.0071711968011408,
        0.0810520929245273,
        0.6463407203313105,
        0.4805481897976813,
        0.3742117932615656,
        0.3608182248192267,
        0.4321482860214381,
        0.3673176356226857,
        0.7582045302075229,
        0.6537160562164352,
        0.8355159120375468,
    ];
    let bad = check(
        "ripples_freq_phase",
        shape(pat(PatternKind::Ripples), 2.5, 0.3),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn waves_freq_phase_matches_povray() {
    // waves frequency -1.7 phase 0.45
    let povray = [
        0.4983315981629148,
        0.4798481255686231,
        0.2661951584575144,
        0.4623851349869783,
        0.7285466555787554,
        0.7542522972102522,
        0.7590919266848447,
        0.876573623998093,
        0.6699444941396118,
        0.4134074796459972,
        0.6193227285961258,
        0.9396755387521111,
        0.5657550370596585,
        0.3574980977420268,
        0.4982100735735342,
        0.566896096212878,
        0.6147052075733568,
        0.6613013623556518,
        0.6847977201819093,
        0.5571073266231437,
    ];
    let bad = check(
        "waves_freq_phase",
        shape(pat(PatternKind::Waves), -1.7, 0.45),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Where POV-Ray's parser evaluates a pattern function, `global_settings {
/// number_of_waves 3 }` before it does not change the sources: ripples at
/// (0.3, 0.2, 0.1) gave 0.7292521269741307 with and without it.
#[test]
fn ripples_at_parse_time_use_ten_sources() {
    let compiled = CompiledPattern::compile_in(&pat(PatternKind::Ripples), None, 2);
    let got = compiled.value(DVec3::new(0.3, 0.2, 0.1));
    assert!((got - 0.7292521269741307).abs() < 1e-9, "{got}");
}
