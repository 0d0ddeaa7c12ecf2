//! The device's side of sync: push the outbox, pull pages, move photos.
//! Each step is safe to interrupt at any point (a crash, a dropped
//! connection) and to repeat: the outbox only shrinks when the server has
//! acknowledged, a pulled page and its cursor commit together, and applying
//! a change twice is a no-op.

use crate::protocol::*;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::sync::{self as local, RemoteChange};
use wardsafe_store::{ChangeRow, DbResult, Store};

/// Sync bookkeeping keys (beside the store's cursor and clock offset).
pub mod keys {
    pub const SERVER_URL: &str = "server_url";
    pub const TOKEN: &str = "device_token";
    pub const SERVER_ID: &str = "server_id";
    pub const WARDS: &str = "wards";
    pub const ALL_WARDS: &str = "all_wards";
    /// The highest device sequence number the server has dealt with.
    pub const ACKED: &str = "acked_seq";
    pub const LAST_SYNC: &str = "last_sync_at";
    /// Prefix of a record of a change the server refused: `rejected:<deviceSeq>`.
    pub const REJECTED: &str = "rejected:";
    /// Prefix of a photo the server holds whole: `photo_sent:<sha256>`.
    pub const PHOTO_SENT: &str = "photo_sent:";
    /// Set when the server has revoked this device: it keeps its data and stops syncing.
    pub const REVOKED: &str = "revoked";
}

/// Why a call to the server did not give an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum TransportError {
    /// No answer: offline, refused, timed out, or the connection dropped.
    Unreachable(String),
    /// The server answered with an error.
    Api { status: u16, error: ApiError },
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::Unreachable(m) => write!(f, "the server cannot be reached: {m}"),
            TransportError::Api { status, error } => write!(f, "the server refused ({status}): {error}"),
        }
    }
}

/// How the device talks to the server: HTTP in the app, an in-process
/// network in the simulation.
pub trait Transport {
    fn enrol(&self, req: &EnrolRequest) -> Result<EnrolResponse, TransportError>;
    fn push(&self, token: &str, req: &PushRequest) -> Result<PushResponse, TransportError>;
    fn pull(&self, token: &str, req: &PullRequest) -> Result<PullResponse, TransportError>;
    fn photo_status(&self, token: &str, sha256: &str) -> Result<PhotoStatus, TransportError>;
    fn upload_photo(
        &self,
        token: &str,
        sha256: &str,
        offset: i64,
        total: i64,
        bytes: &[u8],
    ) -> Result<PhotoStatus, TransportError>;
    fn download_photo(&self, token: &str, sha256: &str) -> Result<Vec<u8>, TransportError>;
    fn issue_code(&self, token: &str, req: &IssueCodeRequest) -> Result<IssuedCode, TransportError>;
}

/// What one round of sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    pub pushed: usize,
    pub rejected: usize,
    pub pulled: usize,
    /// Of those pulled, the changes new to this device (not its own coming back, nor a page seen before).
    pub received: usize,
    pub photos_sent: usize,
    pub photos_received: usize,
    /// Changes the server asked to have again later (a stamp ahead of its clock).
    pub held: Option<String>,
}

/// Progress of a round, for the progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: i64,
    pub total: i64,
}

/// Photo chunk size: small enough that a dropped connection loses little.
pub const PHOTO_CHUNK: usize = 256 * 1024;

pub struct Syncer<'a> {
    pub store: &'a Store,
    pub transport: &'a dyn Transport,
    /// How long the server may hold a pull open waiting for news (long poll).
    pub wait_ms: i64,
    pub page: i64,
}

/// Failure of a round of sync, as the device shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncError {
    NotEnrolled,
    Revoked,
    Offline(String),
    /// The server refused; with what to do.
    Refused(ApiError),
    Local(AppError),
}

impl From<AppError> for SyncError {
    fn from(e: AppError) -> Self {
        SyncError::Local(e)
    }
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::NotEnrolled => f.write_str("this device is not connected to a server"),
            SyncError::Revoked => f.write_str("this device's access was withdrawn by the trust's administrator"),
            SyncError::Offline(m) => write!(f, "offline: {m}"),
            SyncError::Refused(e) => write!(f, "{e}"),
            SyncError::Local(e) => write!(f, "{}", e.message),
        }
    }
}

fn state(store: &Store, key: &str) -> AppResult<Option<String>> {
    store.read(|c| local::state(c, key))
}

fn set_state(store: &Store, key: &str, value: Option<&str>) -> AppResult<()> {
    store.read(|c| local::set_state(c, key, value))
}

