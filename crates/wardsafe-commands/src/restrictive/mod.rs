//! Seclusion and long-term segregation (DESIGN.md §2.4; issue 5): start and
//! end episodes, record observations and reviews, each episode's compliance
//! with the Mental Health Act 1983 Code of Practice chapter 26, the matron's
//! board and sign-off, and the trust's review rules. The rules are in
//! `wardsafe_domain::restrictive`; this is where they meet the store.
//!
//! Patient identifiers (name, NHS number) never reach a log: nothing here
//! prints or logs, the input types have no `Debug`, and errors never repeat
//! them.

mod blanket;
mod board;
mod episodes;
mod force_purge;
mod report;
mod reviews;
mod rules;
mod use_of_force;

pub use blanket::{
    add_blanket_restriction, blanket_restrictions, lift_blanket_restriction, review_blanket_restriction,
    AddBlanketRestrictionInput, BlanketRestrictionsInput, LiftBlanketRestrictionInput, ReviewBlanketRestrictionInput,
};
pub(crate) use board::evaluated;
pub use board::{matron_board, sign_off_episode, ward_episodes, BoardInput, SignOffInput, WardEpisodesInput};
pub use episodes::{
    end_episode, get_episode, start_seclusion, start_segregation, EndEpisodeInput, EpisodeInput, StartSeclusionInput,
    StartSegregationInput,
};
pub use force_purge::{
    purge_use_of_force, purgeable_use_of_force, PurgeUseOfForceInput, PurgeableInput, PurgedUseOfForce,
};
pub use report::{
    month_span_of_last, restrictive_report, restrictive_report_csv, RestrictiveReportInput, REPORT_HEADER,
};
pub use reviews::{record_observation, record_review, ObservationInput, ReviewInput};
pub use rules::{evaluate_compliance, get_review_rules, set_review_rules};
pub(crate) use use_of_force::insert_use_of_force;
pub use use_of_force::{
    get_use_of_force, record_use_of_force, ward_use_of_force, RecordUseOfForceInput, UseOfForceInput,
    WardUseOfForceInput,
};

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;
use wardsafe_domain::restrictive::views::{EpisodeDetail, EpisodeView};
use wardsafe_domain::restrictive::{evaluate, EpisodeKind, EpisodeSpan, ReviewRules, RuleId, Trigger};
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries::restrictive as q;
use wardsafe_store::Connection;

/// An instant typed by a person (RFC 3339), or `now` when none was given.
pub(crate) fn instant_or_now(field: &str, s: &Option<String>, now: DateTime<Utc>) -> AppResult<DateTime<Utc>> {
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(now),
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| AppError::validation(field, "give the time as RFC 3339, e.g. 2026-01-12T10:00:00Z")),
    }
}

/// How far back the patient's other seclusion episodes count: the window of
/// "more than 12 hours intermittently within any 48 hours" (the trust's rule).
fn window(rules: &ReviewRules) -> Duration {
    match rules.get(RuleId::SeclusionIndependentMdtReview).map(|r| r.trigger) {
        Some(Trigger::SeclusionLongerThan { window_minutes, .. }) => Duration::minutes(window_minutes.into()),
        _ => Duration::hours(48),
    }
}

/// The patient's other seclusion episodes that can count with this one.
pub(crate) fn others_for(
    conn: &Connection,
    view: &EpisodeView,
    rules: &ReviewRules,
    at: DateTime<Utc>,
) -> AppResult<Vec<EpisodeSpan>> {
    let ep = &view.episode;
    if ep.kind != EpisodeKind::Seclusion {
        return Ok(Vec::new());
    }
    let until = ep.ended_at.unwrap_or(at).max(ep.started_at);
    q::other_episodes(conn, &view.nhs_number, ep.id, ep.started_at - window(rules), until)
}

/// An episode with its timeline and its compliance at `at`.
pub(crate) fn detail_of(
    conn: &Connection,
    view: EpisodeView,
    rules: &ReviewRules,
    at: DateTime<Utc>,
) -> AppResult<EpisodeDetail> {
    let (timeline, recorded) = q::timeline(conn, &view)?;
    let other_episodes = others_for(conn, &view, rules, at)?;
    let compliance = evaluate(&timeline, &other_episodes, rules, at);
    Ok(EpisodeDetail { episode: view, timeline, recorded, other_episodes, compliance })
}

/// The episode `id` (`NotFound` naming `episodeId`) with its compliance at `at`.
pub(crate) fn detail(conn: &Connection, id: Uuid, at: DateTime<Utc>) -> AppResult<EpisodeDetail> {
    let view = q::episode(conn, id, "episodeId")?;
    let rules = q::review_rules(conn)?;
    detail_of(conn, view, &rules, at)
}
