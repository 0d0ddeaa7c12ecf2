//! The monthly restrictive practice report for a trust over 12 months (issue
//! 5: median ≤ 200 ms), on a generated trust of 50 wards with a year of
//! seclusion and segregation (10,000 episodes with their observations and
//! reviews) and 20,000 use of force records. Each figure is the whole command
//! as the UI calls it (`App::call`, JSON in and out): first as a device
//! usually runs it (ended episodes' compliance cached by an earlier report),
//! then with that cache emptied before each run.
//!
//! `cargo bench -p wardsafe-bench --bench restrictive_report`
//! (`WARDSAFE_BENCH_SMALL=1` for a quick smoke run).

use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use wardsafe_bench::{measure, ms, runs, small, target_dir, Stats, Table};
use wardsafe_commands::restrictive::month_span_of_last;
use wardsafe_commands::scale::{generate, generate_restrictive, RestrictiveSpec, ScaleSpec, MATRON, SCALE_PASSWORD};
use wardsafe_commands::App;

/// The wards and users only: one month of walk-rounds on a few areas.
fn trust_spec() -> ScaleSpec {
    let wards = if small() { 2 } else { 50 };
    ScaleSpec { wards, areas_per_ward: 4, months: 1, points_per_area: 1, actions_per_ward: 0, seed: 20_261_122 }
}

fn restrictive_spec() -> RestrictiveSpec {
    if small() {
        RestrictiveSpec::small()
    } else {
        RestrictiveSpec::default()
    }
}

/// Generated into `target/` once, and again when asked or when the specs change.
fn trust() -> (PathBuf, Value) {
    let name = if small() { "wardsafe-restrictive-small" } else { "wardsafe-restrictive-trust" };
    let path = target_dir().join(format!("{name}.sqlite3"));
    let sidecar = target_dir().join(format!("{name}.report.json"));
    let key = json!({"trust": trust_spec(), "restrictive": restrictive_spec()});
    let regenerate = std::env::var("WARDSAFE_BENCH_REGENERATE").map(|v| !v.is_empty() && v != "0").unwrap_or(false);
    if let Ok(s) = std::fs::read_to_string(&sidecar) {
        if let Ok(saved) = serde_json::from_str::<Value>(&s) {
            if !regenerate && saved["key"] == key && path.exists() {
                return (path, saved);
            }
        }
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    eprintln!("generating the restrictive practice trust into {} (once) …", path.display());
    let app = App::open(&path).expect("open");
    let now = chrono::Utc::now();
    generate(app.store(), &trust_spec(), now).expect("generate the trust");
    let started = Instant::now();
    let g = generate_restrictive(app.store(), &restrictive_spec(), now).expect("generate restrictive practice");
    let saved = json!({"key": key, "generated": g, "seconds": started.elapsed().as_secs_f64()});
    std::fs::write(&sidecar, serde_json::to_string_pretty(&saved).expect("encode")).expect("write the report");
    (path, saved)
}

fn main() {
    let (path, saved) = trust();
    let g = &saved["generated"];
    println!(
        "trust: {} wards; {} episodes ({} going on), {} observations, {} reviews, {} uses of force; generated in {:.1} s",
        trust_spec().wards,
        g["episodes"],
        g["ongoing"],
        g["observations"],
        g["reviews"],
        g["usesOfForce"],
        saved["seconds"].as_f64().unwrap_or_default()
    );
    let app = App::open(&path).expect("open the trust");
    let out = app.call("sign_in", None, json!({"username": MATRON, "password": SCALE_PASSWORD})).expect("sign in");
    let session = out["session"].as_str().expect("session").to_string();
    let (from, to) = month_span_of_last(12, chrono::Utc::now());
    let input = json!({"fromMonth": from, "toMonth": to});
    let call = |name: &str| app.call(name, Some(&session), input.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let n = runs(20);
    let mut table = Table::new(&["Measurement", "Size", "Runs", "Median ms", "p90 ms", "Max ms", "Target"]);
    let report = call("restrictive_report");
    let size = format!(
        "{} rows; {} episodes, {} uses of force",
        report["rows"].as_array().map_or(0, |r| r.len()),
        report["overall"]["measures"]["seclusion"]["count"].as_u64().unwrap_or(0)
            + report["overall"]["measures"]["segregation"]["count"].as_u64().unwrap_or(0),
        report["overall"]["measures"]["restraint"]["usesOfForce"]
    );
    let s = measure(1, n, || call("restrictive_report"));
    let verdict = if s.median <= Duration::from_millis(200) { "≤ 200 ms: met" } else { "≤ 200 ms: NOT MET" };
    table.row(vec![
        format!("Restrictive report, trust, {from} to {to}"),
        size,
        n.to_string(),
        ms(s.median),
        ms(s.p90),
        ms(s.max),
        verdict.into(),
    ]);
    // With the device's cache of ended episodes' compliance emptied before
    // each run (as on a device that has just been updated to a new review
    // engine): every episode is evaluated, and cached again.
    let raw = rusqlite::Connection::open(&path).expect("open the trust directly");
    let cold: Vec<Duration> = (0..n.div_ceil(4))
        .map(|_| {
            raw.execute("DELETE FROM episode_compliance_cache", []).expect("empty the cache");
            let t = Instant::now();
            call("restrictive_report");
            t.elapsed()
        })
        .collect();
    let s = Stats::of(&cold);
    table.row(vec![
        "… with the compliance cache empty".into(),
        "every episode evaluated".into(),
        cold.len().to_string(),
        ms(s.median),
        ms(s.p90),
        ms(s.max),
        "—".into(),
    ]);
    let s = measure(1, n, || call("restrictive_report_csv"));
    table.row(vec!["… as CSV".into(), "—".into(), n.to_string(), ms(s.median), ms(s.p90), ms(s.max), "—".into()]);
    table.print();
}
