//! From a user's input to a rendered PNG: locate the scene, read its INI, parse, render.
//!
//! `spotray render` and the queue worker both go through [`prepare`] and [`render`], so
//! a local preview is exactly what the fleet produces.

use std::path::{Path, PathBuf};

use crate::budget::{MemoryBudget, StopSignal};
use crate::input::{locate, without_host_paths, ArchiveLimits, InputError, SceneSource};
use crate::render::film::output::{Image, PixelFormat};
use crate::render::options::{Antialias, Region, RenderOptions};
use crate::render::{RenderControl, RenderError, RenderStats};
use crate::scene::Scene;
use crate::sdl::{
    parse_ini_file, parse_scene_file, povray_include_dirs, IniOptions, MessageSink, ParseOptions, SceneError,
    SceneErrorKind,
};

/// What the command line (or a job's settings) overrides in the INI file.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub threads: Option<usize>,
    pub quality: Option<u32>,
    pub antialias: Option<bool>,
    /// 16-bit samples, over the INI's `Bits_Per_Color`.
    pub sixteen_bit: Option<bool>,
    /// An alpha channel, over the INI's `Output_Alpha`.
    pub alpha: Option<bool>,
    /// Untrusted input (the queue worker): the scene may read files only inside its own
    /// directory or archive.
    pub confine: bool,
    /// Memory the job may use, held against while parsing (and passed on to the render).
    pub memory: MemoryBudget,
    /// Polled while parsing: a shutdown or the job's time budget ends it.
    pub stop: Option<StopSignal>,
    /// POV-Ray's include folder, when not where Debian's packages put it.
    pub povray_include: Option<PathBuf>,
    /// Given the INI's and the scene's warnings and messages as they are made.
    pub on_message: Option<MessageSink>,
}

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Input(#[from] InputError),
    /// `shown` is the error's text with paths inside an extracted archive made relative
    /// to the archive, since the temporary directory means nothing to the user.
    #[error("{shown}")]
    Scene {
        error: SceneError,
        shown: String,
        /// The failing file relative to the scene directory, when it lies inside it.
        file: Option<String>,
    },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("the INI file {} names no scene: add Input_File_Name=<scene>.pov", .ini.display())]
    NoInputFile { ini: PathBuf },
}

impl PipelineError {
    /// Whether trying again cannot help (bad input, as opposed to a full disk).
    pub fn is_permanent(&self) -> bool {
        match self {
            PipelineError::Input(e) => e.is_permanent(),
            PipelineError::Scene { error, .. } => match error.kind() {
                // A scene file or image that could not be read (a full disk, say).
                SceneErrorKind::Io | SceneErrorKind::Interrupted => false,
                // `Internal` is a parser bug: the same scene would hit it again.
                SceneErrorKind::MissingFile
                | SceneErrorKind::BadFile
                | SceneErrorKind::Syntax
                | SceneErrorKind::UnknownIdentifier
                | SceneErrorKind::Unsupported
                | SceneErrorKind::Limit
                | SceneErrorKind::Semantic
                | SceneErrorKind::Internal => true,
            },
            PipelineError::Render(e) => !matches!(e, RenderError::Cancelled(_) | RenderError::Threads { .. }),
            PipelineError::NoInputFile { .. } => true,
        }
    }
}

/// A parsed scene with its settings, ready to render.
pub struct PreparedScene {
    /// Base name for the output, e.g. `ECSLogo` for `ECSLogo.zip`.
    pub name: String,
    pub scene: Scene,
    pub options: RenderOptions,
    /// `Output_File_Name` from the INI, if any.
    pub ini_output: Option<String>,
    pub warnings: Vec<String>,
    /// Keeps an extracted archive on disk until the job is dropped.
    pub source: SceneSource,
}

pub struct RenderedScene {
    pub image: Image,
    pub png: Vec<u8>,
    pub stats: RenderStats,
}

pub fn prepare(input: &Path, overrides: &Overrides) -> Result<PreparedScene, PipelineError> {
    prepare_with_limits(input, overrides, &ArchiveLimits::default())
}

