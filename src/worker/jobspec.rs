//! `JobSpec`: one scene archive in S3 to render, and where its PNG, error report and checkpoint go.

/// One archive to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobSpec {
    /// Bucket holding the archive.
    pub bucket: String,
    /// Object key of the archive, decoded (exactly what `GetObject` expects).
    pub key: String,
    /// ETag of the uploaded object, without surrounding quotes, when the message carried one.
    pub etag: Option<String>,
    /// Size of the object in bytes, when the message carried it.
    pub size: Option<u64>,
    /// Object version, when the bucket is versioned and the message carried it.
    pub version_id: Option<String>,
}

impl JobSpec {
    /// The key without a trailing `.zip` (case-insensitive): `jobs/foo.zip` and `jobs/foo.ZIP` give
    /// `jobs/foo`; a key without that suffix, such as `jobs/foo`, is returned whole.
    pub fn stem(&self) -> &str {
        let bytes = self.key.as_bytes();
        match bytes.len().checked_sub(4) {
            // The last four bytes are ASCII, so `cut` is a character boundary.
            Some(cut) if bytes[cut..].eq_ignore_ascii_case(b".zip") => &self.key[..cut],
            _ => &self.key,
        }
    }

    /// Where the rendered image goes: `<stem>.png`, placed by these rules (shared by
    /// [`error_location`](Self::error_location) and [`checkpoint_location`](Self::checkpoint_location)):
    ///
    /// * **Bucket**: `output_bucket` if given, otherwise the archive's own bucket.
    /// * **No prefix** (`None` or `""`): the key is the stem plus the suffix, next to the archive:
    ///   `jobs/a/foo.zip` gives `jobs/a/foo.png`.
    /// * **Prefix `P`**: the first path component of the key (the watched folder, normally
    ///   `jobs/`) is replaced by `P`, and any sub-folders below it are kept, so that
    ///   `jobs/alice/scene.zip` and `jobs/bob/scene.zip` do not overwrite each other's results
    ///   (or, worse, resume from each other's checkpoints): with `P = renders/`,
    ///   `jobs/foo.zip` gives `renders/foo.png` and `jobs/a/foo.zip` gives `renders/a/foo.png`.
    ///   A key with no `/` (`foo.zip`) gives `renders/foo.png`. `P` names a folder: a `/` is
    ///   added when it does not end in one (`renders` works like `renders/`).
    ///
    /// Results never end in `.zip`, so writing them into the watched prefix cannot start new jobs.
    pub fn result_location(
        &self,
        output_bucket: Option<&str>,
        output_prefix: Option<&str>,
    ) -> (String, String) {
        self.location(output_bucket, output_prefix, ".png")
    }

    /// Where the error report goes when the job fails permanently: `<stem>.error.json`, with the
    /// bucket and prefix rules of [`result_location`](Self::result_location).
    pub fn error_location(
        &self,
        output_bucket: Option<&str>,
        output_prefix: Option<&str>,
    ) -> (String, String) {
        self.location(output_bucket, output_prefix, ".error.json")
    }

    /// Where a spot-interruption checkpoint goes: `<stem>.checkpoint`, with the bucket and
    /// prefix rules of [`result_location`](Self::result_location).
    pub fn checkpoint_location(
        &self,
        output_bucket: Option<&str>,
        output_prefix: Option<&str>,
    ) -> (String, String) {
        self.location(output_bucket, output_prefix, ".checkpoint")
    }

