//! Tests of message parsing, format by format.

use super::*;

fn jobs(body: &str) -> Vec<JobSpec> {
    match parse_message(body) {
        Ok(Parsed::Jobs(jobs)) => jobs,
        other => panic!("expected jobs, got {other:?}"),
    }
}

fn ignored(body: &str) -> String {
    match parse_message(body) {
        Ok(Parsed::Ignored { reason }) => reason,
        other => panic!("expected Ignored, got {other:?}"),
    }
}

fn error(body: &str) -> String {
    match parse_message(body) {
        Err(error) => error.to_string(),
        Ok(parsed) => panic!("expected an error, got {parsed:?}"),
    }
}

fn job(bucket: &str, key: &str) -> JobSpec {
    JobSpec {
        bucket: bucket.into(),
        key: key.into(),
        etag: None,
        size: None,
        version_id: None,
    }
}

/// One record as S3 sends it (event structure version 2.1), with `key` already encoded.
fn s3_record(event_name: &str, bucket: &str, key: &str) -> String {
    format!(
        r#"{{
          "eventVersion": "2.1",
          "eventSource": "aws:s3",
          "awsRegion": "us-west-2",
          "eventTime": "2024-03-01T12:34:56.789Z",
          "eventName": "{event_name}",
          "userIdentity": {{ "principalId": "AWS:AIDAEXAMPLEID" }},
          "requestParameters": {{ "sourceIPAddress": "203.0.113.10" }},
          "responseElements": {{
            "x-amz-request-id": "C3D13FE58DE4C810",
            "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"
          }},
          "s3": {{
            "s3SchemaVersion": "1.0",
            "configurationId": "render-jobs",
            "bucket": {{
              "name": "{bucket}",
              "ownerIdentity": {{ "principalId": "A3NL1KOZZKExample" }},
              "arn": "arn:aws:s3:::{bucket}"
            }},
            "object": {{
              "key": "{key}",
              "size": 1024,
              "eTag": "d41d8cd98f00b204e9800998ecf8427e",
              "versionId": "096fKKXTRTtl3on89fVO.nfljtsv6qko",
              "sequencer": "0055AED6DCD90281E5"
            }}
          }}
        }}"#
    )
}

