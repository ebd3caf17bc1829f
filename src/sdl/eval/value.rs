//! Values that identifiers can hold: numbers, vectors/colours, strings, scene items, arrays, macros.

use std::rc::Rc;
use std::sync::Arc;

use glam::{DMat4, DVec3};

use crate::scene::{Colour, Finish, Interior, Normal, Pigment, Texture};
use crate::sdl::eval::macros::MacroDef;
use crate::sdl::items::camera::CameraSpec;
use crate::sdl::items::objects::SceneObject;

/// A vector of 2 to 5 components. Colours are 5-component vectors (r, g, b, filter,
/// transmit). Missing components are zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Vector {
    pub n: u8,
    pub c: [f64; 5],
}

impl Vector {
    pub fn splat(v: f64, n: u8) -> Vector {
        let mut c = [0.0; 5];
        for x in c.iter_mut().take(n as usize) {
            *x = v;
        }
        Vector { n, c }
    }

    pub fn from_slice(vals: &[f64]) -> Vector {
        let mut c = [0.0; 5];
        let n = vals.len().min(5);
        c[..n].copy_from_slice(&vals[..n]);
        Vector { n: n as u8, c }
    }

    pub fn from_dvec3(v: DVec3) -> Vector {
        Vector {
            n: 3,
            c: [v.x, v.y, v.z, 0.0, 0.0],
        }
    }

    pub fn to_dvec3(self) -> DVec3 {
        DVec3::new(self.c[0], self.c[1], self.c[2])
    }

    pub fn to_colour(self) -> Colour {
        Colour {
            rgb: DVec3::new(self.c[0], self.c[1], self.c[2]),
            filter: self.c[3],
            transmit: self.c[4],
        }
    }
}

/// A numeric value: a float or a vector.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Float(f64),
    Vec(Vector),
}

impl Num {
    /// Converts to an `n`-component vector using POV-Ray's promotion rules: a float
    /// fills every component, a shorter vector is padded with zeros.
    pub fn to_vector(self, n: u8) -> Vector {
        match self {
            Num::Float(f) => Vector::splat(f, n),
            Num::Vec(v) => {
                let mut out = v;
                out.n = n;
                for i in (v.n as usize).min(n as usize)..5 {
                    out.c[i] = 0.0;
                }
                out
            }
        }
    }

    pub fn components(&self) -> u8 {
        match self {
            Num::Float(_) => 1,
            Num::Vec(v) => v.n,
        }
    }

    /// Applies `f` component-wise, promoting both operands to a common size.
    pub fn zip(self, other: Num, f: impl Fn(f64, f64) -> f64) -> Num {
        match (self, other) {
            (Num::Float(a), Num::Float(b)) => Num::Float(f(a, b)),
            _ => {
                let n = self.components().max(other.components()).max(2);
                let a = self.to_vector(n);
                let b = other.to_vector(n);
                let mut out = Vector { n, c: [0.0; 5] };
                for i in 0..n as usize {
                    out.c[i] = f(a.c[i], b.c[i]);
                }
                Num::Vec(out)
            }
        }
    }

    pub fn map(self, f: impl Fn(f64) -> f64) -> Num {
        match self {
            Num::Float(a) => Num::Float(f(a)),
            Num::Vec(v) => {
                let mut out = v;
                for i in 0..v.n as usize {
                    out.c[i] = f(v.c[i]);
                }
                Num::Vec(out)
            }
        }
    }

    /// True when every component is finite.
    pub fn is_finite(&self) -> bool {
        match self {
            Num::Float(f) => f.is_finite(),
            Num::Vec(v) => v.c.iter().all(|x| x.is_finite()),
        }
    }
}

/// An n-dimensional POV-Ray array; unassigned elements are `None`.
#[derive(Clone, Debug)]
pub struct Array {
    pub dims: Vec<usize>,
    pub items: Vec<Option<Value>>,
}

impl Array {
    /// Heap bytes of `elements` slots, each holding a value inline.
    pub fn bytes_for(elements: usize) -> u64 {
        (elements as u64).saturating_mul(std::mem::size_of::<Option<Value>>() as u64)
    }

    /// Heap bytes the array's slots take (what a copy of it costs, at least).
    pub fn approx_bytes(&self) -> u64 {
        Array::bytes_for(self.dims.iter().product())
    }
}

/// `material { texture interior }`.
#[derive(Clone, Debug)]
pub struct Material {
    pub texture: Vec<Texture>,
    pub interior: Option<Arc<Interior>>,
}

