//! What the restrictive practice report reads (DESIGN.md §2.5): the
//! episodes of some wards that started in a span of time, each with its
//! cached compliance counts when it has ended and they are known, and the
//! use of force records of those wards in the span. Each is one query over
//! the span, so a year of a trust reads in one pass.

use super::restrictive::{instant_at, instant_text, opt_instant_at};
use super::use_of_force::{json_at, opt_json_at, WHEN};
use crate::rows::{json_ids, opt_parsed, parsed, uuid_at, DbResult};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use uuid::Uuid;
use wardsafe_domain::restrictive::report::EpisodeCounts;
use wardsafe_domain::restrictive::use_of_force::{LdAutism, UseOfForce};
use wardsafe_domain::restrictive::EpisodeKind;
use wardsafe_domain::AppResult;

/// An episode as the report reads it, with its compliance counts when the
/// cache holds them (made by engine `engine`, for an ended episode).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportHead {
    pub id: Uuid,
    pub kind: EpisodeKind,
    pub ward_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub cached: Option<EpisodeCounts>,
}

/// The live episodes of `wards` that started from `from` to `until`
/// (exclusive), with the counts cached for them by engine version `engine`.
pub fn episodes(
    conn: &Connection,
    wards: &[Uuid],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
    engine: i64,
) -> AppResult<Vec<ReportHead>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT e.id, e.kind, e.ward_id, e.started_at, e.ended_at, c.counts
             FROM restrictive_episodes e
             LEFT JOIN episode_compliance_cache c ON c.episode_id = e.id AND c.engine = ?4
             WHERE e.deleted = 0 AND e.ward_id IN (SELECT value FROM json_each(?1))
               AND e.started_at >= ?2 AND e.started_at < ?3",
        )
        .db()?;
    let params = rusqlite::params![json_ids(wards.iter().copied()), instant_text(from), instant_text(until), engine];
    let rows = stmt
        .query_map(params, |r| {
            Ok(ReportHead {
                id: uuid_at(r, 0)?,
                kind: parsed(r, 1, EpisodeKind::parse)?,
                ward_id: uuid_at(r, 2)?,
                started_at: instant_at(r, 3)?,
                ended_at: opt_instant_at(r, 4)?,
                // A cached row that cannot be read is only a cache miss.
                cached: r.get_ref(5)?.as_str_or_null()?.and_then(|s| serde_json::from_str(s).ok()),
            })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}

/// Keep an ended episode's counts, made by engine version `engine`. Only
/// inside [`crate::Store::read_and_cache`]: the triggers of schema 8 drop
/// the row again when anything it depends on changes.
pub fn cache_counts(conn: &Connection, episode: Uuid, engine: i64, counts: &EpisodeCounts) -> AppResult<()> {
    let counts = serde_json::to_string(counts).map_err(|e| wardsafe_domain::AppError::internal(e.to_string()))?;
    conn.prepare_cached(
        "INSERT INTO episode_compliance_cache (episode_id, engine, counts) VALUES (?, ?, ?)
         ON CONFLICT (episode_id) DO UPDATE SET engine = excluded.engine, counts = excluded.counts",
    )
    .db()?
    .execute(rusqlite::params![episode.to_string(), engine, counts])
    .db()?;
    Ok(())
}

/// The live use of force records of `wards` that happened from `from` to
/// `until` (exclusive), with only what the report counts: no patient
/// identifiers, no free text.
pub fn uses_of_force(
    conn: &Connection,
    wards: &[Uuid],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> AppResult<Vec<UseOfForce>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT f.ward_id, f.recorded_at, f.negligible, f.started_at, f.ended_at, f.force_types, f.positions,
                    f.chemical, f.mechanical, f.protected_characteristics, f.learning_disability_or_autism
             FROM use_of_force f
             WHERE f.deleted = 0 AND f.ward_id IN (SELECT value FROM json_each(?)) AND {WHEN} >= ? AND {WHEN} < ?"
        ))
        .db()?;
    let params = rusqlite::params![json_ids(wards.iter().copied()), instant_text(from), instant_text(until)];
    let rows = stmt
        .query_map(params, |r| {
            Ok(UseOfForce {
                ward_id: uuid_at(r, 0)?,
                recorded_at: instant_at(r, 1)?,
                negligible: r.get::<_, i64>(2)? != 0,
                started_at: opt_instant_at(r, 3)?,
                ended_at: opt_instant_at(r, 4)?,
                force_types: json_at(r, 5)?,
                positions: json_at(r, 6)?,
                chemical: json_at(r, 7)?,
                mechanical: json_at(r, 8)?,
                protected_characteristics: opt_json_at(r, 9)?,
                learning_disability_or_autism: opt_parsed(r, 10, LdAutism::parse)?,
                ..UseOfForce::default()
            })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}
