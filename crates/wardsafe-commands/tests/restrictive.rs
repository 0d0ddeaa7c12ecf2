//! Seclusion and long-term segregation through the commands (issue 5;
//! DESIGN.md §2.4; Code of Practice chapter 26): an episode from start to end
//! with its compliance at several instants, the matron's board with a missed
//! review, sign-off, the review rules, the documented compliance JSON, and
//! every kind of bad input refused naming its field with nothing written.
//!
//! Starts may be recorded after the fact, so each episode starts in the past
//! (whole minutes before now) and its records are dated then.

mod support;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use support::episodes::*;
use support::{assert_code, Trust};
use wardsafe_commands::ErrorCode;

#[test]
fn a_seclusion_from_start_to_end_with_its_compliance_at_several_instants() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let c = Clock::ago(300);
    let started = seclude(&t, "nurse", &willow, &c, NHS, false);
    let ep = id(&started);
    assert_eq!(started["episode"]["patientName"], PATIENT);
    assert_eq!(started["episode"]["nhsNumber"], "9434765919");
    assert_eq!(started["episode"]["startedByName"], "Alex Morgan");
    for m in [10, 25, 40] {
        observe(&t, &ep, c.s(m));
    }
    t.ok(
        "nurse",
        "record_review",
        json!({"episodeId": ep, "kind": "medical", "at": c.s(50), "by": "doctor", "byName": "Dr Khan"}),
    );
    t.ok(
        "nurse",
        "record_review",
        json!({"episodeId": ep, "kind": "nursing", "at": c.s(110), "by": "registered_nurse",
               "otherStaff": ["healthcare_assistant"]}),
    );
    let at = |m: i64| t.ok("governance", "get_episode", json!({"episodeId": ep, "at": c.s(m)}));

    // 45 minutes in: observations on time, the next due 15 minutes after the last;
    // the first medical review (1 hour, a nurse authorised it) due.
    let d = at(45);
    let obs = requirement(&d, "seclusion_observation");
    assert_eq!((obs["state"].as_str(), obs["met"].as_u64()), (Some("due"), Some(3)));
    assert_eq!(time(&obs["nextDueAt"]), Some(c.at(55)));
    let first = requirement(&d, "seclusion_first_medical_review");
    assert_eq!((first["state"].as_str(), time(&first["nextDueAt"])), (Some("due"), Some(c.at(60))));
    assert_eq!(d["compliance"]["overdue"], false);

    // 70 minutes: the observation due at 55 is missed and overdue; the doctor at 50 met the first review.
    let d = at(70);
    let obs = requirement(&d, "seclusion_observation");
    assert_eq!(obs["state"], "missed");
    assert_eq!(time(&obs["overdueSince"]), Some(c.at(55)));
    assert_eq!(requirement(&d, "seclusion_first_medical_review")["state"], "met");
    assert_eq!(d["compliance"]["overdue"], true);
    // The 4-hourly medical reviews count from the first (50 + 240).
    assert_eq!(time(&requirement(&d, "seclusion_medical_review_until_mdt")["nextDueAt"]), Some(c.at(290)));

    // Now: the nursing review at 110 met the one due at 120; the next is due at 230, missed.
    let now = t.ok("matron", "get_episode", json!({"episodeId": ep}));
    let nursing = requirement(&now, "seclusion_nursing_review");
    assert_eq!(nursing["met"], 1);
    assert_eq!(nursing["state"], "missed");
    assert_eq!(now["compliance"]["ended"], false);
    assert_eq!(now["recorded"].as_array().unwrap().len(), 5);

    // Ended at 4 hours with a debrief offered: nothing is overdue any more, what was missed stays missed.
    let ended = t.ok(
        "nurse",
        "end_episode",
        json!({"episodeId": ep, "endedAt": c.s(240), "ending": "ended_at_review", "debriefOffered": true}),
    );
    let comp = &ended["compliance"];
    assert_eq!((comp["ended"].as_bool(), comp["durationMinutes"].as_u64()), (Some(true), Some(240)));
    assert_eq!(comp["overdue"], false);
    assert_eq!(requirement(&ended, "seclusion_observation")["state"], "missed");
    assert_eq!(
        requirement(&ended, "seclusion_medical_review_until_mdt")["state"],
        "not_required",
        "due 290, after the end"
    );
    assert_eq!(ended["episode"]["endedByName"], "Alex Morgan");

    // The same timeline as JSON through evaluate_compliance gives the same answer.
    let evaluated_at = comp["evaluatedAt"].clone();
    let request = json!({"now": evaluated_at, "timeline": ended["timeline"], "otherEpisodes": ended["otherEpisodes"]});
    assert_eq!(&t.ok("estates", "evaluate_compliance", request), comp);
}

