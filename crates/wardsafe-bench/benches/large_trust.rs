//! The ward screens on a large trust: 50 wards × 20 areas, ten years of
//! monthly walk-rounds (6,000), about a million answers and 50,000 ligature
//! points with their assessments. Each figure is the whole command, as the UI
//! calls it (`App::call`, JSON in and out), on a file database.
//!
//! `cargo bench -p wardsafe-bench --bench large_trust`
//! (`WARDSAFE_BENCH_SMALL=1` for a quick smoke run on a small trust).

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use wardsafe_bench::{database_mb, large_trust, measure, ms, print_report, runs, spec, Table};
use wardsafe_commands::scale::{MATRON, SCALE_PASSWORD};
use wardsafe_commands::App;
use wardsafe_store::DbResult;

fn main() {
    let spec = spec();
    let (path, report, generated) = large_trust(&spec);
    print_report(&report, generated);
    let opened = Instant::now();
    let app = App::open(&path).expect("open the large trust");
    println!(
        "database: {} ({:.0} MB); opened (and migrated if needed) in {} ms",
        path.display(),
        database_mb(&path),
        ms(opened.elapsed())
    );

    let sign_in = |username: &str| -> String {
        let out =
            app.call("sign_in", None, json!({"username": username, "password": SCALE_PASSWORD})).expect("sign in");
        out["session"].as_str().expect("session").to_string()
    };
    let matron = sign_in(MATRON);
    let call = |session: &str, name: &str, input: &Value| -> Value {
        app.call(name, Some(session), input.clone()).unwrap_or_else(|e| panic!("{name}: {e}"))
    };

    // A ward in the middle of the list, seen by its own manager.
    let wards = call(&matron, "list_my_wards", &Value::Null);
    let wards = wards.as_array().expect("wards");
    let pick = wards.len() / 2;
    let ward_id = wards[pick]["ward"]["id"].clone();
    let ward_name = wards[pick]["ward"]["name"].as_str().unwrap_or_default().to_string();
    let manager_name: String = app
        .store()
        .read(|c| {
            c.query_row(
                "SELECT u.username FROM user_roles r JOIN users u ON u.id = r.user_id WHERE r.role = 'ward_manager' AND r.ward_id = ?",
                [ward_id.as_str().unwrap_or_default()],
                |r| r.get(0),
            )
            .db()
        })
        .expect("the ward's manager");
    let manager = sign_in(&manager_name);
    let ward = json!({"wardId": ward_id});
    let audits = call(&manager, "list_audits", &ward);
    let latest = json!({"auditId": audits[0]["id"]});

    let register = call(&manager, "ligature_register", &ward);
    let summary = call(&manager, "audit_summary", &latest);
    println!(
        "ward: {ward_name} ({} areas, {} register entries, {} walk-rounds); latest walk-round: {} answers, {} point changes",
        wards[pick]["areaCount"],
        register.as_array().map_or(0, Vec::len),
        audits.as_array().map_or(0, Vec::len),
        summary["answered"],
        summary["pointChanges"].as_array().map_or(0, Vec::len),
    );
    println!();

    let n = runs(30);
    let all_wards = format!("matron: all {} wards with their open risks", wards.len());
    let cases: [(&str, &str, &str, &Value, Option<u64>); 5] = [
        ("ward_overview", "ward's overview", &manager, &ward, Some(20)),
        ("audit_summary", "latest walk-round's summary, compared with the previous one", &manager, &latest, Some(50)),
        ("ligature_register", "ward's ligature register", &manager, &ward, Some(20)),
        ("list_my_wards", &all_wards, &matron, &Value::Null, None),
        ("get_audit", "latest walk-round with its answers and points", &manager, &latest, None),
    ];
    let mut table = Table::new(&["command", "what", "runs", "median ms", "p90 ms", "target ms", "result", "JSON KB"]);
    let mut over = 0;
    for (name, what, session, input, target) in cases {
        let bytes = serde_json::to_vec(&call(session, name, input)).map(|b| b.len()).unwrap_or(0);
        let s = measure(3, n, || call(session, name, input));
        let verdict = match target {
            Some(t) if s.median <= Duration::from_millis(t) => "PASS",
            Some(_) => {
                over += 1;
                "OVER"
            }
            None => "—",
        };
        table.row(vec![
            name.to_string(),
            what.to_string(),
            s.runs.to_string(),
            ms(s.median),
            ms(s.p90),
            target.map_or("—".to_string(), |t| t.to_string()),
            verdict.to_string(),
            format!("{:.0}", bytes as f64 / 1000.0),
        ]);
    }
    table.print();
    println!();
    println!("{}", if over == 0 { "all targets met".to_string() } else { format!("{over} target(s) not met") });
}
