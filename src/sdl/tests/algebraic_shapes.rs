//! `quadric`, `poly`, `cubic`, `quartic`, `polynomial` and `superellipsoid`: their
//! parameters, and clear errors for the hostile ones.

use super::support::{error, parse, scene};
use crate::scene::Shape;

fn coefficients(shape: &Shape) -> (u32, Vec<f64>) {
    match shape {
        Shape::Poly(p) => (p.order, p.coefficients.clone()),
        other => panic!("expected a poly, found {other:?}"),
    }
}

#[test]
fn quadric_keeps_povrays_coefficient_order() {
    let s = scene("quadric { <1, 2, 3>, <4, 5, 6>, <7, 8, 9>, -10 sturm }");
    assert!(
        matches!(&s.objects[0].shape, Shape::Quadric(c) if **c == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, -10.0])
    );
}

#[test]
fn poly_cubic_and_quartic_read_their_coefficient_lists() {
    let quadric_terms = "<1, 0, 0, 0, 1, 0, 0, 1, 0, -1>";
    let s = scene(&format!(
        "poly {{ 2, {quadric_terms} sturm }}\n\
         cubic {{ <{}> }}\n\
         quartic {{ <{}> }}",
        ["1"; 20].join(", "),
        ["2"; 35].join(", ")
    ));
    assert_eq!(
        coefficients(&s.objects[0].shape),
        (2, vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, -1.0])
    );
    assert_eq!(coefficients(&s.objects[1].shape), (3, vec![1.0; 20]));
    assert_eq!(coefficients(&s.objects[2].shape), (4, vec![2.0; 35]));
}

#[test]
fn polynomial_places_each_term_where_poly_would() {
    let s = scene("polynomial { 4, xyz(4, 0, 0): 1, xyz(2, 2, 0): 2, xyz(0, 0, 0): -3, xyz(1,0,0): 5 }");
    let (order, c) = coefficients(&s.objects[0].shape);
    assert_eq!(order, 4);
    assert_eq!(c.len(), 35);
    assert_eq!((c[0], c[4], c[19], c[34]), (1.0, 2.0, 5.0, -3.0));
    assert_eq!(c.iter().filter(|k| **k != 0.0).count(), 4);
}

#[test]
fn superellipsoid_reads_its_two_exponents() {
    let s = scene("superellipsoid { <0.25, 1> scale 2 }");
    assert!(matches!(s.objects[0].shape, Shape::Superellipsoid { e, n } if e == 0.25 && n == 1.0));
}

#[test]
fn hostile_parameters_are_errors_with_a_location() {
    let cases = [
        ("poly { 2, <1, 2, 3> }", "needs 10 coefficients, found 3"),
        ("cubic { <1, 2> }", "needs 20 coefficients"),
        ("poly { 1, <1, 2, 3, 4> }", "order of `poly` must be from 2 to 35"),
        ("poly { 36, <1> }", "order of `poly` must be from 2 to 35"),
        (
            "polynomial { 2, xyz(2, 1, 0): 1 }",
            "beyond the polynomial's order 2",
        ),
        ("polynomial { 3, xyz(-1, 0, 0): 1 }", "powers must be from 0 to 3"),
        ("quadric { <1, 1, 1>, 0, 0, 1/0 }", ""),
        ("superellipsoid { <0, 1> }", "exponents must be positive"),
        ("superellipsoid { <1, -2> }", "exponents must be positive"),
    ];
    for (text, message) in cases {
        let e = error(text);
        assert!(e.message().contains(message), "{text}: {e}");
        assert!(e.location().is_some(), "{text}: {e}");
    }
    let e = error("#declare Big = 1e200;\nquartic { <Big*Big*Big, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0> }");
    assert!(e.message().contains("finite"), "{e}");
    assert_eq!(e.location().unwrap().line, 2);
}

#[test]
fn an_all_zero_polynomial_parses_with_a_warning() {
    let (s, warnings) = parse("poly { 2, <0, 0, 0, 0, 0, 0, 0, 0, 0, 0> }").unwrap();
    assert_eq!(s.objects.len(), 1);
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("no non-zero coefficient")),
        "{warnings:?}"
    );
}