#[test]
fn the_matron_board_shows_a_missed_review_as_overdue_most_urgent_first() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let oak = t.ward("Oak Ward");
    // Three hours in, nothing recorded: the first medical review (due at 1 hour) is missed.
    let old = Clock::ago(180);
    let missed = id(&seclude(&t, "nurse", &willow, &old, NHS, false));
    // Ten minutes in, observed at 5: nothing overdue, the next observation due at 20.
    let fresh = Clock::ago(10);
    let fine = id(&seclude(&t, "nurse", &willow, &fresh, OTHER_NHS, true));
    observe(&t, &fine, fresh.s(5));
    // Nine hours in on another ward: past the 8-hour independent MDT review threshold.
    let long = Clock::ago(540);
    let oak_one = id(&seclude(&t, "matron", &oak, &long, "1234567881", true));
    // Ended episodes are not on the board.
    let gone = Clock::ago(100);
    let ended = id(&seclude(&t, "nurse", &willow, &gone, "9876543210", true));
    t.ok(
        "nurse",
        "end_episode",
        json!({"episodeId": ended, "endedAt": gone.s(30), "ending": "transferred", "debriefOffered": false}),
    );

    let board = t.ok("matron", "matron_board", json!({}));
    let entries = board["entries"].as_array().unwrap();
    let ids: Vec<&Value> = entries.iter().map(|e| &e["episodeId"]).collect();
    assert_eq!(ids.len(), 3, "active episodes only: {ids:?}");
    // Overdue the longest first: the Oak seclusion's first observation was due 9 hours ago.
    assert_eq!(ids, vec![&oak_one, &missed, &fine]);
    assert_eq!(board["overdueCount"], 2);
    let m = &entries[1];
    assert_eq!(m["patientName"], PATIENT);
    let overdue: Vec<(&str, Option<DateTime<Utc>>)> =
        m["overdue"].as_array().unwrap().iter().map(|o| (o["ruleId"].as_str().unwrap(), time(&o["at"]))).collect();
    assert!(overdue.contains(&("seclusion_first_medical_review", Some(old.at(60)))), "{overdue:?}");
    assert!(overdue.contains(&("seclusion_observation", Some(old.at(15)))), "{overdue:?}");
    assert_eq!(m["pastIndependentThreshold"], false);
    assert_eq!(time(&m["independentReviewAt"]), Some(old.at(480)));
    let f = &entries[2];
    assert!(f["overdue"].as_array().unwrap().is_empty());
    assert_eq!(
        (f["nextDue"]["ruleId"].as_str(), time(&f["nextDue"]["at"])),
        (Some("seclusion_observation"), Some(fresh.at(20)))
    );
    assert_eq!(entries[0]["pastIndependentThreshold"], true);
    assert_eq!(entries[0]["wardName"], "Oak Ward");

    // The nurse covers Willow Ward only; estates see no patient records at all.
    let nurse = t.ok("nurse", "matron_board", json!({}));
    assert_eq!(nurse["entries"].as_array().unwrap().len(), 2);
    assert_code(&t.err("nurse", "matron_board", json!({"wardId": oak})), ErrorCode::Forbidden, None);
    assert_code(&t.err("estates", "matron_board", json!({})), ErrorCode::Forbidden, None);
    assert_code(&t.err("nurse", "get_episode", json!({"episodeId": oak_one})), ErrorCode::Forbidden, None);

    // The matron signs the missed one off, once; the board shows it.
    let signed = t.ok("matron", "sign_off_episode", json!({"episodeId": missed, "comment": "Medical review chased"}));
    assert_eq!(signed["episode"]["signOff"]["comment"], "Medical review chased");
    assert_eq!(signed["episode"]["signOff"]["byName"], "Jo Okafor");
    let e = t.err("matron", "sign_off_episode", json!({"episodeId": missed, "comment": "Again"}));
    assert_code(&e, ErrorCode::InvalidState, None);
    assert_code(
        &t.err("manager", "sign_off_episode", json!({"episodeId": fine, "comment": "x"})),
        ErrorCode::Forbidden,
        None,
    );
    let board = t.ok("matron", "matron_board", json!({"wardId": willow}));
    assert_eq!(board["entries"][0]["signOff"]["comment"], "Medical review chased");
}

