//! SNS envelopes: notifications are unwrapped, subscription confirmations ignored.

use serde_json::{Map, Value};

use super::fields::{a_kind, invalid, quote};
use super::{parse_value, unwrap, MessageError, Parsed, MAX_WRAP_DEPTH};

/// An SNS envelope, or `None` when `Type` is not an SNS message type.
pub(super) fn parse_sns(
    object: &Map<String, Value>,
    kind: &str,
    depth: usize,
) -> Result<Option<Parsed>, MessageError> {
    match kind {
        "Notification" => {
            let parsed = match object.get("Message") {
                Some(Value::String(text)) => unwrap(text, "SNS notification Message", depth)?,
                // Not what SNS sends, but unambiguous.
                Some(inner @ Value::Object(_)) => {
                    if depth >= MAX_WRAP_DEPTH {
                        return Err(MessageError::TooDeep {
                            limit: MAX_WRAP_DEPTH,
                        });
                    }
                    parse_value(inner, depth + 1)?
                }
                Some(other) => {
                    return Err(invalid(
                        "SNS notification",
                        format!("has {} Message instead of a string", a_kind(other)),
                    ))
                }
                None => return Err(invalid("SNS notification", "has no Message")),
            };
            Ok(Some(parsed))
        }
        "SubscriptionConfirmation" | "UnsubscribeConfirmation" => {
            let topic = object
                .get("TopicArn")
                .and_then(Value::as_str)
                .unwrap_or("(unknown topic)");
            let url = object
                .get("SubscribeURL")
                .and_then(Value::as_str)
                .unwrap_or("(no SubscribeURL)");
            Ok(Some(Parsed::Ignored {
                reason: format!(
                    "SNS {kind} for topic {}; to confirm, visit {}",
                    quote(topic),
                    quote(url)
                ),
            }))
        }
        _ => Ok(None),
    }
}
