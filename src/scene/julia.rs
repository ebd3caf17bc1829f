//! `julia_fractal`: a 3D slice through a 4D Julia set, as the parser reads it.

/// The 4D number system the set is iterated in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JuliaAlgebra {
    Quaternion,
    Hypercomplex,
}

/// The complex functions a hypercomplex `julia_fractal` may iterate (z -> f(z) + c).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ComplexFunction {
    Exp,
    Ln,
    Sin,
    Asin,
    Cos,
    Acos,
    Tan,
    Atan,
    Sinh,
    Asinh,
    Cosh,
    Acosh,
    Tanh,
    Atanh,
    /// `pwr(X, Y)`: z raised to the complex power X + iY.
    Pwr(f64, f64),
}

/// The map iterated: z -> z² + c, z³ + c, 1/z + c or f(z) + c.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum JuliaFunction {
    Sqr,
    Cube,
    Reciprocal,
    Complex(ComplexFunction),
}

/// `julia_fractal { <c> algebra function max_iteration N precision P slice <n>, d }`.
#[derive(Clone, Debug, PartialEq)]
pub struct JuliaFractal {
    /// The 4D Julia parameter c.
    pub parameter: [f64; 4],
    pub algebra: JuliaAlgebra,
    pub function: JuliaFunction,
    /// At least 1.
    pub max_iteration: u32,
    /// The smallest step along a ray: 1 / `precision` (`precision` below 1 read as 1,
    /// as POV-Ray reads it).
    pub step: f64,
    /// The unit 4D normal of the slicing hyperplane; its fourth component is not zero.
    pub slice: [f64; 4],
    /// The hyperplane's distance from the origin.
    pub slice_distance: f64,
}

impl JuliaFractal {
    /// POV-Ray 3.7's defaults for everything but the parameter: quaternion, sqr, 20
    /// iterations, precision 20, slice <0, 0, 0, 1>, 0.
    pub fn new(parameter: [f64; 4]) -> JuliaFractal {
        JuliaFractal {
            parameter,
            algebra: JuliaAlgebra::Quaternion,
            function: JuliaFunction::Sqr,
            max_iteration: 20,
            step: 1.0 / 20.0,
            slice: [0.0, 0.0, 0.0, 1.0],
            slice_distance: 0.0,
        }
    }
}
