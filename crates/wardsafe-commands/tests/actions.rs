//! Actions (issue 4) through the command surface: every workflow step by
//! every demo role, the bad inputs the issue names (each refused with its
//! field and nothing written), verification updating the ligature point, and
//! every step on the timeline and in the change log.

mod support;

use serde_json::{json, Value};
use support::{assert_code, Trust, USERS};
use wardsafe_commands::ErrorCode;

const PNG: &str = "iVBORw0KGgoAAAAAAAAAAAAAAAAAAAA=";

struct Fixture {
    t: Trust,
    willow: String,
    estates: Value,
    photo: Value,
}

fn fixture() -> Fixture {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let estates = t.ok("matron", "assignable_users", json!({"wardId": willow}))[0]["id"].clone();
    let photo = t.ok("estates", "upload_photo", json!({"dataBase64": PNG}))["id"].clone();
    Fixture { t, willow, estates, photo }
}

impl Fixture {
    fn raise(&self, extra: Value) -> Value {
        let mut input = json!({"wardId": self.willow, "title": "Box in the exposed pipe", "band": "high",
            "ownerTeam": "estates", "trade": "plumbing"});
        input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        self.t.ok("manager", "raise_action", input)
    }

    fn step(&self, user: &str, action: &Value, step: &str, extra: Value) -> Result<Value, wardsafe_commands::AppError> {
        let mut input = json!({"actionId": action["id"], "step": step});
        input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        self.t.call(user, "action_step", input)
    }

    /// An action brought to `status` by people allowed to.
    fn at(&self, status: &str) -> Value {
        let a = if status == "draft" { self.draft() } else { self.raise(json!({})) };
        let path: &[(&str, &str, Value)] = match status {
            "draft" | "open" => &[],
            "assigned" => &[("matron", "assign", json!({"assigneeId": self.estates}))],
            "in_progress" => {
                &[("matron", "assign", json!({"assigneeId": self.estates})), ("estates", "start", json!({}))]
            }
            "completed" => &[
                ("matron", "assign", json!({"assigneeId": self.estates})),
                ("estates", "start", json!({})),
                ("estates", "complete", json!({"note": "Pipe boxed in", "photoIds": [self.photo]})),
            ],
            other => panic!("no path to {other}"),
        };
        let mut out = a;
        for (user, step, extra) in path {
            out = self.step(user, &out, step, extra.clone()).unwrap_or_else(|e| panic!("{user} {step}: {e}"));
        }
        assert_eq!(out["status"], status);
        out
    }

    /// A draft, as a completed walk-round makes them: a new point scored high.
    fn draft(&self) -> Value {
        let audit =
            self.t.ok("matron", "start_audit", json!({"wardId": self.willow, "templateKey": "ligature-walkround"}));
        self.t.answer_everything("matron", &audit);
        let id = audit["audit"]["id"].clone();
        let assessment = json!({"likelihood": 4, "consequence": 4, "controls": [], "status": "open"});
        for p in audit["points"].as_array().unwrap() {
            self.t.ok(
                "matron",
                "assess_ligature_point",
                json!({"auditId": id, "pointId": p["point"]["id"], "assessment": assessment}),
            );
        }
        let point = self.t.ok(
            "matron",
            "add_ligature_point",
            json!({"auditId": id, "areaId": audit["areas"][0]["id"], "fixtureType": "tap", "location": "Basin tap",
                   "heightBand": "floor_to_1m", "collapsible": false, "assessment": assessment}),
        );
        self.t.ok("matron", "complete_audit", json!({"auditId": id}));
        let drafts = self.t.ok("matron", "ward_actions", json!({"wardId": self.willow}))["drafts"].clone();
        let mine = drafts.as_array().unwrap().iter().find(|d| d["pointId"] == point["point"]["id"]);
        mine.expect("a draft for the new point").clone()
    }
}

/// Who may take each step on Willow Ward (nurse and manager hold roles there;
/// matron, estates, governance and admin are trust-wide).
fn may(step: &str) -> &'static [&'static str] {
    match step {
        "confirm" | "merge" | "dismiss" => &["manager", "matron"],
        "assign" => &["manager", "matron", "estates"],
        "start" | "complete" => &["estates"],
        "verify" | "reject" => &["manager", "matron"],
        other => panic!("unknown step {other}"),
    }
}

