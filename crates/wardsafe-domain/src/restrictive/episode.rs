//! An episode of seclusion or long-term segregation and its timeline, as
//! plain data a store persists and the review engine reads (DESIGN.md §2.4;
//! Code of Practice chapter 26). Instants are UTC, RFC 3339 in JSON.

use super::vocab::{ClinicalRole, EpisodeEnding, EpisodeKind, ReviewKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// The episode itself: who, where, why, who authorised it, and how it ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Episode {
    #[serde(default)]
    pub id: Uuid,
    pub kind: EpisodeKind,
    #[serde(default)]
    pub patient_id: Uuid,
    #[serde(default)]
    pub ward_id: Uuid,
    /// The seclusion room (an area of the ward); required for seclusion.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub room_area_id: Option<Uuid>,
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    /// Who authorised it: for seclusion a doctor, an approved clinician or the
    /// professional in charge of the ward; for LTS the MDT decision's lead.
    pub authorised_by: ClinicalRole,
    /// A doctor authorised it: their examination counts as the first medical review.
    #[serde(default)]
    pub authorised_by_doctor: bool,
    pub reason: String,
    #[serde(default)]
    #[ts(type = "string | null")]
    pub ended_at: Option<DateTime<Utc>>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ending: Option<EpisodeEnding>,
    /// Seclusion: was the patient offered a debrief after it ended.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub debrief_offered: Option<bool>,
}

impl Episode {
    /// Has it ended by `now` (an end recorded for later than `now` is not yet an end).
    pub fn ended_by(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.ended_at.filter(|e| *e <= now)
    }
    /// Its span, for the independent-review trigger of the patient's other episodes.
    pub fn span(&self) -> EpisodeSpan {
        EpisodeSpan { started_at: self.started_at, ended_at: self.ended_at }
    }
}

/// A written observation of a secluded patient by a skilled professional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    #[serde(default)]
    pub id: Uuid,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub by: ClinicalRole,
    #[serde(default)]
    pub note: String,
}

/// A review or other dated step (advocate informed, care plan, …). `by` is
/// whoever led it; `other_staff` the others present (a nursing review needs
/// two staff, one a registered nurse).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    #[serde(default)]
    pub id: Uuid,
    pub kind: ReviewKind,
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    pub by: ClinicalRole,
    #[serde(default)]
    pub other_staff: Vec<ClinicalRole>,
    #[serde(default)]
    pub note: String,
}

impl Review {
    /// How many people did it.
    pub fn staff_count(&self) -> usize {
        1 + self.other_staff.len()
    }
}

/// An episode with everything recorded against it: what the engine evaluates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeTimeline {
    pub episode: Episode,
    #[serde(default)]
    pub observations: Vec<Observation>,
    #[serde(default)]
    pub reviews: Vec<Review>,
}

/// When another seclusion episode of the same patient ran, for the
/// "12 hours intermittently within any 48 hours" trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeSpan {
    #[ts(type = "string")]
    pub started_at: DateTime<Utc>,
    #[serde(default)]
    #[ts(type = "string | null")]
    pub ended_at: Option<DateTime<Utc>>,
}
