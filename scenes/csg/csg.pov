// spotray sample scene "csg": constructive solid geometry seen through an
// orthographic camera. Two dice (a box intersected with a sphere, pips drilled
// out with difference), a torus ring, a cone-and-cylinder lighthouse, a merged
// glass capsule, and a mesh pyramid, on a turntable disc with a radial pattern.
#version 3.7;
global_settings { assumed_gamma 1.0 }

#include "colors.inc"
#include "finish.inc"

// ---- Camera, background and lights -----------------------------------------
// Orthographic: parallel rays, the visible area is |right| by |up| world units.
camera {
  orthographic
  location <10, 9, -12>
  look_at  <0, 1.2, 0>
  right    x * 10.4
  up       y * 7.8
}

background { color rgb <0.16, 0.18, 0.24> }

light_source {
  <-12, 20, -10>
  color rgb <1, 0.97, 0.92>
  area_light <3, 0, 0>, <0, 0, 3>, 5, 5
  adaptive 1
  jitter
}

// A cool rim light from behind and a spotlight on the dice.
light_source { <10, 6, 14> color rgb <0.25, 0.3, 0.45> shadowless }
light_source {
  <4, 12, -6>
  color rgb <0.45, 0.42, 0.38>
  spotlight
  point_at <0, 0, 0>
  radius 14
  falloff 26
  tightness 5
}

// ---- Floor and turntable ---------------------------------------------------
plane {
  y, 0
  pigment { color rgb <0.3, 0.32, 0.36> }
  finish { diffuse 0.7 ambient 0.08 }
}

// radial goes from 0 to 1 once around the y axis: eight light and dark sectors.
#declare Light = color rgb <0.92, 0.9, 0.85>;
#declare Dark = color rgb <0.75, 0.72, 0.68>;
disc {
  <0, 0.01, 0>, y, 4.6
  pigment {
    radial
    color_map {
      [0.000 color Light] [0.125 color Light] [0.125 color Dark] [0.250 color Dark]
      [0.250 color Light] [0.375 color Light] [0.375 color Dark] [0.500 color Dark]
      [0.500 color Light] [0.625 color Light] [0.625 color Dark] [0.750 color Dark]
      [0.750 color Light] [0.875 color Light] [0.875 color Dark] [1.000 color Dark]
    }
  }
  finish { diffuse 0.8 ambient 0.08 reflection 0.06 }
}

// ---- Dice ------------------------------------------------------------------
// One pip: a small sphere, later subtracted from the die body. In a difference,
// the hole it leaves takes the pip's own pigment.
#declare PipRadius = 0.19;
#declare PipOffset = 0.5;

#macro Pip(Dir, U, V, A, B)
  sphere { Dir * 1.08 + (A * U + B * V) * PipOffset, PipRadius }
#end

// All pips of one face with N spots. Dir is the outward normal, U and V span
// the face.
#macro Face(N, Dir, U, V)
  #if (N = 1 | N = 3 | N = 5) Pip(Dir, U, V, 0, 0) #end
  #if (N > 1)
    Pip(Dir, U, V, 1, 1)
    Pip(Dir, U, V, -1, -1)
  #end
  #if (N > 3)
    Pip(Dir, U, V, 1, -1)
    Pip(Dir, U, V, -1, 1)
  #end
  #if (N = 6)
    Pip(Dir, U, V, 1, 0)
    Pip(Dir, U, V, -1, 0)
  #end
#end

// A die of edge 2 centred on the origin; opposite faces add up to seven.
#macro Die(Body, Spots)
  difference {
    intersection {
      box { <-1, -1, -1>, <1, 1, 1> }
      sphere { <0, 0, 0>, 1.42 }
      pigment { color Body }
      finish { Phong_Shiny diffuse 0.7 reflection 0.04 }
    }
    union {
      Face(1, y, x, z)
      Face(6, -y, x, z)
      Face(2, -z, x, y)
      Face(5, z, x, y)
      Face(3, x, z, y)
      Face(4, -x, z, y)
      pigment { color Spots }
      finish { diffuse 0.6 ambient 0.05 }
    }
  }
#end

object { Die(rgb <0.8, 0.08, 0.08>, White) scale 0.8 rotate y * 25 translate <-1.1, 0.8, -0.4> }
object { Die(rgb <0.95, 0.95, 0.92>, Black) scale 0.8 rotate <90, -20, 0> translate <1.0, 0.8, -1.8> }

// ---- Torus ring leaning on a post ------------------------------------------
torus {
  1.0, 0.25
  pigment { color rgb <1.0, 0.72, 0.2> }
  finish { specular 0.8 roughness 0.01 metallic 0.8 reflection 0.25 brilliance 2 }
  rotate x * 90
  rotate y * 30
  translate <2.6, 1.25, 1.4>
}

// ---- Lighthouse: cylinders and cones ---------------------------------------
#declare Stripe = 0.55;
union {
  #for (K, 0, 3)
    cone {
      <0, K * Stripe, 0>, 0.75 - K * 0.08,
      <0, (K + 1) * Stripe, 0>, 0.75 - (K + 1) * 0.08
      #if (K = 1 | K = 3)
        pigment { color rgb <0.85, 0.1, 0.1> }
      #else
        pigment { color White }
      #end
    }
  #end
  cylinder { <0, 4 * Stripe, 0>, <0, 4 * Stripe + 0.5, 0>, 0.36
    pigment { color rgb <1, 0.95, 0.6> } finish { emission 0.6 diffuse 0.4 } }
  cone { <0, 4 * Stripe + 0.5, 0>, 0.5, <0, 4 * Stripe + 1.0, 0>, 0
    pigment { color rgb <0.15, 0.15, 0.18> } finish { Shiny } }
  finish { diffuse 0.75 specular 0.3 roughness 0.05 }
  translate <-2.4, 0, 2.0>
}

// ---- Glass capsule: merge hides the inner surfaces -------------------------
merge {
  cylinder { <-0.8, 0, 0>, <0.8, 0, 0>, 0.4 }
  sphere { <-0.8, 0, 0>, 0.4 }
  sphere { <0.8, 0, 0>, 0.4 }
  pigment { color rgbf <0.6, 0.95, 0.8, 0.85> }
  finish { ambient 0 diffuse 0.1 specular 0.9 roughness 0.003 reflection 0.1 }
  interior { ior 1.45 }
  rotate y * -35
  translate <0.4, 0.41, 2.3>
}

// ---- Mesh pyramid ----------------------------------------------------------
mesh {
  triangle { <-0.7, 0, -0.7>, <0.7, 0, -0.7>, <0, 1.2, 0> }
  triangle { <0.7, 0, -0.7>, <0.7, 0, 0.7>, <0, 1.2, 0> }
  triangle { <0.7, 0, 0.7>, <-0.7, 0, 0.7>, <0, 1.2, 0> }
  triangle { <-0.7, 0, 0.7>, <-0.7, 0, -0.7>, <0, 1.2, 0> }
  pigment { color rgb <0.25, 0.45, 0.95> }
  finish { Phong_Shiny diffuse 0.7 }
  rotate y * 20
  translate <-3.3, 0, -1.6>
}

// ---- A cylinder with a hole, a difference of two cylinders ------------------
difference {
  cylinder { <0, 0, 0>, <0, 0.5, 0>, 0.6 }
  cylinder { <0, -0.1, 0>, <0, 0.6, 0>, 0.35 }
  pigment { gradient y color_map { [0 color rgb <0.2, 0.7, 0.3>] [1 color rgb <0.8, 1, 0.4>] } scale 0.5 }
  finish { Dull }
  translate <3.4, 0, -1.2>
}
