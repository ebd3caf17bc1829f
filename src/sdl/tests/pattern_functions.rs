//! `function { pattern { ... } }`: pattern values with frequency, phase and waves,
//! against POV-Ray 3.7.0's, read back through `#debug` (the same scenes run with
//! `povray +Iscene.pov +W8 +H8 -D +GA -O/dev/null` printed the lines recorded here).

use crate::sdl::tests::support::{error, parse};

/// The `#debug` lines a scene prints.
fn debug_lines(text: &str) -> Vec<String> {
    let (_, warnings) = parse(text).unwrap_or_else(|e| panic!("parse failed:\n{e}"));
    warnings
        .iter()
        .filter_map(|w| w.message.strip_prefix("#debug: ").map(str::to_string))
        .collect()
}

#[test]
fn function_pattern_frequency_and_waves_match_povray() {
    let scene = r#"
#version 3.7;
#declare F = function { pattern { function { x } } }
#declare G = function { pattern { function { x } frequency 2 } }
#declare H = function { pattern { gradient x sine_wave } }
#declare K = function { pattern { gradient x scallop_wave } }
#for (X, -1.3, 2.6, 0.3)
#debug concat(str(X,0,3), " ", str(F(X,0,0),0,10), " ", str(G(X,0,0),0,10)," ", str(H(X,0,0),0,10)," ", str(K(X,0,0),0,10), "\n")
#end
"#;
    let povray = [
        "-1.300 0.7000100000 0.4000200000 0.0244620347 0.8089985282",
        "-1.000 0.0000000000 0.0000100000 0.5000000000 0.0000000000",
        "-0.700 0.3000000000 0.6000100000 0.9755282581 0.8090169944",
        "-0.400 0.6000000000 0.2000000000 0.2061073739 0.9510565163",
        "-0.100 0.9000000000 0.8000000000 0.2061073739 0.3090169944",
        "0.200 0.2000000000 0.4000000000 0.9755282581 0.5877852523",
        "0.500 0.5000000000 1.0000000000 0.5000000000 1.0000000000",
        "0.800 0.8000000000 0.5999900000 0.0244717419 0.5877852523",
        "1.100 0.1000000000 0.2000000000 0.7938926261 0.3090169944",
        "1.400 0.4000000000 0.8000000000 0.7938926261 0.9510565163",
        "1.700 0.7000000000 0.3999900000 0.0244717419 0.8090169944",
        "2.000 0.0000000000 0.0000000000 0.5000000000 0.0000000000",
        "2.300 0.3000000000 0.6000000000 0.9755282581 0.8090169944",
        "2.600 0.6000000000 0.1999900000 0.2061073739 0.9510565163",
    ];
    assert_eq!(debug_lines(scene), povray);
}

#[test]
fn radial_onion_leopard_and_gradient_match_povray() {
    let scene = r#"
#version 3.7;
#declare FR = function { pattern { radial } }
#declare FO = function { pattern { onion } }
#declare FL = function { pattern { leopard } }
#declare FG = function { pattern { gradient <1,2,0> } }
#for (I, 0, 7)
#declare X = cos(I*0.9)*1.3; #declare Y = I*0.37-1; #declare Z = sin(I*0.9)*0.8;
#debug concat(str(X,0,6), " ", str(Y,0,6), " ", str(Z,0,6), " ", str(FR(X,Y,Z),0,9), " ", str(FO(X,Y,Z),0,9), " ", str(FL(X,Y,Z),0,9)," ", str(FG(X,Y,Z),0,9), "\n")
#end
#debug concat(str(FR(0,1,0),0,9), " ", str(FR(0,0,1),0,9), " ", str(FR(-1,0,0),0,9), " ", str(FR(0,0,-1),0,9), " ", str(FR(0.0005,0,0.0005),0,9), " ", str(FR(0.002,0,0),0,9), "\n")
"#;
    let povray = [
        "1.300000 -1.000000 0.000000 1.000000000 0.640121947 0.001656143 0.686950483",
        "0.808093 -0.630000 0.626662 0.895019630 0.201090713 0.057643224 0.797901027",
        "-0.295363 -0.260000 0.779078 0.692326022 0.872812598 0.002650750 0.635358705",
        "-1.175294 0.110000 0.341904 0.545056126 0.228948233 0.025359858 0.572779632",
        "-1.165786 0.480000 -0.354016 0.453077616 0.309497782 0.071821680 0.907969729",
        "-0.274035 0.850000 -0.782024 0.303642579 0.187079025 0.005577807 0.637711141",
        "0.825101 1.220000 -0.618212 0.102330561 0.597302977 0.133015039 0.460197441",
        "1.299816 1.590000 0.013451 0.998353047 0.053729086 0.434182305 0.003434722",
        "0.250000000 0.750000000 0.500000000 0.249990000 0.250000000 1.000000000",
    ];
    assert_eq!(debug_lines(scene), povray);
}

