//! The spot capacity example (`deploy/spot-capacity.cfn.json`): the settings a worker on
//! spot capacity depends on are there, and CloudFormation (moto's) takes the template.
//!
//! - spot instances only, several instance types (a mixed instances policy), capacity
//!   rebalancing;
//! - the ECS agent drains a spot instance when its interruption notice comes
//!   (`ECS_ENABLE_SPOT_INSTANCE_DRAINING=true`) and lets containers stop for 120 s
//!   (`ECS_CONTAINER_STOP_TIMEOUT=120s`), as long as the task definition's stopTimeout;
//! - IMDSv2 reachable from containers (`HttpPutResponseHopLimit: 2`), so the worker sees
//!   interruption notices itself;
//! - managed scaling with managed termination protection, which requires the group to
//!   protect new instances from scale-in.

// tests/support's moto starter and tests/common, without the rest of tests/support (its
// SDK-based helpers are for the worker tests).
#[path = "common/mod.rs"]
mod common;
mod deploy_support;
#[allow(dead_code)]
#[path = "support/moto.rs"]
mod moto;

use serde_json::Value;

use common::Scratch;
use deploy_support::{aws, file_url, read, read_json};
use moto::Moto;

const TEMPLATE: &str = "deploy/spot-capacity.cfn.json";

/// The one resource of type `kind`.
fn resource<'a>(template: &'a Value, kind: &str) -> &'a Value {
    let found: Vec<&Value> = template["Resources"]
        .as_object()
        .expect("Resources")
        .values()
        .filter(|r| r["Type"] == kind)
        .collect();
    assert_eq!(found.len(), 1, "{TEMPLATE} should have one {kind}");
    &found[0]["Properties"]
}

#[test]
fn spot_template_has_draining_stop_timeout_and_hop_limit() {
    let template = read_json(TEMPLATE);

    let launch = &resource(&template, "AWS::EC2::LaunchTemplate")["LaunchTemplateData"];
    let metadata = &launch["MetadataOptions"];
    assert_eq!(
        metadata["HttpPutResponseHopLimit"], 2,
        "containers need hop limit 2 to reach IMDSv2"
    );
    assert_eq!(metadata["HttpTokens"], "required", "IMDSv2 only");
    assert_eq!(metadata["HttpEndpoint"], "enabled");
    let user_data = launch["UserData"]["Fn::Base64"]["Fn::Sub"]
        .as_str()
        .expect("user data is Fn::Base64 of Fn::Sub of a string");
    for line in [
        "ECS_CLUSTER=${Cluster}",
        "ECS_ENABLE_SPOT_INSTANCE_DRAINING=true",
        "ECS_CONTAINER_STOP_TIMEOUT=120s",
    ] {
        assert!(
            user_data.lines().any(|l| l == line),
            "user data should set {line}:\n{user_data}"
        );
    }
    assert!(user_data.starts_with("#!/bin/bash\n"));
    assert!(user_data.contains(">>/etc/ecs/ecs.config"));

    // The agent's stop timeout matches the task definition's.
    let td = read_json("task-definition.json");
    assert_eq!(td["containerDefinitions"][0]["stopTimeout"], 120);

    let asg = resource(&template, "AWS::AutoScaling::AutoScalingGroup");
    let mixed = &asg["MixedInstancesPolicy"];
    let distribution = &mixed["InstancesDistribution"];
    assert_eq!(distribution["OnDemandBaseCapacity"], 0);
    assert_eq!(
        distribution["OnDemandPercentageAboveBaseCapacity"], 0,
        "spot only"
    );
    assert_eq!(distribution["SpotAllocationStrategy"], "price-capacity-optimized");
    let types = mixed["LaunchTemplate"]["Overrides"]
        .as_array()
        .expect("Overrides");
    assert!(
        types.len() >= 3,
        "several instance types make spot capacity easier to get"
    );
    assert_eq!(asg["CapacityRebalance"], true);
    assert_eq!(asg["MinSize"], "0");
    assert_eq!(
        asg["NewInstancesProtectedFromScaleIn"], true,
        "managed termination protection needs scale-in protection on the group"
    );

    let provider = &resource(&template, "AWS::ECS::CapacityProvider")["AutoScalingGroupProvider"];
    assert_eq!(provider["ManagedScaling"]["Status"], "ENABLED");
    assert_eq!(provider["ManagedTerminationProtection"], "ENABLED");
    assert_eq!(provider["ManagedDraining"], "ENABLED");

    // The instances' role is the ECS agent's, not the worker's (that is the task role).
    let role = resource(&template, "AWS::IAM::Role");
    let managed = role["ManagedPolicyArns"].to_string();
    assert!(
        managed.contains("AmazonEC2ContainerServiceforEC2Role"),
        "{managed}"
    );

    // The service example uses this capacity provider and the task's awsvpc networking.
    let service = read_json("deploy/ecs-service.json");
    assert_eq!(
        service["capacityProviderStrategy"][0]["capacityProvider"],
        "${CAPACITY_PROVIDER}"
    );
    assert_eq!(
        service["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"],
        "DISABLED"
    );
    assert_eq!(service["taskDefinition"], td["family"]);
}

