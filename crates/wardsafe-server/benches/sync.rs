//! Sync benchmarks (issue: "Offline-first sync") over HTTP on loopback, printed as figures beside
//! the bulk-insert rate of the same database in the same run:
//! - server ingest (changes/s) on SQLite, and on PostgreSQL when
//!   WARDSAFE_TEST_PG_ADMIN_URL is set;
//! - a new device's initial sync of 100,000 records, and its apply rate.
//!
//! `cargo bench -p wardsafe-server --bench sync` (WARDSAFE_BENCH_RECORDS to change 100,000).

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::Instant;
use support::*;
use wardsafe_server::db::Db;
use wardsafe_server::Server;
use wardsafe_store::{Store, SystemClock};
use wardsafe_sync::http::HttpTransport;
use wardsafe_sync::{SyncReport, Syncer};

fn records() -> usize {
    std::env::var("WARDSAFE_BENCH_RECORDS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

/// A device holding `n` new ligature points (plus a small trust), not yet pushed.
fn loaded_device(dir: &std::path::Path, n: usize) -> (Store, Trust) {
    let store = Store::open(&dir.join("source.sqlite3")).unwrap();
    let trust = make_trust(&store);
    for chunk in 0..n.div_ceil(5_000) {
        store
            .write(Some(trust.admin), |tx| {
                for i in 0..5_000.min(n - chunk * 5_000) {
                    let now = tx.now_str();
                    tx.insert(
                        wardsafe_store::Entity::LigaturePoint,
                        tx.new_id(),
                        &[
                            ("ward_id", id(trust.wards[i % 2])),
                            ("area_id", id(trust.areas[i % 2])),
                            ("fixture_type", text("door_handle")),
                            ("location", text(format!("point {chunk}-{i}"))),
                            ("height_band", text("above_head")),
                            ("collapsible", wardsafe_store::Value::Integer(0)),
                            ("status", text("open")),
                            ("created_at", text(now)),
                        ],
                    )?;
                }
                Ok(())
            })
            .unwrap();
    }
    (store, trust)
}

fn rate(n: usize, secs: f64) -> String {
    format!("{:>9.0}/s", n as f64 / secs)
}

/// Bulk insert of `n` rows shaped like change rows, 2,000 per transaction, with the server's settings.
fn sqlite_bulk(path: &std::path::Path, n: usize) -> f64 {
    let c = rusqlite::Connection::open(path).unwrap();
    c.pragma_update(None, "journal_mode", "WAL").unwrap();
    c.pragma_update(None, "synchronous", "FULL").unwrap();
    c.execute_batch(
        "CREATE TABLE t (seq INTEGER PRIMARY KEY, change_id TEXT UNIQUE, entity_id TEXT, fields TEXT, hlc TEXT)",
    )
    .unwrap();
    let fields = r#"{"ward_id":"0190","area_id":"0190","fixture_type":"door_handle","location":"point","height_band":"above_head","collapsible":0,"status":"open","created_at":"2026-11-22T10:00:00.000Z"}"#;
    let t = Instant::now();
    let mut c = c;
    for chunk in 0..n.div_ceil(2_000) {
        let tx = c.transaction().unwrap();
        {
            let mut s =
                tx.prepare_cached("INSERT INTO t (change_id, entity_id, fields, hlc) VALUES (?, ?, ?, ?)").unwrap();
            for i in 0..2_000.min(n - chunk * 2_000) {
                let k = format!("{chunk}-{i}");
                s.execute(rusqlite::params![k, k, fields, k]).unwrap();
            }
        }
        tx.commit().unwrap();
    }
    t.elapsed().as_secs_f64()
}

/// The server's HTTP host on a loopback port, served by its own runtime (as `wardsafe-server serve` does).
fn serve(server: Arc<Server>) -> String {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = wardsafe_server::http::router(server);
    std::thread::spawn(move || rt.block_on(async move { axum::serve(listener, app).await }));
    url
}

fn bench_backend(name: &str, db: Db, n: usize, dir: &std::path::Path, bulk_secs: f64) {
    let server = Arc::new(Server::open(db, Arc::new(SystemClock)).unwrap());
    let url = serve(server.clone());
    let http = HttpTransport::new(&url);
    let (source, _trust) = loaded_device(dir, n);
    let code = server.issue_code(&[], true).unwrap().code;
    wardsafe_sync::client::enrol(&source, &http, &url, &code, "source").unwrap();
    let syncer = Syncer::new(&source, &http);
    let waiting = syncer.waiting().unwrap() as usize;
    let t = Instant::now();
    syncer.push_all(&mut SyncReport::default(), &mut |_| {}).unwrap();
    let ingest = t.elapsed().as_secs_f64();
    println!(
        "{name:<10} server ingest      {waiting:>7} changes in {ingest:6.2} s = {}   bulk insert of the same rows {}   ratio {:.2}",
        rate(waiting, ingest),
        rate(n, bulk_secs),
        (waiting as f64 / ingest) / (n as f64 / bulk_secs)
    );

    // A new device: its initial sync of everything.
    let fresh = Store::open(&dir.join(format!("fresh-{name}.sqlite3"))).unwrap();
    let code = server.issue_code(&[], true).unwrap().code;
    wardsafe_sync::client::enrol(&fresh, &http, &url, &code, "fresh").unwrap();
    let mut s = Syncer::new(&fresh, &http);
    s.page = 2_000;
    let t = Instant::now();
    let mut report = SyncReport::default();
    s.pull_all(&mut report, &mut |_| {}).unwrap();
    let initial = t.elapsed().as_secs_f64();
    println!(
        "{name:<10} initial sync       {:>7} records in {initial:6.2} s (limit 10 s) = {}",
        report.pulled,
        rate(report.pulled, initial)
    );
}

fn main() {
    let n = records();
    let dir = tempfile::tempdir().unwrap();
    println!("Sync benchmarks, {n} records, this machine, over HTTP on loopback (the real host and client)");
    let bulk = sqlite_bulk(&dir.path().join("bulk.sqlite3"), n);
    bench_backend("sqlite", Db::open_sqlite(&dir.path().join("server.sqlite3")).unwrap(), n, dir.path(), bulk);

    // The device's apply rate, beside a bulk insert into the same kind of local file.
    let source = Store::open(&dir.path().join("source.sqlite3")).unwrap();
    let rows = source.read(|c| wardsafe_store::queries::change_log(c, 0, i64::MAX)).unwrap();
    let remote: Vec<_> = rows
        .iter()
        .filter(|r| r.entity != "device")
        .enumerate()
        .map(|(i, r)| {
            let mut rc = wardsafe_sync::client::to_remote(&wardsafe_sync::PulledChange {
                change: wardsafe_sync::client::to_change(r),
                device_id: r.device_id,
                server_seq: i as i64 + 1,
            });
            rc.device_id = uuid::Uuid::from_u128(7); // as if from another device
            rc
        })
        .collect();
    let target = Store::open(&dir.path().join("apply.sqlite3")).unwrap();
    let t = Instant::now();
    for page in remote.chunks(2_000) {
        target
            .write_remote(|tx| {
                for c in page {
                    tx.apply_remote(c)?;
                }
                Ok(())
            })
            .unwrap();
    }
    let apply = t.elapsed().as_secs_f64();
    let local_bulk = sqlite_bulk(&dir.path().join("bulk-local.sqlite3"), remote.len());
    println!(
        "device     apply pulled      {:>7} changes in {apply:6.2} s = {}   bulk insert {}   ratio {:.2} (target ≥ 20,000/s)",
        remote.len(),
        rate(remote.len(), apply),
        rate(remote.len(), local_bulk),
        (remote.len() as f64 / apply) / (remote.len() as f64 / local_bulk)
    );

    if let Ok(admin) = std::env::var("WARDSAFE_TEST_PG_ADMIN_URL") {
        let name = format!("bench_{}", std::process::id());
        let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
        c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        let url = admin.rsplit_once('/').map(|(b, _)| format!("{b}/{name}")).unwrap();
        let mut pc = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        pc.batch_execute(
            "CREATE TABLE t (seq BIGSERIAL PRIMARY KEY, change_id TEXT UNIQUE, entity_id TEXT, fields TEXT, hlc TEXT)",
        )
        .unwrap();
        let t = Instant::now();
        for chunk in 0..n.div_ceil(2_000) {
            let mut tx = pc.transaction().unwrap();
            let s = tx.prepare("INSERT INTO t (change_id, entity_id, fields, hlc) VALUES ($1, $2, $3, $4)").unwrap();
            for i in 0..2_000.min(n - chunk * 2_000) {
                let k = format!("{chunk}-{i}");
                tx.execute(&s, &[&k, &k, &"{}", &k]).unwrap();
            }
            tx.commit().unwrap();
        }
        let pg_bulk = t.elapsed().as_secs_f64();
        let pgdir = dir.path().join("pg");
        std::fs::create_dir_all(&pgdir).unwrap();
        bench_backend("postgres", Db::open_postgres(&url).unwrap(), n, &pgdir, pg_bulk);
    } else {
        println!("postgres   skipped (set WARDSAFE_TEST_PG_ADMIN_URL, e.g. via scripts/pg.sh)");
    }
}