/// An unsupported feature met while parsing a declaration: the declared identifier
/// fails only when it is used.
#[derive(Clone, Debug)]
pub struct Poison {
    pub feature: String,
    pub at: crate::sdl::token::Token,
}

/// Anything an identifier can be bound to.
#[derive(Clone, Debug)]
pub enum Value {
    Float(f64),
    Vector(Vector),
    Str(Rc<str>),
    /// Shared: `trace` and `min_extent` keep the geometry they compiled for it.
    Object(Rc<SceneObject>),
    /// Layers, bottom first.
    Texture(Rc<Vec<Texture>>),
    Pigment(Box<Pigment>),
    Finish(Box<Finish>),
    Normal(Box<Normal>),
    Interior(Box<Interior>),
    Media(Box<crate::scene::Media>),
    /// `density { }`: a pigment whose colour is a medium's density.
    Density(Box<Pigment>),
    /// `density_map { }`.
    DensityMap(Rc<Vec<(f64, Pigment)>>),
    Material(Box<Material>),
    Camera(Box<CameraSpec>),
    Transform(Box<DMat4>),
    ColourMap(Rc<Vec<(f64, Colour)>>),
    /// `slope_map { }`: (value, height, slope) entries.
    SlopeMap(Rc<Vec<(f64, f64, f64)>>),
    NormalMap(Rc<Vec<(f64, Normal)>>),
    PigmentMap(Rc<Vec<(f64, Pigment)>>),
    Array(Box<Array>),
    Macro(Rc<MacroDef>),
    /// A declaration that used an unsupported feature.
    Poisoned(Rc<Poison>),
    /// A data file opened with `#fopen`: its slot in the parser's open files.
    File(u32),
    Function(std::sync::Arc<crate::sdl::function::Function>),
    Spline(std::sync::Arc<crate::sdl::eval::spline::Spline>),
    /// `function { transform { ... } }`: `F(x, y, z)` is the point transformed.
    TransformFunction(Box<DMat4>),
    /// `function { pigment { ... } }`: a colour at each point.
    PigmentFunction(std::sync::Arc<crate::render::texture::pigment::CompiledPigment>),
    SkySphere(Box<crate::scene::SkySphere>),
}

impl Value {
    /// How the value's type is named in messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Float(_) => "float",
            Value::Vector(v) if v.n == 5 => "colour",
            Value::Vector(_) => "vector",
            Value::Str(_) => "string",
            Value::Object(o) => match **o {
                SceneObject::Light(_) => "light_source",
                SceneObject::Shape { .. } => "object",
            },
            Value::Texture(_) => "texture",
            Value::Pigment(_) => "pigment",
            Value::Finish(_) => "finish",
            Value::Normal(_) => "normal",
            Value::Interior(_) => "interior",
            Value::Media(_) => "media",
            Value::Density(_) => "density",
            Value::DensityMap(_) => "density_map",
            Value::Material(_) => "material",
            Value::Camera(_) => "camera",
            Value::Transform(_) => "transform",
            Value::ColourMap(_) => "color_map",
            Value::SlopeMap(_) => "slope_map",
            Value::NormalMap(_) => "normal_map",
            Value::PigmentMap(_) => "pigment_map",
            Value::Array(_) => "array",
            Value::Macro(_) => "macro",
            Value::Poisoned(_) => "unsupported",
            Value::File(_) => "file",
            Value::Function(_) => "function",
            Value::Spline(_) => "spline",
            Value::TransformFunction(_) => "transform function",
            Value::PigmentFunction(_) => "pigment function",
            Value::SkySphere(_) => "sky_sphere",
        }
    }

    pub fn from_num(n: Num) -> Value {
        match n {
            Num::Float(f) => Value::Float(f),
            Num::Vec(v) => Value::Vector(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_rules() {
        assert_eq!(Num::Float(9.0).to_vector(4).c, [9.0, 9.0, 9.0, 9.0, 0.0]);
        let v = Num::Vec(Vector::from_slice(&[7.0, 6.0]));
        assert_eq!(v.to_vector(4).c, [7.0, 6.0, 0.0, 0.0, 0.0]);
        let sum = Num::Vec(Vector::from_slice(&[1.0, 2.0, 3.0])).zip(Num::Float(1.0), |a, b| a + b);
        assert_eq!(sum, Num::Vec(Vector::from_slice(&[2.0, 3.0, 4.0])));
    }
}