    fn location(
        &self,
        output_bucket: Option<&str>,
        output_prefix: Option<&str>,
        suffix: &str,
    ) -> (String, String) {
        let bucket = output_bucket.unwrap_or(&self.bucket).to_owned();
        let stem = self.stem();
        let key = match output_prefix.filter(|prefix| !prefix.is_empty()) {
            None => format!("{stem}{suffix}"),
            Some(prefix) => {
                let relative = stem.split_once('/').map_or(stem, |(_, rest)| rest);
                let separator = if prefix.ends_with('/') { "" } else { "/" };
                format!("{prefix}{separator}{relative}{suffix}")
            }
        };
        (bucket, key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(key: &str) -> JobSpec {
        JobSpec {
            bucket: "in-bucket".into(),
            key: key.into(),
            etag: None,
            size: None,
            version_id: None,
        }
    }

    fn pair(bucket: &str, key: &str) -> (String, String) {
        (bucket.to_owned(), key.to_owned())
    }

    #[test]
    fn stem_removes_only_a_trailing_zip() {
        assert_eq!(job("jobs/foo.zip").stem(), "jobs/foo");
        assert_eq!(job("jobs/foo.ZIP").stem(), "jobs/foo");
        assert_eq!(job("jobs/foo.Zip").stem(), "jobs/foo");
        assert_eq!(job("jobs/foo").stem(), "jobs/foo");
        assert_eq!(job("jobs/foo.zip.png").stem(), "jobs/foo.zip.png");
        assert_eq!(job("jobs/foo.tar.zip").stem(), "jobs/foo.tar");
        assert_eq!(job("zip").stem(), "zip");
        assert_eq!(job(".zip").stem(), "");
        assert_eq!(job("scène é.zip").stem(), "scène é");
        // Multi-byte characters right before the end must not be cut in the middle.
        assert_eq!(job("ééé").stem(), "ééé");
        assert_eq!(job("aé.z").stem(), "aé.z");
    }

    #[test]
    fn locations_default_to_next_to_the_archive() {
        let j = job("jobs/a/foo.zip");
        assert_eq!(j.result_location(None, None), pair("in-bucket", "jobs/a/foo.png"));
        assert_eq!(
            j.error_location(None, None),
            pair("in-bucket", "jobs/a/foo.error.json")
        );
        assert_eq!(
            j.checkpoint_location(None, None),
            pair("in-bucket", "jobs/a/foo.checkpoint")
        );
        assert_eq!(
            job("foo.zip").result_location(None, None),
            pair("in-bucket", "foo.png")
        );
        assert_eq!(
            job("jobs/foo").result_location(None, None),
            pair("in-bucket", "jobs/foo.png")
        );
    }

    #[test]
    fn output_bucket_alone_keeps_the_key_layout() {
        let j = job("jobs/a/foo.zip");
        assert_eq!(
            j.result_location(Some("out"), None),
            pair("out", "jobs/a/foo.png")
        );
        assert_eq!(
            j.error_location(Some("out"), None),
            pair("out", "jobs/a/foo.error.json")
        );
        assert_eq!(
            j.checkpoint_location(Some("out"), None),
            pair("out", "jobs/a/foo.checkpoint")
        );
    }

    #[test]
    fn prefix_replaces_the_first_component_and_keeps_sub_folders() {
        let p = Some("renders/");
        assert_eq!(
            job("jobs/foo.zip").result_location(None, p),
            pair("in-bucket", "renders/foo.png")
        );
        assert_eq!(
            job("jobs/a/foo.zip").result_location(None, p),
            pair("in-bucket", "renders/a/foo.png")
        );
        assert_eq!(
            job("jobs/a/b/foo.zip").error_location(None, p),
            pair("in-bucket", "renders/a/b/foo.error.json")
        );
        assert_eq!(
            job("jobs/a/foo.zip").checkpoint_location(None, p),
            pair("in-bucket", "renders/a/foo.checkpoint")
        );
        // No folder at all: the file goes straight under the prefix.
        assert_eq!(
            job("foo.zip").result_location(None, p),
            pair("in-bucket", "renders/foo.png")
        );
        // Same file name in different sub-folders: no collision.
        assert_ne!(
            job("jobs/alice/scene.zip").result_location(None, p),
            job("jobs/bob/scene.zip").result_location(None, p)
        );
    }

    #[test]
    fn prefix_is_a_folder_and_an_empty_prefix_is_none() {
        assert_eq!(
            job("jobs/a/foo.zip").result_location(None, Some("renders")),
            pair("in-bucket", "renders/a/foo.png")
        );
        assert_eq!(
            job("jobs/a/foo.zip").result_location(None, Some("farm/renders/")),
            pair("in-bucket", "farm/renders/a/foo.png")
        );
        assert_eq!(
            job("jobs/a/foo.zip").result_location(None, Some("")),
            pair("in-bucket", "jobs/a/foo.png")
        );
    }

    #[test]
    fn output_bucket_and_prefix_together() {
        let j = job("jobs/a/foo.ZIP");
        assert_eq!(
            j.result_location(Some("out"), Some("renders/")),
            pair("out", "renders/a/foo.png")
        );
        assert_eq!(
            j.error_location(Some("out"), Some("renders/")),
            pair("out", "renders/a/foo.error.json")
        );
        assert_eq!(
            j.checkpoint_location(Some("out"), Some("renders/")),
            pair("out", "renders/a/foo.checkpoint")
        );
    }

    #[test]
    fn results_never_look_like_jobs() {
        for key in ["jobs/foo.zip", "jobs/foo.zip.zip", "foo"] {
            let (_, result) = job(key).result_location(None, None);
            assert!(!result.to_ascii_lowercase().ends_with(".zip"), "{result}");
        }
    }
}
