//! `locate`: from what the user named (a `.zip`, a directory, an `.ini` or a `.pov`) to a
//! scene file on disk, extracting archives into a temporary directory.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::archive::{extract_zip, ArchiveLimits};
use super::error::InputError;
use super::select::{select_scene, SceneFile, Selection};

/// Prefix of the temporary directories archives are extracted into.
const EXTRACT_PREFIX: &str = "spotray-scene-";

/// A scene ready to parse. Paths are absolute. Keep it alive while rendering: for an
/// archive, dropping it deletes the extracted files.
#[derive(Debug)]
pub struct SceneSource {
    /// Base name for outputs (`ECSLogo` for `ECSLogo.zip`).
    pub name: String,
    /// The INI to read render options (and the scene file name) from.
    pub ini_file: Option<PathBuf>,
    /// The scene file when there is no INI.
    pub pov_file: Option<PathBuf>,
    /// Directory the scene's relative paths (includes, image maps) resolve from.
    pub dir: PathBuf,
    /// Keeps an extracted archive on disk; removed on drop.
    temp: Option<TempDir>,
}

impl SceneSource {
    /// The file to start from: the INI if there is one, else the POV.
    pub fn scene_file(&self) -> Option<&Path> {
        self.ini_file.as_deref().or(self.pov_file.as_deref())
    }

    /// The outermost directory that belongs to the scene: the whole extracted archive,
    /// or the scene directory for local inputs.
    pub fn root(&self) -> &Path {
        self.temp.as_ref().map_or(self.dir.as_path(), |t| t.path())
    }

    /// Whether `dir` is a temporary extraction that disappears with this value.
    pub fn is_extracted(&self) -> bool {
        self.temp.is_some()
    }

    fn from_selection(name: String, selection: Selection, temp: Option<TempDir>) -> Self {
        let (ini_file, pov_file) = match selection.scene {
            SceneFile::Ini(path) => (Some(path), None),
            SceneFile::Pov(path) => (None, Some(path)),
        };
        SceneSource {
            name,
            ini_file,
            pov_file,
            dir: selection.dir,
            temp,
        }
    }
}

/// Turns `input` into a scene to parse; see the module documentation.
pub fn locate(input: &Path, limits: &ArchiveLimits) -> Result<SceneSource, InputError> {
    let input = std::path::absolute(input).map_err(|error| InputError::io(input, error))?;
    let metadata = match fs::metadata(&input) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(InputError::Input {
                path: input,
                message: "no such file or directory; check the path".into(),
            })
        }
        Err(error) => return Err(InputError::io(input, error)),
    };

    if metadata.is_dir() {
        let name = directory_name(&input);
        let selection = select_scene(&input, &name)?;
        return Ok(SceneSource::from_selection(name, selection, None));
    }

    let extension = input
        .extension()
        .and_then(OsStr::to_str)
        .map(str::to_ascii_lowercase);
    let kind = match extension.as_deref() {
        Some(kind @ ("zip" | "ini" | "pov")) => kind,
        _ => {
            return Err(InputError::Input {
                path: input,
                message: "not a scene: expected a .zip archive, a directory, an .ini or a \
                          .pov file"
                    .into(),
            })
        }
    };
    if !metadata.is_file() {
        return Err(InputError::Input {
            path: input,
            message: "is not a regular file".into(),
        });
    }
    let name = file_stem(&input);
    match kind {
        "zip" => locate_in_archive(&input, name, limits),
        scene => {
            let dir = input
                .parent()
                .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
            let (ini_file, pov_file) = if scene == "ini" {
                (Some(input), None)
            } else {
                (None, Some(input))
            };
            Ok(SceneSource {
                name,
                ini_file,
                pov_file,
                dir,
                temp: None,
            })
        }
    }
}

