//! Bad input (issue 5): each refused with the field it is about.

use super::*;
use crate::restrictive::testkit::{add, m, seclusion, t0, with};
use crate::restrictive::vocab::ReviewKind;
use crate::ErrorCode;
use chrono::Duration;

fn field<T>(r: AppResult<T>) -> Option<String> {
    r.err().map(|e| {
        assert_eq!(e.code, ErrorCode::Validation, "{}", e.message);
        e.field.unwrap()
    })
}

#[test]
fn starting_an_episode_checks_each_field() {
    let now = m(30);
    let ok = seclusion(false, None).episode;
    assert_eq!(check_start(&ok, now), Ok(()));
    let mut ended = seclusion(false, Some(20)).episode;
    assert_eq!(check_start(&ended, now), Ok(()), "recorded after it ended");
    let cases: Vec<(Episode, &str)> = vec![
        (Episode { started_at: m(31), ..ok.clone() }, "startedAt"),
        (Episode { reason: "  ".into(), ..ok.clone() }, "reason"),
        (Episode { room_area_id: None, ..ok.clone() }, "roomAreaId"),
        (Episode { authorised_by: ClinicalRole::HealthcareAssistant, ..ok.clone() }, "authorisedBy"),
        (Episode { authorised_by_doctor: true, ..ok.clone() }, "authorisedByDoctor"),
        (
            Episode { authorised_by: ClinicalRole::Doctor, authorised_by_doctor: false, ..ok.clone() },
            "authorisedByDoctor",
        ),
        (Episode { ended_at: Some(m(-5)), ..ended.clone() }, "endedAt"),
        (Episode { ended_at: Some(t0()), ..ended.clone() }, "endedAt"),
        (Episode { ended_at: Some(m(40)), ..ended.clone() }, "endedAt"),
        (Episode { ending: None, ..ended.clone() }, "ending"),
        (Episode { debrief_offered: None, ..ended.clone() }, "debriefOffered"),
        (Episode { ending: Some(EpisodeEnding::Other), ..ok.clone() }, "endedAt"),
    ];
    for (ep, want) in cases {
        assert_eq!(field(check_start(&ep, now)).as_deref(), Some(want), "{ep:?}");
    }
    // An approved clinician may or may not be a doctor; segregation needs no room but an AC or doctor.
    let ac = Episode { authorised_by: ClinicalRole::ApprovedClinician, ..ok.clone() };
    assert_eq!(check_start(&Episode { authorised_by_doctor: true, ..ac.clone() }, now), Ok(()));
    assert_eq!(check_start(&ac, now), Ok(()));
    ended.kind = EpisodeKind::LongTermSegregation;
    ended.room_area_id = None;
    assert_eq!(field(check_start(&ended, now)).as_deref(), Some("authorisedBy"));
    ended.authorised_by = ClinicalRole::ApprovedClinician;
    ended.debrief_offered = None;
    assert_eq!(check_start(&ended, now), Ok(()));
}

#[test]
fn ending_an_episode_after_its_start_and_its_records() {
    let t = with(seclusion(false, None), None, &[15, 30]);
    let end =
        |at: i64| EpisodeEnd { ended_at: m(at), ending: EpisodeEnding::EndedAtReview, debrief_offered: Some(false) };
    let now = m(60);
    assert_eq!(check_end(&t, &end(45), now), Ok(()));
    assert_eq!(check_end(&t, &end(30), now), Ok(()), "at the last observation");
    for (e, want) in [
        (end(-1), "endedAt"),
        (end(0), "endedAt"),
        (end(20), "endedAt"), // an observation at 30 is after it
        (end(61), "endedAt"), // the future
        (EpisodeEnd { debrief_offered: None, ..end(45) }, "debriefOffered"),
    ] {
        assert_eq!(field(check_end(&t, &e, now)).as_deref(), Some(want), "{e:?}");
    }
    let ended = seclusion(false, Some(40));
    assert_eq!(check_end(&ended, &end(45), now).unwrap_err().code, ErrorCode::InvalidState);
}

