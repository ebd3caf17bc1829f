//! Watches instance metadata for spot interruption notices and rebalance
//! recommendations, and turns them into stop requests.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::clock::instant_at;
use super::imds::{Imds, ImdsError};
use super::shutdown::Shutdown;

const INSTANCE_ACTION: &str = "/latest/meta-data/spot/instance-action";
const TERMINATION_TIME: &str = "/latest/meta-data/spot/termination-time";
const REBALANCE: &str = "/latest/meta-data/events/recommendations/rebalance";
/// EC2 gives two minutes' notice; assume that when a notice's time is unreadable.
const NOTICE_PERIOD: Duration = Duration::from_secs(120);
/// Off EC2 there is nothing to watch: look again only now and then.
const UNREACHABLE_BACKOFF: Duration = Duration::from_secs(60);

/// A pending spot interruption.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub action: String,
    pub time: String,
}

/// Reads `{"action": "terminate", "time": "2026-11-27T20:00:00Z"}`.
pub fn parse_instance_action(body: &str) -> Result<Notice, String> {
    let value: serde_json::Value = serde_json::from_str(body).map_err(|e| format!("not JSON: {e}"))?;
    let action = value
        .get("action")
        .and_then(|a| a.as_str())
        .ok_or("no \"action\"")?;
    let time = value.get("time").and_then(|t| t.as_str()).unwrap_or_default();
    Ok(Notice {
        action: action.to_string(),
        time: time.to_string(),
    })
}

/// A repeated error is logged again only after this long.
const REPEAT_WARNING_AFTER: Duration = Duration::from_secs(60);

pub async fn watch(mut imds: Imds, interval: Duration, shutdown: Arc<Shutdown>) {
    let mut said_unreachable = false;
    let mut ever_reached = false;
    let mut last_warning: Option<(String, Instant)> = None;
    let mut rebalance = Rebalance::NotSeenYet;
    loop {
        let pause = match check(&mut imds, &shutdown, &mut rebalance).await {
            Ok(()) => {
                ever_reached = true;
                last_warning = None;
                interval
            }
            // Once IMDS has answered, it is there: a failure later is a passing fault.
            Err(ImdsError::Unreachable(endpoint, detail)) if !ever_reached => {
                if !said_unreachable {
                    tracing::info!(event = "spot_watch_unavailable", endpoint = %endpoint, error = %detail, "no instance metadata service: not on EC2, or the container's IMDS hop limit is too low; spot notices will not be seen");
                    said_unreachable = true;
                }
                UNREACHABLE_BACKOFF.max(interval)
            }
            Err(error) => {
                let text = error.to_string();
                let repeat = last_warning
                    .as_ref()
                    .is_some_and(|(last, at)| *last == text && at.elapsed() < REPEAT_WARNING_AFTER);
                if !repeat {
                    tracing::warn!(event = "spot_watch_error", error = %text, "could not read spot notices; will try again");
                    last_warning = Some((text, Instant::now()));
                }
                interval
            }
        };
        tokio::time::sleep(pause).await;
    }
}

/// What the worker knows of the instance's rebalance recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rebalance {
    /// IMDS has not been read yet.
    NotSeenYet,
    /// The recommendation was already there when this worker first looked: it was given
    /// before the worker was placed here, so acting on it would only make every new
    /// worker on this instance exit at once (a restart loop under ECS). The two-minute
    /// interruption notice, if it comes, is handled like any other.
    Standing,
    /// No recommendation, or one that came while this worker ran and was acted on.
    Watching,
}

async fn check(imds: &mut Imds, shutdown: &Shutdown, rebalance: &mut Rebalance) -> Result<(), ImdsError> {
    if let Some(body) = imds.get(INSTANCE_ACTION).await? {
        match parse_instance_action(&body) {
            Ok(notice) => interrupt(shutdown, &notice.action, &notice.time),
            Err(detail) => {
                return Err(ImdsError::Garbage {
                    path: INSTANCE_ACTION.into(),
                    detail,
                })
            }
        }
    } else if let Some(time) = imds.get(TERMINATION_TIME).await? {
        interrupt(shutdown, "terminate", time.trim());
    }
    let recommended = imds.get(REBALANCE).await?.is_some();
    *rebalance = match (*rebalance, recommended) {
        (Rebalance::NotSeenYet, true) => {
            tracing::info!(
                event = "rebalance_recommendation_standing",
                "EC2 recommended rebalancing before this worker started: working on until an interruption notice"
            );
            Rebalance::Standing
        }
        (Rebalance::Standing, true) => Rebalance::Standing,
        (Rebalance::Watching, true) => {
            if !shutdown.stopping() {
                tracing::warn!(
                    event = "rebalance_recommendation",
                    "EC2 recommends rebalancing: finishing the current job and taking no new ones"
                );
                shutdown.drain("rebalance recommendation");
            }
            Rebalance::Watching
        }
        (_, false) => Rebalance::Watching,
    };
    Ok(())
}

fn interrupt(shutdown: &Shutdown, action: &str, time: &str) {
    let deadline = instant_at(time).unwrap_or_else(|| Instant::now() + NOTICE_PERIOD);
    if shutdown.deadline().is_none_or(|d| deadline < d) {
        tracing::warn!(event = "spot_interruption", action = %action, time = %time, seconds_left = deadline.saturating_duration_since(Instant::now()).as_secs_f64(), "spot interruption notice");
    }
    shutdown.request(format!("spot interruption ({action} at {time})"), deadline);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_notices() {
        let n = parse_instance_action(r#"{"action": "terminate", "time": "2026-11-27T20:00:00Z"}"#).unwrap();
        assert_eq!(n.action, "terminate");
        assert_eq!(n.time, "2026-11-27T20:00:00Z");
        assert!(parse_instance_action("{not json").is_err());
        assert!(parse_instance_action("{}").is_err());
    }
}
