//! Checklist templates: an audit keeps the exact version it started on.

use crate::rows::{uuid_at, DbResult};
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;
use wardsafe_domain::template::{Template, TemplateKind};
use wardsafe_domain::views::TemplateSummary;
use wardsafe_domain::{AppError, AppResult};

fn kind(s: &str) -> Option<TemplateKind> {
    serde_json::from_value(serde_json::Value::String(s.to_string())).ok()
}

const SUMMARY_SQL: &str = "SELECT id, key, version, name, kind, status FROM templates WHERE deleted = 0";

fn summary_row(r: &rusqlite::Row) -> rusqlite::Result<TemplateSummary> {
    Ok(TemplateSummary {
        id: uuid_at(r, 0)?,
        key: r.get(1)?,
        version: r.get(2)?,
        name: r.get(3)?,
        kind: crate::rows::parsed(r, 4, kind)?,
        status: r.get(5)?,
    })
}

pub fn list(conn: &Connection) -> AppResult<Vec<TemplateSummary>> {
    let mut stmt = conn.prepare(&format!("{SUMMARY_SQL} ORDER BY name, version DESC")).db()?;
    let rows = stmt.query_map([], summary_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// One template version, or `NotFound` naming `templateId`.
pub fn summary(conn: &Connection, id: Uuid) -> AppResult<TemplateSummary> {
    conn.query_row(&format!("{SUMMARY_SQL} AND id = ?"), [id.to_string()], summary_row)
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found("templateId", "template"))
}

/// The live version of a template with this key (the highest live version).
pub fn live_by_key(conn: &Connection, key: &str) -> AppResult<Option<(Uuid, Template)>> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT id, body FROM templates WHERE deleted = 0 AND status = 'live' AND key = ? ORDER BY version DESC LIMIT 1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .db()?;
    row.map(|(id, body)| decode(&id, &body)).transpose()
}

pub fn by_id(conn: &Connection, id: Uuid) -> AppResult<Template> {
    let body: String = conn
        .query_row("SELECT body FROM templates WHERE id = ?", [id.to_string()], |r| r.get(0))
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found("templateId", "template"))?;
    decode(&id.to_string(), &body).map(|(_, t)| t)
}

pub fn version_exists(conn: &Connection, key: &str, version: u32) -> AppResult<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM templates WHERE key = ? AND version = ?)",
        rusqlite::params![key, version],
        |r| r.get(0),
    )
    .db()
}

/// Ids of live templates with this key (to archive them when a new version goes live).
pub fn live_ids(conn: &Connection, key: &str) -> AppResult<Vec<Uuid>> {
    let mut stmt = conn.prepare("SELECT id FROM templates WHERE deleted = 0 AND status = 'live' AND key = ?").db()?;
    let rows = stmt.query_map([key], |r| uuid_at(r, 0)).db()?;
    rows.collect::<Result<_, _>>().db()
}

fn decode(id: &str, body: &str) -> AppResult<(Uuid, Template)> {
    let t: Template = serde_json::from_str(body)
        .map_err(|e| AppError::internal(format!("stored template {id} is unreadable: {e}")))?;
    let id = Uuid::parse_str(id).map_err(|e| AppError::internal(e.to_string()))?;
    Ok((id, t))
}
