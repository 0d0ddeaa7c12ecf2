//! What one saved answer costs, three ways, measured in the same run and
//! interleaved so that the disk's mood affects all three alike:
//!
//! 1. bare rusqlite: a one-row insert transaction into a table shaped like
//!    `answers`, on its own file, with the store's pragmas (WAL,
//!    `synchronous=FULL`, `foreign_keys=ON`);
//! 2. `Store::write`: the same answer through the one write path (row and
//!    change-log row in one transaction);
//! 3. the command surface: `App::call("save_answer", …)` on a started
//!    walk-round, as the UI does it (session, role check, template and area
//!    checks, the write, reading the answer back, JSON).
//!
//! Target: the command-surface save takes at most twice the bare insert.
//!
//! `cargo bench -p wardsafe-bench --bench write_path`

use rusqlite::Connection;
use serde_json::{json, Value as Json};
use std::time::{Duration, Instant};
use uuid::Uuid;
use wardsafe_bench::{ms, runs, Stats, Table};
use wardsafe_commands::App;
use wardsafe_store::{Entity, Value};

const TARGET_RATIO: f64 = 2.0;

/// Every (area, question) a walk-round asks, as `save_answer` inputs.
fn walkround_inputs(audit: &Json) -> Vec<Json> {
    let id = &audit["audit"]["id"];
    let t = &audit["template"];
    let mut out = Vec::new();
    for area in audit["areas"].as_array().expect("areas") {
        for s in t["sections"].as_array().expect("sections") {
            let applies = s["appliesTo"].as_array().expect("appliesTo");
            if !applies.is_empty() && !applies.iter().any(|k| *k == area["areaType"]) {
                continue;
            }
            for q in s["questions"].as_array().expect("questions") {
                let value = match q["kind"].as_str() {
                    Some("yes_no_na") => "yes".to_string(),
                    Some("number") => "40".to_string(),
                    Some("choice") => {
                        let fail = q["failChoices"].as_array().expect("failChoices");
                        q["choices"]
                            .as_array()
                            .expect("choices")
                            .iter()
                            .find(|c| !fail.contains(c))
                            .and_then(Json::as_str)
                            .unwrap_or_default()
                            .to_string()
                    }
                    _ => continue,
                };
                out.push(json!({"auditId": id, "areaId": area["id"], "questionId": q["id"], "value": value}));
            }
        }
    }
    out
}

fn bare_connection(path: &std::path::Path) -> Connection {
    let conn = Connection::open(path).expect("open the bare database");
    conn.pragma_update(None, "journal_mode", "WAL").expect("WAL");
    conn.pragma_update(None, "synchronous", "FULL").expect("synchronous");
    conn.pragma_update(None, "foreign_keys", "ON").expect("foreign keys");
    conn.execute_batch(
        "CREATE TABLE answers (
            id TEXT PRIMARY KEY, audit_id TEXT NOT NULL, area_id TEXT, question_id TEXT NOT NULL, value TEXT NOT NULL,
            comment TEXT, photo_ids TEXT NOT NULL DEFAULT '[]', failed INTEGER NOT NULL, answered_at TEXT NOT NULL,
            answered_by TEXT NOT NULL, deleted INTEGER NOT NULL DEFAULT 0)",
    )
    .expect("create the bare table");
    conn
}

