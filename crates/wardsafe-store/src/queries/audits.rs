//! Audits (walk-rounds and checks), their answers and amendments.

use crate::rows::{opt_uuid_at, parsed, uuid_at, uuids_json, DbResult};
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;
use wardsafe_domain::template::TemplateKind;
use wardsafe_domain::views::{Amendment, Answer, AuditListItem, AuditStatus};
use wardsafe_domain::{AppError, AppResult};

// The template and the people are looked up by scalar subqueries rather than
// joins: a single-table query by key takes SQLite's planner short cut and
// stays prepared in the statement cache, whereas a join with a bound
// parameter is compiled again on every run (it costs more than the lookup;
// these run on every saved answer). Foreign keys guarantee each row is there.
const ITEM_SQL: &str = "SELECT a.id, a.ward_id,
        (SELECT t.name FROM templates t WHERE t.id = a.template_id),
        (SELECT t.version FROM templates t WHERE t.id = a.template_id),
        (SELECT t.kind FROM templates t WHERE t.id = a.template_id),
        a.status, a.started_at,
        (SELECT su.display_name FROM users su WHERE su.id = a.started_by),
        a.completed_at, a.signed_off_at,
        (SELECT ou.display_name FROM users ou WHERE ou.id = a.signed_off_by)
     FROM audits a
     WHERE a.deleted = 0";

fn kind(s: &str) -> Option<TemplateKind> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

/// `query_row` on a cached statement: these run on every saved answer, and
/// preparing a statement costs more than running it.
fn cached_row<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnOnce(&Row) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

fn item_row(r: &Row) -> rusqlite::Result<AuditListItem> {
    Ok(AuditListItem {
        id: uuid_at(r, 0)?,
        ward_id: uuid_at(r, 1)?,
        template_name: r.get(2)?,
        template_version: r.get(3)?,
        kind: parsed(r, 4, kind)?,
        status: parsed(r, 5, AuditStatus::parse)?,
        started_at: r.get(6)?,
        started_by: r.get(7)?,
        completed_at: r.get(8)?,
        signed_off_at: r.get(9)?,
        signed_off_by: r.get(10)?,
    })
}

/// An audit's header, or `NotFound` naming `auditId`.
pub fn item(conn: &Connection, id: Uuid) -> AppResult<AuditListItem> {
    cached_row(conn, &format!("{ITEM_SQL} AND a.id = ?"), [id.to_string()], item_row)
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found("auditId", "audit"))
}

/// The template an audit was started on.
pub fn template_id(conn: &Connection, audit: Uuid) -> AppResult<Uuid> {
    cached_row(conn, "SELECT template_id FROM audits WHERE id = ?", [audit.to_string()], |r| uuid_at(r, 0))
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found("auditId", "audit"))
}

/// A ward's audits, newest first.
pub fn for_ward(conn: &Connection, ward: Uuid, limit: i64) -> AppResult<Vec<AuditListItem>> {
    let mut stmt =
        conn.prepare_cached(&format!("{ITEM_SQL} AND a.ward_id = ? ORDER BY a.started_at DESC LIMIT ?")).db()?;
    let rows = stmt.query_map(rusqlite::params![ward.to_string(), limit], item_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

pub fn in_progress(conn: &Connection, ward: Uuid) -> AppResult<Vec<AuditListItem>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "{ITEM_SQL} AND a.ward_id = ? AND a.status = 'in_progress' ORDER BY a.started_at DESC"
        ))
        .db()?;
    let rows = stmt.query_map([ward.to_string()], item_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// The ward's latest completed or signed-off audit of this kind started before `before`.
pub fn previous_completed(
    conn: &Connection,
    ward: Uuid,
    kind: TemplateKind,
    before: &str,
) -> AppResult<Option<AuditListItem>> {
    let kind = serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    cached_row(
        conn,
        &format!(
            "{ITEM_SQL} AND a.ward_id = ? AND (SELECT t.kind FROM templates t WHERE t.id = a.template_id) = ?
             AND a.status IN ('completed', 'signed_off') AND a.started_at < ?
             ORDER BY a.started_at DESC LIMIT 1"
        ),
        rusqlite::params![ward.to_string(), kind, before],
        item_row,
    )
    .optional()
    .db()
}

/// As [`ITEM_SQL`], the person by a scalar subquery rather than a join.
const ANSWER_SQL: &str =
    "SELECT n.id, n.area_id, n.question_id, n.value, n.comment, n.photo_ids, n.failed, n.answered_at,
        (SELECT u.display_name FROM users u WHERE u.id = n.answered_by)
     FROM answers n WHERE n.deleted = 0";

fn answer_row(r: &Row) -> rusqlite::Result<Answer> {
    Ok(Answer {
        id: uuid_at(r, 0)?,
        area_id: opt_uuid_at(r, 1)?,
        question_id: r.get(2)?,
        value: r.get(3)?,
        comment: r.get(4)?,
        photo_ids: uuids_json(r, 5)?,
        failed: r.get(6)?,
        answered_at: r.get(7)?,
        answered_by: r.get(8)?,
    })
}

pub fn answers(conn: &Connection, audit: Uuid) -> AppResult<Vec<Answer>> {
    let mut stmt = conn.prepare_cached(&format!("{ANSWER_SQL} AND n.audit_id = ? ORDER BY n.answered_at")).db()?;
    let rows = stmt.query_map([audit.to_string()], answer_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// The answer to one question for one area (or the ward) in an audit.
pub fn answer_for(conn: &Connection, audit: Uuid, area: Option<Uuid>, question: &str) -> AppResult<Option<Answer>> {
    cached_row(
        conn,
        &format!("{ANSWER_SQL} AND n.audit_id = ? AND IFNULL(n.area_id, '') = ? AND n.question_id = ?"),
        rusqlite::params![audit.to_string(), area.map(|a| a.to_string()).unwrap_or_default(), question],
        answer_row,
    )
    .optional()
    .db()
}

pub fn answer(conn: &Connection, audit: Uuid, id: Uuid) -> AppResult<Answer> {
    cached_row(
        conn,
        &format!("{ANSWER_SQL} AND n.audit_id = ? AND n.id = ?"),
        [audit.to_string(), id.to_string()],
        answer_row,
    )
    .optional()
    .db()?
    .ok_or_else(|| AppError::not_found("answerId", "answer"))
}

pub fn amendments(conn: &Connection, audit: Uuid) -> AppResult<Vec<Amendment>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT m.id, m.audit_id, m.answer_id, n.question_id, m.original_value, m.original_comment, m.value, m.comment,
                    m.reason, m.amended_at, u.display_name
             FROM amendments m JOIN answers n ON n.id = m.answer_id JOIN users u ON u.id = m.amended_by
             WHERE m.deleted = 0 AND m.audit_id = ? ORDER BY m.amended_at",
        )
        .db()?;
    let rows = stmt
        .query_map([audit.to_string()], |r| {
            Ok(Amendment {
                id: uuid_at(r, 0)?,
                audit_id: uuid_at(r, 1)?,
                answer_id: uuid_at(r, 2)?,
                question_id: r.get(3)?,
                original_value: r.get(4)?,
                original_comment: r.get(5)?,
                value: r.get(6)?,
                comment: r.get(7)?,
                reason: r.get(8)?,
                amended_at: r.get(9)?,
                amended_by: r.get(10)?,
            })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}
