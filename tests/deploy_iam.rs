//! The IAM policies and other AWS documents in deploy/: every JSON file parses; the
//! worker's task-role policy grants exactly the actions `spotray work` calls (read from the
//! source in src/worker/), on the one queue and the jobs/ prefix, and the submitter's policy
//! exactly what `spotray submit` calls; and moto's IAM, SQS and S3 accept the documents
//! once filled in, as the README's guide uses them.

// tests/support's moto starter and tests/common, without the rest of tests/support (its
// SDK-based helpers are for the worker tests).
#[path = "common/mod.rs"]
mod common;
mod deploy_support;
#[allow(dead_code)]
#[path = "support/moto.rs"]
mod moto;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use common::{repo_root, Scratch};
use deploy_support::{
    aws, deploy_json_files, file_url, fill, filled_path, placeholder_values, placeholders, read, read_json,
};
use moto::Moto;

const TASK_POLICY: &str = "deploy/iam-task-role-policy.json";
const SUBMITTER_POLICY: &str = "deploy/iam-submitter-policy.json";
const QUEUE_ARN: &str = "${QUEUE_ARN}";
const JOBS: &str = "arn:aws:s3:::${BUCKET}/jobs/*";
/// What the worker may write and delete: results, error reports, checkpoints; never the
/// archives users uploaded.
const OUTPUTS: &[&str] = &[
    "arn:aws:s3:::${BUCKET}/jobs/*.png",
    "arn:aws:s3:::${BUCKET}/jobs/*.error.json",
    "arn:aws:s3:::${BUCKET}/jobs/*.checkpoint",
];
/// What a submitter may write: archives only, so that nobody who submits can forge a result.
const ARCHIVES: &str = "arn:aws:s3:::${BUCKET}/jobs/*.zip";
const BUCKET_ARN: &str = "arn:aws:s3:::${BUCKET}";

/// SDK operations the code may call, as `.operation()` in the source, and the IAM actions
/// each needs. HeadObject has no action of its own: it needs s3:GetObject, and s3:ListBucket
/// on the bucket for a missing key to be a 404 rather than a 403 (the worker's duplicate
/// check heads a result that usually does not exist yet, and a 403 fails the job).
const OPERATIONS: &[(&str, &[&str])] = &[
    ("get_object", &["s3:GetObject"]),
    ("put_object", &["s3:PutObject"]),
    ("head_object", &["s3:GetObject", "s3:ListBucket"]),
    ("delete_object", &["s3:DeleteObject"]),
    ("copy_object", &["s3:GetObject", "s3:PutObject"]),
    ("list_objects", &["s3:ListBucket"]),
    ("list_objects_v2", &["s3:ListBucket"]),
    ("create_multipart_upload", &["s3:PutObject"]),
    ("receive_message", &["sqs:ReceiveMessage"]),
    ("delete_message", &["sqs:DeleteMessage"]),
    ("delete_message_batch", &["sqs:DeleteMessage"]),
    ("change_message_visibility", &["sqs:ChangeMessageVisibility"]),
    (
        "change_message_visibility_batch",
        &["sqs:ChangeMessageVisibility"],
    ),
    ("get_queue_attributes", &["sqs:GetQueueAttributes"]),
    ("get_queue_url", &["sqs:GetQueueUrl"]),
    ("send_message", &["sqs:SendMessage"]),
    ("send_message_batch", &["sqs:SendMessage"]),
];

/// The SDK operations called in `text` (a Rust source file).
fn operations_in(text: &str) -> BTreeSet<&'static str> {
    OPERATIONS
        .iter()
        .map(|(op, _)| *op)
        .filter(|op| text.contains(&format!(".{op}()")))
        .collect()
}

fn actions_for(ops: &BTreeSet<&str>) -> BTreeSet<String> {
    OPERATIONS
        .iter()
        .filter(|(op, _)| ops.contains(op))
        .flat_map(|(_, actions)| actions.iter().map(|a| a.to_string()))
        .collect()
}

fn as_list(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .unwrap_or_else(|| panic!("{v} is not a string"))
                    .to_string()
            })
            .collect(),
        other => panic!("{other} is neither a string nor a list"),
    }
}

fn statements(policy: &Value) -> &Vec<Value> {
    policy["Statement"].as_array().expect("Statement is a list")
}

/// Every (action, resource) pair a policy allows.
fn grants(policy: &Value) -> BTreeSet<(String, String)> {
    let mut pairs = BTreeSet::new();
    for statement in statements(policy) {
        assert_eq!(statement["Effect"], "Allow");
        for action in as_list(&statement["Action"]) {
            for resource in as_list(&statement["Resource"]) {
                pairs.insert((action.clone(), resource));
            }
        }
    }
    pairs
}

fn actions(policy: &Value) -> BTreeSet<String> {
    grants(policy).into_iter().map(|(a, _)| a).collect()
}