#[test]
fn transforms_wrap_what_the_pattern_has_so_far() {
    // A transform after another composes with it; both act on the point before the
    // pattern, as POV-Ray's do: gradient x scaled by 2 then translated by 0.5.
    let lines = debug_lines(
        "#declare P = function { pattern { gradient x scale 2 translate 0.5*x } }\n\
         #debug str(P(1.3, 0, 0), 0, 6)\n",
    );
    assert_eq!(lines, ["0.400000"]);
}

#[test]
fn bad_pattern_functions_are_reported() {
    for (text, want) in [
        ("#declare P = function { pattern { } }", "expected a pattern"),
        (
            "#declare P = function { pattern { bozo octaves 0 } }",
            "`octaves` is 1 to 10",
        ),
        (
            "#declare P = function { pattern { bozo noise_generator 4 } }",
            "`noise_generator` is 1, 2 or 3",
        ),
        (
            "#declare P = function { pattern { bozo colour_map { [0 rgb 0] } } }",
            "expected a pattern",
        ),
        (
            "#declare P = function(a) { pattern { bozo } } #declare Q = P(1);",
            "takes 3 argument",
        ),
        ("#declare P = pigment { function(a) { a } }", "takes x, y and z"),
    ] {
        let e = error(text);
        assert!(e.to_string().contains(want), "{text}:\n{e}");
    }
}

/// The numbers of a `#debug` line.
fn numbers(line: &str) -> Vec<f64> {
    line.split_whitespace().map(|w| w.parse().unwrap()).collect()
}

#[test]
fn pigment_functions_and_eval_pigment_match_povray() {
    // POV-Ray holds colours in single precision: its values agree with these to 1e-7.
    let scene = r#"
#version 3.7;
global_settings { assumed_gamma 1 }
#declare P = function { pigment { bozo colour_map { [0 rgb <1,0,0>] [1 rgbft <0,0.5,1,0.2,0.3>] } scale 0.5 } }
#declare G = function { P(x, y, z).gray * 2 + P(x,y,z).filter }
#for (I, 0, 4)
#declare X = I*0.37-0.6; #declare Y = I*0.21; #declare Z = 1-I*0.4;
#declare C = P(X, Y, Z);
#debug concat(vstr(5, C, " ", 0, 9), " ", str(G(X,Y,Z),0,9), "\n")
#end
#declare H = function { image_height * x + image_width }
#debug concat(str(H(2,0,0),0,3), "\n")
"#;
    let povray = [
        "0.255870342 0.372064829 0.744129658 0.148825929 0.223238915 0.908766842",
        "0.357781231 0.321109384 0.642218769 0.128443763 0.192665637 0.865658548",
        "0.494942904 0.252528548 0.505057096 0.101011418 0.151517123 0.807639150",
        "0.597421885 0.201289043 0.402578086 0.080515616 0.120773427 0.764290511",
        "0.329536736 0.335231632 0.670463264 0.134092659 0.201138988 0.877605967",
        // image_height * 2 + image_width at the default 320x240.
        "800.000",
    ];
    let lines = debug_lines(scene);
    assert_eq!(lines.len(), povray.len(), "{lines:?}");
    for (got, want) in lines.iter().zip(povray) {
        for (g, w) in numbers(got).into_iter().zip(numbers(want)) {
            assert!((g - w).abs() <= 1e-7, "{got}\n{want}");
        }
    }
}

#[test]
fn eval_pigment_and_vstr_of_a_colour_read_as_in_povray() {
    // functions.inc's eval_pigment macro, from POV-Ray's include files (Debian's
    // povray-includes, which scripts/test.sh installs).
    let opts = crate::sdl::ParseOptions {
        povray_include: crate::sdl::povray_include_dirs(None),
        ..Default::default()
    };
    let text = "#include \"functions.inc\"\n\
                #declare E = eval_pigment(pigment { granite colour_map { [0 rgb 0] [1 rgb <1,0.5,0.2>] } }, <-0.6, 0, 1>);\n\
                #debug concat(vstr(3, E, \" \", 0, 9), \"\\n\")\n";
    let (_, warnings) = crate::sdl::parse_scene_str("test.pov", text, std::path::Path::new("."), &opts)
        .unwrap_or_else(|e| {
            panic!("{e}\n(are POV-Ray's include files installed? apt-get install povray-includes)")
        });
    let line = warnings
        .iter()
        .find_map(|w| w.message.strip_prefix("#debug: "))
        .expect("a #debug line");
    // POV-Ray 3.7.0.10 prints 0.224853337 0.112426668 0.044970669.
    let want = [0.224853337, 0.112426668, 0.044970669];
    let got = numbers(line);
    assert_eq!(got.len(), 3, "{line}");
    for (g, w) in got.into_iter().zip(want) {
        assert!((g - w).abs() <= 1e-7, "{line}");
    }
}
