//! Every macro that POV-Ray 3.7's standard include files define (Debian's povray-includes,
//! read where it is installed, never copied into this repository) is called at least once,
//! with arguments like those POV-Ray's documentation, the include files' own comments and
//! POV-Ray's sample scenes and insert-menu templates give, in a small scene that POV-Ray
//! 3.7 itself parses and renders. Each call records what spotray does with that scene
//! today, and the test asserts exactly that: it renders, or it stops at a named feature
//! spotray does not support yet. One test
//! per include file reports all of that file's mismatches at once; a last test reads the
//! installed files and checks that the table names each of their macros, and no others.
//! scripts/test.sh installs the package; without it these tests fail and say so.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{povray_include, Scratch};
use spotray::budget::{MemoryBudget, StopSignal};
use spotray::render::options::RenderOptions;
use spotray::render::{render, RenderControl};
use spotray::sdl::{parse_scene_str, ParseOptions, SceneErrorKind};

/// What spotray does with a case's scene today. The table is meant to change with spotray:
/// when a feature lands, its `Blocked` cases fail and ask to become `Ok` (or to name the
/// next missing feature). A scene POV-Ray renders and spotray refuses for any other reason
/// is a bug to fix, not an entry to record.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// The scene parses and renders.
    Ok,
    /// The scene stops with "`FEATURE` is a POV-Ray feature spotray does not support yet".
    /// No case is blocked today (every macro's scene renders); kept for the next include
    /// file whose macros need a feature spotray lacks.
    #[allow(dead_code)]
    Blocked(&'static str),
}

use Expect as E;

/// One macro and a scene snippet that calls it.
struct Case {
    /// The macro's name, as the include file's `#macro` spells it.
    name: &'static str,
    expect: Expect,
    /// Scene text after the includes: the call and what it needs (a macro that only other
    /// macros can call, with their locals, is called through them; its snippet says so).
    sdl: &'static str,
}

const fn case(name: &'static str, expect: Expect, sdl: &'static str) -> Case {
    Case { name, expect, sdl }
}

/// The cases of one include file.
struct IncludeFile {
    /// The file that defines the macros.
    file: &'static str,
    /// What the scene includes, in order: the file, after what POV-Ray needs before it.
    includes: &'static [&'static str],
    cases: &'static [Case],
}

/// The whole scene of a case, as it was checked with POV-Ray 3.7 (`povray +W16 +H12 -D`).
fn scene(file: &IncludeFile, case: &Case) -> String {
    let includes: String = file
        .includes
        .iter()
        .map(|f| format!("#include \"{f}\"\n"))
        .collect();
    format!(
        "#version 3.7;\nglobal_settings {{ assumed_gamma 1 }}\n{includes}{}\n\
         camera {{ location <0, 1, -4> look_at 0 }}\n\
         light_source {{ <2, 4, -3>, rgb 1 }}\n",
        case.sdl.trim_matches('\n')
    )
}

/// What spotray did with a scene.
enum Outcome {
    Rendered,
    ParseError {
        kind: SceneErrorKind,
        message: String,
        full: String,
    },
    RenderError(String),
}

/// Parses the scene in its own folder (some macros write files there) and renders it small.
fn run(folder: &Path, text: &str) -> Outcome {
    let scratch = Scratch::new("include-macro");
    let opts = ParseOptions {
        povray_include: vec![folder.to_path_buf()],
        ..ParseOptions::default()
    };
    let scene = match parse_scene_str("scene.pov", text, &scratch.path(""), &opts) {
        Ok((scene, _warnings)) => scene,
        Err(e) => {
            return Outcome::ParseError {
                kind: e.kind(),
                message: e.message().to_string(),
                full: e.to_string(),
            }
        }
    };
    let options = RenderOptions {
        width: 16,
        height: 12,
        threads: 1,
        ..RenderOptions::default()
    };
    let stop = StopSignal::new();
    let control = RenderControl {
        progress: &|_, _| {},
        stop: &stop,
        memory: MemoryBudget::UNLIMITED,
        resume: None,
    };
    match render(&scene, &options, &control) {
        Ok(_) => Outcome::Rendered,
        Err(e) => Outcome::RenderError(format!("{e:?}")),
    }
}

/// `None` when spotray did what `expect` says, else what it did instead.
fn mismatch(expect: Expect, outcome: &Outcome) -> Option<String> {
    match (expect, outcome) {
        (E::Ok, Outcome::Rendered) => None,
        (E::Blocked(feature), Outcome::ParseError { kind, message, .. })
            if *kind == SceneErrorKind::Unsupported
                && *message == format!("`{feature}` is a POV-Ray feature spotray does not support yet") =>
        {
            None
        }
        (_, Outcome::Rendered) => Some("it parses and renders now: make the case `E::Ok`".to_string()),
        (_, Outcome::ParseError { kind, full, .. }) => Some(format!("it stops ({kind:?}):\n{full}")),
        (_, Outcome::RenderError(e)) => Some(format!("it parses but does not render: {e}")),
    }
}

