//! Use of force records: s6 (a)–(p) required unless negligible, restraint
//! positions and prone time, and keeping them 3 years.

use super::*;
use crate::restrictive::restraint::Route;
use crate::restrictive::test_util::utc;
use crate::ErrorCode;

fn complete() -> UseOfForce {
    let at = |t: &str| utc(&format!("2026-05-04T{t}:00Z"));
    UseOfForce {
        id: Uuid::nil(),
        ward_id: Uuid::nil(),
        episode_id: None,
        recorded_at: at("12:00"),
        negligible: false,
        negligible_reason: None,
        reason: Some("Assault on a member of staff".into()),
        place: Some("Ward lounge".into()),
        started_at: Some(at("10:00")),
        ended_at: Some(at("10:25")),
        force_types: vec![ForceType::Physical, ForceType::Chemical],
        in_care_plan: Some(true),
        patient_name: Some("A Patient".into()),
        how_used: Some("Held in the supine position, then IM lorazepam".into()),
        nhs_number: Some(NhsNumber::parse("nhsNumber", "943 476 5919").unwrap()),
        staff: vec![
            StaffInvolved { name: "S One".into(), job_title: "Staff nurse".into() },
            StaffInvolved { name: "S Two".into(), job_title: "Healthcare assistant".into() },
        ],
        non_staff_involved: Some(false),
        non_staff_reason: None,
        mental_disorder: Some(IfKnown::NotKnown),
        protected_characteristics: Some(ProtectedCharacteristics { age_years: Some(34), ..Default::default() }),
        learning_disability_or_autism: Some(LdAutism::Neither),
        outcome: Some("Settled; returned to bedroom".into()),
        died_or_seriously_injured: Some(false),
        efforts_to_avoid: Some("Verbal de-escalation, offered oral medication".into()),
        care_plan_people_notified: Some(true),
        positions: vec![
            PositionChange { at: at("10:00"), code: "07".into() },
            PositionChange { at: at("10:02"), code: "01".into() },
            PositionChange { at: at("10:14"), code: "09".into() },
        ],
        chemical: vec![ChemicalRestraint {
            at: at("10:10"),
            medication: "Lorazepam".into(),
            route: Route::Intramuscular,
            rapid_tranquillisation: true,
        }],
        mechanical: vec![],
        injuries: None,
        debrief_offered: Some(true),
    }
}

fn fields(r: &UseOfForce) -> Vec<String> {
    r.problems(utc("2026-05-05T00:00:00Z")).into_iter().map(|e| e.field.unwrap()).collect()
}

#[test]
fn use_of_force_s6_every_field_a_to_p_is_required() {
    let ok = complete();
    assert_eq!(fields(&ok), Vec::<String>::new());
    type Edit = fn(&mut UseOfForce);
    let cases: &[(&str, Edit)] = &[
        ("reason", |r| r.reason = Some(" ".into())),
        ("place", |r| r.place = None),
        ("startedAt", |r| r.started_at = None),
        ("endedAt", |r| r.ended_at = None),
        ("forceTypes", |r| r.force_types.clear()),
        ("inCarePlan", |r| r.in_care_plan = None),
        ("patientName", |r| r.patient_name = None),
        ("howUsed", |r| r.how_used = None),
        ("nhsNumber", |r| r.nhs_number = None),
        ("staff", |r| r.staff.clear()),
        ("staff[1].jobTitle", |r| r.staff[1].job_title = "".into()),
        ("staff[0].name", |r| r.staff[0].name = "".into()),
        ("nonStaffInvolved", |r| r.non_staff_involved = None),
        ("nonStaffReason", |r| r.non_staff_involved = Some(true)),
        ("mentalDisorder", |r| r.mental_disorder = None),
        ("mentalDisorder", |r| r.mental_disorder = Some(IfKnown::Known("".into()))),
        ("protectedCharacteristics", |r| r.protected_characteristics = None),
        ("learningDisabilityOrAutism", |r| r.learning_disability_or_autism = None),
        ("outcome", |r| r.outcome = None),
        ("diedOrSeriouslyInjured", |r| r.died_or_seriously_injured = None),
        ("effortsToAvoid", |r| r.efforts_to_avoid = None),
        ("carePlanPeopleNotified", |r| r.care_plan_people_notified = None),
        ("positions", |r| r.positions.clear()),
        ("chemical", |r| r.chemical.clear()),
        ("mechanical", |r| r.force_types.push(ForceType::Mechanical)),
        ("positions[1].code", |r| r.positions[1].code = "14".into()),
        ("positions[2].at", |r| r.positions[2].at = utc("2026-05-04T10:26:00Z")),
        ("endedAt", |r| r.ended_at = Some(utc("2026-05-04T09:00:00Z"))),
        ("startedAt", |r| r.started_at = Some(utc("2026-05-06T09:00:00Z"))),
        ("chemical[0].medication", |r| r.chemical[0].medication = "".into()),
    ];
    for (field, edit) in cases {
        let mut r = ok.clone();
        edit(&mut r);
        let got = fields(&r);
        assert!(got.iter().any(|f| f == field), "{field}: {got:?}");
        let e = r.validate(utc("2026-05-05T00:00:00Z")).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
    }
    // Everything missing: all of (a)–(p), in order.
    let empty = UseOfForce {
        reason: None,
        place: None,
        started_at: None,
        ended_at: None,
        force_types: vec![],
        in_care_plan: None,
        patient_name: None,
        how_used: None,
        nhs_number: None,
        staff: vec![],
        non_staff_involved: None,
        mental_disorder: None,
        protected_characteristics: None,
        learning_disability_or_autism: None,
        outcome: None,
        died_or_seriously_injured: None,
        efforts_to_avoid: None,
        care_plan_people_notified: None,
        positions: vec![],
        chemical: vec![],
        ..ok.clone()
    };
    assert_eq!(fields(&empty).len(), 18);
    assert_eq!(fields(&empty)[0], "reason");
}

