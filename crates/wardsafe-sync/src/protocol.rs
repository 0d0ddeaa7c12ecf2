//! The wire types of the sync protocol, shared by the app and
//! `wardsafe-server` (which also describes them in its OpenAPI document).
//! JSON, camelCase. Unknown fields of a change are carried, never dropped.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;
use uuid::Uuid;

/// The schema version this build speaks: the local store's schema version.
/// The server accepts this version and the one before it.
pub const SCHEMA_VERSION: i64 = wardsafe_store::SCHEMA_VERSION;

/// How far ahead of the server's clock a change's HLC may be (DESIGN.md §3).
pub const MAX_DRIFT_MS: i64 = 5 * 60 * 1000;

/// A page of changes, at most.
pub const MAX_PAGE: i64 = 2_000;

/// Changes in one push, at most.
pub const MAX_PUSH: usize = 2_000;

/// A change as a device sends it: one row of its change log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub change_id: Uuid,
    /// The device's own sequence number: 1, 2, 3, … with no gaps.
    pub device_seq: i64,
    /// Record type, e.g. `ligature_point`.
    pub entity: String,
    pub entity_id: Uuid,
    /// `insert`, `update` or `delete`.
    pub op: String,
    /// The fields written, by column name. Unknown names are kept.
    #[schema(value_type = Object)]
    pub fields: Map<String, Value>,
    /// Hybrid logical clock stamp `mmmmmmmmmmmmm-cccccccccc-<device id>`.
    pub hlc: String,
    pub user_id: Option<Uuid>,
    /// When the change was made (RFC 3339, UTC).
    pub at: String,
    /// The pull cursor the device had when it made the change.
    pub seen: Option<String>,
}

/// A change as the server hands it out: where it came from and its place in
/// the server's commit order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PulledChange {
    #[serde(flatten)]
    pub change: Change,
    pub device_id: Uuid,
    pub server_seq: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnrolRequest {
    /// The one-time code an administrator issued.
    pub code: String,
    pub device_id: Uuid,
    /// A name to tell devices apart, e.g. "Cedar Ward tablet 2".
    pub device_name: String,
    pub schema_version: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnrolResponse {
    pub server_id: Uuid,
    /// Sent once; the server keeps only its hash.
    pub device_token: String,
    /// The wards this device receives; empty with `allWards`.
    pub wards: Vec<Uuid>,
    pub all_wards: bool,
    pub server_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PushRequest {
    pub schema_version: i64,
    /// In `deviceSeq` order; the first follows the last one the server acknowledged.
    pub changes: Vec<Change>,
}

/// What became of one pushed change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeStatus {
    /// Recorded now.
    Applied,
    /// Recorded before (a retry): the same answer again.
    Duplicate,
    /// Refused for good, with a code and a reason; the changes behind it still go ahead.
    Rejected,
    /// Not taken now (a gap in the sequence, or a stamp too far ahead of the
    /// server's clock): send it again later. Nothing behind it was taken.
    Retry,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub change_id: Uuid,
    pub device_seq: i64,
    pub status: OutcomeStatus,
    pub code: Option<String>,
    pub reason: Option<String>,
    pub server_seq: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PushResponse {
    pub outcomes: Vec<Outcome>,
    /// The highest device sequence number the server has dealt with (applied or rejected).
    pub acked_seq: i64,
    pub server_time: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PullRequest {
    pub schema_version: i64,
    /// Opaque; absent for the first pull.
    pub cursor: Option<String>,
    pub limit: Option<i64>,
    /// Hold the request open up to this long (at most 25 s) when there is
    /// nothing new, answering as soon as something arrives (long poll).
    #[serde(default)]
    pub wait_ms: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PullResponse {
    pub changes: Vec<PulledChange>,
    /// Where the next pull starts. Never goes back.
    pub cursor: String,
    /// More pages wait.
    pub more: bool,
    /// Roughly how many changes are left after this page (for a progress bar).
    pub remaining: i64,
    pub server_time: DateTime<Utc>,
}

/// How much of a photo the server holds.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhotoStatus {
    pub sha256: String,
    /// Bytes received so far; an upload resumes from here.
    pub received: i64,
    /// The whole photo arrived and matched its hash.
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssueCodeRequest {
    /// The administrator asking (checked against the server's users).
    pub user_id: Uuid,
    pub wards: Vec<Uuid>,
    #[serde(default)]
    pub all_wards: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssuedCode {
    pub code: String,
    pub expires_at: DateTime<Utc>,
    pub wards: Vec<Uuid>,
    pub all_wards: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    pub status: String,
    pub database: String,
    pub schema_version: i64,
    pub server_time: DateTime<Utc>,
}

/// Every error: a stable code, a message for people, the field if one is to blame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The server's clock, so a device can correct its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_time: Option<DateTime<Utc>>,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> ApiError {
        ApiError { code: code.into(), message: message.into(), field: None, server_time: None }
    }

    pub fn field(code: &str, field: &str, message: impl Into<String>) -> ApiError {
        ApiError { code: code.into(), message: message.into(), field: Some(field.into()), server_time: None }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

/// A photo's id is derived from its SHA-256, so that two devices that store
/// the same photo make the same record.
pub fn photo_id(sha256: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("photo:{sha256}").as_bytes())
}

/// An answer's id is derived from what it answers, so that two devices
/// answering the same question of the same walk-round write one record
/// (last writer wins per field) rather than two that clash.
pub fn answer_id(audit: Uuid, area: Option<Uuid>, question: &str) -> Uuid {
    let area = area.map(|a| a.to_string()).unwrap_or_default();
    Uuid::new_v5(&NAMESPACE, format!("answer:{audit}:{area}:{question}").as_bytes())
}

/// A template version's id is derived from its key and version, so that every
/// device installing the same built-in template makes the same record (not
/// copies the server would refuse as duplicates, leaving a new device's
/// walk-rounds pointing at templates it does not hold).
pub fn template_id(key: &str, version: i64) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("template:{key}:{version}").as_bytes())
}

/// Namespace for Wardsafe's name-based ids.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x6a2f_31c4_8e0b_4f7a_9d1e_5b3c_7a90_e214);
