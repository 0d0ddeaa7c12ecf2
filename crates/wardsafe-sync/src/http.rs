//! The app's transport: HTTPS (or HTTP on a trusted network) to
//! `wardsafe-server`, with ureq (rustls for TLS).

use crate::client::{Transport, TransportError};
use crate::protocol::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::time::Duration;
use ureq::Agent;

pub struct HttpTransport {
    base: String,
    agent: Agent,
}

const MAX_BODY: u64 = 64 * 1024 * 1024;

impl HttpTransport {
    pub fn new(base_url: &str) -> HttpTransport {
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            // Long enough for a long poll (25 s) and a large page.
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        HttpTransport { base: base_url.trim_end_matches('/').to_string(), agent }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn json<T: DeserializeOwned>(
        &self,
        resp: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T, TransportError> {
        let mut resp = resp.map_err(|e| TransportError::Unreachable(e.to_string()))?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| TransportError::Unreachable(e.to_string()))?;
        if (200..300).contains(&status) {
            serde_json::from_slice(&body)
                .map_err(|e| TransportError::Unreachable(format!("the server's answer could not be read: {e}")))
        } else {
            let error = serde_json::from_slice(&body).unwrap_or_else(|_| {
                ApiError::new("http_error", format!("HTTP {status}: {}", String::from_utf8_lossy(&body)))
            });
            Err(TransportError::Api { status, error })
        }
    }

    fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        token: Option<&str>,
        body: &B,
    ) -> Result<T, TransportError> {
        let mut req = self.agent.post(&self.url(path));
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        self.json(req.send_json(body))
    }
}

impl Transport for HttpTransport {
    fn enrol(&self, req: &EnrolRequest) -> Result<EnrolResponse, TransportError> {
        self.post("/v1/enrol", None, req)
    }

    fn push(&self, token: &str, req: &PushRequest) -> Result<PushResponse, TransportError> {
        self.post("/v1/push", Some(token), req)
    }

    fn pull(&self, token: &str, req: &PullRequest) -> Result<PullResponse, TransportError> {
        self.post("/v1/pull", Some(token), req)
    }

    fn photo_status(&self, token: &str, sha256: &str) -> Result<PhotoStatus, TransportError> {
        let req = self
            .agent
            .get(&self.url(&format!("/v1/photos/{sha256}/status")))
            .header("Authorization", &format!("Bearer {token}"));
        self.json(req.call())
    }

    fn upload_photo(
        &self,
        token: &str,
        sha256: &str,
        offset: i64,
        total: i64,
        bytes: &[u8],
    ) -> Result<PhotoStatus, TransportError> {
        let req = self
            .agent
            .put(&self.url(&format!("/v1/photos/{sha256}?offset={offset}&total={total}")))
            .header("Authorization", &format!("Bearer {token}"))
            .header("Content-Type", "application/octet-stream");
        self.json(req.send(bytes))
    }

    fn download_photo(&self, token: &str, sha256: &str) -> Result<Vec<u8>, TransportError> {
        let resp = self
            .agent
            .get(&self.url(&format!("/v1/photos/{sha256}")))
            .header("Authorization", &format!("Bearer {token}"))
            .call();
        let mut resp = resp.map_err(|e| TransportError::Unreachable(e.to_string()))?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| TransportError::Unreachable(e.to_string()))?;
        if status == 200 {
            Ok(body)
        } else {
            let error =
                serde_json::from_slice(&body).unwrap_or_else(|_| ApiError::new("http_error", format!("HTTP {status}")));
            Err(TransportError::Api { status, error })
        }
    }

    fn issue_code(&self, token: &str, req: &IssueCodeRequest) -> Result<IssuedCode, TransportError> {
        self.post("/v1/enrolment-codes", Some(token), req)
    }
}
