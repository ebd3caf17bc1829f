//! Conditionals, loops, declarations, scoping, arrays and macros.

use super::support::{error, parse, scene};
use crate::scene::Shape;

/// The x coordinates of the spheres' centres, in order.
fn xs(text: &str) -> Vec<f64> {
    scene(text)
        .objects
        .iter()
        .map(|o| match o.shape {
            Shape::Sphere { center, .. } => center.x,
            _ => f64::NAN,
        })
        .collect()
}

#[test]
fn if_elseif_else() {
    let t = |v: i32| {
        xs(&format!(
            "#declare V = {v};\n#if (V = 1) sphere {{ 1, 1 }}\n#elseif (V = 2) sphere {{ 2, 1 }}\n#else sphere {{ 3, 1 }}\n#end"
        ))
    };
    assert_eq!(t(1), vec![1.0]);
    assert_eq!(t(2), vec![2.0]);
    assert_eq!(t(5), vec![3.0]);
    // Nested blocks in skipped branches are skipped as a whole.
    let v = xs("#if (0) #if (1) sphere { 9, 1 } #else sphere { 8, 1 } #end #else sphere { 1, 1 } #end");
    assert_eq!(v, vec![1.0]);
}

#[test]
fn ifdef_ifndef_undef() {
    let v = xs("#declare A = 1;\n#ifdef (A) sphere { 1, 1 } #end\n#ifndef (B) sphere { 2, 1 } #end\n#undef A\n#ifdef (A) sphere { 3, 1 } #else sphere { 4, 1 } #end");
    assert_eq!(v, vec![1.0, 2.0, 4.0]);
    let v = xs("#declare Arr = array[2];\n#declare Arr[1] = 5;\n#ifdef (Arr[0]) sphere { 1, 1 } #end\n#ifdef (Arr[1]) sphere { 2, 1 } #end\n#if (defined(Arr)) sphere { 3, 1 } #end");
    assert_eq!(v, vec![2.0, 3.0]);
}

#[test]
fn switch_case_range_break_and_fall_through() {
    let t = |v: f64| {
        xs(&format!(
            "#switch ({v})\n#case (1) sphere {{ 1, 1 }} #break\n#case (2) sphere {{ 2, 1 }}\n#case (3) sphere {{ 3, 1 }} #break\n#range (4, 6) sphere {{ 4, 1 }} #break\n#else sphere {{ 0, 1 }}\n#end"
        ))
    };
    assert_eq!(t(1.0), vec![1.0]);
    // As documented: falling through re-evaluates the next clause's condition, and an
    // `#else` after a false clause runs.
    assert_eq!(t(2.0), vec![2.0, 0.0]);
    assert_eq!(t(3.0), vec![3.0]);
    assert_eq!(t(5.5), vec![4.0]);
    assert_eq!(t(9.0), vec![0.0]);
    let v = xs("#switch (2) #case (2) sphere { 1, 1 } #case (2) sphere { 2, 1 } #break #case (2) sphere { 3, 1 } #end");
    assert_eq!(v, vec![1.0, 2.0]);
}

#[test]
fn while_and_for_loops() {
    let v = xs("#declare I = 0;\n#while (I < 3)\n  sphere { I, 1 }\n  #declare I = I + 1;\n#end");
    assert_eq!(v, vec![0.0, 1.0, 2.0]);
    let v = xs("#for (I, 0, 1, 0.5) sphere { I, 1 } #end");
    assert_eq!(v, vec![0.0, 0.5, 1.0]);
    let v = xs("#for (I, 3, 1, -1) sphere { I, 1 } #end");
    assert_eq!(v, vec![3.0, 2.0, 1.0]);
    let v = xs("#for (I, 1, 0) sphere { I, 1 } #end sphere { 7, 1 }");
    assert_eq!(v, vec![7.0]);
    // The counter stays defined after the loop.
    let v = xs("#for (I, 0, 2) #end sphere { I, 1 }");
    assert_eq!(v, vec![3.0]);
    // #break leaves the innermost loop.
    let v = xs("#for (I, 0, 10)\n #if (I = 2) #break #end\n sphere { I, 1 }\n#end");
    assert_eq!(v, vec![0.0, 1.0]);
    // Nested loops.
    let v = xs("#for (I, 0, 1) #for (J, 0, 1) sphere { I * 10 + J, 1 } #end #end");
    assert_eq!(v, vec![0.0, 1.0, 10.0, 11.0]);
    assert!(error("#for (I, 0, 1, 0) #end")
        .message()
        .contains("non-zero step"));
}

