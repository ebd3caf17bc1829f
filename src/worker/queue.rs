//! SQS: receiving with long polls, deleting, and changing visibility.

use std::time::Duration;

use aws_sdk_sqs::types::{MessageSystemAttributeName, QueueAttributeName};

use super::failure::{Failure, Stage};
use super::sdk_error::classify;

#[derive(Clone)]
pub struct Queue {
    client: aws_sdk_sqs::Client,
    url: String,
}

/// One received message.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: String,
    pub receipt_handle: String,
    pub body: String,
    /// How many times SQS has handed this message out, this time included.
    pub receive_count: u32,
}

impl Queue {
    pub fn new(client: aws_sdk_sqs::Client, url: String) -> Queue {
        Queue { client, url }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The queue's VisibilityTimeout.
    pub async fn visibility_timeout(&self) -> Result<Duration, Failure> {
        let out = self
            .client
            .get_queue_attributes()
            .queue_url(&self.url)
            .attribute_names(QueueAttributeName::VisibilityTimeout)
            .send()
            .await
            .map_err(|e| {
                classify(
                    Stage::Message,
                    &format!("cannot read the attributes of {}", self.url),
                    &e,
                )
            })?;
        let seconds = out
            .attributes()
            .and_then(|a| a.get(&QueueAttributeName::VisibilityTimeout))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(30);
        Ok(Duration::from_secs(seconds))
    }

    /// Waits up to `wait_seconds` for one message.
    pub async fn receive(&self, wait_seconds: i32) -> Result<Option<Received>, Failure> {
        let out = self
            .client
            .receive_message()
            .queue_url(&self.url)
            .max_number_of_messages(1)
            .wait_time_seconds(wait_seconds)
            .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
            .send()
            .await
            .map_err(|e| classify(Stage::Message, &format!("cannot receive from {}", self.url), &e))?;
        let Some(message) = out.messages().first() else {
            return Ok(None);
        };
        let receive_count = message
            .attributes()
            .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
            .and_then(|v| v.parse().ok())
            .unwrap_or(1);
        Ok(Some(Received {
            id: message.message_id().unwrap_or_default().to_string(),
            receipt_handle: message.receipt_handle().unwrap_or_default().to_string(),
            body: message.body().unwrap_or_default().to_string(),
            receive_count,
        }))
    }

    pub async fn delete(&self, receipt_handle: &str) -> Result<(), Failure> {
        self.client
            .delete_message()
            .queue_url(&self.url)
            .receipt_handle(receipt_handle)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(Stage::Message, "cannot delete the message", &e))
    }

    /// Makes the message invisible for `timeout` from now (0: visible again at once).
    pub async fn set_visibility(&self, receipt_handle: &str, timeout: Duration) -> Result<(), Failure> {
        self.client
            .change_message_visibility()
            .queue_url(&self.url)
            .receipt_handle(receipt_handle)
            .visibility_timeout(timeout.as_secs().min(i32::MAX as u64) as i32)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(Stage::Message, "cannot change the message's visibility", &e))
    }

    pub async fn send(&self, body: &str) -> Result<String, Failure> {
        let out = self
            .client
            .send_message()
            .queue_url(&self.url)
            .message_body(body)
            .send()
            .await
            .map_err(|e| classify(Stage::Message, &format!("cannot send to {}", self.url), &e))?;
        Ok(out.message_id().unwrap_or_default().to_string())
    }
}
