//! The defaults of DESIGN.md §2.4. Citations name the Code of Practice
//! chapter and what it asks; the clinical safety officer adds paragraph
//! numbers when confirming them.

use super::{Interval, ReviewRule, ReviewRules, RuleId, Trigger};
use crate::restrictive::vocab::ClinicalRole::{self, *};

const CODE: &str = "Mental Health Act 1983 Code of Practice (England, 2015), chapter 26";
const HOUR: u32 = 60;
const DAY: u32 = 24 * HOUR;

/// Independent MDT review: more than 8 hours consecutively, or more than 12
/// hours intermittently within any 48 hours.
pub const INDEPENDENT_TRIGGER: Trigger = Trigger::SeclusionLongerThan {
    consecutive_minutes: 8 * HOUR,
    intermittent_minutes: 12 * HOUR,
    window_minutes: 48 * HOUR,
};

fn rule(
    id: RuleId,
    what: &str,
    trigger: Trigger,
    (first_due, repeat_every, times): (Interval, Option<Interval>, u32),
    roles: &[ClinicalRole],
    min_staff: u32,
) -> ReviewRule {
    ReviewRule {
        id,
        citation: format!("{CODE}: {what}"),
        trigger,
        first_due,
        repeat_every,
        times,
        roles: roles.to_vec(),
        min_staff,
        grace_minutes: 0,
    }
}

impl Default for ReviewRules {
    fn default() -> Self {
        use Interval::{Minutes, Months};
        use RuleId::*;
        use Trigger::*;
        let medical = [Doctor, ApprovedClinician];
        let informs = [RegisteredNurse, Doctor, ApprovedClinician, OtherProfessional];
        let rules = vec![
            rule(
                SeclusionObservation,
                "seclusion — a documented observation by a skilled professional at least every 15 minutes",
                EpisodeStart,
                (Minutes(15), Some(Minutes(15)), 1),
                &[RegisteredNurse, HealthcareAssistant],
                1,
            ),
            rule(
                SeclusionNursingReview,
                "seclusion — nursing review at least every 2 hours, by two people, one a registered nurse",
                EpisodeStart,
                (Minutes(2 * HOUR), Some(Minutes(2 * HOUR)), 1),
                &[RegisteredNurse],
                2,
            ),
            rule(
                SeclusionFirstMedicalReview,
                "seclusion — medical review within 1 hour of the start, unless a doctor authorised the seclusion (that examination is the first review)",
                StartUnlessDoctorAuthorised,
                (Minutes(HOUR), None, 1),
                &medical,
                1,
            ),
            rule(
                SeclusionMedicalReviewUntilMdt,
                "seclusion — medical review at least every 4 hours until the first internal MDT review",
                FirstMedicalReviewUntilFirstMdt,
                (Minutes(4 * HOUR), Some(Minutes(4 * HOUR)), 1),
                &medical,
                1,
            ),
            rule(
                SeclusionMedicalReviewAfterMdt,
                "seclusion — after the first internal MDT review, medical review at least twice in every 24 hours",
                FirstInternalMdt,
                (Minutes(DAY), Some(Minutes(DAY)), 2),
                &medical,
                1,
            ),
            rule(
                SeclusionInternalMdtReview,
                "seclusion — internal MDT review as soon as practicable, then at least once every 24 hours",
                EpisodeStart,
                (Minutes(DAY), Some(Minutes(DAY)), 1),
                &medical,
                2,
            ),
            rule(
                SeclusionIndependentMdtReview,
                "seclusion — independent MDT review when seclusion lasts more than 8 hours consecutively, or more than 12 hours intermittently within any 48 hours",
                INDEPENDENT_TRIGGER,
                (Minutes(0), None, 1),
                &[IndependentClinician],
                2,
            ),
            rule(
                LtsApprovedClinicianReview,
                "long-term segregation — approved clinician review at least once every 24 hours",
                EpisodeStart,
                (Minutes(DAY), Some(Minutes(DAY)), 1),
                &[ApprovedClinician],
                1,
            ),
            rule(
                LtsMdtReview,
                "long-term segregation — MDT review at least weekly",
                EpisodeStart,
                (Minutes(7 * DAY), Some(Minutes(7 * DAY)), 1),
                &medical,
                2,
            ),
            rule(
                LtsExternalReview,
                "long-term segregation — external (independent hospital) review at 3 months and every 3 months after",
                EpisodeStart,
                (Months(3), Some(Months(3)), 1),
                &[IndependentClinician],
                1,
            ),
            rule(
                LtsAdvocateInformed,
                "long-term segregation — the patient's independent mental health advocate informed",
                EpisodeStart,
                (Minutes(DAY), None, 1),
                &informs,
                1,
            ),
            rule(
                LtsCommissionerInformed,
                "long-term segregation — the commissioner informed",
                EpisodeStart,
                (Minutes(DAY), None, 1),
                &informs,
                1,
            ),
            rule(
                LtsCarePlan,
                "long-term segregation — a care plan for ending segregation",
                EpisodeStart,
                (Minutes(DAY), None, 1),
                &[ApprovedClinician, Doctor, RegisteredNurse],
                1,
            ),
        ];
        ReviewRules { rules }
    }
}