#[test]
fn directives_inside_objects_and_expressions() {
    let s = scene("#declare R = #if (1) 2 #else 3 #end;\nsphere { 0, R #declare Q = 1; }");
    assert!(matches!(s.objects[0].shape, Shape::Sphere { radius, .. } if radius == 2.0));
    let s = scene("union {\n#for (I, 0, 4) sphere { I, 1 } #end\n}");
    assert!(matches!(&s.objects[0].shape, Shape::Csg { children, .. } if children.len() == 5));
}

#[test]
fn declare_and_local_scoping() {
    // #local in a macro is gone after it; #declare of an existing name updates it.
    let v = xs(
        "#declare A = 1;\n#macro M() #local A = 5; #declare B = A; #end\nM()\nsphere { A, 1 } sphere { B, 1 }",
    );
    assert_eq!(v, vec![1.0, 5.0]);
    // #declare inside a macro of a name local to that macro updates the local.
    let v = xs("#macro M() #local C = 1; #declare C = C + 1; sphere { C, 1 } #end\nM()\n#ifdef (C) sphere { 9, 1 } #end");
    assert_eq!(v, vec![2.0]);
    // #local at top level is global.
    let v = xs("#local G = 3; sphere { G, 1 }");
    assert_eq!(v, vec![3.0]);
}

#[test]
fn a_parameter_given_a_bare_identifier_is_that_identifier() {
    // POV-Ray 3.7.0 prints A=5 B=6 D=20, "inner A=7", A1=9, and keeps C defined.
    let text = "#macro M(P) #local P = 5; #end\n\
                #macro N(P) #declare P = 6; #end\n\
                #macro K(P) #undef P #end\n\
                #macro L(P) #local P = P + 1; L2(P) #end\n\
                #macro L2(P) #local P = P * 10; #end\n\
                #macro Q(P) #local P = 7; sphere { A, 1 } #end\n\
                #macro Fill(Arr) #declare Arr[1] = 9; #end\n\
                #declare A = 1; M(A) sphere { A, 1 }\n\
                #declare B = 1; N(B) sphere { B, 1 }\n\
                #declare C = 1; K(C) sphere { C, 1 }\n\
                #declare D = 1; L(D) sphere { D, 1 }\n\
                #declare A = 1; Q(A)\n\
                #declare E = array[3] { 1, 2, 3 } Fill(E) sphere { E[1], 1 }\n\
                #declare F = 1; M(F + 0) sphere { F, 1 }";
    assert_eq!(xs(text), vec![5.0, 6.0, 1.0, 20.0, 7.0, 9.0, 1.0]);
}

#[test]
fn a_declaration_lands_in_the_scope_where_it_began() {
    // The `;` that ends the value lies inside `F`'s body, so `F` is still running when the
    // value is complete: the names still belong to `G` and to the top level.
    let text = "#macro F(A)\n #local Q = A + 1;\n #if (Q) Q; #else 0; #end\n#end\n\
                #macro G(S) #local N = F(S) sphere { N, 1 } #end\n\
                G(2)\n#declare T = F(5) sphere { T, 1 }";
    assert_eq!(xs(text), vec![3.0, 6.0]);
}

#[test]
fn macros() {
    // Returning a value, like a function.
    let v = xs("#macro Twice(A) (A * 2) #end\nsphere { Twice(3) + 1, 1 }");
    assert_eq!(v, vec![7.0]);
    // Producing objects and object modifiers.
    let s = scene("#macro Ball(X) sphere { X, 1 } #end\n#macro Move() translate y #end\nunion { Ball(1) Ball(2) Move() }");
    let Shape::Csg { children, .. } = &s.objects[0].shape else {
        panic!()
    };
    assert_eq!(children.len(), 2);
    assert!(s.objects[0].transform.is_some());
    // Recursion with a base case.
    let v = xs("#macro Count(N) #if (N > 0) sphere { N, 1 } Count(N - 1) #end #end\nCount(3)");
    assert_eq!(v, vec![3.0, 2.0, 1.0]);
    // Parameters passed as identifiers are by reference.
    let v = xs("#macro Inc(V) #declare V = V + 1; #end\n#declare K = 1;\nInc(K) Inc(K)\nsphere { K, 1 }");
    assert_eq!(v, vec![3.0]);
    // #break ends a macro early.
    let v = xs("#macro M() sphere { 1, 1 } #break sphere { 2, 1 } #end\nM()");
    assert_eq!(v, vec![1.0]);
    // Macros may take objects and vectors.
    let s = scene(
        "#macro Place(O, P) object { O translate P } #end\n#declare B = box { 0, 1 }\nPlace(B, <1, 2, 3>)",
    );
    assert!(matches!(s.objects[0].shape, Shape::Box(_)));
    assert!(error("#macro M(A, B) #end\nM(1)")
        .message()
        .contains("takes 2 parameter"));
}

