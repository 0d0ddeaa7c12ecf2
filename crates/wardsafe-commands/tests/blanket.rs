//! The blanket restrictions register through the commands (issue 5;
//! DESIGN.md §2.4; Code of Practice chapter 8): adding, reviewing and
//! lifting, overdue reviews flagged and listed first, bad input refused
//! naming its field with nothing written, and who may do what.

mod support;

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use support::{assert_code, Trust};
use wardsafe_commands::ErrorCode;

fn day(offset: i64) -> String {
    wardsafe_domain::remediation::london_date(Utc::now() + Duration::days(offset)).to_string()
}

fn input(ward: &str, restriction: &str, review_in_days: i64) -> Value {
    json!({"wardId": ward, "restriction": restriction, "reason": "Ligature risk in the garden while the fence is repaired",
           "approvedBy": "M Matron (matron)", "approvedOn": day(-60), "reviewDate": day(review_in_days)})
}

fn names(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|r| r["restriction"]["restriction"].as_str().unwrap().to_string()).collect()
}

#[test]
fn bad_input_names_its_field_and_writes_nothing() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let ok = input(&willow, "Garden locked after 20:00", 30);
    type Edit = fn(&mut Value);
    let cases: &[(&str, Edit)] = &[
        ("restriction", |v| v["restriction"] = json!(" ")),
        ("reason", |v| v["reason"] = json!("")),
        ("approvedBy", |v| v["approvedBy"] = json!("")),
        ("approvedOn", |v| v["approvedOn"] = json!(day(2))),
        ("approvedOn", |v| v["approvedOn"] = json!("yesterday")),
        ("reviewDate", |v| v["reviewDate"] = json!(day(-61))),
        ("reviewDate", |v| v["reviewDate"] = json!("2026-13-01")),
        ("wardId", |v| v["wardId"] = json!("not a ward")),
    ];
    let (rows, log) = (t.rows("blanket_restrictions"), t.log_len());
    for (field, edit) in cases {
        let mut v = ok.clone();
        edit(&mut v);
        assert_code(&t.err("manager", "add_blanket_restriction", v), ErrorCode::Validation, Some(field));
    }
    assert_eq!((t.rows("blanket_restrictions"), t.log_len()), (rows, log));

    let id = t.ok("manager", "add_blanket_restriction", ok)["restriction"]["id"].clone();
    let review = |date: String, note: &str| json!({"id": id, "nextReviewDate": date, "note": note});
    let e = t.err("manager", "review_blanket_restriction", review(day(30), " "));
    assert_code(&e, ErrorCode::Validation, Some("note"));
    let e = t.err("manager", "review_blanket_restriction", review(day(-1), "Still needed"));
    assert_code(&e, ErrorCode::Validation, Some("nextReviewDate"));
    let lift = |on: String, reason: &str| json!({"id": id, "liftedOn": on, "reason": reason});
    let e = t.err("manager", "lift_blanket_restriction", lift(day(1), "Fence repaired"));
    assert_code(&e, ErrorCode::Validation, Some("liftedOn"));
    let e = t.err("manager", "lift_blanket_restriction", lift(day(-90), "Fence repaired"));
    assert_code(&e, ErrorCode::Validation, Some("liftedOn"));
    let e = t.err("manager", "lift_blanket_restriction", lift(day(0), ""));
    assert_code(&e, ErrorCode::Validation, Some("reason"));
    let e = t.err("manager", "lift_blanket_restriction", json!({"id": willow, "liftedOn": day(0), "reason": "x"}));
    assert_code(&e, ErrorCode::NotFound, Some("id"));
    assert_eq!(t.rows("blanket_restrictions"), rows + 1);
}

#[test]
fn overdue_reviews_are_flagged_and_listed_first_until_reviewed_then_lifted_ones_last() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let add = |name: &str, review: i64| t.ok("matron", "add_blanket_restriction", input(&willow, name, review));
    let due_today = add("Due today", 0);
    assert_eq!((due_today["reviewOverdue"].clone(), due_today["inPlace"].clone()), (json!(false), json!(true)));
    let later = add("Later", 20);
    let overdue = add("Overdue a week", -7);
    assert_eq!((overdue["reviewOverdue"].clone(), overdue["daysOverdue"].clone()), (json!(true), json!(7)));
    add("Overdue a day", -1);
    let list = t.ok("nurse", "blanket_restrictions", json!({"wardId": willow}));
    assert_eq!(names(&list), ["Overdue a week", "Overdue a day", "Due today", "Later"]);

    let id = overdue["restriction"]["id"].clone();
    let reviewed = t.ok(
        "manager",
        "review_blanket_restriction",
        json!({"id": id, "nextReviewDate": day(28), "note": "Fence still down; keep for four weeks"}),
    );
    assert_eq!(reviewed["reviewOverdue"], false);
    assert_eq!(reviewed["restriction"]["reviewDate"], day(28));
    assert_eq!(reviewed["reviewNote"], "Fence still down; keep for four weeks");
    assert_eq!(reviewed["reviewedByName"], t.ok("manager", "whoami", Value::Null)["displayName"]);

    let lifted = t.ok(
        "manager",
        "lift_blanket_restriction",
        json!({"id": later["restriction"]["id"], "liftedOn": day(0), "reason": "No longer needed"}),
    );
    assert_eq!((lifted["inPlace"].clone(), lifted["liftedReason"].clone()), (json!(false), json!("No longer needed")));
    let list = t.ok("governance", "blanket_restrictions", json!({}));
    assert_eq!(names(&list), ["Overdue a day", "Due today", "Overdue a week", "Later"]);
    let again = json!({"id": later["restriction"]["id"], "liftedOn": day(0), "reason": "Again"});
    assert_code(&t.err("manager", "lift_blanket_restriction", again), ErrorCode::InvalidState, None);
    let review = json!({"id": later["restriction"]["id"], "nextReviewDate": day(5), "note": "x"});
    assert_code(&t.err("manager", "review_blanket_restriction", review), ErrorCode::InvalidState, None);
}

#[test]
fn managers_and_matrons_record_staff_and_governance_read_and_no_one_else() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let oak = t.ward("Oak Ward");
    t.ok("matron", "add_blanket_restriction", input(&oak, "Oak: kitchen locked", 10));
    t.ok("manager", "add_blanket_restriction", input(&willow, "Willow: phones handed in at night", 10));
    for user in ["nurse", "estates", "governance", "admin"] {
        let e = t.err(user, "add_blanket_restriction", input(&willow, "No", 10));
        assert_code(&e, ErrorCode::Forbidden, None);
    }
    // The Willow manager may not record on Oak; the nurse sees only Willow.
    let e = t.err("manager", "add_blanket_restriction", input(&oak, "No", 10));
    assert_code(&e, ErrorCode::Forbidden, None);
    assert_eq!(names(&t.ok("nurse", "blanket_restrictions", json!({}))), ["Willow: phones handed in at night"]);
    assert_code(&t.err("nurse", "blanket_restrictions", json!({"wardId": oak})), ErrorCode::Forbidden, None);
    assert_eq!(t.ok("governance", "blanket_restrictions", json!({})).as_array().unwrap().len(), 2);
    for user in ["estates", "admin"] {
        assert_code(&t.err(user, "blanket_restrictions", json!({})), ErrorCode::Forbidden, None);
    }
}
