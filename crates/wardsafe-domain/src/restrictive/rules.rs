//! The review rules table (DESIGN.md §2.4): one row per requirement of the
//! Mental Health Act 1983 Code of Practice (England, 2015) chapter 26 — id,
//! citation, trigger, interval, who may do it, grace — with DESIGN.md's
//! numbers as defaults. A trust's administrator may change the numbers, roles,
//! grace and citation text to the trust's policy (validated here); what each
//! row means (its id, what it counts and what triggers it) is fixed.

use super::vocab::{ClinicalRole, EpisodeKind, ReviewKind};
use crate::remediation::london_instant;
use chrono::{DateTime, Duration, Months, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

controlled_list!(
    /// Every requirement the engine knows.
    RuleId {
        SeclusionObservation = "seclusion_observation": "Seclusion: observation",
        SeclusionNursingReview = "seclusion_nursing_review": "Seclusion: nursing review",
        SeclusionFirstMedicalReview = "seclusion_first_medical_review": "Seclusion: first medical review",
        SeclusionMedicalReviewUntilMdt = "seclusion_medical_review_until_mdt": "Seclusion: medical review until the first internal MDT review",
        SeclusionMedicalReviewAfterMdt = "seclusion_medical_review_after_mdt": "Seclusion: medical review after the first internal MDT review",
        SeclusionInternalMdtReview = "seclusion_internal_mdt_review": "Seclusion: internal MDT review",
        SeclusionIndependentMdtReview = "seclusion_independent_mdt_review": "Seclusion: independent MDT review",
        LtsApprovedClinicianReview = "lts_approved_clinician_review": "Long-term segregation: approved clinician review",
        LtsMdtReview = "lts_mdt_review": "Long-term segregation: MDT review",
        LtsExternalReview = "lts_external_review": "Long-term segregation: external hospital review",
        LtsAdvocateInformed = "lts_advocate_informed": "Long-term segregation: advocate (IMHA) informed",
        LtsCommissionerInformed = "lts_commissioner_informed": "Long-term segregation: commissioner informed",
        LtsCarePlan = "lts_care_plan": "Long-term segregation: care plan to end it",
    }
);

impl RuleId {
    pub fn episode_kind(self) -> EpisodeKind {
        match self.as_str().starts_with("seclusion_") {
            true => EpisodeKind::Seclusion,
            false => EpisodeKind::LongTermSegregation,
        }
    }
    /// The record that satisfies it: a review of this kind, or an observation (None).
    pub fn review_kind(self) -> Option<ReviewKind> {
        use RuleId::*;
        Some(match self {
            SeclusionObservation => return None,
            SeclusionNursingReview => ReviewKind::Nursing,
            SeclusionFirstMedicalReview | SeclusionMedicalReviewUntilMdt | SeclusionMedicalReviewAfterMdt => {
                ReviewKind::Medical
            }
            SeclusionInternalMdtReview | LtsMdtReview => ReviewKind::InternalMdt,
            SeclusionIndependentMdtReview => ReviewKind::IndependentMdt,
            LtsApprovedClinicianReview => ReviewKind::ApprovedClinician,
            LtsExternalReview => ReviewKind::ExternalReview,
            LtsAdvocateInformed => ReviewKind::AdvocateInformed,
            LtsCommissionerInformed => ReviewKind::CommissionerInformed,
            LtsCarePlan => ReviewKind::CarePlan,
        })
    }
    /// Some(true): must repeat; Some(false): happens once; None: the trust decides.
    pub fn repeats(self) -> Option<bool> {
        use RuleId::*;
        match self {
            SeclusionFirstMedicalReview | SeclusionIndependentMdtReview => Some(false),
            LtsAdvocateInformed | LtsCommissionerInformed | LtsCarePlan => None,
            _ => Some(true),
        }
    }
}

/// How long: elapsed minutes (correct across clock changes), or London
/// calendar months (same wall-clock time, clamped to the month's end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Interval {
    Minutes(u32),
    Months(u32),
}

