//! Photon mapping's settings: the `photons { }` blocks of `global_settings`, objects and
//! lights, with POV-Ray 3.7's defaults.

/// `global_settings { photons { } }`: photon mapping is on when the block is given.
#[derive(Clone, Debug, PartialEq)]
pub struct PhotonSettings {
    /// World distance between neighbouring photons where they reach a target.
    pub spacing: f64,
    /// `count`: the spacing is chosen to shoot about this many photons (it wins over
    /// `spacing`).
    pub count: Option<f64>,
    /// Photons gathered at a point: at least (else the search grows), at most.
    pub gather_min: u32,
    pub gather_max: u32,
    /// Gather radius; `None` when chosen from the map's density.
    pub radius: Option<f64>,
    pub radius_multiplier: f64,
    /// Of a photon's place in its grid, as a share of the grid step.
    pub jitter: f64,
    /// `None`: the scene's.
    pub max_trace_level: Option<u32>,
    /// `None`: the scene's.
    pub adc_bailout: Option<f64>,
    /// Shooting at a target stops at the first ring of directions that misses it past
    /// this share of the target's angular radius.
    pub autostop: f64,
    /// The gather radius grows when fewer than `gather_min` photons are found, and the
    /// grown search is kept if the density changed by less than this share ...
    pub expand_tolerance: f64,
    /// ... or it found fewer than this many.
    pub expand_min_count: u32,
    /// `media`: most photons left in media along one photon's way (0: none).
    pub media_steps: u32,
    /// `media`'s second number: the spacing of photons left in media, as a multiple
    /// of the photons' own spacing where they are.
    pub media_factor: f64,
    /// `radius`'s third and fourth numbers: the gather radius in media (`None`:
    /// chosen from the media photons' density) and its multiplier.
    pub media_radius: Option<f64>,
    pub media_radius_multiplier: f64,
}

impl Default for PhotonSettings {
    /// The values POV-Ray 3.7 gives a `photons { }` block before reading it.
    fn default() -> Self {
        PhotonSettings {
            spacing: 1.0,
            count: None,
            gather_min: 20,
            gather_max: 100,
            radius: None,
            radius_multiplier: 1.0,
            jitter: 0.4,
            max_trace_level: None,
            adc_bailout: None,
            autostop: 0.5,
            expand_tolerance: 0.2,
            expand_min_count: 35,
            media_steps: 0,
            media_factor: 1.0,
            media_radius: None,
            media_radius_multiplier: 1.0,
        }
    }
}

/// A `refraction` or `reflection` switch: said on, said off, or not said.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Switch {
    #[default]
    Unsaid,
    On,
    Off,
}

impl Switch {
    pub fn from_bool(on: bool) -> Switch {
        if on {
            Switch::On
        } else {
            Switch::Off
        }
    }

    /// An object's switch with the light's: on where either says on and neither off.
    pub fn with(self, light: Switch) -> bool {
        (self == Switch::On || light == Switch::On) && self != Switch::Off && light != Switch::Off
    }

    /// `self` unless it is unsaid, then `parent`'s.
    pub fn or(self, parent: Switch) -> Switch {
        if parent != Switch::Unsaid {
            parent
        } else {
            self
        }
    }
}

/// An object's `photons { }` block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ObjectPhotons {
    /// `target`: photons are shot at this object, this many times the global spacing
    /// apart; 0 when it is not a target.
    pub target: f64,
    pub refraction: Switch,
    pub reflection: Switch,
    /// `collect off`: photons neither land on the object nor light it.
    pub collect: bool,
    /// Photons go through the object unchanged in direction.
    pub pass_through: bool,
}

impl Default for ObjectPhotons {
    fn default() -> Self {
        ObjectPhotons {
            target: 0.0,
            refraction: Switch::Unsaid,
            reflection: Switch::Unsaid,
            collect: true,
            pass_through: false,
        }
    }
}

/// A light's `photons { }` block.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LightPhotons {
    pub refraction: Switch,
    pub reflection: Switch,
    /// An area light shoots photons from every point of its grid, not its centre.
    pub area_light: bool,
}
