//! Store queries of seclusion and segregation (issue 5): the trust's review
//! rules as saved (a newer device's table is read, not refused), and a
//! patient's other seclusion episodes by NHS number within the window.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;
use wardsafe_domain::restrictive::{NhsNumber, ReviewRules, RuleId};
use wardsafe_store::queries::restrictive::{instant_text, other_episodes, review_rules, rules_id};
use wardsafe_store::{Entity, Store, Value};

fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

#[test]
fn review_rules_default_until_saved_and_a_newer_devices_table_is_read_rule_by_rule() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
    assert_eq!(store.read(review_rules).unwrap(), ReviewRules::default());
    // A table from a newer version: a rule this one does not know, a known one changed, one missing.
    let mut raw = serde_json::to_value(ReviewRules::default()).unwrap();
    let rules = raw["rules"].as_array_mut().unwrap();
    rules.retain(|r| r["id"] != "lts_care_plan");
    rules[0]["graceMinutes"] = serde_json::json!(3);
    rules.push(serde_json::json!({"id": "seclusion_something_new", "citation": "x"}));
    store.write(None, |tx| tx.insert(Entity::ReviewRules, rules_id(), &[("rules", text(raw.to_string()))])).unwrap();
    let read = store.read(review_rules).unwrap();
    assert_eq!(read.validate(), Ok(()));
    assert_eq!(read.get(RuleId::SeclusionObservation).unwrap().grace_minutes, 3);
    assert_eq!(read.get(RuleId::LtsCarePlan), ReviewRules::default().get(RuleId::LtsCarePlan));
}

#[test]
fn other_episodes_are_the_same_patients_seclusions_within_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
    let t0: DateTime<Utc> = "2026-03-01T12:00:00Z".parse().unwrap();
    let h = |n: i64| t0 + Duration::hours(n);
    let site = Uuid::now_v7();
    let ward = Uuid::now_v7();
    let user = Uuid::now_v7();
    let nhs = NhsNumber::parse("nhsNumber", "9434765919").unwrap();
    store
        .write(None, |tx| {
            tx.insert(Entity::Site, site, &[("name", text("S"))])?;
            tx.insert(
                Entity::Ward,
                ward,
                &[("site_id", text(site.to_string())), ("name", text("W")), ("specialty", text("picu"))],
            )?;
            tx.insert(
                Entity::User,
                user,
                &[("username", text("u")), ("display_name", text("U")), ("password_hash", text("x"))],
            )?;
            // (nhs, kind, start, end)
            let episodes = [
                ("9434765919", "seclusion", h(-60), Some(h(-55))), // ended before the window
                ("9434765919", "seclusion", h(-40), Some(h(-30))), // in it
                ("9434765919", "long_term_segregation", h(-20), None), // not seclusion
                ("4010232137", "seclusion", h(-10), None),         // another patient
                ("9434765919", "seclusion", h(-5), None),          // this one, going on
            ];
            for (nhs, kind, start, end) in episodes {
                tx.insert(
                    Entity::RestrictiveEpisode,
                    Uuid::now_v7(),
                    &[
                        ("kind", text(kind)),
                        ("ward_id", text(ward.to_string())),
                        ("patient_name", text("P")),
                        ("nhs_number", text(nhs)),
                        ("started_at", text(instant_text(start))),
                        ("authorised_role", text("doctor")),
                        ("authorised_by_name", text("D")),
                        ("authorised_by_doctor", Value::Integer(1)),
                        ("reason", text("r")),
                        ("started_by", text(user.to_string())),
                        ("recorded_at", text(instant_text(start))),
                        ("ended_at", end.map(|e| text(instant_text(e))).unwrap_or(Value::Null)),
                    ],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let spans = store.read(|c| other_episodes(c, &nhs, Uuid::nil(), h(-53), t0)).unwrap();
    let starts: Vec<DateTime<Utc>> = spans.iter().map(|s| s.started_at).collect();
    assert_eq!(starts, vec![h(-40), h(-5)]);
    assert_eq!(spans[0].ended_at, Some(h(-30)));
}