pub fn prepare_with_limits(
    input: &Path,
    overrides: &Overrides,
    limits: &ArchiveLimits,
) -> Result<PreparedScene, PipelineError> {
    let source = locate(input, limits)?;
    let mut warnings = Vec::new();
    let ini = match &source.ini_file {
        Some(path) => {
            let ini = parse_ini_file(path).map_err(|e| scene_error(e, &source))?;
            if let Some(sink) = &overrides.on_message {
                ini.warnings.iter().for_each(|w| (sink.0)(w));
            }
            warnings.extend(ini.warnings.iter().map(|w| w.to_string()));
            Some((path.clone(), ini))
        }
        None => None,
    };
    let pov_path = match (&source.pov_file, &ini) {
        (Some(pov), _) => pov.clone(),
        (None, Some((ini_path, ini))) => match &ini.input_file {
            Some(name) => ini_path.parent().unwrap_or(Path::new(".")).join(name),
            None => {
                return Err(PipelineError::NoInputFile {
                    ini: ini_path.clone(),
                })
            }
        },
        (None, None) => {
            return Err(InputError::Input {
                path: input.to_path_buf(),
                message: "no scene file found".into(),
            }
            .into())
        }
    };
    if overrides.confine && pov_path.exists() && !inside(&pov_path, source.root()) {
        return Err(InputError::Input {
            path: pov_path.clone(),
            message: "the INI's Input_File_Name points outside the scene archive".into(),
        }
        .into());
    }
    let ini = ini.map(|(_, ini)| ini);
    let options = render_options(ini.as_ref(), overrides);
    let mut parse = ParseOptions::default();
    if let Some(ini) = &ini {
        let base = source
            .ini_file
            .as_deref()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."));
        parse.library_paths = ini.library_paths.iter().map(|p| base.join(p)).collect();
        parse.declares = ini.declares.clone();
        parse.clock = ini.clock.unwrap_or(0.0);
    }
    parse.image_size = Some((options.width, options.height));
    parse.povray_include = povray_include_dirs(overrides.povray_include.as_deref());
    if overrides.confine {
        parse.confine_to = Some(source.root().to_path_buf());
    }
    parse.memory = overrides.memory;
    parse.stop = overrides.stop.clone();
    parse.on_message = overrides.on_message.clone();
    let (scene, scene_warnings) = parse_scene_file(&pov_path, &parse).map_err(|e| scene_error(e, &source))?;
    // The parser's temporaries (its own thread's arena) go back before the world is built.
    crate::budget::release_free_memory();
    warnings.extend(scene_warnings.iter().map(|w| w.to_string()));
    Ok(PreparedScene {
        name: source.name.clone(),
        scene,
        options,
        ini_output: ini.and_then(|i| i.output_file),
        warnings,
        source,
    })
}

/// Whether `path` exists and resolves (links followed) to inside `root`.
fn inside(path: &Path, root: &Path) -> bool {
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(path), Ok(root)) => path.starts_with(root),
        _ => false,
    }
}

fn scene_error(error: SceneError, source: &SceneSource) -> PipelineError {
    // A user's own folder is shown as it is; a job's extracted archive is not.
    let shown = if source.is_extracted() {
        without_host_paths(&error.to_string(), Some(&source.dir))
    } else {
        error.to_string()
    };
    let file = error.location().map(|l| {
        l.file
            .strip_prefix(&source.dir)
            .unwrap_or(&l.file)
            .display()
            .to_string()
    });
    PipelineError::Scene { error, shown, file }
}

fn render_options(ini: Option<&IniOptions>, overrides: &Overrides) -> RenderOptions {
    let defaults = RenderOptions::default();
    let antialias_on = overrides
        .antialias
        .or(ini.and_then(|i| i.antialias))
        .unwrap_or(false);
    let antialias = antialias_on.then(|| {
        let base = Antialias::default();
        Antialias {
            method: ini.and_then(|i| i.sampling_method).unwrap_or(base.method),
            threshold: ini.and_then(|i| i.antialias_threshold).unwrap_or(base.threshold),
            depth: ini.and_then(|i| i.antialias_depth).unwrap_or(base.depth),
            jitter: ini.and_then(|i| i.jitter).unwrap_or(base.jitter),
            jitter_amount: ini.and_then(|i| i.jitter_amount).unwrap_or(base.jitter_amount),
        }
    });
    let mut options = RenderOptions {
        width: overrides
            .width
            .or(ini.and_then(|i| i.width))
            .unwrap_or(defaults.width),
        height: overrides
            .height
            .or(ini.and_then(|i| i.height))
            .unwrap_or(defaults.height),
        antialias,
        quality: overrides
            .quality
            .or(ini.and_then(|i| i.quality))
            .unwrap_or(defaults.quality),
        threads: overrides.threads.unwrap_or(defaults.threads),
        region: None,
        file_gamma: ini.and_then(|i| i.file_gamma),
        format: PixelFormat {
            sixteen_bit: overrides
                .sixteen_bit
                .or(ini.and_then(|i| i.sixteen_bit))
                .unwrap_or(false),
            alpha: overrides
                .alpha
                .or(ini.and_then(|i| i.output_alpha))
                .unwrap_or(false),
        },
    };
    if let Some(i) = ini {
        let bounds = [i.start_row, i.end_row, i.start_column, i.end_column];
        options.region = Region::from_bounds(bounds, options.width, options.height);
    }
    options
}

