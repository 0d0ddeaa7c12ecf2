//! Seclusion and long-term segregation episodes (DESIGN.md §2.4): an
//! episode with its timeline, a patient's other seclusion episodes (for the
//! "12 hours within any 48" independent review trigger, keyed by NHS number),
//! the active episodes across a set of wards, and the trust's review rules.
//!
//! Instants are stored as RFC 3339 UTC with milliseconds ([`instant_text`]),
//! so comparing them as text compares them in time.

use crate::rows::{json_ids, opt_parsed, opt_uuid_at, parsed, uuid_at, DbResult};
use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::HashMap;
use uuid::Uuid;
use wardsafe_domain::restrictive::views::{EpisodeView, RecordedBy, SignOff};
use wardsafe_domain::restrictive::{
    ClinicalRole, Episode, EpisodeEnding, EpisodeKind, EpisodeSpan, EpisodeTimeline, NhsNumber, Observation, Review,
    ReviewKind, ReviewRule, ReviewRules,
};
use wardsafe_domain::{AppError, AppResult};

/// The id of the trust's one review rules record.
pub fn rules_id() -> Uuid {
    Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0005)
}

/// An instant as the store keeps it.
pub fn instant_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn conversion(idx: usize, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.to_string().into())
}

/// The store's own form, `YYYY-MM-DDTHH:MM:SS.mmmZ`, read without the
/// general RFC 3339 parser (the reports read hundreds of thousands).
fn instant_fast(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 24 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if b[19] != b'.' || b[23] != b'Z' {
        return None;
    }
    let n = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |acc, d| d.is_ascii_digit().then(|| acc * 10 + u32::from(d - b'0')))
    };
    let date = chrono::NaiveDate::from_ymd_opt(n(0, 4)? as i32, n(5, 7)?, n(8, 10)?)?;
    let time = chrono::NaiveTime::from_hms_milli_opt(n(11, 13)?, n(14, 16)?, n(17, 19)?, n(20, 23)?)?;
    Some(date.and_time(time).and_utc())
}

pub(crate) fn instant_at(r: &Row, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s = r.get_ref(idx)?.as_str()?;
    match instant_fast(s) {
        Some(t) => Ok(t),
        None => DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).map_err(|e| conversion(idx, e)),
    }
}

pub(crate) fn opt_instant_at(r: &Row, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    match r.get_ref(idx)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        _ => instant_at(r, idx).map(Some),
    }
}

/// The trust's rules: DESIGN.md's defaults until an administrator saves a
/// table. A rule this version does not know (a newer device's) is skipped;
/// one it knows but the saved table lacks takes its default.
pub fn review_rules(conn: &Connection) -> AppResult<ReviewRules> {
    let saved: Option<String> = conn
        .prepare_cached("SELECT rules FROM review_rules WHERE id = ? AND deleted = 0")
        .db()?
        .query_row([rules_id().to_string()], |r| r.get(0))
        .optional()
        .db()?;
    let Some(saved) = saved else { return Ok(ReviewRules::default()) };
    if let Ok(rules) = serde_json::from_str::<ReviewRules>(&saved) {
        if rules.validate().is_ok() {
            return Ok(rules);
        }
    }
    let raw: serde_json::Value = serde_json::from_str(&saved).unwrap_or_default();
    let known: Vec<ReviewRule> = (raw["rules"].as_array().into_iter().flatten())
        .filter_map(|r| serde_json::from_value::<ReviewRule>(r.clone()).ok())
        .collect();
    let mut rules = ReviewRules::default();
    for rule in &mut rules.rules {
        if let Some(k) = known.iter().find(|k| k.id == rule.id) {
            *rule = k.clone();
        }
    }
    Ok(rules)
}

const EPISODE_SQL: &str = "SELECT e.id, e.kind, e.ward_id, IFNULL(w.name, ''), e.room_area_id, a.name,
        e.patient_name, e.nhs_number, e.started_at, e.authorised_role, e.authorised_by_name,
        e.authorised_by_doctor, e.reason, e.care_plan, IFNULL(su.display_name, ''), e.recorded_at,
        e.ended_at, e.ending, e.debrief_offered, eu.display_name,
        e.signed_off_by, IFNULL(ou.display_name, ''), e.signed_off_at, e.sign_off_comment
    FROM restrictive_episodes e
    LEFT JOIN wards w ON w.id = e.ward_id
    LEFT JOIN areas a ON a.id = e.room_area_id
    LEFT JOIN users su ON su.id = e.started_by
    LEFT JOIN users eu ON eu.id = e.ended_by
    LEFT JOIN users ou ON ou.id = e.signed_off_by
    WHERE e.deleted = 0";

