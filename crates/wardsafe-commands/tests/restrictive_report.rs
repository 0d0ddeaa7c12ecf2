//! The restrictive practice report through the commands (issue 5;
//! DESIGN.md §2.5): counts from records made through the commands across
//! the change to British Summer Time and a month boundary, the CSV parsed
//! back equal to the JSON report, bad input naming its field, and who may
//! read it.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeMap;
use support::{assert_code, Trust};
use wardsafe_commands::{ErrorCode, REPORT_HEADER};

const MARCH_APRIL: (&str, &str) = ("2026-03", "2026-04");

fn input(extra: Value) -> Value {
    let mut v = json!({"fromMonth": MARCH_APRIL.0, "toMonth": MARCH_APRIL.1});
    v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    v
}

fn seclusion(t: &Trust, ward: &str, start: &str, end: &str) -> Value {
    let room = t.ok("matron", "list_areas", json!({"wardId": ward}))[0]["id"].clone();
    let d = t.ok(
        "matron",
        "start_seclusion",
        json!({"wardId": ward, "roomAreaId": room, "patientName": "Kit Example", "nhsNumber": "9434765919",
               "startedAt": start, "authorisedBy": "doctor", "authorisedByName": "Dr B", "reason": "Assault"}),
    );
    let id = d["episode"]["episode"]["id"].clone();
    t.ok(
        "matron",
        "end_episode",
        json!({"episodeId": id, "endedAt": end, "ending": "ended_at_review",
        "debriefOffered": true}),
    );
    id
}

/// A use of force from `start` (UTC, "HH:MM" on `day`), prone from 2 minutes in for `prone` minutes.
fn force(t: &Trust, ward: &str, day: &str, start: &str, prone: i64) {
    let at = |m: i64| {
        let s = chrono::DateTime::parse_from_rfc3339(&format!("{day}T{start}:00Z")).unwrap();
        (s + chrono::Duration::minutes(m)).to_rfc3339()
    };
    t.ok(
        "matron",
        "record_use_of_force",
        json!({"wardId": ward, "reason": "Assault", "place": "Lounge", "startedAt": at(0), "endedAt": at(30),
               "forceTypes": ["physical"], "inCarePlan": true, "patientName": "Kit Example", "howUsed": "Hold",
               "nhsNumber": "9434765919", "staff": [{"name": "S One", "jobTitle": "Nurse"}], "nonStaffInvolved": false,
               "mentalDisorder": "notKnown", "protectedCharacteristics": {"sex": "male", "ageYears": 40},
               "learningDisabilityOrAutism": "autism", "outcome": "Settled", "diedOrSeriouslyInjured": false,
               "effortsToAvoid": "De-escalation", "carePlanPeopleNotified": true,
               "positions": [{"at": at(0), "code": "07"}, {"at": at(2), "code": "01"}, {"at": at(2 + prone), "code": "09"}]}),
    );
}

fn measures<'a>(report: &'a Value, ward: &str, month: &str) -> &'a Value {
    let mut rows = report["rows"].as_array().unwrap().iter().chain(report["totals"].as_array().unwrap());
    let found = rows.find(|r| r["wardName"] == ward && r["month"] == month);
    &found.unwrap_or_else(|| panic!("no row {ward} {month}"))["measures"]
}