/// Runs every case of `file` and fails with all the mismatches at once.
fn check(file: &IncludeFile) {
    let folder = povray_include();
    assert!(
        folder.join(file.file).is_file(),
        "{} is not in {}",
        file.file,
        folder.display()
    );
    let failures: Vec<String> = file
        .cases
        .iter()
        .filter_map(|case| {
            let text = scene(file, case);
            let why = mismatch(case.expect, &run(&folder, &text))?;
            Some(format!(
                "{} {}: expected {:?}, but {why}\n--- scene ---\n{text}",
                file.file, case.name, case.expect
            ))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of the {} macro calls of {} do not do what the table says:\n\n{}",
        failures.len(),
        file.cases.len(),
        file.file,
        failures.join("\n")
    );
}

/// The `#macro NAME` definitions of an include file's text (commented ones do not count).
fn macros_defined(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix("#macro"))
        .map(|rest| {
            rest.trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

macro_rules! include_files {
    ($($test:ident: $file:ident;)*) => {
        /// Every include file with macros, in the order of the tests.
        const FILES: &[&IncludeFile] = &[$(&$file),*];

        $(
            #[test]
            fn $test() {
                check(&$file);
            }
        )*
    };
}

include_files! {
    arrays_inc: ARRAYS_INC;
    colors_inc: COLORS_INC;
    debug_inc: DEBUG_INC;
    functions_inc: FUNCTIONS_INC;
    glass_inc: GLASS_INC;
    ior_inc: IOR_INC;
    makegrass_inc: MAKEGRASS_INC;
    math_inc: MATH_INC;
    meshmaker_inc: MESHMAKER_INC;
    rad_def_inc: RAD_DEF_INC;
    rand_inc: RAND_INC;
    screen_inc: SCREEN_INC;
    shapes_inc: SHAPES_INC;
    shapes3_inc: SHAPES3_INC;
    strings_inc: STRINGS_INC;
    sunpos_inc: SUNPOS_INC;
    textures_inc: TEXTURES_INC;
    transforms_inc: TRANSFORMS_INC;
}

const ARRAYS_INC: IncludeFile = IncludeFile {
    file: "arrays.inc",
    includes: &["arrays.inc"],
    cases: &[
        case(
            "Rand_Array_Item",
            E::Ok,
            r#"
#declare RockColors = array[3] { <0.5, 0.4, 0.3>, <0.6, 0.6, 0.5>, <0.3, 0.3, 0.3> }
#declare RS = seed(123);
sphere { 0, 1 pigment { rgb Rand_Array_Item(RockColors, RS) } }
"#,
        ),
        case(
            "Resize_Array",
            E::Ok,
            r#"
#declare Numbers = array[3] { 1, 2, 3 }
Resize_Array(Numbers, 5)
#if (dimension_size(Numbers, 1) != 5 | Numbers[2] != 3) #error "Resize_Array" #end
"#,
        ),
        case(
            "Reverse_Array",
            E::Ok,
            r#"
#declare Numbers = array[4] { 1, 2, 3, 4 }
Reverse_Array(Numbers)
#if (Numbers[0] != 4 | Numbers[3] != 1) #error "Reverse_Array" #end
"#,
        ),
        case(
            "Sort_Compare",
            E::Ok,
            r#"
#declare Numbers = array[2] { 7, 3 }
#if (!Sort_Compare(Numbers, 1, 0)) #error "Sort_Compare" #end
"#,
        ),
        case(
            "Sort_Swap_Data",
            E::Ok,
            r#"
#declare Numbers = array[2] { 7, 3 }
Sort_Swap_Data(Numbers, 0, 1)
#if (Numbers[0] != 3) #error "Sort_Swap_Data" #end
"#,
        ),
        case(
            "Sort_Array",
            E::Ok,
            r#"
#declare NumbersAmount = 20;
#declare Numbers = array[NumbersAmount];
#declare S = seed(5);
#for (Ind, 0, NumbersAmount - 1) #declare Numbers[Ind] = int(100*rand(S)); #end
Sort_Array(Numbers)
#for (Ind, 1, NumbersAmount - 1)
  #if (Numbers[Ind - 1] > Numbers[Ind]) #error "Sort_Array left the array unsorted" #end
#end
"#,
        ),
        case(
            "Sort_Partial_Array",
            E::Ok,
            r#"
#declare Numbers = array[8] { 9, 8, 7, 6, 5, 4, 3, 2 }
Sort_Partial_Array(Numbers, 2, 5)
#if (Numbers[2] != 4 | Numbers[5] != 7 | Numbers[0] != 9) #error "Sort_Partial_Array" #end
"#,
        ),
        case(
            "ARRAYS_HybridQuickSortStep",
            E::Ok,
            r#"
#declare Numbers = array[30];
#declare S = seed(7);
#for (Ind, 0, 29) #declare Numbers[Ind] = rand(S); #end
ARRAYS_HybridQuickSortStep(Numbers, 0, 29)
ARRAYS_InsertionSort(Numbers, 0, 29)
#for (Ind, 1, 29)
  #if (Numbers[Ind - 1] > Numbers[Ind]) #error "quick sort step" #end
#end
"#,
        ),
        case(
            "ARRAYS_InsertionSort",
            E::Ok,
            r#"
#declare Numbers = array[6] { 5, 1, 4, 2, 6, 3 }
ARRAYS_InsertionSort(Numbers, 0, 5)
#for (Ind, 0, 5)
  #if (Numbers[Ind] != Ind + 1) #error "ARRAYS_InsertionSort" #end
#end
"#,
        ),
        case(
            "ARRAYS_WriteDF3",
            E::Ok,
            r#"
#declare Density = array[2][2][2] { { { 0, 0.5 }, { 1, 0.25 } }, { { 0.75, 1 }, { 0, 0.5 } } }
ARRAYS_WriteDF3(Density, "density.df3", 8)
"#,
        ),
        case(
            "ARRAYS_Temp_WriteDF3",
            E::Ok,
            r#"
// ARRAYS_Temp_WriteDF3 is defined, called and undefined by ARRAYS_WriteDF3.
#declare Density = array[4] { 0, 0.25, 0.5, 1 }
ARRAYS_WriteDF3(Density, "density16.df3", 16)
"#,
        ),
        case(
            "ARRAYS_Temp",
            E::Ok,
            r#"
// ARRAYS_Temp is defined, called and undefined by ARRAYS_WriteDF3.
#declare Density = array[2][3] { { 0, 0.2, 0.4 }, { 0.6, 0.8, 1 } }
ARRAYS_WriteDF3(Density, "density2d.df3", 8)
"#,
        ),
    ],
};

const COLORS_INC: IncludeFile = IncludeFile {
    file: "colors.inc",
    includes: &["colors.inc"],
    cases: &[
        case(
            "CH2RGB",
            E::Ok,
            r#"
#declare C = CH2RGB(120);
sphere { 0, 1 pigment { rgb C } }
"#,
        ),
        case(
            "CRGB2H",
            E::Ok,
            r#"
#declare H = CRGB2H(<1, 0.5, 0>, 1, 1);
#if (abs(H - 30) > 1e-6) #error "CRGB2H" #end
"#,
        ),
        case(
            "CHSL2RGB",
            E::Ok,
            "sphere { 0, 1 pigment { color CHSL2RGB(<30, 0.8, 0.5, 0, 0>) } }",
        ),
        case(
            "CRGB2HSL",
            E::Ok,
            r#"
#declare HSL = CRGB2HSL(Orange);
sphere { 0, 1 pigment { color CHSL2RGB(HSL) } }
"#,
        ),
        case(
            "CHSV2RGB",
            E::Ok,
            "sphere { 0, 1 pigment { color CHSV2RGB(<220, 0.6, 0.9, 0, 0>) } }",
        ),
        case(
            "CRGB2HSV",
            E::Ok,
            r#"
#declare HSV = CRGB2HSV(rgb <0.2, 0.4, 0.8>);
sphere { 0, 1 pigment { color CHSV2RGB(HSV) } }
"#,
        ),
    ],
};

const DEBUG_INC: IncludeFile = IncludeFile {
    file: "debug.inc",
    includes: &["debug.inc"],
    cases: &[
        case(
            "Debug_Inc_Stack",
            E::Ok,
            r#"
Debug_Inc_Stack()
#include "strings.inc"
"#,
        ),
        case("Set_Debug", E::Ok, "Set_Debug(on)"),
        case(
            "Debug_Message",
            E::Ok,
            r#"
Set_Debug(on)
Debug_Message("\n starting debug.inc test")
"#,
        ),
        case(
            "Debug",
            E::Ok,
            r#"
#declare Radius = 1;
Debug((Radius > 0), "radius is positive\n")
"#,
        ),
        case(
            "Warning",
            E::Ok,
            r#"
#declare Radius = 1;
Warning((Radius > 0.5), "radius is larger than half a unit\n")
"#,
        ),
        case(
            "Error",
            E::Ok,
            r#"
#declare Radius = 1;
Error((Radius <= 0), "radius must be positive\n")
sphere { 0, Radius pigment { rgb 1 } }
"#,
        ),
    ],
};

const FUNCTIONS_INC: IncludeFile = IncludeFile {
    file: "functions.inc",
    includes: &["functions.inc"],
    cases: &[case(
        "eval_pigment",
        E::Ok,
        r#"
#declare Checker = pigment { checker rgb 0, rgb 1 }
#declare Colour = eval_pigment(Checker, <0.5, 0.5, 0.5>);
sphere { 0, 1 pigment { color Colour } }
"#,
    )],
};

const GLASS_INC: IncludeFile = IncludeFile {
    file: "glass.inc",
    includes: &["glass.inc"],
    cases: &[
        case(
            "I_Glass_Exp",
            E::Ok,
            r#"
sphere { 0, 1
  pigment { rgbf <0.98, 1, 0.99, 0.9> }
  interior { I_Glass_Exp(2) fade_color Col_Red_03 }
}
"#,
        ),
        case(
            "I_Glass_Sqr",
            E::Ok,
            r#"
sphere { 0, 1
  pigment { rgbf <0.98, 1, 0.99, 0.9> }
  interior { I_Glass_Sqr(2) fade_color Col_Amber_03 }
}
"#,
        ),
    ],
};

const IOR_INC: IncludeFile = IncludeFile {
    file: "ior.inc",
    includes: &["ior.inc"],
    cases: &[
        case(
            "Ior",
            E::Ok,
            r#"
// Ior is defined, called and undefined by ior.inc itself: its results are the ior values.
sphere { 0, 1 pigment { rgbf 1 } interior { ior iorCrownGlassBK7 } }
"#,
        ),
        case(
            "Disp",
            E::Ok,
            r#"
// Disp is defined, called and undefined by ior.inc itself: its results are the dispersion values.
sphere { 0, 1 pigment { rgbf 1 } interior { ior iorDiamond dispersion dispDiamond } }
"#,
        ),
    ],
};

const MAKEGRASS_INC: IncludeFile = IncludeFile {
    file: "makegrass.inc",
    includes: &["makegrass.inc"],
    cases: &[
        case(
            "MakeBlade",
            E::Ok,
            r#"
mesh {
  MakeBlade(true, <0, 0, 0>, 100, 20, 10, 1, 0.1, 0.5, <0, 1, 0.3>, <0, 0, 1>, 1, false, false)
  scale 0.1
  pigment { rgb <0.3, 0.6, 0.1> }
}
"#,
        ),
        case(
            "MakeGrassPatch",
            E::Ok,
            r#"
object {
  MakeGrassPatch(
    50, 10, 60, 5, 15, 1, 0.3, false, <0, 1, 0.3>, <0, -1, 2>, 3, 18264, 1, 360, 3, 0,
    false, false, "grass_01.inc"
  )
  scale 0.02
  pigment { rgb <0.3, 0.6, 0.1> }
}
"#,
        ),
        case(
            "MakePrairie",
            E::Ok,
            r#"
#declare GrassPatch = object {
  MakeGrassPatch(
    50, 4, 60, 5, 15, 1, 0.3, false, <0, 1, 0.3>, <0, -1, 2>, 3, 18264, 1, 360, 3, 0, false, false, ""
  )
}
object {
  MakePrairie(50, 3, 1, 5, GrassPatch, seed(779), 1, 1, false)
  scale 0.005
  pigment { rgb <0.3, 0.6, 0.1> }
}
"#,
        ),
    ],
};

const MATH_INC: IncludeFile = IncludeFile {
    file: "math.inc",
    includes: &["math.inc"],
    cases: &[
        case(
            "Mean",
            E::Ok,
            r#"
#declare Values = array[5] { 1, 2, 3, 4, 5 }
#declare M = Mean(Values);
#if (M != 3) #error "Mean" #end
"#,
        ),
        case(
            "Std_Dev",
            E::Ok,
            r#"
#declare Values = array[4] { 2, 4, 4, 6 }
#declare SD = Std_Dev(Values, Mean(Values));
#if (abs(SD - sqrt(2)) > 1e-6) #error "Std_Dev" #end
"#,
        ),
        case(
            "GetStats",
            E::Ok,
            r#"
#declare Values = array[5] { 3, 1, 4, 1, 5 }
GetStats(Values)
#if (StatisticsArray[0] != 5 | StatisticsArray[2] != 1 | StatisticsArray[3] != 5)
  #error "GetStats"
#end
"#,
        ),
        case(
            "Histogram",
            E::Ok,
            r#"
#declare Values = array[8] { 1, 2, 2, 3, 3, 3, 4, 9 }
// POV-Ray 3.7's Histogram counts up to N, a local of GetStats: the scene declares it.
#declare N = dimension_size(Values, 1);
Histogram(Values, 4)
#if (dimension_size(HistogramArray, 1) != 4 | HistogramArray[0][1] != 3) #error "Histogram" #end
"#,
        ),
        case(
            "Interpolate",
            E::Ok,
            r#"
#declare A = Interpolate(0.5, 0, 1, 0, 10, 1);
#declare B = Interpolate(0.0, -2, 2, 0, 10, 1);
#declare C = Interpolate(0.5, 0, 1, 0, 10, 2);
#if (abs(A - 5) > 1e-6 | abs(B - 5) > 1e-6 | abs(C - 2.5) > 1e-6) #error "Interpolate" #end
"#,
        ),
        case(
            "VSqr",
            E::Ok,
            r#"
#declare V = VSqr(<1, 2, 3>);
#if (V.z != 9) #error "VSqr" #end
"#,
        ),
        case(
            "VPow",
            E::Ok,
            r#"
#declare V = VPow(<1, 2, 3>, 3);
#if (V.y != 8) #error "VPow" #end
"#,
        ),
        case(
            "VPow5D",
            E::Ok,
            r#"
#declare V = VPow5D(<1, 2, 3, 4, 5>, 2);
#if (V.transmit != 25) #error "VPow5D" #end
"#,
        ),
        case(
            "VEq",
            E::Ok,
            r#"#if (!VEq(<1, 2, 3>, <1, 2, 3>)) #error "VEq" #end"#,
        ),
        case(
            "VEq5D",
            E::Ok,
            r#"#if (VEq5D(<1, 2, 3, 4, 5>, <1, 2, 3, 4, 6>)) #error "VEq5D" #end"#,
        ),
        case("VZero", E::Ok, r#"#if (!VZero(<0, 0, 0>)) #error "VZero" #end"#),
        case(
            "VZero5D",
            E::Ok,
            r#"#if (VZero5D(<0, 0, 0, 0, 1>)) #error "VZero5D" #end"#,
        ),
        case(
            "VLength5D",
            E::Ok,
            r#"
#declare L = VLength5D(<1, 1, 1, 1, 0>);
#if (L != 2) #error "VLength5D" #end
"#,
        ),
        case(
            "VNormalize5D",
            E::Ok,
            r#"
#declare V = VNormalize5D(<0, 0, 0, 3, 4>);
#if (abs(V.transmit - 0.8) > 1e-6) #error "VNormalize5D" #end
"#,
        ),
        case(
            "VDot5D",
            E::Ok,
            r#"
#declare D = VDot5D(<1, 2, 3, 4, 5>, <1, 1, 1, 1, 1>);
#if (D != 15) #error "VDot5D" #end
"#,
        ),
        case(
            "VCos_Angle",
            E::Ok,
            r#"
#declare C = VCos_Angle(x, x + y);
#if (abs(C - sqrt(0.5)) > 1e-6) #error "VCos_Angle" #end
"#,
        ),
        case(
            "VAngle",
            E::Ok,
            r#"
#declare A = VAngle(x, y);
#if (abs(A - pi/2) > 1e-6) #error "VAngle" #end
"#,
        ),
        case(
            "VAngleD",
            E::Ok,
            r#"
#declare A = VAngleD(x, x + y);
#if (abs(A - 45) > 1e-6) #error "VAngleD" #end
"#,
        ),
        case(
            "VRotation",
            E::Ok,
            r#"
#declare A = VRotation(x, z, y);
#if (abs(A + pi/2) > 1e-6) #error "VRotation" #end
"#,
        ),
        case(
            "VRotationD",
            E::Ok,
            r#"
#declare A = VRotationD(x, z, y);
#if (abs(A + 90) > 1e-6) #error "VRotationD" #end
"#,
        ),
        case(
            "VDist",
            E::Ok,
            r#"
#declare D = VDist(<0, 0, 0>, <3, 4, 0>);
#if (D != 5) #error "VDist" #end
"#,
        ),
        case(
            "VPerp_To_Vector",
            E::Ok,
            r#"
#declare V = VPerp_To_Vector(<1, 2, 3>);
#if (abs(vdot(V, <1, 2, 3>)) > 1e-6) #error "VPerp_To_Vector" #end
"#,
        ),
        case(
            "VPerp_To_Plane",
            E::Ok,
            r#"
#declare V = VPerp_To_Plane(x, y);
#if (V.z != 1) #error "VPerp_To_Plane" #end
"#,
        ),
        case(
            "VPerp_Adjust",
            E::Ok,
            r#"
#declare V = VPerp_Adjust(<1, 1, 0>, x);
#if (abs(vdot(V, x)) > 1e-6) #error "VPerp_Adjust" #end
"#,
        ),
        case(
            "VProject_Plane",
            E::Ok,
            r#"
#declare V = VProject_Plane(<1, 2, 3>, y);
#if (V.y != 0 | V.z != 3) #error "VProject_Plane" #end
"#,
        ),
        case(
            "VProject_Axis",
            E::Ok,
            r#"
#declare V = VProject_Axis(<1, 2, 3>, y);
#if (V.y != 2 | V.x != 0) #error "VProject_Axis" #end
"#,
        ),
        case(
            "VMin",
            E::Ok,
            r#"#if (VMin(<3, -1, 2>) != -1) #error "VMin" #end"#,
        ),
        case("VMax", E::Ok, r#"#if (VMax(<3, -1, 2>) != 3) #error "VMax" #end"#),
        case(
            "VWith_Len",
            E::Ok,
            r#"
#declare V = VWith_Len(<1, 2, 3>, 2);
#if (abs(vlength(V) - 2) > 1e-6) #error "VWith_Len" #end
"#,
        ),
        case(
            "SetGradientAccuracy",
            E::Ok,
            r#"
SetGradientAccuracy(0.0001)
#if (__Gradient_Fn_Accuracy_ != 0.0001) #error "SetGradientAccuracy" #end
"#,
        ),
        case(
            "fn_Gradient",
            E::Ok,
            r#"
#declare fn_test = function { x*x + y*y + z*z }
#declare fn_grad = fn_Gradient(fn_test)
#if (abs(fn_grad(0, 0.5, 0) - 1) > 1e-3) #error "fn_Gradient" #end
"#,
        ),
        case(
            "fn_Gradient_Directional",
            E::Ok,
            r#"
#declare fn_test = function { x*x + y*y + z*z }
#declare fn_gradDy = fn_Gradient_Directional(fn_test, y)
#if (abs(fn_gradDy(0.5, -0.5, 0) + 1) > 1e-3) #error "fn_Gradient_Directional" #end
"#,
        ),
        case(
            "fn_Divergence",
            E::Ok,
            r#"
#declare fn_x = function { x*x }
#declare fn_y = function { y }
#declare fn_z = function { 0 }
#declare fn_div = fn_Divergence(fn_x, fn_y, fn_z)
#if (abs(fn_div(1, 0, 0) - 3) > 1e-3) #error "fn_Divergence" #end
"#,
        ),
        case(
            "vGradient",
            E::Ok,
            r#"
#declare fn_test = function { x*x + y*y + z*z }
#declare Vgrd = vGradient(fn_test, <0.5, 0, 0>);
#if (abs(Vgrd.x - 1) > 1e-3) #error "vGradient" #end
"#,
        ),
        case(
            "vCurl",
            E::Ok,
            r#"
#declare fn_x = function { -y }
#declare fn_y = function { x }
#declare fn_z = function { 0 }
#declare Curl = vCurl(fn_x, fn_y, fn_z, <1, 2, 3>);
#if (abs(Curl.z - 2) > 1e-3) #error "vCurl" #end
"#,
        ),
        case(
            "Divergence",
            E::Ok,
            r#"
#declare fn_x = function { x*x }
#declare fn_y = function { y }
#declare fn_z = function { 0 }
#declare D = Divergence(fn_x, fn_y, fn_z, <1, 0, 0>);
#if (abs(D - 3) > 1e-3) #error "Divergence" #end
"#,
        ),
        case(
            "Gradient_Length",
            E::Ok,
            r#"
#declare fn_test = function { x*x + y*y + z*z }
#declare Pos = <0.3, 0.4, 0>;
sphere { Pos, 0.1 pigment { color rgb z*Gradient_Length(fn_test, Pos) } }
"#,
        ),
        case(
            "Gradient_Directional",
            E::Ok,
            r#"
#declare fn_test = function { x*x + y*y + z*z }
#declare G = Gradient_Directional(fn_test, <0, 0.5, 0>, y);
#if (abs(G - 1) > 1e-3) #error "Gradient_Directional" #end
"#,
        ),
    ],
};

const MESHMAKER_INC: IncludeFile = IncludeFile {
    file: "meshmaker.inc",
    includes: &["meshmaker.inc"],
    cases: &[
        case(
            "LInterpolate",
            E::Ok,
            r#"
#declare V = LInterpolate(0.5, <0, 0, 0>, <2, 4, 6>);
#declare F = LInterpolate(0.25, 1, 3);
#if (V.y != 2 | F != 1.5) #error "LInterpolate" #end
"#,
        ),
        case(
            "CheckFileName",
            E::Ok,
            r#"
#declare Build = CheckFileName("surface.obj");
#if (Build != 2) #error "CheckFileName" #end
"#,
        ),
        case(
            "BuildWriteMesh2",
            E::Ok,
            r#"
#declare VecArr = array[9] {
  <0, 0, 0>, <1, 0, 0>, <2, 0, 0>, <0, 0, 1>, <1, 0.5, 1>, <2, 0, 1>, <0, 0, 2>, <1, 0, 2>, <2, 0, 2>
}
#declare NormArr = array[9] { y, y, y, y, y, y, y, y, y }
#declare UVArr = array[9] {
  <0, 0>, <0.5, 0>, <1, 0>, <0, 0.5>, <0.5, 0.5>, <1, 0.5>, <0, 1>, <0.5, 1>, <1, 1>
}
object {
  BuildWriteMesh2(VecArr, NormArr, UVArr, 2, 2, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
}
"#,
        ),
        case(
            "BuildSpline",
            E::Ok,
            r#"
#declare Points = array[5] { <0, -1, 0>, <0, 0, 0>, <1, 1, 0>, <0, 2, 0>, <0, 3, 0> }
#declare S1 = BuildSpline(Points, "c")
sphere { S1(0.5), 0.2 pigment { rgb 1 } }
"#,
        ),
        case(
            "MSM",
            E::Ok,
            r#"
#declare A1 = spline {
  cubic_spline -0.5, <1, -1, 0> 0.0, <1, 0, 0> 0.5, <2, 1, 0> 1.0, <1, 2, 0> 1.5, <1, 3, 0>
}
#declare A2 = spline {
  cubic_spline -0.5, <0, -1, 1> 0.0, <0, 0, 1> 0.5, <0, 1, 2> 1.0, <0, 3, 1> 1.5, <0, 4, 1>
}
#declare A3 = spline {
  cubic_spline -0.5, <-1, -1, 0> 0.0, <-1, 0, 0> 0.5, <-2, 1, 0> 1.0, <-1, 3, 0> 1.5, <-2, 3, 0>
}
#declare A4 = spline {
  cubic_spline
  -1/3, <0, -1, -1> 0.0, <0, 0, -1> 1/3, <0, 1, -0.5> 2/3, <0, 2, -1.6> 1.0, <0, 2.5, -1.5> 4/3, <0, 3, -1>
}
#declare An = array[7] {
  spline { A4 }, spline { A1 }, spline { A2 }, spline { A3 }, spline { A4 }, spline { A1 }, spline { A2 }
}
object {
  MSM(An, 20, "c", 20, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
  scale 0.5
}
"#,
        ),
        case(
            "FromU",
            E::Ok,
            r#"
#declare F1 = function(u, v) { cos(u) }
#declare F2 = function(u, v) { sin(u) }
#declare F3 = function(u, v) { v }
object {
  Parametric(F1, F2, F3, <FromU(0), -1>, <2*pi, 1>, 30, 10, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
}
"#,
        ),
        case(
            "ToU",
            E::Ok,
            r#"
#declare F1 = function(u, v) { cos(u) }
#declare F2 = function(u, v) { sin(u) }
#declare F3 = function(u, v) { v }
object {
  Parametric(F1, F2, F3, <0, -1>, <ToU(2*pi), 1>, 30, 10, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
}
"#,
        ),
        case(
            "FromV",
            E::Ok,
            r#"
#declare F1 = function(u, v) { pow(1.2, v)*(sin(u)*sin(u)*sin(v)) }
#declare F2 = function(u, v) { pow(1.2, v)*(sin(u)*sin(u)*cos(v)) }
#declare F3 = function(u, v) { pow(1.2, v)*(sin(u)*cos(u)) }
object {
  Parametric(F1, F2, F3, <0, FromV(0)>, <pi, 2*pi>, 20, 40, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
  scale 0.5
}
"#,
        ),
        case(
            "ToV",
            E::Ok,
            r#"
#declare F1 = function(u, v) { pow(1.2, v)*(sin(u)*sin(u)*sin(v)) }
#declare F2 = function(u, v) { pow(1.2, v)*(sin(u)*sin(u)*cos(v)) }
#declare F3 = function(u, v) { pow(1.2, v)*(sin(u)*cos(u)) }
object {
  Parametric(F1, F2, F3, <0, 0>, <2*pi, ToV(2*pi)>, 20, 40, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
  scale 0.5
}
"#,
        ),
        case(
            "Parametric",
            E::Ok,
            r#"
#declare F1 = function(u, v) { cos(u) }
#declare F2 = function(u, v) { sin(u) }
#declare F3 = function(u, v) { v }
object {
  Parametric(F1, F2, F3, <0, -1>, <2*pi, 1>, 30, 10, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
}
"#,
        ),
        case(
            "Paramcalc",
            E::Ok,
            r#"
#declare __Fx = function(u, v) { sin((u/3) - (2*v)) + 2*sin((u/3) + v) }
#declare __Fy = function(u, v) { cos(u)*((7 + cos((u/3) - (2*v)) + (2*cos((u/3) + v)))) }
#declare __Fz = function(u, v) { sin(u)*((7 + cos((u/3) - (2*v)) + (2*cos((u/3) + v)))) }
object {
  Paramcalc(<-pi, -pi>, <pi, pi>, 30, 30, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
  scale 0.1
}
"#,
        ),
        case(
            "Prism",
            E::Ok,
            r#"
#declare Spline_1 = spline {
  cubic_spline
  -0.25, <-1, 0, -0.5>
   0.00, < 1, 0, -0.5>
   0.25, < 1, 0, 1>
   0.50, <-1, 0.25, 1>
   0.63, <-0.75, 0, 0.25>
   0.75, <-1, 0, -0.5>
   1.00, < 1, 0, -0.5>
   1.25, < 1, 0, 1>
}
object {
  Prism(Spline_1, 40, 1.0, 10, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
}
"#,
        ),
        case(
            "Prism1",
            E::Ok,
            r#"
#declare Spline_1 = spline {
  cubic_spline
  -1/3, < 0.0, 0, -1>
   0.0, < 1.0, 0, 0>
   1/3, < 0.0, 0, 1>
   2/3, <-1.0, 0.3, 0>
   3/3, <-0.8, 0.4, -0.6>
   4/3, <-0.8, 0.5, -1.1>
}
#declare Spline_2 = spline {
  linear_spline
  -1/4, <0.0, 1.0, 0>
   0.0, <1.0, 0.0, 0>
   1/4, <1.8, 0.8, 0>
   2/4, <1.0, 1.5, 0>
   3/4, <0.5, 1.0, 0>
   4/4, <1.0, 0.0, 0>
   5/4, <2.0, 1.0, 0>
}
object {
  Prism1(Spline_1, 30, Spline_2, 30, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
}
"#,
        ),
        case(
            "Lathe",
            E::Ok,
            r#"
#declare Spline_1 = spline {
  cubic_spline
  -0.1, <-1.50, 0, 0>
   0.0, < 0.00, 0.00, 0>
   0.1, < 0.90, 0.00, 0>
   0.2, < 1.00, 0.00, 1>
   0.3, < 0.80, 0.05, 0>
   0.4, < 0.30, 0.10, 0>
   0.5, < 0.15, 0.70, 0>
   0.6, < 0.25, 1.00, 0>
   0.7, < 0.70, 1.50, 0>
   0.8, < 1.50, 1.80, 0>
   0.9, < 0.90, 2.70, -0.3>
   1.0, < 0.00, 3.00, 0>
   1.1, <-0.01, 3.00, 0>
}
object {
  Lathe(Spline_1, 40, -280, 20, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
  scale 0.5
}
"#,
        ),
        case(
            "Coons",
            E::Ok,
            r#"
#declare Spline_1 = spline {
  linear_spline
  -1.00, <-2.0, 0.0, -1>
   0.00, <-1.0, 0.0, -1>
   0.25, <-0.5, -1.0, -1>
   0.50, < 0.0, -0.5, -1>
   0.75, < 0.5, -1.0, -1>
   1.00, < 1.0, 0.0, -1>
   2.00, < 2.0, 0.0, -1>
}
#declare Spline_2 = spline {
  natural_spline
  -1.0, <1, 0, -2>
   0.000001, <1, 0, -1>
   0.5, <1.6, 0.7, 0>
   1.0, <1, 0, 1>
   2.0, <1, 0, 2>
}
#declare Spline_3 = spline {
  cubic_spline
  -1.00, < 2.00, 0.0, 1.0>
   0.000001, < 1.00, 0.0, 1.0>
   0.25, < 0.50, 0.0, 1.0>
   0.40, < 0.20, 1.0, 0.5>
   0.50, < 0.00, 0.8, 0.0>
   0.60, <-0.20, 1.0, 0.5>
   0.75, <-0.50, 0.0, 1.0>
   1.00, <-1.00, 0.0, 1.0>
   2.00, <-2.00, 0.0, 1.0>
}
#declare Spline_4 = spline {
  quadratic_spline
  -1.0, <-1, 0, 2>
   0.000001, <-1, 0, 1>
   0.5, <-1.7, -0.7, 0>
   1.0, <-1, 0, -1>
   2.0, <-1, 0, -2>
}
object {
  Coons(Spline_1, Spline_2, Spline_3, Spline_4, 20, 20, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
}
"#,
        ),
        case(
            "TwoVarSurf",
            E::Ok,
            r#"
#declare F2 = function(u, v) { 0.3*sin(u*2)*cos(v*2) }
object {
  TwoVarSurf(F2, <-1, 1>, <-1, 1>, 30, 30, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
  rotate 90*x
}
"#,
        ),
        case(
            "FindPoint",
            E::Ok,
            r#"
// FindPoint is SweepSpline1's helper: it reads SweepSpline1's Track, Shape and Waist.
#declare USpline_1 = spline {
  cubic_spline
  -1.0, <0, 9, 0>,
   0.0, <0, 1, 0>,
   0.5, <2, 3, 2>,
   1.0, <5, 1, 0>,
   2.0, <3, -1, 0>
}
#declare VSpline_1 = spline {
  cubic_spline
  -0.125, <0.25, -0.25, 0>,
   0.000, <1.00, 0.00, 0>,
   0.125, <0.25, 0.25, 0>,
   0.250, <0.00, 1.00, 0>,
   0.375, <-0.25, 0.25, 0>,
   0.500, <-1.00, 0.00, 0>,
   0.625, <-0.25, -0.25, 0>,
   0.750, <0.00, -1.00, 0>,
   0.875, <0.25, -0.25, 0>,
   1.000, <1.00, 0.00, 0>,
   1.125, <0.25, 0.25, 0>,
}
#declare WSpline_1 = spline {
  cubic_spline
  -1.0, 0.00,
   0.0, 0.001,
   0.8, 1.0,
   1.0, 1.0,
   2.0, 1.5
}
object {
  SweepSpline1(USpline_1, VSpline_1, WSpline_1, 20, 30, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
  scale 0.3
}
"#,
        ),
        case(
            "SweepSpline1",
            E::Ok,
            r#"
#declare USpline_1 = spline {
  cubic_spline
  -1.0, <0, 9, 0>,
   0.0, <0, 1, 0>,
   0.5, <2, 3, 2>,
   1.0, <5, 1, 0>,
   2.0, <3, -1, 0>
}
#declare VSpline_1 = spline {
  cubic_spline
  -0.125, <0.25, -0.25, 0>,
   0.000, <1.00, 0.00, 0>,
   0.125, <0.25, 0.25, 0>,
   0.250, <0.00, 1.00, 0>,
   0.375, <-0.25, 0.25, 0>,
   0.500, <-1.00, 0.00, 0>,
   0.625, <-0.25, -0.25, 0>,
   0.750, <0.00, -1.00, 0>,
   0.875, <0.25, -0.25, 0>,
   1.000, <1.00, 0.00, 0>,
   1.125, <0.25, 0.25, 0>,
}
#declare WSpline_1 = spline {
  cubic_spline
  -1.0, 0.00,
   0.0, 0.001,
   0.8, 1.0,
   1.0, 1.0,
   2.0, 1.5
}
object {
  SweepSpline1(USpline_1, VSpline_1, WSpline_1, 20, 30, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
  scale 0.3
}
"#,
        ),
        case(
            "SweepSpline2",
            E::Ok,
            r#"
#declare USpline_1 = spline {
  cubic_spline
  -1.0, <0, 9, 0>,
   0.0, <0, 1, 0>,
   0.5, <2, 3, 2>,
   1.0, <5, 1, 0>,
   2.0, <3, -1, 0>
}
#declare VSpline_1 = spline {
  cubic_spline
  -0.125, <0.25, -0.25, 0>,
   0.000, <1.00, 0.00, 0>,
   0.125, <0.25, 0.25, 0>,
   0.250, <0.00, 1.00, 0>,
   0.375, <-0.25, 0.25, 0>,
   0.500, <-1.00, 0.00, 0>,
   0.625, <-0.25, -0.25, 0>,
   0.750, <0.00, -1.00, 0>,
   0.875, <0.25, -0.25, 0>,
   1.000, <1.00, 0.00, 0>,
   1.125, <0.25, 0.25, 0>,
}
#declare WSpline_1 = spline {
  cubic_spline
  -1.0, 0.00,
   0.0, 0.001,
   0.8, 1.0,
   1.0, 1.0,
   2.0, 1.5
}
object {
  SweepSpline2(USpline_1, VSpline_1, WSpline_1, 20, 30, "")
  texture { uv_mapping pigment { checker rgb <0, 0.2, 0.5>, rgb 1 scale 0.1 } }
  scale 0.3
}
"#,
        ),
    ],
};

