//! Helpers for the deployment tests (`tests/deploy_*.rs`): read the deployment files, fill
//! their `${PLACEHOLDERS}` with `deploy/fill-template.sh` (as the README's guide does), and
//! run the `aws` CLI against a moto server, which stands in for IAM, SQS, S3 and ECS.
//!
//! The aws CLI is found on the PATH (`python3 -m pip install awscli`; scripts/test.sh
//! installs it). moto comes from tests/support/moto.rs (`moto_server` or
//! `python3 -m moto.server`).

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::common::{repo_root, run_with_deadline, Run};
use crate::moto::Moto;

/// moto's default account, which its ARNs use.
pub const ACCOUNT_ID: &str = "123456789012";
pub const REGION: &str = "us-east-1";
pub const BUCKET: &str = "spotray-deploy-test";
pub const QUEUE: &str = "spotray-jobs";
pub const CLUSTER: &str = "spotray";

/// How long one aws CLI call may take (it starts Python each time).
const AWS_DEADLINE: Duration = Duration::from_secs(60);

/// `path` (relative to the repository root) as text.
pub fn read(path: &str) -> String {
    let full = repo_root().join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("cannot read {}: {e}", full.display()))
}

/// `path` (relative to the repository root) parsed as JSON.
pub fn read_json(path: &str) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"))
}

/// Every `.json` file in deploy/, as paths relative to the repository root, sorted.
pub fn deploy_json_files() -> Vec<String> {
    let dir = repo_root().join("deploy");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".json"))
        .map(|name| format!("deploy/{name}"))
        .collect();
    files.sort();
    files
}

/// The `${NAME}` placeholders (capitals, digits, underscores) in `text`.
pub fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('}') else { break };
        let name = &rest[..end];
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if valid {
            found.insert(name.to_string());
        }
    }
    found
}

/// Values for every placeholder the deployment files use, as they would be for a queue,
/// bucket and roles in moto's account.
pub fn placeholder_values(endpoint: &str) -> Vec<(&'static str, String)> {
    vec![
        ("ACCOUNT_ID", ACCOUNT_ID.to_string()),
        ("REGION", REGION.to_string()),
        ("BUCKET", BUCKET.to_string()),
        ("QUEUE_URL", format!("{endpoint}/{ACCOUNT_ID}/{QUEUE}")),
        ("QUEUE_ARN", format!("arn:aws:sqs:{REGION}:{ACCOUNT_ID}:{QUEUE}")),
        (
            "IMAGE",
            format!("{ACCOUNT_ID}.dkr.ecr.{REGION}.amazonaws.com/spotray:0.1.0"),
        ),
        (
            "TASK_ROLE_ARN",
            format!("arn:aws:iam::{ACCOUNT_ID}:role/spotray-task"),
        ),
        (
            "EXECUTION_ROLE_ARN",
            format!("arn:aws:iam::{ACCOUNT_ID}:role/spotray-execution"),
        ),
        ("CLUSTER", CLUSTER.to_string()),
    ]
}

/// Runs `deploy/fill-template.sh TEMPLATE` with `vars` in its environment (and only the
/// placeholder variables given: any others are removed from its environment).
pub fn fill_run(template: &str, vars: &[(&str, String)]) -> Run {
    let mut cmd = Command::new(repo_root().join("deploy/fill-template.sh"));
    cmd.current_dir(repo_root()).arg(template);
    for (name, _) in placeholder_values("") {
        cmd.env_remove(name);
    }
    for name in ["SUBNET_A", "SUBNET_B", "SECURITY_GROUP", "CAPACITY_PROVIDER"] {
        cmd.env_remove(name);
    }
    for (name, value) in vars {
        cmd.env(name, value);
    }
    run_with_deadline(&mut cmd, Duration::from_secs(30))
}

/// `template` filled from `vars`, written to `dest`; panics if the script fails.
pub fn fill(template: &str, vars: &[(&str, String)], dest: &Path) -> Value {
    let run = fill_run(template, vars);
    assert!(
        run.status.success(),
        "{}",
        run.describe(&format!("deploy/fill-template.sh {template} failed"))
    );
    assert!(
        !run.stdout.contains("${"),
        "{}",
        run.describe(&format!("{template}: placeholders left after filling"))
    );
    std::fs::write(dest, &run.stdout).unwrap_or_else(|e| panic!("cannot write {}: {e}", dest.display()));
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{template} filled is not valid JSON: {e}\n{}", run.stdout))
}

/// Whether `program` is an executable file in a PATH folder.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// The aws CLI pointed at `moto`, with throwaway credentials and no user configuration.
pub fn aws_command(moto: &Moto, args: &[&str]) -> Command {
    assert!(
        on_path("aws"),
        "the aws CLI is not on the PATH: install it with `python3 -m pip install awscli` \
         (scripts/test.sh does)"
    );
    let mut cmd = Command::new("aws");
    cmd.args(["--endpoint-url", &moto.endpoint(), "--output", "json"])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_DEFAULT_REGION", REGION)
        .env("AWS_REGION", REGION)
        .env("AWS_CONFIG_FILE", "/nonexistent/spotray-test-aws-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/spotray-test-aws-credentials",
        )
        .env("AWS_PAGER", "")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy");
    cmd
}

/// Runs the aws CLI against `moto` and returns what it printed.
pub fn aws_run(moto: &Moto, args: &[&str]) -> Run {
    run_with_deadline(&mut aws_command(moto, args), AWS_DEADLINE)
}

/// Runs the aws CLI against `moto`, requires success and parses its JSON output (`Null`
/// when it printed nothing).
pub fn aws(moto: &Moto, args: &[&str]) -> Value {
    let run = aws_run(moto, args);
    assert!(
        run.status.success(),
        "{}\n{}",
        run.describe(&format!("aws {} failed", args.join(" "))),
        moto.log_tail(20)
    );
    if run.stdout.trim().is_empty() {
        return Value::Null;
    }
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{}", run.describe(&format!("aws printed no JSON: {e}"))))
}

/// `file://PATH`, as the aws CLI takes JSON documents.
pub fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A scratch path for a filled template.
pub fn filled_path(dir: &Path, template: &str) -> PathBuf {
    dir.join(template.replace('/', "_"))
}
