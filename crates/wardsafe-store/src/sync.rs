//! The store's side of sync (DESIGN.md §3): the outbox, applying changes
//! pulled from the server, and the device's sync bookkeeping.
//!
//! A pulled change is appended to the change log like any other, then the
//! record it touches is rebuilt from every change of that record the device
//! holds, each field taking the value with the highest HLC (last writer wins
//! per field; the losing values stay in the log). Because the result depends
//! only on the set of changes and not on the order they arrived, every device
//! that holds the same changes holds the same records.

use crate::rows::DbResult;
use crate::write::{to_json, Entity, Tx};
use crate::ChangeRow;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;
use uuid::Uuid;
use wardsafe_domain::hlc::Hlc;
use wardsafe_domain::restrictive::use_of_force::purge_redacts;
use wardsafe_domain::{AppError, AppResult};

/// The pull cursor (opaque text from the server).
pub const CURSOR: &str = "cursor";
/// Server time minus this device's clock, in milliseconds.
pub const CLOCK_OFFSET: &str = "clock_offset_ms";

/// A change as pulled from the server.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteChange {
    pub change_id: Uuid,
    pub entity: String,
    pub entity_id: Uuid,
    pub op: String,
    pub fields: Map<String, Json>,
    pub hlc: String,
    pub device_id: Uuid,
    pub device_seq: Option<i64>,
    pub user_id: Option<Uuid>,
    pub at: String,
    pub server_seq: i64,
    pub seen: Option<String>,
}

/// What applying a pulled change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// New to this device: logged and the record rebuilt.
    New,
    /// Already here (this device's own change coming back, or a page seen before).
    Duplicate,
}

/// Read a sync bookkeeping value.
pub fn state(conn: &Connection, key: &str) -> AppResult<Option<String>> {
    conn.query_row("SELECT value FROM sync_state WHERE key = ?", [key], |r| r.get(0)).optional().db()
}

/// Write (or with `None` remove) a sync bookkeeping value. Bookkeeping is not
/// a record: it never syncs and is not in the change log.
pub fn set_state(conn: &Connection, key: &str, value: Option<&str>) -> AppResult<()> {
    match value {
        Some(v) => conn
            .execute(
                "INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
                [key, v],
            )
            .db()?,
        None => conn.execute("DELETE FROM sync_state WHERE key = ?", [key]).db()?,
    };
    Ok(())
}

const CHANGE_COLUMNS: &str =
    "seq, change_id, entity, entity_id, op, fields, hlc, device_id, user_id, device_seq, server_seq, seen, at";

/// This device's changes after `after_device_seq`, in the order they were made.
pub fn outbox(conn: &Connection, device: Uuid, after_device_seq: i64, limit: i64) -> AppResult<Vec<ChangeRow>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {CHANGE_COLUMNS} FROM change_log WHERE device_id = ? AND device_seq > ? ORDER BY device_seq LIMIT ?"
        ))
        .db()?;
    let rows = stmt
        .query_map(rusqlite::params![device.to_string(), after_device_seq, limit], crate::queries::change_row)
        .db()?
        .collect::<Result<_, _>>()
        .db();
    rows
}

/// How many of this device's changes come after `after_device_seq`.
pub fn outbox_len(conn: &Connection, device: Uuid, after_device_seq: i64) -> AppResult<i64> {
    conn.query_row(
        "SELECT COUNT(*) FROM change_log WHERE device_id = ? AND device_seq > ?",
        rusqlite::params![device.to_string(), after_device_seq],
        |r| r.get(0),
    )
    .db()
}

/// Photos whose record has arrived but whose bytes have not.
pub fn photos_missing_bytes(conn: &Connection) -> AppResult<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT sha256 FROM photos WHERE length(data) = 0 AND size > 0 ORDER BY sha256").db()?;
    let rows = stmt.query_map([], |r| r.get(0)).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// Photos this device holds the bytes of, with their size.
pub fn photo_bytes(conn: &Connection, sha256: &str) -> AppResult<Option<Vec<u8>>> {
    conn.query_row("SELECT data FROM photos WHERE sha256 = ? AND length(data) > 0", [sha256], |r| r.get(0))
        .optional()
        .db()
}

