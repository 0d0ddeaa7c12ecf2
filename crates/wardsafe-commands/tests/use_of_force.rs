//! Use of force records through the commands (issue 5; Mental Health Units
//! (Use of Force) Act 2018 s6; DESIGN.md §2.4): every item (a)–(p) required
//! unless negligible, the NHS number checked, no future start, prone time
//! flagged over 10 minutes, a ward's records by month, and purging only
//! after 3 years. Each refusal names its field and writes nothing.

mod support;

use chrono::{DateTime, Duration, DurationRound, Months, Utc};
use serde_json::{json, Value};
use support::{assert_code, Trust};
use wardsafe_commands::ErrorCode;

const PATIENT: &str = "Robin Example";

/// A whole minute `m` minutes from `base`, RFC 3339.
fn at(base: DateTime<Utc>, m: i64) -> String {
    (base + Duration::minutes(m)).to_rfc3339()
}

fn two_hours_ago() -> DateTime<Utc> {
    Utc::now().duration_trunc(Duration::minutes(1)).unwrap() - Duration::hours(2)
}

/// A complete record: standing, 12 minutes prone, supine, then IM rapid tranquillisation.
fn complete(ward: &str, start: DateTime<Utc>) -> Value {
    json!({
        "wardId": ward,
        "reason": "Assault on a member of staff",
        "place": "Ward lounge",
        "startedAt": at(start, 0),
        "endedAt": at(start, 25),
        "forceTypes": ["physical", "chemical"],
        "inCarePlan": true,
        "patientName": PATIENT,
        "howUsed": "Two-person hold, then supported to the floor",
        "nhsNumber": "943 476 5919",
        "staff": [{"name": "S One", "jobTitle": "Staff nurse"}, {"name": "S Two", "jobTitle": "Healthcare assistant"}],
        "nonStaffInvolved": false,
        "mentalDisorder": {"known": "Paranoid schizophrenia"},
        "protectedCharacteristics": {"ageYears": 34, "sex": "female", "race": "not_known"},
        "learningDisabilityOrAutism": "neither",
        "outcome": "Settled; returned to bedroom",
        "diedOrSeriouslyInjured": false,
        "effortsToAvoid": "Verbal de-escalation; oral medication offered",
        "carePlanPeopleNotified": true,
        "positions": [
            {"at": at(start, 0), "code": "07"},
            {"at": at(start, 2), "code": "01"},
            {"at": at(start, 14), "code": "09"}
        ],
        "chemical": [{"at": at(start, 10), "medication": "Lorazepam", "route": "intramuscular",
                      "rapidTranquillisation": true}],
        "mechanical": [],
        "debriefOffered": true
    })
}

fn record(t: &Trust, user: &str, input: Value) -> Value {
    t.ok(user, "record_use_of_force", input)
}

#[test]
fn a_complete_record_comes_back_with_its_duration_prone_time_flag_and_codes() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let start = two_hours_ago();
    let log = t.log_len();
    let v = record(&t, "nurse", complete(&willow, start));
    assert_eq!(t.log_len(), log + 1, "one insert, in the change log");
    assert_eq!(v["durationMinutes"], 25.0);
    assert_eq!(v["proneMinutes"], 12.0);
    assert_eq!(v["proneFlagged"], true);
    assert_eq!(v["mhsdsCodes"], json!(["01", "07", "09", "14"]));
    assert_eq!(v["record"]["patientName"], PATIENT);
    assert_eq!(v["record"]["nhsNumber"], "9434765919");
    assert_eq!(v["record"]["mentalDisorder"], json!({"known": "Paranoid schizophrenia"}));
    assert_eq!(v["record"]["staff"][1]["jobTitle"], "Healthcare assistant");
    assert_eq!(v["wardName"], "Willow Ward");
    assert_eq!(v["recordedByName"], "Alex Morgan");
    let id = v["record"]["id"].clone();
    assert_eq!(t.ok("governance", "get_use_of_force", json!({"id": id})), v);
}

#[test]
fn prone_restraint_is_flagged_only_over_10_minutes() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let start = two_hours_ago();
    // (minutes prone, flagged): prone from 2 minutes in.
    for (prone, flagged) in [(8, false), (10, false), (11, true)] {
        let mut input = complete(&willow, start);
        input["positions"][2]["at"] = json!(at(start, 2 + prone));
        let v = record(&t, "nurse", input);
        assert_eq!(v["proneMinutes"].as_f64(), Some(prone as f64), "{prone} minutes prone");
        assert_eq!(v["proneFlagged"], flagged, "{prone} minutes prone");
    }
    // Never prone: no prone time to flag, and no code 01.
    let mut input = complete(&willow, start);
    input["positions"] = json!([{"at": at(start, 0), "code": "07"}, {"at": at(start, 3), "code": "11"}]);
    let v = record(&t, "nurse", input);
    assert_eq!((v["proneMinutes"].as_f64(), &v["proneFlagged"]), (Some(0.0), &json!(false)));
    assert!(!v["mhsdsCodes"].as_array().unwrap().contains(&json!("01")));
}

