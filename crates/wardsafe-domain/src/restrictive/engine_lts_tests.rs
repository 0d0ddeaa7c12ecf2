//! The review engine for long-term segregation, across the clock changes,
//! and through its JSON form (docs/review-engine.md).

use super::checks::london_time;
use super::compliance::{evaluate_json, ComplianceState::*};
use super::rules::{ReviewRules, RuleId};
use super::test_util::utc;
use super::testkit::*;
use super::vocab::{EpisodeKind, ReviewKind};
use chrono::Duration;

#[test]
fn code_26_long_term_segregation_reviews() {
    let day = 24 * 60;
    let mut t = episode(EpisodeKind::LongTermSegregation, t0(), false, None);
    for (kind, at) in [
        (ReviewKind::ApprovedClinician, 1000),
        (ReviewKind::ApprovedClinician, 2400),
        (ReviewKind::InternalMdt, 5000), // after `now`: not known yet
        (ReviewKind::AdvocateInformed, 60),
        (ReviewKind::CarePlan, 1400),
        (ReviewKind::Medical, 100), // a seclusion review: counts for nothing here
    ] {
        add(&mut t, Some(kind), m(at), None);
    }
    let c = evaluate_at(&t, &[], &ReviewRules::default(), m(3000));
    // 12 January 10:00 GMT + 3 calendar months = 12 April 10:00 BST.
    let external = (utc("2026-04-12T09:00:00Z") - t0()).num_minutes();
    let cases = [
        (RuleId::LtsApprovedClinicianReview, vec![(Met, 1440), (Met, 2440), (Due, 3840)]),
        (RuleId::LtsMdtReview, vec![(Due, 7 * day)]),
        (RuleId::LtsExternalReview, vec![(Due, external)]),
        (RuleId::LtsAdvocateInformed, vec![(Met, day)]),
        (RuleId::LtsCommissionerInformed, vec![(Missed, day)]),
        (RuleId::LtsCarePlan, vec![(Met, day)]),
    ];
    for (rule, expected) in cases {
        let expected: Vec<_> = expected.into_iter().map(|(s, d)| (s, Some(d))).collect();
        assert_eq!(occurrences(&c, rule, t0()), expected, "{rule:?}");
    }
    assert_eq!(c.requirements.len(), 6, "only the segregation rules apply");
    assert!(c.requirement(RuleId::SeclusionFirstMedicalReview).is_none());
}

#[test]
fn code_26_lts_external_review_every_3_calendar_months() {
    let start = utc("2026-01-31T10:00:00Z");
    let mut t = episode(EpisodeKind::LongTermSegregation, start, false, None);
    add(&mut t, Some(ReviewKind::ExternalReview), utc("2026-04-20T09:00:00Z"), None);
    let c = evaluate_at(&t, &[], &ReviewRules::default(), utc("2026-06-01T00:00:00Z"));
    let r = c.requirement(RuleId::LtsExternalReview).unwrap();
    // 31 January + 3 months is 30 April (the month's last day), 11:00 BST; the next 3 months after the review.
    assert_eq!(r.occurrences[0].due_at, Some(utc("2026-04-30T09:00:00Z")));
    assert_eq!(r.occurrences[0].state, Met);
    assert_eq!(r.next_due_at, Some(utc("2026-07-20T09:00:00Z")));
}

