//! Choosing the scene file (an `.ini`, else a `.pov`) in a scene directory.
//!
//! Rules, applied to the top level, then to a single top-level folder if the top level has
//! neither `.ini` nor `.pov` files:
//! 1. the `.ini` named like the input (`ECSLogo.zip` → `ECSLogo.ini`), else the only `.ini`;
//! 2. with no `.ini`: the `.pov` named like the input, else the only `.pov`;
//! 3. anything else is an error that lists what was found.

use std::fs;
use std::path::{Path, PathBuf};

use super::error::{InputError, SceneProblem};

/// Folders that archivers add next to the real content (macOS resource forks).
const IGNORED_FOLDERS: [&str; 1] = ["__MACOSX"];
/// Keeps "nothing found" messages readable for large directories.
const MAX_LISTED: usize = 20;

/// The scene file to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SceneFile {
    /// Render options; the `.pov` is named inside it (`Input_File_Name`).
    Ini(PathBuf),
    /// A scene without an options file.
    Pov(PathBuf),
}

impl SceneFile {
    pub fn path(&self) -> &Path {
        match self {
            SceneFile::Ini(path) | SceneFile::Pov(path) => path,
        }
    }
}

/// The chosen scene file and the directory it lives in (includes resolve from there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    pub dir: PathBuf,
    pub scene: SceneFile,
}

/// Picks the scene file in `dir`; `name` is the input's base name (`ECSLogo`).
pub fn select_scene(dir: &Path, name: &str) -> Result<Selection, InputError> {
    let top = Listing::read(dir)?;
    if let Some(scene) = top.choose(dir, name, &[name])? {
        return Ok(Selection {
            dir: dir.to_path_buf(),
            scene,
        });
    }
    if let [folder] = top.folders.as_slice() {
        let inner = dir.join(folder);
        let folder_name = folder.to_string_lossy();
        if let Some(scene) = Listing::read(&inner)?.choose(&inner, name, &[name, &folder_name])? {
            return Ok(Selection { dir: inner, scene });
        }
    }
    Err(InputError::NoScene {
        dir: dir.to_path_buf(),
        expected_name: name.to_string(),
        problem: SceneProblem::Missing,
        found: top.describe_contents(),
    })
}

/// One directory's entries, sorted, split by what matters for selection.
#[derive(Debug, Default)]
struct Listing {
    inis: Vec<PathBuf>,
    povs: Vec<PathBuf>,
    /// Folders that may hold the scene (hidden and archiver folders left out).
    folders: Vec<PathBuf>,
    /// Every visible name, folders with a trailing `/`, for error messages.
    all: Vec<String>,
}

impl Listing {
    fn read(dir: &Path) -> Result<Listing, InputError> {
        let mut listing = Listing::default();
        let entries = fs::read_dir(dir).map_err(|error| InputError::io(dir, error))?;
        for entry in entries {
            let entry = entry.map_err(|error| InputError::io(dir, error))?;
            let file_name = PathBuf::from(entry.file_name());
            let display = file_name.to_string_lossy().into_owned();
            // Dot files include macOS "._scene.pov" resource forks, never a real scene.
            if display.starts_with('.') {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                listing.all.push(format!("{display}/"));
                if !IGNORED_FOLDERS.contains(&display.as_str()) {
                    listing.folders.push(file_name);
                }
                continue;
            }
            listing.all.push(display);
            if !path.is_file() {
                continue;
            }
            if has_extension(&file_name, "ini") {
                listing.inis.push(file_name);
            } else if has_extension(&file_name, "pov") {
                listing.povs.push(file_name);
            }
        }
        listing.inis.sort();
        listing.povs.sort();
        listing.folders.sort();
        listing.all.sort();
        Ok(listing)
    }

    /// The scene file in `dir` by the rules above; `None` when there is no candidate.
    fn choose(
        &self,
        dir: &Path,
        expected_name: &str,
        preferred_names: &[&str],
    ) -> Result<Option<SceneFile>, InputError> {
        let ambiguous = |problem, candidates: &[PathBuf]| InputError::NoScene {
            dir: dir.to_path_buf(),
            expected_name: expected_name.to_string(),
            problem,
            found: candidates
                .iter()
                .map(|path| path.to_string_lossy().into_owned())
                .collect(),
        };
        if !self.inis.is_empty() {
            return match pick(&self.inis, preferred_names) {
                Some(ini) => Ok(Some(SceneFile::Ini(dir.join(ini)))),
                None => Err(ambiguous(SceneProblem::SeveralIni, &self.inis)),
            };
        }
        if !self.povs.is_empty() {
            return match pick(&self.povs, preferred_names) {
                Some(pov) => Ok(Some(SceneFile::Pov(dir.join(pov)))),
                None => Err(ambiguous(SceneProblem::SeveralPov, &self.povs)),
            };
        }
        Ok(None)
    }

    fn describe_contents(&self) -> Vec<String> {
        let mut listed: Vec<String> = self.all.iter().take(MAX_LISTED).cloned().collect();
        if self.all.len() > MAX_LISTED {
            listed.push(format!("and {} more", self.all.len() - MAX_LISTED));
        }
        listed
    }
}

