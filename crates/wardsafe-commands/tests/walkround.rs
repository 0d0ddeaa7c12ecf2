//! A whole walk-round through the command surface, as a ward manager does it.

mod support;

use serde_json::{json, Value};
use support::{assert_code, Trust};
use wardsafe_commands::ErrorCode;

fn start(t: &Trust, user: &str, ward: &str, key: &str) -> Value {
    t.ok(user, "start_audit", json!({"wardId": ward, "templateKey": key}))
}

fn point_input(audit: &str, area: &str, l: i64, c: i64) -> Value {
    json!({
        "auditId": audit, "areaId": area, "fixtureType": "door_handle", "location": "Bathroom door, inside handle",
        "heightBand": "floor_to_1m", "collapsible": false,
        "assessment": {"likelihood": l, "consequence": c, "controls": [], "status": "open"}
    })
}

#[test]
fn a_ligature_walkround_from_start_to_sign_off_and_amendment() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let audit = start(&t, "manager", &willow, "ligature-walkround");
    let id = audit["audit"]["id"].as_str().unwrap().to_string();
    assert_eq!(audit["audit"]["status"], "in_progress");
    // Known points from the previous walk-rounds are shown for re-assessment.
    let known = audit["points"].as_array().unwrap().clone();
    assert!(known.len() >= 10, "{}", known.len());
    assert!(known.iter().all(|p| p["previous"].is_object() && p["assessment"].is_null()));

    // Completing with nothing answered names the first missing item.
    let e = t.err("manager", "complete_audit", json!({"auditId": id}));
    assert_code(&e, ErrorCode::Validation, None);
    assert!(e.field.as_deref().unwrap().starts_with("answers."), "{e}");
    assert!(e.message.contains("need attention"), "{}", e.message);

    t.answer_everything("manager", &audit);
    // One failure with its comment, on a critical question.
    let bedroom = audit["areas"].as_array().unwrap().iter().find(|a| a["areaType"] == "bedroom").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Every known point must be re-assessed before completion.
    let e = t.err("manager", "complete_audit", json!({"auditId": id}));
    assert!(e.field.as_deref().unwrap().starts_with("points."), "{e}");
    assert!(e.message.contains("not re-assessed"), "{}", e.message);
    t.ok(
        "manager",
        "save_answer",
        json!({"auditId": id, "areaId": bedroom, "questionId": "fixtures-intact", "value": "no"}),
    );
    let e = t.err("manager", "complete_audit", json!({"auditId": id}));
    assert!(e.message.contains("needs a comment"), "{}", e.message);

    // A new extreme point, one re-assessed worse, one better, one removed.
    let p = t.ok("manager", "add_ligature_point", point_input(&id, &bedroom, 4, 5));
    assert_eq!(p["assessment"]["risk"]["score"], 20);
    assert_eq!(p["assessment"]["risk"]["band"], "extreme");
    let assess = |point: &Value, l: i64, status: &str| {
        let prev = &point["previous"]["risk"];
        t.ok(
            "manager",
            "assess_ligature_point",
            json!({"auditId": id, "pointId": point["point"]["id"], "assessment": {"likelihood": l, "consequence": prev["consequence"], "controls": [], "status": status}}),
        )
    };
    let prev_l = |p: &Value| p["previous"]["risk"]["likelihood"].as_i64().unwrap();
    // Compare like with like: points scored without residual controls.
    let plain: Vec<&Value> = known.iter().filter(|p| p["previous"]["residual"].is_null()).collect();
    let worse = plain[0];
    let better = *plain.iter().find(|p| prev_l(p) > 1 && p["point"]["id"] != worse["point"]["id"]).unwrap();
    assess(worse, 5, "open");
    assess(better, prev_l(better) - 1, "open");
    let removed = known
        .iter()
        .find(|p| p["point"]["id"] != worse["point"]["id"] && p["point"]["id"] != better["point"]["id"])
        .unwrap();
    assess(removed, 1, "removed");
    // Re-assess the rest unchanged.
    for p in &known {
        if [worse, better, removed].iter().any(|x| x["point"]["id"] == p["point"]["id"]) {
            continue;
        }
        let mut residual = json!({});
        if let Some(r) = p["previous"]["residual"].as_object() {
            residual = json!({"residualLikelihood": r["likelihood"], "residualConsequence": r["consequence"]});
        }
        let mut a = json!({"likelihood": p["previous"]["risk"]["likelihood"], "consequence": p["previous"]["risk"]["consequence"],
            "controls": p["previous"]["controls"], "status": p["previous"]["status"]});
        for (k, v) in residual.as_object().unwrap() {
            a[k] = v.clone();
        }
        t.ok("manager", "assess_ligature_point", json!({"auditId": id, "pointId": p["point"]["id"], "assessment": a}));
    }

    // Close the app and open it again: everything is as it was left.
    let path = t._dir.path().join("wardsafe.sqlite3");
    let reopened = wardsafe_commands::App::open(&path).unwrap();
    let s = reopened.call("sign_in", None, json!({"username": "manager", "password": "demo-password"})).unwrap();
    let again = reopened.call("get_audit", s["session"].as_str(), json!({"auditId": id})).unwrap();
    let now = t.ok("manager", "get_audit", json!({"auditId": id}));
    assert_eq!(again["answers"], now["answers"]);
    assert_eq!(again["points"], now["points"]);
    drop(reopened);

    let photo = {
        use base64::Engine;
        let jpeg = [&[0xFF, 0xD8, 0xFF, 0xE0][..], &[7u8; 200]].concat();
        t.ok("manager", "upload_photo", json!({"dataBase64": base64::engine::general_purpose::STANDARD.encode(jpeg)}))
    };
    t.ok(
        "manager",
        "save_answer",
        json!({"auditId": id, "areaId": bedroom, "questionId": "fixtures-intact", "value": "no",
               "comment": "Anti-ligature handle loose; estates called", "photoIds": [photo["id"]]}),
    );
    let summary = t.ok("manager", "complete_audit", json!({"auditId": id}));
    assert_eq!(summary["audit"]["status"], "completed");
    let count = |k: &str| {
        summary["changes"].as_array().unwrap().iter().find(|c| c["key"] == k).unwrap()["count"].as_u64().unwrap()
    };
    assert_eq!(count("new"), 1);
    assert_eq!(count("worse"), 1);
    assert_eq!(count("better"), 1);
    assert_eq!(count("resolved"), 1);
    assert_eq!(count("unchanged") as usize, known.len() - 3);
    assert_eq!(count("not_reassessed"), 0);
    assert_eq!(summary["failedCritical"].as_array().unwrap().len(), 1);
    assert_eq!(summary["failedCritical"][0]["questionId"], "fixtures-intact");
    let extreme = summary["openByBand"].as_array().unwrap().iter().find(|c| c["key"] == "extreme").unwrap()["count"]
        .as_u64()
        .unwrap();
    assert!(extreme >= 2, "the new point and the worse one");
    assert!(summary["previousAudit"].is_object());

    // After completion answers change only by amendment.
    let e = t.err(
        "manager",
        "save_answer",
        json!({"auditId": id, "areaId": bedroom, "questionId": "fixtures-intact", "value": "yes"}),
    );
    assert_code(&e, ErrorCode::InvalidState, None);
    // Estates and ward staff may not sign off.
    assert_code(&t.err("estates", "sign_off_audit", json!({"auditId": id})), ErrorCode::Forbidden, None);
    assert_code(&t.err("nurse", "sign_off_audit", json!({"auditId": id})), ErrorCode::Forbidden, None);

    // Its findings became draft actions (issue 4): the failed critical check
    // and every open point scored moderate or above, worst first.
    let ward = summary["ward"]["id"].clone();
    let drafts = t.ok("manager", "ward_actions", json!({"wardId": ward}))["drafts"].as_array().unwrap().clone();
    assert!(drafts.iter().all(|d| d["auditId"] == id && d["status"] == "draft"));
    assert_eq!(drafts.iter().filter(|d| d["source"] == "failed_question").count(), 1);
    let from_points = drafts.iter().filter(|d| d["source"] == "ligature_point").count();
    assert!(from_points >= 2, "at least the new extreme point and the worse one");
    assert_eq!(drafts[0]["band"], "extreme");
    // The manager deals with each before signing off.
    let e = t.err("manager", "sign_off_audit", json!({"auditId": id}));
    assert_code(&e, ErrorCode::InvalidState, None);
    assert!(e.message.contains(&format!("{} draft actions", drafts.len())), "{}", e.message);
    let first = drafts[0]["id"].clone();
    t.ok("manager", "action_step", json!({"actionId": first, "step": "confirm"}));
    let e = t.err("manager", "action_step", json!({"actionId": drafts[1]["id"], "step": "dismiss"}));
    assert_code(&e, ErrorCode::Validation, Some("reason"));
    t.ok(
        "manager",
        "action_step",
        json!({"actionId": drafts[1]["id"], "step": "dismiss", "reason": "Duplicate of an estates job"}),
    );
    let merged =
        t.ok("manager", "action_step", json!({"actionId": drafts[2]["id"], "step": "merge", "mergeInto": first}));
    assert_eq!((&merged["status"], &merged["mergedInto"]), (&json!("merged"), &first));
    for d in &drafts[3..] {
        t.ok("manager", "action_step", json!({"actionId": d["id"], "step": "confirm"}));
    }
    let signed = t.ok("manager", "sign_off_audit", json!({"auditId": id}));
    assert_eq!(signed["status"], "signed_off");
    assert_eq!(signed["signedOffBy"], "Sam Patel");
    let e = t.err("manager", "sign_off_audit", json!({"auditId": id}));
    assert_code(&e, ErrorCode::InvalidState, None);
    assert!(e.message.contains("already signed off"));

    let answer = t.ok("manager", "get_audit", json!({"auditId": id}))["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["questionId"] == "fixtures-intact" && a["areaId"] == bedroom.as_str())
        .unwrap()
        .clone();
    assert_code(
        &t.err(
            "manager",
            "amend_answer",
            json!({"auditId": id, "answerId": answer["id"], "value": "yes", "reason": " "}),
        ),
        ErrorCode::Validation,
        Some("reason"),
    );
    let m = t.ok("manager", "amend_answer", json!({"auditId": id, "answerId": answer["id"], "value": "yes", "reason": "Estates fixed it during the walk-round"}));
    assert_eq!(m["originalValue"], "no");
    assert_eq!(m["originalComment"], "Anti-ligature handle loose; estates called");
    let view = t.ok("manager", "get_audit", json!({"auditId": id}));
    assert_eq!(view["amendments"].as_array().unwrap().len(), 1);

    // The PDF names the ward and the new point.
    let pdf = t.ok("matron", "audit_report_pdf", json!({"auditId": id}));
    assert!(pdf["fileName"].as_str().unwrap().ends_with(".pdf"));
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD.decode(pdf["dataBase64"].as_str().unwrap()).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
}

