//! The server's rules of sync (DESIGN.md §3; docs/sync-protocol.md): enrol
//! devices, take pushed changes exactly once in each device's order, hand
//! out pages in commit order limited to a device's wards, find conflicts,
//! and keep photos by SHA-256. No I/O but the database; the clock is passed in.

use crate::auth;
use crate::batch::{stored, Batch, Stored};
use crate::db::{Conn, Db, DbResult, P};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};
use uuid::Uuid;
use wardsafe_domain::hlc::Hlc;
use wardsafe_domain::restrictive::use_of_force::{purge_redacts, purged_identifiers};
use wardsafe_domain::role::Role;
use wardsafe_store::Clock;
use wardsafe_sync::rules::{rule_for, server_made, Rule, Scope};
use wardsafe_sync::*;

/// How long an enrolment code stays valid.
pub const CODE_DAYS: i64 = 7;
/// Largest photo taken (the app refuses over 10 MB; some room for other encoders).
pub const MAX_PHOTO: i64 = 12 * 1024 * 1024;

pub struct Server {
    pub db: Db,
    pub id: Uuid,
    clock: Arc<dyn Clock>,
    /// This process's HLC for the conflict records it makes; its stamps end
    /// in this process's own id so that two processes never make the same one.
    hlc: Mutex<Hlc>,
    instance: Uuid,
}

/// An enrolled device, as a request's token identifies it.
#[derive(Debug, Clone)]
pub struct Device {
    pub id: Uuid,
    pub name: String,
    pub wards: Vec<String>,
    pub all_wards: bool,
    pub acked_seq: i64,
    pub revoked: bool,
    pub enrolled_at: String,
}

/// An error with the HTTP status it is answered with.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub status: u16,
    pub error: ApiError,
}

impl Refusal {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Refusal {
        Refusal { status, error: ApiError::new(code, message) }
    }

    pub fn field(status: u16, code: &str, field: &str, message: impl Into<String>) -> Refusal {
        Refusal { status, error: ApiError::field(code, field, message) }
    }
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        let status = if error.code == "storage" { 503 } else { 400 };
        Refusal { status, error }
    }
}

pub type Answer<T> = Result<T, Refusal>;