#[test]
fn an_episode_spanning_the_clock_change_counts_elapsed_hours() {
    let rules = ReviewRules::default();
    // (start, the nursing review's due time in London, the independent review's)
    let cases = [
        // Sunday 29 March 2026: 00:30 GMT; the clocks go forward at 01:00 GMT.
        ("2026-03-29T00:30:00Z", "29 Mar 2026 03:30", "29 Mar 2026 09:30"),
        // Sunday 25 October 2026: 01:30 BST; the clocks go back at 01:00 GMT.
        ("2026-10-25T00:30:00Z", "25 Oct 2026 02:30", "25 Oct 2026 08:30"),
    ];
    for (start, nursing_wall, independent_wall) in cases {
        let start = utc(start);
        let t = episode(EpisodeKind::Seclusion, start, true, None);
        let c = evaluate_at(&t, &[], &rules, start + Duration::minutes(30));
        let due = |id: RuleId| c.requirement(id).unwrap().occurrences[0].due_at.unwrap();
        assert_eq!(due(RuleId::SeclusionNursingReview), start + Duration::hours(2), "{start}");
        assert_eq!(london_time(due(RuleId::SeclusionNursingReview)), nursing_wall);
        assert_eq!(due(RuleId::SeclusionMedicalReviewUntilMdt), start + Duration::hours(4));
        assert_eq!(due(RuleId::SeclusionIndependentMdtReview), start + Duration::hours(8));
        assert_eq!(london_time(due(RuleId::SeclusionIndependentMdtReview)), independent_wall);
        // Observations: every 15 minutes of real time right through the change.
        let mut t = t.clone();
        for k in 1..=8 {
            add(&mut t, None, start + Duration::minutes(15 * k), None);
        }
        let c = evaluate_at(&t, &[], &rules, start + Duration::minutes(125));
        let obs = c.requirement(RuleId::SeclusionObservation).unwrap();
        assert_eq!((obs.met, obs.late, obs.missed), (8, 0, 0), "{start}");
        assert_eq!(obs.next_due_at, Some(start + Duration::minutes(135)));
    }
    // A week of segregation across the spring change is 168 hours: 11:00 BST, not 10:00.
    let start = utc("2026-03-23T10:00:00Z");
    let t = episode(EpisodeKind::LongTermSegregation, start, false, None);
    let c = evaluate_at(&t, &[], &rules, start + Duration::hours(1));
    let weekly = c.requirement(RuleId::LtsMdtReview).unwrap().next_due_at.unwrap();
    assert_eq!(weekly, start + Duration::hours(168));
    assert_eq!(london_time(weekly), "30 Mar 2026 11:00");
}

#[test]
fn compliance_json_names_the_bad_field() {
    let request =
        |timeline: &str, extra: &str| format!(r#"{{"now": "2026-01-12T12:00:00Z", "timeline": {timeline}{extra}}}"#);
    let ok = r#"{"episode": {"kind": "seclusion", "startedAt": "2026-01-12T10:00:00Z",
        "authorisedBy": "registered_nurse", "reason": "Assault on staff"},
        "reviews": [{"kind": "medical", "at": "2026-01-12T10:50:00Z", "by": "doctor"}]}"#;
    let c = evaluate_json(&request(ok, "")).unwrap();
    assert_eq!(c.requirement(RuleId::SeclusionFirstMedicalReview).unwrap().state, Met);
    assert_eq!(c.requirement(RuleId::SeclusionNursingReview).unwrap().state, Due);
    let cases = [
        (request(&ok.replace("\"doctor\"", "\"surgeon\""), ""), "timeline.reviews[0].by"),
        (request(&ok.replace("\"registered_nurse\"", "7"), ""), "timeline.episode.authorisedBy"),
        (
            request(&ok.replace("\"reason\"", "\"endedAt\": \"2026-01-12T09:00:00Z\", \"reason\""), ""),
            "timeline.episode.endedAt",
        ),
        (request(ok, r#", "rules": {"rules": []}"#), "rules.rules"),
        (request(ok, r#", "otherEpisodes": [{"startedAt": "yesterday"}]"#), "otherEpisodes[0].startedAt"),
    ];
    for (json, field) in cases {
        let e = evaluate_json(&json).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field), "{json}");
    }
}

#[test]
fn the_worked_example_in_docs_review_engine_md_holds() {
    const DOC: &str = include_str!("../../../../docs/review-engine.md");
    let block = |marker: &str| {
        let rest = &DOC[DOC.find(marker).unwrap_or_else(|| panic!("{marker} in the doc"))..];
        let start = rest.find("```json\n").unwrap() + "```json\n".len();
        let len = rest[start..].find("```").unwrap();
        &rest[start..start + len]
    };
    let answer = evaluate_json(block("<!-- example request -->")).unwrap();
    let want: serde_json::Value = serde_json::from_str(block("<!-- example response -->")).unwrap();
    let got = serde_json::to_value(&answer).unwrap();
    assert_eq!(got, want, "the engine now answers:\n{}", serde_json::to_string_pretty(&answer).unwrap());
    // "Had a doctor authorised it": as the doc says.
    let by_doctor = block("<!-- example request -->")
        .replace(r#""authorisedBy": "registered_nurse""#, r#""authorisedBy": "doctor", "authorisedByDoctor": true"#);
    let c = evaluate_json(&by_doctor).unwrap();
    let first = c.requirement(RuleId::SeclusionFirstMedicalReview).unwrap();
    assert!(first.state == Met && first.occurrences[0].by_authorisation);
    let four_hourly = c.requirement(RuleId::SeclusionMedicalReviewUntilMdt).unwrap();
    assert_eq!((four_hourly.state, four_hourly.met, four_hourly.late), (Met, 1, 0));
}
