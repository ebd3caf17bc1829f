//! Render settings that come from the INI file and the command line, not from the scene.

/// How the image is sampled and how large it is.
#[derive(Clone, Debug, PartialEq)]
pub struct RenderOptions {
    pub width: u32,
    pub height: u32,
    /// `None` when antialiasing is off.
    pub antialias: Option<Antialias>,
    /// POV-Ray's Quality (0..=11); below 9 radiosity is skipped, below 8 reflection
    /// and refraction, below 4 shadows, as POV-Ray documents.
    pub quality: u32,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            width: 800,
            height: 600,
            antialias: None,
            quality: 9,
            threads: 0,
        }
    }
}

/// POV-Ray's antialiasing parameters (`+A`, `Sampling_Method`, `Antialias_Depth`, ...).
#[derive(Clone, Debug, PartialEq)]
pub struct Antialias {
    /// 1: adaptive non-recursive supersampling; 2: adaptive recursive corner sampling.
    pub method: u32,
    pub threshold: f64,
    pub depth: u32,
    pub jitter: bool,
    pub jitter_amount: f64,
}

impl Default for Antialias {
    fn default() -> Self {
        Antialias {
            method: 1,
            threshold: 0.3,
            depth: 3,
            jitter: false,
            jitter_amount: 1.0,
        }
    }
}
