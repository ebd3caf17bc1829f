//! Turning AWS SDK errors into permanent or transient failures with readable messages.

use aws_sdk_s3::config::http::HttpResponse as Response;
use aws_sdk_s3::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use super::failure::{Failure, Stage};

/// Throttling and server-side trouble clear up by themselves; so do network problems,
/// which reach us as anything other than a service error.
pub fn classify<E>(stage: Stage, what: &str, err: &SdkError<E, Response>) -> Failure
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match err {
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let code = service.err().code().unwrap_or("");
            // The service's own words; the error's Display would dump the raw response.
            let detail = service.err().message().unwrap_or("no details");
            let message = if code.is_empty() {
                format!("{what}: HTTP {status}: {detail}")
            } else {
                format!("{what}: {code} (HTTP {status}): {detail}")
            };
            let throttled = status == 429
                || status == 503
                || code.contains("Throttl")
                || code == "SlowDown"
                || code == "RequestTimeout";
            if status >= 500 || throttled {
                Failure::transient(stage, message)
            } else {
                Failure::permanent(stage, message)
            }
        }
        _ => Failure::transient(stage, format!("{what}: {}", DisplayErrorContext(err))),
    }
}

/// Whether the service said the object or key does not exist.
pub fn is_not_found<E>(err: &SdkError<E, Response>) -> bool
where
    E: ProvideErrorMetadata,
{
    match err {
        SdkError::ServiceError(service) => {
            service.raw().status().as_u16() == 404
                || matches!(
                    service.err().code(),
                    Some("NoSuchKey") | Some("NotFound") | Some("NoSuchBucket")
                )
        }
        _ => false,
    }
}
