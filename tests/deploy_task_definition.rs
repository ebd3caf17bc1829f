//! The ECS task definition (`task-definition.json`) and service example
//! (`deploy/ecs-service.json`): filled with `deploy/fill-template.sh` as the README's
//! Deployment guide says, registered with ECS (moto's, through the aws CLI, exactly as the
//! guide's commands do) and read back; and their settings checked against the worker, the
//! image and Fargate's rules.

// tests/support's moto starter and tests/common, without the rest of tests/support (its
// SDK-based helpers are for the worker tests).
#[path = "common/mod.rs"]
mod common;
mod deploy_support;
#[allow(dead_code)]
#[path = "support/moto.rs"]
mod moto;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::Value;

use common::{run_with_deadline, spotray, Scratch};
use deploy_support::{aws, file_url, fill, fill_run, placeholder_values, placeholders, read, read_json};
use moto::Moto;

const TASK_DEFINITION: &str = "task-definition.json";

/// The task definition's one container.
fn container(td: &Value) -> &Value {
    let containers = td["containerDefinitions"]
        .as_array()
        .expect("containerDefinitions is a list");
    assert_eq!(
        containers.len(),
        1,
        "the task definition should run one container"
    );
    &containers[0]
}

/// A container's environment as a map.
fn environment(container: &Value) -> BTreeMap<String, String> {
    container["environment"]
        .as_array()
        .expect("environment is a list")
        .iter()
        .map(|e| {
            (
                e["name"].as_str().expect("name").to_string(),
                e["value"].as_str().expect("value").to_string(),
            )
        })
        .collect()
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{value} is not a list"))
        .iter()
        .map(|v| {
            v.as_str()
                .unwrap_or_else(|| panic!("{v} is not a string"))
                .to_string()
        })
        .collect()
}

