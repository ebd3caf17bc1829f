//! Warps other than turbulence against POV-Ray 3.7.0's own values: black holes (with
//! repeat and uncertainty), repeat (offset, flip), the mapping warps planar,
//! cylindrical, spherical, toroidal and cubic, and a chain of warps and transforms.
//!
//! Each case was evaluated by POV-Ray through a pattern function,
//! `#declare F = function { pattern { PATTERN } }`, at the 20 points of [`POINTS`],
//! printed with `#debug concat(str(F(x, y, z), 0, 16), "\n")` by
//! `povray +Is.pov +W8 +H8 -D +GA -O/dev/null` (POV-Ray 3.7.0.10, Debian x86-64).
//! The tables keep POV-Ray's printed digits, some more than a double holds.
#![allow(clippy::excessive_precision)]

use glam::{DMat4, DVec3};

use super::{check_black_hole, CompiledPattern};
use crate::scene::pattern::{
    BlackHole, Mapping, MappingShape, Pattern, PatternKind, Repeat, Turbulence, Warp,
};

use super::tests::POINTS;

fn pat(kind: PatternKind) -> Pattern {
    Pattern::new(kind)
}

fn bozo() -> Pattern {
    pat(PatternKind::Bozo)
}

fn v(x: f64, y: f64, z: f64) -> DVec3 {
    DVec3::new(x, y, z)
}

/// `v` normalized as the parser normalizes an orientation.
fn unit(v: DVec3) -> DVec3 {
    v * (1.0 / v.length())
}

/// The warp added as the parser adds it: acting before everything so far.
fn w(mut p: Pattern, warp: Warp) -> Pattern {
    p.warps.insert(0, warp);
    p
}

/// A black hole after the parser's checks of its repeat.
fn checked(mut h: BlackHole) -> BlackHole {
    check_black_hole(&mut h);
    h
}

fn repeat(axis: usize, width: f64, offset: DVec3, flip: DVec3) -> Repeat {
    Repeat {
        axis,
        width,
        offset,
        flip,
    }
}

/// `bozo scale 2 warp { black_hole 0, 1.5 } rotate 30*y warp { turbulence 0.3 }
/// translate 1 warp { repeat x*3 }`.
fn chain() -> Pattern {
    let mut p = bozo();
    p.transform(DMat4::from_scale(DVec3::splat(2.0)));
    p = w(p, Warp::BlackHole(BlackHole::new(DVec3::ZERO, 1.5)));
    p.transform(DMat4::from_rotation_y(30f64.to_radians()));
    let turbulence = Turbulence {
        amount: DVec3::splat(0.3),
        ..Turbulence::default()
    };
    p = w(p, Warp::Turbulence(turbulence));
    p.transform(DMat4::from_translation(DVec3::ONE));
    w(p, Warp::Repeat(repeat(0, 3.0, DVec3::ZERO, DVec3::ONE)))
}

/// Compares a pattern with POV-Ray's values at `points`; returns the mismatches.
fn check(name: &str, pattern: Pattern, points: &[[f64; 3]; 20], povray: &[f64]) -> Vec<String> {
    let compiled = CompiledPattern::compile_in(&pattern, None, 2);
    points
        .iter()
        .zip(povray)
        .filter_map(|(p, &want)| {
            let got = compiled.value(DVec3::from_array(*p));
            // POV-Ray has no number where the cubic warp divides 0 by 0 at the origin
            // (it prints -nan; spotray's noise keeps NaN points finite): not compared.
            let same = want.is_nan() || (got - want).abs() <= 1e-9;
            (!same).then(|| format!("{name} at {p:?}: spotray {got}, POV-Ray {want}"))
        })
        .collect()
}

