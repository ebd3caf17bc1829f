//! Error messages: location, caret snippet, unknown identifiers, unsupported features,
//! limits.

use std::time::{Duration, Instant};

use super::support::{error, parse};
use crate::sdl::{parse_scene_str, Limits, ParseOptions, SceneErrorKind};

#[test]
fn syntax_error_names_expected_and_found_with_caret() {
    let text = "// scene\n\n\n\n\n\n\n\n\n\nsphere {\n  0, 1\n    box { 0, 1 }\n}\n";
    let e = error(text);
    assert_eq!(e.kind(), SceneErrorKind::Syntax);
    let loc = e.location().unwrap();
    assert_eq!((loc.line, loc.column), (13, 5));
    let shown = e.to_string();
    assert_eq!(
        shown,
        "error: expected `}` to close `sphere`, found `box`\n  --> test.pov:13:5\n   |\n13 |     box { 0, 1 }\n   |     ^^^"
    );
}

#[test]
fn unknown_identifier_with_suggestion() {
    let e = error("#declare Fo0 = 1;\nsphere { 0, Foo }");
    assert_eq!(e.kind(), SceneErrorKind::UnknownIdentifier);
    assert!(e.message().contains("unknown identifier `Foo`"));
    assert!(e.to_string().contains("did you mean `Fo0`?"), "{e}");
    assert_eq!(e.location().unwrap().line, 2);
}

#[test]
fn unsupported_features_are_named() {
    for (text, word) in [
        ("#declare L = union { sphere { 0, 1 pigment { pavement } } }\nobject { L }", "pavement"),
        (
            "bicubic_patch { type 0 <0,0,0> <1,0,0> <2,0,0> <3,0,0> <0,1,0> <1,1,0> <2,1,0> <3,1,0> \
             <0,2,0> <1,2,0> <2,2,0> <3,2,0> <0,3,0> <1,3,0> <2,3,0> <3,3,0> uv_mapping pigment { checker } }",
            "uv_mapping` on a `bicubic_patch",
        ),
    ] {
        let e = error(text);
        assert_eq!(e.kind(), SceneErrorKind::Unsupported, "{text}: {e}");
        assert!(
            e.message().contains(&format!("`{word}")) && e.message().contains("spotray does not support yet"),
            "{e}"
        );
    }
}

#[test]
fn infinite_while_loop_hits_the_limit_quickly() {
    // A tenth of the default limit: the point is that the loop stops with the limit
    // named at the loop, and soon, not how fast a busy machine gets through 10 million
    // iterations (the whole default limit takes a few seconds).
    let options = ParseOptions {
        limits: Limits {
            max_loop_iterations: 1_000_000,
            ..Limits::default()
        },
        ..ParseOptions::default()
    };
    let start = Instant::now();
    let e = parse_scene_str(
        "test.pov",
        "#declare A = 1;\n#while (1)\n#end\n",
        std::path::Path::new("."),
        &options,
    )
    .expect_err("the loop never ends");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    let loc = e.location().unwrap();
    assert_eq!((loc.line, loc.column), (2, 1));
    assert!(e.message().contains("#while"));
}

