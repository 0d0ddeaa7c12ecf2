//! The blanket restrictions register (DESIGN.md §2.4): one restriction, and
//! the restrictions of a set of wards, as they stand at a given instant.

use super::restrictive::{conversion, instant_at};
use crate::rows::{json_ids, uuid_at, DbResult};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use uuid::Uuid;
use wardsafe_domain::restrictive::blanket::BlanketRestriction;
use wardsafe_domain::restrictive::force_views::{BlanketHistory, BlanketRestrictionView};
use wardsafe_domain::{AppError, AppResult};

const SQL: &str = "SELECT b.id, b.ward_id, b.restriction, b.reason, b.approved_by, b.approved_at, b.review_date,
        b.lifted_on, IFNULL(w.name, ''), IFNULL(u.display_name, ''), b.reviewed_at, r.display_name, b.review_note,
        b.lifted_reason
    FROM blanket_restrictions b
    LEFT JOIN wards w ON w.id = b.ward_id
    LEFT JOIN users u ON u.id = b.recorded_by
    LEFT JOIN users r ON r.id = b.reviewed_by
    WHERE b.deleted = 0";

fn date_at(r: &Row, idx: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = r.get(idx)?;
    s.parse().map_err(|e| conversion(idx, e))
}

fn row(r: &Row, now: DateTime<Utc>) -> rusqlite::Result<BlanketRestrictionView> {
    let lifted: Option<String> = r.get(7)?;
    let restriction = BlanketRestriction {
        id: uuid_at(r, 0)?,
        ward_id: uuid_at(r, 1)?,
        restriction: r.get(2)?,
        reason: r.get(3)?,
        approved_by: r.get(4)?,
        approved_at: instant_at(r, 5)?,
        review_date: date_at(r, 6)?,
        lifted_on: lifted.map(|d| d.parse().map_err(|e| conversion(7, e))).transpose()?,
    };
    let history = BlanketHistory {
        reviewed_at: r.get(10)?,
        reviewed_by_name: r.get(11)?,
        review_note: r.get(12)?,
        lifted_reason: r.get(13)?,
    };
    Ok(BlanketRestrictionView::of(restriction, r.get(8)?, r.get(9)?, history, now))
}

/// A live restriction as it stands at `now`, or `NotFound` naming `field`.
pub fn restriction(conn: &Connection, id: Uuid, field: &str, now: DateTime<Utc>) -> AppResult<BlanketRestrictionView> {
    conn.prepare_cached(&format!("{SQL} AND b.id = ?"))
        .db()?
        .query_row([id.to_string()], |r| row(r, now))
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found(field, "blanket restriction"))
}

/// Every restriction of `wards`, in no particular order.
pub fn restrictions(conn: &Connection, wards: &[Uuid], now: DateTime<Utc>) -> AppResult<Vec<BlanketRestrictionView>> {
    let mut stmt = conn.prepare_cached(&format!("{SQL} AND b.ward_id IN (SELECT value FROM json_each(?))")).db()?;
    let rows = stmt.query_map([json_ids(wards.iter().copied())], |r| row(r, now)).db()?;
    rows.collect::<Result<_, _>>().db()
}