/// Why one pushed change is not taken.
enum Verdict {
    Reject(&'static str, String),
    Retry(&'static str, String),
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn cursor_of(seq: i64) -> String {
    format!("s{seq}")
}

/// The server position a cursor stands for; `None` if it is not one of ours.
pub fn parse_cursor(cursor: Option<&str>) -> Option<i64> {
    match cursor {
        None | Some("") => Some(0),
        Some(c) => c.strip_prefix('s')?.parse().ok().filter(|n: &i64| *n >= 0),
    }
}

fn check_version(v: i64) -> Answer<()> {
    if v == SCHEMA_VERSION || v == SCHEMA_VERSION - 1 {
        Ok(())
    } else if v < SCHEMA_VERSION {
        Err(Refusal::field(
            426,
            "upgrade_required",
            "schemaVersion",
            format!(
                "this version of Wardsafe is too old for the server (schema {v}; the server takes {} or {SCHEMA_VERSION}). \
                 Update Wardsafe on this device; nothing saved on it is lost.",
                SCHEMA_VERSION - 1
            ),
        ))
    } else {
        Err(Refusal::field(
            426,
            "server_too_old",
            "schemaVersion",
            format!("the server is older than this device (schema {v}; it knows up to {SCHEMA_VERSION}): the trust needs to update it"),
        ))
    }
}

impl Server {
    pub fn open(db: Db, clock: Arc<dyn Clock>) -> DbResult<Server> {
        let candidate = clock.new_id();
        let id = db.write(|c| {
            if let Some(row) = c.row("SELECT value FROM meta WHERE key = 'server_id'", &[])? {
                return Ok(row[0].string());
            }
            c.exec("INSERT INTO meta (key, value) VALUES ('server_id', $1)", &[candidate.to_string().into()])?;
            Ok(candidate.to_string())
        })?;
        let id = Uuid::parse_str(&id).map_err(crate::db::db_error)?;
        let instance = clock.new_id();
        Ok(Server { db, id, clock, hlc: Mutex::new(Hlc::default()), instance })
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    // ---- enrolment -------------------------------------------------------

    /// Issue a one-time enrolment code for some wards (or all, for an
    /// administrator's device). The command line calls this directly.
    pub fn issue_code(&self, wards: &[Uuid], all_wards: bool) -> Answer<IssuedCode> {
        if wards.is_empty() && !all_wards {
            return Err(Refusal::field(422, "validation", "wards", "choose at least one ward, or all wards"));
        }
        let code = auth::new_code();
        let now = self.now();
        let expires = now + Duration::days(CODE_DAYS);
        let ward_list: Vec<String> = wards.iter().map(|w| w.to_string()).collect();
        self.db.write(|c| {
            c.exec(
                "INSERT INTO enrolment_codes (code_hash, wards, all_wards, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                &[
                    auth::hash(&auth::normalise_code(&code)).into(),
                    json!(ward_list).to_string().into(),
                    (all_wards as i64).into(),
                    rfc3339(now).into(),
                    rfc3339(expires).into(),
                ],
            )
        })?;
        Ok(IssuedCode { code, expires_at: expires, wards: wards.to_vec(), all_wards })
    }

    /// An administrator on an enrolled device issues a code for some wards.
    pub fn issue_code_for(&self, token: &str, req: &IssueCodeRequest) -> Answer<IssuedCode> {
        let device = self.device(token)?;
        let admin = self.db.read(|c| is_admin(c, req.user_id))?;
        if !admin {
            return Err(Refusal::field(403, "forbidden", "userId", "only an administrator can issue enrolment codes"));
        }
        if req.all_wards && !device.all_wards {
            return Err(Refusal::field(
                403,
                "forbidden",
                "allWards",
                "only a device enrolled for all wards can issue an all-wards code",
            ));
        }
        for (i, w) in req.wards.iter().enumerate() {
            let known = self.db.read(|c| stored(c, "ward", &w.to_string()))?.is_some();
            if !known {
                return Err(Refusal::field(422, "unknown_ward", &format!("wards[{i}]"), "no such ward on the server"));
            }
        }
        self.issue_code(&req.wards, req.all_wards)
    }

    /// Exchange a one-time code for a device token.
    pub fn enrol(&self, req: &EnrolRequest) -> Answer<EnrolResponse> {
        check_version(req.schema_version)?;
        let name = req.device_name.trim();
        if name.is_empty() || name.len() > 100 {
            return Err(Refusal::field(
                422,
                "validation",
                "deviceName",
                "give the device a name of 1 to 100 characters",
            ));
        }
        let code_hash = auth::hash(&auth::normalise_code(&req.code));
        let now = self.now();
        let token = auth::new_token(self.id);
        let (wards, all) = self.db.write(|c| {
            let Some(row) = c.row(
                "SELECT wards, all_wards, expires_at, used_at FROM enrolment_codes WHERE code_hash = $1",
                &[code_hash.clone().into()],
            )?
            else {
                return Ok(Err(Refusal::field(403, "bad_code", "code", "this enrolment code is not known to the server")));
            };
            if !matches!(row[3], P::Null) {
                return Ok(Err(Refusal::field(403, "code_used", "code", "this enrolment code has already been used")));
            }
            if row[2].string() < rfc3339(now) {
                return Ok(Err(Refusal::field(403, "code_expired", "code", "this enrolment code has expired: ask for a new one")));
            }
            c.exec(
                "UPDATE enrolment_codes SET used_at = $1, used_by = $2 WHERE code_hash = $3",
                &[rfc3339(now).into(), req.device_id.to_string().into(), code_hash.clone().into()],
            )?;
            // Enrolling again (a new code after a revocation) keeps the
            // device's sequence: its changes continue where they were.
            c.exec(
                "INSERT INTO devices (id, name, token_hash, wards, all_wards, enrolled_at) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (id) DO UPDATE SET name = $2, token_hash = $3, wards = $4, all_wards = $5, enrolled_at = $6, revoked_at = NULL",
                &[
                    req.device_id.to_string().into(),
                    name.into(),
                    auth::hash(&token).into(),
                    row[0].clone(),
                    row[1].clone(),
                    rfc3339(now).into(),
                ],
            )?;
            Ok(Ok((row[0].string(), row[1].int() != 0)))
        })??;
        let wards: Vec<Uuid> = serde_json::from_str::<Vec<String>>(&wards)
            .unwrap_or_default()
            .iter()
            .filter_map(|w| Uuid::parse_str(w).ok())
            .collect();
        Ok(EnrolResponse { server_id: self.id, device_token: token, wards, all_wards: all, server_time: now })
    }

    /// The device a token belongs to; refuses a missing, foreign, unknown or revoked one.
    pub fn device(&self, token: &str) -> Answer<Device> {
        if token.is_empty() {
            return Err(Refusal::new(401, "unauthorised", "a device token is required (Authorization: Bearer …)"));
        }
        if auth::token_server(token) != Some(self.id) {
            return Err(Refusal::new(401, "wrong_server", "this device token was not issued by this server"));
        }
        let row = self.db.read(|c| {
            c.row(
                "SELECT id, name, wards, all_wards, acked_seq, revoked_at, enrolled_at FROM devices WHERE token_hash = $1",
                &[auth::hash(token).into()],
            )
        })?;
        let Some(row) = row else {
            return Err(Refusal::new(401, "unauthorised", "this device token is not known to the server"));
        };
        let device = Device {
            id: Uuid::parse_str(&row[0].string()).map_err(crate::db::db_error)?,
            name: row[1].string(),
            wards: serde_json::from_str(&row[2].string()).unwrap_or_default(),
            all_wards: row[3].int() != 0,
            acked_seq: row[4].int(),
            revoked: !matches!(row[5], P::Null),
            enrolled_at: row[6].string(),
        };
        if device.revoked {
            return Err(Refusal::new(
                403,
                "revoked",
                "this device's access has been withdrawn by the trust's administrator",
            ));
        }
        Ok(device)
    }

    pub fn revoke(&self, device: Uuid) -> Answer<bool> {
        let now = rfc3339(self.now());
        let n = self.db.write(|c| {
            c.exec(
                "UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                &[now.into(), device.to_string().into()],
            )
        })?;
        Ok(n > 0)
    }

    pub fn devices(&self) -> Answer<Vec<(Uuid, String, bool, String)>> {
        let rows = self
            .db
            .read(|c| c.rows("SELECT id, name, revoked_at, enrolled_at FROM devices ORDER BY enrolled_at", &[]))?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                Some((Uuid::parse_str(&r[0].string()).ok()?, r[1].string(), !matches!(r[2], P::Null), r[3].string()))
            })
            .collect())
    }

