// spotray sample scene "studio": a product shot on a seamless paper backdrop.
// Radiosity carries light from a soft area light and a glowing panel around the
// set, and the product's label is a PNG image_map (label.png, drawn by
// scripts/make-studio-label.py).
#version 3.7;
global_settings { assumed_gamma 1.0 }

#include "colors.inc"
#include "finish.inc"
#include "rad_def.inc"

// A second global_settings block adds to the first one; Rad_Settings comes
// from rad_def.inc, so it has to follow the include.
global_settings { radiosity { Rad_Settings(Radiosity_Normal, off, off) } }

// With radiosity the ambient term would only add flat light, so every finish
// here sets ambient 0 and lets the light bounce instead.
#declare Paper = finish { ambient 0 diffuse 0.75 }

camera {
  perspective
  location <1.8, 3.0, -8.5>
  look_at  <0.2, 1.0, 0.3>
  right    x * 4/3
  up       y
  angle    38
}

background { color rgb <0.25, 0.27, 0.3> }

// ---- Lights ----------------------------------------------------------------
// A large soft box above and to the left: 17x17 lights, sampled adaptively
// (corners first, subdividing only where they disagree), jittered against banding.
light_source {
  <-5, 7, -4>
  color White * 1.0
  area_light <3, 0, 0>, <0, 3, 0>, 17, 17
  adaptive 1
  jitter
}

// A glowing panel to the right of the set: it lights the scene only through
// radiosity, like a bounce card.
box {
  <4.2, 0, -3>, <4.3, 4, 1>
  pigment { color White }
  finish { ambient 0 diffuse 0 emission 0.5 }
}

// ---- Seamless backdrop: floor, a curved cove, and a back wall --------------
#declare Cove = 2.0;
#declare Wall = 4.0;
union {
  plane { y, 0 }
  plane { z, Wall }
  difference {
    box { <-40, 0, Wall - Cove>, <40, Cove, Wall> }
    cylinder { <-41, Cove, Wall - Cove>, <41, Cove, Wall - Cove>, Cove }
  }
  pigment { color rgb <0.85, 0.84, 0.82> }
  finish { Paper }
}

// ---- The product: a carton with a label ------------------------------------
#declare Carton = union {
  box {
    <-0.9, 0, -0.55>, <0.9, 2.4, 0.55>
    pigment { color rgb <0.11, 0.16, 0.29> }
    finish { ambient 0 diffuse 0.7 specular 0.25 roughness 0.03 }
  }
  // The label: a thin card in front of the carton. A planar image_map covers
  // the unit square of the xy plane, so the card spans 0..1 and is scaled up.
  box {
    <0, 0, -0.01>, <1, 1, 0>
    pigment { image_map { png "label.png" } }
    finish { ambient 0 diffuse 0.8 specular 0.2 roughness 0.02 }
    scale <1.5, 0.75, 1>
    translate <-0.75, 1.2, -0.55>
  }
}
object { Carton rotate y * -18 translate <-0.4, 0, 0.5> }

// ---- Props -----------------------------------------------------------------
// A glossy red ball.
sphere {
  <1.3, 0.5, -0.5>, 0.5
  pigment { color rgb <0.8, 0.06, 0.05> }
  finish { ambient 0 diffuse 0.7 specular 0.8 roughness 0.004 reflection 0.12 }
}

// A brushed-metal tin: a cylinder with torus rims.
#declare TinRadius = 0.45;
#declare TinHeight = 0.8;
union {
  cylinder { <0, 0.03, 0>, <0, TinHeight - 0.03, 0>, TinRadius }
  torus { TinRadius - 0.005, 0.03 translate y * 0.03 }
  torus { TinRadius - 0.005, 0.03 translate y * (TinHeight - 0.03) }
  pigment { color rgb <0.75, 0.76, 0.78> }
  finish { ambient 0 diffuse 0.35 metallic 0.7 specular 0.6 roughness 0.02 reflection 0.35 }
  translate <1.9, 0, 0.8>
}

// A small glass cube catching the light.
box {
  <-0.3, 0, -0.3>, <0.3, 0.6, 0.3>
  pigment { color rgbt <0.9, 0.95, 1.0, 0.85> }
  finish { ambient 0 diffuse 0.05 specular 0.9 roughness 0.002 reflection 0.08 }
  interior { ior 1.5 }
  rotate y * 30
  translate <-1.9, 0, -0.8>
}