#[test]
fn counts_follow_london_months_across_the_clock_change() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let oak = t.ward("Oak Ward");
    // 00:30 to 02:30 UTC on 29 March: 01:00 UTC the clocks go forward, still 120 minutes.
    seclusion(&t, &willow, "2026-03-29T00:30:00Z", "2026-03-29T02:30:00Z");
    // 00:30 BST on 1 April.
    seclusion(&t, &willow, "2026-03-31T23:30:00Z", "2026-04-01T00:30:00Z");
    force(&t, &willow, "2026-03-31", "22:40", 12); // 23:40 BST 31 March
    force(&t, &willow, "2026-03-31", "23:10", 5); // 00:10 BST 1 April
    force(&t, &oak, "2026-02-28", "23:50", 5); // February (GMT)
    let r = t.ok("governance", "restrictive_report", input(json!({})));
    assert_eq!(r["scope"], "The whole trust");
    let march = measures(&r, "Willow Ward", "2026-03");
    assert_eq!(
        (march["seclusion"]["count"].clone(), march["seclusion"]["totalMinutes"].clone()),
        (json!(1), json!(120))
    );
    assert_eq!(march["restraint"]["proneOver10"], 1);
    assert_eq!(march["restraint"]["prone10OrUnder"], 0);
    assert_eq!(march["equality"]["sex"]["male"], 1);
    assert_eq!(march["equality"]["learningDisabilityOrAutism"]["autism"], 1);
    let april = measures(&r, "Willow Ward", "2026-04");
    assert_eq!(
        (april["seclusion"]["count"].clone(), april["seclusion"]["totalMinutes"].clone()),
        (json!(1), json!(60))
    );
    assert_eq!(
        (april["restraint"]["prone10OrUnder"].clone(), april["restraint"]["proneOver10"].clone()),
        (json!(1), json!(0))
    );
    let oak_march = measures(&r, "Oak Ward", "2026-03");
    assert_eq!(oak_march["restraint"]["usesOfForce"], 0, "February's is not in March");
    assert_eq!(measures(&r, "All wards", "2026-03")["restraint"]["usesOfForce"], 1);
    assert_eq!(r["overall"]["measures"]["seclusion"]["count"], 2);
    assert_eq!(r["overall"]["measures"]["seclusion"]["medianMinutes"], 90.0);
    // A doctor authorised both: the first medical review was met by it.
    let c = &r["overall"]["measures"]["compliance"]["seclusion_first_medical_review"];
    assert_eq!((c["met"].clone(), c["rate"].clone()), (json!(2), json!(1.0)));

    // One ward; a ward manager sees only their own.
    let one = t.ok("manager", "restrictive_report", input(json!({"wardId": willow})));
    assert_eq!(one["rows"].as_array().unwrap().len(), 2);
    let mine = t.ok("manager", "restrictive_report", input(json!({})));
    assert_eq!(mine["scope"], "My wards");
    let managed: Vec<Value> = t
        .ok("manager", "list_my_wards", Value::Null)
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["ward"]["id"].clone())
        .collect();
    let rows = mine["rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| managed.contains(&r["wardId"])), "only the wards they manage");
    assert!(!rows.iter().any(|r| r["wardName"] == "Oak Ward"));
    assert_eq!(rows.len(), 2 * managed.len());
}

/// (ward id, month) → the path of each number → the number.
type Flat = BTreeMap<(String, String), BTreeMap<Vec<String>, f64>>;

fn flatten(v: &Value, path: &mut Vec<String>, out: &mut BTreeMap<Vec<String>, f64>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                path.push(k.clone());
                flatten(v, path, out);
                path.pop();
            }
        }
        Value::Number(n) => {
            out.insert(path.clone(), n.as_f64().unwrap());
        }
        _ => {}
    }
}