/// Enrol this device with a server using a one-time code.
pub fn enrol(
    store: &Store,
    transport: &dyn Transport,
    server_url: &str,
    code: &str,
    device_name: &str,
) -> Result<EnrolResponse, SyncError> {
    let req = EnrolRequest {
        code: code.trim().to_string(),
        device_id: store.device_id(),
        device_name: device_name.to_string(),
        schema_version: SCHEMA_VERSION,
    };
    let sent = store.clock().now();
    let resp = transport.enrol(&req).map_err(refused)?;
    let before = state(store, local::CLOCK_OFFSET)?.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    learn_offset(store, sent, resp.server_time)?;
    // What this device did offline before it knew the server's time is
    // stamped by its own clock: correct the stamps no one has seen yet.
    let after = state(store, local::CLOCK_OFFSET)?.and_then(|v| v.parse::<i64>().ok()).unwrap_or(0);
    if after != before {
        let sent_up_to = state(store, keys::ACKED)?.and_then(|v| v.parse().ok()).unwrap_or(0);
        store.restamp_unsent(after - before, sent_up_to)?;
    }
    store.read(|c| {
        local::set_state(c, keys::SERVER_URL, Some(server_url))?;
        local::set_state(c, keys::TOKEN, Some(&resp.device_token))?;
        local::set_state(c, keys::SERVER_ID, Some(&resp.server_id.to_string()))?;
        local::set_state(c, keys::WARDS, Some(&serde_json::to_string(&resp.wards).unwrap_or_default()))?;
        local::set_state(c, keys::ALL_WARDS, Some(if resp.all_wards { "1" } else { "0" }))?;
        local::set_state(c, keys::REVOKED, None)
    })?;
    Ok(resp)
}

fn refused(e: TransportError) -> SyncError {
    match e {
        TransportError::Unreachable(m) => SyncError::Offline(m),
        TransportError::Api { error, .. } if error.code == "revoked" => SyncError::Revoked,
        TransportError::Api { error, .. } => SyncError::Refused(error),
    }
}

/// Server time minus this device's clock, from a round trip that started at
/// `sent` (local clock) and was answered at `server_time`. Only corrected
/// when it is more than a second out, so that normal jitter changes nothing.
fn learn_offset(store: &Store, sent: DateTime<Utc>, server_time: DateTime<Utc>) -> AppResult<()> {
    let now = store.clock().now();
    let midpoint = sent + (now - sent) / 2;
    let offset = (server_time - midpoint).num_milliseconds();
    let current: i64 = state(store, local::CLOCK_OFFSET)?.and_then(|v| v.parse().ok()).unwrap_or(0);
    if (offset - current).abs() > 1_000 {
        store.set_clock_offset(offset)?;
    }
    Ok(())
}

/// A change-log row as the protocol sends it.
pub fn to_change(row: &ChangeRow) -> Change {
    Change {
        change_id: row.change_id,
        device_seq: row.device_seq.unwrap_or(0),
        entity: row.entity.clone(),
        entity_id: row.entity_id,
        op: row.op.clone(),
        fields: match &row.fields {
            Value::Object(m) => m.clone(),
            _ => Default::default(),
        },
        hlc: row.hlc.clone(),
        user_id: row.user_id,
        at: row.at.clone(),
        seen: row.seen.clone(),
    }
}

/// A pulled change as the store applies it.
pub fn to_remote(p: &PulledChange) -> RemoteChange {
    let c = &p.change;
    RemoteChange {
        change_id: c.change_id,
        entity: c.entity.clone(),
        entity_id: c.entity_id,
        op: c.op.clone(),
        fields: c.fields.clone(),
        hlc: c.hlc.clone(),
        device_id: p.device_id,
        device_seq: (c.device_seq > 0).then_some(c.device_seq),
        user_id: c.user_id,
        at: c.at.clone(),
        server_seq: p.server_seq,
        seen: c.seen.clone(),
    }
}

