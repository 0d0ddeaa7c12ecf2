//! Every action of a set of wards as plain text fields, for the actions CSV:
//! one scan of the actions table with names looked up in memory (wards,
//! sites, areas and people are small), sorted here. Building full
//! [`super::actions`] views (interim controls, flags) for 100,000 actions took
//! most of a second; this takes a fraction of it.

use crate::rows::{json_ids, DbResult};
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::HashMap;
use uuid::Uuid;
use wardsafe_domain::remediation::policy::is_overdue;
use wardsafe_domain::remediation::ActionStatus;
use wardsafe_domain::risk::Band;
use wardsafe_domain::AppResult;

/// One action as the CSV shows it; dates as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionLine {
    pub id: String,
    pub site: String,
    pub ward: String,
    pub area: String,
    pub title: String,
    pub band: String,
    pub status: String,
    pub owner_team: String,
    pub trade: String,
    pub assignee: String,
    pub due_date: String,
    pub overdue: bool,
    pub capital_ref: String,
    pub raised_by: String,
    pub raised_at: String,
    pub completed_at: String,
    pub verified_at: String,
}

fn names(conn: &Connection, sql: &str) -> AppResult<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(sql).db()?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// Every action of `wards`, by site, ward, band (extreme first), due date and raising.
pub fn lines(conn: &Connection, wards: &[Uuid], today: NaiveDate) -> AppResult<Vec<ActionLine>> {
    let ward_names = names(conn, "SELECT id, name FROM wards")?;
    let ward_sites = names(conn, "SELECT w.id, s.name FROM wards w JOIN sites s ON s.id = w.site_id")?;
    let areas = names(conn, "SELECT id, name FROM areas")?;
    let people = names(conn, "SELECT id, display_name FROM users")?;
    let name = |map: &HashMap<String, String>, id: &Option<String>| {
        id.as_ref().and_then(|id| map.get(id)).cloned().unwrap_or_default()
    };
    let mut stmt = conn
        .prepare_cached(
            "SELECT id, ward_id, area_id, title, band, status, owner_team, trade, assignee_id, due_date, capital_ref,
                    raised_by, raised_at, completed_at, verified_at
             FROM actions WHERE deleted = 0 AND ward_id IN (SELECT value FROM json_each(?))",
        )
        .db()?;
    let rows = stmt
        .query_map([json_ids(wards.iter().copied())], |r| {
            let ward: Option<String> = r.get(1)?;
            let status: String = r.get(5)?;
            let due: String = r.get(9)?;
            let overdue = ActionStatus::parse(&status)
                .is_some_and(|s| NaiveDate::parse_from_str(&due, "%Y-%m-%d").is_ok_and(|d| is_overdue(s, d, today)));
            Ok(ActionLine {
                id: r.get(0)?,
                site: name(&ward_sites, &ward),
                ward: name(&ward_names, &ward),
                area: name(&areas, &r.get(2)?),
                title: r.get(3)?,
                band: r.get(4)?,
                status,
                owner_team: r.get(6)?,
                trade: r.get(7)?,
                assignee: name(&people, &r.get(8)?),
                due_date: due,
                overdue,
                capital_ref: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                raised_by: name(&people, &r.get(11)?),
                raised_at: r.get(12)?,
                completed_at: r.get::<_, Option<String>>(13)?.unwrap_or_default(),
                verified_at: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
            })
        })
        .db()?;
    let mut lines: Vec<ActionLine> = rows.collect::<Result<_, _>>().db()?;
    let rank = |band: &str| std::cmp::Reverse(Band::parse(band));
    lines.sort_unstable_by(|a, b| {
        (&a.site, &a.ward, rank(&a.band), &a.due_date, &a.raised_at, &a.id).cmp(&(
            &b.site,
            &b.ward,
            rank(&b.band),
            &b.due_date,
            &b.raised_at,
            &b.id,
        ))
    });
    Ok(lines)
}