fn locate_in_archive(
    archive: &Path,
    name: String,
    limits: &ArchiveLimits,
) -> Result<SceneSource, InputError> {
    let temp = tempfile::Builder::new()
        .prefix(EXTRACT_PREFIX)
        .tempdir()
        .map_err(|error| InputError::io(std::env::temp_dir(), error))?;
    extract_zip(archive, temp.path(), limits)?;
    let selection = select_scene(temp.path(), &name)
        .map_err(|error| describe_inside_archive(error, temp.path(), archive))?;
    Ok(SceneSource::from_selection(name, selection, Some(temp)))
}

/// Errors should name the archive the user uploaded, not a temporary directory that is
/// about to be deleted.
fn describe_inside_archive(error: InputError, extracted: &Path, archive: &Path) -> InputError {
    match error {
        InputError::NoScene {
            dir,
            expected_name,
            problem,
            found,
        } => {
            let inside = dir.strip_prefix(extracted).unwrap_or(Path::new(""));
            let dir = if inside.as_os_str().is_empty() {
                archive.to_path_buf()
            } else {
                archive.join(inside)
            };
            InputError::NoScene {
                dir,
                expected_name,
                problem,
                found,
            }
        }
        other => other,
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "scene".to_string(), |stem| stem.to_string_lossy().into_owned())
}