const RAD_DEF_INC: IncludeFile = IncludeFile {
    file: "rad_def.inc",
    includes: &["rad_def.inc"],
    cases: &[case(
        "Rad_Settings",
        E::Ok,
        "global_settings { radiosity { Rad_Settings(Radiosity_Normal, off, off) } }",
    )],
};

const RAND_INC: IncludeFile = IncludeFile {
    file: "rand.inc",
    includes: &["rand.inc"],
    cases: &[
        case(
            "Prob",
            E::Ok,
            r#"
#declare Stream = seed(1234);
#if (Prob(0.5, Stream)) sphere { 0, 1 pigment { rgb 1 } } #end
"#,
        ),
        case("Rand_Cauchy", E::Ok, "#declare R = Rand_Cauchy(0, 1, RdmA);"),
        case("Rand_Student", E::Ok, "#declare R = Rand_Student(5, RdmA);"),
        case("Rand_Normal", E::Ok, "#declare R = Rand_Normal(0, 1, RdmA);"),
        case("Rand_Gauss", E::Ok, "#declare R = Rand_Gauss(0, 1, RdmA);"),
        case(
            "Rand_Spline",
            E::Ok,
            r#"
#declare Distribution = spline { linear_spline 0, <0, 0> 0.5, <0.5, 1> 1, <1, 0> }
sphere { <Rand_Spline(Distribution, RdmB), 0, 0>, 0.1 pigment { rgb 1 } }
"#,
        ),
        case(
            "Rand_Gamma",
            E::Ok,
            r#"
#declare R = Rand_Gamma(2, 1, RdmA);
#declare S = Rand_Gamma(0.5, 1, RdmA);
"#,
        ),
        case(
            "Rand_Beta",
            E::Ok,
            r#"
#declare R = Rand_Beta(2, 5, RdmA);
#if (R < 0 | R > 1) #error "Rand_Beta" #end
"#,
        ),
        case("Rand_Chi_Square", E::Ok, "#declare R = Rand_Chi_Square(3, RdmA);"),
        case("Rand_F_Dist", E::Ok, "#declare R = Rand_F_Dist(4, 6, RdmA);"),
        case(
            "Rand_Triangle",
            E::Ok,
            r#"
#declare R = Rand_Triangle(0, 1, 0.25, RdmA);
#if (R < 0 | R > 1) #error "Rand_Triangle" #end
"#,
        ),
        case("Rand_Erlang", E::Ok, "#declare R = Rand_Erlang(2, 3, RdmA);"),
        case("Rand_Exp", E::Ok, "#declare R = Rand_Exp(0.5, RdmA);"),
        case(
            "Rand_Lognormal",
            E::Ok,
            "#declare R = Rand_Lognormal(1, 0.5, RdmA);",
        ),
        case("Rand_Pareto", E::Ok, "#declare R = Rand_Pareto(3, RdmA);"),
        case("Rand_Weibull", E::Ok, "#declare R = Rand_Weibull(2, 1, RdmA);"),
        case("Rand_Bernoulli", E::Ok, "#declare B = Rand_Bernoulli(0.3, RdmA);"),
        case(
            "Rand_Binomial",
            E::Ok,
            r#"
#declare N = Rand_Binomial(10, 0.5, RdmA);
#if (N < 0 | N > 10) #error "Rand_Binomial" #end
"#,
        ),
        case("Rand_Geo", E::Ok, "#declare N = Rand_Geo(0.25, RdmA);"),
        case("Rand_Poisson", E::Ok, "#declare N = Rand_Poisson(4, RdmA);"),
        case(
            "SRand",
            E::Ok,
            r#"
#declare R = SRand(RdmA);
#if (R < -1 | R > 1) #error "SRand" #end
"#,
        ),
        case(
            "RRand",
            E::Ok,
            r#"
#declare RS = seed(42);
sphere { 0, RRand(0.5, 1, RS) pigment { rgb 1 } }
"#,
        ),
        case("VRand", E::Ok, "sphere { VRand(RdmA), 0.2 pigment { rgb 1 } }"),
        case(
            "VRand_In_Box",
            E::Ok,
            r#"
#declare RS = seed(7);
sphere { 0, 1 scale VRand_In_Box(<1, 0.9, 1>, <2, 1, 3>, RS) pigment { rgb 1 } }
"#,
        ),
        case(
            "VRand_In_Sphere",
            E::Ok,
            r#"
#declare Random_1 = seed(2345);
cone { <0, 0, 0>, 0.02, VRand_In_Sphere(Random_1), 0 pigment { rgb 1 } }
"#,
        ),
        case(
            "VRand_On_Sphere",
            E::Ok,
            r#"
#declare Random_1 = seed(2345);
sphere { 0, 0.175 translate VRand_On_Sphere(Random_1) pigment { rgb 1 } }
"#,
        ),
        case(
            "VRand_In_Obj",
            E::Ok,
            r#"
#declare MyObject = torus { 1.0, 0.25 }
#declare Random_1 = seed(2345);
sphere { 0, 0.05 translate VRand_In_Obj(MyObject, Random_1) pigment { rgb 1 } }
"#,
        ),
    ],
};