/// The candidate whose stem is a preferred name (exact first, then ignoring ASCII case),
/// else the only candidate.
fn pick<'a>(candidates: &'a [PathBuf], preferred_names: &[&str]) -> Option<&'a PathBuf> {
    let stem = |path: &PathBuf| path.file_stem().map(|stem| stem.to_string_lossy().into_owned());
    for name in preferred_names {
        if let Some(exact) = candidates
            .iter()
            .find(|path| stem(path).as_deref() == Some(*name))
        {
            return Some(exact);
        }
        let mut folded = candidates
            .iter()
            .filter(|path| stem(path).is_some_and(|stem| stem.eq_ignore_ascii_case(name)));
        if let (Some(only), None) = (folded.next(), folded.next()) {
            return Some(only);
        }
    }
    match candidates {
        [only] => Some(only),
        _ => None,
    }
}

fn has_extension(path: &Path, wanted: &str) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| extension.eq_ignore_ascii_case(wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene_dir(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in files {
            let path = dir.path().join(file);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).expect("parent");
            }
            if file.ends_with('/') {
                fs::create_dir_all(&path).expect("folder");
            } else {
                fs::write(&path, "// test").expect("file");
            }
        }
        dir
    }

    fn selected(files: &[&str], name: &str) -> Result<(PathBuf, SceneFile), InputError> {
        let dir = scene_dir(files);
        let selection = select_scene(dir.path(), name)?;
        let relative_dir = selection
            .dir
            .strip_prefix(dir.path())
            .expect("inside")
            .to_path_buf();
        let relative_scene = match selection.scene {
            SceneFile::Ini(path) => {
                SceneFile::Ini(path.strip_prefix(dir.path()).expect("inside").to_path_buf())
            }
            SceneFile::Pov(path) => {
                SceneFile::Pov(path.strip_prefix(dir.path()).expect("inside").to_path_buf())
            }
        };
        Ok((relative_dir, relative_scene))
    }

    #[test]
    fn ini_named_like_the_input_wins() {
        let (_, scene) = selected(&["Other.ini", "ECSLogo.ini", "ECSLogo.pov"], "ECSLogo").expect("ok");
        assert_eq!(scene, SceneFile::Ini("ECSLogo.ini".into()));
    }

    #[test]
    fn only_ini_is_chosen_over_pov_files() {
        let (_, scene) = selected(&["render.INI", "a.pov", "b.pov"], "upload").expect("ok");
        assert_eq!(scene, SceneFile::Ini("render.INI".into()));
    }

    #[test]
    fn only_pov_is_chosen_without_ini() {
        let (_, scene) = selected(&["scene.Pov", "colors.inc", "tex.png"], "x").expect("ok");
        assert_eq!(scene, SceneFile::Pov("scene.Pov".into()));
    }

    #[test]
    fn pov_named_like_the_input_wins_among_several() {
        let (_, scene) = selected(&["a.pov", "job.pov"], "job").expect("ok");
        assert_eq!(scene, SceneFile::Pov("job.pov".into()));
    }

    #[test]
    fn two_pov_files_are_listed_in_the_error() {
        let error = selected(&["b.pov", "a.pov"], "upload").expect_err("ambiguous");
        let message = error.to_string();
        assert!(
            message.contains("found 2 .pov files")
                && message.contains("a.pov, b.pov; name one or add an .ini"),
            "{message}"
        );
    }

    #[test]
    fn two_ini_files_are_listed_in_the_error() {
        let error = selected(&["a.ini", "b.ini", "s.pov"], "upload").expect_err("ambiguous");
        assert!(matches!(
            error,
            InputError::NoScene { problem: SceneProblem::SeveralIni, ref found, .. } if found == &["a.ini", "b.ini"]
        ));
        assert!(error.to_string().contains("upload.ini"));
    }

    #[test]
    fn single_folder_is_searched_and_becomes_the_scene_dir() {
        let (dir, scene) = selected(
            &[
                "Scene/Scene.ini",
                "Scene/other.ini",
                "Scene/Scene.pov",
                "__MACOSX/",
                ".hidden/",
                "README.txt",
            ],
            "upload-123",
        )
        .expect("ok");
        assert_eq!(dir, PathBuf::from("Scene"));
        assert_eq!(scene, SceneFile::Ini("Scene/Scene.ini".into()));
    }

    #[test]
    fn top_level_scene_stops_the_search() {
        let (dir, scene) = selected(&["top.pov", "Scene/Scene.ini"], "x").expect("ok");
        assert_eq!(dir, PathBuf::new());
        assert_eq!(scene, SceneFile::Pov("top.pov".into()));
    }

    #[test]
    fn two_folders_are_not_searched() {
        let error = selected(&["a/a.pov", "b/b.pov"], "x").expect_err("nothing at top");
        let message = error.to_string();
        assert!(message.contains("it holds a/, b/"), "{message}");
    }

    #[test]
    fn empty_directory_says_so() {
        let error = selected(&[], "x").expect_err("empty");
        assert!(error.to_string().contains("it is empty"), "{error}");
        assert!(error.is_permanent());
    }

    #[test]
    fn resource_forks_are_not_scenes() {
        let (_, scene) = selected(&["._scene.pov", "scene.pov"], "x").expect("ok");
        assert_eq!(scene, SceneFile::Pov("scene.pov".into()));
    }
}