#[test]
fn huge_for_loop_and_recursion_are_bounded() {
    let opts = ParseOptions {
        limits: Limits {
            max_loop_iterations: 10_000,
            ..Limits::default()
        },
        ..ParseOptions::default()
    };
    let e = parse_scene_str(
        "t.pov",
        "#for (I, 0, 1e18) #end",
        std::path::Path::new("."),
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    let e = error("#macro R(N) R(N+1) #end R(0)");
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    assert!(e.message().contains("nested more than 200"), "{e}");
    // Exponential fan-out is caught by the global call budget.
    let e = parse_scene_str(
        "t.pov",
        "#macro F(N) #if (N > 0) F(N-1) F(N-1) #end #end F(60)",
        std::path::Path::new("."),
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit);
}

#[test]
fn arrays_and_arithmetic_errors() {
    let e = error("#declare A = array[100000000000];");
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    let e = error("#declare A = 1/0;");
    assert_eq!(e.kind(), SceneErrorKind::Semantic);
    assert!(e.message().contains("division by zero"));
    let e = error("#declare A = array[3]; #declare B = A[3];");
    assert!(e.message().contains("out of range"), "{e}");
    let e = error("#declare A = array[3]; #declare B = A[1];");
    assert!(e.message().contains("before a value was assigned"), "{e}");
}

#[test]
fn error_directive_and_unclosed_blocks() {
    let e = error("#error \"stop here\"");
    assert_eq!(e.kind(), SceneErrorKind::Semantic);
    assert!(e.message().contains("stop here"));
    let e = error("#if (1)\nsphere { 0, 1 }\n");
    assert!(e.message().contains("expected `#end` to close `#if`"), "{e}");
    let e = error("sphere { 0, 1 ");
    assert!(e.message().contains("found end of file"), "{e}");
    let e = error("#end");
    assert!(e.message().contains("without a matching"), "{e}");
}

#[test]
fn lexer_errors_are_located() {
    let e = error("sphere { 0, 1 }\n  @");
    assert_eq!(e.kind(), SceneErrorKind::Syntax);
    assert_eq!(e.location().unwrap().line, 2);
    assert!(e.to_string().contains("unexpected character `@`"));
}

#[test]
fn wrong_types_are_semantic_errors() {
    let e = error("#declare S = 1;\n#declare X = S + sphere { 0, 1 };");
    assert_eq!(e.kind(), SceneErrorKind::Syntax);
    assert!(e.message().contains("found `sphere`"), "{e}");
    let e = error("sphere { \"a\", 1 }");
    assert!(e.message().contains("expected a vector"), "{e}");
    let e = error("#declare S = sphere { 0, 1 }\nS");
    assert!(e.to_string().contains("object { S }"), "{e}");
}

#[test]
fn warnings_have_locations() {
    let (_, w) = parse("#warning \"careful\"\nsphere { 0, 1 scale <1, 0, 1> }").unwrap();
    assert_eq!(w.len(), 2);
    assert!(w[0].message.contains("careful"));
    assert_eq!(w[1].location.as_ref().unwrap().line, 2);
}

#[test]
fn unsupported_features_in_declarations_fail_only_when_used() {
    // Declared but unused: fine (include files are full of these).
    let (s, _) = parse(
        "#declare Q = union { sphere { 0, 1 pigment { pavement } } }\n\
         #declare T = texture { pigment { pavement color_map { [0 rgb 0] [1 rgb 1] } } }\n\
         #declare F = function { x + y }\n\
         #declare U = union { object { Q } sphere { 0, 1 } }\n\
         sphere { 0, 1 }",
    )
    .unwrap();
    assert_eq!(s.objects.len(), 1);
    // Used: the error points at the unsupported feature and says where it was used.
    let e = error(
        "#declare Q = union { sphere { 0, 1 pigment { pavement } } }\n#declare U = union { object { Q } }\nobject { U }",
    );
    assert_eq!(e.kind(), SceneErrorKind::Unsupported);
    assert!(e.message().contains("`pavement` is a POV-Ray feature"), "{e}");
    assert_eq!(e.location().unwrap().line, 1);
    assert!(e.to_string().contains("used through `U` at test.pov:3:10"), "{e}");
    let e = error("#declare T = texture { pigment { pavement } }\nsphere { 0, 1 texture { T } }");
    assert!(e.message().contains("`pavement`"), "{e}");
    let e = error("#declare F = function { pigment { pavement } }\nsphere { 0, F(1, 2, 3).red }");
    assert!(e.message().contains("`pavement`"), "{e}");
    // Used directly (not in a declaration): immediate error.
    let e = error("sphere { 0, 1 pigment { pavement } }");
    assert!(e.message().contains("`pavement`"), "{e}");
}
