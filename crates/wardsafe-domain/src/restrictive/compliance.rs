//! What the review engine returns (DESIGN.md §2.4: compliance is computed,
//! never typed), and the JSON request a command takes to evaluate one
//! episode's timeline. The shape is documented in docs/review-engine.md.

use super::episode::{EpisodeSpan, EpisodeTimeline};
use super::rules::{ReviewRule, ReviewRules, RuleId};
use super::schedule::Done;
use super::vocab::EpisodeKind;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

controlled_list!(
    /// The state of one occurrence of a requirement, or of the requirement as a whole.
    ComplianceState {
        Met = "met": "Met",
        Late = "late": "Late",
        Missed = "missed": "Missed",
        Due = "due": "Due",
        NotYetDue = "not_yet_due": "Not yet due",
        NotRequired = "not_required": "Not required",
    }
);

/// One time a requirement fell (or will fall) due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Occurrence {
    /// met, late, missed, due (owed and not yet past its due time plus
    /// grace), or not_yet_due (its trigger has not happened yet).
    pub state: ComplianceState,
    /// When it is (was, or would be) due; null only when not yet known.
    #[ts(type = "string | null")]
    pub due_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub done_at: Option<DateTime<Utc>>,
    /// Late only: minutes after the due time, rounded up.
    #[ts(optional = nullable)]
    pub late_by_minutes: Option<u32>,
    /// The observation or review that did it.
    #[ts(optional = nullable)]
    pub record_id: Option<Uuid>,
    /// Met by the authorising doctor's examination, not by a record.
    pub by_authorisation: bool,
}

impl Occurrence {
    pub(super) fn done(state: ComplianceState, due: DateTime<Utc>, done: &Done) -> Self {
        let late = (state == ComplianceState::Late).then(|| {
            let seconds = (done.at - due).num_seconds().max(0);
            u32::try_from((seconds + 59) / 60).unwrap_or(u32::MAX)
        });
        Occurrence {
            state,
            due_at: Some(due),
            done_at: Some(done.at),
            late_by_minutes: late,
            record_id: Some(done.id),
            by_authorisation: false,
        }
    }
    pub(super) fn outstanding(state: ComplianceState, due: Option<DateTime<Utc>>) -> Self {
        Occurrence {
            state,
            due_at: due,
            done_at: None,
            late_by_minutes: None,
            record_id: None,
            by_authorisation: false,
        }
    }
}

/// One requirement of the rules table for this episode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    pub rule_id: RuleId,
    pub label: String,
    pub citation: String,
    /// The worst of its occurrences: missed, else late, else due, else met;
    /// not_yet_due when nothing is owed yet, not_required when the episode
    /// ended owing nothing.
    pub state: ComplianceState,
    /// The due time of the occurrence owed now (the countdown).
    #[ts(type = "string | null")]
    pub next_due_at: Option<DateTime<Utc>>,
    /// While the episode goes on: the due time of the first of the missed
    /// occurrences nothing has been done since.
    #[ts(type = "string | null")]
    pub overdue_since: Option<DateTime<Utc>>,
    pub met: u32,
    pub late: u32,
    pub missed: u32,
    pub occurrences: Vec<Occurrence>,
}

impl Requirement {
    pub(super) fn new(rule: &ReviewRule, occurrences: Vec<Occurrence>, ongoing: bool) -> Self {
        use ComplianceState::*;
        let count = |s: ComplianceState| occurrences.iter().filter(|o| o.state == s).count() as u32;
        let (met, late, missed) = (count(Met), count(Late), count(Missed));
        let next_due_at = occurrences.iter().find(|o| o.state == Due).and_then(|o| o.due_at);
        let state = if missed > 0 {
            Missed
        } else if late > 0 {
            Late
        } else if next_due_at.is_some() {
            Due
        } else if met > 0 {
            Met
        } else if ongoing {
            NotYetDue
        } else {
            NotRequired
        };
        let overdue_since = ongoing
            .then(|| {
                let settled = occurrences.iter().rev().skip_while(|o| matches!(o.state, Due | NotYetDue));
                settled.take_while(|o| o.state == Missed).last().and_then(|o| o.due_at)
            })
            .flatten();
        Requirement {
            rule_id: rule.id,
            label: rule.id.label().to_string(),
            citation: rule.citation.clone(),
            state,
            next_due_at,
            overdue_since,
            met,
            late,
            missed,
            occurrences,
        }
    }
}

/// Every requirement of one episode, evaluated at `evaluatedAt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Compliance {
    pub episode_id: Uuid,
    pub kind: EpisodeKind,
    #[ts(type = "string")]
    pub evaluated_at: DateTime<Utc>,
    /// Ended by `evaluatedAt`.
    pub ended: bool,
    /// From the start to the end, or to `evaluatedAt` while it goes on.
    pub duration_minutes: u32,
    /// The soonest `nextDueAt` of its requirements.
    #[ts(type = "string | null")]
    pub next_due_at: Option<DateTime<Utc>>,
    /// Some requirement is overdue now (see `overdueSince`).
    pub overdue: bool,
    pub requirements: Vec<Requirement>,
}

impl Compliance {
    pub fn requirement(&self, id: RuleId) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.rule_id == id)
    }
}

/// The compliance command's input: a timeline, the instant to evaluate it
/// at, the patient's other seclusion episodes (for the intermittent
/// independent-review trigger), and optionally the trust's rules (default:
/// DESIGN.md's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ComplianceRequest {
    #[ts(type = "string")]
    pub now: DateTime<Utc>,
    pub timeline: EpisodeTimeline,
    #[serde(default)]
    pub other_episodes: Vec<EpisodeSpan>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub rules: Option<ReviewRules>,
}

impl ComplianceRequest {
    /// Check the rules and the episode's own times, then evaluate.
    pub fn evaluate(&self) -> AppResult<Compliance> {
        let default;
        let rules = match &self.rules {
            Some(r) => {
                r.validate().map_err(|e| e.within("rules"))?;
                r
            }
            None => {
                default = ReviewRules::default();
                &default
            }
        };
        super::checks::check_episode_times(&self.timeline.episode).map_err(|e| e.within("timeline.episode"))?;
        Ok(super::engine::evaluate(&self.timeline, &self.other_episodes, rules, self.now))
    }
}

/// The compliance command in one call: JSON text in, every requirement out;
/// a bad field is an error naming it (e.g. `timeline.reviews[2].by`).
pub fn evaluate_json(json: &str) -> AppResult<Compliance> {
    crate::input::from_str::<ComplianceRequest>(json, "request")?.evaluate()
}
