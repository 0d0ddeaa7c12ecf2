//! Commands for sync: connect this device to the trust's server, see the
//! state of sync, sync now, see and resolve conflicts, and (administrators)
//! issue enrolment codes for other devices.

use crate::ctx::{App, Ctx};
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult, ErrorCode};
use wardsafe_store::sync as local;
use wardsafe_store::{queries, DbResult, Entity, Store, Value};
use wardsafe_sync::client::{keys, SyncError, Transport, TransportError};
use wardsafe_sync::http::HttpTransport;
use wardsafe_sync::{IssueCodeRequest, Syncer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Not connected to a server: everything stays on this device.
    Standalone,
    UpToDate,
    Syncing,
    Offline,
    Error,
    /// The trust withdrew this device's access; its records stay here.
    Revoked,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub state: SyncState,
    /// Changes saved here that the server has not yet taken.
    #[ts(type = "number")]
    pub waiting: i64,
    /// Progress of a long sync (e.g. the first one), when there is one.
    #[ts(type = "number | null")]
    pub done: Option<i64>,
    #[ts(type = "number | null")]
    pub total: Option<i64>,
    pub last_synced_at: Option<String>,
    /// What is wrong, in words, when offline or in error.
    pub message: Option<String>,
    /// What to do about it.
    pub action: Option<String>,
    pub server_url: Option<String>,
    #[ts(type = "number")]
    pub open_conflicts: i64,
    /// Changes the server refused (kept on this device).
    #[ts(type = "number")]
    pub refused: i64,
    /// Changes from other devices received since the app started: when it
    /// grows, screens showing records load them again.
    #[ts(type = "number")]
    pub received: i64,
}

fn state(store: &Store, key: &str) -> AppResult<Option<String>> {
    store.read(|c| local::state(c, key))
}

pub fn sync_status(ctx: &Ctx, _: Json) -> AppResult<SyncStatus> {
    let store = ctx.store();
    let live = ctx.app.sync.live();
    let server_url = state(store, keys::SERVER_URL)?;
    let enrolled = state(store, keys::TOKEN)?.is_some();
    let revoked = state(store, keys::REVOKED)?.is_some();
    let acked: i64 = state(store, keys::ACKED)?.and_then(|v| v.parse().ok()).unwrap_or(0);
    let waiting = store.read(|c| local::outbox_len(c, store.device_id(), acked))?;
    let (open_conflicts, refused) = store.read(|c| {
        let open: i64 = c
            .query_row("SELECT COUNT(*) FROM conflicts WHERE status = 'open' AND deleted = 0", [], |r| r.get(0))
            .db()?;
        let refused: i64 =
            c.query_row("SELECT COUNT(*) FROM sync_state WHERE key LIKE 'rejected:%'", [], |r| r.get(0)).db()?;
        Ok((open, refused))
    })?;
    let progress = live.pulling.or(live.pushing).filter(|p| p.total > 0);
    let mut status = SyncStatus {
        state: SyncState::UpToDate,
        waiting,
        done: progress.map(|p| p.done),
        total: progress.map(|p| p.total),
        last_synced_at: state(store, keys::LAST_SYNC)?,
        message: None,
        action: None,
        server_url,
        open_conflicts,
        refused,
        received: i64::try_from(live.received).unwrap_or(i64::MAX),
    };
    let changes = |n: i64| if n == 1 { "1 change is".to_string() } else { format!("{n} changes are") };
    if !enrolled {
        status.state = SyncState::Standalone;
    } else if revoked || live.error() == Some(&SyncError::Revoked) {
        status.state = SyncState::Revoked;
        status.message = Some("The trust's administrator has withdrawn this device's access to the server.".into());
        status.action = Some(
            "Everything saved on this device is still here. Ask your administrator for a new enrolment code to connect it again.".into(),
        );
    } else if let Some(e) = live.error() {
        match e {
            SyncError::Offline(_) => {
                status.state = SyncState::Offline;
                status.message = Some(format!(
                    "Cannot reach the trust's server. {} saved on this device and will be sent when it is back.",
                    changes(waiting)
                ));
                status.action = Some("Nothing to do: Wardsafe keeps trying. Check the Wi-Fi if this lasts.".into());
            }
            SyncError::Refused(api) => {
                status.state = SyncState::Error;
                status.message = Some(api.message.clone());
                status.action = Some(match api.code.as_str() {
                    "upgrade_required" => "Update Wardsafe on this device; nothing saved on it is lost.".into(),
                    "wrong_server" | "unauthorised" => "Ask your administrator for a new enrolment code.".into(),
                    _ => "Wardsafe keeps trying. If this lasts, tell your administrator what it says.".into(),
                });
            }
            other => {
                status.state = SyncState::Error;
                status.message = Some(other.to_string());
                status.action = Some("Wardsafe keeps trying. If this lasts, tell your administrator.".into());
            }
        }
    } else if progress.is_some() || waiting > 0 {
        status.state = SyncState::Syncing;
        if let Some(held) = live.held {
            status.message = Some(held);
        }
    }
    Ok(status)
}

