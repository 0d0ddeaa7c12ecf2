//! The PDFs for an inspection evidence pack (issue 4), through the command
//! surface and read back with `pdftotext`: the walk-round report lists the
//! actions raised from it (drafts marked, merged, dismissed and verified ones
//! with how they ended) and the other actions open against the points it
//! assessed; the ligature register names every open point with its open
//! actions, interim controls and the vigilance-only flag; each file says what
//! it holds and when and by whom it was produced. Without pdftotext these
//! tests fail (install poppler-utils), they never skip.

mod support;

use base64::Engine;
use chrono::{Days, Utc};
use chrono_tz::Europe::London;
use serde_json::{json, Value};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::Trust;

const PNG: &str = "iVBORw0KGgoAAAAAAAAAAAAAAAAAAAA=";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// The text of a returned PDF in drawing order (`pdftotext -raw`), so a
/// wrapped table cell reads whole, with every run of whitespace one space.
fn pdf_text(file: &Value) -> String {
    assert_eq!(file["mime"], "application/pdf");
    let bytes = base64::engine::general_purpose::STANDARD.decode(file["dataBase64"].as_str().unwrap()).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    if Command::new("pdftotext").arg("-v").output().is_err() {
        panic!(
            "pdftotext is not installed, so the PDF text cannot be checked: install poppler-utils \
             (apt-get install poppler-utils; scripts/test.sh does this)"
        );
    }
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("wardsafe-commands-pdf-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    let out = Command::new("pdftotext").arg("-raw").arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    let out = out.expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    squash(&String::from_utf8_lossy(&out.stdout))
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_has(text: &str, needle: &str) {
    let needle = squash(needle);
    assert!(text.contains(&needle), "{needle:?} is not in the PDF text:\n{text}");
}

/// A London date `days` from today, as the commands take it and as the report shows it.
fn london_day(days: u64) -> (String, String) {
    let d = Utc::now().with_timezone(&London).date_naive() + Days::new(days);
    (d.format("%Y-%m-%d").to_string(), d.format("%-d %b %Y").to_string())
}

fn display_name(t: &Trust, user: &str) -> String {
    t.ok(user, "whoami", Value::Null)["displayName"].as_str().expect("a display name").to_string()
}

fn step(t: &Trust, user: &str, action: &Value, step: &str, extra: Value) -> Value {
    let mut input = json!({"actionId": action["id"], "step": step});
    input.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    t.ok(user, "action_step", input)
}

/// Make staff vigilance the only control on `action` for the last `days` days.
fn backdate_controls(t: &Trust, action: &Value, days: i64) {
    let at = (Utc::now() - chrono::Duration::days(days)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let id = action["id"].as_str().unwrap().to_string();
    t.app
        .store()
        .read(|c| {
            c.execute("UPDATE interim_controls SET started_at = ?1 WHERE action_id = ?2", [&at, &id]).unwrap();
            Ok(())
        })
        .unwrap();
}

struct WalkRound {
    t: Trust,
    willow: String,
    audit: String,
    /// Raised directly before the walk-round against a point it then assessed.
    direct: Value,
    confirmed: Value,
    dismissed: Value,
    merged: Value,
    verified: Value,
    /// Fixed by estates, waiting for the manager.
    completed: Value,
    /// Fixed, rejected by the manager, open again.
    rejected: Value,
    drafts: Vec<Value>,
    review: (String, String),
}

/// Willow Ward: an action raised against a known point (staff vigilance its only
/// control for 10 days), then a ligature walk-round that scores every point
/// extreme and finds a new one; of its drafts one is confirmed with an interim
/// control and assigned, one dismissed, one merged into the earlier action, one
/// fixed and verified, one fixed and awaiting verification, one fixed and
/// rejected, and the rest left as drafts.
fn walk_round() -> WalkRound {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let estates = t.ok("matron", "assignable_users", json!({"wardId": willow}))[0]["id"].clone();
    let photo = t.ok("estates", "upload_photo", json!({"dataBase64": PNG}))["id"].clone();
    let register = t.ok("manager", "ligature_register", json!({"wardId": willow}));
    let point = register.as_array().unwrap().iter().find(|e| e["point"]["status"] == "open").unwrap()["point"].clone();
    let review = london_day(3);
    let direct = t.ok(
        "manager",
        "raise_action",
        json!({"wardId": willow, "pointId": point["id"], "title": "Fit an anti-ligature door closer (raised earlier)",
               "band": "high", "ownerTeam": "estates", "trade": "joinery"}),
    );
    t.ok(
        "manager",
        "add_interim_control",
        json!({"actionId": direct["id"], "kind": "staff_vigilance", "detail": "", "reviewDate": review.0}),
    );
    backdate_controls(&t, &direct, 10);

    let audit = t.ok("matron", "start_audit", json!({"wardId": willow, "templateKey": "ligature-walkround"}));
    t.answer_everything("matron", &audit);
    let id = audit["audit"]["id"].as_str().unwrap().to_string();
    let assessment = json!({"likelihood": 4, "consequence": 4, "controls": [], "status": "open"});
    for p in audit["points"].as_array().unwrap() {
        t.ok(
            "matron",
            "assess_ligature_point",
            json!({"auditId": id, "pointId": p["point"]["id"], "assessment": assessment}),
        );
    }
    t.ok(
        "matron",
        "add_ligature_point",
        json!({"auditId": id, "areaId": audit["areas"][0]["id"], "fixtureType": "tap",
               "location": "Basin tap by the window", "heightBand": "floor_to_1m", "collapsible": false,
               "assessment": assessment}),
    );
    t.ok("matron", "complete_audit", json!({"auditId": id}));
    let drafts: Vec<Value> = t.ok("manager", "ward_actions", json!({"wardId": willow}))["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["auditId"] == id.as_str())
        .cloned()
        .collect();
    assert!(drafts.len() >= 8, "only {} drafts from the walk-round", drafts.len());

    let confirmed = step(&t, "manager", &drafts[0], "confirm", json!({}));
    t.ok(
        "manager",
        "add_interim_control",
        json!({"actionId": confirmed["id"], "kind": "room_closed", "detail": "Bedroom locked, key in office",
               "reviewDate": review.0}),
    );
    let confirmed = step(&t, "manager", &confirmed, "assign", json!({"assigneeId": estates}));
    let dismissed =
        step(&t, "manager", &drafts[1], "dismiss", json!({"reason": "Duplicate of the estates job already booked"}));
    let merged = step(&t, "manager", &drafts[2], "merge", json!({"mergeInto": direct["id"]}));
    let fixed = step(&t, "manager", &drafts[3], "confirm", json!({}));
    let fixed = step(&t, "manager", &fixed, "assign", json!({"assigneeId": estates}));
    let fixed = step(&t, "estates", &fixed, "start", json!({}));
    let fixed = step(
        &t,
        "estates",
        &fixed,
        "complete",
        json!({"note": "Fitted an anti-ligature fitting", "photoIds": [photo]}),
    );
    let verified = step(&t, "manager", &fixed, "verify", json!({"pointStatus": "removed"}));
    assert_eq!(verified["status"], "verified");
    let done = |d: &Value, note: &str| {
        let a = step(&t, "manager", d, "confirm", json!({}));
        let a = step(&t, "manager", &a, "assign", json!({"assigneeId": estates}));
        let a = step(&t, "estates", &a, "start", json!({}));
        step(&t, "estates", &a, "complete", json!({"note": note, "photoIds": [photo]}))
    };
    let completed = done(&drafts[4], "Boxed in, awaiting the manager");
    let rejected = step(
        &t,
        "manager",
        &done(&drafts[5], "Tightened the fitting"),
        "reject",
        json!({"reason": "Still a ligature point: needs an anti-ligature fitting"}),
    );
    assert_eq!(rejected["status"], "open");
    let drafts = drafts[6..].to_vec();
    let direct = t.ok("manager", "get_action", json!({"actionId": direct["id"]}))["action"].clone();
    assert_eq!(direct["vigilanceOnlyFlag"], true, "the earlier action is flagged vigilance-only");
    WalkRound {
        t,
        willow,
        audit: id,
        direct,
        confirmed,
        dismissed,
        merged,
        verified,
        completed,
        rejected,
        drafts,
        review,
    }
}

#[test]
fn walkround_pdf_lists_its_actions_and_those_open_on_its_points() {
    let w = walk_round();
    let t = &w.t;
    let file = t.ok("manager", "audit_report_pdf", json!({"auditId": w.audit}));
    let manager = display_name(t, "manager");
    let estates = display_name(t, "estates");

    // The description says what the file holds and when and by whom it was produced.
    let description = file["description"].as_str().expect("a description");
    let raised = format!("{} actions raised from it ({} drafts)", 6 + w.drafts.len(), w.drafts.len());
    for needle in ["Willow Ward", "as a PDF", &raised, "1 other action still open", "produced "] {
        assert!(description.contains(needle), "{needle:?} not in {description:?}");
    }
    assert!(description.ends_with(&format!("by {manager}")), "{description}");
    assert!(description.contains(" GMT by ") || description.contains(" BST by "), "London time: {description}");

    let text = pdf_text(&file);
    assert_has(&text, "Walk-round report");
    assert_has(&text, &format!("raised from its findings ({} drafts among them)", w.drafts.len()));
    assert!(text.contains(&format!(" by {manager}.")), "the cover line names who produced it");
    assert!(text.contains("Produced at") && text.contains("Produced by"));

    // Every action raised from it, with its title, band, status and assignee.
    let raised = [&w.confirmed, &w.dismissed, &w.merged, &w.verified, &w.completed, &w.rejected];
    for a in raised.iter().copied().chain(&w.drafts) {
        assert_has(&text, a["title"].as_str().unwrap());
        assert_has(&text, a["band"].as_str().unwrap());
    }
    for status in [
        "Assigned",
        "Dismissed",
        "Merged into another action",
        "Verified",
        "Completed, awaiting verification",
        "Open",
        "DRAFT - not yet confirmed",
    ] {
        assert_has(&text, status);
    }
    let drafts_marked = text.matches("DRAFT - not yet confirmed").count();
    assert_eq!(drafts_marked, w.drafts.len(), "each draft is marked as a draft");
    assert_has(&text, &estates);
    let due = chrono::NaiveDate::parse_from_str(w.confirmed["dueDate"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    assert_has(&text, &due.format("%-d %b %Y").to_string());
    // Interim controls with their review dates; outcomes of the closed ones.
    assert_has(&text, "Room closed: Bedroom locked, key in office, since");
    assert_has(&text, &format!("review by {}", w.review.1));
    assert_has(&text, &format!("by {manager}: Duplicate of the estates job already booked"));
    assert_has(&text, &format!("Merged into: {}", w.direct["title"].as_str().unwrap()));
    assert!(text.contains("Verified ") && text.contains(&format!("by {estates}: Fitted an anti-ligature fitting")));
    assert_has(&text, "Awaiting verification; completed");
    assert_has(&text, &format!("by {estates}: Boxed in, awaiting the manager"));
    assert_has(&text, &format!("by {manager}: Still a ligature point: needs an anti-ligature fitting"));
    assert_has(&text, "Fix rejected");

    // The earlier action, open against a point this walk-round assessed, with its flag.
    assert_has(&text, "Other actions open against the points assessed (1)");
    assert_has(&text, w.direct["title"].as_str().unwrap());
    assert_has(&text, "Staff vigilance only, since");
    assert_has(&text, "STAFF VIGILANCE ONLY for longer than policy allows");
}

#[test]
fn register_pdf_names_every_open_point_with_its_open_actions() {
    let w = walk_round();
    let t = &w.t;
    let file = t.ok("matron", "register_report_pdf", json!({"wardId": w.willow}));
    let matron = display_name(t, "matron");
    let description = file["description"].as_str().expect("a description");
    for needle in ["Ligature register of Willow Ward", "as a PDF", "open)", "open actions", "produced "] {
        assert!(description.contains(needle), "{needle:?} not in {description:?}");
    }
    assert!(description.ends_with(&format!("by {matron}")), "{description}");

    let text = pdf_text(&file);
    assert_has(&text, "This register lists every ligature point of Willow Ward");
    assert!(text.contains(&format!(" by {matron}.")), "the cover line names who produced it");
    let register = t.ok("matron", "ligature_register", json!({"wardId": w.willow}));
    let open: Vec<&Value> = register
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["point"])
        .filter(|p| p["status"] == "open" || p["status"] == "mitigated")
        .collect();
    assert!(open.len() >= 6);
    for p in &open {
        assert_has(&text, p["location"].as_str().unwrap());
    }
    // The open actions (drafts included) appear with their status; the closed ones do not.
    let outstanding = [&w.direct, &w.confirmed, &w.completed, &w.rejected].into_iter().chain(&w.drafts);
    for a in outstanding {
        let title = a["title"].as_str().unwrap();
        assert_has(&text, &format!("Action: {title} ("));
    }
    assert_has(&text, "; Assigned; Estates");
    assert_has(&text, "; Completed, awaiting verification; Estates");
    assert_has(&text, "; Open; Estates");
    assert_has(&text, "DRAFT - not yet confirmed");
    assert_has(&text, "Room closed: Bedroom locked, key in office, since");
    assert_has(&text, &format!("review by {}", w.review.1));
    for closed in [&w.dismissed, &w.merged, &w.verified] {
        let title = closed["title"].as_str().unwrap();
        assert!(!text.contains(&format!("Action: {title} (")), "closed action {title:?} is listed as open");
    }
    // The point under the vigilance-only action is flagged.
    assert_has(&text, "STAFF VIGILANCE ONLY: staff vigilance has been the only control on this point");
    assert_has(&text, "Staff vigilance only 1 point");
}

#[test]
fn a_300_point_register_names_every_point_across_pages() {
    let t = Trust::demo();
    let willow = t.ward("Willow Ward");
    let audit = t.ok("matron", "start_audit", json!({"wardId": willow, "templateKey": "ligature-walkround"}));
    let id = audit["audit"]["id"].as_str().unwrap();
    let areas = audit["areas"].as_array().unwrap();
    let not_removed =
        |register: &Value| register.as_array().unwrap().iter().filter(|e| e["point"]["status"] != "removed").count();
    let before = not_removed(&t.ok("matron", "ligature_register", json!({"wardId": willow})));
    let assessment = json!({"likelihood": 2, "consequence": 4, "controls": ["observation"], "status": "open"});
    let mut locations = Vec::new();
    for i in 0..(300 - before) {
        // Every tenth a long location, to wrap in its cell.
        let location = if i % 10 == 0 {
            format!("Behind the radiator cover under the far window opposite the door, fixing number {i:03}")
        } else {
            format!("Fitting number {i:03}")
        };
        t.ok(
            "matron",
            "add_ligature_point",
            json!({"auditId": id, "areaId": areas[i % areas.len()]["id"], "fixtureType": "radiator_pipe",
                   "location": location, "heightBand": "1m_to_2m", "collapsible": false,
                   "assessment": assessment}),
        );
        locations.push(location);
    }
    let register = t.ok("matron", "ligature_register", json!({"wardId": willow}));
    assert_eq!(not_removed(&register), 300);
    let start = std::time::Instant::now();
    let file = t.ok("matron", "register_report_pdf", json!({"wardId": willow}));
    let took = start.elapsed();
    eprintln!("register_report_pdf of 300 points took {took:?}");
    assert!(took.as_secs_f64() < 20.0, "a 300-point register took {took:?}");
    let description = file["description"].as_str().unwrap();
    assert!(description.contains("300 ligature points not removed"), "{description}");
    let text = pdf_text(&file);
    for e in register.as_array().unwrap().iter().filter(|e| e["point"]["status"] != "removed") {
        assert_has(&text, e["point"]["location"].as_str().unwrap());
    }
    assert_has(&text, "300 in");
    let pages = text.matches("Page 1 of ").count();
    assert_eq!(pages, 1);
    let total: usize = text.split("Page 1 of ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(total >= 6, "300 points on only {total} pages");
    assert_has(&text, &format!("Page {total} of {total}"));
}
