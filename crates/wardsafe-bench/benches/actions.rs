//! Closing ligature risks on the large trust (issue 4): about 100,000 actions
//! across 50 wards. Each figure is the whole command as the UI calls it
//! (`App::call`, JSON in and out, the file base64-encoded for exports), on a
//! file database. Targets are the issue's; medians are what count.
//!
//! `cargo bench -p wardsafe-bench --bench actions`
//! (`WARDSAFE_BENCH_SMALL=1` for a quick smoke run on a small trust).

use serde_json::{json, Value};
use std::time::Duration;
use wardsafe_bench::{large_trust, measure, ms, print_report, runs, small, spec, Stats, Table};
use wardsafe_commands::scale::{generate, ScaleSpec, MATRON, SCALE_PASSWORD};
use wardsafe_commands::App;

fn row(table: &mut Table, what: &str, size: String, s: Stats, target_ms: Option<u64>) {
    let verdict = match target_ms {
        Some(t) if s.median <= Duration::from_millis(t) => format!("≤ {t} ms: met"),
        Some(t) => format!("≤ {t} ms: NOT MET"),
        None => "—".into(),
    };
    table.row(vec![what.into(), size, s.runs.to_string(), ms(s.median), ms(s.p90), ms(s.max), verdict]);
}

fn sign_in(app: &App, username: &str) -> String {
    let out = app.call("sign_in", None, json!({"username": username, "password": SCALE_PASSWORD})).expect("sign in");
    out["session"].as_str().expect("session").to_string()
}

fn main() {
    let spec = spec();
    let (path, report, generated) = large_trust(&spec);
    print_report(&report, generated);
    let app = App::open(&path).expect("open the large trust");
    let matron = sign_in(&app, MATRON);
    let estates = sign_in(&app, "estates");
    let call = |session: &str, name: &str, input: &Value| -> Value {
        app.call(name, Some(session), input.clone()).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let n = runs(30);
    let mut table = Table::new(&["Measurement", "Size", "Runs", "Median ms", "p90 ms", "Max ms", "Target"]);

    // The estates queue, first page of 50, with the filters an officer uses.
    let wards = call(&matron, "list_my_wards", &Value::Null);
    let ward = &wards[wards.as_array().map_or(0, |w| w.len() / 2)]["ward"];
    let queues = [
        ("Estates queue, first page, no filter", json!({})),
        ("… one site, plumbing", json!({"siteId": ward["siteId"], "trade": "plumbing"})),
        ("… overdue only", json!({"overdueOnly": true})),
        ("… one ward, in progress", json!({"wardId": ward["id"], "statuses": ["in_progress"]})),
        ("… assigned to me, overdue", json!({"mine": true, "overdueOnly": true})),
    ];
    for (what, input) in &queues {
        let page = call(&estates, "estates_queue", input);
        let size = format!("{} of {}", page["items"].as_array().map_or(0, |i| i.len()), page["total"]);
        row(&mut table, what, size, measure(2, n, || call(&estates, "estates_queue", input)), Some(20));
    }

    let dashboard = call(&matron, "risk_dashboard", &json!({}));
    let wards_in = dashboard["wards"].as_array().map_or(0, |w| w.len());
    let s = measure(2, n, || call(&matron, "risk_dashboard", &json!({})));
    row(&mut table, "Trust dashboard (matron)", format!("{wards_in} wards"), s, Some(100));
    let s = measure(2, n, || call(&matron, "risk_dashboard", &json!({"wardId": ward["id"]})));
    row(&mut table, "Ward dashboard", "1 ward".into(), s, None);

    let notices = call(&matron, "my_notices", &json!({}));
    let s = measure(2, n, || call(&matron, "my_notices", &json!({})));
    row(&mut table, "My notices (trust-wide matron)", format!("{} in all", notices["total"]), s, None);

    let csv = call(&matron, "export_actions_csv", &json!({}));
    let size = format!(
        "{} actions, {:.1} MB",
        report.actions,
        csv["dataBase64"].as_str().map_or(0, str::len) as f64 * 0.75 / 1e6
    );
    let s = measure(1, runs(10), || call(&matron, "export_actions_csv", &json!({})));
    row(&mut table, "Actions CSV, every ward", size, s, Some(1000));

    // A ward with a 300-point register (10 areas × 30 points) and its actions, in its own database.
    let dir = tempfile_dir();
    let register = dir.join("register.sqlite3");
    let one = App::open(&register).expect("open");
    let points = if small() { 4 } else { 30 };
    let spec =
        ScaleSpec { wards: 1, areas_per_ward: 10, months: 1, points_per_area: points, actions_per_ward: 100, seed: 3 };
    generate(one.store(), &spec, chrono::Utc::now()).expect("generate the ward");
    let manager = sign_in(&one, &wardsafe_commands::scale::manager_username(0));
    let the_ward = one.call("list_my_wards", Some(&manager), Value::Null).expect("wards")[0]["ward"]["id"].clone();
    let input = json!({"wardId": the_ward});
    let pdf = one.call("register_report_pdf", Some(&manager), input.clone()).expect("pdf");
    let size = format!("{} points, {} KB", 10 * points, pdf["dataBase64"].as_str().map_or(0, str::len) * 3 / 4 / 1000);
    let s = measure(1, runs(20), || one.call("register_report_pdf", Some(&manager), input.clone()).expect("pdf"));
    row(&mut table, "Register PDF", size, s, Some(2000));
    drop(one);
    let _ = std::fs::remove_dir_all(&dir);

    table.print();
}

/// A fresh directory under the system's temporary directory.
fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("wardsafe-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}