    // ---- push ------------------------------------------------------------

    /// Take a batch of a device's changes. Each gets its own outcome; a
    /// retried batch gets the same answers; a gap or a stamp too far ahead
    /// stops the batch there, taking nothing behind it.
    pub fn push(&self, token: &str, req: &PushRequest) -> Answer<PushResponse> {
        check_version(req.schema_version)?;
        if req.changes.len() > MAX_PUSH {
            return Err(Refusal::field(
                413,
                "too_many",
                "changes",
                format!("send at most {MAX_PUSH} changes at a time"),
            ));
        }
        let device = self.device(token)?;
        let now = self.now();
        let outcomes = self.db.write(|c| {
            // Read again inside the write lock: another request from the same
            // device may have moved it on.
            let mut acked = c
                .row("SELECT acked_seq FROM devices WHERE id = $1", &[device.id.to_string().into()])?
                .map(|r| r[0].int())
                .unwrap_or(0);
            let mut batch = Batch::start(c, &req.changes)?;
            let mut outcomes = Vec::with_capacity(req.changes.len());
            let mut purged: Vec<(&Change, &'static [&'static str])> = Vec::new();
            let mut stopped: Option<(String, String)> = None;
            for ch in &req.changes {
                let mut outcome = Outcome {
                    change_id: ch.change_id,
                    device_seq: ch.device_seq,
                    status: OutcomeStatus::Applied,
                    code: None,
                    reason: None,
                    server_seq: None,
                };
                if let Some((code, reason)) = &stopped {
                    outcome.status = OutcomeStatus::Retry;
                    outcome.code = Some(code.clone());
                    outcome.reason = Some(reason.clone());
                    outcomes.push(outcome);
                    continue;
                }
                if ch.device_seq <= acked {
                    batch.flush(c)?;
                    self.repeat(c, &device, ch, &mut outcome)?;
                    outcomes.push(outcome);
                    continue;
                }
                if ch.device_seq != acked + 1 {
                    let reason = format!("change {} arrived before change {}", ch.device_seq, acked + 1);
                    stopped = Some(("gap".into(), reason));
                    outcome.status = OutcomeStatus::Retry;
                    outcome.code = Some("gap".into());
                    outcome.reason = stopped.as_ref().map(|s| s.1.clone());
                    outcomes.push(outcome);
                    continue;
                }
                match self.take(c, &mut batch, &device, ch, now)? {
                    Ok(seq) => {
                        outcome.server_seq = Some(seq);
                        let columns = purge_redacts(&ch.entity, &ch.fields);
                        if !columns.is_empty() {
                            purged.push((ch, columns));
                        }
                    }
                    Err(Verdict::Reject(code, reason)) => {
                        c.exec(
                            "INSERT INTO rejections (device_id, device_seq, change_id, code, reason, at) VALUES ($1, $2, $3, $4, $5, $6)",
                            &[
                                device.id.to_string().into(),
                                ch.device_seq.into(),
                                ch.change_id.to_string().into(),
                                code.into(),
                                reason.clone().into(),
                                rfc3339(now).into(),
                            ],
                        )?;
                        outcome.status = OutcomeStatus::Rejected;
                        outcome.code = Some(code.into());
                        outcome.reason = Some(reason);
                    }
                    Err(Verdict::Retry(code, reason)) => {
                        stopped = Some((code.into(), reason.clone()));
                        outcome.status = OutcomeStatus::Retry;
                        outcome.code = Some(code.into());
                        outcome.reason = Some(reason);
                        outcomes.push(outcome);
                        continue;
                    }
                }
                acked = ch.device_seq;
                outcomes.push(outcome);
            }
            batch.flush(c)?;
            for (ch, columns) in purged {
                redact_history(c, ch, columns)?;
            }
            c.exec("UPDATE devices SET acked_seq = $1 WHERE id = $2", &[acked.into(), device.id.to_string().into()])?;
            Ok((outcomes, acked))
        })?;
        let (outcomes, acked_seq) = outcomes;
        Ok(PushResponse { outcomes, acked_seq, server_time: now })
    }

    /// The answer for a change the server has dealt with before.
    fn repeat(&self, c: &mut dyn Conn, device: &Device, ch: &Change, outcome: &mut Outcome) -> DbResult<()> {
        if let Some(row) =
            c.row("SELECT server_seq, device_id FROM changes WHERE change_id = $1", &[ch.change_id.to_string().into()])?
        {
            if row[1].string() == device.id.to_string() {
                outcome.status = OutcomeStatus::Duplicate;
                outcome.server_seq = Some(row[0].int());
                return Ok(());
            }
        }
        if let Some(row) = c.row(
            "SELECT code, reason, change_id FROM rejections WHERE device_id = $1 AND device_seq = $2",
            &[device.id.to_string().into(), ch.device_seq.into()],
        )? {
            if row[2].string() == ch.change_id.to_string() {
                outcome.status = OutcomeStatus::Rejected;
                outcome.code = Some(row[0].string());
                outcome.reason = Some(row[1].string());
                return Ok(());
            }
        }
        outcome.status = OutcomeStatus::Rejected;
        outcome.code = Some("sequence_reused".into());
        outcome.reason = Some(format!(
            "this device already sent a different change numbered {}: was its database restored from a backup?",
            ch.device_seq
        ));
        Ok(())
    }

    /// Check one change and, if it is good, record it (and any conflict it makes).
    fn take(
        &self,
        c: &mut dyn Conn,
        b: &mut Batch,
        device: &Device,
        ch: &Change,
        now: DateTime<Utc>,
    ) -> DbResult<Result<i64, Verdict>> {
        let verdict = match self.check(c, b, device, ch, now)? {
            Ok(v) => v,
            Err(v) => return Ok(Err(v)),
        };
        let (rule, ward, existing) = verdict;
        let blanked = blank_if_purged(existing.as_ref(), ch);
        let ch = blanked.as_ref().unwrap_or(ch);
        if b.id_taken(c, &ch.change_id.to_string())? {
            return Ok(Err(Verdict::Reject(
                "duplicate_change_id",
                "another device already sent a change with this id".into(),
            )));
        }
        // Only committed changes of other devices can conflict: what this push holds is this device's own.
        let conflicts = if rule.append_only || ch.op == "insert" {
            Vec::new()
        } else {
            find_conflicts(c, device, ch, existing.as_ref())?
        };
        let seq = b.add_change(&ward, device.id, ch, &rfc3339(now));
        b.merge(existing, &ch.entity, &ch.entity_id.to_string(), &ward, ch);
        for (kind, field, candidates) in conflicts {
            self.record_conflict(c, b, &ward, ch, kind, field.as_deref(), candidates, now)?;
        }
        Ok(Ok(seq))
    }

    #[allow(clippy::type_complexity)]
    fn check(
        &self,
        c: &mut dyn Conn,
        b: &mut Batch,
        device: &Device,
        ch: &Change,
        now: DateTime<Utc>,
    ) -> DbResult<Result<(&'static Rule, String, Option<Stored>), Verdict>> {
        let reject = |code: &'static str, reason: String| Ok(Err(Verdict::Reject(code, reason)));
        let Some(rule) = rule_for(&ch.entity) else {
            return reject("unknown_entity", format!("'{}' is not a record type this server knows", ch.entity));
        };
        if !matches!(ch.op.as_str(), "insert" | "update" | "delete") {
            return reject("bad_op", format!("op must be insert, update or delete, not '{}'", ch.op));
        }
        if server_made(&ch.entity) && ch.op != "update" {
            return reject("forbidden", format!("{} records are made by the server", ch.entity));
        }
        let hlc = Hlc::decode(&ch.hlc);
        let suffix_ok = ch.hlc.ends_with(&format!("-{}", device.id));
        // Thirteen digits of milliseconds: a longer one would sort after every real stamp.
        let Some(hlc) = hlc.filter(|h| suffix_ok && h.millis <= 9_999_999_999_999) else {
            return reject("bad_hlc", "hlc must be mmmmmmmmmmmmm-cccccccccc-<this device's id>".into());
        };
        let ahead = (hlc.millis as i64).saturating_sub(now.timestamp_millis());
        if ahead > MAX_DRIFT_MS {
            return Ok(Err(Verdict::Retry(
                "clock_ahead",
                format!(
                    "this change is stamped {} minutes ahead of the server's clock; it is kept and sent again later",
                    ahead / 60_000
                ),
            )));
        }
        if ch.fields.contains_key("deleted") && !(ch.op == "update" && ch.fields.len() == 1) {
            return reject("bad_field", "'deleted' may only be changed alone (restoring a record)".into());
        }
        let existing = b.get(c, &ch.entity, &ch.entity_id.to_string())?;
        if ch.op != "insert" && existing.is_none() {
            return reject("unknown_record", format!("there is no {} {} to change", ch.entity, ch.entity_id));
        }
        let ward = match rule.scope {
            Scope::Ward => ch.entity_id.to_string(),
            Scope::Trust => String::new(),
            Scope::Field(f) => {
                let named = ch.fields.get(f).and_then(|v| v.as_str()).map(str::to_string);
                match (&existing, named) {
                    (Some(e), Some(n)) if e.ward != n => {
                        return reject("ward_mismatch", format!("a record cannot move to another ward ({f})"))
                    }
                    (Some(e), _) => e.ward.clone(),
                    (None, Some(n)) if Uuid::parse_str(&n).is_ok() => n,
                    (None, _) => return reject("missing_ward", format!("{f} must name the record's ward")),
                }
            }
            Scope::Parent(f, parent) => match &existing {
                Some(e) => e.ward.clone(),
                None => {
                    let pid = ch.fields.get(f).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                    match b.get(c, parent, &pid)? {
                        Some(p) => p.ward,
                        None => return reject("unknown_parent", format!("{f} names no {parent} the server holds")),
                    }
                }
            },
        };
        if ward.is_empty() && !device.all_wards {
            b.flush(c)?; // the administrator check reads the people and roles as they stand
        }
        // Adding a trust-wide record the server already holds exactly as sent
        // changes nothing: every device installs the same built-in templates
        // (ids derived from key and version), ward tablets included.
        let changes_nothing = ch.op == "insert"
            && existing
                .as_ref()
                .is_some_and(|e| !e.deleted && ch.fields.iter().all(|(k, v)| e.value(k).as_ref() == Some(v)));
        let allowed = if ward.is_empty() {
            device.all_wards
                || changes_nothing
                || (rule.anyone_adds && ch.op == "insert")
                || ch.user_id.map(|u| is_admin(c, u)).transpose()?.unwrap_or(false)
        } else {
            device.all_wards || device.wards.contains(&ward)
        };
        if !allowed {
            let why = if ward.is_empty() {
                "only an administrator can change trust-wide records".to_string()
            } else {
                "this device is not enrolled for that ward".to_string()
            };
            return reject("forbidden", why);
        }
        if !rule.unique.is_empty() && ch.op != "delete" && rule.unique.iter().any(|f| ch.fields.contains_key(*f)) {
            b.flush(c)?; // the check reads every record of the type
            if let Some(clash) = unique_clash(c, rule, ch, existing.as_ref())? {
                return reject("duplicate", clash);
            }
        }
        Ok(Ok((rule, ward, existing)))
    }

    #[allow(clippy::too_many_arguments)]
    fn record_conflict(
        &self,
        c: &mut dyn Conn,
        b: &mut Batch,
        ward: &str,
        ch: &Change,
        kind: &str,
        field: Option<&str>,
        candidates: Vec<Value>,
        now: DateTime<Utc>,
    ) -> DbResult<()> {
        // Derived from the change and the field, so a replayed history makes the same record.
        let id = Uuid::new_v5(&NAMESPACE, format!("conflict:{}:{}", ch.change_id, field.unwrap_or("")).as_bytes());
        let hlc = {
            let mut h = self.hlc.lock().unwrap_or_else(|p| p.into_inner());
            let seen = Hlc::decode(&ch.hlc).unwrap_or_default();
            *h = Hlc::tick((*h).max(seen), now.timestamp_millis().max(0) as u64);
            format!("{}-{}", h.encode(), self.instance)
        };
        let mut fields = Map::new();
        fields.insert("ward_id".into(), if ward.is_empty() { Value::Null } else { Value::String(ward.into()) });
        fields.insert("entity".into(), Value::String(ch.entity.clone()));
        fields.insert("entity_id".into(), Value::String(ch.entity_id.to_string()));
        fields.insert("kind".into(), Value::String(kind.into()));
        fields.insert("field".into(), field.map(|f| Value::String(f.into())).unwrap_or(Value::Null));
        fields.insert("candidates".into(), Value::String(Value::Array(candidates).to_string()));
        fields.insert("status".into(), Value::String("open".into()));
        fields.insert("created_at".into(), Value::String(rfc3339(now)));
        let change = Change {
            change_id: Uuid::new_v5(&NAMESPACE, format!("conflict-change:{id}").as_bytes()),
            device_seq: 0,
            entity: "conflict".into(),
            entity_id: id,
            op: "insert".into(),
            fields,
            hlc,
            user_id: None,
            at: rfc3339(now),
            seen: None,
        };
        if b.id_taken(c, &change.change_id.to_string())? {
            return Ok(()); // made before (the same change replayed)
        }
        b.add_change(ward, self.id, &change, &rfc3339(now));
        let existing = b.get(c, "conflict", &id.to_string())?;
        b.merge(existing, "conflict", &id.to_string(), ward, &change);
        tracing::info!(entity = %ch.entity, kind, field = field.unwrap_or(""), "conflict recorded");
        Ok(())
    }

    // ---- pull ------------------------------------------------------------

    /// The next page of changes after `cursor`, in commit order, limited to
    /// the device's wards and the trust-wide records.
    pub fn pull(&self, token: &str, req: &PullRequest) -> Answer<PullResponse> {
        check_version(req.schema_version)?;
        let device = self.device(token)?;
        let Some(after) = parse_cursor(req.cursor.as_deref()) else {
            return Err(Refusal::field(400, "bad_cursor", "cursor", "this cursor was not given by this server"));
        };
        let limit = req.limit.unwrap_or(500);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(Refusal::field(422, "validation", "limit", format!("limit must be 1 to {MAX_PAGE}")));
        }
        let wait = req.wait_ms.unwrap_or(0);
        if !(0..=25_000).contains(&wait) {
            return Err(Refusal::field(422, "validation", "waitMs", "waitMs must be 0 to 25000"));
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_millis(wait as u64);
        loop {
            let page = self.page(&device, after, limit)?;
            if !page.changes.is_empty() || std::time::Instant::now() >= deadline {
                return Ok(page);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    fn page(&self, device: &Device, after: i64, limit: i64) -> Answer<PullResponse> {
        let mut wards = device.wards.clone();
        wards.push(String::new());
        let wards = json!(wards).to_string();
        let (rows, head) = self.db.read(|c| {
            let cols =
                "server_seq, change_id, device_id, device_seq, entity, entity_id, op, fields, hlc, user_id, at, seen";
            let rows = if device.all_wards {
                c.rows(
                    &format!("SELECT {cols} FROM changes WHERE server_seq > $1 ORDER BY server_seq LIMIT $2"),
                    &[after.into(), (limit + 1).into()],
                )?
            } else {
                let sql = format!(
                    "SELECT {cols} FROM changes WHERE server_seq > $1 AND ward_id IN ({}) ORDER BY server_seq LIMIT $2",
                    c.json_list(3)
                );
                c.rows(&sql, &[after.into(), (limit + 1).into(), wards.clone().into()])?
            };
            let head = c.row("SELECT MAX(server_seq) FROM changes", &[])?.map(|r| r[0].int()).unwrap_or(0);
            Ok((rows, head))
        })?;
        let more = rows.len() as i64 > limit;
        let mut changes = Vec::with_capacity(rows.len());
        for r in rows.into_iter().take(limit as usize) {
            changes.push(pulled(r)?);
        }
        let last = changes.last().map(|c| c.server_seq).unwrap_or(after);
        Ok(PullResponse {
            changes,
            cursor: cursor_of(last),
            more,
            // Past the last page nothing is left for this device, whatever other wards hold.
            remaining: if more { (head - last).max(0) } else { 0 },
            server_time: self.now(),
        })
    }

    // ---- photos ----------------------------------------------------------

    pub fn photo_status(&self, token: &str, sha256: &str) -> Answer<PhotoStatus> {
        self.device(token)?;
        check_sha(sha256)?;
        self.db.read(|c| photo_status(c, sha256)).map_err(Refusal::from)
    }

    /// Take the next part of a photo. When the last part arrives the whole is
    /// checked against its SHA-256; if it does not match, the parts are
    /// dropped and the upload is refused (it starts again from nothing).
    pub fn upload_photo(
        &self,
        token: &str,
        sha256: &str,
        offset: i64,
        total: i64,
        bytes: &[u8],
    ) -> Answer<PhotoStatus> {
        self.device(token)?;
        check_sha(sha256)?;
        if !(1..=MAX_PHOTO).contains(&total) {
            return Err(Refusal::field(
                413,
                "too_large",
                "total",
                format!("a photo must be 1 byte to {} MB", MAX_PHOTO >> 20),
            ));
        }
        if bytes.is_empty() || offset < 0 || offset.saturating_add(bytes.len() as i64) > total {
            return Err(Refusal::field(422, "validation", "offset", "the part is empty or runs past the photo's size"));
        }
        let now = rfc3339(self.now());
        self.db
            .write(|c| {
                let status = photo_status(c, sha256)?;
                if status.complete {
                    return Ok(Ok(status));
                }
                if offset != status.received {
                    return Ok(Err(Refusal::field(
                        409,
                        "offset_mismatch",
                        "offset",
                        format!("the server holds {} bytes of this photo: continue from there", status.received),
                    )));
                }
                c.exec(
                    "INSERT INTO photo_chunks (sha256, \"offset\", data) VALUES ($1, $2, $3)",
                    &[sha256.into(), offset.into(), P::B(bytes.to_vec())],
                )?;
                let received = offset + bytes.len() as i64;
                if received < total {
                    return Ok(Ok(PhotoStatus { sha256: sha256.into(), received, complete: false }));
                }
                let parts =
                    c.rows("SELECT data FROM photo_chunks WHERE sha256 = $1 ORDER BY \"offset\"", &[sha256.into()])?;
                let whole: Vec<u8> =
                    parts.into_iter().flat_map(|r| r.into_iter().next().map(P::bytes).unwrap_or_default()).collect();
                // Transfer scratch space, not a record: dropped once the photo is whole or refused.
                c.exec("DELETE FROM photo_chunks WHERE sha256 = $1", &[sha256.into()])?;
                if format!("{:x}", Sha256::digest(&whole)) != sha256 {
                    return Ok(Err(Refusal::field(
                        422,
                        "hash_mismatch",
                        "sha256",
                        "the photo's bytes do not match its SHA-256; it was not kept: send it again",
                    )));
                }
                c.exec(
                    "INSERT INTO photos (sha256, size, data, received_at) VALUES ($1, $2, $3, $4)",
                    &[sha256.into(), total.into(), P::B(whole), now.into()],
                )?;
                Ok(Ok(PhotoStatus { sha256: sha256.into(), received: total, complete: true }))
            })?
            .inspect_err(|r: &Refusal| {
                if r.error.code == "hash_mismatch" {
                    // The refusal must not roll back dropping the bad parts: do it again outside.
                    let _ = self.db.write(|c| c.exec("DELETE FROM photo_chunks WHERE sha256 = $1", &[sha256.into()]));
                }
            })
    }

    pub fn download_photo(&self, token: &str, sha256: &str) -> Answer<Vec<u8>> {
        self.device(token)?;
        check_sha(sha256)?;
        let row = self.db.read(|c| c.row("SELECT data FROM photos WHERE sha256 = $1", &[sha256.into()]))?;
        row.and_then(|r| r.into_iter().next())
            .map(P::bytes)
            .ok_or_else(|| Refusal::field(404, "not_found", "sha256", "the server does not hold this photo (yet)"))
    }

    pub fn health(&self) -> Answer<Health> {
        self.db.read(|c| c.row("SELECT 1", &[]))?;
        Ok(Health {
            status: "ok".into(),
            database: self.db.kind().into(),
            schema_version: SCHEMA_VERSION,
            server_time: self.now(),
        })
    }
}

fn check_sha(sha256: &str) -> Answer<()> {
    if sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(Refusal::field(400, "validation", "sha256", "a photo is named by its SHA-256 in 64 lower-case hex digits"))
    }
}

fn photo_status(c: &mut dyn Conn, sha256: &str) -> DbResult<PhotoStatus> {
    if c.row("SELECT 1 FROM photos WHERE sha256 = $1", &[sha256.into()])?.is_some() {
        let size =
            c.row("SELECT size FROM photos WHERE sha256 = $1", &[sha256.into()])?.map(|r| r[0].int()).unwrap_or(0);
        return Ok(PhotoStatus { sha256: sha256.into(), received: size, complete: true });
    }
    let received = c
        .row("SELECT COALESCE(SUM(LENGTH(data)), 0) FROM photo_chunks WHERE sha256 = $1", &[sha256.into()])?
        .map(|r| r[0].int())
        .unwrap_or(0);
    Ok(PhotoStatus { sha256: sha256.into(), received, complete: false })
}

/// Whether a user holds the administrator role (trust-wide) on the server.
fn is_admin(c: &mut dyn Conn, user: Uuid) -> DbResult<bool> {
    let user_live = stored(c, "user", &user.to_string())?.is_some_and(|u| !u.deleted);
    if !user_live {
        return Ok(false);
    }
    let rows = c.rows("SELECT state FROM records WHERE entity = 'user_role' AND deleted = 0", &[])?;
    let me = Value::String(user.to_string());
    Ok(rows.iter().any(|r| {
        let state: Map<String, Value> = serde_json::from_str(&r[0].string()).unwrap_or_default();
        let get = |f: &str| state.get(f).and_then(|v| v.get("v")).cloned().unwrap_or(Value::Null);
        get("user_id") == me && get("role") == json!(Role::Administrator.as_str()) && get("ward_id").is_null()
    }))
}

fn unique_clash(c: &mut dyn Conn, rule: &Rule, ch: &Change, existing: Option<&Stored>) -> DbResult<Option<String>> {
    let wanted: Vec<(String, Value)> = rule
        .unique
        .iter()
        .map(|f| {
            let v = ch.fields.get(*f).cloned().or_else(|| existing.and_then(|e| e.value(f))).unwrap_or(Value::Null);
            (f.to_string(), v)
        })
        .collect();
    let rows = c.rows(
        "SELECT entity_id, state FROM records WHERE entity = $1 AND deleted = 0 AND entity_id <> $2",
        &[ch.entity.clone().into(), ch.entity_id.to_string().into()],
    )?;
    for r in rows {
        let state: Map<String, Value> = serde_json::from_str(&r[1].string()).unwrap_or_default();
        if wanted.iter().all(|(f, v)| state.get(f).and_then(|x| x.get("v")) == Some(v)) {
            let names: Vec<&str> = rule.unique.to_vec();
            return Ok(Some(format!("another {} already has this {}", ch.entity, names.join(" and "))));
        }
    }
    Ok(None)
}

/// Conflicts an update or delete makes with changes from other devices that
/// it had not seen (committed after the cursor it was made at).
#[allow(clippy::type_complexity)]
fn find_conflicts(
    c: &mut dyn Conn,
    device: &Device,
    ch: &Change,
    existing: Option<&Stored>,
) -> DbResult<Vec<(&'static str, Option<String>, Vec<Value>)>> {
    let seen = parse_cursor(ch.seen.as_deref()).unwrap_or(0);
    let rows = c.rows(
        "SELECT op, fields, change_id, device_id, user_id, at, hlc FROM changes
         WHERE entity_id = $1 AND entity = $2 AND server_seq > $3 AND device_id <> $4 ORDER BY server_seq",
        &[ch.entity_id.to_string().into(), ch.entity.clone().into(), seen.into(), device.id.to_string().into()],
    )?;
    let candidate = |value: Value, r: &[P]| {
        json!({"value": value, "changeId": r[2].string(), "deviceId": r[3].string(),
               "userId": r[4].text(), "at": r[5].string(), "hlc": r[6].string()})
    };
    let ours = |value: Value| json!({"value": value, "changeId": ch.change_id, "deviceId": device.id, "userId": ch.user_id, "at": ch.at, "hlc": ch.hlc});
    let mut out = Vec::new();
    let concurrent_delete = rows.iter().find(|r| r[0].text() == Some("delete"));
    let restoring = ch.fields.contains_key("deleted");
    if ch.op == "update" && !restoring {
        if let Some(d) = concurrent_delete.filter(|_| existing.is_some_and(|e| e.deleted)) {
            out.push((
                "delete_edit",
                None,
                vec![candidate(json!("deleted"), d), ours(Value::Object(ch.fields.clone()))],
            ));
            return Ok(out);
        }
        let critical = rule_for(&ch.entity).map(|r| r.critical).unwrap_or(&[]);
        for f in critical.iter().filter(|f| ch.fields.contains_key(**f)) {
            let theirs: Vec<&Vec<P>> = rows
                .iter()
                .filter(|r| {
                    let fields: Map<String, Value> = serde_json::from_str(&r[1].string()).unwrap_or_default();
                    fields.get(*f).is_some_and(|v| Some(v) != ch.fields.get(*f))
                })
                .collect();
            if let Some(last) = theirs.last() {
                let fields: Map<String, Value> = serde_json::from_str(&last[1].string()).unwrap_or_default();
                let value = fields.get(*f).cloned().unwrap_or(Value::Null);
                out.push(("field", Some(f.to_string()), vec![candidate(value, last), ours(ch.fields[*f].clone())]));
            }
        }
    } else if ch.op == "delete" {
        if let Some(edit) = rows.iter().rev().find(|r| r[0].text() == Some("update")) {
            let fields: Value = serde_json::from_str(&edit[1].string()).unwrap_or(Value::Null);
            out.push(("delete_edit", None, vec![candidate(fields, edit), ours(json!("deleted"))]));
        }
    }
    Ok(out)
}

fn pulled(r: Vec<P>) -> DbResult<PulledChange> {
    let parse = |p: &P| Uuid::parse_str(&p.string()).map_err(crate::db::db_error);
    Ok(PulledChange {
        server_seq: r[0].int(),
        device_id: parse(&r[2])?,
        change: Change {
            change_id: parse(&r[1])?,
            device_seq: r[3].int(),
            entity: r[4].string(),
            entity_id: parse(&r[5])?,
            op: r[6].string(),
            fields: serde_json::from_str(&r[7].string()).unwrap_or_default(),
            hlc: r[8].string(),
            user_id: r[9].text().and_then(|u| Uuid::parse_str(u).ok()),
            at: r[10].string(),
            seen: r[11].text().map(str::to_string),
        },
    })
}

/// A change to a record already purged, made on a device that had not yet
/// pulled the purge, is taken without the patient's identifiers, so the
/// purge holds (a copy of the change with them blanked; none otherwise).
fn blank_if_purged(existing: Option<&Stored>, ch: &Change) -> Option<Change> {
    existing?.state.get("purged_at").filter(|s| !s["v"].is_null())?;
    let columns = purged_identifiers(&ch.entity);
    if !columns.iter().any(|c| ch.fields.get(*c).is_some_and(|v| !v.is_null())) {
        return None;
    }
    let mut blanked = ch.clone();
    for c in columns {
        if let Some(v) = blanked.fields.get_mut(*c) {
            *v = Value::Null;
        }
    }
    Some(blanked)
}

/// A purge (a use of force record kept its 3 years) blanks the patient's
/// identifiers in every change of the record the server holds, as it does
/// on each device (`wardsafe_store` `redact_history`): devices that pull the
/// record's history later never receive them. The rows stay, in order.
fn redact_history(c: &mut dyn Conn, ch: &Change, columns: &[&str]) -> DbResult<()> {
    let rows = c.rows(
        "SELECT server_seq, fields FROM changes WHERE entity = $1 AND entity_id = $2",
        &[ch.entity.clone().into(), ch.entity_id.to_string().into()],
    )?;
    for row in rows {
        let Ok(Value::Object(mut fields)) = serde_json::from_str::<Value>(&row[1].string()) else {
            continue;
        };
        let mut blanked = false;
        for column in columns {
            if let Some(v) = fields.get_mut(*column) {
                blanked |= !v.is_null();
                *v = serde_json::Value::Null;
            }
        }
        if blanked {
            c.exec(
                "UPDATE changes SET fields = $1 WHERE server_seq = $2",
                &[Value::Object(fields).to_string().into(), row[0].int().into()],
            )?;
        }
    }
    Ok(())
}
