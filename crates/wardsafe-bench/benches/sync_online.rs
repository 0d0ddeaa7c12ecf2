//! Online-to-online latency (issue "Offline-first sync": a change made on one
//! online device is visible on another online device within 1 s, median).
//!
//! The real parts end to end, in one process: the trust's server (its axum
//! router on a loopback port, SQLite), and two apps (`App` with the same
//! background sync threads the desktop app runs: a push woken by every
//! command, a long-polling pull). Each run adds an area on device A and
//! times until it is in device B's database.
//!
//! `cargo bench -p wardsafe-bench --bench sync_online` (`WARDSAFE_BENCH_RUNS` to change 40).

use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wardsafe_bench::runs;
use wardsafe_commands::App;
use wardsafe_store::DbResult;

/// The trust's server on 127.0.0.1, served by its own runtime.
fn start_server(dir: &std::path::Path) -> (String, Arc<wardsafe_server::Server>) {
    let db = wardsafe_server::db::Db::open_sqlite(&dir.join("server.sqlite3")).expect("server database");
    let server = Arc::new(wardsafe_server::Server::open(db, Arc::new(wardsafe_store::SystemClock)).expect("server"));
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let app = wardsafe_server::http::router(server.clone());
    std::thread::spawn(move || rt.block_on(async move { axum::serve(listener, app).await }));
    (url, server)
}

fn call(app: &App, session: Option<&str>, name: &str, input: Value) -> Value {
    app.call(name, session, input).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn has_area(app: &App, id: &str) -> bool {
    app.store()
        .read(|c| c.query_row("SELECT COUNT(*) FROM areas WHERE id = ?1", [id], |r| r.get::<_, i64>(0)).db())
        .unwrap_or(0)
        > 0
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (url, server) = start_server(dir.path());

    // Device A: the demo trust, connected by its administrator.
    let a = Arc::new(App::open(&dir.path().join("a.sqlite3")).expect("device A"));
    call(&a, None, "load_demo", json!({}));
    let admin = call(&a, None, "sign_in", json!({"username": "admin", "password": "demo-password"}));
    let admin = admin["session"].as_str().expect("session").to_string();
    let code = server.issue_code(&[], true).expect("code").code;
    call(&a, Some(&admin), "connect_to_server", json!({"serverUrl": url, "code": code, "deviceName": "A"}));
    wardsafe_commands::sync::start_background(a.clone());

    // Device B: new, connected for all wards; it receives the trust.
    let b = Arc::new(App::open(&dir.path().join("b.sqlite3")).expect("device B"));
    let code = server.issue_code(&[], true).expect("code").code;
    call(&b, None, "connect_to_server", json!({"serverUrl": url, "code": code, "deviceName": "B"}));
    wardsafe_commands::sync::start_background(b.clone());
    let manager = call(&a, None, "sign_in", json!({"username": "manager", "password": "demo-password"}));
    let manager = manager["session"].as_str().expect("session").to_string();
    let ward =
        call(&a, Some(&manager), "list_my_wards", json!({}))[0]["ward"]["id"].as_str().expect("a ward").to_string();
    wait_for("device B to receive the trust", Duration::from_secs(120), || {
        b.call("sign_in", None, json!({"username": "manager", "password": "demo-password"})).is_ok()
    });
    // Let the first long polls settle.
    std::thread::sleep(Duration::from_millis(500));

    let n = runs(40);
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let start = Instant::now();
        let area = call(
            &a,
            Some(&manager),
            "create_area",
            json!({"wardId": ward, "name": format!("Latency room {i}"), "areaType": "office"}),
        );
        let id = area["id"].as_str().expect("area id").to_string();
        wait_for("the area on device B", Duration::from_secs(30), || has_area(&b, &id));
        times.push(start.elapsed());
        // Changes do not come in lock-step on a ward: let a moment pass.
        std::thread::sleep(Duration::from_millis(50 + (i as u64 * 37) % 200));
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p90 = times[(times.len() * 9 / 10).min(times.len() - 1)];
    println!(
        "online to online (device A's command to the record in device B's database, HTTP loopback, SQLite server), {n} changes: \
         median {:.1} ms, p90 {:.1} ms, max {:.1} ms (target: median < 1,000 ms)",
        ms(times[n / 2]),
        ms(p90),
        ms(times[n - 1])
    );
    a.stop_sync();
    b.stop_sync();
}