impl Interval {
    pub fn after(self, t: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Interval::Minutes(m) => t + Duration::minutes(m.into()),
            Interval::Months(n) => add_london_months(t, n),
        }
    }
    /// The shortest it can be, in minutes (a month is at least 28 days).
    pub fn shortest_minutes(self) -> i64 {
        match self {
            Interval::Minutes(m) => m.into(),
            Interval::Months(n) => i64::from(n) * 28 * 24 * 60,
        }
    }
}

/// `months` London calendar months after `at`, at the same wall-clock time; a
/// time in the spring gap falls an hour later, the autumn repeat takes the first.
pub fn add_london_months(at: DateTime<Utc>, months: u32) -> DateTime<Utc> {
    let wall = at.with_timezone(&London).naive_local();
    let Some(wall) = wall.checked_add_months(Months::new(months)) else { return DateTime::<Utc>::MAX_UTC };
    london_instant(wall).unwrap_or(at + Duration::days(30 * i64::from(months)))
}

/// What starts the clock of a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum Trigger {
    /// The episode's start.
    EpisodeStart,
    /// The start, unless a doctor authorised the seclusion (their examination counts).
    StartUnlessDoctorAuthorised,
    /// The first medical review (or the doctor's authorisation), until the first internal MDT review.
    FirstMedicalReviewUntilFirstMdt,
    /// The first internal MDT review.
    FirstInternalMdt,
    /// Seclusion lasting more than `consecutive` minutes, or more than
    /// `intermittent` minutes in total within any `window` minutes (this and
    /// the patient's other seclusion episodes).
    SeclusionLongerThan { consecutive_minutes: u32, intermittent_minutes: u32, window_minutes: u32 },
}

impl Trigger {
    fn same_kind(&self, other: &Trigger) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewRule {
    pub id: RuleId,
    /// The source, as the clinical safety officer confirmed it.
    pub citation: String,
    pub trigger: Trigger,
    /// The first (first `times`) are due this long after the trigger.
    pub first_due: Interval,
    /// Then at least `times` in every such interval, counted from the ones
    /// before; None: once.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub repeat_every: Option<Interval>,
    pub times: u32,
    /// Who may do it (the person leading it); a record by anyone else does not count.
    pub roles: Vec<ClinicalRole>,
    /// People who must take part (e.g. 2 for a nursing review).
    pub min_staff: u32,
    /// Done within this long after the due time still counts as on time.
    pub grace_minutes: u32,
}

impl ReviewRule {
    /// Would a record led by `by`, with `staff` people, count for this rule?
    pub fn counts(&self, by: ClinicalRole, staff: usize) -> bool {
        self.roles.contains(&by) && staff >= self.min_staff as usize
    }
    pub fn grace(&self) -> Duration {
        Duration::minutes(self.grace_minutes.into())
    }
}

/// The whole table. Every `RuleId` appears exactly once once validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewRules {
    pub rules: Vec<ReviewRule>,
}

impl ReviewRules {
    pub fn get(&self, id: RuleId) -> Option<&ReviewRule> {
        self.rules.iter().find(|r| r.id == id)
    }
    /// The rules of one kind of episode, in table order.
    pub fn for_episode(&self, kind: EpisodeKind) -> impl Iterator<Item = &ReviewRule> {
        self.rules.iter().filter(move |r| r.id.episode_kind() == kind)
    }
    /// The rules a review of `kind` in an episode of `episode` counts towards.
    pub fn consuming(&self, episode: EpisodeKind, kind: Option<ReviewKind>) -> impl Iterator<Item = &ReviewRule> {
        self.for_episode(episode).filter(move |r| r.id.review_kind() == kind)
    }
    /// The rules that differ between `self` and `new` (each change of a rule is recorded).
    pub fn changed(&self, new: &ReviewRules) -> Vec<RuleId> {
        RuleId::ALL.iter().copied().filter(|id| self.get(*id) != new.get(*id)).collect()
    }
}

#[path = "rules_defaults.rs"]
mod defaults;
#[path = "rules_validate.rs"]
mod validate;
pub use validate::{MAX_GRACE_MINUTES, MAX_MINUTES, MAX_MONTHS, MAX_STAFF, MAX_TIMES};

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
