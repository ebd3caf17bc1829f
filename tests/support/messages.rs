//! Message bodies in the shapes that reach the queue in practice: an S3 event notification
//! sent straight to SQS, the same wrapped by SNS, double-encoded by a Lambda that did
//! `JSON.stringify(event)`, an EventBridge "Object Created" event, the `s3:TestEvent` S3
//! sends when a notification is configured, and a plain `{"bucket","key"}`.

use serde_json::{json, Value};

/// How S3 writes object keys into event notifications: form encoding (space as `+`),
/// with `/` kept.
pub fn s3_event_key(key: &str) -> String {
    let mut out = String::new();
    for byte in key.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' | b'/' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The S3 event notification for one new object (`key` unencoded; it is encoded here as S3
/// does). `etag` without quotes, as S3 events carry it.
pub fn s3_event_value(bucket: &str, key: &str, size: usize, etag: &str) -> Value {
    json!({
        "Records": [{
            "eventVersion": "2.1",
            "eventSource": "aws:s3",
            "awsRegion": "us-east-1",
            "eventTime": "2024-05-01T12:00:00.000Z",
            "eventName": "ObjectCreated:Put",
            "userIdentity": { "principalId": "AWS:AIDAEXAMPLE" },
            "requestParameters": { "sourceIPAddress": "127.0.0.1" },
            "responseElements": {
                "x-amz-request-id": "C3D13FE58DE4C810",
                "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"
            },
            "s3": {
                "s3SchemaVersion": "1.0",
                "configurationId": "spotray-jobs",
                "bucket": {
                    "name": bucket,
                    "ownerIdentity": { "principalId": "A3NL1KOZZKExample" },
                    "arn": format!("arn:aws:s3:::{bucket}")
                },
                "object": {
                    "key": s3_event_key(key),
                    "size": size,
                    "eTag": etag.trim_matches('"'),
                    "sequencer": "0055AED6DCD90281E5"
                }
            }
        }]
    })
}

pub fn s3_event(bucket: &str, key: &str, size: usize, etag: &str) -> String {
    s3_event_value(bucket, key, size, etag).to_string()
}

/// `inner` (a message body) delivered through an SNS topic subscribed by the queue
/// (raw message delivery off).
pub fn sns_wrapped(inner: &str) -> String {
    json!({
        "Type": "Notification",
        "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:spotray-jobs",
        "Subject": "Amazon S3 Notification",
        "Message": inner,
        "Timestamp": "2024-05-01T12:00:00.000Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-1:123456789012:spotray-jobs:example"
    })
    .to_string()
}

/// `inner` after a forwarding Lambda sent `JSON.stringify(event)` where the event was
/// already a string: a JSON string literal holding the JSON text.
pub fn lambda_stringified(inner: &str) -> String {
    Value::String(inner.to_string()).to_string()
}

/// An EventBridge "Object Created" event (key unencoded, as EventBridge carries it).
pub fn eventbridge_object_created(bucket: &str, key: &str, size: usize, etag: &str) -> String {
    json!({
        "version": "0",
        "id": "17793124-05d4-b198-2fde-7ededc63b103",
        "detail-type": "Object Created",
        "source": "aws.s3",
        "account": "123456789012",
        "time": "2024-05-01T12:00:00Z",
        "region": "us-east-1",
        "resources": [format!("arn:aws:s3:::{bucket}")],
        "detail": {
            "version": "0",
            "bucket": { "name": bucket },
            "object": {
                "key": key,
                "size": size,
                "etag": etag.trim_matches('"'),
                "sequencer": "00617F08299329D189"
            },
            "request-id": "N4N7GDK58NMKJ12R",
            "requester": "123456789012",
            "source-ip-address": "127.0.0.1",
            "reason": "PutObject"
        }
    })
    .to_string()
}

/// What S3 sends once when a bucket notification is configured.
pub fn s3_test_event(bucket: &str) -> String {
    json!({
        "Service": "Amazon S3",
        "Event": "s3:TestEvent",
        "Time": "2024-05-01T12:00:00.000Z",
        "Bucket": bucket,
        "RequestId": "5582815E1AEA5ADF",
        "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"
    })
    .to_string()
}

/// The simplest job message: bucket and key (unencoded).
pub fn plain(bucket: &str, key: &str) -> String {
    json!({ "bucket": bucket, "key": key }).to_string()
}