#[test]
fn black_hole_matches_povray() {
    // bozo warp { black_hole 0, 2 }
    let povray = [
        0.2983224393079099,
        0.42099017432903,
        0.6492681299351399,
        0.4125974442504315,
        0.4606082946115899,
        0.6682615432087703,
        0.4865246779596837,
        0.531799627449612,
        0.4251201212141882,
        0.4124380120845183,
        0.4828374338966028,
        0.6624989846715319,
        0.4834128416144224,
        0.5341601637791386,
        0.2982264142249742,
        0.5060176181491977,
        0.5558208910340741,
        0.3743469052875352,
        0.4611144482411624,
        0.379197987918533,
    ];
    let bad = check(
        "black_hole",
        w(bozo(), Warp::BlackHole(BlackHole::new(DVec3::ZERO, 2.0))),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn black_hole_gradient_matches_povray() {
    // gradient x warp { black_hole 0, 1 }
    let povray = [
        0.0,
        1.0,
        0.0,
        0.59124053813052,
        0.7,
        0.9999989999999999,
        0.99999999999,
        0.3,
        0.4000400000000006,
        0.25,
        0.1391668522645212,
        0.4492498156342022,
        0.2999999999999998,
        0.7699999999999996,
        0.9998000346380161,
        0.5,
        0.7,
        0.5000200000000001,
        0.5,
        0.33,
    ];
    let bad = check(
        "black_hole_gradient",
        w(
            pat(PatternKind::Gradient(DVec3::X)),
            Warp::BlackHole(BlackHole::new(DVec3::ZERO, 1.0)),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn black_hole_options_matches_povray() {
    // bozo warp { black_hole <0.5, 0.2, 0.1>, 3 strength 1.5 falloff 3 inverse }
    let povray = [
        0.3926844259342367,
        0.42099017432903,
        0.6492681299351399,
        0.3971440183697217,
        0.4604877429920206,
        0.6722558749628259,
        0.4865290081101142,
        0.4531507874021641,
        0.4251201212141882,
        0.4124380120845183,
        0.3990029312342472,
        0.5412939801751369,
        0.4834128416144224,
        0.5341601637791386,
        0.3926761713256179,
        0.5060176181491977,
        0.4309324510752581,
        0.3743469052875352,
        0.4845492328555699,
        0.379197987918533,
    ];
    let bad = check(
        "black_hole_options",
        w(
            bozo(),
            Warp::BlackHole(BlackHole {
                strength: 1.5,
                falloff: 3.0,
                inverse: true,
                ..BlackHole::new(v(0.5, 0.2, 0.1), 3.0)
            }),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn black_hole_strong_matches_povray() {
    // bozo warp { black_hole <-0.5, 1, 0>, 4 strength 3 falloff 0.7 }
    let povray = [
        0.5185352127512119,
        0.5997552914013957,
        0.6492681299351399,
        0.5870916035835142,
        0.6343874472039764,
        0.6554916053421503,
        0.7649243871631075,
        0.2286931323727181,
        0.4251201212141882,
        0.4124380120845183,
        0.3788625916446294,
        0.5464375001090246,
        0.4834128416144224,
        0.5341601637791386,
        0.5184976275970553,
        0.5060176181491977,
        0.4481034512730939,
        0.3743469052875352,
        0.701460185668905,
        0.379197987918533,
    ];
    let bad = check(
        "black_hole_strong",
        w(
            bozo(),
            Warp::BlackHole(BlackHole {
                strength: 3.0,
                falloff: 0.7,
                ..BlackHole::new(v(-0.5, 1.0, 0.0), 4.0)
            }),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn black_hole_repeat_matches_povray() {
    // bozo warp { black_hole <0.3, 0.3, 0.3>, 0.5 repeat <2, 2, 2> }
    let povray = [
        0.2983224393079099,
        0.42099017432903,
        0.6492681299351399,
        0.3966812128904165,
        0.4606082946115899,
        0.6682615432087703,
        0.4865246779596837,
        0.5120181814758731,
        0.4251201212141882,
        0.4124380120845183,
        0.4171920326566367,
        0.5927133215636801,
        0.4834128416144224,
        0.5341601637791386,
        0.2982743933682289,
        0.5060176181491977,
        0.5438212287887795,
        0.3743469052875352,
        0.4611144482411624,
        0.379197987918533,
    ];
    let bad = check(
        "black_hole_repeat",
        w(
            bozo(),
            Warp::BlackHole(checked(BlackHole {
                repeat: Some(v(2.0, 2.0, 2.0)),
                ..BlackHole::new(v(0.3, 0.3, 0.3), 0.5)
            })),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn black_hole_uncertain_matches_povray() {
    // bozo warp { black_hole <1, 1, 1>, 0.8 repeat <3, 0, 3> turbulence <0.5, 0, 0.5> }
    let povray = [
        0.2983224393079099,
        0.42099017432903,
        0.6492681299351399,
        0.3971875324649823,
        0.4606082946115899,
        0.6682615432087703,
        0.4865246779596837,
        0.5120181814758731,
        0.4251201212141882,
        0.4124380120845183,
        0.4171920326566367,
        0.5927133215636801,
        0.4834128416144224,
        0.5341601637791386,
        0.2982743933682289,
        0.5060176181491977,
        0.5390103389685746,
        0.3743469052875352,
        0.4611144482411624,
        0.379197987918533,
    ];
    let bad = check(
        "black_hole_uncertain",
        w(
            bozo(),
            Warp::BlackHole(checked(BlackHole {
                repeat: Some(v(3.0, 0.0, 3.0)),
                uncertainty: Some(v(0.5, 0.0, 0.5)),
                ..BlackHole::new(v(1.0, 1.0, 1.0), 0.8)
            })),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn black_hole_type1_matches_povray() {
    // bozo warp { black_hole 0, 5 type 1 }
    let povray = [
        0.2983224393079099,
        0.42099017432903,
        0.6492681299351399,
        0.3971875324649823,
        0.4606082946115899,
        0.6682615432087703,
        0.4865246779596837,
        0.5120181814758731,
        0.4251201212141882,
        0.4124380120845183,
        0.4171920326566367,
        0.5927133215636801,
        0.4834128416144224,
        0.5341601637791386,
        0.2982743933682289,
        0.5060176181491977,
        0.5390103389685746,
        0.3743469052875352,
        0.4611144482411624,
        0.379197987918533,
    ];
    let bad = check(
        "black_hole_type1",
        w(
            bozo(),
            Warp::BlackHole(BlackHole {
                kind: 1,
                ..BlackHole::new(DVec3::ZERO, 5.0)
            }),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn repeat_x_matches_povray() {
    // bozo warp { repeat x*2 }
    let povray = [
        0.2983224393079099,
        0.42099017432903,
        0.55994512550933,
        0.3971875324649823,
        0.4626202745591529,
        0.3680539904015277,
        0.5917202355948663,
        0.5120181814758731,
        0.5903825434085316,
        0.4613425065141332,
        0.4171920326566367,
        0.5258015617446649,
        0.5464152520817228,
        0.3523982054296106,
        0.3532249835723669,
        0.6158726903011541,
        0.5390103389685746,
        0.4336990365854942,
        0.4611144482411624,
        0.379197987918533,
    ];
    let bad = check(
        "repeat_x",
        w(bozo(), Warp::Repeat(repeat(0, 2.0, DVec3::ZERO, DVec3::ONE))),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn repeat_offset_flip_matches_povray() {
    // bozo warp { repeat y*1.5 offset <0.3, 0, 0.7> flip x }
    let povray = [
        0.2983224393079099,
        0.5817804900958112,
        0.8205202476402707,
        0.3971875324649823,
        0.6282685578224529,
        0.6682615432087703,
        0.4865246779596837,
        0.5516600359402649,
        0.6638216711078059,
        0.3233780808639627,
        0.4171920326566367,
        0.5136800148129549,
        0.4834128416144224,
        0.3924018296194532,
        0.5254293332164116,
        0.2915139283179664,
        0.5390103389685746,
        0.6751711418532929,
        0.4611144482411624,
        0.6717417879229773,
    ];
    let bad = check(
        "repeat_offset_flip",
        w(
            bozo(),
            Warp::Repeat(repeat(1, 1.5, v(0.3, 0.0, 0.7), v(-1.0, 1.0, 1.0))),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn repeat_negative_flip_matches_povray() {
    // bozo warp { repeat -z*2 flip <1, 1, 1> offset 0.1 }
    let povray = [
        0.2983224393079099,
        0.5373529990008098,
        0.6373564605187061,
        0.533527099484132,
        0.5539261128857157,
        0.7842545703528891,
        0.703766221526235,
        0.3971371754187237,
        0.4251201212141882,
        0.4356328812398793,
        0.3433962787065075,
        0.404255693735483,
        0.6375039792149376,
        0.4174412457012652,
        0.2982743933682289,
        0.5226323693100886,
        0.7291777228634468,
        0.4245549770702277,
        0.4611144482411624,
        0.6100730113636077,
    ];
    let bad = check(
        "repeat_negative_flip",
        w(
            bozo(),
            Warp::Repeat(repeat(2, -2.0, DVec3::splat(0.1), DVec3::splat(-1.0))),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn planar_default_matches_povray() {
    // bozo warp { planar }
    let povray = [
        0.2983224393079099,
        0.5449210025820199,
        0.5454591092002899,
        0.369045800566533,
        0.6398133692908476,
        0.6682615907891041,
        0.2028740327763077,
        0.5129725280169496,
        0.5620092543086816,
        0.5146331608980007,
        0.2751241295154692,
        0.5548879515082751,
        0.6541171954183417,
        0.4089278968020365,
        0.2983031884915527,
        0.4015314632032318,
        0.382670678427355,
        0.3578511881217699,
        0.47497253062094,
        0.357015969464595,
    ];
    let bad = check(
        "planar_default",
        w(
            bozo(),
            Warp::Mapping(Mapping::new(MappingShape::Planar { offset: 0.0 })),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn planar_y_matches_povray() {
    // bozo warp { planar <0, 1, 0>, 0.5 }
    let povray = [
        0.55372248702787,
        0.2010575249363949,
        0.7528266016644555,
        0.5744109325294909,
        0.5681963828617876,
        0.5850305448239993,
        0.5646972658023325,
        0.4992366501791706,
        0.4688616435812957,
        0.549244654893372,
        0.6201264334681749,
        0.5748694596123523,
        0.541423947244843,
        0.259898038548523,
        0.5536536669874207,
        0.252056852547934,
        0.3154065299631654,
        0.6098416342074053,
        0.5943737208890884,
        0.5429647451056862,
    ];
    let bad = check(
        "planar_y",
        w(
            bozo(),
            Warp::Mapping(Mapping {
                orientation: DVec3::Y,
                ..Mapping::new(MappingShape::Planar { offset: 0.5 })
            }),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn planar_oblique_matches_povray() {
    // bozo warp { planar <1, 2, 3>, -0.25 }
    let povray = [
        0.189488997534864,
        0.4193640640003337,
        0.5238510531958257,
        0.3375098863144294,
        0.4329357963988672,
        0.4341928561064838,
        0.2534510391469545,
        0.3785382100761021,
        0.5309862399640587,
        0.6285020398058293,
        0.2082089169270921,
        0.6142306382417635,
        0.4590274397219102,
        0.4470224369580499,
        0.1894905222124614,
        0.4839393346284319,
        0.3462531237937611,
        0.5991390279719724,
        0.5109698571020806,
        0.6157984951557682,
    ];
    let bad = check(
        "planar_oblique",
        w(
            bozo(),
            Warp::Mapping(Mapping {
                orientation: unit(v(1.0, 2.0, 3.0)),
                ..Mapping::new(MappingShape::Planar { offset: -0.25 })
            }),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn cylindrical_matches_povray() {
    // bozo warp { cylindrical }
    let povray = [
        0.2983224393079099,
        0.6698062658499038,
        0.3873160613578826,
        0.4928662888823612,
        0.4795870135562014,
        0.4317464971787264,
        0.487965965813947,
        0.5262055922991433,
        0.7685573108967086,
        0.5120447101827716,
        0.4394706388740441,
        0.3678797172949152,
        0.6938273579359255,
        0.3814450057876851,
        0.3890144607736657,
        0.7447433478815044,
        0.6827188234702023,
        0.4591965587762293,
        0.4399635184924811,
        0.3600014793428084,
    ];
    let bad = check(
        "cylindrical",
        w(bozo(), Warp::Mapping(Mapping::new(MappingShape::Cylindrical))),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn cylindrical_y_exp1_matches_povray() {
    // bozo warp { cylindrical orientation y dist_exp 1 }
    let povray = [
        0.2983224393079099,
        0.4611679620032691,
        0.5019154994056837,
        0.5990747476969781,
        0.4860849123158251,
        0.7174304484524175,
        0.6398501906427729,
        0.3970907633132469,
        0.5874637665694751,
        0.566715751250935,
        0.552601105496935,
        0.5256132985557437,
        0.4816578096425273,
        0.4998535800220042,
        0.2983711967788219,
        0.7276520397180274,
        0.5046635899448489,
        0.4544329474117545,
        0.5557930577746562,
        0.4581059268682067,
    ];
    let bad = check(
        "cylindrical_y_exp1",
        w(
            bozo(),
            Warp::Mapping(Mapping {
                orientation: DVec3::Y,
                dist_exp: 1.0,
                ..Mapping::new(MappingShape::Cylindrical)
            }),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn spherical_oblique_matches_povray() {
    // bozo warp { spherical orientation <1, 1, 0> dist_exp 0.5 }
    let povray = [
        0.2983224393079099,
        0.3853165215416343,
        0.5464837508089736,
        0.463286207412711,
        0.6803509073624036,
        0.5609829118170486,
        0.5894403735666348,
        0.4190217736851053,
        0.6130750228946692,
        0.5093902588329989,
        0.4485721081504299,
        0.4452169823152202,
        0.3709985900997747,
        0.311546198726139,
        0.2994357843547497,
        0.3893281750285514,
        0.3390242146357023,
        0.4700171054089898,
        0.6689064810508054,
        0.4586771685186525,
    ];
    let bad = check(
        "spherical_oblique",
        w(
            bozo(),
            Warp::Mapping(Mapping {
                orientation: unit(v(1.0, 1.0, 0.0)),
                dist_exp: 0.5,
                ..Mapping::new(MappingShape::Spherical)
            }),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn spherical_matches_povray() {
    // bozo warp { spherical }
    let povray = [
        0.2983224393079099,
        0.4189045174139874,
        0.5453084619579747,
        0.4966663896970444,
        0.51644423716698,
        0.4865250719560715,
        0.4755511775435117,
        0.5285116740721694,
        0.4945451196940988,
        0.7217085618637681,
        0.4519223030853773,
        0.4657112767324843,
        0.637776354835987,
        0.6042181157114734,
        0.3761201969069192,
        0.4556189247999408,
        0.7250138504167954,
        0.4948275783440313,
        0.501888527036749,
        0.462480281946663,
    ];
    let bad = check(
        "spherical",
        w(bozo(), Warp::Mapping(Mapping::new(MappingShape::Spherical))),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn toroidal_matches_povray() {
    // bozo warp { toroidal major_radius 2 }
    let povray = [
        0.2983224393079099,
        0.3585570223175963,
        0.5606868520114863,
        0.7206174894944886,
        0.5197536036572784,
        0.60855682392696,
        0.6419712198331284,
        0.4753717179371699,
        0.4638471511239358,
        0.4414444621830999,
        0.544172845222982,
        0.3301454344902666,
        0.6626622057835516,
        0.3881270723133085,
        0.4535915713362497,
        0.5055540509508174,
        0.7751562415027939,
        0.5293115211640357,
        0.4198452986171597,
        0.4324298810909628,
    ];
    let bad = check(
        "toroidal",
        w(
            bozo(),
            Warp::Mapping(Mapping::new(MappingShape::Toroidal { major_radius: 2.0 })),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn toroidal_x_matches_povray() {
    // bozo warp { toroidal orientation x dist_exp 2 major_radius 0.5 }
    let povray = [
        0.2983224393079099,
        0.7830696716253538,
        0.4395862383761678,
        0.3717544647192675,
        0.5885717097196405,
        0.7823015183885262,
        0.4873587555357405,
        0.4313050832923276,
        0.7473093043008371,
        0.3997696015556368,
        0.368033127472511,
        0.3466577304042758,
        0.5546345597287343,
        0.6123242892822726,
        0.3464891185238105,
        0.6640968043938477,
        0.3785716574797006,
        0.4934886110641562,
        0.5784829873880609,
        0.4150914352639457,
    ];
    let bad = check(
        "toroidal_x",
        w(
            bozo(),
            Warp::Mapping(Mapping {
                orientation: DVec3::X,
                dist_exp: 2.0,
                ..Mapping::new(MappingShape::Toroidal { major_radius: 0.5 })
            }),
        ),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn cubic_matches_povray() {
    // bozo warp { cubic }
    let povray = [
        f64::NAN,
        0.4804745639937537,
        0.6767150899747472,
        0.4851915662806845,
        0.5621103743716143,
        0.5388245485177925,
        0.4916270442442438,
        0.4585556498499903,
        0.410042995916326,
        0.5120487837514437,
        0.4423656297957904,
        0.5081803419738313,
        0.6581357290801221,
        0.5731783376358307,
        0.1990437201519723,
        0.5600919001127506,
        0.5547167006043722,
        0.5040709263976829,
        0.4771791911175663,
        0.5087484208468839,
    ];
    let bad = check(
        "cubic",
        w(bozo(), Warp::Mapping(Mapping::new(MappingShape::Cubic))),
        &POINTS,
        &povray,
    );
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn chain_matches_povray() {
    // bozo scale 2 warp { black_hole 0, 1.5 } rotate 30*y warp { turbulence 0.3 } translate 1 warp { repeat x*3 }
    let povray = [
        0.4109071840530782,
        0.5919461938881307,
        0.5950912420059123,
        0.373665804926173,
        0.3364612095631229,
        0.4715067238552187,
        0.3743508717138638,
        0.550462720346405,
        0.5357100244160919,
        0.5556505476322432,
        0.3918790560996001,
        0.5229104629670431,
        0.3050692769103938,
        0.5293826557578475,
        0.4714852989888195,
        0.4048126333608534,
        0.2857736717115256,
        0.5479607850486047,
        0.672004801294187,
        0.5912074535837515,
    ];
    let bad = check("chain", chain(), &POINTS, &povray);
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn hostile_warps_and_fractals_do_not_panic() {
    let nan3 = DVec3::splat(f64::NAN);
    let warps = [
        Warp::BlackHole(BlackHole {
            repeat: Some(DVec3::new(1e-300, f64::INFINITY, -1.0)),
            uncertainty: Some(nan3),
            falloff: f64::NAN,
            ..BlackHole::new(DVec3::splat(1e300), f64::INFINITY)
        }),
        Warp::BlackHole(BlackHole::new(DVec3::ZERO, 0.0)),
        Warp::Repeat(repeat(2, 1e-320, nan3, DVec3::splat(-1.0))),
        Warp::Repeat(repeat(0, f64::MAX, DVec3::splat(1e300), DVec3::ONE)),
        Warp::Mapping(Mapping {
            orientation: nan3,
            dist_exp: f64::INFINITY,
            ..Mapping::new(MappingShape::Toroidal {
                major_radius: f64::NAN,
            })
        }),
        Warp::Mapping(Mapping::new(MappingShape::Spherical)),
        Warp::Mapping(Mapping::new(MappingShape::Cylindrical)),
        Warp::Mapping(Mapping::new(MappingShape::Cubic)),
    ];
    let fractal = |kind| crate::scene::pattern::Fractal {
        exponent: 33,
        exterior: (6, f64::NAN),
        interior: (6, -1e300),
        ..crate::scene::pattern::Fractal::new(kind, 50)
    };
    use crate::scene::pattern::FractalKind;
    let c = glam::DVec2::new(f64::NAN, 1e300);
    let kinds = [
        PatternKind::Fractal(fractal(FractalKind::Mandel)),
        PatternKind::Fractal(fractal(FractalKind::Julia(c))),
        PatternKind::Fractal(fractal(FractalKind::MagnetMandel { second: true })),
        PatternKind::Fractal(fractal(FractalKind::MagnetJulia { second: false, c })),
        PatternKind::Ripples,
        PatternKind::Waves,
    ];
    let points = [
        nan3,
        DVec3::new(f64::INFINITY, f64::NEG_INFINITY, 0.0),
        DVec3::new(1e300, -1e300, 1e300),
        DVec3::ZERO,
        DVec3::new(1.0, 0.0, 0.0),
    ];
    for kind in kinds {
        for warp in &warps {
            let compiled = CompiledPattern::compile_in(&w(pat(kind.clone()), warp.clone()), None, 2);
            for q in points {
                let _ = compiled.value(q);
            }
        }
    }
}
