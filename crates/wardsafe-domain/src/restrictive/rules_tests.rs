//! Tests of the rules table: DESIGN.md §2.4's defaults, and an
//! administrator's changes checked field by field.

use super::*;
use crate::ErrorCode;

fn minutes(i: Interval) -> u32 {
    match i {
        Interval::Minutes(m) => m,
        Interval::Months(_) => panic!("months"),
    }
}

#[test]
fn design_2_4_default_rules_table() {
    let rules = ReviewRules::default();
    rules.validate().unwrap();
    assert_eq!(rules.rules.len(), RuleId::ALL.len());
    let h = 60;
    // (rule, first due, repeat every (minutes), times, roles, staff)
    use ClinicalRole::*;
    use RuleId::*;
    type Row = (RuleId, u32, Option<u32>, u32, &'static [ClinicalRole], u32);
    let table: &[Row] = &[
        (SeclusionObservation, 15, Some(15), 1, &[RegisteredNurse, HealthcareAssistant], 1),
        (SeclusionNursingReview, 2 * h, Some(2 * h), 1, &[RegisteredNurse], 2),
        (SeclusionFirstMedicalReview, h, None, 1, &[Doctor, ApprovedClinician], 1),
        (SeclusionMedicalReviewUntilMdt, 4 * h, Some(4 * h), 1, &[Doctor, ApprovedClinician], 1),
        (SeclusionMedicalReviewAfterMdt, 24 * h, Some(24 * h), 2, &[Doctor, ApprovedClinician], 1),
        (SeclusionInternalMdtReview, 24 * h, Some(24 * h), 1, &[Doctor, ApprovedClinician], 2),
        (SeclusionIndependentMdtReview, 0, None, 1, &[IndependentClinician], 2),
        (LtsApprovedClinicianReview, 24 * h, Some(24 * h), 1, &[ApprovedClinician], 1),
        (LtsMdtReview, 7 * 24 * h, Some(7 * 24 * h), 1, &[Doctor, ApprovedClinician], 2),
        (LtsAdvocateInformed, 24 * h, None, 1, &[RegisteredNurse, Doctor, ApprovedClinician, OtherProfessional], 1),
        (LtsCommissionerInformed, 24 * h, None, 1, &[RegisteredNurse, Doctor, ApprovedClinician, OtherProfessional], 1),
        (LtsCarePlan, 24 * h, None, 1, &[ApprovedClinician, Doctor, RegisteredNurse], 1),
    ];
    for (id, first, every, times, roles, staff) in table {
        let r = rules.get(*id).unwrap();
        assert_eq!(minutes(r.first_due), *first, "{id:?}");
        assert_eq!(r.repeat_every.map(minutes), *every, "{id:?}");
        assert_eq!((r.times, r.roles.as_slice(), r.min_staff, r.grace_minutes), (*times, *roles, *staff, 0), "{id:?}");
        assert!(r.citation.contains("chapter 26"), "{id:?}");
    }
    let ext = rules.get(LtsExternalReview).unwrap();
    assert_eq!((ext.first_due, ext.repeat_every), (Interval::Months(3), Some(Interval::Months(3))));
    assert_eq!(
        rules.get(SeclusionIndependentMdtReview).unwrap().trigger,
        Trigger::SeclusionLongerThan { consecutive_minutes: 480, intermittent_minutes: 720, window_minutes: 2880 }
    );
}

#[test]
fn rules_json_is_camel_case_and_round_trips() {
    let rules = ReviewRules::default();
    let json = serde_json::to_value(&rules).unwrap();
    let nursing = &json["rules"][1];
    assert_eq!(nursing["id"], "seclusion_nursing_review");
    assert_eq!(nursing["firstDue"], serde_json::json!({"minutes": 120}));
    assert_eq!(nursing["trigger"], serde_json::json!({"kind": "episodeStart"}));
    assert_eq!(nursing["minStaff"], 2);
    assert_eq!(json["rules"][6]["trigger"]["consecutiveMinutes"], 480);
    assert_eq!(json["rules"][9]["repeatEvery"], serde_json::json!({"months": 3}));
    let back: ReviewRules = serde_json::from_value(json).unwrap();
    assert_eq!(back, rules);
}

#[test]
fn rules_validation_names_the_field() {
    let d = ReviewRules::default();
    let with = |i: usize, f: &dyn Fn(&mut ReviewRule)| {
        let mut r = d.clone();
        f(&mut r.rules[i]);
        r
    };
    let cases: Vec<(ReviewRules, &str)> = vec![
        (with(1, &|r| r.grace_minutes = 120), "rules[1].graceMinutes"),
        (with(1, &|r| r.grace_minutes = 119), ""),
        (with(0, &|r| r.first_due = Interval::Minutes(0)), "rules[0].firstDue"),
        (with(6, &|r| r.first_due = Interval::Minutes(60)), ""), // time allowed after the threshold
        (with(0, &|r| r.repeat_every = Some(Interval::Minutes(MAX_MINUTES + 1))), "rules[0].repeatEvery"),
        (with(0, &|r| r.repeat_every = None), "rules[0].repeatEvery"),
        (with(2, &|r| r.repeat_every = Some(Interval::Minutes(60))), "rules[2].repeatEvery"),
        (with(9, &|r| r.first_due = Interval::Months(25)), "rules[9].firstDue"),
        (with(4, &|r| r.times = 0), "rules[4].times"),
        (with(10, &|r| r.times = 2), "rules[10].times"),
        (with(1, &|r| r.roles.clear()), "rules[1].roles"),
        (with(1, &|r| r.roles.push(ClinicalRole::RegisteredNurse)), "rules[1].roles[1]"),
        (with(1, &|r| r.min_staff = 0), "rules[1].minStaff"),
        (with(1, &|r| r.citation = " ".into()), "rules[1].citation"),
        (with(1, &|r| r.trigger = Trigger::FirstInternalMdt), "rules[1].trigger"),
        (
            with(6, &|r| {
                r.trigger = Trigger::SeclusionLongerThan {
                    consecutive_minutes: 480,
                    intermittent_minutes: 3000,
                    window_minutes: 2880,
                }
            }),
            "rules[6].trigger.intermittentMinutes",
        ),
        (
            with(6, &|r| {
                r.trigger = Trigger::SeclusionLongerThan {
                    consecutive_minutes: 0,
                    intermittent_minutes: 720,
                    window_minutes: 2880,
                }
            }),
            "rules[6].trigger.consecutiveMinutes",
        ),
        (with(3, &|r| r.id = RuleId::SeclusionObservation), "rules[3].id"),
        (ReviewRules { rules: d.rules[1..].to_vec() }, "rules"),
    ];
    for (rules, field) in cases {
        match rules.validate() {
            Ok(()) => assert_eq!(field, "", "expected an error at {field}"),
            Err(e) => assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Validation, Some(field)), "{}", e.message),
        }
    }
}

#[test]
fn a_changed_rule_is_named_for_the_change_log() {
    let old = ReviewRules::default();
    let mut new = old.clone();
    new.rules[1].grace_minutes = 10;
    new.rules[5].citation.push_str(" (trust policy 4.2)");
    assert_eq!(old.changed(&new), vec![RuleId::SeclusionNursingReview, RuleId::SeclusionInternalMdtReview]);
    assert!(old.changed(&old).is_empty());
}