#[test]
fn every_required_item_of_s6_missing_is_refused_naming_it_and_nothing_is_written() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let ok = complete(&willow, two_hours_ago());
    type Edit = fn(&mut Value);
    let cases: &[(&str, Edit)] = &[
        ("reason", |v| v["reason"] = json!("  ")),
        ("place", |v| v["place"] = Value::Null),
        ("startedAt", |v| v["startedAt"] = Value::Null),
        ("endedAt", |v| v["endedAt"] = Value::Null),
        ("forceTypes", |v| v["forceTypes"] = json!([])),
        ("inCarePlan", |v| v["inCarePlan"] = Value::Null),
        ("patientName", |v| v["patientName"] = json!("")),
        ("howUsed", |v| v["howUsed"] = Value::Null),
        ("nhsNumber", |v| v["nhsNumber"] = Value::Null),
        ("staff", |v| v["staff"] = json!([])),
        ("staff[1].jobTitle", |v| v["staff"][1]["jobTitle"] = json!(" ")),
        ("nonStaffInvolved", |v| v["nonStaffInvolved"] = Value::Null),
        ("nonStaffReason", |v| v["nonStaffInvolved"] = json!(true)),
        ("mentalDisorder", |v| v["mentalDisorder"] = Value::Null),
        ("protectedCharacteristics", |v| v["protectedCharacteristics"] = Value::Null),
        ("learningDisabilityOrAutism", |v| v["learningDisabilityOrAutism"] = Value::Null),
        ("outcome", |v| v["outcome"] = Value::Null),
        ("diedOrSeriouslyInjured", |v| v["diedOrSeriouslyInjured"] = Value::Null),
        ("effortsToAvoid", |v| v["effortsToAvoid"] = Value::Null),
        ("carePlanPeopleNotified", |v| v["carePlanPeopleNotified"] = Value::Null),
        ("positions", |v| v["positions"] = json!([])),
        ("chemical", |v| v["chemical"] = json!([])),
        ("mechanical", |v| v["forceTypes"] = json!(["physical", "chemical", "mechanical"])),
        ("positions[1].code", |v| v["positions"][1]["code"] = json!("14")),
        ("endedAt", |v| {
            let start = DateTime::parse_from_rfc3339(v["startedAt"].as_str().unwrap()).unwrap();
            v["endedAt"] = json!((start - Duration::minutes(1)).to_rfc3339());
        }),
    ];
    let (rows, log) = (t.rows("use_of_force"), t.log_len());
    for (field, edit) in cases {
        let mut input = ok.clone();
        edit(&mut input);
        let e = t.err("nurse", "record_use_of_force", input);
        assert_code(&e, ErrorCode::Validation, Some(field));
        assert!(!e.message.contains(PATIENT) && !e.message.contains("9434765919"), "{}", e.message);
    }
    assert_eq!((t.rows("use_of_force"), t.log_len()), (rows, log), "nothing half-written");
}

#[test]
fn negligible_force_needs_only_its_reason() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let rows = t.rows("use_of_force");
    let e = t.err("nurse", "record_use_of_force", json!({"negligible": true, "negligibleReason": "Guided"}));
    assert_code(&e, ErrorCode::Validation, Some("wardId"));
    let e = t.err("nurse", "record_use_of_force", json!({"wardId": willow, "negligible": true}));
    assert_code(&e, ErrorCode::Validation, Some("negligibleReason"));
    let e =
        t.err("nurse", "record_use_of_force", json!({"wardId": willow, "negligible": true, "negligibleReason": " "}));
    assert_code(&e, ErrorCode::Validation, Some("negligibleReason"));
    assert_eq!(t.rows("use_of_force"), rows);
    let v = record(
        &t,
        "nurse",
        json!({"wardId": willow, "negligible": true, "negligibleReason": "Hand on the arm to guide, no resistance"}),
    );
    assert_eq!(v["record"]["negligible"], true);
    assert_eq!((&v["durationMinutes"], &v["proneMinutes"]), (&Value::Null, &Value::Null));
    assert_eq!(v["mhsdsCodes"], json!([]));
    // Its lists were written empty (the columns are NOT NULL).
    let lists: String = t
        .app
        .store()
        .read(|c| {
            Ok(c.query_row(
                "SELECT force_types || staff || positions || chemical || mechanical FROM use_of_force WHERE id = ?",
                [v["record"]["id"].as_str().unwrap()],
                |r| r.get(0),
            )
            .unwrap())
        })
        .unwrap();
    assert_eq!(lists, "[][][][][]");
}

