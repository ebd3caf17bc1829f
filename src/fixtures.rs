//! Test fixtures kept outside the repository, in the `shared` folder beside it
//! (`../shared`: the ECSLogo reference job and POV-Ray's reference renders).
//!
//! For the unit tests and the integration tests alike; not part of the renderer.
//!
//! CI has `../shared`; a user's plain clone usually does not. So:
//!
//! * `../shared` exists: a fixture missing from it is a test failure (a panic that says
//!   which file is missing).
//! * `../shared` does not exist at all: the test is not run. [`shared`] prints a loud
//!   `NOT RUN: <test> needs ../shared/<path>` banner on stderr, appends the line
//!   `<test>: needs ../shared/<path>` to the file named by [`NOT_RUN_LOG`] when that
//!   variable is set (scripts/test.sh lists them at the end), and returns `None`: the
//!   test then returns early. A test that falls back to a stand-in instead is listed
//!   too, since what it is meant to check was not checked.
//!
//! `<test>` is the test's name as libtest gives it (the name of the thread running the
//! test), so call [`shared`] from the test's own thread.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The environment variable naming a file to which [`shared`] appends one line per test
/// not run for lack of `../shared`.
pub const NOT_RUN_LOG: &str = "SPOTRAY_NOT_RUN_LOG";

/// `../shared`, beside the repository (whether or not it exists).
pub fn shared_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// `../shared/<relative>` (e.g. `fixtures/ecslogo/ECSLogo.zip`), or `None` when there is
/// no `../shared` at all (after saying so: see the [module documentation](self)).
///
/// # Panics
///
/// When `../shared` exists but `relative` is not in it, or when the [`NOT_RUN_LOG`] file
/// cannot be written.
pub fn shared(relative: &str) -> Option<PathBuf> {
    let log = std::env::var_os(NOT_RUN_LOG).filter(|v| !v.is_empty());
    // Straight to stderr, not through `eprintln!`, which libtest captures and shows only
    // for failed tests.
    find(
        &shared_dir(),
        relative,
        &current_test(),
        log.as_deref().map(Path::new),
        &mut std::io::stderr().lock(),
    )
}

/// [`shared`] with its inputs given: the shared folder `dir`, the test's name, the
/// not-run log and where the banner goes.
fn find(dir: &Path, relative: &str, test: &str, log: Option<&Path>, say: &mut dyn Write) -> Option<PathBuf> {
    let path = dir.join(relative);
    if path.exists() {
        return Some(path);
    }
    let rule = "!".repeat(78);
    if dir.exists() {
        panic!(
            "\n{rule}\n!! {test}: the shared fixture {} is missing.\n\
             !! {} exists, so every fixture the tests use must be in it: check it out\n\
             !! completely (or remove the folder, and the tests that need it are not run).\n{rule}",
            path.display(),
            dir.display()
        );
    }
    let notice = format!(
        "\n{rule}\n!! NOT RUN: {test} needs ../shared/{relative}\n\
         !! (there is no {} beside the repository; CI has one)\n{rule}\n",
        dir.display()
    );
    // Nothing sensible to do if stderr is gone; the log below still records it.
    let _ = say.write_all(notice.as_bytes());
    if let Some(log) = log {
        let line = format!("{test}: needs ../shared/{relative}\n");
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .and_then(|mut file| file.write_all(line.as_bytes()))
            .unwrap_or_else(|e| panic!("cannot append to {} ({NOT_RUN_LOG}): {e}", log.display()));
    }
    None
}

/// The running test's name: libtest runs each test on a thread named after it.
fn current_test() -> String {
    match std::thread::current().name() {
        Some(name) if name != "main" => name.to_string(),
        _ => "a test (run outside libtest's test threads)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_present_fixture_is_found() {
        let shared = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(shared.path().join("fixtures/x")).unwrap();
        std::fs::write(shared.path().join("fixtures/x/a.zip"), b"zip").unwrap();
        let log = shared.path().join("not-run.log");
        let found = find(
            shared.path(),
            "fixtures/x/a.zip",
            "t",
            Some(&log),
            &mut Vec::new(),
        );
        assert_eq!(found, Some(shared.path().join("fixtures/x/a.zip")));
        assert!(!log.exists(), "nothing to log");
    }

    #[test]
    #[should_panic(expected = "the shared fixture")]
    fn a_fixture_missing_from_an_existing_shared_folder_fails_the_test() {
        let shared = tempfile::tempdir().unwrap();
        find(shared.path(), "fixtures/x/absent.zip", "t", None, &mut Vec::new());
    }

    #[test]
    fn without_a_shared_folder_the_test_is_logged_as_not_run() {
        let top = tempfile::tempdir().unwrap();
        let log = top.path().join("not-run.log");
        let absent = top.path().join("shared");
        let mut said = Vec::new();
        assert_eq!(
            find(&absent, "fixtures/x/a.zip", "mod::one", Some(&log), &mut said),
            None
        );
        assert_eq!(
            find(&absent, "fixtures/x/b.png", "mod::two", Some(&log), &mut said),
            None
        );
        assert_eq!(
            find(&absent, "fixtures/x/c.png", "mod::three", None, &mut said),
            None
        );
        let said = String::from_utf8(said).unwrap();
        assert!(
            said.contains("NOT RUN: mod::one needs ../shared/fixtures/x/a.zip"),
            "{said}"
        );
        assert!(
            said.contains("NOT RUN: mod::three needs ../shared/fixtures/x/c.png"),
            "{said}"
        );
        assert_eq!(
            std::fs::read_to_string(&log).unwrap(),
            "mod::one: needs ../shared/fixtures/x/a.zip\nmod::two: needs ../shared/fixtures/x/b.png\n"
        );
    }

    #[test]
    fn the_test_name_is_the_thread_name() {
        assert_eq!(
            current_test(),
            "fixtures::tests::the_test_name_is_the_thread_name"
        );
    }
}