impl Syncer<'_> {
    pub fn new<'a>(store: &'a Store, transport: &'a dyn Transport) -> Syncer<'a> {
        Syncer { store, transport, wait_ms: 0, page: 500 }
    }

    fn token(&self) -> Result<String, SyncError> {
        if state(self.store, keys::REVOKED)?.is_some() {
            return Err(SyncError::Revoked);
        }
        state(self.store, keys::TOKEN)?.ok_or(SyncError::NotEnrolled)
    }

    fn fail(&self, e: TransportError) -> SyncError {
        let e = refused(e);
        if e == SyncError::Revoked {
            // Keep every local record; only stop trying (DESIGN.md §3).
            let _ = set_state(self.store, keys::REVOKED, Some("1"));
        }
        e
    }

    /// Changes made here that the server has not yet dealt with.
    pub fn waiting(&self) -> AppResult<i64> {
        let acked = self.acked()?;
        self.store.read(|c| local::outbox_len(c, self.store.device_id(), acked))
    }

    fn acked(&self) -> AppResult<i64> {
        Ok(state(self.store, keys::ACKED)?.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// One full round: push everything waiting, pull everything new, move photos.
    pub fn sync_once(&self, progress: &mut dyn FnMut(Progress)) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport::default();
        self.push_all(&mut report, progress)?;
        self.pull_all(&mut report, progress)?;
        self.photos(&mut report)?;
        set_state(self.store, keys::LAST_SYNC, Some(&self.store.now().to_rfc3339()))?;
        Ok(report)
    }

    pub fn push_all(&self, report: &mut SyncReport, progress: &mut dyn FnMut(Progress)) -> Result<(), SyncError> {
        let token = self.token()?;
        let total = self.waiting()?;
        let mut done = 0;
        loop {
            let acked = self.acked()?;
            let rows = self.store.read(|c| local::outbox(c, self.store.device_id(), acked, MAX_PUSH as i64))?;
            if rows.is_empty() {
                return Ok(());
            }
            let req = PushRequest { schema_version: SCHEMA_VERSION, changes: rows.iter().map(to_change).collect() };
            let sent = self.store.clock().now();
            let resp = self.transport.push(&token, &req).map_err(|e| self.fail(e))?;
            learn_offset(self.store, sent, resp.server_time)?;
            let mut held = None;
            self.store.read(|c| {
                for o in &resp.outcomes {
                    match o.status {
                        OutcomeStatus::Applied | OutcomeStatus::Duplicate => report.pushed += 1,
                        OutcomeStatus::Rejected => {
                            report.rejected += 1;
                            let note = serde_json::json!({"changeId": o.change_id, "code": o.code, "reason": o.reason});
                            local::set_state(
                                c,
                                &format!("{}{:012}", keys::REJECTED, o.device_seq),
                                Some(&note.to_string()),
                            )?;
                        }
                        OutcomeStatus::Retry => held = held.take().or_else(|| o.reason.clone()),
                    }
                }
                // The outbox only moves forward, and only past what the server dealt with.
                if resp.acked_seq > acked {
                    local::set_state(c, keys::ACKED, Some(&resp.acked_seq.to_string()))?;
                }
                Ok(())
            })?;
            done += resp.acked_seq.saturating_sub(acked);
            progress(Progress { done, total });
            if held.is_some() || resp.acked_seq <= acked {
                report.held = held.or_else(|| Some("the server took none of the changes sent".into()));
                return Ok(());
            }
        }
    }

    pub fn pull_all(&self, report: &mut SyncReport, progress: &mut dyn FnMut(Progress)) -> Result<(), SyncError> {
        let token = self.token()?;
        let mut done = 0;
        let mut wait = self.wait_ms;
        loop {
            let cursor = state(self.store, local::CURSOR)?;
            let req = PullRequest {
                schema_version: SCHEMA_VERSION,
                cursor,
                limit: Some(self.page),
                wait_ms: (wait > 0).then_some(wait),
            };
            let sent = self.store.clock().now();
            let resp = self.transport.pull(&token, &req).map_err(|e| self.fail(e))?;
            learn_offset(self.store, sent, resp.server_time)?;
            wait = 0;
            let n = resp.changes.len();
            let new = self.store.write_remote(|tx| {
                let mut new = 0;
                for c in &resp.changes {
                    if tx.apply_remote(&to_remote(c))? == local::Applied::New {
                        new += 1;
                    }
                }
                tx.set_cursor(&resp.cursor)?;
                Ok(new)
            })?;
            report.pulled += n;
            report.received += new;
            done += n as i64;
            progress(Progress { done, total: done + resp.remaining });
            if !resp.more {
                return Ok(());
            }
        }
    }

    /// Send the photos the server lacks (resuming a part-sent one) and fetch
    /// the ones this device has records of but not the bytes.
    pub fn photos(&self, report: &mut SyncReport) -> Result<(), SyncError> {
        let token = self.token()?;
        let mine: Vec<String> = self.store.read(|c| {
            let mut stmt = c
                .prepare(
                    "SELECT sha256 FROM photos WHERE length(data) > 0 AND NOT EXISTS
                     (SELECT 1 FROM sync_state WHERE key = 'photo_sent:' || photos.sha256) ORDER BY sha256",
                )
                .db()?;
            let rows = stmt.query_map([], |r| r.get(0)).and_then(|r| r.collect::<Result<Vec<String>, _>>()).db();
            rows
        })?;
        for sha in mine {
            let Some(bytes) = self.store.read(|c| local::photo_bytes(c, &sha))? else { continue };
            let mut status = self.transport.photo_status(&token, &sha).map_err(|e| self.fail(e))?;
            while !status.complete {
                let from = status.received.clamp(0, bytes.len() as i64) as usize;
                let to = (from + PHOTO_CHUNK).min(bytes.len());
                status = self
                    .transport
                    .upload_photo(&token, &sha, from as i64, bytes.len() as i64, &bytes[from..to])
                    .map_err(|e| self.fail(e))?;
            }
            set_state(self.store, &format!("{}{sha}", keys::PHOTO_SENT), Some("1"))?;
            report.photos_sent += 1;
        }
        let missing = self.store.read(local::photos_missing_bytes)?;
        for sha in missing {
            let bytes = match self.transport.download_photo(&token, &sha) {
                Ok(b) => b,
                // Not arrived at the server yet: a record may name a photo before its bytes arrive.
                Err(TransportError::Api { status: 404, .. }) => continue,
                Err(e) => return Err(self.fail(e)),
            };
            if format!("{:x}", Sha256::digest(&bytes)) != sha {
                continue; // corrupted on the way; fetched again next round
            }
            if self.store.write_remote(|tx| tx.put_photo_bytes(&sha, &bytes))? {
                report.photos_received += 1;
            }
        }
        Ok(())
    }
}
