//! The built `wardsafe-server` binary as real processes: enrolment through
//! its command line, devices syncing through it, a SIGKILL between a push's
//! commit and its answer, and (with a PostgreSQL from scripts/pg.sh) two
//! server processes over one database, across a database restart.

mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::*;
use uuid::Uuid;
use wardsafe_store::Store;
use wardsafe_sync::client::{enrol, SyncError};
use wardsafe_sync::http::HttpTransport;
use wardsafe_sync::{SyncReport, Syncer};

/// Where a server keeps its data.
#[derive(Clone)]
enum Data {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Data {
    fn args(&self) -> Vec<String> {
        match self {
            Data::Sqlite(dir) => vec!["--data-dir".into(), dir.display().to_string()],
            Data::Postgres(url) => vec!["--database-url".into(), url.clone()],
        }
    }
}

/// The binary, with nothing from the developer's environment choosing its database.
fn command(args: &[String]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_wardsafe-server"));
    c.args(args).env_remove("WARDSAFE_DATABASE_URL").env_remove("WARDSAFE_SERVER_DATA").env("RUST_LOG", "info");
    c
}

/// A running `wardsafe-server serve`.
struct Served {
    child: Option<Child>,
    addr: SocketAddr,
    log: PathBuf,
    _stdout: BufReader<ChildStdout>,
}

impl Served {
    fn start(data: &Data, log: &Path) -> Served {
        Served::start_with(data, log, &[])
    }

