//! The one write path. Every insert, update and tombstone goes through [`Tx`],
//! which appends the change-log row (entity, id, changed fields, HLC, device,
//! user) in the same SQLite transaction. There is no other way to write.

use crate::rows::DbResult;
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, Transaction};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
use wardsafe_domain::hlc::Hlc;
use wardsafe_domain::restrictive::use_of_force::purge_redacts;
use wardsafe_domain::{AppError, AppResult};

/// The record types. Each is a table with an `id` and a `deleted` tombstone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Device,
    Site,
    Ward,
    Area,
    User,
    UserRole,
    Template,
    Audit,
    Answer,
    Amendment,
    LigaturePoint,
    LigatureAssessment,
    Photo,
    Conflict,
    Action,
    ActionEvent,
    InterimControl,
    RemediationPolicy,
    RestrictiveEpisode,
    EpisodeObservation,
    EpisodeReview,
    ReviewRules,
    UseOfForce,
    BlanketRestriction,
}

impl Entity {
    pub const ALL: [Entity; 24] = [
        Entity::Device,
        Entity::Site,
        Entity::Ward,
        Entity::Area,
        Entity::User,
        Entity::UserRole,
        Entity::Template,
        Entity::Audit,
        Entity::Answer,
        Entity::Amendment,
        Entity::LigaturePoint,
        Entity::LigatureAssessment,
        Entity::Photo,
        Entity::Conflict,
        Entity::Action,
        Entity::ActionEvent,
        Entity::InterimControl,
        Entity::RemediationPolicy,
        Entity::RestrictiveEpisode,
        Entity::EpisodeObservation,
        Entity::EpisodeReview,
        Entity::ReviewRules,
        Entity::UseOfForce,
        Entity::BlanketRestriction,
    ];

    pub fn table(self) -> &'static str {
        match self {
            Entity::Device => "device",
            Entity::Site => "sites",
            Entity::Ward => "wards",
            Entity::Area => "areas",
            Entity::User => "users",
            Entity::UserRole => "user_roles",
            Entity::Template => "templates",
            Entity::Audit => "audits",
            Entity::Answer => "answers",
            Entity::Amendment => "amendments",
            Entity::LigaturePoint => "ligature_points",
            Entity::LigatureAssessment => "ligature_assessments",
            Entity::Photo => "photos",
            Entity::Conflict => "conflicts",
            Entity::Action => "actions",
            Entity::ActionEvent => "action_events",
            Entity::InterimControl => "interim_controls",
            Entity::RemediationPolicy => "remediation_policy",
            Entity::RestrictiveEpisode => "restrictive_episodes",
            Entity::EpisodeObservation => "episode_observations",
            Entity::EpisodeReview => "episode_reviews",
            Entity::ReviewRules => "review_rules",
            Entity::UseOfForce => "use_of_force",
            Entity::BlanketRestriction => "blanket_restrictions",
        }
    }

    /// The name in the change log.
    pub fn name(self) -> &'static str {
        match self {
            Entity::Device => "device",
            Entity::Site => "site",
            Entity::Ward => "ward",
            Entity::Area => "area",
            Entity::User => "user",
            Entity::UserRole => "user_role",
            Entity::Template => "template",
            Entity::Audit => "audit",
            Entity::Answer => "answer",
            Entity::Amendment => "amendment",
            Entity::LigaturePoint => "ligature_point",
            Entity::LigatureAssessment => "ligature_assessment",
            Entity::Photo => "photo",
            Entity::Conflict => "conflict",
            Entity::Action => "action",
            Entity::ActionEvent => "action_event",
            Entity::InterimControl => "interim_control",
            Entity::RemediationPolicy => "remediation_policy",
            Entity::RestrictiveEpisode => "restrictive_episode",
            Entity::EpisodeObservation => "episode_observation",
            Entity::EpisodeReview => "episode_review",
            Entity::ReviewRules => "review_rules",
            Entity::UseOfForce => "use_of_force",
            Entity::BlanketRestriction => "blanket_restriction",
        }
    }

    /// The entity with this change-log name.
    pub fn parse(name: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// The columns of every entity's table, read from the schema when the store
/// opens, so that a field name is checked before it reaches SQL.
pub(crate) type Columns = HashMap<Entity, HashSet<String>>;

pub(crate) fn read_columns(conn: &Connection) -> AppResult<Columns> {
    let mut out = HashMap::new();
    for e in Entity::ALL {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({})", e.table())).db()?;
        let cols: HashSet<String> = stmt.query_map([], |r| r.get(1)).db()?.collect::<Result<_, _>>().db()?;
        out.insert(e, cols);
    }
    Ok(out)
}

/// One change-log row, as tests and sync read it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRow {
    pub seq: i64,
    /// The originating device's sequence number (none for the device row).
    pub device_seq: Option<i64>,
    /// The server's commit position, once known.
    pub server_seq: Option<i64>,
    /// The pull cursor the device had when it made the change.
    pub seen: Option<String>,
    pub at: String,
    pub change_id: Uuid,
    pub entity: String,
    pub entity_id: Uuid,
    pub op: String,
    pub fields: serde_json::Value,
    pub hlc: String,
    pub device_id: Uuid,
    pub user_id: Option<Uuid>,
}

