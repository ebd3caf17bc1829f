// spotray sample scene "spheres": a glass ball and a mirror ball on a checkered
// floor, circled by a ring of coloured marbles built with #for and #while loops,
// lit by a soft area light.
#version 3.7;
global_settings { assumed_gamma 1.0 }

#include "colors.inc"
#include "finish.inc"

// ---- Camera, sky and lights -------------------------------------------------
camera {
  perspective
  location <0, 5.2, -8.8>
  look_at  <0, 0.7, 0.3>
  right    x * 4/3
  up       y
  angle    46
}

background { color rgb <0.55, 0.68, 0.85> }

// The key light: a 5x5 area light with adaptive sampling for soft shadows
// (adaptive sampling works best with 2^n+1 lights per side).
light_source {
  <-8, 9, -2>
  color White * 0.95
  area_light <2.5, 0, 0>, <0, 0, 2.5>, 5, 5
  adaptive 1
  jitter
}

// A weak fill light from the right that casts no shadows.
light_source { <8, 4, -4> color rgb <0.25, 0.25, 0.3> shadowless }

// ---- Floor -----------------------------------------------------------------
plane {
  y, 0
  pigment { checker color rgb <0.9, 0.9, 0.88> color rgb <0.12, 0.14, 0.18> scale 1.25 }
  finish { diffuse 0.8 ambient 0.05 reflection 0.12 specular 0.3 roughness 0.02 }
}

// ---- The two hero spheres --------------------------------------------------
#declare Glass = sphere {
  <0, 1.2, 0>, 1.2
  pigment { color rgbf <0.96, 0.98, 1.0, 0.92> }
  finish { ambient 0 diffuse 0.05 specular 0.9 roughness 0.002 reflection 0.08 }
  interior { ior 1.5 }
}

#declare Chrome = sphere {
  <0, 0.85, 0>, 0.85
  pigment { color White }
  finish { Mirror }
}

object { Glass translate <-0.9, 0, 0.2> }
object { Chrome translate <1.25, 0, 0.9> }

// ---- A ring of marbles -----------------------------------------------------
// Hue(T) maps T in [0, 1) to a saturated colour going round the colour wheel.
#macro Hue(T)
  #local S = 6 * T;
  #if (S < 2)
    #if (S < 1) rgb <1, S, 0> #else rgb <2 - S, 1, 0> #end
  #else
    #if (S < 4)
      #if (S < 3) rgb <0, 1, S - 2> #else rgb <0, 4 - S, 1> #end
    #else
      #if (S < 5) rgb <S - 4, 0, 1> #else rgb <1, 0, 6 - S> #end
    #end
  #end
#end

#declare Marbles = 12;
#declare RingRadius = 3.0;

#for (I, 0, Marbles - 1)
  sphere {
    <RingRadius, 0.35, 0>, 0.35
    pigment { color Hue(I / Marbles) }
    finish { Phong_Shiny diffuse 0.75 reflection 0.05 }
    rotate y * (360 * I / Marbles + 10)
  }
#end

// An inner ring of tiny pearls, this time with #while.
#declare J = 0;
#while (J < 24)
  sphere {
    <2.3, 0.12, 0>, 0.12
    pigment { color rgb <0.95, 0.93, 0.88> }
    finish { Shiny diffuse 0.7 reflection 0.1 }
    rotate y * 15 * J
  }
  #declare J = J + 1;
#end