/// Source files of the worker, with submit.rs (the `submit` command) apart.
fn worker_sources() -> (String, String) {
    let dir = repo_root().join("src/worker");
    let mut worker = String::new();
    let mut submit = String::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    entries.sort();
    for path in entries {
        let text = std::fs::read_to_string(&path).unwrap();
        if path.file_name().unwrap() == "submit.rs" {
            submit.push_str(&text);
        } else {
            worker.push_str(&text);
        }
    }
    (worker, submit)
}

#[test]
fn every_json_in_deploy_parses_and_policies_are_well_formed() {
    let files = deploy_json_files();
    for expected in [
        TASK_POLICY,
        SUBMITTER_POLICY,
        "deploy/iam-execution-role-policy.json",
        "deploy/iam-scaler-policy.json",
        "deploy/ecs-tasks-trust-policy.json",
        "deploy/ec2-trust-policy.json",
        "deploy/sqs-queue-policy.json",
        "deploy/s3-notification.json",
        "deploy/ecs-service.json",
        "deploy/spot-capacity.cfn.json",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} is missing: {files:?}"
        );
    }
    let mut policies = 0;
    for file in &files {
        let doc = read_json(file);
        if doc.get("Statement").is_none() {
            continue;
        }
        policies += 1;
        assert_eq!(doc["Version"], "2012-10-17", "{file}: policy language version");
        for statement in statements(&doc) {
            let sid = statement["Sid"]
                .as_str()
                .unwrap_or_else(|| panic!("{file}: every statement has a Sid"));
            assert!(
                sid.chars().all(|c| c.is_ascii_alphanumeric()),
                "{file}: Sid {sid} must be alphanumeric"
            );
            assert!(
                matches!(statement["Effect"].as_str(), Some("Allow" | "Deny")),
                "{file}/{sid}: Effect"
            );
            let acts = as_list(&statement["Action"]);
            for action in &acts {
                let (service, name) = action
                    .split_once(':')
                    .unwrap_or_else(|| panic!("{file}/{sid}: {action} is not service:Action"));
                assert!(!service.is_empty() && !name.is_empty(), "{file}/{sid}: {action}");
                assert!(
                    !action.contains('*'),
                    "{file}/{sid}: no wildcard actions ({action})"
                );
            }
            if statement.get("Principal").is_some() {
                // Resource policies (queue) and trust policies (roles).
                continue;
            }
            for resource in as_list(&statement["Resource"]) {
                if resource == "*" {
                    assert_eq!(
                        acts,
                        vec!["ecr:GetAuthorizationToken".to_string()],
                        "{file}/{sid}: only ecr:GetAuthorizationToken, which has no resource, may use \"*\""
                    );
                } else {
                    assert!(
                        resource.starts_with("arn:aws:") || resource.starts_with("${"),
                        "{file}/{sid}: {resource}"
                    );
                }
            }
        }
    }
    assert!(
        policies >= 7,
        "expected at least 7 policy documents in deploy/, found {policies}"
    );
}

#[test]
fn task_role_grants_exactly_what_the_worker_calls() {
    let (worker, submit) = worker_sources();
    // `Queue::send` (SendMessage) lives in queue.rs but only `submit` calls it: a queue send
    // is the only `.send(` with arguments (SDK requests end in `.send()`).
    assert!(
        !worker.contains(".send(&") && !worker.contains(".send(body"),
        "src/worker/ (not submit.rs) calls Queue::send: the worker would need sqs:SendMessage"
    );
    assert!(
        submit.contains(".send(&"),
        "submit.rs should send the job message through Queue::send"
    );

    let mut ops = operations_in(&worker);
    ops.remove("send_message");
    let needed = actions_for(&ops);
    let expected: BTreeSet<String> = [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
        "s3:GetObject",
        "s3:PutObject",
        "s3:DeleteObject",
        "s3:ListBucket",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(
        needed, expected,
        "the worker's SDK calls ({ops:?}) changed: update {TASK_POLICY}, the README and this test"
    );

    let policy = read_json(TASK_POLICY);
    assert_eq!(
        actions(&policy),
        expected,
        "{TASK_POLICY} grants other actions than the worker calls"
    );
    for (action, resource) in grants(&policy) {
        let want: &[&str] = if action.starts_with("sqs:") {
            &[QUEUE_ARN]
        } else if action == "s3:ListBucket" {
            &[BUCKET_ARN]
        } else if action == "s3:GetObject" {
            &[JOBS]
        } else {
            OUTPUTS
        };
        assert!(
            want.contains(&resource.as_str()),
            "{TASK_POLICY}: {action} should be granted on {want:?} only, not {resource}"
        );
    }
    for output in OUTPUTS {
        for action in ["s3:PutObject", "s3:DeleteObject"] {
            assert!(
                grants(&policy).contains(&(action.to_string(), output.to_string())),
                "{TASK_POLICY}: the worker needs {action} on {output}"
            );
        }
    }
}

/// IAM's object patterns: `*` matches any run of characters, `/` included.
fn iam_matches(pattern: &str, key: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == key,
        Some((head, tail)) => {
            key.starts_with(head)
                && (0..=key.len() - head.len())
                    .filter(|&i| key.is_char_boundary(head.len() + i))
                    .any(|i| iam_matches(tail, &key[head.len() + i..]))
        }
    }
}