fn episode_row(r: &Row) -> rusqlite::Result<EpisodeView> {
    let nhs: String = r.get(7)?;
    let debrief: Option<i64> = r.get(18)?;
    let signed_by = opt_uuid_at(r, 20)?;
    let sign_off = match (signed_by, r.get::<_, Option<String>>(22)?) {
        (Some(by), Some(at)) => {
            Some(SignOff { by, by_name: r.get(21)?, at, comment: r.get::<_, Option<String>>(23)?.unwrap_or_default() })
        }
        _ => None,
    };
    let episode = Episode {
        id: uuid_at(r, 0)?,
        kind: parsed(r, 1, EpisodeKind::parse)?,
        // Patients are identified by NHS number on the episode; there is no patient record.
        patient_id: Uuid::nil(),
        ward_id: uuid_at(r, 2)?,
        room_area_id: opt_uuid_at(r, 4)?,
        started_at: instant_at(r, 8)?,
        authorised_by: parsed(r, 9, ClinicalRole::parse)?,
        authorised_by_doctor: r.get::<_, i64>(11)? != 0,
        reason: r.get(12)?,
        ended_at: opt_instant_at(r, 16)?,
        ending: opt_parsed(r, 17, EpisodeEnding::parse)?,
        debrief_offered: debrief.map(|d| d != 0),
    };
    Ok(EpisodeView {
        episode,
        ward_name: r.get(3)?,
        room_name: r.get(5)?,
        patient_name: r.get(6)?,
        // Never echoed in the error: it is a patient identifier.
        nhs_number: NhsNumber::parse("nhsNumber", &nhs).map_err(|_| conversion(7, "not a valid NHS number"))?,
        authorised_by_name: r.get(10)?,
        care_plan: r.get(13)?,
        started_by_name: r.get(14)?,
        recorded_at: r.get(15)?,
        ended_by_name: r.get(19)?,
        sign_off,
    })
}

/// A live episode, or `NotFound` naming `field`.
pub fn episode(conn: &Connection, id: Uuid, field: &str) -> AppResult<EpisodeView> {
    conn.prepare_cached(&format!("{EPISODE_SQL} AND e.id = ?"))
        .db()?
        .query_row([id.to_string()], episode_row)
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found(field, "episode"))
}

/// The live episodes among `ids`, oldest first.
pub fn episodes_by_id(conn: &Connection, ids: &[Uuid]) -> AppResult<Vec<EpisodeView>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "{EPISODE_SQL} AND e.id IN (SELECT value FROM json_each(?)) ORDER BY e.started_at, e.id"
        ))
        .db()?;
    let rows = stmt.query_map([json_ids(ids.iter().copied())], episode_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// The episodes going on (not ended) on any of `wards`, oldest first.
pub fn active_episodes(conn: &Connection, wards: &[Uuid]) -> AppResult<Vec<EpisodeView>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "{EPISODE_SQL} AND e.ended_at IS NULL AND e.ward_id IN (SELECT value FROM json_each(?))
             ORDER BY e.started_at, e.id"
        ))
        .db()?;
    let rows = stmt.query_map([json_ids(wards.iter().copied())], episode_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// Ended episodes on any of `wards`, the most recently ended first, at most
/// `limit`; only those not yet signed off when `unsigned_only`.
pub fn ended_episodes(
    conn: &Connection,
    wards: &[Uuid],
    unsigned_only: bool,
    limit: u32,
) -> AppResult<Vec<EpisodeView>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "{EPISODE_SQL} AND e.ended_at IS NOT NULL AND e.ward_id IN (SELECT value FROM json_each(?1))
               AND (?2 = 0 OR e.signed_off_at IS NULL)
             ORDER BY e.ended_at DESC, e.id LIMIT ?3"
        ))
        .db()?;
    let rows =
        stmt.query_map(rusqlite::params![json_ids(wards.iter().copied()), unsigned_only, limit], episode_row).db()?;
    rows.collect::<Result<_, _>>().db()
}

/// The patient's other seclusion episodes (by NHS number) that ran at some
/// point from `from` to `until`: what "more than 12 hours intermittently
/// within any 48 hours" counts.
pub fn other_episodes(
    conn: &Connection,
    nhs: &NhsNumber,
    exclude: Uuid,
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> AppResult<Vec<EpisodeSpan>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT started_at, ended_at FROM restrictive_episodes
             WHERE nhs_number = ? AND kind = 'seclusion' AND deleted = 0 AND id <> ?
               AND started_at <= ? AND (ended_at IS NULL OR ended_at >= ?)
             ORDER BY started_at",
        )
        .db()?;
    let rows = stmt
        .query_map(rusqlite::params![nhs.digits(), exclude.to_string(), instant_text(until), instant_text(from)], |r| {
            Ok(EpisodeSpan { started_at: instant_at(r, 0)?, ended_at: opt_instant_at(r, 1)? })
        })
        .db()?;
    rows.collect::<Result<_, _>>().db()
}

