//! The radiosity pretrace follows camera rays through glass and mirrors as the render
//! does, only while what they can add stays above `adc_bailout`. Panes of glass that
//! each reflect (fresnel) and let light through would otherwise branch a camera ray
//! into thousands of paths and ask for a sample at each: POV-Ray's balcony scene took
//! 54,000 samples and 90 s that way, against POV-Ray's 22,000.

use crate::budget::{MemoryBudget, StopSignal};
use crate::render::options::RenderOptions;
use crate::render::{render, RenderControl};
use crate::sdl::tests::support::scene;

/// Two of the fresnel test's panes of glass, under radiosity.
fn panes() -> String {
    super::fresnel::PANES
        .replace(
            "max_trace_level 15 }",
            "max_trace_level 15\n  radiosity { pretrace_start 0.08 pretrace_end 0.02 count 30 error_bound 0.5 } }",
        )
        .replace("#for (i, 0, 3)", "#for (i, 0, 1)")
}

fn samples(text: &str) -> usize {
    let options = RenderOptions {
        width: 64,
        height: 48,
        threads: 2,
        ..RenderOptions::default()
    };
    let control = RenderControl {
        progress: &|_, _| {},
        stop: &StopSignal::new(),
        memory: MemoryBudget::UNLIMITED,
        resume: None,
    };
    render(&scene(text), &options, &control)
        .expect("renders")
        .1
        .radiosity_samples
}

#[test]
fn glass_panes_take_no_more_samples_than_povray() {
    // POV-Ray 3.7.0 takes 11159 samples for this scene at 64x48 (1387 without the
    // panes); following every branch took spotray millions, for minutes.
    let with_panes = samples(&panes());
    let without = samples(&panes().replace("object { Pane", "// object { Pane"));
    assert!(
        with_panes <= 11159 && without <= 1387,
        "{with_panes} samples behind the panes, {without} without them"
    );
}
