//! `spotray scale`: the fleet size a queue's backlog asks for, for cron or a scheduled task.

use aws_sdk_sqs::types::QueueAttributeName;

use super::aws::clients;
use super::failure::Stage;
use super::sdk_error::classify;

/// How to turn a backlog into a fleet size.
#[derive(Clone, Debug, PartialEq)]
pub struct ScalePolicy {
    /// Messages one worker should have to itself (waiting plus in progress).
    pub backlog_per_worker: f64,
    pub min: u32,
    pub max: u32,
    /// Largest change from `current` in one decision (0: no limit).
    pub max_step: u32,
}

/// What the fleet looks like now, when known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fleet {
    pub current: Option<u32>,
    /// A previous change is still being carried out: decide nothing new.
    pub modifying: bool,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Decision {
    pub visible: u64,
    pub in_flight: u64,
    /// What the backlog alone asks for, before limits.
    pub wanted: u64,
    pub desired: u32,
    pub reason: String,
}

pub fn decide(visible: u64, in_flight: u64, policy: &ScalePolicy, fleet: Fleet) -> Decision {
    let backlog = visible + in_flight;
    let per_worker = if policy.backlog_per_worker > 0.0 {
        policy.backlog_per_worker
    } else {
        1.0
    };
    let wanted = (backlog as f64 / per_worker).ceil() as u64;
    let (min, max) = (policy.min, policy.max.max(policy.min));
    let clamped = wanted.clamp(min as u64, max as u64) as u32;
    let (desired, reason) = match fleet.current {
        Some(current) if fleet.modifying => (
            current,
            "a fleet modification is in progress: keeping the current size".to_string(),
        ),
        Some(current) if policy.max_step > 0 && clamped.abs_diff(current) > policy.max_step => {
            let stepped = if clamped > current {
                current + policy.max_step
            } else {
                current - policy.max_step
            };
            (
                stepped.clamp(min, max),
                format!(
                    "moving towards {clamped} by at most {} per decision",
                    policy.max_step
                ),
            )
        }
        _ if wanted as u32 != clamped || wanted > u32::MAX as u64 => {
            (clamped, format!("{wanted} wanted, limited to {min}..={max}"))
        }
        _ => (clamped, format!("{backlog} messages at {per_worker} per worker")),
    };
    Decision {
        visible,
        in_flight,
        wanted,
        desired,
        reason,
    }
}

/// Reads the queue's depth and decides.
pub async fn scale(queue_url: &str, policy: &ScalePolicy, fleet: Fleet) -> Result<Decision, String> {
    let clients = clients().await;
    let out = clients
        .sqs
        .get_queue_attributes()
        .queue_url(queue_url)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
        .send()
        .await
        .map_err(|e| {
            classify(
                Stage::Message,
                &format!("cannot read the depth of {queue_url}"),
                &e,
            )
            .message
        })?;
    let read = |name: QueueAttributeName| {
        out.attributes()
            .and_then(|a| a.get(&name))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Ok(decide(
        read(QueueAttributeName::ApproximateNumberOfMessages),
        read(QueueAttributeName::ApproximateNumberOfMessagesNotVisible),
        policy,
        fleet,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(per: f64, min: u32, max: u32, step: u32) -> ScalePolicy {
        ScalePolicy {
            backlog_per_worker: per,
            min,
            max,
            max_step: step,
        }
    }

    #[test]
    fn desired_capacity_for_a_table_of_depths() {
        // (visible, in flight, per worker, min, max, step, current, modifying) -> desired
        type Row = (u64, u64, f64, u32, u32, u32, Option<u32>, bool, u32);
        let table: &[Row] = &[
            (0, 0, 2.0, 0, 10, 0, None, false, 0),
            (0, 0, 2.0, 1, 10, 0, None, false, 1),
            (1, 0, 2.0, 0, 10, 0, None, false, 1),
            (4, 0, 2.0, 0, 10, 0, None, false, 2),
            (4, 1, 2.0, 0, 10, 0, None, false, 3),
            (100, 0, 2.0, 0, 10, 0, None, false, 10),
            (100, 0, 2.0, 0, 10, 3, Some(2), false, 5),
            (0, 0, 2.0, 0, 10, 3, Some(8), false, 5),
            (100, 0, 2.0, 0, 10, 0, Some(4), true, 4),
            (7, 0, 0.0, 0, 10, 0, None, false, 7),
            (9, 0, 3.0, 5, 2, 0, None, false, 5),
        ];
        for &(visible, in_flight, per, min, max, step, current, modifying, expected) in table {
            let d = decide(
                visible,
                in_flight,
                &policy(per, min, max, step),
                Fleet { current, modifying },
            );
            assert_eq!(
                d.desired, expected,
                "visible {visible}, in flight {in_flight}, {per}/worker, {min}..{max} step {step}, current {current:?}, modifying {modifying}: {}",
                d.reason
            );
        }
    }
}