/// A write transaction. Commit happens in [`crate::Store::write`] when the
/// closure returns `Ok`; any error rolls everything back.
pub struct Tx<'c> {
    pub(crate) tx: Transaction<'c>,
    pub(crate) columns: &'c Columns,
    pub(crate) device: Uuid,
    pub(crate) user: Option<Uuid>,
    pub(crate) hlc: Hlc,
    pub(crate) now: DateTime<Utc>,
    pub(crate) clock: &'c dyn crate::Clock,
    pub(crate) next_seq: i64,
    pub(crate) cursor: Option<String>,
}

impl Tx<'_> {
    /// Read inside the transaction (sees this transaction's own writes).
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The transaction's instant as RFC 3339 UTC with milliseconds.
    pub fn now_str(&self) -> String {
        self.now.to_rfc3339_opts(SecondsFormat::Millis, true)
    }

    pub fn user(&self) -> Option<Uuid> {
        self.user
    }

    /// A new record id (UUID v7 from the store's id source).
    pub fn new_id(&self) -> Uuid {
        self.clock.new_id()
    }

    pub fn insert(&mut self, entity: Entity, id: Uuid, fields: &[(&str, Value)]) -> AppResult<()> {
        self.check(entity, fields)?;
        let names: Vec<&str> = std::iter::once("id").chain(fields.iter().map(|(n, _)| *n)).collect();
        let marks = vec!["?"; names.len()].join(", ");
        let sql = format!("INSERT INTO {} ({}) VALUES ({marks})", entity.table(), names.join(", "));
        let mut params: Vec<Value> = vec![Value::Text(id.to_string())];
        params.extend(fields.iter().map(|(_, v)| v.clone()));
        self.tx.prepare_cached(&sql).db()?.execute(rusqlite::params_from_iter(params)).db()?;
        self.log(entity, id, "insert", fields)
    }

    /// Update the given fields of a live record; `NotFound` if there is none.
    pub fn update(&mut self, entity: Entity, id: Uuid, fields: &[(&str, Value)]) -> AppResult<()> {
        self.check(entity, fields)?;
        if fields.is_empty() {
            return Ok(());
        }
        let sets: Vec<String> = fields.iter().map(|(n, _)| format!("{n} = ?")).collect();
        let sql = format!("UPDATE {} SET {} WHERE id = ? AND deleted = 0", entity.table(), sets.join(", "));
        let mut params: Vec<Value> = fields.iter().map(|(_, v)| v.clone()).collect();
        params.push(Value::Text(id.to_string()));
        let n = self.tx.prepare_cached(&sql).db()?.execute(rusqlite::params_from_iter(params)).db()?;
        if n == 0 {
            return Err(AppError::not_found("id", entity.name()));
        }
        self.log(entity, id, "update", fields)
    }

    /// Mark a record deleted. Records are never hard-deleted (DESIGN.md §1 rule 3).
    pub fn tombstone(&mut self, entity: Entity, id: Uuid) -> AppResult<()> {
        let sql = format!("UPDATE {} SET deleted = 1 WHERE id = ? AND deleted = 0", entity.table());
        let n = self.tx.prepare_cached(&sql).db()?.execute([id.to_string()]).db()?;
        if n == 0 {
            return Err(AppError::not_found("id", entity.name()));
        }
        self.log(entity, id, "delete", &[])
    }

    fn check(&self, entity: Entity, fields: &[(&str, Value)]) -> AppResult<()> {
        let cols = self.columns.get(&entity).ok_or_else(|| AppError::internal("unknown entity"))?;
        for (name, _) in fields {
            if *name == "id" || *name == "deleted" || !cols.contains(*name) {
                return Err(AppError::internal(format!("{} has no writable field '{name}'", entity.name())));
            }
        }
        Ok(())
    }

    pub(crate) fn log(&mut self, entity: Entity, id: Uuid, op: &str, fields: &[(&str, Value)]) -> AppResult<()> {
        let wall = self.now.timestamp_millis().max(0) as u64;
        // The device row is written when the store is first created, before
        // the device has met the server and learned how wrong its clock is;
        // it never syncs, so it does not move the clock.
        if entity != Entity::Device {
            self.hlc = Hlc::tick(self.hlc, wall);
        }
        let json: serde_json::Map<String, serde_json::Value> =
            fields.iter().map(|(n, v)| (n.to_string(), to_json(v))).collect();
        redact_history(&self.tx, entity.name(), id, purge_redacts(entity.name(), &json))?;
        // The device row never leaves the device, so it takes no place in the outbox.
        let device_seq = (entity != Entity::Device).then(|| {
            self.next_seq += 1;
            self.next_seq - 1
        });
        self.tx
            .prepare_cached(
                "INSERT INTO change_log (change_id, entity, entity_id, op, fields, hlc, device_id, user_id, at, device_seq, seen)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .db()?
            .execute(rusqlite::params![
                self.clock.new_id().to_string(),
                entity.name(),
                id.to_string(),
                op,
                serde_json::Value::Object(json).to_string(),
                format!("{}-{}", self.hlc.encode(), self.device),
                self.device.to_string(),
                self.user.map(|u| u.to_string()),
                self.now_str(),
                device_seq,
                self.cursor,
            ])
            .db()?;
        Ok(())
    }
}