fn s3_event(records: &[String]) -> String {
    format!(r#"{{"Records": [{}]}}"#, records.join(","))
}

fn one_key(encoded: &str) -> Result<Parsed, MessageError> {
    parse_message(&s3_event(&[s3_record("ObjectCreated:Put", "b", encoded)]))
}

fn decoded_key(encoded: &str) -> String {
    match one_key(encoded) {
        Ok(Parsed::Jobs(jobs)) if jobs.len() == 1 => jobs[0].key.clone(),
        other => panic!("expected one job, got {other:?}"),
    }
}

fn sns(inner: &str) -> String {
    serde_json::json!({
        "Type": "Notification",
        "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        "TopicArn": "arn:aws:sns:us-west-2:123456789012:render-uploads",
        "Subject": "Amazon S3 Notification",
        "Message": inner,
        "Timestamp": "2024-03-01T12:34:57.123Z",
        "SignatureVersion": "1",
        "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
        "SigningCertURL": "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem",
        "UnsubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-west-2:123456789012:render-uploads:c9135db0"
    })
    .to_string()
}

/// `body` as a JSON string, as `JSON.stringify(body)` would send it.
fn stringify(body: &str) -> String {
    Value::String(body.to_owned()).to_string()
}

#[test]
fn s3_event_notification() {
    let body = s3_event(&[s3_record(
        "ObjectCreated:Put",
        "render-uploads",
        "jobs/my+scene%281%29.zip",
    )]);
    assert_eq!(
        jobs(&body),
        vec![JobSpec {
            bucket: "render-uploads".into(),
            key: "jobs/my scene(1).zip".into(),
            etag: Some("d41d8cd98f00b204e9800998ecf8427e".into()),
            size: Some(1024),
            version_id: Some("096fKKXTRTtl3on89fVO.nfljtsv6qko".into()),
        }]
    );
}

#[test]
fn s3_event_minimal_fields() {
    // No eventName, size, eTag or versionId: still a job (hand-written or from an S3 clone).
    let body = r#"{"Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":"jobs/x.zip"}}}]}"#;
    assert_eq!(jobs(body), vec![job("b", "jobs/x.zip")]);
    // Every ObjectCreated variant starts a job, with or without the `s3:` prefix.
    for name in [
        "ObjectCreated:Put",
        "ObjectCreated:Post",
        "ObjectCreated:Copy",
        "ObjectCreated:CompleteMultipartUpload",
        "s3:ObjectCreated:Put",
    ] {
        assert_eq!(
            jobs(&s3_event(&[s3_record(name, "b", "a.zip")])).len(),
            1,
            "{name}"
        );
    }
}

#[test]
fn key_decoding() {
    assert_eq!(decoded_key("jobs/red+flower.zip"), "jobs/red flower.zip");
    assert_eq!(decoded_key("jobs/c%2B%2B.zip"), "jobs/c++.zip");
    assert_eq!(decoded_key("jobs/a%20b.zip"), "jobs/a b.zip");
    assert_eq!(decoded_key("jobs/caf%C3%A9.zip"), "jobs/café.zip");
    assert_eq!(decoded_key("jobs/caf%c3%a9.zip"), "jobs/café.zip");
    assert_eq!(decoded_key("jobs%2Fdeep%2Fx.zip"), "jobs/deep/x.zip");
    assert_eq!(decoded_key("jobs/100%25.zip"), "jobs/100%.zip");
    assert_eq!(
        decoded_key("jobs/2024-01-01T10%3A00%3A00.zip"),
        "jobs/2024-01-01T10:00:00.zip"
    );
    // The `.zip` check applies to the decoded key.
    assert_eq!(decoded_key("jobs/x%2Ezip"), "jobs/x.zip");
}

#[test]
fn invalid_key_encoding_is_an_error() {
    let message = one_key("jobs/bad%ZZ.zip").map(|_| ()).unwrap_err().to_string();
    assert_eq!(
        message,
        "S3 event record 0 has an invalid s3.object.key \"jobs/bad%ZZ.zip\": \
         `%` at byte 8 is not followed by two hex digits"
    );
    for key in ["jobs/x.zip%", "jobs/x.zip%4", "%G0.zip"] {
        assert!(one_key(key).is_err(), "{key}");
    }
    let message = one_key("jobs/%FF%FE.zip").map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("not UTF-8"), "{message}");
    // A truncated multi-byte sequence is not UTF-8 either.
    assert!(one_key("jobs/caf%C3.zip").is_err());
}

#[test]
fn multi_record_messages_keep_order_and_skip_what_is_not_a_job() {
    let body = s3_event(&[
        s3_record("ObjectCreated:Put", "b1", "jobs/one.zip"),
        s3_record("ObjectRemoved:Delete", "b1", "jobs/gone.zip"),
        s3_record("ObjectCreated:Put", "b1", "jobs/one.png"),
        s3_record("ObjectCreated:CompleteMultipartUpload", "b2", "jobs/two.ZIP"),
    ]);
    let keys: Vec<(String, String)> = jobs(&body).into_iter().map(|j| (j.bucket, j.key)).collect();
    assert_eq!(
        keys,
        vec![
            ("b1".into(), "jobs/one.zip".into()),
            ("b2".into(), "jobs/two.ZIP".into())
        ]
    );
}

#[test]
fn removed_and_other_events_are_ignored() {
    let reason = ignored(&s3_event(&[s3_record("ObjectRemoved:Delete", "b", "jobs/x.zip")]));
    assert_eq!(
        reason,
        "nothing to render in 1 S3 event record(s): record 0 is an \"ObjectRemoved:Delete\" event \
         (only ObjectCreated events start jobs)"
    );
    for name in [
        "ObjectRemoved:DeleteMarkerCreated",
        "ObjectRestore:Completed",
        "ObjectTagging:Put",
    ] {
        ignored(&s3_event(&[s3_record(name, "b", "jobs/x.zip")]));
    }
    // Skipped records are not validated: a delete of an oddly-encoded key is not an error.
    ignored(&s3_event(&[s3_record(
        "ObjectRemoved:Delete",
        "b",
        "jobs/%ZZ.zip",
    )]));
}

