//! What the screens show of seclusion and long-term segregation episodes: one
//! episode with who recorded what and its compliance now, and the matron's
//! board (DESIGN.md §2.4; issue 5).
//!
//! The patient's name and NHS number are patient identifiers: the `Debug`
//! forms here leave them out, so that they never reach a log.

use super::compliance::Compliance;
use super::episode::{Episode, EpisodeSpan, EpisodeTimeline};
use super::nhs_number::NhsNumber;
use super::rules::RuleId;
use super::vocab::{EpisodeEnding, EpisodeKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// The matron's sign-off of an episode as reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignOff {
    pub by: Uuid,
    pub by_name: String,
    pub at: String,
    pub comment: String,
}

/// An episode with its patient, its places and the people named on it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeView {
    /// What the review engine reads.
    pub episode: Episode,
    pub ward_name: String,
    #[ts(optional = nullable)]
    pub room_name: Option<String>,
    pub patient_name: String,
    pub nhs_number: NhsNumber,
    /// Who authorised it (seclusion) or led the MDT decision (segregation).
    pub authorised_by_name: String,
    /// Long-term segregation: the care plan to end it.
    #[ts(optional = nullable)]
    pub care_plan: Option<String>,
    /// The user who recorded the start, and when.
    pub started_by_name: String,
    pub recorded_at: String,
    #[ts(optional = nullable)]
    pub ended_by_name: Option<String>,
    #[ts(optional = nullable)]
    pub sign_off: Option<SignOff>,
}

impl std::fmt::Debug for EpisodeView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EpisodeView").field("episode", &self.episode).finish_non_exhaustive()
    }
}

/// Who recorded an observation or review, and when (the timeline holds what was recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordedBy {
    pub record_id: Uuid,
    /// Reviews: the name of whoever led it, as given.
    #[ts(optional = nullable)]
    pub by_name: Option<String>,
    pub recorded_by_name: String,
    pub recorded_at: String,
}

/// One episode, everything recorded in it, and its compliance at `compliance.evaluatedAt`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeDetail {
    pub episode: EpisodeView,
    /// Exactly what the review engine evaluated (docs/review-engine.md).
    pub timeline: EpisodeTimeline,
    pub recorded: Vec<RecordedBy>,
    /// The patient's other seclusion episodes that count towards "more than
    /// 12 hours within any 48 hours".
    pub other_episodes: Vec<EpisodeSpan>,
    pub compliance: Compliance,
}

impl std::fmt::Debug for EpisodeDetail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EpisodeDetail")
            .field("episode", &self.episode)
            .field("compliance", &self.compliance)
            .finish_non_exhaustive()
    }
}

/// A requirement's time on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardTime {
    pub rule_id: RuleId,
    pub label: String,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
}

/// One active episode on the matron's board.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardEntry {
    pub episode_id: Uuid,
    pub kind: EpisodeKind,
    pub ward_id: Uuid,
    pub ward_name: String,
    #[ts(optional = nullable)]
    pub room_name: Option<String>,
    pub patient_name: String,
    pub nhs_number: NhsNumber,
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    pub duration_minutes: u32,
    /// The soonest review or observation due (the countdown).
    #[ts(optional = nullable)]
    pub next_due: Option<BoardTime>,
    /// Requirements overdue now, each with the due time nothing has been done since (red).
    pub overdue: Vec<BoardTime>,
    /// Seclusion: when it passes (or passed) the independent MDT review
    /// thresholds — 8 hours consecutively, 12 hours within any 48.
    #[ts(type = "string | null")]
    pub independent_review_at: Option<DateTime<Utc>>,
    /// Past those thresholds now (marked on the board).
    pub past_independent_threshold: bool,
    #[ts(optional = nullable)]
    pub sign_off: Option<SignOff>,
}

impl std::fmt::Debug for BoardEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BoardEntry")
            .field("episode_id", &self.episode_id)
            .field("next_due", &self.next_due)
            .field("overdue", &self.overdue)
            .finish_non_exhaustive()
    }
}

/// Every active seclusion and segregation across the wards the viewer covers, most urgent first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MatronBoard {
    #[ts(type = "string")]
    pub evaluated_at: DateTime<Utc>,
    pub entries: Vec<BoardEntry>,
    /// How many entries have something overdue.
    pub overdue_count: u32,
    /// Ended episodes not yet signed off by a matron, the most recently ended first.
    pub awaiting_sign_off: Vec<EndedEpisode>,
}

/// An ended episode in a list: how long it ran, how it ended, how many of
/// its required reviews and observations were missed or late, its sign-off.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndedEpisode {
    pub episode_id: Uuid,
    pub kind: EpisodeKind,
    pub ward_id: Uuid,
    pub ward_name: String,
    #[ts(optional = nullable)]
    pub room_name: Option<String>,
    pub patient_name: String,
    pub nhs_number: NhsNumber,
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub ended_at: DateTime<Utc>,
    #[ts(optional = nullable)]
    pub ending: Option<EpisodeEnding>,
    pub duration_minutes: u32,
    pub missed_count: u32,
    pub late_count: u32,
    #[ts(optional = nullable)]
    pub sign_off: Option<SignOff>,
}

impl std::fmt::Debug for EndedEpisode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EndedEpisode")
            .field("episode_id", &self.episode_id)
            .field("missed_count", &self.missed_count)
            .finish_non_exhaustive()
    }
}

/// One ward's episodes: those going on (as on the board) and the most recently ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WardEpisodes {
    #[ts(type = "string")]
    pub evaluated_at: DateTime<Utc>,
    pub active: Vec<BoardEntry>,
    pub ended: Vec<EndedEpisode>,
}
