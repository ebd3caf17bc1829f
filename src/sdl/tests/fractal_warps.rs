//! The fractal patterns, `ripples`, `waves` and the warps as scenes write them:
//! values read back through `#debug` against POV-Ray 3.7.0's (the same scenes run with
//! `povray +Iscene.pov +W8 +H8 -D +GA -O/dev/null` printed the lines recorded here),
//! and the errors and warnings for values POV-Ray refuses or corrects.

use crate::sdl::tests::support::{error, parse};

/// The `#debug` lines a scene prints.
fn debug_lines(text: &str) -> Vec<String> {
    let (_, warnings) = parse(text).unwrap_or_else(|e| panic!("parse failed:\n{e}"));
    warnings
        .iter()
        .filter_map(|w| w.message.strip_prefix("#debug: ").map(str::to_string))
        .collect()
}

/// The warnings of a scene that parses.
fn warnings(text: &str) -> Vec<String> {
    let (_, warnings) = parse(text).unwrap_or_else(|e| panic!("parse failed:\n{e}"));
    warnings.into_iter().map(|w| w.message).collect()
}

#[test]
fn fractal_ripples_and_waves_patterns_match_povray() {
    let scene = r#"
#declare A = function { pattern { mandel 30 exponent 3 exterior 2, 0.5 interior 1, 2 } }
#declare B = function { pattern { julia <0.353, 0.288> 40 interior 6, 0.5 } }
#declare C = function { pattern { magnet 2 julia 0.5, 20 scale 2 } }
#declare D = function { pattern { magnet 1 mandel 25 translate <-0.5, 0.1, 0> } }
#declare E = function { pattern { ripples frequency 3 phase 0.2 } }
#declare G = function { pattern { waves scale 0.5 } }
#declare H = function { pattern { mandel 20 exponent 40 } }
#for (I, 0, 5)
#declare X = cos(I*1.1)*0.9; #declare Y = sin(I*0.7)*0.8; #declare Z = I*0.3-0.5;
#debug concat(str(A(X,Y,Z),0,10), " ", str(B(X,Y,Z),0,10), " ", str(C(X,Y,Z),0,10), " ", str(D(X,Y,Z),0,10), " ", str(E(X,Y,Z),0,10), " ", str(G(X,Y,Z),0,10), " ", str(H(X,Y,Z),0,10), "\n")
#end
"#;
    let povray = [
        "0.6113705945 0.0500000000 1.0000000000 0.4000000000 0.4038269923 0.7359526457 0.0500000000",
        "0.7563438010 0.0779980837 1.0000000000 1.0000000000 0.8489988356 0.4474746547 0.2500000000",
        "0.5434879328 0.1246360854 1.0000000000 1.0000000000 0.0470828685 0.4958875739 0.1500000000",
        "0.8403865201 0.2750000000 1.0000000000 0.5600000000 0.9266337421 0.4336701193 0.1000000000",
        "0.7310927415 0.2265110079 1.0000000000 1.0000000000 0.9748917269 0.5329390419 1.0000000000",
        "0.6593342058 0.1000000000 1.0000000000 1.0000000000 0.2659808535 0.5580899586 0.1000000000",
    ];
    let lines = debug_lines(scene);
    assert_eq!(lines.iter().map(|l| l.trim_end()).collect::<Vec<_>>(), povray);
}

