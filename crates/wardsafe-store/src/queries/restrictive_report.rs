//! What the restrictive practice report reads (DESIGN.md §2.5): the
//! episodes of some wards that started in a span of time, with their
//! observations and reviews, and the use of force records of those wards in
//! the span. Each is one query over the span (no per-episode queries), so a
//! year of a trust reads in one pass.

use super::restrictive::{conversion, instant_at, instant_text, opt_instant_at};
use super::use_of_force::WHEN;
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

    // Driven by the episodes, through the covering indexes of schema 7; no
    // sort in SQL (each episode's records are sorted below), no record ids
    // (the report does not show which record met a requirement).
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT o.episode_id, o.at, o.by_role FROM restrictive_episodes e
             JOIN episode_observations o ON o.episode_id = e.id AND o.deleted = 0
             WHERE {IN_SPAN}"
        ))
        .db()?;
    let rows = stmt
        .query_map(params, |r| {
            let o = Observation {
                id: Uuid::nil(),
                at: instant_at(r, 1)?,
                by: parsed(r, 2, ClinicalRole::parse)?,
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
            "SELECT v.episode_id, v.kind, v.at, v.by_role, v.other_staff FROM restrictive_episodes e
             JOIN episode_reviews v ON v.episode_id = e.id AND v.deleted = 0
             WHERE {IN_SPAN}"
        ))
        .db()?;
    let rows = stmt
        .query_map(params, |r| {
            let staff = r.get_ref(4)?.as_str()?;
            let review = Review {
                id: Uuid::nil(),
                kind: parsed(r, 1, ReviewKind::parse)?,
                at: instant_at(r, 2)?,
                by: parsed(r, 3, ClinicalRole::parse)?,
                other_staff: if staff == "[]" {
                    Vec::new()
                } else {
                    serde_json::from_str(staff).map_err(|e| conversion(4, e))?
                },
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
    for e in &mut out {
        e.timeline.observations.sort_by_key(|o| o.at);
        e.timeline.reviews.sort_by_key(|r| r.at);
    }
    Ok(out)
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
    let json = |r: &rusqlite::Row, i: usize| -> rusqlite::Result<serde_json::Value> {
        let s = r.get_ref(i)?.as_str_or_null()?;
        s.map(serde_json::from_str).transpose().map(Option::unwrap_or_default).map_err(|e| conversion(i, e))
    };
    let rows = stmt
        .query_map(params, |r| {
            let mut v = serde_json::json!({
                "wardId": r.get::<_, String>(0)?, "recordedAt": r.get::<_, String>(1)?,
                "negligible": r.get::<_, i64>(2)? != 0, "startedAt": r.get::<_, Option<String>>(3)?,
                "endedAt": r.get::<_, Option<String>>(4)?, "forceTypes": json(r, 5)?, "positions": json(r, 6)?,
                "chemical": json(r, 7)?, "mechanical": json(r, 8)?,
                "learningDisabilityOrAutism": r.get::<_, Option<String>>(10)?,
            });
            if let Some(p) = r.get_ref(9)?.as_str_or_null()? {
                v["protectedCharacteristics"] = serde_json::from_str(p).map_err(|e| conversion(9, e))?;
            }
            serde_json::from_value(v).map_err(|e| conversion(0, e))
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}