#[test]
fn writes_are_confined_to_what_each_party_should_write() {
    use spotray::worker::jobspec::JobSpec;
    let object = |key: &str| format!("arn:aws:s3:::${{BUCKET}}/{key}");
    for key in ["jobs/scene.zip", "jobs/alice/deep/scene.ZIP.zip"] {
        let spec = JobSpec {
            bucket: "b".into(),
            key: key.into(),
            etag: None,
            size: None,
            version_id: None,
        };
        let outputs = [
            spec.result_location(None, None).1,
            spec.error_location(None, None).1,
            spec.checkpoint_location(None, None).1,
        ];
        for output in &outputs {
            assert!(
                OUTPUTS.iter().any(|p| iam_matches(p, &object(output))),
                "the task role cannot write {output}"
            );
            assert!(
                !iam_matches(ARCHIVES, &object(output)),
                "a submitter could forge {output}"
            );
        }
        assert!(
            !OUTPUTS.iter().any(|p| iam_matches(p, &object(key))),
            "the task role could overwrite or delete the archive {key}"
        );
        assert!(
            iam_matches(ARCHIVES, &object(key)),
            "a submitter cannot upload {key}"
        );
    }
}

#[test]
fn submitter_policy_grants_exactly_what_submit_calls() {
    let (_, submit) = worker_sources();
    let mut ops = operations_in(&submit);
    // Through Queue::send (see above).
    ops.insert("send_message");
    let needed = actions_for(&ops);
    let policy = read_json(SUBMITTER_POLICY);
    assert_eq!(
        actions(&policy),
        needed,
        "{SUBMITTER_POLICY} should grant exactly what `spotray submit` calls ({ops:?})"
    );
    for (action, resource) in grants(&policy) {
        let want = if action.starts_with("sqs:") {
            QUEUE_ARN
        } else {
            ARCHIVES
        };
        assert_eq!(resource, want, "{SUBMITTER_POLICY}: {action} on {want} only");
    }
    let task = actions(&read_json(TASK_POLICY));
    assert!(!task.contains("sqs:SendMessage"), "workers do not send messages");
}

