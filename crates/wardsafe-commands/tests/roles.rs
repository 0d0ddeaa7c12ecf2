//! Every command, every role: what each demo user may and may not do on
//! Willow Ward (the nurse and the manager hold roles there; matron, estates,
//! governance and the administrator hold trust-wide roles).

mod support;

use serde_json::{json, Value};
use support::{Trust, USERS};
use wardsafe_commands::{ErrorCode, COMMANDS};

/// Who may run each command (on Willow Ward for ward-scoped ones).
fn allowed(command: &str) -> &'static [&'static str] {
    const ALL: &[&str] = &["nurse", "manager", "matron", "estates", "governance", "admin"];
    const RECORD: &[&str] = &["nurse", "manager", "matron"];
    const SIGN: &[&str] = &["manager", "matron"];
    const ADMIN: &[&str] = &["admin"];
    match command {
        "create_site"
        | "create_ward"
        | "create_user"
        | "list_users"
        | "import_template"
        | "publish_template"
        | "issue_enrolment_code" => ADMIN,
        "resolve_conflict" => RECORD,
        "create_area" => &["manager", "admin"],
        "start_audit" | "save_answer" | "add_ligature_point" | "assess_ligature_point" | "complete_audit" => RECORD,
        "sign_off_audit" | "amend_answer" => SIGN,
        "raise_action" | "edit_action" | "add_interim_control" | "end_interim_control" => RECORD,
        // Assigning: estates, or a ward manager or matron handing work to estates.
        "action_step" | "assign_actions" => &["manager", "matron", "estates"],
        "set_policy" => ADMIN,
        // Seclusion and segregation (issue 5): patient records, never estates.
        "start_seclusion" | "start_segregation" | "record_observation" | "record_review" | "end_episode" => RECORD,
        "get_episode" | "matron_board" | "ward_episodes" => &["nurse", "manager", "matron", "governance"],
        "sign_off_episode" => &["matron"],
        "set_review_rules" => ADMIN,
        // Use of force records (Use of Force Act 2018 s6): patient records too.
        "record_use_of_force" => RECORD,
        "get_use_of_force" | "ward_use_of_force" => &["nurse", "manager", "matron", "governance"],
        "purge_use_of_force" | "purgeable_use_of_force" => ADMIN,
        // The blanket restrictions register (Code of Practice ch. 8).
        "add_blanket_restriction" | "review_blanket_restriction" | "lift_blanket_restriction" => SIGN,
        "blanket_restrictions" => &["nurse", "manager", "matron", "governance"],
        // Reports: governance, matron and ward manager; not ward staff or estates.
        "restrictive_report" | "restrictive_report_csv" => &["manager", "matron", "governance"],
        _ => ALL,
    }
}