fn now_str() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = App::open(&dir.path().join("wardsafe.sqlite3")).expect("open the app");
    let demo = app.call("load_demo", None, Json::Null).expect("load the demo trust");
    let signed = app
        .call("sign_in", None, json!({"username": "manager", "password": demo["password"]}))
        .expect("sign in as the demo ward manager");
    let session = signed["session"].as_str().expect("session").to_string();
    let user = Uuid::parse_str(signed["user"]["id"].as_str().expect("user id")).expect("uuid");
    let call =
        |name: &str, input: Json| app.call(name, Some(&session), input).unwrap_or_else(|e| panic!("{name}: {e}"));
    let ward = call("list_my_wards", Json::Null)[0]["ward"]["id"].clone();
    let start = || call("start_audit", json!({"wardId": ward, "templateKey": "ligature-walkround"}));

    // Answers written straight through Store::write go on a walk-round of their own.
    let direct_audit = start()["audit"]["id"].as_str().expect("audit id").to_string();
    let mut pending: Vec<Json> = Vec::new();
    let bare = bare_connection(&dir.path().join("bare.sqlite3"));

    let n = runs(300);
    let warmup = 20.min(n);
    let (mut t_bare, mut t_store, mut t_cmd) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..warmup + n {
        let mut times = [Duration::ZERO; 3];
        // Rotate which goes first, so that none always follows the same neighbour's checkpoint.
        for k in 0..3 {
            let which = (i + k) % 3;
            times[which] = match which {
                // 1. bare rusqlite
                0 => {
                    let t = Instant::now();
                    let tx = bare.unchecked_transaction().expect("begin");
                    tx.execute(
                        "INSERT INTO answers (id, audit_id, area_id, question_id, value, comment, photo_ids, failed, answered_at, answered_by)
                         VALUES (?, ?, NULL, ?, 'yes', NULL, '[]', 0, ?, ?)",
                        rusqlite::params![Uuid::now_v7().to_string(), direct_audit, format!("bench-{i}"), now_str(), user.to_string()],
                    )
                    .expect("bare insert");
                    tx.commit().expect("commit");
                    t.elapsed()
                }
                // 2. Store::write
                1 => {
                    let t = Instant::now();
                    app.store()
                        .write(Some(user), |tx| {
                            let at = tx.now_str();
                            tx.insert(
                                Entity::Answer,
                                Uuid::now_v7(),
                                &[
                                    ("audit_id", Value::Text(direct_audit.clone())),
                                    ("area_id", Value::Null),
                                    ("question_id", Value::Text(format!("bench-{i}"))),
                                    ("value", Value::Text("yes".into())),
                                    ("comment", Value::Null),
                                    ("photo_ids", Value::Text("[]".into())),
                                    ("failed", Value::Integer(0)),
                                    ("answered_at", Value::Text(at)),
                                    ("answered_by", Value::Text(user.to_string())),
                                ],
                            )
                        })
                        .expect("store write");
                    t.elapsed()
                }
                // 3. the command surface: each save is a new answer; a fresh walk-round (untimed) when one is fully answered.
                _ => {
                    if pending.is_empty() {
                        pending = walkround_inputs(&start());
                        pending.reverse();
                    }
                    let input = pending.pop().expect("an input");
                    let t = Instant::now();
                    std::hint::black_box(call("save_answer", input));
                    t.elapsed()
                }
            };
        }
        if i >= warmup {
            t_bare.push(times[0]);
            t_store.push(times[1]);
            t_cmd.push(times[2]);
        }
    }

    let bare = Stats::of(&t_bare);
    let ratio = |s: &Stats| s.median.as_secs_f64() / bare.median.as_secs_f64();
    let mut table = Table::new(&["one saved answer", "runs", "median ms", "p90 ms", "min ms", "× bare (median)"]);
    let rows: [(&str, Stats); 3] = [
        ("bare rusqlite insert transaction (same pragmas)", bare),
        ("Store::write (row + change-log row)", Stats::of(&t_store)),
        ("App::call(\"save_answer\") (command surface)", Stats::of(&t_cmd)),
    ];
    for (name, s) in &rows {
        table.row(vec![
            name.to_string(),
            s.runs.to_string(),
            ms(s.median),
            ms(s.p90),
            ms(s.min),
            format!("{:.2}", ratio(s)),
        ]);
    }
    println!("database files in {}", dir.path().display());
    table.print();
    let cmd = ratio(&rows[2].1);
    println!();
    println!(
        "command-surface save / bare insert = {cmd:.2}× (target ≤ {TARGET_RATIO}×): {}",
        if cmd <= TARGET_RATIO { "PASS" } else { "OVER" }
    );
    let overhead = rows[2].1.median.saturating_sub(bare.median);
    println!("command-surface overhead over the bare insert (medians): {} ms", ms(overhead.max(Duration::ZERO)));
}
