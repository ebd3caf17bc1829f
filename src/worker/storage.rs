//! S3: fetching archives with a size cap, storing results and error reports.

use std::path::Path;

use aws_sdk_s3::primitives::ByteStream;
use tokio::io::AsyncWriteExt;

use super::failure::{Failure, Stage};
use super::sdk_error::{classify, is_not_found};

#[derive(Clone)]
pub struct Storage {
    client: aws_sdk_s3::Client,
}

/// What was downloaded.
pub struct Downloaded {
    pub etag: Option<String>,
    pub bytes: u64,
}

/// A small object read whole.
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub metadata: std::collections::HashMap<String, String>,
}

/// Metadata key under which results record the archive's ETag.
pub const SOURCE_ETAG: &str = "source-etag";

pub fn unquote(etag: &str) -> String {
    etag.trim_matches('"').to_string()
}

impl Storage {
    pub fn new(client: aws_sdk_s3::Client) -> Storage {
        Storage { client }
    }

    /// Streams `s3://bucket/key` into `dest`, refusing archives over `max_bytes`.
    pub async fn download(
        &self,
        bucket: &str,
        key: &str,
        dest: &Path,
        max_bytes: u64,
    ) -> Result<Downloaded, Failure> {
        let what = format!("cannot download s3://{bucket}/{key}");
        let response = self
            .client
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| {
                if is_not_found(&e) {
                    Failure::permanent(
                        Stage::Download,
                        format!("s3://{bucket}/{key} does not exist (was it deleted after the upload?)"),
                    )
                } else {
                    classify(Stage::Download, &what, &e)
                }
            })?;
        if let Some(length) = response.content_length() {
            if length as u64 > max_bytes {
                return Err(too_large(bucket, key, max_bytes));
            }
        }
        let etag = response.e_tag().map(unquote);
        let mut body = response.body;
        let mut file = tokio::fs::File::create(dest).await.map_err(|e| {
            Failure::transient(Stage::Download, format!("cannot create {}: {e}", dest.display()))
        })?;
        let mut written: u64 = 0;
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| Failure::transient(Stage::Download, format!("{what}: {e}")))?;
            written += chunk.len() as u64;
            if written > max_bytes {
                return Err(too_large(bucket, key, max_bytes));
            }
            file.write_all(&chunk).await.map_err(|e| {
                Failure::transient(Stage::Download, format!("cannot write {}: {e}", dest.display()))
            })?;
        }
        file.flush().await.map_err(|e| {
            Failure::transient(Stage::Download, format!("cannot write {}: {e}", dest.display()))
        })?;
        Ok(Downloaded { etag, bytes: written })
    }

    pub async fn put(
        &self,
        bucket: &str,
        key: &str,
        body: Vec<u8>,
        content_type: &str,
        metadata: &[(&str, String)],
    ) -> Result<(), Failure> {
        let mut request = self
            .client
            .put_object()
            .bucket(bucket)
            .key(key)
            .content_type(content_type)
            .body(ByteStream::from(body));
        for (name, value) in metadata {
            request = request.metadata(*name, value);
        }
        request
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(Stage::Upload, &format!("cannot upload s3://{bucket}/{key}"), &e))
    }

    /// The `source-etag` recorded on an existing result, `None` when there is no result.
    pub async fn result_source_etag(&self, bucket: &str, key: &str) -> Result<Option<String>, Failure> {
        match self.client.head_object().bucket(bucket).key(key).send().await {
            Ok(head) => Ok(Some(
                head.metadata()
                    .and_then(|m| m.get(SOURCE_ETAG))
                    .cloned()
                    .unwrap_or_default(),
            )),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(classify(
                Stage::Download,
                &format!("cannot check s3://{bucket}/{key}"),
                &e,
            )),
        }
    }

    /// The current ETag of an object, `None` when it does not exist.
    pub async fn etag(&self, bucket: &str, key: &str) -> Result<Option<String>, Failure> {
        match self.client.head_object().bucket(bucket).key(key).send().await {
            Ok(head) => Ok(head.e_tag().map(unquote)),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(classify(
                Stage::Download,
                &format!("cannot check s3://{bucket}/{key}"),
                &e,
            )),
        }
    }

    /// A small object's bytes and user metadata, `None` when it does not exist.
    pub async fn get_small(
        &self,
        bucket: &str,
        key: &str,
        max_bytes: u64,
    ) -> Result<Option<Fetched>, Failure> {
        let what = format!("cannot read s3://{bucket}/{key}");
        let response = match self.client.get_object().bucket(bucket).key(key).send().await {
            Ok(r) => r,
            Err(e) if is_not_found(&e) => return Ok(None),
            Err(e) => return Err(classify(Stage::Download, &what, &e)),
        };
        if response.content_length().is_some_and(|l| l as u64 > max_bytes) {
            return Err(Failure::permanent(
                Stage::Download,
                format!("{what}: larger than {max_bytes} bytes"),
            ));
        }
        let metadata = response.metadata().cloned().unwrap_or_default();
        let mut body = response.body;
        let mut bytes = Vec::new();
        while let Some(chunk) = body.next().await {
            let chunk = chunk.map_err(|e| Failure::transient(Stage::Download, format!("{what}: {e}")))?;
            if (bytes.len() + chunk.len()) as u64 > max_bytes {
                return Err(Failure::permanent(
                    Stage::Download,
                    format!("{what}: larger than {max_bytes} bytes"),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Some(Fetched { bytes, metadata }))
    }

    pub async fn delete(&self, bucket: &str, key: &str) -> Result<(), Failure> {
        self.client
            .delete_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(Stage::Upload, &format!("cannot delete s3://{bucket}/{key}"), &e))
    }

    pub fn client(&self) -> &aws_sdk_s3::Client {
        &self.client
    }
}

fn too_large(bucket: &str, key: &str, max_bytes: u64) -> Failure {
    Failure::permanent(
        Stage::Download,
        format!(
            "s3://{bucket}/{key} is larger than the {max_bytes}-byte archive limit (--max-archive-bytes)"
        ),
    )
}