#[test]
fn placeholders_are_the_documented_ones_and_must_all_be_given() {
    let text = read(TASK_DEFINITION);
    let found = placeholders(&text);
    let expected: BTreeSet<String> = [
        "REGION",
        "IMAGE",
        "QUEUE_URL",
        "TASK_ROLE_ARN",
        "EXECUTION_ROLE_ARN",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(found, expected, "placeholders of {TASK_DEFINITION}");

    // Nothing given: the script refuses and names every missing variable.
    let run = fill_run(TASK_DEFINITION, &[]);
    assert!(
        !run.status.success(),
        "{}",
        run.describe("filling with nothing set should fail")
    );
    assert!(
        run.stdout.is_empty(),
        "{}",
        run.describe("nothing should be printed on failure")
    );
    for name in &expected {
        assert!(
            run.stderr.contains(name.as_str()),
            "{}",
            run.describe(&format!("the error should name {name}"))
        );
    }

    // The guide documents each placeholder.
    let readme = read("README.md");
    let guide = &readme[readme
        .find("## Deployment")
        .expect("README has a Deployment section")..];
    for name in &expected {
        assert!(
            guide.contains(&format!("{name}=")),
            "README's Deployment section should say how to set {name}"
        );
    }
}

#[test]
fn settings_fit_the_worker_the_image_and_fargate() {
    let td = read_json(TASK_DEFINITION);
    let c = container(&td);

    // Both launch types; Fargate needs awsvpc and task-level cpu/memory in its table.
    let compat = strings(&td["requiresCompatibilities"]);
    assert!(compat.contains(&"EC2".to_string()) && compat.contains(&"FARGATE".to_string()));
    assert_eq!(td["networkMode"], "awsvpc");
    let cpu: u32 = td["cpu"].as_str().expect("cpu is a string").parse().unwrap();
    let memory: u32 = td["memory"]
        .as_str()
        .expect("memory is a string")
        .parse()
        .unwrap();
    let fargate_memory = match cpu {
        256 => vec![512, 1024, 2048],
        512 => (1..=4).map(|g| g * 1024).collect(),
        1024 => (2..=8).map(|g| g * 1024).collect(),
        2048 => (4..=16).map(|g| g * 1024).collect(),
        4096 => (8..=30).map(|g| g * 1024).collect(),
        other => panic!("cpu {other} is not a Fargate size up to 4 vCPU"),
    };
    assert!(
        fargate_memory.contains(&memory),
        "cpu {cpu} with memory {memory} is not a Fargate combination"
    );
    assert!(
        cpu >= 2048 && memory >= 4096,
        "rendering wants at least 2 vCPU and 4 GiB"
    );

    // The worker, with its stop deadline inside ECS's: ECS sends SIGTERM, waits
    // stopTimeout (Fargate allows at most 120 s), then SIGKILL.
    let command = strings(&c["command"]);
    assert_eq!(command[0], "work", "the container runs the worker");
    let stop_timeout = c["stopTimeout"].as_u64().expect("stopTimeout is set");
    assert!(stop_timeout <= 120, "Fargate's stopTimeout is at most 120 s");
    let flag = command
        .iter()
        .position(|a| a == "--stop-timeout")
        .expect("the command sets --stop-timeout");
    let worker_stop: u64 = command[flag + 1].parse().expect("--stop-timeout takes seconds");
    assert!(
        worker_stop + 5 <= stop_timeout,
        "the worker's --stop-timeout ({worker_stop}) should leave ECS's stopTimeout ({stop_timeout}) a margin"
    );
    let help = run_with_deadline(spotray().args(["work", "--help"]), Duration::from_secs(30));
    assert!(
        help.status.success(),
        "{}",
        help.describe("spotray work --help failed")
    );
    for arg in command.iter().filter(|a| a.starts_with("--")) {
        assert!(
            help.stdout.contains(arg.as_str()),
            "spotray work has no {arg} option"
        );
    }

    // Configuration through the environment the worker reads.
    let env = environment(c);
    assert_eq!(env.get("SQS_QUEUE_URL").map(String::as_str), Some("${QUEUE_URL}"));
    assert!(
        help.stdout.contains("SQS_QUEUE_URL"),
        "the worker reads its queue from SQS_QUEUE_URL"
    );
    assert_eq!(env.get("AWS_REGION").map(String::as_str), Some("${REGION}"));

    // Non-root, read-only root file system, scratch on a volume that the image declares
    // (so ECS gives the volume the image folder's world-writable permissions).
    let dockerfile = read("Dockerfile");
    assert_eq!(c["user"], "10001");
    assert!(
        dockerfile.contains("USER 10001"),
        "the Dockerfile's user should match the task's"
    );
    assert_eq!(c["readonlyRootFilesystem"], true);
    let tmpdir = env.get("TMPDIR").expect("TMPDIR is set").clone();
    let mounts = c["mountPoints"].as_array().expect("mountPoints");
    let scratch = mounts
        .iter()
        .find(|m| m["containerPath"] == tmpdir.as_str())
        .unwrap_or_else(|| panic!("no volume is mounted at TMPDIR={tmpdir}"));
    assert_ne!(scratch["readOnly"], true, "the scratch volume must be writable");
    let volume = scratch["sourceVolume"].as_str().expect("sourceVolume");
    let declared = td["volumes"]
        .as_array()
        .expect("volumes")
        .iter()
        .find(|v| v["name"] == volume)
        .unwrap_or_else(|| panic!("volume {volume} is not declared"));
    assert!(
        declared.get("host").is_none() && declared.get("dockerVolumeConfiguration").is_none(),
        "the scratch volume should be a plain task volume, which Fargate supports too"
    );
    assert!(
        dockerfile.contains(&format!("VOLUME [\"{tmpdir}\"]")),
        "the Dockerfile should declare VOLUME [\"{tmpdir}\"]"
    );

    // Logs: awslogs to the group the execution role may write to.
    let log = &c["logConfiguration"];
    assert_eq!(log["logDriver"], "awslogs");
    assert_eq!(log["options"]["awslogs-region"], "${REGION}");
    let group = log["options"]["awslogs-group"].as_str().expect("awslogs-group");
    let execution = read("deploy/iam-execution-role-policy.json");
    assert!(
        execution.contains(&format!("log-group:{group}:")),
        "deploy/iam-execution-role-policy.json should allow writing to {group}"
    );
    assert_eq!(td["taskRoleArn"], "${TASK_ROLE_ARN}");
    assert_eq!(td["executionRoleArn"], "${EXECUTION_ROLE_ARN}");
    assert_eq!(c["image"], "${IMAGE}");
}

#[test]
fn registers_with_ecs_and_reads_back() {
    let scratch = Scratch::new("deploy-td");
    let moto = Moto::start(&scratch.path(""));
    let vars = placeholder_values(&moto.endpoint());
    let filled = scratch.path("task-definition.json");
    let expected = fill(TASK_DEFINITION, &vars, &filled);

    // The guide's command.
    let registered = aws(
        &moto,
        &[
            "ecs",
            "register-task-definition",
            "--cli-input-json",
            &file_url(&filled),
        ],
    );
    let td = &registered["taskDefinition"];
    assert_eq!(td["family"], "spotray-worker");
    assert_eq!(td["revision"], 1);
    assert_eq!(td["status"], "ACTIVE");

    let described = aws(
        &moto,
        &[
            "ecs",
            "describe-task-definition",
            "--task-definition",
            "spotray-worker",
        ],
    );
    let td = &described["taskDefinition"];
    let value = |name: &str| vars.iter().find(|(n, _)| *n == name).unwrap().1.clone();
    for field in ["taskRoleArn", "executionRoleArn", "networkMode", "cpu", "memory"] {
        assert_eq!(td[field], expected[field], "{field} read back");
    }
    assert_eq!(td["taskRoleArn"], value("TASK_ROLE_ARN").as_str());
    assert_eq!(
        strings(&td["requiresCompatibilities"])
            .into_iter()
            .collect::<BTreeSet<_>>(),
        ["EC2".to_string(), "FARGATE".to_string()].into_iter().collect()
    );
    let c = container(td);
    let want = container(&expected);
    assert_eq!(c["image"], value("IMAGE").as_str());
    assert_eq!(c["command"], want["command"]);
    assert_eq!(c["user"], "10001");
    assert_eq!(c["readonlyRootFilesystem"], true);
    assert_eq!(c["stopTimeout"], 120);
    assert_eq!(c["mountPoints"], want["mountPoints"]);
    assert_eq!(c["logConfiguration"], want["logConfiguration"]);
    let env = environment(c);
    assert_eq!(env["SQS_QUEUE_URL"], value("QUEUE_URL"));
    assert_eq!(env["AWS_REGION"], value("REGION"));
    assert_eq!(env["TMPDIR"], "/scratch");

    // Registering again (the guide's upgrade step: a new image tag) makes revision 2.
    let upgraded = scratch.path("task-definition-2.json");
    let mut vars2 = vars.clone();
    for (name, v) in vars2.iter_mut() {
        if *name == "IMAGE" {
            *v = v.replace(":0.1.0", ":0.1.1");
        }
    }
    fill(TASK_DEFINITION, &vars2, &upgraded);
    let again = aws(
        &moto,
        &[
            "ecs",
            "register-task-definition",
            "--cli-input-json",
            &file_url(&upgraded),
        ],
    );
    assert_eq!(again["taskDefinition"]["revision"], 2);
    assert!(again["taskDefinition"]["containerDefinitions"][0]["image"]
        .as_str()
        .unwrap()
        .ends_with(":0.1.1"));
}

#[test]
fn service_example_runs_the_task_on_the_capacity_provider() {
    let scratch = Scratch::new("deploy-svc");
    let moto = Moto::start(&scratch.path(""));
    let mut vars = placeholder_values(&moto.endpoint());
    let filled = scratch.path("task-definition.json");
    fill(TASK_DEFINITION, &vars, &filled);
    aws(
        &moto,
        &[
            "ecs",
            "register-task-definition",
            "--cli-input-json",
            &file_url(&filled),
        ],
    );
    aws(
        &moto,
        &["ecs", "create-cluster", "--cluster-name", deploy_support::CLUSTER],
    );

    // moto's default VPC has subnets and a security group to name.
    let subnets = aws(&moto, &["ec2", "describe-subnets"]);
    let subnets: Vec<String> = subnets["Subnets"]
        .as_array()
        .expect("subnets")
        .iter()
        .take(2)
        .map(|s| s["SubnetId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(subnets.len(), 2, "moto's default VPC should have two subnets");
    let groups = aws(&moto, &["ec2", "describe-security-groups"]);
    let group = groups["SecurityGroups"][0]["GroupId"]
        .as_str()
        .expect("a security group")
        .to_string();

    let asg = format!(
        "arn:aws:autoscaling:{}:{}:autoScalingGroup:00000000-0000-0000-0000-000000000000:autoScalingGroupName/spotray-spot",
        deploy_support::REGION,
        deploy_support::ACCOUNT_ID
    );
    aws(
        &moto,
        &[
            "ecs",
            "create-capacity-provider",
            "--name",
            "spotray-spot",
            "--auto-scaling-group-provider",
            &format!(
                "autoScalingGroupArn={asg},managedScaling={{status=ENABLED,targetCapacity=100}},managedTerminationProtection=ENABLED"
            ),
        ],
    );
    aws(
        &moto,
        &[
            "ecs",
            "put-cluster-capacity-providers",
            "--cluster",
            deploy_support::CLUSTER,
            "--capacity-providers",
            "spotray-spot",
            "--default-capacity-provider-strategy",
            "capacityProvider=spotray-spot,weight=1",
        ],
    );

    vars.push(("CAPACITY_PROVIDER", "spotray-spot".to_string()));
    vars.push(("SUBNET_A", subnets[0].clone()));
    vars.push(("SUBNET_B", subnets[1].clone()));
    vars.push(("SECURITY_GROUP", group));
    let service_file = scratch.path("ecs-service.json");
    fill("deploy/ecs-service.json", &vars, &service_file);
    let created = aws(
        &moto,
        &[
            "ecs",
            "create-service",
            "--cli-input-json",
            &file_url(&service_file),
        ],
    );
    let service = &created["service"];
    assert_eq!(service["serviceName"], "spotray-worker");
    assert_eq!(
        service["desiredCount"], 0,
        "the service starts with no workers: the scaler sets the count"
    );
    assert!(service["taskDefinition"]
        .as_str()
        .unwrap()
        .ends_with(":task-definition/spotray-worker:1"));

    // What the guide's scaling loop does with `spotray scale`'s answer.
    let updated = aws(
        &moto,
        &[
            "ecs",
            "update-service",
            "--cluster",
            deploy_support::CLUSTER,
            "--service",
            "spotray-worker",
            "--desired-count",
            "3",
        ],
    );
    assert_eq!(updated["service"]["desiredCount"], 3);
}
