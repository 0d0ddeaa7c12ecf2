//! The ligature register: points and their append-only assessments.

use crate::rows::{opt_uuid_at, parsed, strings_json, uuid_at, uuids_json, DbResult};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::HashMap;
use uuid::Uuid;
use wardsafe_domain::ligature::{load_test_overdue, FixtureType, HeightBand, PointStatus};
use wardsafe_domain::risk::Risk;
use wardsafe_domain::views::{Assessment, LigaturePoint};
use wardsafe_domain::{AppError, AppResult};

const ASSESSMENT_SQL: &str = "SELECT s.id, s.point_id, s.audit_id, s.likelihood, s.consequence, s.residual_likelihood,
        s.residual_consequence, s.controls, s.status, s.accepted_reason, s.approver, s.notes, s.photo_ids, s.assessed_at,
        u.display_name
     FROM ligature_assessments s JOIN users u ON u.id = s.assessed_by WHERE s.deleted = 0";

fn risk(l: u8, c: u8) -> wardsafe_domain::risk::RiskCell {
    Risk { likelihood: l, consequence: c }.cell()
}

fn assessment_row(r: &Row, base: usize) -> rusqlite::Result<Assessment> {
    let rl: Option<u8> = r.get(base + 5)?;
    let rc: Option<u8> = r.get(base + 6)?;
    Ok(Assessment {
        id: uuid_at(r, base)?,
        point_id: uuid_at(r, base + 1)?,
        audit_id: opt_uuid_at(r, base + 2)?,
        risk: risk(r.get(base + 3)?, r.get(base + 4)?),
        residual: rl.zip(rc).map(|(l, c)| risk(l, c)),
        controls: strings_json(r, base + 7)?,
        status: parsed(r, base + 8, PointStatus::parse)?,
        accepted_reason: r.get(base + 9)?,
        approver: r.get(base + 10)?,
        notes: r.get(base + 11)?,
        photo_ids: uuids_json(r, base + 12)?,
        assessed_at: r.get(base + 13)?,
        assessed_by: r.get(base + 14)?,
    })
}

const POINT_COLS: &str = "p.id, p.ward_id, p.area_id, p.fixture_type, p.location, p.height_band, p.collapsible,
        p.load_test_date, p.status, p.created_at";

fn point_row(r: &Row, today: NaiveDate) -> rusqlite::Result<LigaturePoint> {
    let collapsible: bool = r.get(6)?;
    let load_test_date: Option<String> = r.get(7)?;
    let tested = load_test_date.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    Ok(LigaturePoint {
        id: uuid_at(r, 0)?,
        ward_id: uuid_at(r, 1)?,
        area_id: uuid_at(r, 2)?,
        fixture_type: parsed(r, 3, FixtureType::parse)?,
        location: r.get(4)?,
        height_band: parsed(r, 5, HeightBand::parse)?,
        collapsible,
        load_test_overdue: collapsible && load_test_overdue(tested, today),
        load_test_date,
        status: parsed(r, 8, PointStatus::parse)?,
        created_at: r.get(9)?,
        latest: None,
    })
}

/// Points with their latest assessment (looked up in one batch). `filter` is a
/// SQL condition on `p` with one parameter.
fn points_where(conn: &Connection, filter: &str, param: String, today: NaiveDate) -> AppResult<Vec<LigaturePoint>> {
    let sql = format!(
        "SELECT {POINT_COLS}, p.latest_assessment FROM ligature_points p WHERE p.deleted = 0 AND {filter} ORDER BY p.created_at"
    );
    let mut stmt = conn.prepare_cached(&sql).db()?;
    let rows = stmt
        .query_map([param], |r| Ok((point_row(r, today)?, opt_uuid_at(r, 10)?)))
        .db()?
        .collect::<Result<Vec<_>, _>>()
        .db()?;
    let ids: Vec<Uuid> = rows.iter().filter_map(|(_, a)| *a).collect();
    let latest = assessments_by_id(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|(mut p, a)| {
            p.latest = a.and_then(|a| latest.get(&a).cloned());
            p
        })
        .collect())
}

pub fn for_ward(conn: &Connection, ward: Uuid, today: NaiveDate) -> AppResult<Vec<LigaturePoint>> {
    points_where(conn, "p.ward_id = ?", ward.to_string(), today)
}

pub fn point(conn: &Connection, id: Uuid, today: NaiveDate) -> AppResult<LigaturePoint> {
    points_where(conn, "p.id = ?", id.to_string(), today)?
        .pop()
        .ok_or_else(|| AppError::not_found("pointId", "ligature point"))
}

fn assessments_by_id(conn: &Connection, ids: &[Uuid]) -> AppResult<HashMap<Uuid, Assessment>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut stmt = conn.prepare(&format!("{ASSESSMENT_SQL} AND s.id IN ({marks})")).db()?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(chunk.iter().map(|u| u.to_string())), |r| assessment_row(r, 0))
            .db()?;
        for a in rows {
            let a = a.db()?;
            out.insert(a.id, a);
        }
    }
    Ok(out)
}

/// The latest assessment of each point made in this audit.
pub fn in_audit(conn: &Connection, audit: Uuid) -> AppResult<HashMap<Uuid, Assessment>> {
    let mut stmt = conn.prepare(&format!("{ASSESSMENT_SQL} AND s.audit_id = ? ORDER BY s.assessed_at, s.id")).db()?;
    let rows = stmt.query_map([audit.to_string()], |r| assessment_row(r, 0)).db()?;
    let mut out = HashMap::new();
    for a in rows {
        let a = a.db()?;
        out.insert(a.point_id, a);
    }
    Ok(out)
}

/// For each point of a ward, its latest assessment made before `before` outside `audit`.
pub fn previous_for_ward(conn: &Connection, ward: Uuid, audit: Uuid, before: &str) -> AppResult<HashMap<Uuid, Assessment>> {
    let mut stmt = conn
        .prepare(&format!(
            "{ASSESSMENT_SQL} AND s.point_id IN (SELECT id FROM ligature_points WHERE ward_id = ?)
             AND IFNULL(s.audit_id, '') <> ? AND s.assessed_at <= ? ORDER BY s.assessed_at, s.id"
        ))
        .db()?;
    let rows = stmt.query_map([ward.to_string(), audit.to_string(), before.to_string()], |r| assessment_row(r, 0)).db()?;
    let mut out = HashMap::new();
    for a in rows {
        let a = a.db()?;
        out.insert(a.point_id, a);
    }
    Ok(out)
}

pub fn assessment(conn: &Connection, id: Uuid) -> AppResult<Assessment> {
    conn.query_row(&format!("{ASSESSMENT_SQL} AND s.id = ?"), [id.to_string()], |r| assessment_row(r, 0))
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found("assessmentId", "assessment"))
}
