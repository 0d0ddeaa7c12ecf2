//! What the commands check before writing anything (issue 5, "Bad input"):
//! a start in the future, an end before the start, an observation before the
//! start or after the end, a review by a role that may not do it. Each is a
//! validation error naming the field; nothing is half-written.

use super::episode::{Episode, EpisodeTimeline, Observation, Review};
use super::rules::{ReviewRules, RuleId};
use super::vocab::{ClinicalRole, EpisodeEnding, EpisodeKind};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How an episode is ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeEnd {
    #[ts(type = "string")]
    pub ended_at: DateTime<Utc>,
    pub ending: EpisodeEnding,
    /// Required when a seclusion ends.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub debrief_offered: Option<bool>,
}

/// Who may start an episode: seclusion by a doctor, an approved clinician or
/// the professional in charge of the ward (a registered nurse); long-term
/// segregation by an MDT decision, led by an approved clinician or doctor.
pub fn may_authorise(kind: EpisodeKind, role: ClinicalRole) -> bool {
    use ClinicalRole::*;
    match kind {
        EpisodeKind::Seclusion => matches!(role, Doctor | ApprovedClinician | RegisteredNurse),
        EpisodeKind::LongTermSegregation => matches!(role, Doctor | ApprovedClinician),
    }
}

/// An instant as a person on the ward reads it (Europe/London).
pub fn london_time(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%-d %b %Y %H:%M").to_string()
}

/// The end, if any, is after the start.
pub fn check_episode_times(ep: &Episode) -> AppResult<()> {
    match ep.ended_at {
        Some(end) if end <= ep.started_at => Err(AppError::validation(
            "endedAt",
            format!("the end ({}) must be after the start ({})", london_time(end), london_time(ep.started_at)),
        )),
        _ => Ok(()),
    }
}

/// A new episode (possibly recorded after it ended).
pub fn check_start(ep: &Episode, now: DateTime<Utc>) -> AppResult<()> {
    if ep.started_at > now {
        return Err(AppError::validation("startedAt", "the start time cannot be in the future"));
    }
    if ep.reason.trim().is_empty() {
        return Err(AppError::validation("reason", "give the reason"));
    }
    if ep.kind == EpisodeKind::Seclusion && ep.room_area_id.is_none() {
        return Err(AppError::validation("roomAreaId", "choose the seclusion room"));
    }
    if !may_authorise(ep.kind, ep.authorised_by) {
        return Err(AppError::validation(
            "authorisedBy",
            format!(
                "a {} may not authorise {}",
                ep.authorised_by.label().to_lowercase(),
                ep.kind.label().to_lowercase()
            ),
        ));
    }
    let consistent = match ep.authorised_by {
        ClinicalRole::Doctor => ep.authorised_by_doctor,
        ClinicalRole::ApprovedClinician => true,
        _ => !ep.authorised_by_doctor,
    };
    if !consistent {
        return Err(AppError::validation(
            "authorisedByDoctor",
            format!("whether a doctor authorised it does not match the role ({})", ep.authorised_by.label()),
        ));
    }
    check_episode_times(ep)?;
    if let Some(end) = ep.ended_at {
        let ending = ep.ending.ok_or_else(|| AppError::validation("ending", "say how it ended"))?;
        check_end_fields(ep, &EpisodeEnd { ended_at: end, ending, debrief_offered: ep.debrief_offered }, now)?;
    } else if ep.ending.is_some() || ep.debrief_offered.is_some() {
        return Err(AppError::validation("endedAt", "give the end time with how it ended"));
    }
    Ok(())
}

fn check_end_fields(ep: &Episode, end: &EpisodeEnd, now: DateTime<Utc>) -> AppResult<()> {
    if end.ended_at <= ep.started_at {
        return Err(AppError::validation(
            "endedAt",
            format!("the end must be after the start ({})", london_time(ep.started_at)),
        ));
    }
    if end.ended_at > now {
        return Err(AppError::validation("endedAt", "the end time cannot be in the future"));
    }
    if ep.kind == EpisodeKind::Seclusion && end.debrief_offered.is_none() {
        return Err(AppError::validation("debriefOffered", "say whether a debrief was offered"));
    }
    Ok(())
}