#[test]
fn a_wrong_nhs_check_digit_a_future_start_and_a_foreign_episode_are_refused() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let oak = t.ward("Oak Ward");
    let start = two_hours_ago();
    let rows = t.rows("use_of_force");
    let mut input = complete(&willow, start);
    input["nhsNumber"] = json!("943 476 5918");
    let e = t.err("nurse", "record_use_of_force", input);
    assert_code(&e, ErrorCode::Validation, Some("nhsNumber"));
    assert!(!e.message.contains("5918"), "{}", e.message);

    let future = Utc::now() + Duration::hours(1);
    let mut input = complete(&willow, future);
    input["positions"] = json!([{"at": at(future, 0), "code": "07"}]);
    input["chemical"][0]["at"] = json!(at(future, 1));
    let e = t.err("nurse", "record_use_of_force", input);
    assert_code(&e, ErrorCode::Validation, Some("startedAt"));

    let room = t.ok("matron", "list_areas", json!({"wardId": oak}))[0]["id"].clone();
    let episode = t.ok(
        "matron",
        "start_seclusion",
        json!({"wardId": oak, "roomAreaId": room, "patientName": PATIENT, "nhsNumber": "9434765919",
               "authorisedBy": "doctor", "authorisedByName": "Dr B", "reason": "Assault on staff"}),
    )["episode"]["episode"]["id"]
        .clone();
    let mut input = complete(&willow, start);
    input["episodeId"] = episode.clone();
    let e = t.err("matron", "record_use_of_force", input);
    assert_code(&e, ErrorCode::NotFound, Some("episodeId"));
    let e = t.err("nurse", "record_use_of_force", complete(&oak, start));
    assert_code(&e, ErrorCode::Forbidden, None);
    assert_eq!(t.rows("use_of_force"), rows, "nothing written");

    // In its own ward's episode it is accepted.
    let mut input = complete(&oak, start);
    input["episodeId"] = episode.clone();
    assert_eq!(record(&t, "matron", input)["record"]["episodeId"], episode);
}

#[test]
fn a_wards_records_by_london_month_newest_first() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let this_month = Utc::now().with_timezone(&chrono_tz::Europe::London).format("%Y-%m").to_string();
    let starts = [two_hours_ago() - Duration::minutes(60), two_hours_ago()];
    let ids: Vec<Value> =
        starts.iter().map(|s| record(&t, "nurse", complete(&willow, *s))["record"]["id"].clone()).collect();
    let all = t.ok("governance", "ward_use_of_force", json!({"wardId": willow}));
    let got: Vec<Value> = all.as_array().unwrap().iter().map(|v| v["record"]["id"].clone()).collect();
    assert_eq!(got, vec![ids[1].clone(), ids[0].clone()], "newest first");
    let month = t.ok("nurse", "ward_use_of_force", json!({"wardId": willow, "month": this_month}));
    let in_month = |s: &DateTime<Utc>| s.with_timezone(&chrono_tz::Europe::London).format("%Y-%m").to_string();
    let expected = starts.iter().filter(|s| in_month(s) == this_month).count();
    assert_eq!(month.as_array().unwrap().len(), expected, "{month}");
    let empty = t.ok("nurse", "ward_use_of_force", json!({"wardId": willow, "month": "2001-01"}));
    assert_eq!(empty, json!([]));
    let e = t.err("nurse", "ward_use_of_force", json!({"wardId": willow, "month": "2026-13"}));
    assert_code(&e, ErrorCode::Validation, Some("month"));
    let e = t.err("estates", "ward_use_of_force", json!({"wardId": willow}));
    assert_code(&e, ErrorCode::Forbidden, None);
}

