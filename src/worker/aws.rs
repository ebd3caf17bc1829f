//! AWS clients from the standard credential and region chain, with emulator support.

use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::BehaviorVersion;

pub struct Clients {
    pub s3: aws_sdk_s3::Client,
    pub sqs: aws_sdk_sqs::Client,
}

/// Clients configured like the AWS CLI: environment, profile, ECS task role or
/// instance profile for credentials; `AWS_REGION`; `AWS_ENDPOINT_URL` for an emulator,
/// in which case S3 uses path-style addressing as emulators expect.
pub async fn clients() -> Clients {
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(5))
        // Long polls take 20 s; big uploads take longer per attempt than that, so the
        // cap only guards against a connection that hangs for good.
        .operation_attempt_timeout(Duration::from_secs(300))
        .build();
    let shared = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(timeouts)
        .load()
        .await;
    let emulated =
        std::env::var_os("AWS_ENDPOINT_URL").is_some() || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
    let s3_config = aws_sdk_s3::config::Builder::from(&shared)
        .force_path_style(emulated)
        .build();
    Clients {
        s3: aws_sdk_s3::Client::from_conf(s3_config),
        sqs: aws_sdk_sqs::Client::new(&shared),
    }
}