    fn start_with(data: &Data, log: &Path, extra: &[String]) -> Served {
        let mut args =
            vec!["serve".to_string(), "--listen".into(), "127.0.0.1:0".into(), "--log-format".into(), "text".into()];
        args.extend(data.args());
        args.extend(extra.iter().cloned());
        let stderr = std::fs::OpenOptions::new().create(true).append(true).open(log).unwrap();
        let mut child = command(&args).stdout(Stdio::piped()).stderr(stderr).spawn().expect("start wardsafe-server");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        // "wardsafe-server listening on http://127.0.0.1:PORT (database: sqlite)"
        let Some(addr) = line.split("://").nth(1).and_then(|r| r.split_whitespace().next()) else {
            let _ = child.kill();
            panic!("the server did not start: {line:?}\n{}", std::fs::read_to_string(log).unwrap_or_default());
        };
        let kind = if matches!(data, Data::Sqlite(_)) { "sqlite" } else { "postgres" };
        assert!(line.contains(&format!("(database: {kind})")), "{line}");
        Served { child: Some(child), addr: addr.parse().unwrap(), log: log.to_path_buf(), _stdout: stdout }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn take(&mut self) -> Child {
        self.child.take().expect("the server process")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
        if std::thread::panicking() {
            eprintln!(
                "--- server log {} ---\n{}",
                self.log.display(),
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
        }
    }
}

/// Run a command-line subcommand; its standard output.
fn cli(args: &[&str], data: &Data) -> String {
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    all.extend(data.args());
    let out = command(&all).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// An enrolment code from `wardsafe-server issue-code`.
fn issue_code(args: &[&str], data: &Data) -> String {
    let mut full = vec!["issue-code"];
    full.extend(args);
    let out = cli(&full, data);
    assert!(out.lines().any(|l| l.starts_with("expires: ")), "{out}");
    out.lines().find_map(|l| l.strip_prefix("code: ")).unwrap_or_else(|| panic!("no code in {out:?}")).to_string()
}

fn device(dir: &Path, name: &str, url: &str, code: &str) -> Store {
    let store = Store::open(&dir.join(format!("{name}.sqlite3"))).unwrap();
    enrol(&store, &HttpTransport::new(url), url, code, name).unwrap();
    store
}

fn sync(store: &Store, url: &str) -> Result<SyncReport, SyncError> {
    Syncer::new(store, &HttpTransport::new(url)).sync_once(&mut |_| {})
}

/// Syncs that failed and were tried again, in this test process.
static RETRIED: AtomicUsize = AtomicUsize::new(0);

/// Sync, trying again while the server or its database is away (up to a minute).
fn sync_retrying(store: &Store, url: &str) -> SyncReport {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match sync(store, url) {
            Ok(r) => return r,
            Err(SyncError::Offline(_)) if Instant::now() < deadline => {}
            Err(SyncError::Refused(e)) if e.code == "storage" && Instant::now() < deadline => {}
            Err(e) => panic!("sync failed: {e:?}"),
        }
        RETRIED.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Sync every device in turn until a whole round moves nothing.
fn quiesce(devices: &[(&Store, &str)]) {
    let mut quiet = 0;
    for _ in 0..20 {
        let moved: usize = devices
            .iter()
            .map(|(s, url)| {
                let r = sync_retrying(s, url);
                r.pushed + r.pulled + r.photos_sent + r.photos_received
            })
            .sum();
        quiet = if moved == 0 { quiet + 1 } else { 0 };
        if quiet == 2 {
            return;
        }
    }
    panic!("the devices did not settle in 20 rounds");
}

fn strings(store: &Store, sql: &str) -> Vec<String> {
    store
        .read(|c| {
            let mut stmt = c.prepare(sql).unwrap();
            let rows = stmt.query_map([], |r| r.get(0)).unwrap();
            Ok(rows.map(Result::unwrap).collect())
        })
        .unwrap()
}

/// Every ligature point a device holds, as one line each.
fn points(store: &Store) -> Vec<String> {
    strings(store, "SELECT id || ' ' || location || ' ' || status || ' ' || deleted FROM ligature_points ORDER BY id")
}

/// The changes a device made itself (its outbox, sent or not).
fn own_changes(store: &Store) -> Vec<String> {
    strings(
        store,
        &format!(
            "SELECT change_id FROM change_log WHERE device_id = '{}' AND device_seq IS NOT NULL",
            store.device_id()
        ),
    )
}

/// Every change a device holds, its own and pulled.
fn held_changes(store: &Store) -> BTreeSet<String> {
    strings(store, "SELECT change_id FROM change_log").into_iter().collect()
}

/// A one-connection TCP proxy to `upstream`: it passes the request on and, as
/// soon as the server starts to answer (so after its commit), kills the server
/// with SIGKILL and drops the client's connection without passing the answer on.
fn kill_on_answer(upstream: SocketAddr, mut server: Child) -> (SocketAddr, std::thread::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let proxy = std::thread::spawn(move || {
        let (client, _) = listener.accept().unwrap();
        let up = TcpStream::connect(upstream).unwrap();
        let (mut from, mut to) = (client.try_clone().unwrap(), up.try_clone().unwrap());
        std::thread::spawn(move || std::io::copy(&mut from, &mut to));
        let mut first = [0u8; 1];
        let answered = (&up).read(&mut first).unwrap_or(0);
        server.kill().unwrap(); // SIGKILL
        server.wait().unwrap();
        let _ = client.shutdown(Shutdown::Both);
        answered
    });
    (addr, proxy)
}

#[test]
fn devices_sync_through_the_server_process_and_a_kill_9_between_commit_and_answer_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = Data::Sqlite(dir.path().join("server-data"));
    let log = dir.path().join("server.log");
    let mut server = Served::start(&data, &log);
    assert!(dir.path().join("server-data/server.sqlite3").exists(), "the SQLite database is made at start");

    // The administrator's device (all wards) and a ward 0 tablet, enrolled with codes from the command line.
    let a = device(dir.path(), "admin", &server.url(), &issue_code(&["--all-wards"], &data));
    let trust = make_trust(&a);
    let ward0 = trust.wards[0].to_string();
    let b = device(dir.path(), "ward0", &server.url(), &issue_code(&["--ward", &ward0], &data));
    let listed = cli(&["devices"], &data);
    for d in [a.device_id(), b.device_id()] {
        assert!(listed.lines().any(|l| l.starts_with(&d.to_string()) && l.contains("active")), "{listed}");
    }

    quiesce(&[(&a, &server.url()), (&b, &server.url())]);
    let wards_on_b = strings(&b, "SELECT id FROM wards");
    assert_eq!(wards_on_b, vec![ward0.clone()], "the ward 0 tablet holds ward 0 only");

    new_point(&a, trust.wards[0], trust.areas[0], "Bedroom door", trust.admin).unwrap();
    new_point(&b, trust.wards[0], trust.areas[0], "Bathroom tap", trust.admin).unwrap();
    quiesce(&[(&a, &server.url()), (&b, &server.url())]);
    assert_eq!(points(&a).len(), 2);
    assert_eq!(points(&a), points(&b));

    // Three new points go up through a proxy that kills the server once it has
    // committed them, before the device hears so.
    for i in 0..3 {
        new_point(&a, trust.wards[0], trust.areas[0], &format!("Window {i}"), trust.admin).unwrap();
    }
    let outbox = Syncer::new(&a, &HttpTransport::new(&server.url())).waiting().unwrap();
    assert_eq!(outbox, 3);
    let (proxy, killed) = kill_on_answer(server.addr, server.take());
    let via_proxy = HttpTransport::new(&format!("http://{proxy}"));
    let pushed = Syncer::new(&a, &via_proxy).push_all(&mut SyncReport::default(), &mut |_| {});
    assert!(matches!(pushed, Err(SyncError::Offline(_))), "{pushed:?}");
    assert_eq!(killed.join().unwrap(), 1, "the server had begun to answer when it was killed");
    assert_eq!(Syncer::new(&a, &via_proxy).waiting().unwrap(), 3, "the device never heard the push was taken");
    let server_db = dir.path().join("server-data/server.sqlite3");
    let on_server = |ids: &[String]| -> Vec<i64> {
        let c = rusqlite::Connection::open(&server_db).unwrap();
        ids.iter()
            .map(|id| c.query_row("SELECT COUNT(*) FROM changes WHERE change_id = ?", [id], |r| r.get(0)).unwrap())
            .collect()
    };
    let mine = own_changes(&a);
    let last_three = &mine[mine.len() - 3..];
    assert_eq!(on_server(last_three), vec![1, 1, 1], "the server had committed the push");

    // Back on the same data: the retry is acknowledged as a duplicate, nothing doubles.
    let server = Served::start(&data, &log);
    let report = sync(&a, &server.url()).unwrap();
    assert_eq!((report.pushed, report.rejected), (3, 0), "{report:?}");
    assert_eq!(Syncer::new(&a, &HttpTransport::new(&server.url())).waiting().unwrap(), 0);
    quiesce(&[(&a, &server.url()), (&b, &server.url())]);
    for d in [&a, &b] {
        let ids = own_changes(d);
        assert_eq!(on_server(&ids), vec![1; ids.len()], "each change on the server exactly once");
    }
    assert_eq!(points(&a).len(), 5);
    assert_eq!(points(&a), points(&b));

    // Revoked from the command line: the device is told so and keeps its data.
    let out = cli(&["revoke", &b.device_id().to_string()], &data);
    assert!(out.contains("revoked"), "{out}");
    assert_eq!(sync(&b, &server.url()), Err(SyncError::Revoked));
    assert_eq!(points(&b).len(), 5);
    assert!(cli(&["devices"], &data)
        .lines()
        .any(|l| l.starts_with(&b.device_id().to_string()) && l.contains("revoked")));
}

#[test]
fn the_server_serves_https_with_a_certificate_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output();
    if !made.as_ref().is_ok_and(|o| o.status.success()) {
        println!("skipped: openssl could not make a test certificate");
        return;
    }
    let data = Data::Sqlite(dir.path().join("data"));
    let tls = ["--tls-cert".to_string(), cert.display().to_string(), "--tls-key".into(), key.display().to_string()];
    let mut server = Served::start_with(&data, &dir.path().join("server.log"), &tls);
    let tls_config = ureq::tls::TlsConfig::builder().disable_verification(true).build();
    let agent: ureq::Agent = ureq::Agent::config_builder().tls_config(tls_config).build().into();
    let health: serde_json::Value =
        agent.get(&format!("https://{}/health", server.addr)).call().unwrap().body_mut().read_json().unwrap();
    assert_eq!(health["status"], "ok");
    // Plain HTTP is not served on the TLS port.
    assert!(ureq::get(&format!("http://{}/health", server.addr)).call().is_err());

    let mut child = server.take();
    let term = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(term.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "SIGTERM ends the server cleanly: {status:?}");
    assert!(std::fs::read_to_string(&server.log).unwrap().contains("shutting down"));
}

// ---- PostgreSQL: two server processes over one database --------------------

/// A fresh database on the test PostgreSQL; `None` (with a note) when there is none.
fn fresh_pg_database() -> Option<(String, String)> {
    let Ok(url) = std::env::var("WARDSAFE_TEST_PG_URL") else {
        println!("skipped: WARDSAFE_TEST_PG_URL is not set (scripts/test.sh starts a PostgreSQL and sets it)");
        return None;
    };
    let admin =
        std::env::var("WARDSAFE_TEST_PG_ADMIN_URL").expect("WARDSAFE_TEST_PG_ADMIN_URL with WARDSAFE_TEST_PG_URL");
    let name = format!("wardsafe_processes_{}", Uuid::new_v4().simple());
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    let base = url.split('?').next().unwrap().rsplit_once('/').unwrap().0;
    Some((format!("{base}/{name}"), name))
}

/// The server's changes: (change id, how many times it is held).
fn pg_changes(url: &str) -> Vec<(String, i64)> {
    let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
    c.query("SELECT change_id, COUNT(*) FROM changes GROUP BY change_id", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

/// The invariants after quiescence: each change on the server once, every
/// device's own changes there, every server change on every device (no
/// cursor skipped one), and the devices agree.
fn check_converged(url: &str, devices: &[&Store], points_each: usize) {
    let server = pg_changes(url);
    let doubled: Vec<_> = server.iter().filter(|c| c.1 != 1).collect();
    assert!(doubled.is_empty(), "changes held more than once: {doubled:?}");
    let server: BTreeSet<String> = server.into_iter().map(|c| c.0).collect();
    for d in devices {
        let mine: BTreeSet<String> = own_changes(d).into_iter().collect();
        assert!(
            mine.is_subset(&server),
            "{} of a device's changes never reached the server",
            mine.difference(&server).count()
        );
        let held = held_changes(d);
        let missed: Vec<_> = server.difference(&held).collect();
        assert!(missed.is_empty(), "a device's cursor skipped {} changes, e.g. {:?}", missed.len(), missed.first());
    }
    assert_eq!(points(devices[0]).len(), points_each);
    for d in &devices[1..] {
        assert_eq!(points(d), points(devices[0]), "the devices disagree");
    }
}

/// Each device adds `n` points, syncing after every second one, through its own server.
fn edit_and_sync(a: (&Store, &str), b: (&Store, &str), trust: &Trust, n: usize, from: usize, progress: &AtomicUsize) {
    std::thread::scope(|s| {
        for (store, url) in [a, b] {
            s.spawn(move || {
                for i in from..from + n {
                    let at = format!("Point {i} by {}", store.device_id());
                    new_point(store, trust.wards[i % 2], trust.areas[i % 2], &at, trust.admin).unwrap();
                    if i % 2 == 1 {
                        sync_retrying(store, url);
                    }
                    progress.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
    });
}

#[test]
fn two_server_processes_over_one_postgresql_converge_exactly_once_even_across_a_database_restart() {
    let Some((url, name)) = fresh_pg_database() else { return };
    let dir = tempfile::tempdir().unwrap();
    let data = Data::Postgres(url.clone());
    let s1 = Served::start(&data, &dir.path().join("server1.log"));
    let s2 = Served::start(&data, &dir.path().join("server2.log"));
    let (u1, u2) = (s1.url(), s2.url());
    let a = device(dir.path(), "a", &u1, &issue_code(&["--all-wards"], &data));
    let b = device(dir.path(), "b", &u2, &issue_code(&["--all-wards"], &data));
    let trust = make_trust(&a);
    quiesce(&[(&a, &u1), (&b, &u2)]);

    // 200 points from each device, interleaved, A through server 1 and B through server 2.
    let progress = AtomicUsize::new(0);
    edit_and_sync((&a, &u1), (&b, &u2), &trust, 200, 0, &progress);
    quiesce(&[(&a, &u1), (&b, &u2), (&a, &u1)]);
    check_converged(&url, &[&a, &b], 400);

    // PostgreSQL restarts (immediate: in-flight transactions die) while both go on.
    match std::env::var("WARDSAFE_TEST_PG_RESTART") {
        Ok(restart) => {
            let progress = AtomicUsize::new(0);
            let retried_before = RETRIED.load(Ordering::SeqCst);
            let restarted_at = std::thread::scope(|s| {
                let restarter = s.spawn(|| {
                    while progress.load(Ordering::SeqCst) < 40 {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    let out = Command::new("bash").arg(&restart).output().unwrap();
                    assert!(out.status.success(), "restart: {}", String::from_utf8_lossy(&out.stderr));
                    progress.load(Ordering::SeqCst)
                });
                edit_and_sync((&a, &u1), (&b, &u2), &trust, 100, 200, &progress);
                restarter.join().unwrap()
            });
            assert!(restarted_at < 200, "the devices were still editing and syncing when PostgreSQL came back");
            let retried = RETRIED.load(Ordering::SeqCst) - retried_before;
            println!(
                "PostgreSQL restarted after {restarted_at} of 200 edits; {retried} syncs failed and were tried again"
            );
            quiesce(&[(&a, &u1), (&b, &u2), (&a, &u1)]);
            check_converged(&url, &[&a, &b], 600);
        }
        Err(_) => println!("skipped the restart: WARDSAFE_TEST_PG_RESTART is not set"),
    }
    drop((s1, s2));
    if let Ok(admin) = std::env::var("WARDSAFE_TEST_PG_ADMIN_URL") {
        if let Ok(mut c) = postgres::Client::connect(&admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"));
        }
    }
}
