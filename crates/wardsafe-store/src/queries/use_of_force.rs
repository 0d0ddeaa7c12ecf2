//! Use of force records (Mental Health Units (Use of Force) Act 2018 s6;
//! DESIGN.md §2.4): one record, and a ward's records, newest first, in a
//! span of time. A purged record (deleted) is never read back.

use super::restrictive::{conversion, instant_at, instant_text, opt_instant_at};
use crate::rows::{opt_parsed, opt_uuid_at, uuid_at, DbResult};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::de::DeserializeOwned;
use uuid::Uuid;
use wardsafe_domain::restrictive::force_views::{PurgeableList, PurgeableUseOfForce, UseOfForceView};
use wardsafe_domain::restrictive::use_of_force::{LdAutism, UseOfForce};
use wardsafe_domain::restrictive::NhsNumber;
use wardsafe_domain::{AppError, AppResult};

pub(crate) const SQL: &str = "SELECT f.id, f.ward_id, f.episode_id, f.recorded_at, f.negligible, f.negligible_reason,
        f.reason, f.place, f.started_at, f.ended_at, f.force_types, f.in_care_plan, f.patient_name, f.how_used,
        f.nhs_number, f.staff, f.non_staff_involved, f.non_staff_reason, f.mental_disorder,
        f.protected_characteristics, f.learning_disability_or_autism, f.outcome, f.died_or_seriously_injured,
        f.efforts_to_avoid, f.care_plan_people_notified, f.positions, f.chemical, f.mechanical, f.injuries,
        f.debrief_offered, IFNULL(w.name, ''), IFNULL(u.display_name, '')
    FROM use_of_force f
    LEFT JOIN wards w ON w.id = f.ward_id
    LEFT JOIN users u ON u.id = f.recorded_by
    WHERE f.deleted = 0";

/// When a record happened: its start, or when it was recorded (a negligible use of force may have no start).
pub const WHEN: &str = "COALESCE(f.started_at, f.recorded_at)";

/// A JSON column read straight into its type.
pub(crate) fn json_at<T: DeserializeOwned>(r: &Row, idx: usize) -> rusqlite::Result<T> {
    serde_json::from_str(r.get_ref(idx)?.as_str()?).map_err(|e| conversion(idx, e))
}

pub(crate) fn opt_json_at<T: DeserializeOwned>(r: &Row, idx: usize) -> rusqlite::Result<Option<T>> {
    r.get_ref(idx)?.as_str_or_null()?.map(|s| serde_json::from_str(s).map_err(|e| conversion(idx, e))).transpose()
}

fn opt_bool(r: &Row, idx: usize) -> rusqlite::Result<Option<bool>> {
    Ok(r.get::<_, Option<i64>>(idx)?.map(|b| b != 0))
}

/// A record as stored, from a row selected with [`SQL`]'s columns.
pub(crate) fn record_row(r: &Row) -> rusqlite::Result<UseOfForce> {
    let nhs: Option<String> = r.get(14)?;
    Ok(UseOfForce {
        id: uuid_at(r, 0)?,
        ward_id: uuid_at(r, 1)?,
        episode_id: opt_uuid_at(r, 2)?,
        recorded_at: instant_at(r, 3)?,
        negligible: r.get::<_, i64>(4)? != 0,
        negligible_reason: r.get(5)?,
        reason: r.get(6)?,
        place: r.get(7)?,
        started_at: opt_instant_at(r, 8)?,
        ended_at: opt_instant_at(r, 9)?,
        force_types: json_at(r, 10)?,
        in_care_plan: opt_bool(r, 11)?,
        patient_name: r.get(12)?,
        how_used: r.get(13)?,
        // Never echoed in the error: it is a patient identifier.
        nhs_number: nhs
            .map(|n| NhsNumber::parse("nhsNumber", &n).map_err(|_| conversion(14, "not a valid NHS number")))
            .transpose()?,
        staff: json_at(r, 15)?,
        non_staff_involved: opt_bool(r, 16)?,
        non_staff_reason: r.get(17)?,
        mental_disorder: opt_json_at(r, 18)?,
        protected_characteristics: opt_json_at(r, 19)?,
        learning_disability_or_autism: opt_parsed(r, 20, LdAutism::parse)?,
        outcome: r.get(21)?,
        died_or_seriously_injured: opt_bool(r, 22)?,
        efforts_to_avoid: r.get(23)?,
        care_plan_people_notified: opt_bool(r, 24)?,
        positions: json_at(r, 25)?,
        chemical: json_at(r, 26)?,
        mechanical: json_at(r, 27)?,
        injuries: r.get(28)?,
        debrief_offered: opt_bool(r, 29)?,
    })
}

fn view_row(r: &Row) -> rusqlite::Result<UseOfForceView> {
    Ok(UseOfForceView::of(record_row(r)?, r.get(30)?, r.get(31)?))
}

/// A live record, or `NotFound` naming `field`.
pub fn use_of_force(conn: &Connection, id: Uuid, field: &str) -> AppResult<UseOfForceView> {
    conn.prepare_cached(&format!("{SQL} AND f.id = ?"))
        .db()?
        .query_row([id.to_string()], view_row)
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found(field, "use of force record"))
}

/// A ward's records that happened from `from` (inclusive) to `until`
/// (exclusive), or all of them; newest first.
pub fn ward_use_of_force(
    conn: &Connection,
    ward: Uuid,
    span: Option<(DateTime<Utc>, DateTime<Utc>)>,
) -> AppResult<Vec<UseOfForceView>> {
    let (from, until) = match span {
        Some((f, u)) => (instant_text(f), instant_text(u)),
        None => (String::new(), "~".to_string()),
    };
    let mut stmt = conn
        .prepare_cached(&format!(
            "{SQL} AND f.ward_id = ? AND {WHEN} >= ? AND {WHEN} < ? ORDER BY {WHEN} DESC, f.id DESC"
        ))
        .db()?;
    let rows = stmt.query_map(rusqlite::params![ward.to_string(), from, until], view_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// The live records made at or before `cutoff`, oldest first (at most
/// `limit`), with how many there are in all: what may be purged.
pub fn purgeable(conn: &Connection, cutoff: DateTime<Utc>, limit: u32) -> AppResult<PurgeableList> {
    let cutoff_text = instant_text(cutoff);
    let total: u32 = conn
        .prepare_cached("SELECT COUNT(*) FROM use_of_force WHERE deleted = 0 AND recorded_at <= ?")
        .db()?
        .query_row([&cutoff_text], |r| r.get(0))
        .db()?;
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT f.id, IFNULL(w.name, ''), {WHEN}, f.recorded_at FROM use_of_force f
             LEFT JOIN wards w ON w.id = f.ward_id
             WHERE f.deleted = 0 AND f.recorded_at <= ? ORDER BY f.recorded_at, f.id LIMIT ?"
        ))
        .db()?;
    let rows = stmt
        .query_map(rusqlite::params![cutoff_text, limit], |r| {
            Ok(PurgeableUseOfForce {
                id: uuid_at(r, 0)?,
                ward_name: r.get(1)?,
                happened_at: instant_at(r, 2)?,
                recorded_at: instant_at(r, 3)?,
            })
        })
        .db()?;
    Ok(PurgeableList { recorded_by: cutoff, total, records: rows.collect::<Result<_, _>>().db()? })
}