/// Renders the job's scene. Its objects are consumed: they are compiled into the
/// renderer's own form one by one, and a scene is rendered once.
pub fn render(job: &mut PreparedScene, control: &RenderControl) -> Result<RenderedScene, PipelineError> {
    let (image, stats) = crate::render::render_consuming(&mut job.scene, &job.options, control)?;
    let png = image.to_png().map_err(|e| RenderError::Encode(e.to_string()))?;
    Ok(RenderedScene { image, png, stats })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scene folder `scene/` and, beside it, a file the scene must not reach.
    fn layout(pov: &str, ini: Option<&str>) -> tempfile::TempDir {
        let top = tempfile::tempdir().unwrap();
        std::fs::create_dir(top.path().join("scene")).unwrap();
        std::fs::write(top.path().join("secret.inc"), "#declare Secret = 42;\n").unwrap();
        std::fs::write(top.path().join("scene/scene.pov"), pov).unwrap();
        if let Some(ini) = ini {
            std::fs::write(top.path().join("scene/scene.ini"), ini).unwrap();
        }
        top
    }

    fn confined() -> Overrides {
        Overrides {
            width: Some(8),
            height: Some(8),
            confine: true,
            ..Overrides::default()
        }
    }

    #[test]
    fn untrusted_scenes_cannot_include_files_outside_their_directory() {
        let top = layout("#include \"../secret.inc\"\nsphere { 0, Secret }\n", None);
        let scene = top.path().join("scene");
        // A local user's own scene may.
        assert!(prepare(&scene, &Overrides::default()).is_ok());
        let Err(error) = prepare(&scene, &confined()) else {
            panic!("the include should have been refused");
        };
        assert!(error.to_string().contains("outside the scene"), "{error}");

        let absolute = top.path().join("secret.inc");
        let top2 = layout(&format!("#include \"{}\"\n", absolute.display()), None);
        let Err(error) = prepare(&top2.path().join("scene"), &confined()) else {
            panic!("the absolute include should have been refused");
        };
        assert!(error.to_string().contains("outside the scene"), "{error}");
    }

    #[test]
    fn untrusted_ini_cannot_name_a_scene_outside_the_archive() {
        let top = layout("sphere { 0, 1 }\n", Some("Input_File_Name=../secret.inc\n"));
        let Err(error) = prepare(&top.path().join("scene"), &confined()) else {
            panic!("the input file should have been refused");
        };
        assert!(error.to_string().contains("outside the scene archive"), "{error}");
    }

    #[test]
    fn files_a_scene_lacks_are_permanent_failures() {
        // Trying again cannot bring a file the archive does not hold: report it at once.
        for (pov, ini, what) in [
            ("#include \"absent.inc\"\n", None, "absent.inc"),
            (
                "sphere { 0, 1 pigment { image_map { png \"absent.png\" } } }\n",
                None,
                "absent.png",
            ),
            (
                "sphere { 0, 1 }\n",
                Some("Input_File_Name=absent.pov\n"),
                "absent.pov",
            ),
            ("#include \"../secret.inc\"\n", None, "secret.inc"),
        ] {
            let top = layout(pov, ini);
            let Err(error) = prepare(&top.path().join("scene"), &confined()) else {
                panic!("{what}: the scene should have failed");
            };
            assert!(error.to_string().contains(what), "{error}");
            assert!(error.is_permanent(), "{what}: {error} should be permanent");
        }
    }

    #[test]
    fn untrusted_scenes_still_get_the_standard_includes() {
        let top = layout(
            "#include \"colors.inc\"\nsphere { 0, 1 pigment { color Red } }\n",
            None,
        );
        assert!(prepare(&top.path().join("scene"), &confined()).is_ok());
    }

    #[test]
    fn a_parser_panic_is_a_permanent_internal_error() {
        let top = layout(&format!("// {}\n", crate::sdl::PANIC_FOR_TESTS), None);
        let Err(error) = prepare(&top.path().join("scene"), &Overrides::default()) else {
            panic!("the parser should have panicked");
        };
        let PipelineError::Scene {
            error: scene_error, ..
        } = &error
        else {
            panic!("expected a scene error, got {error:?}");
        };
        assert_eq!(scene_error.kind(), SceneErrorKind::Internal, "{error}");
        assert!(error.is_permanent(), "{error}");
        assert!(error.to_string().contains("please report this scene"), "{error}");
    }
}
