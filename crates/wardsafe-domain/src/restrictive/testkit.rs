//! Builders for the engine's tests: an episode starting at T0, records at
//! minute offsets from it, each by a role its rule allows unless told.

use super::compliance::{Compliance, ComplianceState};
use super::episode::{Episode, EpisodeSpan, EpisodeTimeline, Observation, Review};
use super::rules::{ReviewRules, RuleId};
use super::vocab::{ClinicalRole, EpisodeKind, ReviewKind};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// Monday 12 January 2026, 10:00 GMT.
pub const T0: &str = "2026-01-12T10:00:00Z";

pub fn t0() -> DateTime<Utc> {
    super::test_util::utc(T0)
}

pub fn m(minutes: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(minutes)
}

pub fn episode(kind: EpisodeKind, start: DateTime<Utc>, doctor: bool, end: Option<DateTime<Utc>>) -> EpisodeTimeline {
    let by = if doctor { ClinicalRole::Doctor } else { ClinicalRole::RegisteredNurse };
    let by = if kind == EpisodeKind::LongTermSegregation { ClinicalRole::ApprovedClinician } else { by };
    EpisodeTimeline {
        episode: Episode {
            id: Uuid::from_u128(1),
            kind,
            patient_id: Uuid::from_u128(2),
            ward_id: Uuid::from_u128(3),
            room_area_id: Some(Uuid::from_u128(4)),
            started_at: start,
            authorised_by: by,
            authorised_by_doctor: doctor,
            reason: "Serious risk of harm to others".into(),
            ended_at: end,
            ending: end.map(|_| super::vocab::EpisodeEnding::EndedAtReview),
            debrief_offered: end.map(|_| true),
        },
        observations: Vec::new(),
        reviews: Vec::new(),
    }
}

/// A seclusion from T0 (authorised by a doctor or not), ending at minute `end`.
pub fn seclusion(doctor: bool, end: Option<i64>) -> EpisodeTimeline {
    episode(EpisodeKind::Seclusion, t0(), doctor, end.map(m))
}

/// Who leads a review of `kind` by default, and who else takes part.
pub fn default_staff(kind: ReviewKind) -> (ClinicalRole, Vec<ClinicalRole>) {
    use ClinicalRole::*;
    match kind {
        ReviewKind::Nursing => (RegisteredNurse, vec![HealthcareAssistant]),
        ReviewKind::Medical => (Doctor, vec![]),
        ReviewKind::InternalMdt => (ApprovedClinician, vec![RegisteredNurse, OtherProfessional]),
        ReviewKind::IndependentMdt => (IndependentClinician, vec![RegisteredNurse]),
        ReviewKind::ApprovedClinician => (ApprovedClinician, vec![]),
        ReviewKind::ExternalReview => (IndependentClinician, vec![]),
        ReviewKind::AdvocateInformed | ReviewKind::CommissionerInformed => (RegisteredNurse, vec![]),
        ReviewKind::CarePlan => (ApprovedClinician, vec![RegisteredNurse]),
    }
}

/// Add records: `None` an observation, else a review of that kind, at minute offsets.
pub fn with(mut t: EpisodeTimeline, kind: Option<ReviewKind>, minutes: &[i64]) -> EpisodeTimeline {
    for &min in minutes {
        add(&mut t, kind, m(min), None);
    }
    t
}

pub fn add(t: &mut EpisodeTimeline, kind: Option<ReviewKind>, at: DateTime<Utc>, by: Option<ClinicalRole>) {
    let id = Uuid::from_u128(1000 + (t.observations.len() + t.reviews.len()) as u128);
    match kind {
        None => t.observations.push(Observation {
            id,
            at,
            by: by.unwrap_or(ClinicalRole::HealthcareAssistant),
            note: String::new(),
        }),
        Some(kind) => {
            let (lead, other_staff) = default_staff(kind);
            t.reviews.push(Review { id, kind, at, by: by.unwrap_or(lead), other_staff, note: String::new() });
        }
    }
}

pub fn evaluate_at(t: &EpisodeTimeline, others: &[EpisodeSpan], rules: &ReviewRules, now: DateTime<Utc>) -> Compliance {
    super::engine::evaluate(t, others, rules, now)
}

/// One requirement's occurrences as (state, due minute offset from T0 or the episode's start).
pub fn occurrences(c: &Compliance, id: RuleId, start: DateTime<Utc>) -> Vec<(ComplianceState, Option<i64>)> {
    let r = c.requirement(id).unwrap_or_else(|| panic!("{id:?} evaluated"));
    r.occurrences.iter().map(|o| (o.state, o.due_at.map(|d| (d - start).num_minutes()))).collect()
}

/// The episode as the screens show it: on Willow Ward's seclusion room, for A Patient.
pub fn view(t: &EpisodeTimeline) -> super::views::EpisodeView {
    super::views::EpisodeView {
        episode: t.episode.clone(),
        ward_name: "Willow".into(),
        room_name: Some("Seclusion room".into()),
        patient_name: "A Patient".into(),
        nhs_number: super::NhsNumber::parse("nhsNumber", "9434765919").expect("a valid NHS number"),
        authorised_by_name: "Dr A".into(),
        care_plan: None,
        started_by_name: "Nurse".into(),
        recorded_at: "2026-01-12T10:00:00Z".into(),
        ended_by_name: None,
        sign_off: None,
    }
}