/// moto's CloudFormation creates the stack's cluster, role, launch template and Auto Scaling
/// group (it skips the capacity provider resources, which it does not model), resolving
/// the template's Fn::Sub and Fn::GetAtt: the launch template it made is checked.
#[test]
fn cloudformation_creates_the_stack() {
    let scratch = Scratch::new("deploy-spot");
    let moto = Moto::start(&scratch.path(""));
    let body = scratch.path("spot-capacity.cfn.json");
    std::fs::write(&body, read(TEMPLATE)).unwrap();

    // Parameters as the guide gives them, from moto's default VPC; the AMI parameter is an
    // SSM parameter name, as the default (the ECS-optimized AMI) is.
    let image = aws(&moto, &["ec2", "describe-images"]);
    let ami = image["Images"][0]["ImageId"]
        .as_str()
        .expect("an AMI")
        .to_string();
    aws(
        &moto,
        &[
            "ssm",
            "put-parameter",
            "--name",
            "/spotray-test/ecs-ami",
            "--type",
            "String",
            "--value",
            &ami,
        ],
    );
    let subnets = aws(&moto, &["ec2", "describe-subnets"]);
    let subnets: Vec<&str> = subnets["Subnets"]
        .as_array()
        .expect("subnets")
        .iter()
        .take(2)
        .map(|s| s["SubnetId"].as_str().unwrap())
        .collect();
    let groups = aws(&moto, &["ec2", "describe-security-groups"]);
    let group = groups["SecurityGroups"][0]["GroupId"]
        .as_str()
        .expect("a security group");
    let subnet_list = subnets.join(",");
    aws(
        &moto,
        &[
            "cloudformation",
            "create-stack",
            "--stack-name",
            "spotray-spot",
            "--template-body",
            &file_url(&body),
            "--capabilities",
            "CAPABILITY_IAM",
            "--parameters",
            "ParameterKey=ClusterName,ParameterValue=spotray",
            &format!("ParameterKey=Subnets,ParameterValue=\"{subnet_list}\""),
            &format!("ParameterKey=SecurityGroup,ParameterValue={group}"),
            "ParameterKey=AmiId,ParameterValue=/spotray-test/ecs-ami",
        ],
    );
    let stack = aws(
        &moto,
        &[
            "cloudformation",
            "describe-stacks",
            "--stack-name",
            "spotray-spot",
        ],
    );
    assert_eq!(stack["Stacks"][0]["StackStatus"], "CREATE_COMPLETE", "{stack}");

    let resources = aws(
        &moto,
        &[
            "cloudformation",
            "list-stack-resources",
            "--stack-name",
            "spotray-spot",
        ],
    );
    let physical = |logical: &str| -> String {
        resources["StackResourceSummaries"]
            .as_array()
            .expect("resources")
            .iter()
            .find(|r| r["LogicalResourceId"] == logical)
            .unwrap_or_else(|| panic!("the stack has no {logical}: {resources}"))["PhysicalResourceId"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let template_id = physical("LaunchTemplate");
    let versions = aws(
        &moto,
        &[
            "ec2",
            "describe-launch-template-versions",
            "--launch-template-id",
            &template_id,
        ],
    );
    let data = &versions["LaunchTemplateVersions"][0]["LaunchTemplateData"];
    assert_eq!(data["MetadataOptions"]["HttpPutResponseHopLimit"], 2);
    assert_eq!(data["MetadataOptions"]["HttpTokens"], "required");
    assert_eq!(data["ImageId"], ami.as_str());
    let user_data = decode_base64(data["UserData"].as_str().expect("UserData"));
    assert!(user_data.contains("\nECS_CLUSTER=spotray\n"), "{user_data}");
    assert!(
        user_data.contains("\nECS_ENABLE_SPOT_INSTANCE_DRAINING=true\n"),
        "{user_data}"
    );
    assert!(
        user_data.contains("\nECS_CONTAINER_STOP_TIMEOUT=120s\n"),
        "{user_data}"
    );

    let group_name = physical("AutoScalingGroup");
    let groups = aws(
        &moto,
        &[
            "autoscaling",
            "describe-auto-scaling-groups",
            "--auto-scaling-group-names",
            &group_name,
        ],
    );
    let asg = &groups["AutoScalingGroups"][0];
    assert_eq!(asg["MinSize"], 0);
    assert_eq!(asg["NewInstancesProtectedFromScaleIn"], true);
    assert_eq!(
        asg["MixedInstancesPolicy"]["InstancesDistribution"]["OnDemandPercentageAboveBaseCapacity"],
        0
    );
}

/// Standard base64 (with padding) to text.
fn decode_base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=') {
        let value = ALPHABET.iter().position(|a| *a == c).expect("base64 character") as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 user data")
}