#[test]
fn a_patients_other_episodes_count_towards_12_hours_within_48() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    // Seven hours of seclusion that ended a day ago, then six hours now: 13 in 48.
    let before = Clock::ago(30 * 60);
    let first = id(&seclude(&t, "nurse", &willow, &before, NHS, true));
    t.ok(
        "nurse",
        "end_episode",
        json!({"episodeId": first, "endedAt": before.s(420), "ending": "ended_at_review", "debriefOffered": true}),
    );
    // Another patient's long seclusion does not count.
    let other = Clock::ago(40 * 60);
    let theirs = id(&seclude(&t, "nurse", &willow, &other, OTHER_NHS, true));
    t.ok(
        "nurse",
        "end_episode",
        json!({"episodeId": theirs, "endedAt": other.s(600), "ending": "ended_at_review", "debriefOffered": true}),
    );
    let now = Clock::ago(360);
    let second = seclude(&t, "nurse", &willow, &now, NHS, true);
    assert_eq!(second["otherEpisodes"].as_array().unwrap().len(), 1);
    // 7 hours before + 5 hours of this one = 12: due then, and owed since it went on.
    let ind = requirement(&second, "seclusion_independent_mdt_review");
    assert_eq!(time(&ind["occurrences"][0]["dueAt"]), Some(now.at(300)));
    assert_eq!(ind["state"], "missed");
    let board = t.ok("matron", "matron_board", json!({"wardId": willow}));
    assert_eq!(board["entries"][0]["pastIndependentThreshold"], true);
}

#[test]
fn segregation_has_its_own_reviews() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let c = Clock::ago(2 * 24 * 60);
    let lts = t.ok(
        "manager",
        "start_segregation",
        json!({"wardId": willow, "patientName": PATIENT, "nhsNumber": NHS, "startedAt": c.s(0),
               "authorisedBy": "approved_clinician", "authorisedByName": "Dr Rao", "reason": "Persistent risk",
               "carePlan": "Graded time on the ward"}),
    );
    let ep = id(&lts);
    assert_eq!(lts["episode"]["carePlan"], "Graded time on the ward");
    t.ok(
        "manager",
        "record_review",
        json!({"episodeId": ep, "kind": "approved_clinician", "at": c.s(600), "by": "approved_clinician"}),
    );
    t.ok(
        "manager",
        "record_review",
        json!({"episodeId": ep, "kind": "advocate_informed", "at": c.s(60), "by": "registered_nurse"}),
    );
    let d = t.ok("manager", "get_episode", json!({"episodeId": ep}));
    assert_eq!(requirement(&d, "lts_advocate_informed")["state"], "met");
    assert_eq!(requirement(&d, "lts_commissioner_informed")["state"], "missed");
    // Reviewed at 10 hours, then due a day after: missed at 34 hours.
    assert_eq!(requirement(&d, "lts_approved_clinician_review")["state"], "missed");
    assert_eq!(time(&requirement(&d, "lts_approved_clinician_review")["overdueSince"]), Some(c.at(600 + 24 * 60)));
    // Observations belong to seclusion.
    let e = t.err("manager", "record_observation", json!({"episodeId": ep, "by": "registered_nurse"}));
    assert_code(&e, ErrorCode::Validation, Some("episodeId"));
}

#[test]
fn the_review_rules_are_the_trusts_and_each_change_is_recorded() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let mut rules = t.ok("matron", "get_review_rules", Value::Null);
    let nursing =
        rules["rules"].as_array().unwrap().iter().position(|r| r["id"] == "seclusion_nursing_review").unwrap();
    assert_eq!(rules["rules"][nursing]["repeatEvery"], json!({"minutes": 120}));
    rules["rules"][nursing]["firstDue"] = json!({"minutes": 180});
    rules["rules"][nursing]["repeatEvery"] = json!({"minutes": 180});
    assert_code(&t.err("matron", "set_review_rules", rules.clone()), ErrorCode::Forbidden, None);
    let before = t.log_len();
    let saved = t.ok("admin", "set_review_rules", rules.clone());
    assert_eq!(saved, rules);
    let log = t.app.store().read(|c| wardsafe_store::queries::change_log(c, 0, i64::MAX)).unwrap();
    assert_eq!(log.len(), before + 1);
    let row = log.last().unwrap();
    assert_eq!(row.entity, "review_rules");
    assert!(row.user_id.is_some(), "who changed it is recorded");
    // Saving the same table again changes nothing and records nothing.
    t.ok("admin", "set_review_rules", rules.clone());
    assert_eq!(t.log_len(), before + 1);
    // Episodes are evaluated under the trust's rules.
    let c = Clock::ago(30);
    let d = seclude(&t, "nurse", &willow, &c, NHS, true);
    assert_eq!(time(&requirement(&d, "seclusion_nursing_review")["nextDueAt"]), Some(c.at(180)));
    assert_eq!(t.ok("nurse", "get_review_rules", Value::Null), rules);
}