#[test]
fn the_csv_parsed_back_equals_the_json_report() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    seclusion(&t, &willow, "2026-03-10T10:00:00Z", "2026-03-10T13:07:00Z");
    seclusion(&t, &willow, "2026-04-02T10:00:00Z", "2026-04-02T10:45:00Z");
    force(&t, &willow, "2026-04-03", "10:00", 11);
    let report = t.ok("matron", "restrictive_report", input(json!({})));
    let file = t.ok("matron", "restrictive_report_csv", input(json!({})));
    assert_eq!(file["mime"], "text/csv");
    let description = file["description"].as_str().unwrap();
    assert!(description.contains("2026-03 to 2026-04") && description.contains("produced"), "{description}");
    assert!(file["fileName"].as_str().unwrap().starts_with("the-whole-trust-restrictive-practice-2026-03-to-2026-04"));

    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD.decode(file["dataBase64"].as_str().unwrap()).unwrap();
    let mut csv = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(csv.headers().unwrap().iter().collect::<Vec<_>>(), REPORT_HEADER);
    let mut from_csv = Flat::new();
    let mut codes = BTreeMap::new();
    for rec in csv.records() {
        let rec = rec.unwrap();
        let mut path: Vec<String> = rec[3].split('.').map(String::from).collect();
        if !rec[4].is_empty() {
            path.push(rec[4].to_string());
        }
        let cell = from_csv.entry((rec[0].to_string(), rec[2].to_string())).or_default();
        assert!(cell.insert(path.clone(), rec[6].parse().unwrap()).is_none(), "{path:?} twice");
        if !rec[5].is_empty() {
            codes.insert(path.join("."), rec[5].to_string());
        }
    }
    let mut from_json = Flat::new();
    let rows = report["rows"].as_array().unwrap().iter().chain(report["totals"].as_array().unwrap());
    for row in rows.chain(std::iter::once(&report["overall"])) {
        let key = (row["wardId"].as_str().unwrap_or("").to_string(), row["month"].as_str().unwrap_or("").to_string());
        flatten(&row["measures"], &mut Vec::new(), from_json.entry(key).or_default());
    }
    assert_eq!(from_csv, from_json);
    assert_eq!(from_json.len(), 6 * 2 + 2 + 1, "six wards by two months, two months of totals, the period");
    assert_eq!(codes.get("restraint.byPosition.01").map(String::as_str), Some("01"));
    assert_eq!(codes.get("restraint.proneOver10").map(String::as_str), Some("01"));
    assert_eq!(codes.get("restraint.byPosition.07").map(String::as_str), Some("07"));
}

#[test]
fn bad_months_and_places_are_refused_naming_the_field_and_estates_may_not_read() {
    let t = Trust::demo();
    let cases = [
        (json!({"fromMonth": "2026-3", "toMonth": "2026-04"}), ErrorCode::Validation, "fromMonth"),
        (json!({"fromMonth": "2026-03", "toMonth": "April"}), ErrorCode::Validation, "toMonth"),
        (json!({"fromMonth": "2026-05", "toMonth": "2026-04"}), ErrorCode::Validation, "toMonth"),
        (json!({"fromMonth": "2024-01", "toMonth": "2026-01"}), ErrorCode::Validation, "toMonth"),
        (json!({"toMonth": "2026-01"}), ErrorCode::Validation, "fromMonth"),
        (input(json!({"wardId": "0190f5c8-8d6b-7c84-8a4b-2f5a3a9b0c11"})), ErrorCode::NotFound, "wardId"),
        (input(json!({"siteId": "0190f5c8-8d6b-7c84-8a4b-2f5a3a9b0c11"})), ErrorCode::NotFound, "siteId"),
    ];
    for (i, code, field) in cases {
        for command in ["restrictive_report", "restrictive_report_csv"] {
            assert_code(&t.err("governance", command, i.clone()), code, Some(field));
        }
    }
    assert!(t.ok("governance", "restrictive_report", json!({"fromMonth": "2024-02", "toMonth": "2026-01"}))["rows"]
        .is_array());
    for user in ["nurse", "estates", "admin"] {
        for command in ["restrictive_report", "restrictive_report_csv"] {
            assert_code(&t.err(user, command, input(json!({}))), ErrorCode::Forbidden, None);
        }
    }
}

/// The seclusion observation counts of the whole period.
fn observations(report: &Value) -> (u64, u64) {
    let c = &report["overall"]["measures"]["compliance"]["seclusion_observation"];
    (c["met"].as_u64().unwrap(), c["missed"].as_u64().unwrap())
}