const SCREEN_INC: IncludeFile = IncludeFile {
    file: "screen.inc",
    includes: &["screen.inc"],
    cases: &[
        case(
            "Update_Camera",
            E::Ok,
            r#"
#declare Camera_Location = <0, 1, -4>;
#declare Camera_Look_At = <0, 0, 0>;
Update_Camera()
"#,
        ),
        case("Set_Camera_Location", E::Ok, "Set_Camera_Location(<0, 1, -4>)"),
        case("Set_Camera_Look_At", E::Ok, "Set_Camera_Look_At(<2, 2, 0>)"),
        case("Set_Camera_Aspect_Ratio", E::Ok, "Set_Camera_Aspect_Ratio(4/3)"),
        case("Set_Camera_Aspect", E::Ok, "Set_Camera_Aspect(4, 3)"),
        case("Set_Camera_Sky", E::Ok, "Set_Camera_Sky(<0, 1, 0.3>)"),
        case("Set_Camera_Zoom", E::Ok, "Set_Camera_Zoom(2)"),
        case("Set_Camera_Angle", E::Ok, "Set_Camera_Angle(70)"),
        case("Set_Camera", E::Ok, "Set_Camera(<25, 15, -33>, <2, 2, 0>, 70)"),
        case(
            "Reset_Camera",
            E::Ok,
            r#"
Set_Camera(<25, 15, -33>, <2, 2, 0>, 70)
Reset_Camera()
"#,
        ),
        case(
            "Screen_Object",
            E::Ok,
            r#"
Set_Camera(<0, 1, -4>, <0, 0, 0>, 70)
#declare MyCrosshair = union {
  torus { 0.2, 0.02 rotate 90*x }
  cylinder { 0.03*x, 0.2*x, 0.01 }
  cylinder { 0.03*x, 0.2*x, 0.01 rotate 90*z }
  pigment { color rgb <1.0, 0.4, 0.1> }
}
Screen_Object(MyCrosshair, <0.5, 0.5>, 0, true, 0.01)
"#,
        ),
        case(
            "Screen_Plane",
            E::Ok,
            r#"
Set_Camera(<0, 1, -4>, <0, 0, 0>, 70)
#declare MyScreenTexture = texture {
  pigment {
    gradient y
    color_map { [0.0, color rgb 0 transmit 0] [0.2, color rgb 0 transmit 1] }
  }
  finish { ambient 1 diffuse 0 }
}
Screen_Plane(MyScreenTexture, 0.02, <0, 0>, <1, 1>)
"#,
        ),
    ],
};