#[test]
fn non_zip_keys_are_ignored_so_results_cannot_loop() {
    let reason = ignored(&s3_event(&[
        s3_record("ObjectCreated:Put", "b", "jobs/foo.png"),
        s3_record("ObjectCreated:Put", "b", "jobs/foo.error.json"),
    ]));
    assert_eq!(
        reason,
        "nothing to render in 2 S3 event record(s): record 0 key \"jobs/foo.png\" does not end in .zip; \
         record 1 key \"jobs/foo.error.json\" does not end in .zip"
    );
    ignored(&s3_event(&[s3_record(
        "ObjectCreated:Put",
        "b",
        "jobs/foo.zip.png",
    )]));
    ignored(&s3_event(&[s3_record(
        "ObjectCreated:Put",
        "b",
        "jobs/foo.checkpoint",
    )]));
}

#[test]
fn long_skip_lists_are_summarised() {
    let records: Vec<String> = (0..8)
        .map(|i| s3_record("ObjectCreated:Put", "b", &format!("out/{i}.png")))
        .collect();
    let reason = ignored(&s3_event(&records));
    assert!(
        reason.starts_with("nothing to render in 8 S3 event record(s): record 0 key"),
        "{reason}"
    );
    assert!(reason.ends_with("; and 3 more"), "{reason}");
}

#[test]
fn empty_records_are_ignored() {
    assert_eq!(
        ignored(r#"{"Records": []}"#),
        "S3 event notification has no records"
    );
}

#[test]
fn malformed_records_are_errors() {
    let cases = [
        (
            r#"{"Records": {}}"#,
            "S3 event notification has an object Records field instead of an array",
        ),
        (
            r#"{"Records": [42]}"#,
            "S3 event record 0 is a number, not an object",
        ),
        (
            r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{}}}]}"#,
            "S3 event record 0 has no s3.object.key",
        ),
        (
            r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":null}}}]}"#,
            "S3 event record 0 has no s3.object.key",
        ),
        (
            r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":7}}}]}"#,
            "S3 event record 0 has a number s3.object.key instead of a string",
        ),
        (
            r#"{"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"a.zip"}}}]}"#,
            "S3 event record 0 has no s3.bucket.name",
        ),
        (
            r#"{"Records":[{"s3":{"bucket":{"name":""},"object":{"key":"a.zip"}}}]}"#,
            "S3 event record 0 has an empty s3.bucket.name",
        ),
        (
            r#"{"Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":""}}}]}"#,
            "S3 event record 0 has an empty s3.object.key",
        ),
        (
            r#"{"Records":[{"s3":{"bucket":{"name":"b"},"object":{"key":"a.zip","size":-1}}}]}"#,
            "S3 event record 0 has an invalid s3.object.size \"-1\"",
        ),
        (
            r#"{"Records":[{"eventSource":"aws:sns","Sns":{"Message":"{}"}}]}"#,
            "S3 event record 0 comes from \"aws:sns\", not from S3",
        ),
        (
            r#"{"Records":[{"eventName":5}]}"#,
            "S3 event record 0 has a non-string eventName",
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(error(body), expected, "{body}");
    }
    // One bad record fails the message, even next to a good one.
    let body = s3_event(&[
        s3_record("ObjectCreated:Put", "b", "jobs/good.zip"),
        s3_record("ObjectCreated:Put", "b", "jobs/bad%Z.zip"),
    ]);
    assert!(error(&body).starts_with("S3 event record 1 has an invalid s3.object.key"));
}

#[test]
fn key_length_is_bounded() {
    let longest = format!("jobs/{}.zip", "k".repeat(MAX_KEY_BYTES - 9));
    assert_eq!(decoded_key(&longest).len(), MAX_KEY_BYTES);
    let too_long = format!("jobs/{}.zip", "k".repeat(MAX_KEY_BYTES - 8));
    let message = one_key(&too_long).map(|_| ()).unwrap_err().to_string();
    assert_eq!(
        message,
        "S3 event record 0 has a key of 1025 bytes in s3.object.key, longer than S3's 1024-byte limit"
    );
    // The limit applies to the decoded key: %41 is one byte.
    let encoded = format!("jobs/{}.zip", "%41".repeat(MAX_KEY_BYTES - 9));
    assert_eq!(decoded_key(&encoded).len(), MAX_KEY_BYTES);
}