/// Changes saved here that the trust's server has not taken yet, as the
/// warnings before signing out or closing count them: none on a device that is
/// not connected to a server, whose changes never leave it.
pub fn unsent(status: &SyncStatus) -> i64 {
    if status.state == SyncState::Standalone {
        0
    } else {
        status.waiting
    }
}

impl App {
    /// [`unsent`] for this device now (no session needed): what the desktop
    /// shell asks before its window closes.
    pub fn unsent_changes(&self) -> AppResult<i64> {
        sync_status(&Ctx { app: self, user: None, session: None }, Json::Null).map(|s| unsent(&s))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectInput {
    /// e.g. `https://wardsafe.trust.nhs.uk`
    pub server_url: String,
    /// The one-time enrolment code from the administrator.
    pub code: String,
    /// A name to tell this device apart, e.g. "Cedar Ward tablet".
    pub device_name: String,
}

fn refused(e: SyncError) -> AppError {
    match e {
        SyncError::Offline(m) => AppError::new(ErrorCode::Unavailable, format!("the server cannot be reached: {m}")),
        SyncError::Refused(api) => {
            let field = match api.field.as_deref() {
                Some("code") => Some("code"),
                Some("deviceName") => Some("deviceName"),
                _ => None,
            };
            match field {
                Some(f) => AppError::validation(f, api.message),
                None => AppError::new(ErrorCode::Unavailable, api.message),
            }
        }
        SyncError::Revoked => AppError::forbidden("this device's access was withdrawn"),
        SyncError::NotEnrolled => AppError::new(ErrorCode::InvalidState, "this device is not connected to a server"),
        SyncError::Local(e) => e,
    }
}

/// Connect this device to the trust's server with a one-time code. Before
/// anyone has signed up on this device (a new tablet) anyone may do it, so
/// that the trust's people arrive from the server; after that only an
/// administrator.
pub fn connect_to_server(ctx: &Ctx, input: ConnectInput) -> AppResult<SyncStatus> {
    let has_users = ctx.store().read(queries::users::count)? > 0;
    if has_users {
        if ctx.user.is_none() {
            return Err(AppError::new(ErrorCode::Unauthenticated, "sign in first"));
        }
        ctx.require(Action::ManageTrust, None)?;
    }
    let url = input.server_url.trim().trim_end_matches('/').to_string();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() < 10 {
        return Err(AppError::validation("serverUrl", "give the server's address, starting https://"));
    }
    if input.code.trim().is_empty() {
        return Err(AppError::validation("code", "enter the enrolment code"));
    }
    let name = input.device_name.trim();
    if name.is_empty() || name.len() > 100 {
        return Err(AppError::validation("deviceName", "give this device a name of 1 to 100 characters"));
    }
    if state(ctx.store(), keys::TOKEN)?.is_some() && state(ctx.store(), keys::REVOKED)?.is_none() {
        return Err(AppError::new(ErrorCode::InvalidState, "this device is already connected to a server"));
    }
    let transport = HttpTransport::new(&url);
    wardsafe_sync::client::enrol(ctx.store(), &transport, &url, &input.code, name).map_err(refused)?;
    ctx.app.sync.sync_now();
    sync_status(ctx, Json::Null)
}

/// Sync now: the background threads push and pull at once.
pub fn sync_now(ctx: &Ctx, _: Json) -> AppResult<SyncStatus> {
    ctx.app.sync.sync_now();
    sync_status(ctx, Json::Null)
}

/// Run one whole round in the calling thread (first sync after connecting,
/// tests). Returns the status afterwards.
pub fn sync_round(ctx: &Ctx) -> AppResult<SyncStatus> {
    let url = state(ctx.store(), keys::SERVER_URL)?
        .ok_or_else(|| AppError::new(ErrorCode::InvalidState, "this device is not connected to a server"))?;
    let t = HttpTransport::new(&url);
    Syncer::new(ctx.store(), &t).sync_once(&mut |_| {}).map_err(refused)?;
    sync_status(ctx, Json::Null)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictCandidate {
    /// The value as people read it.
    pub shown: String,
    /// Who made it, when and on which device.
    pub by: Option<String>,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictView {
    pub id: Uuid,
    pub ward_id: Option<Uuid>,
    pub ward_name: Option<String>,
    /// "field" (two values of one field) or "delete_edit" (deleted on one device, edited on another).
    pub kind: String,
    pub entity: String,
    /// e.g. "Ligature point: door handle, Bedroom 1".
    pub record: String,
    pub field: Option<String>,
    /// e.g. "Status".
    pub field_label: Option<String>,
    pub candidates: Vec<ConflictCandidate>,
    pub created_at: String,
}

fn label(field: &str) -> String {
    match field {
        "latest_assessment" => "Current risk score".into(),
        "status" => "Status".into(),
        f => {
            let s = f.replace('_', " ");
            let mut c = s.chars();
            c.next().map(|x| x.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
        }
    }
}

fn record_label(store: &Store, entity: &str, id: &str) -> AppResult<String> {
    let found: Option<String> = store.read(|c| {
        let sql = match entity {
            "ligature_point" => {
                "SELECT p.location || ' (' || p.fixture_type || ', ' || IFNULL(a.name, '?') || ')'
                 FROM ligature_points p LEFT JOIN areas a ON a.id = p.area_id WHERE p.id = ?"
            }
            "area" => "SELECT name FROM areas WHERE id = ?",
            "audit" => "SELECT 'walk-round started ' || started_at FROM audits WHERE id = ?",
            _ => return Ok(None),
        };
        use rusqlite::OptionalExtension;
        c.query_row(sql, [id], |r| r.get(0)).optional().db()
    })?;
    let kind = label(entity);
    Ok(match found {
        Some(f) => format!("{kind}: {}", f.replace('_', " ")),
        None => kind,
    })
}

/// How a candidate value reads: a risk score instead of an assessment id.
fn shown(store: &Store, field: Option<&str>, v: &Json) -> AppResult<String> {
    if field == Some("latest_assessment") {
        if let Some(id) = v.as_str() {
            let score: Option<(i64, i64)> = store.read(|c| {
                use rusqlite::OptionalExtension;
                c.query_row("SELECT likelihood, consequence FROM ligature_assessments WHERE id = ?", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()
                .db()
            })?;
            if let Some((l, c)) = score {
                let risk = wardsafe_domain::risk::Risk::new(l, c, "choice")?;
                return Ok(format!("{} ({} × {} = {})", risk.band().label(), l, c, risk.score()));
            }
        }
    }
    Ok(match v {
        Json::String(s) if s == "deleted" => "Deleted".into(),
        Json::String(s) => s.replace('_', " "),
        Json::Null => "(empty)".into(),
        Json::Object(m) => m.iter().map(|(k, v)| format!("{}: {}", label(k), v)).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    })
}

pub fn list_conflicts(ctx: &Ctx, _: Json) -> AppResult<Vec<ConflictView>> {
    let me = ctx.me()?.clone();
    type Row = (String, Option<String>, Option<String>, String, String, String, Option<String>, String, String);
    let rows: Vec<Row> = ctx.store().read(|c| {
        let mut stmt = c
            .prepare(
                "SELECT k.id, k.ward_id, w.name, k.kind, k.entity, k.entity_id, k.field, k.candidates, k.created_at
                 FROM conflicts k LEFT JOIN wards w ON w.id = k.ward_id
                 WHERE k.status = 'open' AND k.deleted = 0 ORDER BY k.created_at, k.id",
            )
            .db()?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?))
            })
            .and_then(|r| r.collect::<Result<Vec<Row>, _>>())
            .db();
        rows
    })?;
    let mut out = Vec::new();
    for (id, ward, ward_name, kind, entity, entity_id, field, candidates, created_at) in rows {
        let ward_id = ward.as_deref().and_then(|w| Uuid::parse_str(w).ok());
        if !wardsafe_domain::role::may(&me.roles, Action::ViewWard, ward_id) {
            continue;
        }
        let parsed: Vec<Json> = serde_json::from_str(&candidates).unwrap_or_default();
        let mut cands = Vec::new();
        for c in &parsed {
            let by = c["userId"].as_str().and_then(|u| Uuid::parse_str(u).ok());
            let by = match by {
                Some(u) => ctx.store().read(|c| queries::users::by_id(c, u))?.map(|u| u.display_name),
                None => None,
            };
            cands.push(ConflictCandidate {
                shown: shown(ctx.store(), field.as_deref(), &c["value"])?,
                by,
                at: c["at"].as_str().unwrap_or_default().to_string(),
            });
        }
        out.push(ConflictView {
            id: Uuid::parse_str(&id).map_err(|e| AppError::internal(e.to_string()))?,
            ward_id,
            ward_name,
            kind,
            record: record_label(ctx.store(), &entity, &entity_id)?,
            entity,
            field_label: field.as_deref().map(label),
            field,
            candidates: cands,
            created_at,
        });
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResolveConflictInput {
    pub conflict_id: Uuid,
    /// Which candidate to keep (0-based, as listed).
    pub choice: usize,
}

/// Keep one of the values. The choice is a change like any other: it
/// syncs, and every device then shows the conflict resolved.
pub fn resolve_conflict(ctx: &Ctx, input: ResolveConflictInput) -> AppResult<ConflictView> {
    let ward: Option<Option<String>> = ctx.store().read(|c| {
        use rusqlite::OptionalExtension;
        c.query_row(
            "SELECT ward_id FROM conflicts WHERE id = ? AND status = 'open' AND deleted = 0",
            [input.conflict_id.to_string()],
            |r| r.get(0),
        )
        .optional()
        .db()
    })?;
    let ward = ward.ok_or_else(|| AppError::not_found("conflictId", "open conflict"))?;
    ctx.require(Action::RecordAudit, ward.as_deref().and_then(|w| Uuid::parse_str(w).ok()))?;
    let view = list_conflicts(ctx, Json::Null)?
        .into_iter()
        .find(|v| v.id == input.conflict_id)
        .ok_or_else(|| AppError::not_found("conflictId", "open conflict"))?;
    if input.choice >= view.candidates.len() {
        return Err(AppError::validation("choice", format!("choose 0 to {}", view.candidates.len() - 1)));
    }
    let (entity, entity_id, candidates): (String, String, String) = ctx.store().read(|c| {
        c.query_row(
            "SELECT entity, entity_id, candidates FROM conflicts WHERE id = ?",
            [input.conflict_id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .db()
    })?;
    let entity = Entity::parse(&entity).ok_or_else(|| AppError::internal("conflict names an unknown record type"))?;
    let record = Uuid::parse_str(&entity_id).map_err(|e| AppError::internal(e.to_string()))?;
    let parsed: Vec<Json> = serde_json::from_str(&candidates).unwrap_or_default();
    let chosen = parsed.get(input.choice).map(|c| c["value"].clone()).unwrap_or(Json::Null);
    ctx.store().write(ctx.user_id(), |tx| {
        let now = tx.now_str();
        match (view.kind.as_str(), view.field.as_deref()) {
            ("field", Some(field)) => {
                let value = match &chosen {
                    Json::String(s) => Value::Text(s.clone()),
                    Json::Number(n) => n.as_i64().map(Value::Integer).unwrap_or(Value::Null),
                    _ => Value::Null,
                };
                tx.update(entity, record, &[(field, value)])?;
            }
            // Delete against edit: keeping the edit restores the record.
            _ if chosen != Json::String("deleted".into()) => {
                if !queries::exists(tx.conn(), entity, record)? {
                    tx.restore(entity, record)?;
                }
            }
            _ => {
                if queries::exists(tx.conn(), entity, record)? {
                    tx.tombstone(entity, record)?;
                }
            }
        }
        tx.update(
            Entity::Conflict,
            input.conflict_id,
            &[
                ("status", Value::Text("resolved".into())),
                ("resolution", Value::Text(input.choice.to_string())),
                ("resolved_by", Value::Text(ctx.user_id().map(|u| u.to_string()).unwrap_or_default())),
                ("resolved_at", Value::Text(now)),
            ],
        )
    })?;
    ctx.app.sync.nudge();
    Ok(view)
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssueCodeInput {
    pub ward_ids: Vec<Uuid>,
    #[serde(default)]
    pub all_wards: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnrolmentCode {
    pub code: String,
    pub expires_at: String,
}

/// Administrator: a one-time code that connects another device for some wards.
pub fn issue_enrolment_code(ctx: &Ctx, input: IssueCodeInput) -> AppResult<EnrolmentCode> {
    ctx.require(Action::ManageTrust, None)?;
    if input.ward_ids.is_empty() && !input.all_wards {
        return Err(AppError::validation("wardIds", "choose at least one ward"));
    }
    let url = state(ctx.store(), keys::SERVER_URL)?
        .ok_or_else(|| AppError::new(ErrorCode::InvalidState, "connect this device to the trust's server first"))?;
    let token = state(ctx.store(), keys::TOKEN)?.unwrap_or_default();
    let req = IssueCodeRequest { user_id: ctx.me()?.id, wards: input.ward_ids, all_wards: input.all_wards };
    let issued = HttpTransport::new(&url).issue_code(&token, &req).map_err(|e| match e {
        TransportError::Unreachable(m) => {
            AppError::new(ErrorCode::Unavailable, format!("the server cannot be reached: {m}"))
        }
        TransportError::Api { error, .. } => match error.field.as_deref() {
            Some(f) if f.starts_with("wards") => AppError::validation(f.replace("wards", "wardIds"), error.message),
            _ => AppError::new(ErrorCode::Forbidden, error.message),
        },
    })?;
    Ok(EnrolmentCode { code: issued.code, expires_at: issued.expires_at.to_rfc3339() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_something(app: &App) {
        app.store()
            .write(None, |tx| {
                tx.insert(Entity::Site, Uuid::now_v7(), &[("name", Value::Text("Riverside".into()))])?;
                Ok(())
            })
            .unwrap();
    }

    #[test]
    fn unsent_changes_count_only_on_a_device_connected_to_a_server() {
        let dir = tempfile::tempdir().unwrap();
        let app = App::open(&dir.path().join("db.sqlite3")).unwrap();
        record_something(&app);
        // On its own, a device's changes never leave it: nothing to warn about.
        assert_eq!(app.unsent_changes().unwrap(), 0);

        let set = |key: &str, value: Option<&str>| app.store().read(|c| local::set_state(c, key, value)).unwrap();
        set(keys::SERVER_URL, Some("https://wardsafe.example.nhs.uk"));
        set(keys::TOKEN, Some("device-token"));
        let all = app.unsent_changes().unwrap();
        assert!(all > 0, "the device's changes wait for the server");
        record_something(&app);
        assert_eq!(app.unsent_changes().unwrap(), all + 1);

        // The server took everything up to the last change: nothing waits.
        let last: i64 =
            app.store().read(|c| c.query_row("SELECT MAX(device_seq) FROM change_log", [], |r| r.get(0)).db()).unwrap();
        set(keys::ACKED, Some(&last.to_string()));
        assert_eq!(app.unsent_changes().unwrap(), 0);
        // The same rule the `sync_status` answer gives the UI.
        let ctx = Ctx { app: &app, user: None, session: None };
        assert_eq!(unsent(&sync_status(&ctx, Json::Null).unwrap()), 0);
    }
}
