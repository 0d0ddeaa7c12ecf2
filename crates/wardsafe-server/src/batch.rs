//! One push's reads and writes of `records` and `changes`, held in memory and
//! written together when the push ends (or before a check that reads those
//! tables widely). The records a push names are read in one query per record
//! type up front. Against PostgreSQL this turns three or four round trips per
//! change into a handful per push (docs/benchmarks.md, server ingest).
//!
//! Safe because writers are serialised (db/mod.rs): nothing else changes the
//! tables while a push holds the write transaction, so `server_seq` can be
//! handed out here, in order, from the highest committed one.

use crate::db::{Conn, DbResult, Kind, P};
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
use wardsafe_sync::rules::{rule_for, Scope};
use wardsafe_sync::Change;

/// A record as the server holds it: its ward, tombstone and merged fields ({field: {v, h}}).
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    pub ward: String,
    pub deleted: bool,
    pub state: Map<String, Value>,
}

impl Stored {
    /// The record's current value of a field.
    pub fn value(&self, field: &str) -> Option<Value> {
        self.state.get(field).and_then(|v| v.get("v")).cloned()
    }
}

fn parse_state(text: &str) -> Map<String, Value> {
    serde_json::from_str(text).unwrap_or_default()
}

/// One record, read straight from the database (outside a push).
pub(crate) fn stored(c: &mut dyn Conn, entity: &str, id: &str) -> DbResult<Option<Stored>> {
    let row = c.row(
        "SELECT ward_id, deleted, state FROM records WHERE entity = $1 AND entity_id = $2",
        &[entity.into(), id.into()],
    )?;
    Ok(row.map(|r| Stored { ward: r[0].string(), deleted: r[1].int() != 0, state: parse_state(&r[2].string()) }))
}

type Key = (String, String);

const CHANGE_COLUMNS: &str = "INSERT INTO changes (server_seq, ward_id, change_id, device_id, device_seq, entity, entity_id, op, fields, hlc, user_id, at, seen, received_at)";
const CHANGE_KINDS: [Kind; 14] = [
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Int,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
    Kind::Text,
];
const RECORD_COLUMNS: &str = "INSERT INTO records (entity, entity_id, ward_id, deleted, state)";
const RECORD_KINDS: [Kind; 5] = [Kind::Text, Kind::Text, Kind::Text, Kind::Int, Kind::Text];
const RECORD_UPSERT: &str =
    "ON CONFLICT (entity, entity_id) DO UPDATE SET deleted = excluded.deleted, state = excluded.state";

pub(crate) struct Batch {
    next_seq: i64,
    /// Records read or written in this push; `None`: the server holds no such record.
    records: HashMap<Key, Option<Stored>>,
    dirty: HashSet<Key>,
    /// Change ids known to be taken (`true`) or free (`false`).
    ids: HashMap<String, bool>,
    changes: Vec<Vec<P>>,
}

impl Batch {
    /// Start a push of `changes`: read every record they name (and their parents) and which of their ids are taken.
    pub fn start(c: &mut dyn Conn, changes: &[Change]) -> DbResult<Batch> {
        let next_seq =
            c.row("SELECT COALESCE(MAX(server_seq), 0) FROM changes", &[])?.map(|r| r[0].int()).unwrap_or(0) + 1;
        let mut b = Batch {
            next_seq,
            records: HashMap::new(),
            dirty: HashSet::new(),
            ids: HashMap::new(),
            changes: Vec::new(),
        };
        let mut wanted: HashMap<String, HashSet<String>> = HashMap::new();
        for ch in changes {
            wanted.entry(ch.entity.clone()).or_default().insert(ch.entity_id.to_string());
            if let Some(Scope::Parent(field, parent)) = rule_for(&ch.entity).map(|r| r.scope) {
                if let Some(pid) = ch.fields.get(field).and_then(|v| v.as_str()).filter(|p| Uuid::parse_str(p).is_ok())
                {
                    wanted.entry(parent.to_string()).or_default().insert(pid.to_string());
                }
            }
        }
        for (entity, ids) in wanted {
            let list: Vec<&String> = ids.iter().collect();
            let sql = format!(
                "SELECT entity_id, ward_id, deleted, state FROM records WHERE entity = $1 AND entity_id IN ({})",
                c.json_list(2)
            );
            let found = c.rows(&sql, &[entity.clone().into(), json!(list).to_string().into()])?;
            for id in &ids {
                b.records.insert((entity.clone(), id.clone()), None);
            }
            for r in found {
                let stored =
                    Stored { ward: r[1].string(), deleted: r[2].int() != 0, state: parse_state(&r[3].string()) };
                b.records.insert((entity.clone(), r[0].string()), Some(stored));
            }
        }
        let ids: Vec<String> = changes.iter().map(|ch| ch.change_id.to_string()).collect();
        for id in &ids {
            b.ids.insert(id.clone(), false);
        }
        let sql = format!("SELECT change_id FROM changes WHERE change_id IN ({})", c.json_list(1));
        for r in c.rows(&sql, &[json!(ids).to_string().into()])? {
            b.ids.insert(r[0].string(), true);
        }
        Ok(b)
    }