#[test]
fn every_step_by_every_role() {
    let f = fixture();
    let steps: &[(&str, &str)] = &[
        ("confirm", "draft"),
        ("merge", "draft"),
        ("dismiss", "draft"),
        ("assign", "open"),
        ("start", "assigned"),
        ("complete", "in_progress"),
        ("verify", "completed"),
        ("reject", "completed"),
    ];
    let target = f.raise(json!({"title": "The action drafts merge into"}));
    for (step, from) in steps {
        for user in USERS {
            let a = f.at(from);
            let extra = match *step {
                "merge" => json!({"mergeInto": target["id"]}),
                "dismiss" | "reject" => json!({"reason": "Not needed"}),
                "assign" => json!({"assigneeId": f.estates}),
                "complete" => json!({"note": "Done", "photoIds": [f.photo]}),
                _ => json!({}),
            };
            let before = f.t.log_len();
            let result = f.step(user, &a, step, extra);
            let allowed = may(step).contains(&user);
            match (&result, allowed) {
                (Ok(v), true) => assert_ne!(v["status"], *from, "{user} {step} changed nothing"),
                (Err(e), false) => {
                    assert_eq!(e.code, ErrorCode::Forbidden, "{user} {step}: {e}");
                    assert_eq!(f.t.log_len(), before, "{user} {step}: a refused step wrote something");
                }
                (Err(e), true) => panic!("{user} should be able to {step}: {e}"),
                (Ok(_), false) => panic!("{user} must not be able to {step}"),
            }
        }
    }
}

