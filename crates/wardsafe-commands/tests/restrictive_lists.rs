//! Where seclusion and segregation episodes are listed (issue 5): a ward's
//! episodes going on and ended, the ended ones waiting for the matron's
//! sign-off on her board, and the desktop notices of a review due soon or
//! missed — which go to the people who record on that ward, and never name
//! the patient.

mod support;

use serde_json::{json, Value};
use support::episodes::*;
use support::{assert_code, Trust};
use wardsafe_commands::ErrorCode;

fn end(t: &Trust, user: &str, episode: &Value, c: &Clock, at: i64) {
    t.ok(
        user,
        "end_episode",
        json!({"episodeId": episode, "endedAt": c.s(at), "ending": "transferred", "debriefOffered": true}),
    );
}

fn ids(list: &Value) -> Vec<Value> {
    list.as_array().unwrap().iter().map(|e| e["episodeId"].clone()).collect()
}

#[test]
fn a_wards_episodes_and_the_ended_ones_awaiting_sign_off() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let oak = t.ward("Oak Ward");
    let now_c = Clock::ago(30);
    let going = id(&seclude(&t, "nurse", &willow, &now_c, NHS, true));
    // Ended after 90 minutes with nothing recorded: observations and the nursing review missed.
    let first = Clock::ago(300);
    let early = id(&seclude(&t, "nurse", &willow, &first, OTHER_NHS, true));
    end(&t, "nurse", &early, &first, 90);
    // Ended more recently, observations kept.
    let second = Clock::ago(120);
    let late = id(&seclude(&t, "nurse", &willow, &second, "9876543210", true));
    for m in [14, 28] {
        observe(&t, &late, second.s(m));
    }
    end(&t, "nurse", &late, &second, 40);
    let oak_c = Clock::ago(200);
    let on_oak = id(&seclude(&t, "matron", &oak, &oak_c, "1234567881", true));
    end(&t, "matron", &on_oak, &oak_c, 20);

    let ward = t.ok("nurse", "ward_episodes", json!({"wardId": willow}));
    assert_eq!(ids(&ward["active"]), vec![going.clone()]);
    assert_eq!(ids(&ward["ended"]), vec![late.clone(), early.clone()], "most recently ended first");
    let e = &ward["ended"][1];
    assert_eq!(e["durationMinutes"], 90);
    assert_eq!(e["ending"], "transferred");
    assert_eq!(time(&e["endedAt"]), Some(first.at(90)));
    // Observations due at 15, 30, 45, 60, 75, 90 would have been missed; at least the first five.
    assert!(e["missedCount"].as_u64().unwrap() >= 5, "{e}");
    assert_eq!(ward["ended"][0]["missedCount"], 0, "observed at 14 and 28, ended at 40");

    // The matron's board: Willow's and Oak's ended episodes wait for her sign-off.
    let board = t.ok("matron", "matron_board", json!({}));
    assert_eq!(ids(&board["entries"]), vec![going.clone()]);
    assert_eq!(ids(&board["awaitingSignOff"]), vec![late.clone(), on_oak.clone(), early.clone()]);
    t.ok("matron", "sign_off_episode", json!({"episodeId": late, "comment": "Well managed"}));
    let board = t.ok("matron", "matron_board", json!({}));
    assert_eq!(ids(&board["awaitingSignOff"]), vec![on_oak.clone(), early.clone()]);
    // Signed off, it stays in the ward's list with its sign-off.
    let ward = t.ok("nurse", "ward_episodes", json!({"wardId": willow}));
    assert_eq!(ward["ended"][0]["signOff"]["comment"], "Well managed");

    // The nurse covers Willow only; estates and administrators see no patient records.
    let nurse_board = t.ok("nurse", "matron_board", json!({}));
    assert_eq!(ids(&nurse_board["awaitingSignOff"]), vec![early.clone()]);
    assert_code(&t.err("nurse", "ward_episodes", json!({"wardId": oak})), ErrorCode::Forbidden, None);
    assert_code(&t.err("estates", "ward_episodes", json!({"wardId": willow})), ErrorCode::Forbidden, None);
    assert_code(&t.err("admin", "ward_episodes", json!({"wardId": willow})), ErrorCode::Forbidden, None);
    assert_eq!(t.ok("governance", "ward_episodes", json!({"wardId": oak}))["ended"].as_array().unwrap().len(), 1);
    let e = t.err("matron", "ward_episodes", json!({"wardId": "00000000-0000-7000-8000-000000000000"}));
    assert_code(&e, ErrorCode::NotFound, Some("wardId"));
}

#[test]
fn a_review_due_soon_and_a_missed_one_are_notices_for_the_wards_recorders() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    // A nurse authorised it 50 minutes ago: the first medical review is due in 10 minutes.
    let soon = Clock::ago(50);
    let due = id(&seclude(&t, "nurse", &willow, &soon, NHS, false));
    for m in [14, 28, 42] {
        observe(&t, &due, soon.s(m));
    }
    // Two hours ago, with nothing recorded: the first medical review (at 1 hour) was missed.
    let old = Clock::ago(120);
    let missed = id(&seclude(&t, "nurse", &willow, &old, OTHER_NHS, false));

    let notices = t.ok("nurse", "my_notices", json!({}));
    let reviews = notices["reviews"].as_array().unwrap();
    let find = |kind: &str, ep: &Value, rule: &str| {
        reviews.iter().find(|n| n["kind"] == kind && &n["episodeId"] == ep && n["ruleId"] == rule).cloned()
    };
    let d = find("due_soon", &due, "seclusion_first_medical_review").expect("due soon");
    assert_eq!(time(&d["dueAt"]), Some(soon.at(60)));
    let m = find("missed", &missed, "seclusion_first_medical_review").expect("missed");
    assert_eq!(time(&m["dueAt"]), Some(old.at(60)));
    assert_eq!(m["wardName"], "Willow Ward");
    assert_eq!(reviews[0]["kind"], "missed", "missed first");
    assert!(find("due_soon", &due, "seclusion_observation").is_none(), "observations prompt on the episode's screen");
    let text = notices["reviews"].to_string();
    assert!(!text.contains(PATIENT) && !text.contains("9434765919"), "no patient identifiers: {text}");

    // The same event keeps its key; once the review is recorded, its notice goes.
    let again = t.ok("matron", "my_notices", json!({}));
    assert!(again["reviews"].as_array().unwrap().iter().any(|n| n["key"] == d["key"]));
    t.ok(
        "manager",
        "record_review",
        json!({"episodeId": due, "kind": "medical", "at": soon.s(50), "by": "doctor", "byName": "Dr Adeyemi"}),
    );
    let after = t.ok("nurse", "my_notices", json!({}));
    assert!(!after["reviews"].as_array().unwrap().iter().any(|n| n["key"] == d["key"]));

    // Governance reads but is not on the ward to act; estates never hear of patients.
    for user in ["governance", "estates", "admin"] {
        assert!(t.ok(user, "my_notices", json!({}))["reviews"].as_array().unwrap().is_empty(), "{user}");
    }
}