#[test]
fn s3_test_event() {
    let body = r#"{
        "Service": "Amazon S3",
        "Event": "s3:TestEvent",
        "Time": "2024-03-01T12:30:00.000Z",
        "Bucket": "render-uploads",
        "RequestId": "5582815E1AEA5ADF",
        "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"
    }"#;
    assert_eq!(
        parse_message(body).ok(),
        Some(Parsed::TestEvent {
            bucket: Some("render-uploads".into())
        })
    );
    assert_eq!(
        parse_message(r#"{"Event":"s3:TestEvent"}"#).ok(),
        Some(Parsed::TestEvent { bucket: None })
    );
    // Through SNS, as it arrives when the notification targets a topic.
    assert_eq!(
        parse_message(&sns(body)).ok(),
        Some(Parsed::TestEvent {
            bucket: Some("render-uploads".into())
        })
    );
}

#[test]
fn sns_envelope() {
    let inner = s3_event(&[s3_record("ObjectCreated:Put", "render-uploads", "jobs/a+b.zip")]);
    let found = jobs(&sns(&inner));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].bucket, "render-uploads");
    assert_eq!(found[0].key, "jobs/a b.zip");
    // A Message that is already an object is accepted too.
    let body = format!(r#"{{"Type":"Notification","Message":{inner}}}"#);
    assert_eq!(jobs(&body).len(), 1);
}