#[test]
fn the_whole_workflow_is_on_the_timeline_and_verification_updates_the_point() {
    let f = fixture();
    let register = f.t.ok("manager", "ligature_register", json!({"wardId": f.willow}));
    let point = register.as_array().unwrap().iter().find(|e| e["point"]["status"] == "open").unwrap()["point"].clone();
    let a = f.raise(json!({"pointId": point["id"], "band": "extreme"}));
    assert_eq!(a["source"], "ligature_point");
    assert_eq!(a["areaId"], point["areaId"], "the point's area");
    // Extreme: due in 7 days by default (DESIGN.md §2.3).
    let raised = chrono::NaiveDate::parse_from_str(&a["raisedAt"].as_str().unwrap()[..10], "%Y-%m-%d").unwrap();
    let due = chrono::NaiveDate::parse_from_str(a["dueDate"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    // (The due date counts from the London date; the raising instant is UTC.)
    assert!((6..=8).contains(&(due - raised).num_days()), "{raised} → {due}");

    let a = f.step("manager", &a, "assign", json!({"assigneeId": f.estates})).unwrap();
    let a = f.step("estates", &a, "start", json!({})).unwrap();
    let a = f
        .step("estates", &a, "complete", json!({"note": "Handle replaced with anti-ligature", "photoIds": [f.photo]}))
        .unwrap();
    // Verify by the manager, with what it leaves: the point is now removed.
    let e = f.step("manager", &a, "verify", json!({})).unwrap_err();
    assert_code(&e, ErrorCode::Validation, Some("pointStatus"));
    let e = f.step("manager", &a, "verify", json!({"pointStatus": "mitigated"})).unwrap_err();
    assert_code(&e, ErrorCode::Validation, Some("residualLikelihood"));
    let a = f
        .step(
            "manager",
            &a,
            "verify",
            json!({"pointStatus": "mitigated", "residualLikelihood": 1, "residualConsequence": 3}),
        )
        .unwrap();
    assert_eq!(a["status"], "verified");
    let p = f.t.ok("manager", "ligature_register", json!({"wardId": f.willow}));
    let p = p.as_array().unwrap().iter().find(|e| e["point"]["id"] == point["id"]).unwrap()["point"].clone();
    assert_eq!(p["status"], "mitigated");
    assert_eq!(p["latest"]["residual"]["score"], 3);
    assert_eq!(p["latest"]["photoIds"], json!([f.photo]), "the evidence is kept with the assessment");

    // Verifying twice.
    let e = f.step("matron", &a, "verify", json!({"pointStatus": "removed"})).unwrap_err();
    assert_code(&e, ErrorCode::InvalidState, None);

    let detail = f.t.ok("nurse", "get_action", json!({"actionId": a["id"]}));
    let kinds: Vec<&str> = detail["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["raised", "assign", "start", "complete", "verify"]);
    let complete = &detail["timeline"][3];
    assert_eq!((&complete["fromStatus"], &complete["toStatus"]), (&json!("in_progress"), &json!("completed")));
    assert_eq!(complete["byName"], "Chris Dunn");
    assert_eq!(complete["note"], "Handle replaced with anti-ligature");
    // And in the change log: one action row change and one timeline record per step.
    let log = f.t.app.store().read(|c| wardsafe_store::queries::change_log(c, 0, i64::MAX)).unwrap();
    let id = a["id"].as_str().unwrap();
    let on_action = log.iter().filter(|r| r.entity == "action" && r.entity_id.to_string() == id).count();
    assert_eq!(on_action, 5, "insert + four steps");
    assert!(log.iter().filter(|r| r.entity == "action_event").count() >= 5);
}

#[test]
fn bad_input_is_refused_with_its_field_and_nothing_written() {
    let f = fixture();
    let t = &f.t;
    let check = |user: &str, command: &str, input: Value, code: ErrorCode, field: Option<&str>| {
        let before = t.log_len();
        let e = t.err(user, command, input.clone());
        assert_code(&e, code, field);
        assert_eq!(t.log_len(), before, "{command} {input}: refused but wrote");
    };
    let base = json!({"wardId": f.willow, "title": "Fix", "band": "high", "ownerTeam": "estates", "trade": "general"});
    let with = |extra: Value| {
        let mut v = base.clone();
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    // A due date in the past without a reason.
    check("manager", "raise_action", with(json!({"dueDate": "2020-01-01"})), ErrorCode::Validation, Some("dueDate"));
    check("manager", "raise_action", with(json!({"dueDate": "1 Jan"})), ErrorCode::Validation, Some("dueDate"));
    check("manager", "raise_action", with(json!({"title": "  "})), ErrorCode::Validation, Some("title"));
    check("manager", "raise_action", with(json!({"band": "severe"})), ErrorCode::Validation, Some("band"));
    let a = f.raise(json!({}));
    // Changing a due date needs a reason.
    check(
        "manager",
        "edit_action",
        json!({"actionId": a["id"], "dueDate": "2099-01-01"}),
        ErrorCode::Validation,
        Some("reason"),
    );
    let edited = t.ok(
        "manager",
        "edit_action",
        json!({"actionId": a["id"], "dueDate": "2099-01-01", "reason": "Parts on order"}),
    );
    assert_eq!(edited["dueDate"], "2099-01-01");
    // Assigning to someone without the estates role for the ward.
    let nurse = t.ok("nurse", "whoami", Value::Null)["id"].clone();
    let step = |s: &str, extra: Value| {
        let mut v = json!({"actionId": a["id"], "step": s});
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    check(
        "manager",
        "action_step",
        step("assign", json!({"assigneeId": nurse})),
        ErrorCode::Validation,
        Some("assigneeId"),
    );
    t.ok("manager", "action_step", step("assign", json!({"assigneeId": f.estates})));
    t.ok("estates", "action_step", step("start", json!({})));
    // Completing without evidence.
    check(
        "estates",
        "action_step",
        step("complete", json!({"photoIds": [f.photo]})),
        ErrorCode::Validation,
        Some("note"),
    );
    check("estates", "action_step", step("complete", json!({"note": "Done"})), ErrorCode::Validation, Some("photos"));
    check(
        "estates",
        "action_step",
        step("complete", json!({"note": "Done", "photoIds": [uuid::Uuid::now_v7()]})),
        ErrorCode::NotFound,
        Some("photoIds[0]"),
    );
    t.ok("estates", "action_step", step("complete", json!({"note": "Done", "photoIds": [f.photo]})));
    // Verifying by estates; rejecting without a reason.
    check("estates", "action_step", step("verify", json!({})), ErrorCode::Forbidden, None);
    check("manager", "action_step", step("reject", json!({})), ErrorCode::Validation, Some("reason"));
    let back = t.ok("manager", "action_step", step("reject", json!({"reason": "Still a gap behind the boxing"})));
    assert_eq!(back["status"], "open");
    // Bulk assignment is all or nothing.
    let b = f.raise(json!({}));
    let done = f.at("completed");
    check(
        "matron",
        "assign_actions",
        json!({"actionIds": [b["id"], done["id"]], "assigneeId": f.estates}),
        ErrorCode::InvalidState,
        None,
    );
    assert_eq!(t.ok("matron", "get_action", json!({"actionId": b["id"]}))["action"]["status"], "open");
    // The policy: administrators only, each period named when wrong.
    let policy = json!({"extremeDays": 0, "highDays": 28, "moderateDays": 90, "lowDays": 180, "vigilanceOnlyDays": 7});
    check("admin", "set_policy", policy.clone(), ErrorCode::Validation, Some("extremeDays"));
    check("manager", "set_policy", policy, ErrorCode::Forbidden, None);
}

#[test]
fn the_estates_queue_orders_by_band_then_due_date_and_filters() {
    let f = fixture();
    let t = &f.t;
    for (band, due) in
        [("low", "2099-03-01"), ("extreme", "2099-02-01"), ("high", "2099-01-01"), ("extreme", "2099-01-15")]
    {
        f.raise(json!({"band": band, "dueDate": due, "trade": if band == "low" { "glazing" } else { "plumbing" }}));
    }
    let page = t.ok("estates", "estates_queue", json!({}));
    let got: Vec<(String, String)> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["band"].as_str().unwrap().to_string(), a["dueDate"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(page["total"], 4);
    assert_eq!(
        got,
        [("extreme", "2099-01-15"), ("extreme", "2099-02-01"), ("high", "2099-01-01"), ("low", "2099-03-01")]
            .map(|(b, d)| (b.to_string(), d.to_string()))
    );
    let glazing = t.ok("estates", "estates_queue", json!({"trade": "glazing"}));
    assert_eq!(glazing["total"], 1);
    let paged = t.ok("estates", "estates_queue", json!({"limit": 2, "offset": 2}));
    assert_eq!((paged["items"].as_array().unwrap().len(), &paged["total"]), (2, &json!(4)));
    // The Willow Ward manager's queue holds only Willow; an Oak manager sees none of it.
    assert_eq!(t.ok("manager", "estates_queue", json!({}))["total"], 4);
    let oak = t.app.call("sign_in", None, json!({"username": "oakmanager", "password": "demo-password"})).unwrap();
    let oak = t.app.call("estates_queue", oak["session"].as_str(), json!({})).unwrap();
    assert_eq!(oak["total"], 0);
    assert_code(&t.err("estates", "estates_queue", json!({"limit": 0})), ErrorCode::Validation, Some("limit"));
}

#[test]
fn the_dashboard_counts_risks_and_actions_for_a_ward_a_site_and_the_trust() {
    let f = fixture();
    let t = &f.t;
    let ward = |user: &str| t.ok(user, "risk_dashboard", json!({"wardId": f.willow}));
    let band_count = |d: &Value, band: &str| {
        d["outstandingByBand"].as_array().unwrap().iter().find(|c| c["key"] == band).unwrap()["count"].as_u64().unwrap()
    };
    let before = ward("manager");
    assert_eq!(before["scope"], "Willow Ward");
    // Open points by band and tier add up to the register's open, assessed points.
    let register = t.ok("manager", "ligature_register", json!({"wardId": f.willow}));
    let open = register
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            ["open", "mitigated"].contains(&e["point"]["status"].as_str().unwrap()) && e["point"]["latest"].is_object()
        })
        .count() as u64;
    let counted: u64 = before["openPoints"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(counted, open);
    assert_eq!(before["trend"].as_array().unwrap().len(), 12);

    // An extreme action raised: outstanding, longest open; one already overdue.
    let a = f.raise(json!({"band": "extreme", "title": "Remove the exposed pipe"}));
    f.raise(json!({"band": "low", "dueDate": "2020-01-01", "reason": "Entered late from the paper log"}));
    let during = ward("manager");
    assert_eq!(band_count(&during, "extreme"), band_count(&before, "extreme") + 1);
    assert_eq!(during["overdue"].as_u64().unwrap(), before["overdue"].as_u64().unwrap() + 1);
    assert!(during["longestOpen"].as_array().unwrap().iter().any(|x| x["id"] == a["id"]));
    let month = |d: &Value, k: &str| d["trend"][11][k].as_u64().unwrap();
    assert_eq!(month(&during, "raised"), month(&before, "raised") + 2);
    assert_eq!(month(&during, "overdueAtEnd"), month(&before, "overdueAtEnd") + 1);

    // Fixed and verified the same day: closed in 0 days.
    let a = f.step("matron", &a, "assign", json!({"assigneeId": f.estates})).unwrap();
    let a = f.step("estates", &a, "complete", json!({"note": "Removed", "photoIds": [f.photo]})).unwrap();
    assert_eq!(
        ward("manager")["awaitingVerification"].as_u64().unwrap(),
        during["awaitingVerification"].as_u64().unwrap() + 1
    );
    f.step("manager", &a, "verify", json!({})).unwrap();
    let after = ward("manager");
    assert_eq!(band_count(&after, "extreme"), band_count(&before, "extreme"));
    let extreme = after["closeStats"].as_array().unwrap().iter().find(|c| c["band"] == "extreme").unwrap().clone();
    assert_eq!((&extreme["count"], &extreme["medianDays"]), (&json!(1), &json!(0.0)));
    assert_eq!(month(&after, "closed"), month(&during, "closed") + 1);
    assert!(!after["longestOpen"].as_array().unwrap().iter().any(|x| x["id"] == a["id"]));

    // The trust, a site, and only my wards.
    let trust = t.ok("matron", "risk_dashboard", json!({}));
    assert_eq!(trust["scope"], "The whole trust");
    assert_eq!(trust["wards"].as_array().unwrap().len(), 6);
    let willow_row =
        trust["wards"].as_array().unwrap().iter().find(|w| w["wardName"] == "Willow Ward").unwrap().clone();
    assert_eq!(willow_row["overdueActions"], 1);
    let site = t.ok("admin", "list_sites", Value::Null)[0].clone();
    let by_site = t.ok("matron", "risk_dashboard", json!({"siteId": site["id"]}));
    assert_eq!(by_site["scope"], site["name"]);
    assert!(by_site["wards"].as_array().unwrap().iter().all(|w| w["siteName"] == site["name"]));
    let mine = t.ok("manager", "risk_dashboard", json!({}));
    assert_eq!(mine["scope"], "My wards");
    let names = |v: &Value, key: &dyn Fn(&Value) -> Value| {
        let mut n: Vec<String> = v.as_array().unwrap().iter().map(|w| key(w).as_str().unwrap().to_string()).collect();
        n.sort();
        n
    };
    let my_wards = t.ok("manager", "list_my_wards", Value::Null);
    assert_eq!(names(&mine["wards"], &|w| w["wardName"].clone()), names(&my_wards, &|w| w["ward"]["name"].clone()));
    assert!(mine["wards"].as_array().unwrap().len() < 6);
    let oak = t.app.call("sign_in", None, json!({"username": "oakmanager", "password": "demo-password"})).unwrap();
    let e = t.app.call("risk_dashboard", oak["session"].as_str(), json!({"wardId": f.willow})).unwrap_err();
    assert_code(&e, ErrorCode::Forbidden, None);
    assert_code(
        &t.err("matron", "risk_dashboard", json!({"siteId": uuid::Uuid::now_v7()})),
        ErrorCode::NotFound,
        Some("siteId"),
    );
}

/// A CSV export's rows, parsed back (header first).
fn csv_rows(file: &Value) -> Vec<Vec<String>> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD.decode(file["dataBase64"].as_str().unwrap()).unwrap();
    let mut r = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes.as_slice());
    r.records().map(|rec| rec.unwrap().iter().map(str::to_string).collect()).collect()
}

#[test]
fn csv_exports_parse_back_to_the_data_and_an_empty_ward_is_just_the_header() {
    let f = fixture();
    let t = &f.t;
    // The register: one row per point not removed, the same ids, scores and statuses.
    let file = t.ok("nurse", "export_register_csv", json!({"wardId": f.willow}));
    assert_eq!(file["mime"], "text/csv");
    assert!(file["fileName"].as_str().unwrap().starts_with("willow-ward-ligature-register-"));
    let description = file["description"].as_str().unwrap();
    assert!(
        description.starts_with("Ligature register of Willow Ward") && description.contains("produced"),
        "{description}"
    );
    let rows = csv_rows(&file);
    assert_eq!(rows[0], wardsafe_commands::REGISTER_HEADER.map(String::from));
    let register = t.ok("nurse", "ligature_register", json!({"wardId": f.willow}));
    let kept: Vec<&Value> = register.as_array().unwrap().iter().filter(|e| e["point"]["status"] != "removed").collect();
    assert_eq!(rows.len() - 1, kept.len());
    for e in kept {
        let row = rows.iter().find(|r| r[0] == e["point"]["id"].as_str().unwrap()).expect("every point has its row");
        assert_eq!(row[4], e["point"]["location"].as_str().unwrap());
        assert_eq!(row[7], e["point"]["status"].as_str().unwrap());
        assert_eq!(row[8], e["point"]["latest"]["risk"]["score"].to_string());
    }
    // The actions, with a comma and quotes in a title to be sure they survive.
    let a = f.raise(json!({"title": "Box in the pipe, \"urgent\"", "band": "extreme"}));
    f.step("matron", &a, "assign", json!({"assigneeId": f.estates})).unwrap();
    let rows = csv_rows(&t.ok("manager", "export_actions_csv", json!({"wardId": f.willow})));
    assert_eq!(rows[0], wardsafe_commands::ACTIONS_HEADER.map(String::from));
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (&rows[1][0], &rows[1][3], &rows[1][4], &rows[1][5], &rows[1][8]),
        (
            &a["id"].as_str().unwrap().to_string(),
            &"Box in the pipe, \"urgent\"".to_string(),
            &"extreme".to_string(),
            &"assigned".to_string(),
            &"Chris Dunn".to_string()
        )
    );
    // An empty ward: a file with just the header, not an error.
    let site = t.ok("admin", "list_sites", Value::Null)[0]["id"].clone();
    let empty = t.ok("admin", "create_ward", json!({"siteId": site, "name": "Empty Ward", "specialty": "acute"}));
    for (command, header) in [("export_register_csv", 14), ("export_actions_csv", 16)] {
        let rows = csv_rows(&t.ok("admin", command, json!({"wardId": empty["id"]})));
        assert_eq!((rows.len(), rows[0].len()), (1, header), "{command}");
    }
    let oak = t.ward("Oak Ward");
    assert_code(&t.err("nurse", "export_actions_csv", json!({"wardId": oak})), ErrorCode::Forbidden, None);
}

/// What each person is told about (`my_notices`), as an action moves: the
/// estates officer when it is assigned to them, the ward's manager and the
/// matron when it waits for verification, and both sides when it is overdue.
#[test]
fn notices_reach_the_people_an_action_concerns() {
    let f = fixture();
    let keys = |user: &str| -> Vec<(String, String)> {
        let out = f.t.ok(user, "my_notices", json!({"limit": 200}));
        let items = out["items"].as_array().unwrap();
        assert_eq!(out["total"].as_u64().unwrap() as usize, items.len(), "{user}: all fit in 200");
        items.iter().map(|n| (n["kind"].as_str().unwrap().to_string(), n["actionId"].to_string())).collect()
    };
    let about = |user: &str, a: &Value| -> Vec<String> {
        let id = a["id"].to_string();
        keys(user).into_iter().filter(|(_, k)| *k == id).map(|(kind, _)| kind).collect()
    };

    let late = f.raise(json!({"dueDate": "2020-01-01", "reason": "Found late; fix at once"}));
    assert_eq!(about("manager", &late), ["overdue"], "the ward manager answers for an overdue action");
    assert_eq!(about("matron", &late), ["overdue"]);
    assert!(about("estates", &late).is_empty(), "not yet assigned to estates");
    assert!(about("nurse", &late).is_empty(), "a nurse does not verify");

    let assigned = f.step("matron", &late, "assign", json!({"assigneeId": f.estates})).unwrap();
    assert_eq!(about("estates", &assigned), ["overdue", "assigned_to_me"]);
    let before = f.t.ok("estates", "my_notices", json!({}))["items"].clone();

    f.step("estates", &assigned, "start", json!({})).unwrap();
    let started = f.t.ok("estates", "my_notices", json!({}))["items"].clone();
    assert_eq!(before, started, "starting the work is not a new event: same keys, nothing new to notify");

    let done = f.step("estates", &assigned, "complete", json!({"note": "Done", "photoIds": [f.photo]})).unwrap();
    assert!(about("estates", &done).is_empty(), "estates never verify, and it is no longer overdue");
    assert_eq!(about("manager", &done), ["awaiting_my_verification"]);
    let key = |user: &str| {
        f.t.ok(user, "my_notices", json!({}))["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["actionId"] == done["id"])
            .map(|n| n["key"].clone())
    };
    let first = key("manager").unwrap();

    f.step("manager", &done, "reject", json!({"reason": "Still a gap at the top"})).unwrap();
    assert_eq!(about("manager", &done), ["overdue"], "rejected: back to open and still overdue");
    assert!(about("estates", &done).is_empty(), "rejected back to open, to be assigned again");
    f.step("manager", &done, "assign", json!({"assigneeId": f.estates})).unwrap();
    f.step("estates", &done, "complete", json!({"note": "Gap closed", "photoIds": [f.photo]})).unwrap();
    let second = key("manager").unwrap();
    assert_ne!(first, second, "completed again: a new event to notify");

    f.step("matron", &done, "verify", json!({})).unwrap();
    assert!(about("manager", &done).is_empty() && about("matron", &done).is_empty(), "verified: nothing left");

    let e = f.t.call("manager", "my_notices", json!({"limit": 0})).unwrap_err();
    assert_code(&e, ErrorCode::Validation, Some("limit"));
}

/// A merge shows on both timelines, findings merged into a draft follow it
/// when it is merged on (and keep it from being dismissed), a rejection sends
/// the action back to be assigned again, and the reason for a past due date
/// given when raising is kept.
#[test]
fn merges_follow_through_rejections_unassign_and_raise_reasons_are_kept() {
    let f = fixture();
    let timeline = |a: &Value| f.t.ok("manager", "get_action", json!({"actionId": a["id"]}))["timeline"].clone();
    let last = |a: &Value| timeline(a).as_array().unwrap().last().unwrap().clone();

    let late = f.raise(json!({"dueDate": "2020-01-01", "reason": "Found on the 2019 survey"}));
    assert_eq!(last(&late)["kind"], "raised");
    assert_eq!(last(&late)["reason"], "Found on the 2019 survey");

    // Three drafts: B merged into A, then A merged into the open action C.
    let (a, b) = (f.draft(), f.draft());
    let c = f.raise(json!({"title": "Replace every basin tap"}));
    f.step("manager", &b, "merge", json!({"mergeInto": a["id"]})).unwrap();
    assert_eq!(last(&b)["note"], format!("Merged into: {}", a["title"].as_str().unwrap()));
    assert_eq!(last(&a)["kind"], "merged_in");
    assert_eq!(last(&a)["note"], format!("Merged in: {}", b["title"].as_str().unwrap()));

    let before = f.t.log_len();
    let e = f.step("manager", &a, "dismiss", json!({"reason": "Duplicate"})).unwrap_err();
    assert_code(&e, ErrorCode::InvalidState, None);
    assert!(e.message.contains("1 other finding was merged into this draft"), "{e}");
    assert_eq!(f.t.log_len(), before, "nothing written");

    f.step("manager", &a, "merge", json!({"mergeInto": c["id"]})).unwrap();
    let b_now = f.t.ok("manager", "get_action", json!({"actionId": b["id"]}))["action"].clone();
    assert_eq!(b_now["mergedInto"], c["id"], "the finding merged into A follows A into C");
    assert_eq!(
        last(&c)["note"],
        format!("Merged in: {} (with 1 finding merged into it before)", a["title"].as_str().unwrap())
    );

    // Rejected work goes back to open with no one assigned.
    let done = f.at("completed");
    let rejected = f.step("matron", &done, "reject", json!({"reason": "Gap at the top"})).unwrap();
    assert_eq!(rejected["status"], "open");
    assert!(rejected["assigneeId"].is_null(), "{rejected}");
    let steps = f.t.ok("estates", "get_action", json!({"actionId": done["id"]}))["action"]["available"].clone();
    assert_eq!(steps, json!(["assign"]), "estates take it up again by assigning it");
}