#[test]
fn every_command_for_every_role() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let site = t.ok("admin", "list_sites", Value::Null)[0]["id"].clone();
    let png = "iVBORw0KGgoAAAAAAAAAAAAAAAAAAAA=";
    let photo = t.ok("nurse", "upload_photo", json!({"dataBase64": png}))["id"].clone();
    let mut template: Value =
        serde_json::from_str(include_str!("../../../assets/templates/daily-safety-check.json")).unwrap();
    let mut tried = std::collections::BTreeSet::new();

    // sign_out ends the session, so first_run_sign_in_and_sessions covers it.
    for command in COMMANDS.iter().filter(|c| c.needs_session && c.name != "sign_out") {
        for (i, user) in USERS.iter().enumerate() {
            // Fresh state per attempt where a command changes it.
            let audit = t.ok("matron", "start_audit", json!({"wardId": willow, "templateKey": "ligature-walkround"}));
            let audit_id = audit["audit"]["id"].clone();
            let area = audit["areas"][0]["id"].clone();
            let point = audit["points"][0]["point"]["id"].clone();
            let assessment = json!({"likelihood": 3, "consequence": 4, "controls": [], "status": "open"});
            let daily = t.ok("matron", "start_audit", json!({"wardId": willow, "templateKey": "daily-safety-check"}));
            let daily_id = daily["audit"]["id"].clone();
            let input = match command.name {
                "create_site" => json!({"name": format!("Site {i}")}),
                "create_ward" => json!({"siteId": site, "name": format!("Ward {i}"), "specialty": "acute"}),
                "create_area" => json!({"wardId": willow, "name": format!("Room {i}"), "areaType": "lounge"}),
                "create_user" => {
                    json!({"username": format!("new{i}"), "displayName": "New", "password": "long enough"})
                }
                "import_template" => {
                    template["version"] = json!(10 + i);
                    json!({"json": template.to_string()})
                }
                "publish_template" => {
                    template["version"] = json!(100 + i);
                    let draft = t.ok("admin", "import_template", json!({"json": template.to_string(), "draft": true}));
                    json!({"templateId": draft["id"]})
                }
                "ward_overview" | "list_areas" | "ligature_register" | "list_audits" | "register_report_pdf" => {
                    json!({"wardId": willow})
                }
                "start_audit" => json!({"wardId": willow, "templateKey": "ligature-walkround"}),
                "get_audit" | "audit_summary" | "audit_report_pdf" => json!({"auditId": audit_id}),
                "save_answer" => {
                    json!({"auditId": audit_id, "areaId": area, "questionId": "fixtures-intact", "value": "yes"})
                }
                "add_ligature_point" => {
                    json!({"auditId": audit_id, "areaId": area, "fixtureType": "tap", "location": "Basin tap",
                    "heightBand": "floor_to_1m", "collapsible": false, "assessment": assessment})
                }
                "assess_ligature_point" => json!({"auditId": audit_id, "pointId": point, "assessment": assessment}),
                "complete_audit" | "sign_off_audit" | "amend_answer" => {
                    t.answer_everything("matron", &daily);
                    if command.name == "complete_audit" {
                        json!({"auditId": daily_id})
                    } else {
                        t.ok("matron", "complete_audit", json!({"auditId": daily_id}));
                        if command.name == "sign_off_audit" {
                            json!({"auditId": daily_id})
                        } else {
                            let answer =
                                t.ok("matron", "get_audit", json!({"auditId": daily_id}))["answers"][0]["id"].clone();
                            json!({"auditId": daily_id, "answerId": answer, "value": "no", "reason": "Entered wrongly"})
                        }
                    }
                }
                "upload_photo" => json!({"dataBase64": png}),
                "resolve_conflict" => json!({"conflictId": open_conflict(&t, &willow, &point), "choice": 0}),
                "issue_enrolment_code" => json!({"wardIds": [willow]}),
                "get_photo" => json!({"photoId": photo}),
                "raise_action" => json!({"wardId": willow, "areaId": area, "title": "Replace the tap",
                    "band": "high", "ownerTeam": "estates", "trade": "plumbing"}),
                "get_action" => json!({"actionId": raised(&t, &willow)}),
                "edit_action" => json!({"actionId": raised(&t, &willow), "detail": "Basin tap, left"}),
                "action_step" | "assign_actions" => {
                    let estates = t.ok("matron", "assignable_users", json!({"wardId": willow}))[0]["id"].clone();
                    if command.name == "action_step" {
                        json!({"actionId": raised(&t, &willow), "step": "assign", "assigneeId": estates})
                    } else {
                        json!({"actionIds": [raised(&t, &willow)], "assigneeId": estates})
                    }
                }
                "add_interim_control" => json!({"actionId": raised(&t, &willow), "kind": "room_closed",
                    "reviewDate": "2099-01-01"}),
                "end_interim_control" => {
                    let a = t.ok(
                        "matron",
                        "add_interim_control",
                        json!({"actionId": raised(&t, &willow),
                        "kind": "room_closed", "reviewDate": "2099-01-01"}),
                    );
                    json!({"controlId": a["interimControls"][0]["id"]})
                }
                "ward_actions" | "assignable_users" | "export_register_csv" | "export_actions_csv" => {
                    json!({"wardId": willow})
                }
                "estates_queue" => json!({}),
                "set_policy" => json!({"extremeDays": 7, "highDays": 28, "moderateDays": 90, "lowDays": 180,
                    "vigilanceOnlyDays": 7}),
                "start_seclusion" => json!({"wardId": willow, "roomAreaId": area, "patientName": "Pat Example",
                    "nhsNumber": "943 476 5919", "authorisedBy": "registered_nurse", "authorisedByName": "R Nurse",
                    "reason": "Assault on staff"}),
                "start_segregation" => json!({"wardId": willow, "patientName": "Pat Example",
                    "nhsNumber": "9434765919", "authorisedBy": "approved_clinician", "authorisedByName": "Dr A",
                    "reason": "Persistent risk of serious harm to others", "carePlan": "Graded return to the ward"}),
                "record_observation" => {
                    json!({"episodeId": secluded(&t, &willow, &area), "by": "healthcare_assistant"})
                }
                "record_review" => json!({"episodeId": secluded(&t, &willow, &area), "kind": "nursing",
                    "by": "registered_nurse", "otherStaff": ["healthcare_assistant"]}),
                "end_episode" => json!({"episodeId": secluded(&t, &willow, &area), "ending": "ended_at_review",
                    "debriefOffered": true}),
                "get_episode" | "sign_off_episode" => {
                    json!({"episodeId": secluded(&t, &willow, &area), "comment": "Reviewed on the board"})
                }
                "matron_board" => json!({}),
                "ward_episodes" => json!({"wardId": willow}),
                "set_review_rules" => {
                    let mut rules = t.ok("admin", "get_review_rules", Value::Null);
                    rules["rules"][1]["graceMinutes"] = json!(i);
                    rules
                }
                "evaluate_compliance" => json!({"now": "2026-01-12T12:00:00Z", "timeline": {"episode": {
                    "kind": "seclusion", "startedAt": "2026-01-12T10:00:00Z", "authorisedBy": "registered_nurse",
                    "reason": "Assault on staff"}}}),
                "record_use_of_force" => json!({"wardId": willow, "negligible": true,
                    "negligibleReason": "Guided by the arm, no resistance"}),
                "get_use_of_force" => json!({"id": forced(&t, &willow)}),
                "ward_use_of_force" => json!({"wardId": willow, "month": "2026-03"}),
                // Allowed to the administrator, but refused (invalid_state) until the record is 3 years old.
                "purge_use_of_force" => json!({"id": forced(&t, &willow), "reason": "Kept 3 years"}),
                "add_blanket_restriction" => json!({"wardId": willow, "restriction": "Garden locked at night",
                    "reason": "Fence repair", "approvedBy": "M Matron", "approvedOn": "2026-01-05",
                    "reviewDate": "2099-01-01"}),
                "review_blanket_restriction" => json!({"id": restricted(&t, &willow), "nextReviewDate": "2099-02-01",
                    "note": "Still needed"}),
                "lift_blanket_restriction" => json!({"id": restricted(&t, &willow), "liftedOn": "2026-01-06",
                    "reason": "Fence repaired"}),
                "blanket_restrictions" => json!({"wardId": willow}),
                "restrictive_report" | "restrictive_report_csv" => {
                    json!({"wardId": willow, "fromMonth": "2026-01", "toMonth": "2026-12"})
                }
                _ => Value::Null,
            };
            let mut result = t.call(user, command.name, input.clone());
            let may = allowed(command.name).contains(user);
            // Allowed, but a record made today is kept 3 years first.
            if command.name == "purge_use_of_force" && may {
                assert_eq!(result.as_ref().map_err(|e| e.code), Err(ErrorCode::InvalidState));
                result = Ok(Value::Null);
            }
            // Allowed, but this device is standalone: there is no server to ask.
            if command.name == "issue_enrolment_code" && may {
                assert_eq!(result.as_ref().map_err(|e| e.code), Err(ErrorCode::InvalidState));
                result = Ok(Value::Null);
            }
            match (&result, may) {
                (Ok(_), true) => {}
                (Err(e), false) => assert_eq!(e.code, ErrorCode::Forbidden, "{user} {}: {e}", command.name),
                (Err(e), true) => panic!("{user} should be able to {}: {e}", command.name),
                (Ok(_), false) => panic!("{user} must not be able to {}", command.name),
            }
            if let Err(e) = result {
                assert!(e.message.starts_with("your roles do not allow you to"), "{}", e.message);
            }
            tried.insert(command.name);
        }
    }
    let all: std::collections::BTreeSet<_> =
        COMMANDS.iter().filter(|c| c.needs_session && c.name != "sign_out").map(|c| c.name).collect();
    assert_eq!(tried, all);
}