#[test]
fn an_observation_before_the_start_or_after_the_end_is_refused() {
    let rules = ReviewRules::default();
    let ep = seclusion(false, Some(60)).episode;
    let obs = |at: i64, by: ClinicalRole| Observation { id: Default::default(), at: m(at), by, note: String::new() };
    let now = m(120);
    assert_eq!(check_observation(&ep, &obs(15, ClinicalRole::RegisteredNurse), &rules, now), Ok(()));
    assert_eq!(check_observation(&ep, &obs(0, ClinicalRole::HealthcareAssistant), &rules, now), Ok(()));
    assert_eq!(check_observation(&ep, &obs(60, ClinicalRole::HealthcareAssistant), &rules, now), Ok(()));
    let cases = [
        (obs(-1, ClinicalRole::RegisteredNurse), "at"),
        (obs(61, ClinicalRole::RegisteredNurse), "at"),
        (obs(20, ClinicalRole::IndependentClinician), "by"),
    ];
    for (o, want) in cases {
        assert_eq!(field(check_observation(&ep, &o, &rules, now)).as_deref(), Some(want), "{o:?}");
    }
    let ongoing = seclusion(false, None).episode;
    let future = Observation { at: now + Duration::minutes(1), ..obs(0, ClinicalRole::RegisteredNurse) };
    assert_eq!(field(check_observation(&ongoing, &future, &rules, now)).as_deref(), Some("at"));
    let lts = Episode { kind: EpisodeKind::LongTermSegregation, ..ongoing };
    assert_eq!(
        field(check_observation(&lts, &obs(5, ClinicalRole::RegisteredNurse), &rules, now)).as_deref(),
        Some("episodeId")
    );
}

#[test]
fn a_review_by_a_role_that_may_not_do_it_is_refused() {
    let rules = ReviewRules::default();
    let now = m(600);
    let ep = seclusion(false, None).episode;
    let review = |kind: ReviewKind, by: ClinicalRole, others: &[ClinicalRole]| Review {
        id: Default::default(),
        kind,
        at: m(100),
        by,
        other_staff: others.to_vec(),
        note: String::new(),
    };
    use ClinicalRole::{ApprovedClinician as Ac, *};
    use ReviewKind::{IndependentMdt, InternalMdt, Medical, Nursing};
    let cases = [
        (review(Medical, Doctor, &[]), None),
        (review(Medical, Ac, &[]), None),
        (review(Medical, RegisteredNurse, &[]), Some("by")),
        (review(Nursing, RegisteredNurse, &[HealthcareAssistant]), None),
        (review(Nursing, RegisteredNurse, &[]), Some("otherStaff")),
        (review(Nursing, HealthcareAssistant, &[RegisteredNurse]), Some("by")),
        (review(InternalMdt, Ac, &[RegisteredNurse]), None),
        (review(InternalMdt, RegisteredNurse, &[Ac]), Some("by")),
        (review(IndependentMdt, Doctor, &[RegisteredNurse]), Some("by")),
        (review(IndependentMdt, IndependentClinician, &[Doctor]), None),
        (review(ReviewKind::ExternalReview, IndependentClinician, &[]), Some("kind")),
    ];
    for (r, want) in cases {
        assert_eq!(field(check_review(&ep, &r, &rules, now)).as_deref(), want, "{:?} by {:?}", r.kind, r.by);
    }
    let early = Review { at: m(-10), ..review(Medical, Doctor, &[]) };
    assert_eq!(field(check_review(&ep, &early, &rules, now)).as_deref(), Some("at"));
    // The message says who may.
    let e = check_review(&ep, &review(Medical, RegisteredNurse, &[]), &rules, now).unwrap_err();
    assert!(e.message.contains("doctor"), "{}", e.message);
}

#[test]
fn a_whole_timeline_names_the_record_at_fault() {
    let rules = ReviewRules::default();
    let mut t = with(seclusion(false, None), None, &[15, 30]);
    add(&mut t, Some(ReviewKind::Medical), m(50), None);
    add(&mut t, Some(ReviewKind::Medical), m(90), Some(ClinicalRole::HealthcareAssistant));
    assert_eq!(field(check_timeline(&t, &rules, m(100))).as_deref(), Some("reviews[1].by"));
    t.reviews.pop();
    assert_eq!(check_timeline(&t, &rules, m(100)), Ok(()));
    t.observations[1].at = m(-3);
    assert_eq!(field(check_timeline(&t, &rules, m(100))).as_deref(), Some("observations[1].at"));
    t.episode.started_at = m(200);
    assert_eq!(field(check_timeline(&t, &rules, m(100))).as_deref(), Some("episode.startedAt"));
}