const SHAPES_INC: IncludeFile = IncludeFile {
    file: "shapes.inc",
    includes: &["shapes.inc"],
    cases: &[
        case(
            "Isect",
            E::Ok,
            r#"
#declare MyObj = box { <0, 0, 0>, <2, 1, 1> }
#declare Hit = <0, 0, 0>;
#if (!Isect(<1, 5, 0.5>, -y, MyObj, Hit)) #error "Isect found nothing" #end
#if (abs(Hit.y - 1) > 1e-6) #error "Isect" #end
sphere { Hit, 0.1 pigment { rgb 1 } }
"#,
        ),
        case(
            "IsectN",
            E::Ok,
            r#"
#declare MyObj = box { <0, 0, 0>, <2, 1, 1> }
#declare Hit = <0, 0, 0>;
#declare Normal = <0, 0, 0>;
#if (!IsectN(<1, 5, 0.5>, -y, MyObj, Hit, Normal)) #error "IsectN found nothing" #end
cylinder { Hit, Hit + Normal, 0.05 pigment { rgb 1 } }
"#,
        ),
        case(
            "Extents",
            E::Ok,
            r#"
#declare MyObj = box { <0, 0, 0>, <2, 1, 1> }
#declare Mn = <0, 0, 0>;
#declare Mx = <0, 0, 0>;
Extents(MyObj, Mn, Mx)
#if (Mx.x != 2 | Mn.y != 0) #error "Extents" #end
"#,
        ),
        case(
            "Center_Object",
            E::Ok,
            "object { Center_Object(box { <0, 0, 0>, <2, 1, 1> }, x) pigment { rgb 1 } }",
        ),
        case(
            "Align_Object",
            E::Ok,
            "object { Align_Object(box { <0, 0, 0>, <2, 1, 1> }, -x, 0) pigment { rgb 1 } }",
        ),
        case(
            "Bevelled_Text",
            E::Ok,
            r#"object { Bevelled_Text("crystal.ttf", "POV", 3, 45, 0.025, 0.25, 0, no) pigment { rgb 1 } }"#,
        ),
        case(
            "Text_Space",
            E::Ok,
            r#"
#declare W = Text_Space("crystal.ttf", "POV-Ray", 1, 0);
#if (W <= 0) #error "Text_Space" #end
"#,
        ),
        case(
            "Text_Width",
            E::Ok,
            r#"
#declare W = Text_Width("crystal.ttf", "POV-Ray", 1, 0);
#if (W <= 0) #error "Text_Width" #end
"#,
        ),
        case(
            "Circle_Text",
            E::Ok,
            r#"
object {
  Circle_Text("cyrvetic.ttf", "POV-Ray", 0.95, 0.01, 0.50, 1.15, 1, Align_Left, 175)
  pigment { rgb 1 }
}
"#,
        ),
        case(
            "Circle_Text_Valigned",
            E::Ok,
            r#"
object {
  Circle_Text_Valigned("cyrvetic.ttf", "POV-Ray", 0.35, 0.0005, 0.35, 1.00, 1, Align_Left, 50, -95)
  pigment { rgb 1 }
}
"#,
        ),
        case(
            "Wedge",
            E::Ok,
            "intersection { torus { 1, 0.25 } object { Wedge(120) } pigment { rgb 1 } }",
        ),
        case(
            "Spheroid",
            E::Ok,
            "object { Spheroid(<0, 0, 0>, <1, 0.76, 0.23>) pigment { rgb 1 } }",
        ),
        case(
            "Supertorus",
            E::Ok,
            "object { Supertorus(1.00, 0.25, 0.25, 0.45, 0.001, 1.50) pigment { rgb 1 } }",
        ),
        case(
            "Supercone",
            E::Ok,
            "object { Supercone(<0, 0, 0>, 0.5, 1.0, <0, 1.7, 0>, 0.7, 0.3) pigment { rgb 1 } }",
        ),
        case(
            "Connect_Spheres",
            E::Ok,
            "object { Connect_Spheres(<-0.5, -0.5, 0>, 0.5, <0.7, 0.7, 0.3>, 0.25) pigment { rgb 1 } }",
        ),
        case(
            "Wire_Box_Union",
            E::Ok,
            "object { Wire_Box_Union(<-1, 0, -1>, <1, 1, 1>, 0.1) pigment { rgb 1 } }",
        ),
        case(
            "Wire_Box_Merge",
            E::Ok,
            "object { Wire_Box_Merge(<-1, 0, -1>, <1, 1, 1>, 0.1) pigment { rgbf <1, 1, 1, 0.5> } }",
        ),
        case(
            "Wire_Box",
            E::Ok,
            "object { Wire_Box(<-1, 0, -1>, <1, 1, 1>, 0.10, 0) pigment { rgb 1 } }",
        ),
        case(
            "Round_Box_Union",
            E::Ok,
            "object { Round_Box_Union(<-0.23, -0.23, -0.1>, <0.23, 0.23, 0.15>, 0.02) pigment { rgb 1 } }",
        ),
        case(
            "Round_Box_Merge",
            E::Ok,
            "object { Round_Box_Merge(<-1, -1, -1>, <1, 1, 1>, 0.08) pigment { rgbf <1, 1, 1, 0.5> } }",
        ),
        case(
            "Round_Box",
            E::Ok,
            "object { Round_Box(<-1, 0, -1>, <1, 1, 1>, 0.25, 0) pigment { rgb 1 } }",
        ),
        case(
            "Round_Cylinder_Union",
            E::Ok,
            "object { Round_Cylinder_Union(<0, 0, 0>, <0, 1.5, 0>, 0.5, 0.2) pigment { rgb 1 } }",
        ),
        case(
            "Round_Cylinder_Merge",
            E::Ok,
            r#"
object { Round_Cylinder_Merge(0, z*0.03, 0.031, 0.005) scale 20 pigment { rgbf <1, 1, 1, 0.5> } }
"#,
        ),
        case(
            "Round_Cylinder",
            E::Ok,
            "object { Round_Cylinder(<0, 0, 0>, <0, 1.5, 0>, 0.50, 0.20, 0) pigment { rgb 1 } }",
        ),
        case(
            "Round_Cone_Union",
            E::Ok,
            "object { Round_Cone_Union(<0, 0, 0>, 0.70, <0, 1.20, 0>, 0.40, 0.15) pigment { rgb 1 } }",
        ),
        case(
            "Round_Cone_Merge",
            E::Ok,
            r#"
object { Round_Cone_Merge(<0, 0, 0>, 0.70, <0, 1.20, 0>, 0.40, 0.15) pigment { rgbf <1, 1, 1, 0.5> } }
"#,
        ),
        case(
            "Round_Cone",
            E::Ok,
            "object { Round_Cone(<0, 0, 0>, 0.70, <0, 1.20, 0>, 0.40, 0.15, 0) pigment { rgb 1 } }",
        ),
        case(
            "Round_Cone2_Union",
            E::Ok,
            "object { Round_Cone2_Union(<0, 0, 0>, 0.70, <0, 1.00, 0>, 0.40) pigment { rgb 1 } }",
        ),
        case(
            "Round_Cone2_Merge",
            E::Ok,
            r#"
object { Round_Cone2_Merge(<0, 0, 0>, 0.70, <0, 1.00, 0>, 0.40) pigment { rgbf <1, 1, 1, 0.5> } }
"#,
        ),
        case(
            "Round_Cone2",
            E::Ok,
            "object { Round_Cone2(<0, 0, 0>, 0.70, <0, 1.00, 0>, 0.40, 0) pigment { rgb 1 } }",
        ),
        case(
            "Round_Cone3_Union",
            E::Ok,
            "object { Round_Cone3_Union(<0, 0, 0>, 0.70, <0, 0.80, 0>, 0.40) pigment { rgb 1 } }",
        ),
        case(
            "Round_Cone3_Merge",
            E::Ok,
            r#"
object { Round_Cone3_Merge(<0, 0, 0>, 0.70, <0, 0.80, 0>, 0.40) pigment { rgbf <1, 1, 1, 0.5> } }
"#,
        ),
        case(
            "Round_Cone3",
            E::Ok,
            "object { Round_Cone3(<0, 0, 0>, 0.70, <0, 0.80, 0>, 0.40, 0) pigment { rgb 1 } }",
        ),
        case(
            "Quad",
            E::Ok,
            "mesh { Quad(<-1, 0, -1>, <1, 0, -1>, <1, 0, 1>, <-1, 0, 1>) pigment { rgb 1 } }",
        ),
        case(
            "Smooth_Quad",
            E::Ok,
            r#"
mesh {
  Smooth_Quad(
    <-1, 0, -1>, <-0.2, 1, -0.2>, <1, 0, -1>, <0.2, 1, -0.2>,
    <1, 0, 1>, <0.2, 1, 0.2>, <-1, 0, 1>, <-0.2, 1, 0.2>
  )
  pigment { rgb 1 }
}
"#,
        ),
        case(
            "HF_Square",
            E::Ok,
            r#"
#declare MyFunction = function(x, y, z) { 1 - (-f_snoise3d(x*2, y*2, z*2)*0.25) }
object {
  HF_Square(MyFunction, off, off, <60, 60>, on, "", <0.0, 0.1, 0.0>, <1.5, 0.5, 1.5>)
  pigment { rgb 1 }
}
"#,
        ),
        case(
            "HF_Sphere",
            E::Ok,
            r#"
#declare MyFunction = function(x, y, z) { 1 - (-f_snoise3d(x*2, y*2, z*2)*0.25) }
object {
  HF_Sphere(MyFunction, off, off, <60, 60>, on, "", <0.0, 0.6, 0.0>, 0.3, 0.3)
  pigment { rgb 1 }
}
"#,
        ),
        case(
            "HF_Cylinder",
            E::Ok,
            r#"
#declare MyFunction = function(x, y, z) { 1 - (-f_snoise3d(x*2, y*2, z*2)*0.25) }
object {
  HF_Cylinder(MyFunction, off, off, <60, 60>, on, "", <0.5, 0.0, 0.5>, <0.5, 1.0, 0.5>, 0.4, 0.3)
  pigment { rgb 1 }
}
"#,
        ),
        case(
            "HF_Torus",
            E::Ok,
            r#"
#declare MyFunction = function(x, y, z) { 1 - (-f_snoise3d(x*2, y*2, z*2)*0.25) }
object {
  HF_Torus(MyFunction, off, off, <60, 60>, on, "", 0.5, 0.1, 0.3)
  pigment { rgb 1 }
}
"#,
        ),
        case(
            "HFCreate_",
            E::Ok,
            r#"
// HFCreate_ is the HF macros' helper: it reads their local variables. With a file name it
// writes the mesh there too.
#declare MyFunction = function(x, y, z) { 1 - (-f_snoise3d(x*2, y*2, z*2)*0.25) }
HF_Square(MyFunction, off, off, <20, 20>, on, "hf_square.inc", <0.0, 0.1, 0.0>, <1.5, 0.5, 1.5>)
object { #include "hf_square.inc" pigment { rgb 1 } }
"#,
        ),
    ],
};

const SHAPES3_INC: IncludeFile = IncludeFile {
    file: "shapes3.inc",
    includes: &["shapes3.inc"],
    cases: &[
        case(
            "Segment_of_Object",
            E::Ok,
            r#"
#declare My_Test_Object = sphere { 0, 1 }
object { Segment_of_Object(My_Test_Object, -225) pigment { rgb 1 } }
"#,
        ),
        case(
            "Segment_of_CylinderRing",
            E::Ok,
            "object { Segment_of_CylinderRing(1.25, 0.50, 0.70, -225) pigment { rgb 1 } }",
        ),
        case(
            "Segment_of_Torus",
            E::Ok,
            "object { Segment_of_Torus(1.10, 0.25, -270) pigment { rgb 1 } }",
        ),
        case(
            "Round_N_Tube_Polygon",
            E::Ok,
            "object { Round_N_Tube_Polygon(8, 0.125 + 0.05, 0.9, 0.25, 0, 0) pigment { rgb 1 } }",
        ),
        case(
            "Pyramid_N",
            E::Ok,
            "object { Pyramid_N(8, 1.20, 0.00, 1.30) pigment { rgb 1 } }",
        ),
        case(
            "Pyramid_N_AB",
            E::Ok,
            "object { Pyramid_N_AB(8, <0, 1, -1>, 0.5, <1.5, 1.5, -0.5>, 0.25) pigment { rgb 1 } }",
        ),
        case(
            "Column_N",
            E::Ok,
            "object { Column_N(10, 0.7, 1.00) pigment { rgb 1 } }",
        ),
        case(
            "Column_N_AB",
            E::Ok,
            "object { Column_N_AB(8, <0, 0.5, -1>, <1.5, 1.5, -0.5>, 0.45) pigment { rgb 1 } }",
        ),
        case(
            "Egg_Shape",
            E::Ok,
            "object { Egg_Shape(1.60, 0.65) pigment { rgb 1 } }",
        ),
        case(
            "Facetted_Sphere",
            E::Ok,
            "object { Facetted_Sphere(6, 16) pigment { rgb 1 } }",
        ),
        case(
            "Facetted_Egg_Shape",
            E::Ok,
            "object { Facetted_Egg_Shape(9, 16, 1.25, 0.5) pigment { rgb 1 } }",
        ),
        case(
            "Facetted_Egg",
            E::Ok,
            "object { Facetted_Egg(7, 12) pigment { rgb 1 } }",
        ),
        case(
            "Ring_Sphere",
            E::Ok,
            "object { Ring_Sphere(1.00, 1.02, 0.025, 0.025, 12, 16) pigment { rgb 1 } }",
        ),
        case(
            "Round_Pyramid_N_in",
            E::Ok,
            r#"
object { Round_Pyramid_N_in(11, <0, 0, 0>, 1.30, <0, 1.00, 0>, 0.70, 0.10, 1, 1) pigment { rgb 1 } }
"#,
        ),
        case(
            "Round_Pyramid_N_out",
            E::Ok,
            r#"
object { Round_Pyramid_N_out(8, <0, 0, 0>, 1.30, <0, 1.00, 0>, 0.00, 0.10, 1, 0) pigment { rgb 1 } }
"#,
        ),
        case(
            "Rounded_Tube",
            E::Ok,
            "object { Rounded_Tube(1.50, 0.80, 0.10, 0.70, 0) pigment { rgb 1 } }",
        ),
        case(
            "Rounded_Tube_AB",
            E::Ok,
            r#"
object {
  Rounded_Tube_AB(<-1, -0.2, -0.2>, <1.0, 0.9, -0.3>, 0.95, 0.50, 0.12, 1)
  pigment { rgb 1 }
}
"#,
        ),
        case(
            "Round_Cylinder_Tube",
            E::Ok,
            r#"
object {
  Round_Cylinder_Tube(<-1, -0.2, -0.2>, <1.0, 0.9, -0.3>, 0.95, 0.12, 0, 1)
  pigment { rgb 1 }
}
"#,
        ),
        case(
            "Round_Conic_Torus",
            E::Ok,
            "object { Round_Conic_Torus(1.00, 0.80, 0.50, 0.10, 0) pigment { rgb 1 } }",
        ),
        case(
            "Round_Conic_Prism",
            E::Ok,
            "object { Round_Conic_Prism(0.95, 0.90, 0.40, 0.80, 0.10, 0) pigment { rgb 1 } }",
        ),
        case(
            "Half_Hollowed_Rounded_Cylinder1",
            E::Ok,
            "object { Half_Hollowed_Rounded_Cylinder1(3.2, 0.9, 0.2, 1, 1) pigment { rgb 1 } }",
        ),
        case(
            "Half_Hollowed_Rounded_Cylinder2",
            E::Ok,
            "object { Half_Hollowed_Rounded_Cylinder2(3.1, 0.9, 0.25, 0.10, 1, 1) pigment { rgb 1 } }",
        ),
    ],
};

const STRINGS_INC: IncludeFile = IncludeFile {
    file: "strings.inc",
    includes: &["strings.inc"],
    cases: &[
        case(
            "CRGBFTStr",
            E::Ok,
            r#"#debug concat("\n", CRGBFTStr(color rgbft <0.2, 0.3, 0.4, 0.5, 0.6>, 5, 5), "\n")"#,
        ),
        case(
            "CRGBStr",
            E::Ok,
            r#"#debug concat(CRGBStr(color rgb <0.2, 0.3, 0.4>, 5, 5), "\n")"#,
        ),
        case(
            "Parse_String",
            E::Ok,
            r#"
#declare MyColor = rgb <1, 0.5, 0>;
sphere { 0, 1 pigment { color Parse_String("MyColor") } }
"#,
        ),
        case("Str", E::Ok, r#"#debug concat("radius = ", Str(1/3), "\n")"#),
        case(
            "VStr2D",
            E::Ok,
            r#"#debug concat("uv = ", VStr2D(<0.25, 0.75>), "\n")"#,
        ),
        case(
            "VStr",
            E::Ok,
            r#"#debug concat("location = ", VStr(<1, 2.5, -3>), "\n")"#,
        ),
        case(
            "Vstr2D",
            E::Ok,
            r#"#debug concat("uv = ", Vstr2D(<0.25, 0.75>, 0, 3), "\n")"#,
        ),
        case(
            "Vstr",
            E::Ok,
            r#"#debug concat("location = ", Vstr(<1, 2.5, -3>, 5, 2), "\n")"#,
        ),
        case(
            "Triangle_Str",
            E::Ok,
            r#"#debug concat(Triangle_Str(<0, 0, 0>, <1, 0, 0>, <0.5, 1, 0>), "\n")"#,
        ),
        case(
            "Smooth_Triangle_Str",
            E::Ok,
            r#"
#debug concat(
  Smooth_Triangle_Str(<0, 0, 0>, <-0.2, -0.1, -1>, <1, 0, 0>, <0.2, -0.1, -1>, <0.5, 1, 0>, <0, 0.2, -1>),
  "\n\n"
)
"#,
        ),
    ],
};

const SUNPOS_INC: IncludeFile = IncludeFile {
    file: "sunpos.inc",
    includes: &["sunpos.inc"],
    cases: &[case(
        "SunPos",
        E::Ok,
        r#"
light_source {
  // Greenwich, noon on the longest day of 2000
  SunPos(2000, 6, 21, 12, 2, 0, 51.4667, 0.00)
  rgb 1
}
cylinder { <-2, 0, 0>, <2, 0, 0>, 0.1 rotate <0, Az - 90, Al> pigment { rgb 1 } }
"#,
    )],
};

const TEXTURES_INC: IncludeFile = IncludeFile {
    file: "textures.inc",
    includes: &["textures.inc"],
    cases: &[
        case(
            "Irregular_Bricks_Ptrn",
            E::Ok,
            r#"
plane { -z, 0
  texture {
    pigment {
      Irregular_Bricks_Ptrn(0.1, 1, 0.5, 0.5)
      color_map { [0.01, rgb 0.9] [0.01, rgb 0.6] }
    }
    normal { Irregular_Bricks_Ptrn(0.1, 1, 0.5, 0.5) 2 }
  }
}
"#,
        ),
        case(
            "Hex_Tiles_Ptrn",
            E::Ok,
            "plane { -z, 0 pigment { Hex_Tiles_Ptrn() color_map { [0 rgb 0] [1 rgb 1] } } }",
        ),
        case(
            "Tiles_Ptrn",
            E::Ok,
            "plane { -z, 0 pigment { Tiles_Ptrn() color_map { [0 rgb 0] [1 rgb 1] } } }",
        ),
        case(
            "Star_Ptrn",
            E::Ok,
            "plane { -z, 0 pigment { Star_Ptrn(1, 5, 2) color_map { [0, rgb 1] [1, blue 0.5] } } }",
        ),
    ],
};

const TRANSFORMS_INC: IncludeFile = IncludeFile {
    file: "transforms.inc",
    includes: &["transforms.inc"],
    cases: &[
        case(
            "Shear_Trans",
            E::Ok,
            "box { 0, 1 Shear_Trans(<2, 0.5, 0>, <0, 0.5, 0>, <0, 0.5, 0.5>) pigment { rgb 1 } }",
        ),
        case(
            "Matrix_Trans",
            E::Ok,
            r#"
box { 0, 1 Matrix_Trans(<2, 0.5, 0>, <0, 0.5, 0>, <0, 0.5, 0.5>, <-0.5, 0, 0>) pigment { rgb 1 } }
"#,
        ),
        case(
            "Axial_Scale_Trans",
            E::Ok,
            "box { 0, 1 Axial_Scale_Trans(<2, 0, 2>, 0.5) pigment { rgb 1 } }",
        ),
        case(
            "Axis_Rotate_Trans",
            E::Ok,
            "box { 0, 1 Axis_Rotate_Trans(<1, 0, 2>, 110) pigment { rgb 1 } }",
        ),
        case(
            "Rotate_Around_Trans",
            E::Ok,
            "box { 0, 1 Rotate_Around_Trans(<0, 0, 20>, <1.5, 0.5, 1>) pigment { rgb 1 } }",
        ),
        case(
            "Reorient_Trans",
            E::Ok,
            "box { 0, 1 Reorient_Trans(<1, 0, 0>, <1, 0.0, 2>) pigment { rgb 1 } }",
        ),
        case(
            "Point_At_Trans",
            E::Ok,
            "cone { 0, 0.3, y, 0 Point_At_Trans(<1, 1, 1>) pigment { rgb 1 } }",
        ),
        case(
            "Center_Trans",
            E::Ok,
            r#"
#declare MyObj = box { <0, 0, 0>, <2, 1, 1> }
object { MyObj Center_Trans(MyObj, x+y) pigment { rgb 1 } }
"#,
        ),
        case(
            "Align_Trans",
            E::Ok,
            r#"
#declare MyObj = box { <0, 0, 0>, <2, 1, 1> }
#declare Pt = <0.5, 0.5, 0.5>;
object { MyObj Align_Trans(MyObj, x, Pt) Align_Trans(MyObj, -y, Pt) pigment { rgb 1 } }
"#,
        ),
        case(
            "Spline_Trans",
            E::Ok,
            r#"
#declare MySpline = spline {
  natural_spline
  0, <-2, 0, 0>
  1, <0, 0.5, 1>
  2, <2, 0, 0>
  3, <0, -0.5, -1>
  4, <-2, 0, 0>
}
cone { -0.3*z, 0.2, 0.3*z, 0 Spline_Trans(MySpline, 1.5, y, 0.1, 0.5) pigment { rgb 1 } }
"#,
        ),
        case(
            "vtransform",
            E::Ok,
            r#"
#declare P = vtransform(x, transform { rotate 90*z translate y });
#if (vlength(P - <0, 2, 0>) > 1e-6) #error "vtransform" #end
"#,
        ),
        case(
            "vinv_transform",
            E::Ok,
            r#"
#declare P = vinv_transform(<0, 2, 0>, transform { rotate 90*z translate y });
#if (vlength(P - x) > 1e-6) #error "vinv_transform" #end
"#,
        ),
    ],
};

