//! Axis-aligned box (POV-Ray's `box`), named cuboid to keep clear of `std::boxed::Box`.

use glam::DVec3;

use super::Crossing;
use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Cuboid {
    pub min: DVec3,
    pub max: DVec3,
}

impl Cuboid {
    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let mut enter = f64::NEG_INFINITY;
        let mut exit = f64::INFINITY;
        let mut enter_axis = 0;
        let mut exit_axis = 0;
        let mut enter_sign = 0.0;
        let mut exit_sign = 0.0;
        for axis in 0..3 {
            let o = ray.origin[axis];
            let d = ray.direction[axis];
            if d == 0.0 {
                if o < self.min[axis] || o > self.max[axis] {
                    return;
                }
                continue;
            }
            let inv = 1.0 / d;
            let (mut t0, mut t1) = ((self.min[axis] - o) * inv, (self.max[axis] - o) * inv);
            let (mut s0, mut s1) = (-1.0, 1.0);
            if t0 > t1 {
                std::mem::swap(&mut t0, &mut t1);
                std::mem::swap(&mut s0, &mut s1);
            }
            if t0 > enter {
                enter = t0;
                enter_axis = axis;
                enter_sign = s0;
            }
            if t1 < exit {
                exit = t1;
                exit_axis = axis;
                exit_sign = s1;
            }
        }
        if enter > exit {
            return;
        }
        if enter > t_min && enter.is_finite() {
            let mut n = DVec3::ZERO;
            n[enter_axis] = enter_sign;
            out.push(Crossing::new(enter, n));
        }
        if exit > t_min && exit.is_finite() {
            let mut n = DVec3::ZERO;
            n[exit_axis] = exit_sign;
            out.push(Crossing::new(exit, n));
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        p.cmpgt(self.min).all() && p.cmplt(self.max).all()
    }
}
