//! A small EC2 instance metadata (IMDS) client: IMDSv2 tokens with IMDSv1 fallback.

use std::time::{Duration, Instant};

/// Where IMDS lives unless `AWS_EC2_METADATA_SERVICE_ENDPOINT` says otherwise.
const DEFAULT_ENDPOINT: &str = "http://169.254.169.254";
const TOKEN_TTL: Duration = Duration::from_secs(6 * 60 * 60);
/// Renew tokens this long before they expire.
const TOKEN_MARGIN: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum ImdsError {
    /// Nothing answers: most likely not on EC2 (or the hop limit is too low for a container).
    #[error("instance metadata service unreachable at {0}: {1}")]
    Unreachable(String, String),
    #[error("instance metadata service answered {status} for {path}")]
    Status { status: u16, path: String },
    #[error("instance metadata service sent an unreadable answer for {path}: {detail}")]
    Garbage { path: String, detail: String },
    /// Connected, but the exchange failed (closed connection, no answer in time).
    #[error("instance metadata request for {path} failed: {detail}")]
    Transport { path: String, detail: String },
}

/// Only a connection that could not be made means "no IMDS here"; anything after
/// connecting is a passing fault of a service that exists.
fn request_error(endpoint: &str, path: &str, error: reqwest::Error) -> ImdsError {
    if error.is_connect() {
        ImdsError::Unreachable(endpoint.to_string(), error.to_string())
    } else {
        ImdsError::Transport {
            path: path.to_string(),
            detail: error.to_string(),
        }
    }
}

pub struct Imds {
    client: reqwest::Client,
    endpoint: String,
    token: Option<(String, Instant)>,
}

impl Imds {
    pub fn from_env() -> Imds {
        let endpoint = std::env::var("AWS_EC2_METADATA_SERVICE_ENDPOINT")
            .ok()
            .filter(|e| !e.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
        Imds::new(endpoint.trim_end_matches('/').to_string())
    }

    pub fn new(endpoint: String) -> Imds {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap_or_default();
        Imds {
            client,
            endpoint,
            token: None,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// An IMDSv2 session token, or `None` to go on with IMDSv1.
    async fn token(&mut self) -> Result<Option<String>, ImdsError> {
        if let Some((token, expires)) = &self.token {
            if Instant::now() + TOKEN_MARGIN < *expires {
                return Ok(Some(token.clone()));
            }
        }
        let url = format!("{}/latest/api/token", self.endpoint);
        let sent = self
            .client
            .put(&url)
            .header(
                "X-aws-ec2-metadata-token-ttl-seconds",
                TOKEN_TTL.as_secs().to_string(),
            )
            .send()
            .await;
        let response = match sent {
            Ok(response) => response,
            Err(e) => {
                return match request_error(&self.endpoint, "/latest/api/token", e) {
                    unreachable @ ImdsError::Unreachable(..) => Err(unreachable),
                    // A token request lost on the way (a container behind a hop limit
                    // of 1, say): plain IMDSv1 reads may still get through.
                    _ => Ok(None),
                };
            }
        };
        if !response.status().is_success() {
            // IMDSv1-only set-ups refuse the PUT: carry on without a token.
            self.token = None;
            return Ok(None);
        }
        let token = response.text().await.unwrap_or_default().trim().to_string();
        if token.is_empty() {
            return Ok(None);
        }
        self.token = Some((token.clone(), Instant::now() + TOKEN_TTL));
        Ok(Some(token))
    }

    /// The body at a metadata path; `None` when it does not exist (404).
    pub async fn get(&mut self, path: &str) -> Result<Option<String>, ImdsError> {
        for attempt in 0..2 {
            let token = self.token().await?;
            let mut request = self.client.get(format!("{}{path}", self.endpoint));
            if let Some(token) = &token {
                request = request.header("X-aws-ec2-metadata-token", token);
            }
            let response = request
                .send()
                .await
                .map_err(|e| request_error(&self.endpoint, path, e))?;
            let status = response.status().as_u16();
            match status {
                200 => {
                    let body = response.text().await.map_err(|e| ImdsError::Garbage {
                        path: path.into(),
                        detail: e.to_string(),
                    })?;
                    return Ok(Some(body));
                }
                404 => return Ok(None),
                // An expired or revoked token: get a fresh one and try once more.
                401 if attempt == 0 => self.token = None,
                _ => {
                    return Err(ImdsError::Status {
                        status,
                        path: path.into(),
                    })
                }
            }
        }
        Err(ImdsError::Status {
            status: 401,
            path: path.into(),
        })
    }
}