#[test]
fn the_documented_compliance_example_holds_through_the_command() {
    let t = Trust::demo();
    let doc = include_str!("../../../docs/review-engine.md");
    let block = |marker: &str| -> Value {
        let after = &doc[doc.find(marker).unwrap()..];
        let start = after.find("```json").unwrap() + "```json".len();
        let end = after[start..].find("```").unwrap();
        serde_json::from_str(&after[start..start + end]).unwrap()
    };
    let got = t.ok("governance", "evaluate_compliance", block("<!-- example request -->"));
    assert_eq!(got, block("<!-- example response -->"));
    // Bad fields are named with their path in the request.
    let mut bad = block("<!-- example request -->");
    bad["timeline"]["reviews"][0]["by"] = json!("surgeon");
    assert_code(&t.err("nurse", "evaluate_compliance", bad), ErrorCode::Validation, Some("timeline.reviews[0].by"));
    let mut bad = block("<!-- example request -->");
    bad["timeline"]["episode"]["endedAt"] = json!("2026-01-12T09:00:00Z");
    assert_code(&t.err("nurse", "evaluate_compliance", bad), ErrorCode::Validation, Some("timeline.episode.endedAt"));
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let cedar = t.ward("Cedar Ward");
    let c = Clock::ago(120);
    let ep = id(&seclude(&t, "nurse", &willow, &c, NHS, false));
    let done = Clock::ago(300);
    let ended = id(&seclude(&t, "nurse", &willow, &done, OTHER_NHS, true));
    t.ok(
        "nurse",
        "end_episode",
        json!({"episodeId": ended, "endedAt": done.s(60), "ending": "ended_at_review", "debriefOffered": true}),
    );
    let start = |f: &dyn Fn(&mut Value)| {
        let mut v = json!({"wardId": willow, "roomAreaId": room(&t, "matron", &willow), "patientName": PATIENT,
            "nhsNumber": NHS, "startedAt": c.s(0), "authorisedBy": "registered_nurse", "authorisedByName": "A Person",
            "reason": "Assault"});
        f(&mut v);
        v
    };
    let future = (Utc::now() + Duration::minutes(10)).to_rfc3339();
    let cases: Vec<(&str, Value, ErrorCode, &str)> = vec![
        ("start_seclusion", start(&|v| v["nhsNumber"] = json!("943 476 5918")), ErrorCode::Validation, "nhsNumber"),
        ("start_seclusion", start(&|v| v["nhsNumber"] = json!("94347659")), ErrorCode::Validation, "nhsNumber"),
        ("start_seclusion", start(&|v| v["startedAt"] = json!(future)), ErrorCode::Validation, "startedAt"),
        ("start_seclusion", start(&|v| v["startedAt"] = json!("yesterday")), ErrorCode::Validation, "startedAt"),
        ("start_seclusion", start(&|v| v["patientName"] = json!("  ")), ErrorCode::Validation, "patientName"),
        ("start_seclusion", start(&|v| v["reason"] = json!("")), ErrorCode::Validation, "reason"),
        (
            "start_seclusion",
            start(&|v| v["authorisedBy"] = json!("healthcare_assistant")),
            ErrorCode::Validation,
            "authorisedBy",
        ),
        (
            "start_seclusion",
            start(&|v| v["authorisedByDoctor"] = json!(true)),
            ErrorCode::Validation,
            "authorisedByDoctor",
        ),
        (
            "start_seclusion",
            start(&|v| v["roomAreaId"] = room(&t, "matron", &cedar)),
            ErrorCode::NotFound,
            "roomAreaId",
        ),
        (
            "start_seclusion",
            start(&|v| {
                v.as_object_mut().unwrap().remove("roomAreaId");
            }),
            ErrorCode::Validation,
            "roomAreaId",
        ),
        (
            "start_segregation",
            start(&|v| {
                v.as_object_mut().unwrap().remove("roomAreaId");
            }),
            ErrorCode::Validation,
            "authorisedBy",
        ),
        // An observation before the start, after the end, in the future.
        (
            "record_observation",
            json!({"episodeId": ep, "at": c.s(-1), "by": "healthcare_assistant"}),
            ErrorCode::Validation,
            "at",
        ),
        (
            "record_observation",
            json!({"episodeId": ended, "at": done.s(61), "by": "healthcare_assistant"}),
            ErrorCode::Validation,
            "at",
        ),
        (
            "record_observation",
            json!({"episodeId": ep, "at": future, "by": "healthcare_assistant"}),
            ErrorCode::Validation,
            "at",
        ),
        ("record_observation", json!({"episodeId": ep, "by": "independent_clinician"}), ErrorCode::Validation, "by"),
        // A review by a role that may not lead it, or with too few people.
        (
            "record_review",
            json!({"episodeId": ep, "kind": "medical", "by": "registered_nurse"}),
            ErrorCode::Validation,
            "by",
        ),
        (
            "record_review",
            json!({"episodeId": ep, "kind": "nursing", "by": "registered_nurse"}),
            ErrorCode::Validation,
            "otherStaff",
        ),
        (
            "record_review",
            json!({"episodeId": ep, "kind": "external_review", "by": "independent_clinician"}),
            ErrorCode::Validation,
            "kind",
        ),
        (
            "record_review",
            json!({"episodeId": ep, "kind": "medical", "by": "doctor", "at": c.s(-5)}),
            ErrorCode::Validation,
            "at",
        ),
        // An end before the start, in the future, without the debrief, twice.
        (
            "end_episode",
            json!({"episodeId": ep, "endedAt": c.s(-10), "ending": "ended_at_review", "debriefOffered": true}),
            ErrorCode::Validation,
            "endedAt",
        ),
        (
            "end_episode",
            json!({"episodeId": ep, "endedAt": future, "ending": "ended_at_review", "debriefOffered": true}),
            ErrorCode::Validation,
            "endedAt",
        ),
        ("end_episode", json!({"episodeId": ep, "ending": "ended_at_review"}), ErrorCode::Validation, "debriefOffered"),
        (
            "end_episode",
            json!({"episodeId": ended, "ending": "ended_at_review", "debriefOffered": true}),
            ErrorCode::InvalidState,
            "",
        ),
        ("get_episode", json!({"episodeId": "0190f5c8-8d6b-7c84-8a4b-2f5a3a9b0c11"}), ErrorCode::NotFound, "episodeId"),
        ("sign_off_episode", json!({"episodeId": ep, "comment": " "}), ErrorCode::Validation, "comment"),
    ];
    for (command, input, code, field) in cases {
        let before = t.log_len();
        let user = if command == "sign_off_episode" { "matron" } else { "nurse" };
        let e = t.err(user, command, input.clone());
        assert_code(&e, code, (!field.is_empty()).then_some(field));
        assert_eq!(t.log_len(), before, "{command} {input}: nothing written");
        for identifier in ["943", "4010", PATIENT] {
            assert!(
                !e.message.contains(identifier),
                "{command}: the error repeats a patient identifier: {}",
                e.message
            );
        }
    }
    // An end before the last record is refused too.
    t.ok("nurse", "record_review", json!({"episodeId": ep, "kind": "medical", "at": c.s(90), "by": "doctor"}));
    let before = t.log_len();
    let e = t.err(
        "nurse",
        "end_episode",
        json!({"episodeId": ep, "endedAt": c.s(80), "ending": "ended_at_review", "debriefOffered": true}),
    );
    assert_code(&e, ErrorCode::Validation, Some("endedAt"));
    assert_eq!(t.log_len(), before);
    // A rules table with a bad number names the rule's field.
    let mut rules = t.ok("admin", "get_review_rules", Value::Null);
    rules["rules"][1]["graceMinutes"] = json!(5000);
    assert_code(&t.err("admin", "set_review_rules", rules), ErrorCode::Validation, Some("rules[1].graceMinutes"));
    assert_eq!(t.log_len(), before);
}
