//! Read queries, each returning domain read models. They take a
//! `&Connection`, so they work both in [`crate::Store::read`] and inside a
//! write transaction via [`crate::Tx::conn`].

pub mod action_export;
pub mod actions;
pub mod audits;
pub mod blanket;
pub mod dashboard;
pub mod ligature;
pub mod photos;
pub mod places;
pub mod restrictive;
pub mod restrictive_report;
pub mod templates;
pub mod use_of_force;
pub mod users;

use crate::rows::DbResult;
use crate::ChangeRow;
use rusqlite::Connection;
use uuid::Uuid;
use wardsafe_domain::AppResult;

/// The change log in commit order (tests and the audit trail read it).
pub fn change_log(conn: &Connection, after_seq: i64, limit: i64) -> AppResult<Vec<ChangeRow>> {
    let mut stmt = conn
        .prepare(
            "SELECT seq, change_id, entity, entity_id, op, fields, hlc, device_id, user_id, device_seq, server_seq, seen, at
             FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?",
        )
        .db()?;
    let rows = stmt.query_map([after_seq, limit], change_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// Read a change-log row selected with the columns of [`change_log`].
pub(crate) fn change_row(r: &rusqlite::Row) -> rusqlite::Result<ChangeRow> {
    let fields: String = r.get(5)?;
    Ok(ChangeRow {
        seq: r.get(0)?,
        device_seq: r.get(9)?,
        server_seq: r.get(10)?,
        seen: r.get(11)?,
        at: r.get(12)?,
        change_id: crate::rows::uuid_at(r, 1)?,
        entity: r.get(2)?,
        entity_id: crate::rows::uuid_at(r, 3)?,
        op: r.get(4)?,
        fields: serde_json::from_str(&fields).unwrap_or(serde_json::Value::Null),
        hlc: r.get(6)?,
        device_id: crate::rows::uuid_at(r, 7)?,
        user_id: crate::rows::opt_uuid_at(r, 8)?,
    })
}

/// Whether a live record exists.
pub fn exists(conn: &Connection, entity: crate::Entity, id: Uuid) -> AppResult<bool> {
    conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {} WHERE id = ? AND deleted = 0)", entity.table()),
        [id.to_string()],
        |r| r.get(0),
    )
    .db()
}