#[test]
fn arrays() {
    let v = xs(
        "#declare A = array[3] { 1, 2, 3 };\n#for (I, 0, dimension_size(A, 1) - 1) sphere { A[I], 1 } #end",
    );
    assert_eq!(v, vec![1.0, 2.0, 3.0]);
    let v = xs("#declare M = array[2][2] { {1, 2}, {3, 4} };\n#declare M[1][0] = 7;\nsphere { M[1][0] + M[0][1], 1 }\nsphere { dimensions(M), 1 }");
    assert_eq!(v, vec![9.0, 2.0]);
    let s = scene("#declare O = array[2];\n#declare O[0] = sphere { 0, 1 };\n#declare O[1] = box { 0, 1 };\nobject { O[1] }");
    assert!(matches!(s.objects[0].shape, Shape::Box(_)));
    let short = error("#declare A = array[2] { 1 };");
    assert!(
        short
            .message()
            .contains("1 element(s) here; the array declares 2"),
        "{short}"
    );
}

#[test]
fn version_and_messages() {
    let (s, w) =
        parse("#version 3.7;\n#debug \"hello\\n\"\n#warning \"careful\"\n#render \"to render\"\n#statistics concat(\"n=\", str(2, 0, 0))\nsphere { 0, version - 2.7 }")
            .unwrap();
    assert_eq!(s.version, Some(3.7));
    assert!(matches!(s.objects[0].shape, Shape::Sphere { radius, .. } if (radius - 1.0).abs() < 1e-9));
    let messages: Vec<_> = w.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "#debug: hello",
            "#warning: careful",
            "#render: to render",
            "#statistics: n=2"
        ]
    );
    // Without #version the scene reports none; `version` reads 3.7, as POV-Ray 3.7.0.10
    // prints it.
    let s = scene("sphere { 0, version }");
    assert_eq!(s.version, None);
    assert!(matches!(s.objects[0].shape, Shape::Sphere { radius, .. } if radius == 3.7));
}

#[test]
fn gamma_correction_is_off_for_older_scenes_without_assumed_gamma() {
    // As POV-Ray 3.7 decides it, by the version in force at the end of the scene.
    let cases = [
        ("", true),
        ("#version 3.6;", true),
        ("#version 3.7;", false),
        ("#version 3.6; global_settings { assumed_gamma 2.2 }", false),
        ("global_settings { assumed_gamma 1 }", false),
        ("#version 3.7; #version 3.5;", true),
        // An include file's save-and-restore of `version` sets 3.7.
        ("#declare V = version; #version 3.5; #version V;", false),
    ];
    for (head, legacy) in cases {
        let s = scene(&format!("{head}\nsphere {{ 0, 1 }}"));
        assert_eq!(s.legacy_gamma, legacy, "{head}");
    }
}

#[test]
fn declares_from_options() {
    let opts = crate::sdl::ParseOptions {
        declares: vec![("Size".into(), 4.0)],
        image_size: Some((640, 480)),
        clock: 0.75,
        ..Default::default()
    };
    let (s, _) = crate::sdl::parse_scene_str(
        "t.pov",
        "sphere { <image_width / image_height, clock, 0>, Size }",
        std::path::Path::new("."),
        &opts,
    )
    .unwrap();
    assert!(
        matches!(s.objects[0].shape, Shape::Sphere { radius, center } if radius == 4.0 && (center.x - 4.0 / 3.0).abs() < 1e-12 && center.y == 0.75)
    );
}