impl Tx<'_> {
    /// Move the pull cursor; it commits with the page it follows.
    pub fn set_cursor(&mut self, cursor: &str) -> AppResult<()> {
        set_state(&self.tx, CURSOR, Some(cursor))?;
        self.cursor = Some(cursor.to_string());
        Ok(())
    }

    /// Fill in the bytes of a photo whose record arrived first. The caller has
    /// checked them against the SHA-256 the record names: content addressed
    /// by its hash is not a change to the record, so nothing is logged.
    pub fn put_photo_bytes(&mut self, sha256: &str, data: &[u8]) -> AppResult<bool> {
        let n = self
            .tx
            .execute(
                "UPDATE photos SET data = ? WHERE sha256 = ? AND length(data) = 0 AND size = ?",
                rusqlite::params![data, sha256, data.len() as i64],
            )
            .db()?;
        Ok(n > 0)
    }

    /// Undo a tombstone. Only a person resolving a delete-versus-edit
    /// conflict does this; an ordinary edit never brings a deleted record back.
    pub fn restore(&mut self, entity: Entity, id: Uuid) -> AppResult<()> {
        let sql = format!("UPDATE {} SET deleted = 0 WHERE id = ? AND deleted = 1", entity.table());
        let n = self.tx.prepare_cached(&sql).db()?.execute([id.to_string()]).db()?;
        if n == 0 {
            return Err(AppError::not_found("id", entity.name()));
        }
        self.log(entity, id, "update", &[("deleted", Value::Integer(0))])
    }

    /// Append a pulled change to the change log and rebuild its record.
    /// Idempotent: a change already held is only given its server position.
    pub fn apply_remote(&mut self, c: &RemoteChange) -> AppResult<Applied> {
        let known: Option<Option<i64>> = self
            .tx
            .prepare_cached("SELECT server_seq FROM change_log WHERE change_id = ?")
            .db()?
            .query_row([c.change_id.to_string()], |r| r.get(0))
            .optional()
            .db()?;
        if let Some(server_seq) = known {
            if server_seq.is_none() {
                self.tx
                    .prepare_cached("UPDATE change_log SET server_seq = ? WHERE change_id = ?")
                    .db()?
                    .execute(rusqlite::params![c.server_seq, c.change_id.to_string()])
                    .db()?;
            }
            return Ok(Applied::Duplicate);
        }
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO change_log ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                CHANGE_COLUMNS.trim_start_matches("seq, ")
            ))
            .db()?
            .execute(rusqlite::params![
                c.change_id.to_string(),
                c.entity,
                c.entity_id.to_string(),
                c.op,
                Json::Object(c.fields.clone()).to_string(),
                c.hlc,
                c.device_id.to_string(),
                c.user_id.map(|u| u.to_string()),
                c.device_seq,
                c.server_seq,
                c.seen,
                c.at,
            ])
            .db()?;
        // A pulled purge blanks the record's identifiers in this device's history too.
        crate::write::redact_history(&self.tx, &c.entity, c.entity_id, purge_redacts(&c.entity, &c.fields))?;
        // HLC receive rule: never stamp a later change below one already seen.
        // (The server refuses stamps too far ahead of its clock.)
        if let Some(h) = Hlc::decode(&c.hlc) {
            self.hlc = self.hlc.max(h);
        }
        // A record type this version does not know (a newer device's) is kept in the log only.
        if let Some(entity) = Entity::parse(&c.entity) {
            if entity != Entity::Device {
                self.rebuild(entity, c.entity_id)?;
            }
        }
        Ok(Applied::New)
    }

    /// Rebuild one record from its changes: last writer wins per field by HLC.
    fn rebuild(&mut self, entity: Entity, id: Uuid) -> AppResult<()> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT op, fields, hlc FROM change_log WHERE entity = ? AND entity_id = ? ORDER BY hlc")
            .db()?;
        let rows: Vec<(String, String)> = stmt
            .query_map([entity.name(), &id.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .db()?
            .collect::<Result<_, _>>()
            .db()?;
        drop(stmt);
        let cols = &self.columns[&entity];
        let mut merged: BTreeMap<String, Value> = BTreeMap::new();
        let mut inserted = false;
        for (op, fields) in rows {
            match op.as_str() {
                "delete" => {
                    merged.insert("deleted".into(), Value::Integer(1));
                }
                _ => {
                    inserted |= op == "insert";
                    let Ok(Json::Object(map)) = serde_json::from_str::<Json>(&fields) else { continue };
                    for (name, v) in map {
                        if name == "id" || !cols.contains(&name) {
                            continue; // kept in the log for a newer version; not a column here
                        }
                        match from_json(&v) {
                            Some(v) => merged.insert(name, v),
                            None => continue, // photo bytes travel separately
                        };
                    }
                }
            }
        }
        let exists: bool = self
            .tx
            .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?)", entity.table()))
            .db()?
            .query_row([id.to_string()], |r| r.get(0))
            .db()?;
        if exists {
            if merged.is_empty() {
                return Ok(());
            }
            let sets: Vec<String> = merged.keys().map(|n| format!("{n} = ?")).collect();
            let sql = format!("UPDATE {} SET {} WHERE id = ?", entity.table(), sets.join(", "));
            let mut params: Vec<Value> = merged.into_values().collect();
            params.push(Value::Text(id.to_string()));
            self.tx.prepare_cached(&sql).db()?.execute(rusqlite::params_from_iter(params)).db()?;
        } else if inserted {
            if entity == Entity::Photo {
                // The record may arrive before its bytes (DESIGN.md §3).
                merged.entry("data".into()).or_insert(Value::Blob(Vec::new()));
            }
            let names: Vec<&str> = std::iter::once("id").chain(merged.keys().map(|k| k.as_str())).collect();
            let marks = vec!["?"; names.len()].join(", ");
            let sql = format!("INSERT INTO {} ({}) VALUES ({marks})", entity.table(), names.join(", "));
            let mut params: Vec<Value> = vec![Value::Text(id.to_string())];
            params.extend(merged.values().cloned());
            // A record that cannot be placed here (for instance a second answer
            // to the same question made before answers had stable ids) stays in
            // the change log, where nothing is lost; the table keeps the first.
            let result = self.tx.prepare_cached(&sql).db()?.execute(rusqlite::params_from_iter(params));
            match result {
                Ok(_) => {}
                Err(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::ConstraintViolation => {}
                Err(e) => return Err(e).db(),
            }
        }
        Ok(())
    }
}

/// A logged field value back to a column value; `None` for photo bytes.
fn from_json(v: &Json) -> Option<Value> {
    Some(match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Integer(*b as i64),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::Text(s.clone()),
        Json::Object(o) if o.contains_key("blobBytes") => return None,
        other => Value::Text(other.to_string()),
    })
}

/// The JSON form of a column value, as the change log holds it.
pub fn value_json(v: &Value) -> Json {
    to_json(v)
}