/// An ended episode's compliance is kept in the device's cache after the
/// first report, and dropped whenever anything it depends on changes: a
/// record entered late, one pulled from another device, the review rules.
/// So a report from the cache never differs from one evaluated afresh.
#[test]
fn the_cache_of_ended_episodes_is_used_and_dropped_when_they_change() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let report = || t.ok("governance", "restrictive_report", input(json!({})));
    let id = seclusion(&t, &willow, "2026-03-10T10:00:00Z", "2026-03-10T11:00:00Z");
    seclusion(&t, &willow, "2026-04-02T10:00:00Z", "2026-04-02T10:20:00Z");
    assert_eq!(t.rows("episode_compliance_cache"), 0);
    let first = report();
    assert_eq!(t.rows("episode_compliance_cache"), 2, "both ended episodes are cached");
    assert_eq!(observations(&first), (0, 4), "none in 60 and 20 minutes: due at 15, 30 and 45, and at 15");

    // A row the cache holds is what the report uses: one written by another
    // version of the engine is not.
    let sql = |engine: i64| {
        format!(
            "UPDATE episode_compliance_cache SET engine = {engine},
             counts = '{{\"m\":1,\"r\":[[\"seclusion_observation\",[99,0,0]]]}}' WHERE episode_id = '{}'",
            id.as_str().unwrap()
        )
    };
    let engine = wardsafe_domain::restrictive::engine::ENGINE_VERSION;
    t.app.store().read(|c| Ok(c.execute(&sql(engine + 1), []).unwrap())).unwrap();
    assert_eq!(report()["rows"], first["rows"], "another engine's row is evaluated again");
    t.app.store().read(|c| Ok(c.execute(&sql(engine), []).unwrap())).unwrap();
    assert_eq!(observations(&report()).0, 99, "this engine's row is used as it stands");
    t.app.store().read(|c| Ok(c.execute("DELETE FROM episode_compliance_cache", []).unwrap())).unwrap();
    assert_eq!(report()["rows"], first["rows"], "evaluated again, the same");

    // Signing off does not change compliance and keeps the cache.
    t.ok("matron", "sign_off_episode", json!({"episodeId": id, "comment": "Reviewed"}));
    assert_eq!(t.rows("episode_compliance_cache"), 2);

    // An observation entered late from the paper record.
    t.ok(
        "nurse",
        "record_observation",
        json!({"episodeId": id, "at": "2026-03-10T10:14:00Z", "by": "registered_nurse"}),
    );
    assert_eq!(t.rows("episode_compliance_cache"), 1, "that episode's row is dropped");
    assert_eq!(observations(&report()), (1, 4), "met at 14; then due at 29, 44 and 59");

    // One recorded on another tablet, pulled from the server.
    let log = t.app.store().read(|c| wardsafe_store::queries::change_log(c, 0, i64::MAX)).unwrap();
    let local = log.iter().rev().find(|r| r.entity == "episode_observation").expect("the late observation's change");
    let mut fields = local.fields.as_object().unwrap().clone();
    fields.insert("at".into(), json!("2026-03-10T10:29:00.000Z"));
    let pulled = wardsafe_store::sync::RemoteChange {
        change_id: uuid::Uuid::now_v7(),
        entity: local.entity.clone(),
        entity_id: uuid::Uuid::now_v7(),
        op: local.op.clone(),
        fields,
        hlc: local.hlc.clone(),
        device_id: uuid::Uuid::now_v7(),
        device_seq: Some(1),
        user_id: local.user_id,
        at: local.at.clone(),
        server_seq: 1,
        seen: None,
    };
    t.app.store().write_remote(|tx| tx.apply_remote(&pulled)).unwrap();
    assert_eq!(t.rows("episode_compliance_cache"), 1, "dropped again");
    assert_eq!(observations(&report()), (2, 3), "met at 29 too");

    // A change to the review rules drops every row.
    let mut rules = t.ok("admin", "get_review_rules", json!({}));
    for rule in rules["rules"].as_array_mut().unwrap() {
        if rule["id"] == "seclusion_observation" {
            rule["firstDue"] = json!({"minutes": 30});
            rule["repeatEvery"] = json!({"minutes": 30});
        }
    }
    t.ok("admin", "set_review_rules", rules);
    assert_eq!(t.rows("episode_compliance_cache"), 0);
    let (met, missed) = observations(&report());
    assert!(missed < 3, "a 30-minute interval misses fewer: {met} met, {missed} missed");
}