/// A seclusion on the ward that started an hour ago, recorded by its matron.
fn secluded(t: &Trust, ward: &str, room: &Value) -> Value {
    let started = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let e = t.ok(
        "matron",
        "start_seclusion",
        json!({"wardId": ward, "roomAreaId": room, "patientName": "Pat Example", "nhsNumber": "9434765919",
               "startedAt": started, "authorisedBy": "doctor", "authorisedByName": "Dr B", "reason": "Assault on staff"}),
    );
    e["episode"]["episode"]["id"].clone()
}

/// A negligible use of force on the ward, recorded by its matron.
fn forced(t: &Trust, ward: &str) -> Value {
    let v = t.ok(
        "matron",
        "record_use_of_force",
        json!({"wardId": ward, "negligible": true, "negligibleReason": "Guided by the arm, no resistance"}),
    );
    v["record"]["id"].clone()
}

/// A blanket restriction on the ward, added by its matron.
fn restricted(t: &Trust, ward: &str) -> Value {
    let v = t.ok(
        "matron",
        "add_blanket_restriction",
        json!({"wardId": ward, "restriction": "Garden locked at night", "reason": "Fence repair",
               "approvedBy": "M Matron", "approvedOn": "2026-01-05", "reviewDate": "2099-01-01"}),
    );
    v["restriction"]["id"].clone()
}