#[test]
fn the_daily_ward_safety_check() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let audit = start(&t, "nurse", &willow, "daily-safety-check");
    assert!(audit["points"].as_array().unwrap().is_empty());
    let id = audit["audit"]["id"].as_str().unwrap();
    // Ward-wide questions take no area; an area is refused.
    let area = audit["areas"][0]["id"].as_str().unwrap();
    let e = t.err(
        "nurse",
        "save_answer",
        json!({"auditId": id, "areaId": area, "questionId": "ligature-cutters", "value": "yes"}),
    );
    assert_code(&e, ErrorCode::Validation, Some("questionId"));
    // Ligature points belong to walk-rounds only.
    let e = t.err("nurse", "add_ligature_point", point_input(id, area, 3, 3));
    assert_code(&e, ErrorCode::Validation, Some("auditId"));
    t.answer_everything("nurse", &audit);
    let summary = t.ok("nurse", "complete_audit", json!({"auditId": id}));
    assert_eq!(summary["failed"], 0);
    let e = t.err("nurse", "save_answer", json!({"auditId": id, "questionId": "ligature-cutters", "value": "no"}));
    assert_code(&e, ErrorCode::InvalidState, None);
}

#[test]
fn bad_input_is_refused_naming_the_field_and_nothing_is_written() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let audit = start(&t, "manager", &willow, "ligature-walkround");
    let id = audit["audit"]["id"].as_str().unwrap().to_string();
    let bedroom = audit["areas"][0]["id"].as_str().unwrap().to_string();
    let unknown = "0190f5c8-8d6b-7c84-8a4b-2f5a3a9b0c11";
    let p = |f: &dyn Fn(&mut Value)| {
        let mut v = point_input(&id, &bedroom, 3, 4);
        f(&mut v);
        v
    };
    let cases: Vec<(&str, Value, ErrorCode, &str)> = vec![
        ("start_audit", json!({"wardId": unknown, "templateKey": "ligature-walkround"}), ErrorCode::NotFound, "wardId"),
        (
            "start_audit",
            json!({"wardId": "not-a-uuid", "templateKey": "ligature-walkround"}),
            ErrorCode::Validation,
            "wardId",
        ),
        (
            "start_audit",
            json!({"wardId": willow, "templateKey": "no-such-template"}),
            ErrorCode::NotFound,
            "templateKey",
        ),
        ("start_audit", json!({"templateKey": "ligature-walkround"}), ErrorCode::Validation, "wardId"),
        ("add_ligature_point", p(&|v| v["assessment"]["likelihood"] = json!(0)), ErrorCode::Validation, "likelihood"),
        ("add_ligature_point", p(&|v| v["assessment"]["likelihood"] = json!(6)), ErrorCode::Validation, "likelihood"),
        ("add_ligature_point", p(&|v| v["assessment"]["consequence"] = json!(6)), ErrorCode::Validation, "consequence"),
        (
            "add_ligature_point",
            p(&|v| v["assessment"]["likelihood"] = json!("high")),
            ErrorCode::Validation,
            "assessment.likelihood",
        ),
        (
            "add_ligature_point",
            p(&|v| {
                v["assessment"]["residualLikelihood"] = json!(2);
                v["assessment"]["residualConsequence"] = json!(9)
            }),
            ErrorCode::Validation,
            "residualConsequence",
        ),
        (
            "add_ligature_point",
            p(&|v| {
                v["assessment"]["residualLikelihood"] = json!(2);
                v["assessment"]["residualConsequence"] = json!(2)
            }),
            ErrorCode::Validation,
            "controls",
        ),
        (
            "add_ligature_point",
            p(&|v| {
                v["assessment"]["residualLikelihood"] = json!(5);
                v["assessment"]["residualConsequence"] = json!(5);
                v["assessment"]["controls"] = json!(["observation"])
            }),
            ErrorCode::Validation,
            "residualLikelihood",
        ),
        ("add_ligature_point", p(&|v| v["location"] = json!("  ")), ErrorCode::Validation, "location"),
        ("add_ligature_point", p(&|v| v["fixtureType"] = json!("chandelier")), ErrorCode::Validation, "fixtureType"),
        ("add_ligature_point", p(&|v| v["areaId"] = json!(unknown)), ErrorCode::NotFound, "areaId"),
        ("add_ligature_point", p(&|v| v["loadTestDate"] = json!("2026-02-30")), ErrorCode::Validation, "loadTestDate"),
        (
            "add_ligature_point",
            p(&|v| {
                v["collapsible"] = json!(true);
                v["loadTestDate"] = json!("2999-01-01")
            }),
            ErrorCode::Validation,
            "loadTestDate",
        ),
        (
            "add_ligature_point",
            p(&|v| v["assessment"]["status"] = json!("accepted")),
            ErrorCode::Validation,
            "acceptedReason",
        ),
        (
            "add_ligature_point",
            p(&|v| {
                v["assessment"]["status"] = json!("accepted");
                v["assessment"]["acceptedReason"] = json!("Cannot be removed")
            }),
            ErrorCode::Validation,
            "approver",
        ),
        (
            "add_ligature_point",
            p(&|v| v["assessment"]["controls"] = json!(["prayer"])),
            ErrorCode::Validation,
            "controls[0]",
        ),
        (
            "add_ligature_point",
            p(&|v| v["assessment"]["photoIds"] = json!([unknown])),
            ErrorCode::NotFound,
            "photoIds[0]",
        ),
        (
            "save_answer",
            json!({"auditId": id, "areaId": bedroom, "questionId": "fixtures-intact", "value": "maybe"}),
            ErrorCode::Validation,
            "value",
        ),
        (
            "save_answer",
            json!({"auditId": id, "areaId": bedroom, "questionId": "fixtures-intact", "value": ""}),
            ErrorCode::Validation,
            "value",
        ),
        (
            "save_answer",
            json!({"auditId": id, "areaId": bedroom, "questionId": "no-such-question", "value": "yes"}),
            ErrorCode::NotFound,
            "questionId",
        ),
        (
            "save_answer",
            json!({"auditId": unknown, "areaId": bedroom, "questionId": "fixtures-intact", "value": "yes"}),
            ErrorCode::NotFound,
            "auditId",
        ),
        ("upload_photo", json!({"dataBase64": "aGVsbG8gd29ybGQ="}), ErrorCode::Validation, "dataBase64"),
        ("upload_photo", json!({"dataBase64": "***"}), ErrorCode::Validation, "dataBase64"),
        ("import_template", json!({"json": "{\"key\": \"x\"}"}), ErrorCode::Validation, "version"),
        ("create_ward", json!({"siteId": unknown, "name": "New", "specialty": "acute"}), ErrorCode::NotFound, "siteId"),
        (
            "create_ward",
            json!({"siteId": unknown, "name": "New", "specialty": "surgical"}),
            ErrorCode::Validation,
            "specialty",
        ),
        (
            "create_user",
            json!({"username": "x", "displayName": "X", "password": "short"}),
            ErrorCode::Validation,
            "password",
        ),
        (
            "create_user",
            json!({"username": "manager", "displayName": "X", "password": "long enough"}),
            ErrorCode::Duplicate,
            "username",
        ),
    ];
    for (command, input, code, field) in cases {
        let before = t.log_len();
        let user =
            if ["import_template", "create_ward", "create_user"].contains(&command) { "admin" } else { "manager" };
        let e = t.err(user, command, input.clone());
        assert_eq!(e.code, code, "{command} {input}: {e}");
        assert_eq!(e.field.as_deref(), Some(field), "{command} {input}: {e}");
        assert!(!e.message.is_empty());
        assert_eq!(t.log_len(), before, "{command} wrote something although it failed");
    }
}