/// Ending an episode: after its start and after everything recorded in it.
pub fn check_end(timeline: &EpisodeTimeline, end: &EpisodeEnd, now: DateTime<Utc>) -> AppResult<()> {
    let ep = &timeline.episode;
    if ep.ended_at.is_some() {
        return Err(AppError::invalid_state("this episode has already ended"));
    }
    check_end_fields(ep, end, now)?;
    let last = (timeline.observations.iter().map(|o| (o.at, "an observation")))
        .chain(timeline.reviews.iter().map(|r| (r.at, "a review")))
        .max_by_key(|(at, _)| *at);
    match last {
        Some((at, what)) if at > end.ended_at => {
            Err(AppError::validation("endedAt", format!("{what} is recorded at {}, after this end", london_time(at))))
        }
        _ => Ok(()),
    }
}

/// A record's time: within the episode, and not in the future.
fn check_at(ep: &Episode, at: DateTime<Utc>, now: DateTime<Utc>) -> AppResult<()> {
    if at < ep.started_at {
        return Err(AppError::validation(
            "at",
            format!("{} is before the episode started ({})", london_time(at), london_time(ep.started_at)),
        ));
    }
    if let Some(end) = ep.ended_at.filter(|end| at > *end) {
        return Err(AppError::validation(
            "at",
            format!("{} is after the episode ended ({})", london_time(at), london_time(end)),
        ));
    }
    if at > now {
        return Err(AppError::validation("at", "the time cannot be in the future"));
    }
    Ok(())
}

fn role_list(roles: &[ClinicalRole]) -> String {
    roles.iter().map(|r| r.label().to_lowercase()).collect::<Vec<_>>().join(", ")
}

/// An observation: of a seclusion, in its time, by a skilled professional.
pub fn check_observation(ep: &Episode, obs: &Observation, rules: &ReviewRules, now: DateTime<Utc>) -> AppResult<()> {
    if ep.kind != EpisodeKind::Seclusion {
        return Err(AppError::validation("episodeId", "observations are recorded against a seclusion episode"));
    }
    check_at(ep, obs.at, now)?;
    match rules.get(RuleId::SeclusionObservation) {
        Some(rule) if !rule.roles.contains(&obs.by) => {
            Err(AppError::validation("by", format!("an observation is recorded by a {}", role_list(&rule.roles))))
        }
        _ => Ok(()),
    }
}

/// A review: of a kind this episode has, in its time, by a role that may do
/// it, with enough staff — or it would not count, so it is refused.
pub fn check_review(ep: &Episode, review: &Review, rules: &ReviewRules, now: DateTime<Utc>) -> AppResult<()> {
    if !review.kind.applies_to(ep.kind) {
        return Err(AppError::validation(
            "kind",
            format!("a {} is not part of {}", review.kind.label().to_lowercase(), ep.kind.label().to_lowercase()),
        ));
    }
    check_at(ep, review.at, now)?;
    let consuming: Vec<_> = rules.consuming(ep.kind, Some(review.kind)).collect();
    if consuming.is_empty() {
        return Ok(());
    }
    let by_role: Vec<_> = consuming.iter().filter(|r| r.roles.contains(&review.by)).collect();
    if by_role.is_empty() {
        let mut allowed: Vec<ClinicalRole> = consuming.iter().flat_map(|r| r.roles.iter().copied()).collect();
        allowed.sort();
        allowed.dedup();
        return Err(AppError::validation(
            "by",
            format!(
                "a {} may not lead a {}: it is done by a {}",
                review.by.label().to_lowercase(),
                review.kind.label().to_lowercase(),
                role_list(&allowed)
            ),
        ));
    }
    let needed = by_role.iter().map(|r| r.min_staff).min().unwrap_or(1);
    if review.staff_count() < needed as usize {
        return Err(AppError::validation(
            "otherStaff",
            format!("a {} needs {needed} people; add who else took part", review.kind.label().to_lowercase()),
        ));
    }
    Ok(())
}

/// A whole timeline, with field paths such as `reviews[2].by`.
pub fn check_timeline(t: &EpisodeTimeline, rules: &ReviewRules, now: DateTime<Utc>) -> AppResult<()> {
    check_start(&t.episode, now).map_err(|e| e.within("episode"))?;
    for (i, o) in t.observations.iter().enumerate() {
        check_observation(&t.episode, o, rules, now).map_err(|e| e.within(&format!("observations[{i}]")))?;
    }
    for (i, r) in t.reviews.iter().enumerate() {
        check_review(&t.episode, r, rules, now).map_err(|e| e.within(&format!("reviews[{i}]")))?;
    }
    Ok(())
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