/// Blank `columns` in every change of one record so far: a purge's
/// (`wardsafe_domain::restrictive::use_of_force::purge_redacts`). The only
/// change ever made to a change-log row: the rows stay, in order, with every
/// other field; the purge's own change says who purged the record and why.
pub(crate) fn redact_history(conn: &Connection, entity: &str, id: Uuid, columns: &[&str]) -> AppResult<()> {
    if columns.is_empty() {
        return Ok(());
    }
    // The columns are constants of the domain, never input.
    let paths: Vec<String> = columns.iter().map(|c| format!("'$.{c}', NULL")).collect();
    conn.execute(
        &format!(
            "UPDATE change_log SET fields = json_replace(fields, {}) WHERE entity = ? AND entity_id = ?",
            paths.join(", ")
        ),
        rusqlite::params![entity, id.to_string()],
    )
    .db()?;
    Ok(())
}

pub(crate) fn to_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Null => serde_json::Value::Null,
        Value::Integer(i) => (*i).into(),
        Value::Real(f) => {
            serde_json::Number::from_f64(*f).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
        }
        Value::Text(s) => s.clone().into(),
        // Photo bytes travel separately, by hash (DESIGN.md §3); the log keeps their size.
        Value::Blob(b) => serde_json::json!({ "blobBytes": b.len() }),
    }
}
