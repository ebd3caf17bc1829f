//! Scene-wide settings: `global_settings` and its `radiosity` block.

use glam::DVec3;

/// `global_settings` values the renderer uses.
#[derive(Clone, Debug)]
pub struct GlobalSettings {
    /// `None` when the scene does not set `assumed_gamma`.
    pub assumed_gamma: Option<f64>,
    pub ambient_light: DVec3,
    pub max_trace_level: u32,
    pub adc_bailout: f64,
    pub radiosity: Option<Radiosity>,
    /// Photon mapping, on when the scene gives a `photons { }` block.
    pub photons: Option<super::PhotonSettings>,
    /// `noise_generator` (1, 2 or 3; POV-Ray's default 2): the noise of every pattern
    /// that does not choose its own.
    pub noise_generator: u8,
}

impl Default for GlobalSettings {
    fn default() -> Self {
        GlobalSettings {
            assumed_gamma: None,
            ambient_light: DVec3::ONE,
            max_trace_level: 5,
            adc_bailout: 1.0 / 255.0,
            radiosity: None,
            photons: None,
            noise_generator: 2,
        }
    }
}

/// `radiosity { ... }` settings, defaults as documented for POV-Ray 3.7.
#[derive(Clone, Debug, PartialEq)]
pub struct Radiosity {
    pub count: u32,
    pub nearest_count: u32,
    pub error_bound: f64,
    pub recursion_limit: u32,
    pub pretrace_start: f64,
    pub pretrace_end: f64,
    pub low_error_factor: f64,
    pub minimum_reuse: f64,
    pub maximum_reuse: f64,
    pub brightness: f64,
    pub gray_threshold: f64,
    pub adc_bailout: f64,
    pub always_sample: bool,
    pub normal: bool,
    pub media: bool,
}

impl Default for Radiosity {
    fn default() -> Self {
        Radiosity {
            count: 35,
            nearest_count: 5,
            error_bound: 1.8,
            recursion_limit: 2,
            pretrace_start: 0.08,
            pretrace_end: 0.04,
            low_error_factor: 0.5,
            minimum_reuse: 0.015,
            maximum_reuse: 0.2,
            brightness: 1.0,
            gray_threshold: 0.0,
            adc_bailout: 0.01,
            always_sample: false,
            normal: false,
            media: false,
        }
    }
}