    /// A record as it stands in this push.
    pub fn get(&mut self, c: &mut dyn Conn, entity: &str, id: &str) -> DbResult<Option<Stored>> {
        let key = (entity.to_string(), id.to_string());
        if let Some(s) = self.records.get(&key) {
            return Ok(s.clone());
        }
        let s = stored(c, entity, id)?;
        self.records.insert(key, s.clone());
        Ok(s)
    }

    /// Whether a change id is already used (by a committed change or one earlier in this push).
    pub fn id_taken(&mut self, c: &mut dyn Conn, change_id: &str) -> DbResult<bool> {
        if let Some(t) = self.ids.get(change_id) {
            return Ok(*t);
        }
        let taken = c.row("SELECT 1 FROM changes WHERE change_id = $1", &[change_id.into()])?.is_some();
        self.ids.insert(change_id.to_string(), taken);
        Ok(taken)
    }

    /// Record a change (its id must be free); returns its `server_seq`.
    pub fn add_change(&mut self, ward: &str, device: Uuid, ch: &Change, received: &str) -> i64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.ids.insert(ch.change_id.to_string(), true);
        self.changes.push(vec![
            seq.into(),
            ward.into(),
            ch.change_id.to_string().into(),
            device.to_string().into(),
            ch.device_seq.into(),
            ch.entity.clone().into(),
            ch.entity_id.to_string().into(),
            ch.op.clone().into(),
            Value::Object(ch.fields.clone()).to_string().into(),
            ch.hlc.clone().into(),
            ch.user_id.map(|u| u.to_string()).into(),
            ch.at.clone().into(),
            ch.seen.clone().into(),
            received.into(),
        ]);
        seq
    }

    /// Fold a change into the server's copy of the record: per field, the
    /// value with the highest HLC; a delete is a `deleted` field like any other.
    pub fn merge(&mut self, current: Option<Stored>, entity: &str, id: &str, ward: &str, ch: &Change) {
        let mut stored = current.unwrap_or(Stored { ward: ward.to_string(), deleted: false, state: Map::new() });
        let hlc = ch.hlc.as_str();
        let mut set = |name: &str, value: Value| {
            let newer =
                stored.state.get(name).and_then(|v| v.get("h")).and_then(|h| h.as_str()).is_none_or(|h| h < hlc);
            if newer {
                stored.state.insert(name.to_string(), json!({"v": value, "h": hlc}));
            }
        };
        if ch.op == "delete" {
            set("deleted", json!(1));
        } else {
            for (k, v) in &ch.fields {
                set(k, v.clone());
            }
        }
        stored.deleted = stored.value("deleted").and_then(|v| v.as_i64()).unwrap_or(0) != 0;
        let key = (entity.to_string(), id.to_string());
        self.dirty.insert(key.clone());
        self.records.insert(key, Some(stored));
    }

    /// Write what this push holds so far.
    pub fn flush(&mut self, c: &mut dyn Conn) -> DbResult<()> {
        c.insert_many(CHANGE_COLUMNS, &CHANGE_KINDS, "", std::mem::take(&mut self.changes))?;
        let mut rows = Vec::with_capacity(self.dirty.len());
        for key in self.dirty.drain() {
            if let Some(Some(s)) = self.records.get(&key) {
                rows.push(vec![
                    key.0.into(),
                    key.1.into(),
                    s.ward.clone().into(),
                    (s.deleted as i64).into(),
                    Value::Object(s.state.clone()).to_string().into(),
                ]);
            }
        }
        c.insert_many(RECORD_COLUMNS, &RECORD_KINDS, RECORD_UPSERT, rows)
    }
}