#[test]
fn sns_with_garbage_inside() {
    let message = error(&sns("this is not json"));
    assert!(
        message.starts_with("SNS notification Message is not JSON: expected"),
        "{message}"
    );
    assert_eq!(
        error(&sns(r#"{"hello": "world"}"#)),
        r#"unrecognised message format: expected an S3 event notification, SNS/EventBridge wrapper, or {"bucket": ..., "key": ...}; got an object with keys "hello""#
    );
    assert_eq!(
        error(r#"{"Type":"Notification"}"#),
        "SNS notification has no Message"
    );
    assert_eq!(
        error(r#"{"Type":"Notification","Message":3}"#),
        "SNS notification has a number Message instead of a string"
    );
    let reason = ignored(&sns(&s3_event(&[s3_record(
        "ObjectRemoved:Delete",
        "b",
        "jobs/a.zip",
    )])));
    assert!(reason.contains("ObjectRemoved:Delete"), "{reason}");
}

#[test]
fn sns_subscription_confirmation_is_ignored() {
    let body = serde_json::json!({
        "Type": "SubscriptionConfirmation",
        "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
        "Token": "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
        "TopicArn": "arn:aws:sns:us-west-2:123456789012:render-uploads",
        "Message": "You have chosen to subscribe to the topic arn:aws:sns:us-west-2:123456789012:render-uploads.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
        "SubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-west-2:123456789012:render-uploads&Token=2336412f37",
        "Timestamp": "2024-03-01T12:00:00.000Z",
        "SignatureVersion": "1"
    })
    .to_string();
    let reason = ignored(&body);
    assert!(
        reason.starts_with("SNS SubscriptionConfirmation for topic \"arn:aws:sns:"),
        "{reason}"
    );
    assert!(reason.contains("Action=ConfirmSubscription"), "{reason}");
}

#[test]
fn lambda_stringified_bodies() {
    let event = s3_event(&[s3_record("ObjectCreated:Put", "b", "jobs/x.zip")]);
    assert_eq!(jobs(&stringify(&event)).len(), 1);
    assert_eq!(jobs(&stringify(&stringify(&event))).len(), 1);
    // A stringified SNS envelope around a stringified S3 event.
    assert_eq!(jobs(&stringify(&sns(&stringify(&event)))).len(), 1);
    let plain = r#"{"bucket":"b","key":"jobs/x.zip"}"#;
    assert_eq!(jobs(&stringify(plain)), vec![job("b", "jobs/x.zip")]);
    let message = error(r#""hello""#);
    assert!(
        message.starts_with("message body (a JSON string) is not JSON: expected"),
        "{message}"
    );
}

#[test]
fn wrapping_depth_is_bounded() {
    let mut body = r#"{"bucket":"b","key":"jobs/x.zip"}"#.to_owned();
    for _ in 0..MAX_WRAP_DEPTH {
        body = stringify(&body);
    }
    assert_eq!(jobs(&body).len(), 1, "{MAX_WRAP_DEPTH} wrappers are fine");
    assert_eq!(
        error(&stringify(&body)),
        "message is wrapped more than 4 levels deep (SNS envelopes or JSON strings inside JSON strings); \
         refusing to unwrap further"
    );
    // SNS envelopes count too.
    let mut body = r#"{"bucket":"b","key":"jobs/x.zip"}"#.to_owned();
    for _ in 0..MAX_WRAP_DEPTH {
        body = sns(&body);
    }
    assert_eq!(jobs(&body).len(), 1);
    assert!(matches!(
        parse_message(&sns(&body)),
        Err(MessageError::TooDeep { limit: 4 })
    ));
    // Object-valued SNS Messages count too.
    let mut body = r#"{"bucket":"b","key":"jobs/x.zip"}"#.to_owned();
    for _ in 0..=MAX_WRAP_DEPTH {
        body = format!(r#"{{"Type":"Notification","Message":{body}}}"#);
    }
    assert!(matches!(
        parse_message(&body),
        Err(MessageError::TooDeep { limit: 4 })
    ));
}

#[test]
fn eventbridge_object_created() {
    let body = r#"{
        "version": "0",
        "id": "17793124-05d4-b198-2fde-7ededc63b103",
        "detail-type": "Object Created",
        "source": "aws.s3",
        "account": "111122223333",
        "time": "2024-03-01T12:34:56Z",
        "region": "ca-central-1",
        "resources": ["arn:aws:s3:::render-uploads"],
        "detail": {
            "version": "0",
            "bucket": { "name": "render-uploads" },
            "object": {
                "key": "jobs/my+scene 100%.zip",
                "size": 5,
                "etag": "b1946ac92492d2347c6235b4d2611184",
                "version-id": "IYV3p45BT0ac8hjHg1houSdS1a.Mro8e",
                "sequencer": "00617F08299329D189"
            },
            "request-id": "N4N7GDK58NMKJ12R",
            "requester": "123456789012",
            "source-ip-address": "1.2.3.4",
            "reason": "PutObject"
        }
    }"#;
    assert_eq!(
        jobs(body),
        vec![JobSpec {
            bucket: "render-uploads".into(),
            // Raw key: `+` and `%` are literal characters here.
            key: "jobs/my+scene 100%.zip".into(),
            etag: Some("b1946ac92492d2347c6235b4d2611184".into()),
            size: Some(5),
            version_id: Some("IYV3p45BT0ac8hjHg1houSdS1a.Mro8e".into()),
        }]
    );
}

#[test]
fn eventbridge_other_events_are_ignored() {
    let deleted = r#"{"version":"0","detail-type":"Object Deleted","source":"aws.s3",
        "detail":{"bucket":{"name":"b"},"object":{"key":"jobs/x.zip"},"deletion-type":"Permanently Deleted"}}"#;
    assert_eq!(
        ignored(deleted),
        "EventBridge S3 event \"Object Deleted\" (only \"Object Created\" starts jobs)"
    );
    let png = r#"{"detail-type":"Object Created","source":"aws.s3",
        "detail":{"bucket":{"name":"b"},"object":{"key":"jobs/x.png"}}}"#;
    assert_eq!(
        ignored(png),
        "EventBridge S3 event object key \"jobs/x.png\" does not end in .zip"
    );
    let scheduled = r#"{"version":"0","detail-type":"Scheduled Event","source":"aws.events","detail":{}}"#;
    assert_eq!(
        ignored(scheduled),
        "EventBridge event \"Scheduled Event\" from \"aws.events\" is not an S3 event"
    );
    let missing = r#"{"detail-type":"Object Created","source":"aws.s3","detail":{"bucket":{"name":"b"}}}"#;
    assert_eq!(error(missing), "EventBridge event has no detail.object.key");
}

#[test]
fn plain_messages() {
    assert_eq!(
        jobs(r#"{"bucket":"b","key":"jobs/x.zip"}"#),
        vec![job("b", "jobs/x.zip")]
    );
    // Taken literally, and any key is accepted.
    assert_eq!(
        jobs(r#"{"bucket":"b","key":"scenes/a+b%20c"}"#),
        vec![job("b", "scenes/a+b%20c")]
    );
    assert_eq!(
        jobs(r#"{"bucket":"b","key":"k.zip","etag":"\"abc\"","size":"12","version_id":"v1"}"#),
        vec![JobSpec {
            bucket: "b".into(),
            key: "k.zip".into(),
            etag: Some("abc".into()),
            size: Some(12),
            version_id: Some("v1".into()),
        }]
    );
    assert_eq!(
        jobs(r#"{"bucket":"b","key":"k.zip","eTag":"abc","versionId":"v2"}"#)[0]
            .etag
            .as_deref(),
        Some("abc")
    );
    assert_eq!(jobs(r#"{"bucket":"b","key":"k.zip","etag":""}"#)[0].etag, None);
    assert_eq!(error(r#"{"bucket":"b"}"#), "plain job message has no \"key\"");
    assert_eq!(error(r#"{"key":"k.zip"}"#), "plain job message has no \"bucket\"");
    assert_eq!(
        error(r#"{"bucket":"","key":"k"}"#),
        "plain job message has an empty \"bucket\""
    );
    assert_eq!(
        error(r#"{"bucket":"b","key":""}"#),
        "plain job message has an empty \"key\""
    );
    assert_eq!(
        error(r#"{"bucket":"a/b","key":"k"}"#),
        "plain job message has an invalid \"bucket\" \"a/b\""
    );
    assert_eq!(
        error(r#"{"bucket":{"name":"b"},"key":"k"}"#),
        "plain job message has an object \"bucket\" instead of a string"
    );
    assert_eq!(
        error(r#"{"bucket":"b","key":"k","etag":1}"#),
        "plain job message has a number \"etag\" instead of a string"
    );
    let long = format!(r#"{{"bucket":"b","key":"{}"}}"#, "k".repeat(MAX_KEY_BYTES + 1));
    assert!(error(&long).contains("longer than S3's 1024-byte limit"));
}

#[test]
fn garbage_and_empty_bodies() {
    assert_eq!(error(""), "message body is empty");
    assert_eq!(error(" \n\t"), "message body is empty");
    assert_eq!(error("\u{feff}"), "message body is empty");
    assert_eq!(
        error("hello"),
        "message body is not JSON: expected value at line 1 column 1"
    );
    assert!(error(r#"{"Records": ["#).starts_with("message body is not JSON: EOF while parsing"));
    assert!(error("\u{0}\u{1}binary").starts_with("message body is not JSON"));
    // Leading byte order mark is tolerated.
    assert_eq!(jobs("\u{feff}{\"bucket\":\"b\",\"key\":\"k.zip\"}").len(), 1);
    // Excessive nesting is caught by serde_json.
    let nested = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(error(&nested).starts_with("message body is not JSON: recursion limit exceeded"));
}

#[test]
fn json_of_the_wrong_shape() {
    let prefix = "unrecognised message format: expected an S3 event notification, SNS/EventBridge wrapper, \
                  or {\"bucket\": ..., \"key\": ...}; got ";
    let cases = [
        ("{}", "an empty JSON object"),
        ("[]", "a JSON array"),
        ("[{\"bucket\":\"b\",\"key\":\"k\"}]", "a JSON array"),
        ("42", "a JSON number"),
        ("null", "JSON null"),
        ("true", "a JSON boolean"),
        (r#"{"Event":"s3:SomethingElse"}"#, "an object with keys \"Event\""),
        (r#"{"Type":"Other","x":1}"#, "an object with keys \"Type\", \"x\""),
    ];
    for (body, found) in cases {
        assert_eq!(error(body), format!("{prefix}{found}"), "{body}");
    }
    let many: Map<String, Value> = (0..20).map(|i| (format!("k{i:02}"), Value::Null)).collect();
    let message = error(&Value::Object(many).to_string());
    assert!(message.ends_with(", ..."), "{message}");
}

#[test]
fn oversized_bodies_are_refused_before_parsing() {
    let body = format!(
        "{{\"bucket\":\"b\",\"key\":\"k.zip\",\"pad\":\"{}\"}}",
        " ".repeat(MAX_BODY_BYTES)
    );
    assert_eq!(
        error(&body),
        format!(
            "message body is {} bytes, more than the 262144-byte limit for job messages",
            body.len()
        )
    );
    let fits = format!(
        "{{\"bucket\":\"b\",\"key\":\"k.zip\",\"pad\":\"{}\"}}",
        " ".repeat(MAX_BODY_BYTES - 100)
    );
    assert!(fits.len() <= MAX_BODY_BYTES);
    assert_eq!(jobs(&fits).len(), 1);
}

#[test]
fn long_values_are_shortened_in_messages() {
    let key = format!("jobs/{}%ZZ.zip", "é".repeat(300));
    let message = one_key(&key).map(|_| ()).unwrap_err().to_string();
    assert!(message.len() < 400, "{message}");
    assert!(
        message.contains(&format!("... ({} bytes)", key.len())),
        "{message}"
    );
}