#[test]
fn a_record_is_purged_only_after_3_years_blanking_the_patient() {
    let (t, clock) = Trust::demo_with_clock();
    let willow = t.ward("Willow Ward");
    let v = record(&t, "nurse", complete(&willow, two_hours_ago()));
    let id = v["record"]["id"].clone();
    let now = Utc::now();
    let three_years = now.checked_add_months(Months::new(36)).unwrap() - now;
    let purge = json!({"id": id, "reason": "Retention period ended"});
    let (rows, log) = (t.rows("use_of_force"), t.log_len());

    let e = t.err("admin", "purge_use_of_force", json!({"id": id, "reason": " "}));
    assert_code(&e, ErrorCode::Validation, Some("reason"));
    let listed = |t: &Trust| t.ok("admin", "purgeable_use_of_force", json!({}));
    clock.set(three_years - Duration::days(1));
    let none = listed(&t);
    assert_eq!((none["total"].clone(), none["records"].clone()), (json!(0), json!([])), "not yet: not listed");
    let e = t.err("admin", "purge_use_of_force", purge.clone());
    assert_code(&e, ErrorCode::InvalidState, None);
    assert!(e.message.contains("at least 3 years"), "{}", e.message);
    assert_eq!(t.ok("nurse", "get_use_of_force", json!({"id": id}))["record"]["patientName"], PATIENT);
    assert_eq!((t.rows("use_of_force"), t.log_len()), (rows, log), "nothing written");

    clock.set(three_years + Duration::days(1));
    let e = t.err("matron", "purge_use_of_force", purge.clone());
    assert_code(&e, ErrorCode::Forbidden, None);
    // The administrator's list: where and when, never the patient or what happened.
    let list = listed(&t);
    assert_eq!(list["total"], 1);
    let row = &list["records"][0];
    assert_eq!((row["id"].clone(), row["wardName"].clone()), (id.clone(), json!("Willow Ward")));
    assert_eq!(
        (row["happenedAt"].clone(), row["recordedAt"].clone()),
        (v["record"]["startedAt"].clone(), v["record"]["recordedAt"].clone())
    );
    let shown = list.to_string();
    for secret in [PATIENT, "9434765919", "Assault"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    for bad in [json!({"limit": 0}), json!({"limit": 501}), json!({"limit": "ten"})] {
        assert_code(&t.err("admin", "purgeable_use_of_force", bad), ErrorCode::Validation, Some("limit"));
    }
    assert_code(&t.err("governance", "purgeable_use_of_force", json!({})), ErrorCode::Forbidden, None);
    let out = t.ok("admin", "purge_use_of_force", purge.clone());
    assert_eq!(out["id"], id);
    let e = t.err("nurse", "get_use_of_force", json!({"id": id}));
    assert_code(&e, ErrorCode::NotFound, Some("id"));
    assert_eq!(t.ok("nurse", "ward_use_of_force", json!({"wardId": willow})), json!([]));
    let e = t.err("admin", "purge_use_of_force", purge);
    assert_code(&e, ErrorCode::NotFound, Some("id"));
    assert_eq!(listed(&t)["total"], 0, "purged: no longer listed");

    // Never hard-deleted: the row stays, marked deleted, the patient blanked, why and by whom kept.
    let row: (i64, Option<String>, Option<String>, String, Option<String>) = t
        .app
        .store()
        .read(|c| {
            Ok(c.query_row(
                "SELECT deleted, patient_name, nhs_number, purge_reason, reason FROM use_of_force WHERE id = ?",
                [id.as_str().unwrap()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap())
        })
        .unwrap();
    assert_eq!(row.0, 1);
    assert_eq!((row.1, row.2), (None, None));
    assert_eq!(row.3, "Retention period ended");
    assert_eq!(row.4.as_deref(), Some("Assault on a member of staff"), "the rest is kept");
    let changes = t.app.store().read(|c| wardsafe_store::queries::change_log(c, 0, i64::MAX)).unwrap();
    let last: Vec<(&str, &str)> = changes.iter().rev().take(2).map(|c| (c.entity.as_str(), c.op.as_str())).collect();
    assert_eq!(last, vec![("use_of_force", "delete"), ("use_of_force", "update")]);
    let update = &changes[changes.len() - 2];
    assert_eq!(update.fields["patient_name"], Value::Null);
    assert_eq!(update.fields["purge_reason"], "Retention period ended");
    // Nor in the change log: the record's earlier changes are blanked too, the rest of them kept.
    let of_record: Vec<_> = changes.iter().filter(|c| c.entity_id.to_string() == id.as_str().unwrap()).collect();
    assert_eq!(of_record.len(), 3, "insert, purge, delete");
    let logged = serde_json::to_string(&of_record.iter().map(|c| &c.fields).collect::<Vec<_>>()).unwrap();
    assert!(!logged.contains(PATIENT) && !logged.contains("9434765919"), "{logged}");
    assert_eq!(of_record[0].fields["reason"], "Assault on a member of staff");
}