#[test]
fn every_macro_of_the_installed_include_files_has_a_case() {
    let folder = povray_include();
    let mut defined = BTreeSet::new();
    for entry in std::fs::read_dir(&folder).unwrap() {
        let path = entry.unwrap().path();
        let Some(file) = path
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| n.ends_with(".inc"))
        else {
            continue;
        };
        // Some files are Latin-1; macro names are ASCII.
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        for name in macros_defined(&text) {
            defined.insert((file.to_string(), name));
        }
    }
    assert!(!defined.is_empty(), "no #macro found in {}", folder.display());

    let mut tabled = BTreeSet::new();
    let mut problems = Vec::new();
    for file in FILES {
        if !file.includes.contains(&file.file) {
            problems.push(format!("the scenes of {} do not include it", file.file));
        }
        for case in file.cases {
            if !tabled.insert((file.file.to_string(), case.name.to_string())) {
                problems.push(format!("{} {} has two cases", file.file, case.name));
            }
            if !case.sdl.contains(case.name) {
                problems.push(format!(
                    "the snippet of {} {} does not name it",
                    file.file, case.name
                ));
            }
        }
    }
    for (file, name) in defined.difference(&tabled) {
        problems.push(format!("{file} defines #macro {name}, which has no case"));
    }
    for (file, name) in tabled.difference(&defined) {
        problems.push(format!(
            "the table has a case for {file} {name}, which {file} does not define"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