/// An episode's observations and reviews in time order, with who recorded each.
pub fn timeline(conn: &Connection, view: &EpisodeView) -> AppResult<(EpisodeTimeline, Vec<RecordedBy>)> {
    let mut all = timelines(conn, std::slice::from_ref(view))?;
    Ok(all.remove(&view.episode.id).unwrap_or_else(|| {
        (EpisodeTimeline { episode: view.episode.clone(), observations: vec![], reviews: vec![] }, vec![])
    }))
}

/// The timelines of several episodes at once (the board).
pub fn timelines(
    conn: &Connection,
    views: &[EpisodeView],
) -> AppResult<HashMap<Uuid, (EpisodeTimeline, Vec<RecordedBy>)>> {
    let mut out: HashMap<Uuid, (EpisodeTimeline, Vec<RecordedBy>)> = views
        .iter()
        .map(|v| {
            let t = EpisodeTimeline { episode: v.episode.clone(), observations: vec![], reviews: vec![] };
            (v.episode.id, (t, vec![]))
        })
        .collect();
    let ids = json_ids(views.iter().map(|v| v.episode.id));
    let mut stmt = conn
        .prepare_cached(
            "SELECT o.episode_id, o.id, o.at, o.by_role, o.note, IFNULL(u.display_name, ''), o.recorded_at
             FROM episode_observations o LEFT JOIN users u ON u.id = o.recorded_by
             WHERE o.deleted = 0 AND o.episode_id IN (SELECT value FROM json_each(?))
             ORDER BY o.at, o.id",
        )
        .db()?;
    let rows = stmt
        .query_map([&ids], |r| {
            let obs = Observation {
                id: uuid_at(r, 1)?,
                at: instant_at(r, 2)?,
                by: parsed(r, 3, ClinicalRole::parse)?,
                note: r.get(4)?,
            };
            let rec =
                RecordedBy { record_id: obs.id, by_name: None, recorded_by_name: r.get(5)?, recorded_at: r.get(6)? };
            Ok((uuid_at(r, 0)?, obs, rec))
        })
        .db()?;
    for row in rows {
        let (episode, obs, rec) = row.db()?;
        if let Some((t, recs)) = out.get_mut(&episode) {
            t.observations.push(obs);
            recs.push(rec);
        }
    }
    let mut stmt = conn
        .prepare_cached(
            "SELECT v.episode_id, v.id, v.kind, v.at, v.by_role, v.by_name, v.other_staff, v.note,
                    IFNULL(u.display_name, ''), v.recorded_at
             FROM episode_reviews v LEFT JOIN users u ON u.id = v.recorded_by
             WHERE v.deleted = 0 AND v.episode_id IN (SELECT value FROM json_each(?))
             ORDER BY v.at, v.id",
        )
        .db()?;
    let rows = stmt
        .query_map([&ids], |r| {
            let staff: String = r.get(6)?;
            let review = Review {
                id: uuid_at(r, 1)?,
                kind: parsed(r, 2, ReviewKind::parse)?,
                at: instant_at(r, 3)?,
                by: parsed(r, 4, ClinicalRole::parse)?,
                other_staff: serde_json::from_str(&staff).map_err(|e| conversion(6, e))?,
                note: r.get(7)?,
            };
            let by_name: String = r.get(5)?;
            let rec = RecordedBy {
                record_id: review.id,
                by_name: Some(by_name).filter(|n| !n.is_empty()),
                recorded_by_name: r.get(8)?,
                recorded_at: r.get(9)?,
            };
            Ok((uuid_at(r, 0)?, review, rec))
        })
        .db()?;
    for row in rows {
        let (episode, review, rec) = row.db()?;
        if let Some((t, recs)) = out.get_mut(&episode) {
            t.reviews.push(review);
            recs.push(rec);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_stores_instants_read_fast_and_anything_else_falls_back() {
        for s in ["2026-03-29T00:59:59.999Z", "2026-12-31T23:00:00.000Z", "2028-02-29T12:00:00.001Z"] {
            let want = chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc);
            assert_eq!(super::instant_fast(s), Some(want), "{s}");
        }
        for s in ["2026-03-29T00:59:59Z", "2026-02-30T00:00:00.000Z", "2026-03-29T01:00:00.000+01:00", "x"] {
            assert_eq!(super::instant_fast(s), None, "{s}");
        }
    }
}