/// A new open action on the ward, raised by its matron.
fn raised(t: &Trust, ward: &str) -> Value {
    let a = t.ok(
        "matron",
        "raise_action",
        json!({"wardId": ward, "title": "Box in the pipe", "band": "high", "ownerTeam": "estates", "trade": "plumbing"}),
    );
    a["id"].clone()
}

#[test]
fn ward_roles_do_not_reach_other_wards() {
    let t = Trust::demo();
    let oak = t.ward("Oak Ward");
    for user in ["nurse", "manager"] {
        let e = t.err(user, "start_audit", json!({"wardId": oak, "templateKey": "ligature-walkround"}));
        assert_eq!(e.code, ErrorCode::Forbidden);
        let e = t.err(user, "ligature_register", json!({"wardId": oak}));
        assert_eq!(e.code, ErrorCode::Forbidden);
        let wards = t.ok(user, "list_my_wards", Value::Null);
        assert!(wards.as_array().unwrap().iter().all(|w| w["ward"]["name"] != "Oak Ward"));
    }
    assert_eq!(t.ok("matron", "list_my_wards", Value::Null).as_array().unwrap().len(), 6);
}

/// A conflict over a point's status, as the server would send one.
fn open_conflict(t: &Trust, ward: &str, point: &Value) -> String {
    use wardsafe_store::{Entity, Value as V};
    let id = t.app.store().new_id();
    let candidates = json!([
        {"value": "open", "changeId": id, "deviceId": id, "userId": null, "at": "2026-11-01T10:00:00Z", "hlc": "1"},
        {"value": "removed", "changeId": id, "deviceId": id, "userId": null, "at": "2026-11-01T10:00:01Z", "hlc": "2"}
    ]);
    t.app
        .store()
        .write(None, |tx| {
            tx.insert(
                Entity::Conflict,
                id,
                &[
                    ("ward_id", V::Text(ward.into())),
                    ("entity", V::Text("ligature_point".into())),
                    ("entity_id", V::Text(point.as_str().unwrap().into())),
                    ("kind", V::Text("field".into())),
                    ("field", V::Text("status".into())),
                    ("candidates", V::Text(candidates.to_string())),
                    ("status", V::Text("open".into())),
                    ("created_at", V::Text("2026-11-01T10:00:02Z".into())),
                ],
            )
        })
        .unwrap();
    id.to_string()
}