#[test]
fn debug_messages_are_shown_with_their_location() {
    let (_, warnings) =
        parse("#debug concat(\"progress \", str(50, 0, 0), \"%\\n\")\nsphere { 0, 1 }").unwrap();
    let debug = warnings
        .iter()
        .find(|w| w.message == "#debug: progress 50%")
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert_eq!(debug.location.as_ref().map(|l| l.line), Some(1));
    // Each message is shown every time it is written; a flood is bounded.
    let (_, warnings) = parse("#for (I, 1, 3) #debug \"again\" #end\nsphere { 0, 1 }").unwrap();
    assert_eq!(
        warnings.iter().filter(|w| w.message == "#debug: again").count(),
        3
    );
    let (_, warnings) = parse("#for (I, 1, 5000) #debug \"flood\" #end\nsphere { 0, 1 }").unwrap();
    assert_eq!(warnings.len(), 1000);
}

#[test]
fn an_error_shows_the_scenes_last_messages_before_it() {
    let e = error(
        "#for (I, 1, 30) #debug concat(\"step \", str(I, 0, 0), \"\\n\") #end\n\
         #warning \"almost there\"\n\
         #declare S = \"x\"; #for (I, 1, 10) #declare S = concat(S, S); #end\n\
         #debug concat(\"long \", S)\n\
         sphere { 0, Nope }",
    );
    let text = e.to_string();
    let shown: Vec<&str> = text.lines().filter(|l| l.starts_with("warning: ")).collect();
    // The last twenty: steps 13 to 30, the warning and the long line, cut short.
    assert_eq!(shown.len(), 20, "{text}");
    assert_eq!(shown[0], "warning: #debug: step 13");
    assert_eq!(shown[18], "warning: #warning: almost there");
    assert!(
        shown[19].ends_with(" ...") && shown[19].len() < 600,
        "{}",
        shown[19]
    );
    // The error itself still follows, with its location.
    let error_line = text
        .lines()
        .position(|l| l.starts_with("error: "))
        .expect("the error");
    assert!(text
        .lines()
        .nth(error_line)
        .unwrap()
        .contains("unknown identifier `Nope`"));
    assert!(error_line > 20);
}

#[test]
fn a_value_ending_inside_a_directive_block_is_a_vector_component_or_argument() {
    // rand.inc's Rand_Spline ends its value inside `#if ... #end`.
    let v = xs("#macro M() #if (1) (0.5) #end #end\n\
         #declare F = function(a) { a * 2 }\n\
         sphere { <M(), 0, 0>, 1 }\n\
         sphere { <F(M()), 0, 0>, 1 }");
    assert_eq!(v, vec![0.5, 1.0]);
}

#[test]
fn macro_arguments_may_leave_out_a_comma_as_povray_allows() {
    // After an object argument the comma is optional; a vector follows.
    let s = scene(
        "#macro Place(O, V, S) object { O translate V scale S } #end\n\
         Place(sphere { 0, 1 } -y, 2)",
    );
    let m = s.objects[0].transform.as_deref().expect("moved");
    assert_eq!(
        m.transform_point3(glam::DVec3::ZERO),
        glam::DVec3::new(0.0, -2.0, 0.0)
    );
    // With every parameter given, what follows must close the call.
    let e = error("#macro M(A) A #end\n#declare X = M(1 2);");
    assert!(e.message().contains("`,` or `)`"), "{e}");
}

#[test]
fn a_macros_value_inside_if_else_goes_on_into_the_expression_after_the_call() {
    // arrays.inc's Rand_Array_Item, as advanced/isocacti.pov uses it: the value ends at
    // `#else`, and the `* 0.5` after the call still applies, as in POV-Ray.
    let s = scene(
        "#declare Cols = array[2] { rgb <1,0,0>, rgb <0,1,0> }\n\
         #macro P(A) #if (1) A[1] #else A[0] #end #end\n\
         #macro Q(A) #if (1) #if (1) A[0] #end #end #end\n\
         sphere { 0, 1 pigment { P(Cols) * 0.5 } }\n\
         sphere { 0, 1 pigment { Q(Cols) * 0.5 + 0.25 } }",
    );
    let colour = |i: usize| match &s.objects[i].texture[0].pigment.pattern {
        crate::scene::PigmentPattern::Solid(c) => c.rgb,
        other => panic!("a solid colour, found {other:?}"),
    };
    assert_eq!(colour(0), glam::DVec3::new(0.0, 0.5, 0.0));
    assert_eq!(colour(1), glam::DVec3::new(0.75, 0.25, 0.25));
    // A loop's `#end` is not run early: the declaration in the body completes first.
    let v = xs("#declare I = 0;\n#while (I < 3) sphere { I, 1 } #declare I = I + 1; #end");
    assert_eq!(v, vec![0.0, 1.0, 2.0]);
}
