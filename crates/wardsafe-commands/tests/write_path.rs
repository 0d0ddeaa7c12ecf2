//! The one write path, as a property of the whole database: replaying the
//! change log from empty rebuilds every table exactly. A write that skipped
//! the log would make the replay differ.

mod support;

use serde_json::{json, Map, Value};
use std::collections::HashMap;
use support::Trust;

const TABLES: &[(&str, &str)] = &[
    ("device", "device"),
    ("site", "sites"),
    ("ward", "wards"),
    ("area", "areas"),
    ("user", "users"),
    ("user_role", "user_roles"),
    ("template", "templates"),
    ("audit", "audits"),
    ("answer", "answers"),
    ("amendment", "amendments"),
    ("ligature_point", "ligature_points"),
    ("ligature_assessment", "ligature_assessments"),
    ("photo", "photos"),
    ("restrictive_episode", "restrictive_episodes"),
    ("episode_observation", "episode_observations"),
    ("episode_review", "episode_reviews"),
    ("review_rules", "review_rules"),
];

fn table_rows(c: &rusqlite::Connection, table: &str) -> HashMap<String, Map<String, Value>> {
    let mut stmt = c.prepare(&format!("SELECT * FROM {table}")).unwrap();
    let names: Vec<String> = stmt.column_names().map(String::from).collect();
    let rows = stmt
        .query_map([], |r| {
            let mut m = Map::new();
            for (i, n) in names.iter().enumerate() {
                let v = match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => Value::Null,
                    rusqlite::types::ValueRef::Integer(x) => json!(x),
                    rusqlite::types::ValueRef::Real(x) => json!(x),
                    rusqlite::types::ValueRef::Text(t) => json!(String::from_utf8_lossy(t)),
                    rusqlite::types::ValueRef::Blob(b) => json!({"blobBytes": b.len()}),
                };
                m.insert(n.clone(), v);
            }
            Ok(m)
        })
        .unwrap();
    rows.map(Result::unwrap).map(|m| (m["id"].as_str().unwrap().to_string(), m)).collect()
}

#[test]
fn replaying_the_change_log_rebuilds_every_table() {
    let t = Trust::demo();
    // Exercise every kind of write: a walk-round with points, a photo, sign-off and an amendment.
    let willow = t.ward("Willow Ward");
    let audit = t.ok("manager", "start_audit", json!({"wardId": willow, "templateKey": "daily-safety-check"}));
    let id = audit["audit"]["id"].clone();
    t.answer_everything("manager", &audit);
    t.ok(
        "manager",
        "save_answer",
        json!({"auditId": id, "questionId": "keys-accounted", "value": "no", "comment": "Fob 3 missing"}),
    );
    t.ok("manager", "complete_audit", json!({"auditId": id}));
    t.ok("manager", "sign_off_audit", json!({"auditId": id}));
    let answer = t.ok("manager", "get_audit", json!({"auditId": id}))["answers"][0]["id"].clone();
    t.ok(
        "manager",
        "amend_answer",
        json!({"auditId": id, "answerId": answer, "value": "no", "comment": "c", "reason": "r"}),
    );
    t.ok("nurse", "upload_photo", json!({"dataBase64": "/9j/4AAQSkZJRgABAQ=="}));
    let walk = t.ok("manager", "start_audit", json!({"wardId": willow, "templateKey": "ligature-walkround"}));
    t.ok(
        "manager",
        "add_ligature_point",
        json!({"auditId": walk["audit"]["id"], "areaId": walk["areas"][0]["id"], "fixtureType": "hinge", "location": "Wardrobe",
               "heightBand": "1m_to_2m", "collapsible": false, "assessment": {"likelihood": 2, "consequence": 5, "controls": [], "status": "open"}}),
    );
    // Seclusion (issue 5): started in the past, observed, reviewed, ended, signed off; the rules changed.
    let started = (chrono::Utc::now() - chrono::Duration::hours(2)).to_rfc3339();
    let at = (chrono::Utc::now() - chrono::Duration::minutes(100)).to_rfc3339();
    let room = walk["areas"][0]["id"].clone();
    let ep = t.ok(
        "nurse",
        "start_seclusion",
        json!({"wardId": willow, "roomAreaId": room, "patientName": "Pat Example", "nhsNumber": "9434765919",
               "startedAt": started, "authorisedBy": "doctor", "authorisedByName": "Dr B", "reason": "Assault"}),
    )["episode"]["episode"]["id"]
        .clone();
    t.ok(
        "nurse",
        "record_observation",
        json!({"episodeId": ep, "at": at, "by": "healthcare_assistant", "note": "Asleep"}),
    );
    t.ok(
        "nurse",
        "record_review",
        json!({"episodeId": ep, "kind": "nursing", "at": at, "by": "registered_nurse",
        "otherStaff": ["healthcare_assistant"], "byName": "R Nurse"}),
    );
    t.ok("nurse", "end_episode", json!({"episodeId": ep, "ending": "ended_at_review", "debriefOffered": true}));
    t.ok("matron", "sign_off_episode", json!({"episodeId": ep, "comment": "Reviewed"}));
    let mut rules = t.ok("admin", "get_review_rules", Value::Null);
    rules["rules"][0]["graceMinutes"] = json!(2);
    t.ok("admin", "set_review_rules", rules);

    t.app
        .store()
        .read(|c| {
            let log = wardsafe_store::queries::change_log(c, 0, i64::MAX)?;
            let mut replay: HashMap<(String, String), Map<String, Value>> = HashMap::new();
            for row in &log {
                let key = (row.entity.clone(), row.entity_id.to_string());
                match row.op.as_str() {
                    "insert" => {
                        assert!(!replay.contains_key(&key), "inserted twice: {key:?}");
                        let mut m = row.fields.as_object().unwrap().clone();
                        m.insert("id".into(), json!(row.entity_id.to_string()));
                        replay.insert(key, m);
                    }
                    "update" => {
                        let m = replay.get_mut(&key).unwrap_or_else(|| panic!("update before insert: {key:?}"));
                        for (k, v) in row.fields.as_object().unwrap() {
                            m.insert(k.clone(), v.clone());
                        }
                    }
                    "delete" => {
                        replay.get_mut(&key).unwrap().insert("deleted".into(), json!(1));
                    }
                    op => panic!("unknown op {op}"),
                }
            }
            let mut rows_seen = 0;
            for (entity, table) in TABLES {
                for (id, row) in table_rows(c, table) {
                    rows_seen += 1;
                    let replayed = replay
                        .get(&(entity.to_string(), id.clone()))
                        .unwrap_or_else(|| panic!("{table} row {id} has no change-log insert"));
                    for (col, value) in &row {
                        let want = replayed.get(col).cloned().unwrap_or_else(|| match col.as_str() {
                            // Columns left to their schema default on insert.
                            "deleted" | "position" => json!(0),
                            "photo_ids" | "controls" => json!("[]"),
                            _ => Value::Null,
                        });
                        assert_eq!(&want, value, "{table}.{col} of {id} differs from the change log");
                    }
                }
            }
            assert_eq!(rows_seen, replay.len(), "the log has records that no table holds");
            Ok(())
        })
        .unwrap();
}