#[test]
fn use_of_force_negligible_needs_only_a_reason() {
    let bare = UseOfForce {
        negligible: true,
        negligible_reason: Some("Hand on the elbow to guide, no resistance".into()),
        reason: None,
        place: None,
        started_at: None,
        ended_at: None,
        force_types: vec![],
        nhs_number: None,
        staff: vec![],
        positions: vec![],
        chemical: vec![],
        ..complete()
    };
    assert_eq!(fields(&bare), Vec::<String>::new());
    let no_reason = UseOfForce { negligible_reason: Some("  ".into()), ..bare.clone() };
    assert_eq!(fields(&no_reason), vec!["negligibleReason".to_string()]);
}

#[test]
fn use_of_force_prone_time_is_computed_and_over_10_minutes_flagged() {
    let r = complete();
    // Prone from 10:02 until the change at 10:14.
    assert_eq!(r.prone(), Some(Duration::minutes(12)));
    assert!(r.prone_flagged());
    assert_eq!(r.duration(), Some(Duration::minutes(25)));
    assert_eq!(r.mhsds_codes(), vec!["01", "07", "09", "14"]);
    let mut short = r.clone();
    short.positions[2].at = utc("2026-05-04T10:12:00Z");
    assert_eq!(short.prone(), Some(Duration::minutes(10)));
    assert!(!short.prone_flagged(), "exactly 10 minutes is not over 10");
}

#[test]
fn use_of_force_records_are_kept_3_years() {
    let made = utc("2026-05-04T12:00:00Z");
    assert_eq!(purge_allowed_from(made), utc("2029-05-04T12:00:00Z"));
    for (now, allowed) in [
        ("2026-05-05T00:00:00Z", false),
        ("2029-05-04T11:59:59Z", false),
        ("2029-05-04T12:00:00Z", true),
        ("2031-01-01T00:00:00Z", true),
    ] {
        let got = check_purge(made, utc(now));
        assert_eq!(got.is_ok(), allowed, "{now}");
        if let Err(e) = got {
            assert_eq!(e.code, ErrorCode::InvalidState);
        }
    }
    // 29 February: 3 years on is the 28th.
    assert_eq!(purge_allowed_from(utc("2028-02-29T12:00:00Z")), utc("2031-02-28T12:00:00Z"));
}

#[test]
fn use_of_force_json_refuses_a_wrong_nhs_number_naming_the_field() {
    let mut json = serde_json::to_value(complete()).unwrap();
    assert_eq!(json["nhsNumber"], "9434765919");
    json["nhsNumber"] = "943 476 5918".into();
    let e = crate::input::from_value::<UseOfForce>(json, "record").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("nhsNumber"));
    assert!(!e.message.contains("9434765918"));
}

#[test]
fn use_of_force_debug_output_leaves_out_the_patient() {
    let r = complete();
    let shown = format!("{r:?}");
    assert!(shown.contains("UseOfForce"), "{shown}");
    for secret in ["A Patient", "9434765919", "943 476 5919", "Settled", "lorazepam"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

/// The purge list's cutoff never lists a record the purge would refuse, and
/// leaves out nothing more than a day late: across both clock changes,
/// month ends and 29 February.
#[test]
fn purge_cutoff_lists_only_what_may_be_purged() {
    for now in [
        "2029-03-25T00:30:00Z",
        "2029-03-25T01:30:00Z",
        "2029-10-28T00:30:00Z",
        "2029-10-28T01:30:00Z",
        "2031-02-28T23:59:00Z",
        "2031-03-01T00:00:00Z",
        "2030-01-31T12:00:00Z",
        "2030-06-15T09:00:00Z",
    ] {
        let now = utc(now);
        let cutoff = purge_cutoff(now);
        assert!(check_purge(cutoff, now).is_ok(), "{now}: the cutoff itself may be purged");
        assert!(check_purge(cutoff - Duration::days(400), now).is_ok(), "{now}: and anything earlier");
        assert!(check_purge(cutoff + Duration::days(2), now).is_err(), "{now}: nothing two days later");
        let years = (now - cutoff).num_days();
        assert!((1095..=1097).contains(&years), "{now}: {years} days");
    }
}