#[test]
fn queue_policy_lets_only_our_bucket_notify() {
    let policy = read_json("deploy/sqs-queue-policy.json");
    let statements = statements(&policy);
    assert_eq!(statements.len(), 1);
    let s = &statements[0];
    assert_eq!(s["Principal"]["Service"], "s3.amazonaws.com");
    assert_eq!(as_list(&s["Action"]), vec!["sqs:SendMessage".to_string()]);
    assert_eq!(s["Resource"], QUEUE_ARN);
    assert_eq!(s["Condition"]["ArnLike"]["aws:SourceArn"], BUCKET_ARN);
    assert_eq!(
        s["Condition"]["StringEquals"]["aws:SourceAccount"],
        "${ACCOUNT_ID}"
    );

    let notification = read_json("deploy/s3-notification.json");
    let config = &notification["QueueConfigurations"][0];
    assert_eq!(config["QueueArn"], QUEUE_ARN);
    let rules: Vec<(String, String)> = config["Filter"]["Key"]["FilterRules"]
        .as_array()
        .expect("filter rules")
        .iter()
        .map(|r| {
            (
                r["Name"].as_str().unwrap().to_string(),
                r["Value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Results (.png), reports (.error.json) and checkpoints go under jobs/ too: only
    // archives may notify, or every result would come back as a job.
    assert!(rules.contains(&("prefix".into(), "jobs/".into())), "{rules:?}");
    assert!(rules.contains(&("suffix".into(), ".zip".into())), "{rules:?}");
}

#[test]
fn trust_policies_name_the_right_services() {
    let ecs = read_json("deploy/ecs-tasks-trust-policy.json");
    let s = &statements(&ecs)[0];
    assert_eq!(s["Principal"]["Service"], "ecs-tasks.amazonaws.com");
    assert_eq!(s["Action"], "sts:AssumeRole");
    assert_eq!(
        s["Condition"]["StringEquals"]["aws:SourceAccount"],
        "${ACCOUNT_ID}"
    );
    let ec2 = read_json("deploy/ec2-trust-policy.json");
    assert_eq!(statements(&ec2)[0]["Principal"]["Service"], "ec2.amazonaws.com");
}

/// Fills every deployment document and has moto's IAM, SQS and S3 take it, as the guide does.
#[test]
fn moto_accepts_the_filled_documents() {
    let scratch = Scratch::new("deploy-iam");
    let moto = Moto::start(&scratch.path(""));
    let vars = placeholder_values(&moto.endpoint());
    let dir = scratch.path("");

    // Every placeholder in deploy/ has a value in the guide's list.
    let known: BTreeSet<String> = vars.iter().map(|(n, _)| n.to_string()).collect();
    let service_only: BTreeSet<String> = ["CAPACITY_PROVIDER", "SUBNET_A", "SUBNET_B", "SECURITY_GROUP"]
        .into_iter()
        .map(String::from)
        .collect();
    for file in deploy_json_files() {
        for name in placeholders(&read(&file)) {
            assert!(
                known.contains(&name) || (file.ends_with("ecs-service.json") && service_only.contains(&name)),
                "{file} uses ${{{name}}}, which the guide does not define"
            );
        }
    }

    // Identity policies: IAM validates the grammar, actions and resource ARNs.
    for file in deploy_json_files().iter().filter(|f| f.contains("/iam-")) {
        let filled = filled_path(&dir, file);
        fill(file, &vars, &filled);
        let name = Path::new(file)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let created = aws(
            &moto,
            &[
                "iam",
                "create-policy",
                "--policy-name",
                &name,
                "--policy-document",
                &file_url(&filled),
            ],
        );
        assert!(created["Policy"]["Arn"]
            .as_str()
            .unwrap()
            .ends_with(&format!(":policy/{name}")));
    }
    // Trust policies make roles.
    for (file, role) in [
        ("deploy/ecs-tasks-trust-policy.json", "spotray-task"),
        ("deploy/ec2-trust-policy.json", "spotray-instance"),
    ] {
        let filled = filled_path(&dir, file);
        fill(file, &vars, &filled);
        aws(
            &moto,
            &[
                "iam",
                "create-role",
                "--role-name",
                role,
                "--assume-role-policy-document",
                &file_url(&filled),
            ],
        );
        aws(
            &moto,
            &[
                "iam",
                "attach-role-policy",
                "--role-name",
                role,
                "--policy-arn",
                &format!(
                    "arn:aws:iam::{}:policy/iam-task-role-policy",
                    deploy_support::ACCOUNT_ID
                ),
            ],
        );
    }

    // The queue with its policy, the bucket with its notification.
    aws(
        &moto,
        &["s3api", "create-bucket", "--bucket", deploy_support::BUCKET],
    );
    let queue = aws(
        &moto,
        &["sqs", "create-queue", "--queue-name", deploy_support::QUEUE],
    );
    let queue_url = queue["QueueUrl"].as_str().expect("QueueUrl").to_string();
    let policy_file = filled_path(&dir, "deploy/sqs-queue-policy.json");
    fill("deploy/sqs-queue-policy.json", &vars, &policy_file);
    let attributes = serde_json::json!({ "Policy": std::fs::read_to_string(&policy_file).unwrap() });
    let attributes_file = dir.join("queue-attributes.json");
    std::fs::write(&attributes_file, attributes.to_string()).unwrap();
    aws(
        &moto,
        &[
            "sqs",
            "set-queue-attributes",
            "--queue-url",
            &queue_url,
            "--attributes",
            &file_url(&attributes_file),
        ],
    );
    let read_back = aws(
        &moto,
        &[
            "sqs",
            "get-queue-attributes",
            "--queue-url",
            &queue_url,
            "--attribute-names",
            "Policy",
            "QueueArn",
        ],
    );
    let arn = read_back["Attributes"]["QueueArn"].as_str().expect("QueueArn");
    let expected_arn = &vars.iter().find(|(n, _)| *n == "QUEUE_ARN").unwrap().1;
    assert_eq!(arn, expected_arn, "the guide's QUEUE_ARN is the queue's ARN");
    let stored: Value =
        serde_json::from_str(read_back["Attributes"]["Policy"].as_str().expect("Policy")).unwrap();
    assert_eq!(stored["Statement"][0]["Principal"]["Service"], "s3.amazonaws.com");

    let notification_file = filled_path(&dir, "deploy/s3-notification.json");
    fill("deploy/s3-notification.json", &vars, &notification_file);
    aws(
        &moto,
        &[
            "s3api",
            "put-bucket-notification-configuration",
            "--bucket",
            deploy_support::BUCKET,
            "--notification-configuration",
            &file_url(&notification_file),
        ],
    );
    let config = aws(
        &moto,
        &[
            "s3api",
            "get-bucket-notification-configuration",
            "--bucket",
            deploy_support::BUCKET,
        ],
    );
    assert_eq!(
        config["QueueConfigurations"][0]["QueueArn"],
        expected_arn.as_str()
    );
}