/// `.` and `..` have no name of their own; the resolved directory does.
fn directory_name(dir: &Path) -> String {
    dir.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .or_else(|| {
            fs::canonicalize(dir)
                .ok()?
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "scene".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::error::SceneProblem;
    use crate::input::test_zip::{write_file, zip_bytes, Item};

    fn locate_zip(name: &str, items: &[Item]) -> (tempfile::TempDir, Result<SceneSource, InputError>) {
        let root = tempfile::tempdir().expect("temp dir");
        let archive = write_file(root.path(), name, &zip_bytes(items));
        let located = locate(&archive, &ArchiveLimits::default());
        (root, located)
    }

    #[test]
    fn ecslogo_fixture_selects_its_ini() {
        let Some(archive) = crate::fixtures::shared("fixtures/ecslogo/ECSLogo.zip") else {
            return;
        };
        let source = locate(&archive, &ArchiveLimits::default()).expect("fixture locates");
        assert_eq!(source.name, "ECSLogo");
        let ini = source.ini_file.clone().expect("ini selected");
        assert_eq!(ini.file_name(), Some(OsStr::new("ECSLogo.ini")));
        assert_eq!(source.pov_file, None);
        assert_eq!(source.scene_file(), Some(ini.as_path()));
        assert!(source.is_extracted());
        assert!(source.dir.is_absolute());
        assert!(source.dir.join("ECSLogo.pov").is_file());
        assert!(source.dir.join("AWS_Logo_PoweredBy_300px.png").is_file());

        let extracted = source.dir.clone();
        drop(source);
        assert!(!extracted.exists(), "extraction removed on drop");
    }

    #[test]
    fn archive_without_scene_names_the_archive() {
        let (root, located) = locate_zip("upload.zip", &[Item::File("README.txt", b"hi")]);
        let error = located.expect_err("no scene");
        let message = error.to_string();
        assert!(
            matches!(&error, InputError::NoScene { problem: SceneProblem::Missing, found, .. } if found == &["README.txt"]),
            "{error:?}"
        );
        let archive = root.path().join("upload.zip");
        assert!(message.contains(&archive.display().to_string()), "{message}");
        assert!(message.contains("README.txt"), "{message}");
    }

    #[test]
    fn archive_with_two_pov_files_and_no_ini_is_ambiguous() {
        let (_root, located) = locate_zip(
            "upload.zip",
            &[Item::File("b.pov", b"//"), Item::File("a.pov", b"//")],
        );
        let message = located.expect_err("ambiguous").to_string();
        assert!(
            message.contains("upload.zip: a.pov, b.pov; name one or add an .ini"),
            "{message}"
        );
    }

    #[test]
    fn archive_with_single_folder_uses_it() {
        let (_root, located) = locate_zip(
            "Job42.ZIP",
            &[
                Item::Dir("Scene/"),
                Item::File("Scene/Scene.pov", b"//"),
                Item::File("Scene/colors.inc", b"//"),
            ],
        );
        let source = located.expect("nested scene");
        assert_eq!(source.name, "Job42");
        assert_eq!(source.dir.file_name(), Some(OsStr::new("Scene")));
        assert_eq!(source.pov_file, Some(source.dir.join("Scene.pov")));
        assert_eq!(source.ini_file, None);
    }

    #[test]
    fn unsafe_archive_is_refused_by_locate() {
        let (_root, located) = locate_zip("evil.zip", &[Item::File("../evil.pov", b"//")]);
        let error = located.expect_err("unsafe");
        assert!(matches!(error, InputError::UnsafeArchive { .. }), "{error:?}");
        assert!(error.is_permanent());
    }

    #[test]
    fn text_named_zip_is_not_a_zip() {
        let root = tempfile::tempdir().expect("temp dir");
        let path = write_file(root.path(), "scene.zip", b"sphere { 0, 1 }");
        let error = locate(&path, &ArchiveLimits::default()).expect_err("not zip");
        assert!(matches!(error, InputError::NotZip { .. }), "{error:?}");
    }

    #[test]
    fn directory_is_searched_and_named_after_itself() {
        let root = tempfile::tempdir().expect("temp dir");
        let dir = root.path().join("MyScene");
        fs::create_dir(&dir).expect("dir");
        write_file(&dir, "MyScene.ini", b"Input_File_Name=main.pov");
        write_file(&dir, "main.pov", b"//");
        let source = locate(&dir.join("."), &ArchiveLimits::default()).expect("dir");
        assert_eq!(source.name, "MyScene");
        assert_eq!(source.ini_file, Some(dir.join("MyScene.ini")));
        assert_eq!(source.dir, dir);
        assert!(!source.is_extracted());
    }

    #[test]
    fn parent_reference_is_named_after_the_resolved_directory() {
        let root = tempfile::tempdir().expect("temp dir");
        let scene = root.path().join("Scene");
        fs::create_dir_all(scene.join("sub")).expect("dirs");
        assert_eq!(directory_name(&scene.join("sub/..")), "Scene");
    }

    #[test]
    fn ini_and_pov_files_are_used_directly() {
        let root = tempfile::tempdir().expect("temp dir");
        let ini = write_file(root.path(), "Render.INI", b"");
        let pov = write_file(root.path(), "scene.pov", b"//");

        let source = locate(&ini, &ArchiveLimits::default()).expect("ini");
        assert_eq!(source.name, "Render");
        assert_eq!(source.ini_file.as_deref(), Some(ini.as_path()));
        assert_eq!(source.pov_file, None);
        assert_eq!(source.dir, root.path());

        let source = locate(&pov, &ArchiveLimits::default()).expect("pov");
        assert_eq!(source.name, "scene");
        assert_eq!(source.pov_file.as_deref(), Some(pov.as_path()));
        assert_eq!(source.scene_file(), Some(pov.as_path()));
    }

    #[test]
    fn other_files_are_refused_with_the_accepted_kinds() {
        let root = tempfile::tempdir().expect("temp dir");
        let text = write_file(root.path(), "notes.txt", b"");
        let error = locate(&text, &ArchiveLimits::default()).expect_err("txt");
        let message = error.to_string();
        assert!(
            message.contains("notes.txt") && message.contains(".zip archive"),
            "{message}"
        );
    }

    #[test]
    fn missing_input_is_a_permanent_input_error() {
        let error = locate(
            Path::new("/nonexistent/spotray/scene.zip"),
            &ArchiveLimits::default(),
        )
        .expect_err("missing");
        assert!(matches!(error, InputError::Input { .. }), "{error:?}");
        assert!(error.to_string().contains("/nonexistent/spotray/scene.zip"));
        assert!(error.is_permanent());
    }
}