#[test]
fn photos_must_be_images_within_the_size_limit_and_are_stored_once() {
    use base64::Engine;
    let t = Trust::demo();
    let png: Vec<u8> = [&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..], &[0u8; 64]].concat();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&png);
    let a = t.ok("nurse", "upload_photo", json!({"dataBase64": b64}));
    let b = t.ok("manager", "upload_photo", json!({"dataBase64": b64}));
    assert_eq!(a["id"], b["id"], "same bytes, same photo");
    assert_eq!(a["mime"], "image/png");
    let back = t.ok("nurse", "get_photo", json!({"photoId": a["id"]}));
    assert_eq!(back["dataBase64"], b64);
    let big = base64::engine::general_purpose::STANDARD
        .encode([&[0xFF, 0xD8, 0xFF][..], &vec![0u8; 11 * 1024 * 1024]].concat());
    let e = t.err("nurse", "upload_photo", json!({"dataBase64": big}));
    assert_code(&e, ErrorCode::Validation, Some("dataBase64"));
    assert!(e.message.contains("10 MB"));
}

#[test]
fn a_template_with_an_error_is_refused_and_a_good_one_goes_live_archiving_the_old() {
    let t = Trust::demo();
    let mut tpl: Value =
        serde_json::from_str(include_str!("../../../assets/templates/daily-safety-check.json")).unwrap();
    tpl["sections"][1]["questions"][0]["kind"] = json!("maybe");
    let e = t.err("admin", "import_template", json!({"json": tpl.to_string()}));
    assert_code(&e, ErrorCode::Validation, Some("sections[1].questions[0].kind"));
    tpl["sections"][1]["questions"][0]["kind"] = json!("yes_no_na");
    let e = t.err("admin", "import_template", json!({"json": tpl.to_string()}));
    assert_code(&e, ErrorCode::Duplicate, Some("version"));
    tpl["version"] = json!(2);
    assert_code(&t.err("manager", "import_template", json!({"json": tpl.to_string()})), ErrorCode::Forbidden, None);
    t.ok("admin", "import_template", json!({"json": tpl.to_string()}));
    let list = t.ok("admin", "list_templates", Value::Null);
    let daily: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["key"] == "daily-safety-check")
        .map(|x| (x["version"].as_u64().unwrap(), x["status"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(daily, vec![(2, "live".to_string()), (1, "archived".to_string())]);

    // Draft → live → archived: a draft is reviewed before anyone can start it.
    tpl["version"] = json!(3);
    tpl["name"] = json!("Daily ward safety check (revised)");
    let draft = t.ok("admin", "import_template", json!({"json": tpl.to_string(), "draft": true}));
    assert_eq!(draft["status"], "draft");
    let willow = t.ward("Willow Ward");
    let audit = t.ok("nurse", "start_audit", json!({"wardId": willow, "templateKey": "daily-safety-check"}));
    assert_eq!(audit["audit"]["templateVersion"], 2, "audits start on the live version, not the draft");
    assert_code(&t.err("matron", "publish_template", json!({"templateId": draft["id"]})), ErrorCode::Forbidden, None);
    let live = t.ok("admin", "publish_template", json!({"templateId": draft["id"]}));
    assert_eq!(live["status"], "live");
    assert_code(&t.err("admin", "publish_template", json!({"templateId": draft["id"]})), ErrorCode::InvalidState, None);
    let audit = t.ok("nurse", "start_audit", json!({"wardId": willow, "templateKey": "daily-safety-check"}));
    assert_eq!(audit["audit"]["templateVersion"], 3);
    // The audit started on version 2 keeps version 2.
    let list = t.ok("admin", "list_templates", Value::Null);
    let status = |v: u64| {
        list.as_array().unwrap().iter().find(|x| x["key"] == "daily-safety-check" && x["version"] == v).unwrap()
            ["status"]
            .clone()
    };
    assert_eq!((status(1), status(2), status(3)), (json!("archived"), json!("archived"), json!("live")));
}

#[test]
fn first_run_sign_in_and_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let app = wardsafe_commands::App::open(&dir.path().join("w.sqlite3")).unwrap();
    assert_eq!(app.call("app_status", None, Value::Null).unwrap()["hasUsers"], false);
    let e = app
        .call("create_first_admin", None, json!({"username": "boss", "displayName": "Boss", "password": "short"}))
        .unwrap_err();
    assert_code(&e, ErrorCode::Validation, Some("password"));
    let s = app
        .call(
            "create_first_admin",
            None,
            json!({"username": "boss", "displayName": "Boss", "password": "a long password"}),
        )
        .unwrap();
    let session = s["session"].as_str().unwrap().to_string();
    assert_eq!(s["user"]["roles"][0]["role"], "administrator");
    let e = app
        .call(
            "create_first_admin",
            None,
            json!({"username": "boss2", "displayName": "B", "password": "a long password"}),
        )
        .unwrap_err();
    assert_code(&e, ErrorCode::InvalidState, None);
    assert_code(&app.call("load_demo", None, Value::Null).unwrap_err(), ErrorCode::InvalidState, None);
    // The administrator sets up a site, a ward and its areas.
    let site = app.call("create_site", Some(&session), json!({"name": "Hill House"})).unwrap();
    let ward = app
        .call("create_ward", Some(&session), json!({"siteId": site["id"], "name": "Ash Ward", "specialty": "picu"}))
        .unwrap();
    let area = app
        .call("create_area", Some(&session), json!({"wardId": ward["id"], "name": "Bedroom 1", "areaType": "bedroom"}))
        .unwrap();
    assert_eq!(area["tier"], "3", "CQC: bedrooms are tier 3 unless set otherwise");
    // Wrong password, unknown user: the same refusal.
    for (u, p) in [("boss", "wrong password"), ("nobody", "a long password")] {
        let e = app.call("sign_in", None, json!({"username": u, "password": p})).unwrap_err();
        assert_code(&e, ErrorCode::Unauthenticated, Some("password"));
    }
    // Every command that needs a session refuses without one, or with a stale one.
    for c in wardsafe_commands::COMMANDS.iter().filter(|c| c.needs_session) {
        assert_code(&app.call(c.name, None, json!({})).unwrap_err(), ErrorCode::Unauthenticated, None);
        assert_code(&app.call(c.name, Some("stale"), json!({})).unwrap_err(), ErrorCode::Unauthenticated, None);
    }
    app.call("sign_out", Some(&session), Value::Null).unwrap();
    assert_code(&app.call("whoami", Some(&session), Value::Null).unwrap_err(), ErrorCode::Unauthenticated, None);
    assert_code(&app.call("drop_tables", None, Value::Null).unwrap_err(), ErrorCode::UnknownCommand, None);
}
