//! The ligature register: points and their append-only assessments.

use crate::rows::{opt_uuid_at, parsed, strings_json, uuid_at, uuids_json, DbResult};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::HashMap;
use uuid::Uuid;
use wardsafe_domain::ligature::{is_open, load_test_overdue, FixtureType, HeightBand, PointStatus};
use wardsafe_domain::risk::Risk;
use wardsafe_domain::views::{Assessment, LigaturePoint};
use wardsafe_domain::{AppError, AppResult};

/// An assessment's columns (`s`, with its assessor `u`), as [`assessment_row`] reads them.
macro_rules! assessment_cols {
    () => {
        "s.id, s.point_id, s.audit_id, s.likelihood, s.consequence, s.residual_likelihood,
        s.residual_consequence, s.controls, s.status, s.accepted_reason, s.approver, s.notes, s.photo_ids, s.assessed_at,
        u.display_name"
    };
}
const ASSESSMENT_COLS: &str = assessment_cols!();

const ASSESSMENT_SQL: &str = concat!(
    "SELECT ",
    assessment_cols!(),
    " FROM ligature_assessments s JOIN users u ON u.id = s.assessed_by WHERE s.deleted = 0"
);

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

/// How many of a ward's live points have one status and one current score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreCount {
    pub status: PointStatus,
    /// The latest assessment's effective score (residual where recorded);
    /// `None` for a point without one, and for every closed point (its score
    /// is not looked up).
    pub score: Option<u8>,
    pub count: u32,
}

/// A ward's points counted by status and current score, without loading them:
/// what the ward list needs for its open-risk figures.
pub fn score_counts(conn: &Connection, ward: Uuid) -> AppResult<Vec<ScoreCount>> {
    let open: Vec<String> =
        PointStatus::ALL.iter().filter(|s| is_open(**s)).map(|s| format!("'{}'", s.as_str())).collect();
    let sql = format!(
        "SELECT p.status,
                COALESCE(s.residual_likelihood * s.residual_consequence, s.likelihood * s.consequence) AS score,
                COUNT(*)
         FROM ligature_points p
         LEFT JOIN ligature_assessments s ON s.id = p.latest_assessment AND s.deleted = 0 AND p.status IN ({})
             AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.assessed_by)
         WHERE p.deleted = 0 AND p.ward_id = ?
         GROUP BY 1, 2",
        open.join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql).db()?;
    let rows = stmt
        .query_map([ward.to_string()], |r| {
            Ok(ScoreCount { status: parsed(r, 0, PointStatus::parse)?, score: r.get(1)?, count: r.get(2)? })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
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
/// One backwards seek per point on `(point_id, assessed_at, id)`, rather than
/// reading the ward's whole history.
pub fn previous_for_ward(
    conn: &Connection,
    ward: Uuid,
    audit: Uuid,
    before: &str,
) -> AppResult<HashMap<Uuid, Assessment>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {ASSESSMENT_COLS}
             FROM ligature_points p
             JOIN ligature_assessments s ON s.rowid = (
                 SELECT s2.rowid FROM ligature_assessments s2
                 WHERE s2.point_id = p.id AND s2.deleted = 0 AND IFNULL(s2.audit_id, '') <> ?2 AND s2.assessed_at <= ?3
                   AND EXISTS (SELECT 1 FROM users u2 WHERE u2.id = s2.assessed_by)
                 ORDER BY s2.assessed_at DESC, s2.id DESC LIMIT 1)
             JOIN users u ON u.id = s.assessed_by
             WHERE p.ward_id = ?1"
        ))
        .db()?;
    let rows =
        stmt.query_map([ward.to_string(), audit.to_string(), before.to_string()], |r| assessment_row(r, 0)).db()?;
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
