//! Host paths taken out of messages: a file inside a job is named by its path inside the
//! job's folder or archive, and spotray's own temporary folders are never quoted.

use std::path::Path;

/// `text` with `folder/` taken off every path that starts with it, and with spotray's
/// temporary folders (`<tmp>/spotray-...XXXX/`, the scratch and extraction folders of
/// jobs) taken off the paths that run through them.
pub fn without_host_paths(text: &str, folder: Option<&Path>) -> String {
    let text = match folder {
        Some(folder) => strip_folder(text, folder),
        None => text.to_string(),
    };
    strip_temporary_folders(&text)
}

/// `text` with `folder/` taken off every path that starts with it.
fn strip_folder(text: &str, folder: &Path) -> String {
    let mut prefix = folder.display().to_string();
    if prefix.is_empty() {
        return text.to_string();
    }
    prefix.push(std::path::MAIN_SEPARATOR);
    text.replace(&prefix, "")
}

fn strip_temporary_folders(text: &str) -> String {
    let mut marker = std::env::temp_dir().display().to_string();
    marker.push(std::path::MAIN_SEPARATOR);
    marker.push_str("spotray-");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&marker) {
        out.push_str(&rest[..at]);
        let name = &rest[at + marker.len()..];
        let end = name
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(name.len());
        // A path through the folder loses the folder; the folder alone is named for what
        // it is.
        match name[end..].strip_prefix(std::path::MAIN_SEPARATOR) {
            Some(after) => rest = after,
            None => {
                out.push_str("<scratch>");
                rest = &name[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_and_temporary_folders_are_taken_off() {
        let tmp = std::env::temp_dir();
        let job = Path::new("/srv/jobs/j1");
        let text = format!(
            "{} and {} and {} and {}",
            job.join("a/b.inc").display(),
            tmp.join("spotray-extract-Zz9/textures/wood.png").display(),
            tmp.join("spotray-extract-Zz9").display(),
            tmp.join("other/file").display(),
        );
        let shown = without_host_paths(&text, Some(job));
        assert!(
            shown.starts_with("a/b.inc and textures/wood.png and <scratch> and "),
            "{shown}"
        );
        // Folders that are not spotray's own are left as they are.
        assert!(
            shown.ends_with(&tmp.join("other/file").display().to_string()),
            "{shown}"
        );
        assert_eq!(without_host_paths("plain", None), "plain");
    }
}
