//! What the restrictive practice report reads (DESIGN.md §2.5): the
//! episodes of some wards that started in a span of time, with their
//! observations and reviews, and the use of force records of those wards in
//! the span. Each is one query over the span (no per-episode queries), so a
//! year of a trust reads in one pass.

use super::restrictive::{conversion, instant_at, instant_text, opt_instant_at};
use super::use_of_force::{record_row, WHEN};
use crate::rows::{json_ids, opt_uuid_at, parsed, uuid_at, DbResult};
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use std::collections::HashMap;
use uuid::Uuid;
use wardsafe_domain::restrictive::report::ReportEpisode;
use wardsafe_domain::restrictive::use_of_force::UseOfForce;
use wardsafe_domain::restrictive::{
    ClinicalRole, Episode, EpisodeEnding, EpisodeKind, EpisodeTimeline, Observation, Review, ReviewKind,
};
use wardsafe_domain::AppResult;

const IN_SPAN: &str = "e.deleted = 0 AND e.ward_id IN (SELECT value FROM json_each(?1))
    AND e.started_at >= ?2 AND e.started_at < ?3";

/// The episodes of `wards` that started from `from` to `until` (exclusive),
/// each with its observations and reviews (without their notes) and the
/// patient's NHS number as the key linking a patient's episodes.
pub fn episodes(
    conn: &Connection,
    wards: &[Uuid],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> AppResult<Vec<ReportEpisode>> {
    let params = rusqlite::params![json_ids(wards.iter().copied()), instant_text(from), instant_text(until)];
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT e.id, e.kind, e.ward_id, e.room_area_id, e.started_at, e.authorised_role,
                    e.authorised_by_doctor, e.reason, e.ended_at, e.ending, e.debrief_offered, e.nhs_number
             FROM restrictive_episodes e WHERE {IN_SPAN} ORDER BY e.started_at, e.id"
        ))
        .db()?;
    let rows = stmt
        .query_map(params, |r| {
            let ending: Option<String> = r.get(9)?;
            let episode = Episode {
                id: uuid_at(r, 0)?,
                kind: parsed(r, 1, EpisodeKind::parse)?,
                patient_id: Uuid::nil(),
                ward_id: uuid_at(r, 2)?,
                room_area_id: opt_uuid_at(r, 3)?,
                started_at: instant_at(r, 4)?,
                authorised_by: parsed(r, 5, ClinicalRole::parse)?,
                authorised_by_doctor: r.get::<_, i64>(6)? != 0,
                reason: r.get(7)?,
                ended_at: opt_instant_at(r, 8)?,
                ending: ending
                    .map(|e| EpisodeEnding::parse(&e).ok_or_else(|| conversion(9, "unknown ending")))
                    .transpose()?,
                debrief_offered: r.get::<_, Option<i64>>(10)?.map(|d| d != 0),
            };
            let timeline = EpisodeTimeline { episode, observations: Vec::new(), reviews: Vec::new() };
            Ok(ReportEpisode { patient: r.get(11)?, timeline })
        })
        .db()?;
    let mut out: Vec<ReportEpisode> = rows.collect::<Result<_, _>>().db()?;
    let index: HashMap<Uuid, usize> = out.iter().enumerate().map(|(i, e)| (e.timeline.episode.id, i)).collect();

    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT o.episode_id, o.id, o.at, o.by_role FROM episode_observations o
             JOIN restrictive_episodes e ON e.id = o.episode_id
             WHERE o.deleted = 0 AND {IN_SPAN} ORDER BY o.at, o.id"
        ))
        .db()?;
    let rows = stmt
        .query_map(params, |r| {
            let o = Observation {
                id: uuid_at(r, 1)?,
                at: instant_at(r, 2)?,
                by: parsed(r, 3, ClinicalRole::parse)?,
                note: String::new(),
            };
            Ok((uuid_at(r, 0)?, o))
        })
        .db()?;
    for row in rows {
        let (episode, o) = row.db()?;
        if let Some(&i) = index.get(&episode) {
            out[i].timeline.observations.push(o);
        }
    }
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT v.episode_id, v.id, v.kind, v.at, v.by_role, v.other_staff FROM episode_reviews v
             JOIN restrictive_episodes e ON e.id = v.episode_id
             WHERE v.deleted = 0 AND {IN_SPAN} ORDER BY v.at, v.id"
        ))
        .db()?;
    let rows = stmt
        .query_map(params, |r| {
            let staff: String = r.get(5)?;
            let review = Review {
                id: uuid_at(r, 1)?,
                kind: parsed(r, 2, ReviewKind::parse)?,
                at: instant_at(r, 3)?,
                by: parsed(r, 4, ClinicalRole::parse)?,
                other_staff: serde_json::from_str(&staff).map_err(|e| conversion(5, e))?,
                note: String::new(),
            };
            Ok((uuid_at(r, 0)?, review))
        })
        .db()?;
    for row in rows {
        let (episode, review) = row.db()?;
        if let Some(&i) = index.get(&episode) {
            out[i].timeline.reviews.push(review);
        }
    }
    Ok(out)
}

/// The live use of force records of `wards` that happened from `from` to `until` (exclusive).
pub fn uses_of_force(
    conn: &Connection,
    wards: &[Uuid],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> AppResult<Vec<UseOfForce>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "{} AND f.ward_id IN (SELECT value FROM json_each(?)) AND {WHEN} >= ? AND {WHEN} < ?",
            super::use_of_force::SQL
        ))
        .db()?;
    let params = rusqlite::params![json_ids(wards.iter().copied()), instant_text(from), instant_text(until)];
    let rows = stmt.query_map(params, record_row).db()?;
    rows.collect::<Result<_, _>>().db()
}