#[test]
fn warps_match_povray() {
    let scene = r#"
#declare A = function { pattern { bozo warp { black_hole <0.2, 0.1, 0>, 1.5 falloff 1.5 strength 0.8 } } }
#declare B = function { pattern { bozo warp { black_hole 0.3, 0.5 turbulence 0.2 repeat <1.5, 0, 1.5> inverse } } }
#declare C = function { pattern { gradient x warp { repeat x*0.7 offset <0, 0.2, 0> flip y } } }
#declare D = function { pattern { bozo warp { planar z, 0.3 } } }
#declare E = function { pattern { bozo warp { cylindrical orientation <0, 1, 1> dist_exp 0.5 } scale 0.5 } }
#declare G = function { pattern { bozo warp { spherical dist_exp 1 } } }
#declare H = function { pattern { bozo warp { toroidal major_radius 1.5 dist_exp 1 orientation y } } }
#declare K = function { pattern { bozo warp { cubic } warp { turbulence 0.4 octaves 3 omega 0.6 lambda 2.5 } } }
#for (I, 0, 5)
#declare X = cos(I*1.1)*0.9+0.1; #declare Y = sin(I*0.7)*0.8; #declare Z = I*0.3-0.5;
#debug concat(str(A(X,Y,Z),0,10), " ", str(B(X,Y,Z),0,10), " ", str(C(X,Y,Z),0,10), " ", str(D(X,Y,Z),0,10), " ", str(E(X,Y,Z),0,10), " ", str(G(X,Y,Z),0,10), " ", str(H(X,Y,Z),0,10), " ", str(K(X,Y,Z),0,10), "\n")
#end
"#;
    let povray = [
        "0.3278207906 0.2963266442 0.3000000119 0.3629585072 0.3058198713 0.5704804414 0.5779643672 0.4999716918",
        "0.4039028984 0.3484041522 0.5082365093 0.4358001558 0.3837797782 0.5010786797 0.5703496242 0.5100111483",
        "0.3259277050 0.2963866099 0.2703489825 0.3177506906 0.4391210796 0.6371037066 0.5946617004 0.6766578376",
        "0.3873180561 0.3960159875 0.6112681832 0.3875824776 0.3910088166 0.6687975401 0.4969429736 0.6447894058",
        "0.5511729051 0.5208125058 0.5234004051 0.3333685844 0.3808484657 0.5573580329 0.4779895037 0.5111116314",
        "0.2404765189 0.2229511526 0.0378028088 0.4164602910 0.5214304979 0.6376912675 0.5426372156 0.5081576700",
    ];
    let lines = debug_lines(scene);
    assert_eq!(lines.iter().map(|l| l.trim_end()).collect::<Vec<_>>(), povray);
}

#[test]
fn fractal_values_povray_refuses_are_refused() {
    let cases = [
        ("mandel -1", "iterations"),
        ("mandel 1e9", "iterations"),
        ("julia <0.3, 0.2>, 1e300", "iterations"),
        ("magnet 3 mandel 10", "type 1 or 2"),
        ("magnet 1 bozo 10", "`mandel` or `julia`"),
        ("mandel 10 exterior 7, 1", "0 to 6"),
        ("mandel 10 exterior -1, 1", "0 to 6"),
        ("mandel 10 interior 7, 1", "0 to 6"),
        ("magnet 1 mandel 10 exponent 3", "only for the mandel and julia"),
        ("bozo exponent 3", "only for the mandel and julia"),
        ("bozo exterior 1, 1", "only for the mandel, julia and magnet"),
    ];
    for (pattern, expected) in cases {
        let e = error(&format!("#declare F = function {{ pattern {{ {pattern} }} }}"));
        assert!(e.to_string().contains(expected), "{pattern}: {e}");
    }
}

#[test]
fn fractal_exponents_out_of_range_warn_and_use_two() {
    let scene = "#declare F = function { pattern { mandel 20 exponent 40 } }\n\
                 #declare G = function { pattern { mandel 20 } }\n\
                 #debug concat(str(F(0.3, 0.5, 0) - G(0.3, 0.5, 0), 0, 3), \"\\n\")";
    let w = warnings(scene);
    assert!(
        w.iter()
            .any(|m| m.contains("exponent") && m.contains("using exponent 2")),
        "{w:?}"
    );
    assert_eq!(debug_lines(scene), ["0.000"]);
}

#[test]
fn malformed_warps_are_refused_with_the_reason() {
    let cases = [
        ("warp { repeat <1, 1, 0> }", "one axis"),
        ("warp { repeat 0 }", "needs an axis"),
        ("warp { wobble }", "a warp"),
        ("warp { cubic planar }", "one warp per block"),
        ("warp { black_hole 0, 1 falloff }", ""),
    ];
    for (warp, expected) in cases {
        let e = error(&format!("#declare F = function {{ pattern {{ bozo {warp} }} }}"));
        assert!(e.to_string().contains(expected), "{warp}: {e}");
    }
}

#[test]
fn black_hole_repeats_too_small_are_raised_with_a_warning() {
    // POV-Ray: "Black Hole repeat vector X too small ; increased to 1", and the value
    // then is that of the raised repeat (POV-Ray printed 0.3900417450).
    let scene =
        "#declare F = function { pattern { bozo warp { black_hole 0.5, 0.5 repeat <0.8, 0, 0> } } }\n\
                 #debug concat(str(F(0.9, 0.2, 0.1), 0, 10), \"\\n\")";
    let w = warnings(scene);
    assert!(
        w.iter()
            .any(|m| m.contains("repeat x too small") && m.contains("increased to 1")),
        "{w:?}"
    );
    assert_eq!(debug_lines(scene), ["0.3900417450"]);
}
