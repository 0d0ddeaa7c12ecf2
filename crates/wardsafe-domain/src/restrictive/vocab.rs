//! Controlled lists of restrictive practice (DESIGN.md §2.4). `ClinicalRole`
//! is the profession of the person who did something on the ward, which the
//! Code of Practice chapter 26 names (a registered nurse, a doctor, an approved
//! clinician); it is not the user's role in the app (`crate::role::Role`).

controlled_list!(
    /// Which restrictive practice an episode is.
    EpisodeKind {
        Seclusion = "seclusion": "Seclusion",
        LongTermSegregation = "long_term_segregation": "Long-term segregation",
    }
);

controlled_list!(
    /// The profession of whoever authorised, observed or reviewed.
    ClinicalRole {
        RegisteredNurse = "registered_nurse": "Registered nurse",
        HealthcareAssistant = "healthcare_assistant": "Healthcare assistant / support worker",
        Doctor = "doctor": "Doctor",
        ApprovedClinician = "approved_clinician": "Approved clinician (including the responsible clinician)",
        OtherProfessional = "other_professional": "Other professional (psychologist, occupational therapist, social worker, pharmacist)",
        IndependentClinician = "independent_clinician": "Independent clinician (not involved in the patient's care)",
    }
);

impl ClinicalRole {
    /// May be a doctor (an approved clinician usually is, but need not be).
    pub fn may_be_doctor(self) -> bool {
        matches!(self, ClinicalRole::Doctor | ClinicalRole::ApprovedClinician)
    }
}

controlled_list!(
    /// Reviews and other dated steps of an episode (observations are their own record).
    ReviewKind {
        Nursing = "nursing": "Nursing review",
        Medical = "medical": "Medical review",
        InternalMdt = "internal_mdt": "Internal MDT review",
        IndependentMdt = "independent_mdt": "Independent MDT review",
        ApprovedClinician = "approved_clinician": "Approved clinician review",
        ExternalReview = "external_review": "External (independent hospital) review",
        AdvocateInformed = "advocate_informed": "Advocate (IMHA) informed",
        CommissionerInformed = "commissioner_informed": "Commissioner informed",
        CarePlan = "care_plan": "Care plan to end segregation",
    }
);

impl ReviewKind {
    /// The episodes this kind of review belongs to. An internal MDT review is
    /// part of both: daily in seclusion, weekly in long-term segregation.
    pub fn applies_to(self, episode: EpisodeKind) -> bool {
        use ReviewKind::*;
        match self {
            Nursing | Medical | IndependentMdt => episode == EpisodeKind::Seclusion,
            InternalMdt => true,
            ApprovedClinician | ExternalReview | AdvocateInformed | CommissionerInformed | CarePlan => {
                episode == EpisodeKind::LongTermSegregation
            }
        }
    }
}

controlled_list!(
    /// How an episode ended.
    EpisodeEnding {
        EndedAtReview = "ended_at_review": "Ended at a review: no longer needed",
        MovedToLongTermSegregation = "moved_to_long_term_segregation": "Moved to long-term segregation",
        MovedToSeclusion = "moved_to_seclusion": "Moved to seclusion",
        Transferred = "transferred": "Transferred to another ward or hospital",
        MedicalEmergency = "medical_emergency": "Ended for physical health care",
        Other = "other": "Other",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controlled_lists_round_trip() {
        for k in EpisodeKind::ALL {
            assert_eq!(EpisodeKind::parse(k.as_str()), Some(*k));
        }
        for r in ClinicalRole::ALL {
            assert_eq!(ClinicalRole::parse(r.as_str()), Some(*r));
        }
        for e in EpisodeEnding::ALL {
            assert_eq!(EpisodeEnding::parse(e.as_str()), Some(*e));
        }
        for k in ReviewKind::ALL {
            assert_eq!(ReviewKind::parse(k.as_str()), Some(*k));
            assert!(EpisodeKind::ALL.iter().any(|e| k.applies_to(*e)), "{k:?} belongs somewhere");
        }
        assert_eq!(serde_json::to_string(&ReviewKind::InternalMdt).unwrap(), "\"internal_mdt\"");
    }

    #[test]
    fn code_26_review_kinds_belong_to_their_episode() {
        use EpisodeKind::*;
        use ReviewKind::*;
        let cases = [
            (Nursing, Seclusion, true),
            (Nursing, LongTermSegregation, false),
            (Medical, LongTermSegregation, false),
            (IndependentMdt, Seclusion, true),
            (InternalMdt, Seclusion, true),
            (InternalMdt, LongTermSegregation, true),
            (ExternalReview, Seclusion, false),
            (ReviewKind::ApprovedClinician, LongTermSegregation, true),
            (CarePlan, LongTermSegregation, true),
        ];
        for (kind, episode, want) in cases {
            assert_eq!(kind.applies_to(episode), want, "{kind:?} in {episode:?}");
        }
    }
}
