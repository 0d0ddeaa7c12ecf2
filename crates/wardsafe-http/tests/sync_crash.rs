//! The app as a real process (`wardsafe-serve`: the same command line as the
//! desktop app's `wardsafe serve`, with the same background sync threads),
//! killed with SIGKILL in the middle of sync and started again on the same
//! database. DESIGN.md §3: no locally committed change is lost when a side is
//! killed at any point; push and pull are idempotent.
//!
//! 1. A device holding thousands of unsent changes connects to the trust's
//!    server and is killed mid-push three times, at different points: as soon
//!    as the server holds some of its changes; after the server has taken a
//!    batch but before its answer arrives (a relay between the two kills the
//!    app when the answer starts); just after the app recorded an
//!    acknowledgement, while it sends the next batch. Restarted, it empties
//!    its outbox: every change it made is on the server exactly once.
//! 2. A second, freshly enrolled device pulls all of that and is killed three
//!    times while applying a pulled page (while it holds SQLite's write lock,
//!    seen in /proc/locks where there is one), at different depths. Restarted,
//!    it catches up: every server change held once, the same records as the
//!    first device.
//!
//! The trust's server runs in this test process (its engine and router over
//! SQLite in a temporary folder); the apps are the built binary. Progress is
//! watched by reading the SQLite files beside the processes; nothing waits
//! on a timer, and nothing asserts on time.

use rusqlite::types::{FromSql, Value as Sql};
use rusqlite::{Connection, OpenFlags};
use serde_json::{json, Value as Json};
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wardsafe_commands::scale::{self, ScaleSpec};
use wardsafe_server::db::Db;
use wardsafe_server::Server;
use wardsafe_store::SystemClock;

/// The device's unsent changes: a synthetic trust of about 12,000 changes,
/// so six or seven push batches of 2,000 and two dozen pulled pages of 500.
const VOLUME: ScaleSpec =
    ScaleSpec { wards: 4, areas_per_ward: 4, months: 48, points_per_area: 6, actions_per_ward: 60, seed: 11 };
/// The most changes one push carries (`wardsafe_sync::MAX_PUSH`).
const PUSH_BATCH: i64 = 2_000;
/// How long any one step (each takes a few seconds) may take on a slow, busy
/// machine before the test gives up on it as stuck.
const PATIENCE: Duration = Duration::from_secs(120);

// ---- the trust's server, in process ------------------------------------------

struct TrustServer {
    rt: Option<tokio::runtime::Runtime>,
    server: Arc<Server>,
    addr: SocketAddr,
    db: PathBuf,
}

impl TrustServer {
    fn start(dir: &Path) -> TrustServer {
        let db = dir.join("server.sqlite3");
        let server = Arc::new(Server::open(Db::open_sqlite(&db).unwrap(), Arc::new(SystemClock)).unwrap());
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).unwrap();
        let addr = listener.local_addr().unwrap();
        let router = wardsafe_server::http::router(server.clone());
        rt.spawn(async move { axum::serve(listener, router).await });
        TrustServer { rt: Some(rt), server, addr, db }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A one-time enrolment code for all wards.
    fn code(&self) -> String {
        self.server.issue_code(&[], true).unwrap().code
    }

    fn one<T: FromSql>(&self, sql: &str, params: &[&dyn rusqlite::ToSql]) -> T {
        one(&self.db, sql, params)
    }
}

impl Drop for TrustServer {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

// ---- reading a SQLite file beside the process that writes it ----------------

fn open(db: &Path) -> Connection {
    let c = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    c.busy_timeout(Duration::from_secs(30)).unwrap();
    c
}

fn one<T: FromSql>(db: &Path, sql: &str, params: &[&dyn rusqlite::ToSql]) -> T {
    open(db).query_row(sql, params, |r| r.get(0)).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn strings(db: &Path, sql: &str, params: &[&dyn rusqlite::ToSql]) -> Vec<String> {
    let c = open(db);
    let mut stmt = c.prepare(sql).unwrap();
    let rows = stmt.query_map(params, |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// Every row of a table, every column, in id order.
fn table(db: &Path, name: &str) -> Vec<Vec<Sql>> {
    let c = open(db);
    let mut stmt = c.prepare(&format!("SELECT * FROM {name} ORDER BY id")).unwrap();
    let n = stmt.column_count();
    let rows = stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Sql>(i)).collect::<Result<Vec<_>, _>>()).unwrap();
    rows.map(Result::unwrap).collect()
}

fn integrity(db: &Path) -> Vec<String> {
    strings(db, "PRAGMA integrity_check", &[])
}

/// A device's sync bookkeeping value.
fn state(db: &Path, key: &str) -> Option<String> {
    strings(db, "SELECT value FROM sync_state WHERE key = ?", &[&key]).into_iter().next()
}

/// The highest of its own changes the device has heard the server took.
fn acked(db: &Path) -> i64 {
    state(db, "acked_seq").map(|v| v.parse().unwrap()).unwrap_or(0)
}

fn device_id(db: &Path) -> String {
    one(db, "SELECT id FROM device", &[])
}

/// Poll `check` until it gives a value; panics naming `what` after [`PATIENCE`].
fn wait_for<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(Instant::now() < deadline, "gave up after {PATIENCE:?} waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Whether process `pid` holds SQLite's WAL write lock on `db` (a write
/// transaction is open in it): an exclusive POSIX lock on byte 120 of the
/// `-shm` file, as /proc/locks lists it. `None` where the process's SQLite
/// locks cannot be seen there (not even the shared lock every connection
/// holds on byte 128).
#[cfg(target_os = "linux")]
fn in_write_transaction(pid: u32, db: &Path) -> Option<bool> {
    use std::os::unix::fs::MetadataExt;
    let shm = std::fs::metadata(format!("{}-shm", db.display())).ok()?.ino().to_string();
    let locks = std::fs::read_to_string("/proc/locks").ok()?;
    let pid = pid.to_string();
    // "7: POSIX  ADVISORY  WRITE 16387 fe:00:10870940 120 120" (a waiter has "->" after the number)
    let held: Vec<(&str, u64, u64)> = locks
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let ours = f.len() == 8 && f[1] == "POSIX" && f[4] == pid && f[5].rsplit(':').next() == Some(&shm);
            let end = if f.get(7) == Some(&"EOF") { Some(u64::MAX) } else { f.get(7)?.parse().ok() };
            ours.then_some((f[3], f[6].parse().ok()?, end?))
        })
        .collect();
    if held.is_empty() {
        return None;
    }
    Some(held.iter().any(|&(kind, start, end)| kind == "WRITE" && start <= 120 && 120 <= end))
}

#[cfg(not(target_os = "linux"))]
fn in_write_transaction(_pid: u32, _db: &Path) -> Option<bool> {
    None
}

// ---- the app, a real process ---------------------------------------------------

/// A running `wardsafe-serve serve --db FILE --port 0`.
struct AppProcess {
    child: Arc<Mutex<Child>>,
    pid: u32,
    base: String,
    token: String,
    log: PathBuf,
    agent: ureq::Agent,
    _stdout: BufReader<ChildStdout>,
}

impl AppProcess {
    fn start(db: &Path, dir: &Path) -> AppProcess {
        let ui = dir.join("ui");
        std::fs::create_dir_all(&ui).unwrap();
        std::fs::write(ui.join("index.html"), "<!doctype html><title>Wardsafe</title>").unwrap();
        let log = PathBuf::from(format!("{}.log", db.display()));
        let stderr = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_wardsafe-serve"))
            .arg("serve")
            .arg("--db")
            .arg(db)
            .arg("--ui")
            .arg(&ui)
            .args(["--port", "0"])
            .env_remove("WARDSAFE_DB")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start wardsafe-serve");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        // "Wardsafe is serving FILE on http://127.0.0.1:PORT/?token=TOKEN"
        let Some((base, token)) = line.trim().rsplit_once(" on ").and_then(|(_, url)| url.split_once("/?token="))
        else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the app did not start: {line:?}\n{}", std::fs::read_to_string(&log).unwrap_or_default());
        };
        let agent =
            ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(PATIENCE)).build().into();
        AppProcess {
            pid: child.id(),
            child: Arc::new(Mutex::new(child)),
            base: base.to_string(),
            token: token.to_string(),
            log,
            agent,
            _stdout: stdout,
        }
    }

    /// Run a command through the app's HTTP host, as its UI does.
    fn call(&self, command: &str, session: Option<&str>, input: Json) -> Json {
        let mut req = self
            .agent
            .post(format!("{}/api/{command}", self.base))
            .header("Authorization", format!("Bearer {}", self.token));
        if let Some(s) = session {
            req = req.header("x-wardsafe-session", s);
        }
        let mut resp = req.send_json(&input).unwrap_or_else(|e| panic!("{command}: {e}"));
        let status = resp.status();
        let body: Json = resp.body_mut().read_json().unwrap_or_else(|e| panic!("{command}: {e}"));
        assert!(status.is_success(), "{command} answered {status}: {body}");
        body
    }

    /// SIGKILL, and wait until it is gone.
    fn kill(&self) {
        let mut child = self.child.lock().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }

    /// Wait until the process has ended (killed by someone else).
    fn wait_gone(&self) {
        wait_for("the app process to end", || self.child.lock().unwrap().try_wait().unwrap().map(|_| ()));
    }
}

impl Drop for AppProcess {
    fn drop(&mut self) {
        let mut child = self.child.lock().unwrap_or_else(|p| p.into_inner());
        let _ = child.kill();
        let _ = child.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            eprintln!("--- app log {} ---\n{log}", self.log.display());
        }
    }
}

// ---- a relay between the app and the server -----------------------------------

/// A TCP relay from the app to the trust's server that passes every byte on
/// unchanged. Armed with an app process, it kills that process (SIGKILL) the
/// moment the server begins to answer a push, and drops the answer: the
/// server has committed the batch, the app never hears so.
struct Relay {
    addr: SocketAddr,
    armed: Arc<Mutex<Option<Arc<Mutex<Child>>>>>,
    fired: Arc<AtomicUsize>,
}

impl Relay {
    fn start(upstream: SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let armed: Arc<Mutex<Option<Arc<Mutex<Child>>>>> = Arc::default();
        let fired = Arc::new(AtomicUsize::new(0));
        let (a, f) = (armed.clone(), fired.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (a, f) = (a.clone(), f.clone());
                std::thread::spawn(move || relay(client, upstream, &a, &f));
            }
        });
        Relay { addr, armed, fired }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn kill_on_next_push_answer(&self, app: &AppProcess) {
        *self.armed.lock().unwrap() = Some(app.child.clone());
    }
}

fn relay(client: TcpStream, upstream: SocketAddr, armed: &Mutex<Option<Arc<Mutex<Child>>>>, fired: &AtomicUsize) {
    let Ok(server) = TcpStream::connect(upstream) else { return };
    // The request now on this connection is a push (HTTP/1.1: one at a time).
    let pushing = Arc::new(AtomicBool::new(false));
    let (mut from, mut to, p) = (client.try_clone().unwrap(), server.try_clone().unwrap(), pushing.clone());
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 * 1024];
        while let Ok(n @ 1..) = from.read(&mut buf) {
            let chunk = &buf[..n];
            if [&b"GET "[..], b"POST ", b"PUT "].iter().any(|m| chunk.starts_with(m)) {
                p.store(chunk.starts_with(b"POST /v1/push "), Ordering::SeqCst);
            }
            if to.write_all(chunk).is_err() {
                break;
            }
        }
        let _ = to.shutdown(Shutdown::Write);
    });
    let (mut from, mut to) = (server, client);
    let mut buf = vec![0u8; 64 * 1024];
    while let Ok(n @ 1..) = from.read(&mut buf) {
        if pushing.load(Ordering::SeqCst) {
            if let Some(victim) = armed.lock().unwrap().take() {
                let _ = victim.lock().unwrap().kill(); // SIGKILL; the test reaps it
                fired.fetch_add(1, Ordering::SeqCst);
                let _ = to.shutdown(Shutdown::Both);
                let _ = from.shutdown(Shutdown::Both);
                return;
            }
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

// ---- the test -------------------------------------------------------------------

/// What the first device pushed.
struct Pushed {
    db: PathBuf,
    changes: i64,
}

#[test]
fn the_app_killed_mid_push_and_mid_pull_loses_and_duplicates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = TrustServer::start(dir.path());
    let started = Instant::now();
    let pushed = push_through_kills(dir.path(), &server);
    println!("push with 3 kills: {:.1} s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    pull_through_kills(dir.path(), &server, &pushed);
    println!("pull with 3 kills: {:.1} s", started.elapsed().as_secs_f64());
}

/// Part 1: a device with many unsent changes, killed three times mid-push.
fn push_through_kills(dir: &Path, server: &TrustServer) -> Pushed {
    let db = dir.join("a.sqlite3");
    {
        // Made on this device before it was ever connected: all of it waits in its outbox.
        let app = wardsafe_commands::App::open(&db).unwrap();
        scale::generate(app.store(), &VOLUME, app.store().now()).unwrap();
    }
    let device = device_id(&db);
    let mine = "SELECT COUNT(*) FROM change_log WHERE device_id = ? AND device_seq IS NOT NULL";
    let total: i64 = one(&db, mine, &[&device]);
    assert!(total > 3 * PUSH_BATCH, "the volume must need several pushes: {total} changes");
    println!("the device holds {total} unsent changes");
    let on_server = || -> i64 { server.one("SELECT COUNT(*) FROM changes WHERE device_id = ?", &[&device]) };
    let server_acked = || -> i64 { server.one("SELECT acked_seq FROM devices WHERE id = ?", &[&device]) };

    // The app reaches the server through a relay that can kill it at the worst moment.
    let relay = Relay::start(server.addr);
    let app = AppProcess::start(&db, dir);
    let signed = app.call("sign_in", None, json!({"username": "admin", "password": scale::SCALE_PASSWORD}));
    let session = signed["session"].as_str().unwrap().to_string();
    let status = app.call(
        "connect_to_server",
        Some(&session),
        json!({"serverUrl": relay.url(), "code": server.code(), "deviceName": "Ward office PC"}),
    );
    assert_eq!(status["serverUrl"], relay.url(), "connected: {status}");

    // Kill 1: as soon as the server holds some of the device's changes.
    let seen = wait_for("the server to take a first batch", || Some(on_server()).filter(|n| *n > 0));
    app.kill();
    let app_acked = acked(&db);
    println!("kill 1 (server holds some): server held {seen} of {total}; the app had heard of {app_acked}");
    assert!(seen < total, "kill 1 came too late: the server already held all {total} changes; raise VOLUME");
    assert!(app_acked < total, "kill 1: the app had already heard every change was taken");
    assert_eq!(integrity(&db), vec!["ok"], "the device's SQLite after push kill 1");
    drop(app);

    // Kill 2: the server has taken a new batch and starts to answer; the app dies before hearing it.
    let app = AppProcess::start(&db, dir);
    let before = on_server();
    let armed_at =
        wait_for("the server to take a batch after the restart", || Some(on_server()).filter(|n| *n > before));
    assert!(
        total - armed_at > PUSH_BATCH,
        "kill 2 would come too late ({armed_at} of {total} on the server); raise VOLUME"
    );
    relay.kill_on_next_push_answer(&app);
    wait_for("the relay to kill the app as a push was answered", || {
        Some(()).filter(|_| relay.fired.load(Ordering::SeqCst) == 1)
    });
    app.wait_gone();
    let (held, taken, heard) = (on_server(), server_acked(), acked(&db));
    println!(
        "kill 2 (answer lost): server held {held} of {total} and had taken up to #{taken}; the app had heard of #{heard}"
    );
    assert!(0 < held && held < total, "kill 2 was not mid-push: the server held {held} of {total}");
    assert!(taken > heard, "kill 2: the server had taken changes (up to #{taken}) the app never heard of (#{heard})");
    assert_eq!(integrity(&db), vec!["ok"], "the device's SQLite after push kill 2");
    drop(app);

    // Kill 3: just after the app has recorded an acknowledgement, while it sends the next batch.
    let app = AppProcess::start(&db, dir);
    let before = acked(&db);
    let now_acked = wait_for("the app to record an acknowledgement", || Some(acked(&db)).filter(|a| *a > before));
    app.kill();
    let (held, heard) = (on_server(), acked(&db));
    println!("kill 3 (just acknowledged #{now_acked}): server held {held} of {total}; the app had heard of #{heard}");
    assert!(heard < total, "kill 3 came too late: the app had heard all {total} were taken; raise VOLUME");
    assert_eq!(integrity(&db), vec!["ok"], "the device's SQLite after push kill 3");
    drop(app);

    // Started again, it empties its outbox.
    let app = AppProcess::start(&db, dir);
    wait_for("the outbox to empty", || Some(()).filter(|_| acked(&db) == total));
    wait_for("the server to hold every change", || Some(()).filter(|_| on_server() == total));
    // And the app says so, to a person signed in on it.
    let signed = app.call("sign_in", None, json!({"username": "admin", "password": scale::SCALE_PASSWORD}));
    let status = app.call("sync_status", signed["session"].as_str(), Json::Null);
    assert_eq!((&status["waiting"], &status["refused"]), (&json!(0), &json!(0)), "sync status: {status}");
    app.kill();

    // Every change the device committed is on the server exactly once.
    let made: BTreeSet<String> =
        strings(&db, "SELECT change_id FROM change_log WHERE device_id = ? AND device_seq IS NOT NULL", &[&device])
            .into_iter()
            .collect();
    assert_eq!(made.len() as i64, total, "the device's change log kept every change it made");
    let max_seq: i64 = one(&db, "SELECT MAX(device_seq) FROM change_log WHERE device_id = ?", &[&device]);
    assert_eq!(max_seq, total, "the device's sequence numbers have no gap and no repeat");
    let rows = strings(&server.db, "SELECT change_id FROM changes WHERE device_id = ?", &[&device]);
    let held: BTreeSet<String> = rows.iter().cloned().collect();
    assert_eq!(rows.len(), held.len(), "a change is held twice on the server");
    let lost: Vec<_> = made.difference(&held).collect();
    assert!(lost.is_empty(), "{} changes never reached the server, e.g. {:?}", lost.len(), lost.first());
    let extra: Vec<_> = held.difference(&made).collect();
    assert!(extra.is_empty(), "the server holds {} changes the device never made", extra.len());
    assert_eq!(server_acked(), total, "the server's acknowledged number for the device");
    let refused: i64 = server.one("SELECT COUNT(*) FROM rejections WHERE device_id = ?", &[&device]);
    assert_eq!(refused, 0, "the server refused none of the resent changes");
    let noted: i64 = one(&db, "SELECT COUNT(*) FROM sync_state WHERE key LIKE 'rejected:%'", &[]);
    assert_eq!(noted, 0, "the device recorded no refusal");
    assert_eq!(integrity(&db), vec!["ok"], "the device's SQLite after three SIGKILLs");
    Pushed { db, changes: total }
}

/// The records a device shows, table by table. The templates too: each device
/// installs the built-in ones before it connects, under the same ids.
const RECORDS: &[&str] = &[
    "sites",
    "wards",
    "areas",
    "users",
    "user_roles",
    "templates",
    "audits",
    "answers",
    "ligature_points",
    "ligature_assessments",
    "actions",
    "action_events",
    "interim_controls",
];

/// Part 2: a freshly enrolled device pulls it all, killed three times while applying a page.
fn pull_through_kills(dir: &Path, server: &TrustServer, first: &Pushed) {
    let everything = strings(&server.db, "SELECT change_id FROM changes", &[]);
    let total = everything.len() as i64;
    assert!(total >= first.changes, "the server holds at least the first device's changes");
    let db = dir.join("b.sqlite3");
    let pulled = |db: &Path| -> i64 { one(db, "SELECT COUNT(*) FROM change_log WHERE server_seq IS NOT NULL", &[]) };

    // A new tablet: no one has signed up on it, so anyone may connect it.
    let app = AppProcess::start(&db, dir);
    let device = device_id(&db);
    app.call(
        "connect_to_server",
        None,
        json!({"serverUrl": server.url(), "code": server.code(), "deviceName": "Cedar Ward tablet"}),
    );

    let mut app = Some(app);
    let mut last = 0;
    for (kill, depth) in [(1, 1), (2, total / 3), (3, 2 * total / 3)] {
        let running = app.take().unwrap_or_else(|| AppProcess::start(&db, dir));
        // Wait until it is past `depth` and (where the OS shows locks) applying a page.
        let (committed, in_tx) = wait_for(&format!("pull kill {kill}: the app applying a page past {depth}"), || {
            let n = pulled(&db);
            assert!(n < total, "the pull finished before kill {kill} ({n} of {total}); raise VOLUME");
            if n < depth.max(last + 1) {
                return None;
            }
            match in_write_transaction(running.pid, &db) {
                Some(true) => Some((n, true)),
                Some(false) => None,
                None => Some((n, false)),
            }
        });
        running.kill();
        let after = pulled(&db);
        let lost_page = in_tx && after == committed;
        println!(
            "pull kill {kill}: {after} of {total} changes applied{}",
            if lost_page { "; killed inside the transaction applying the next page" } else { "" }
        );
        assert!(0 < after && after < total, "pull kill {kill} was not mid-pull: {after} of {total} applied");
        assert_eq!(integrity(&db), vec!["ok"], "the tablet's SQLite after pull kill {kill}");
        last = after;
    }

    // Started again, it sends its own few changes (its built-in templates,
    // installed before it connected), none refused, and catches up.
    let app = AppProcess::start(&db, dir);
    wait_for("the tablet to send its own changes", || {
        let status = app.call("sync_status", None, Json::Null);
        Some(status).filter(|s| s["waiting"] == json!(0))
    });
    let status = app.call("sync_status", None, Json::Null);
    assert_eq!(status["refused"], json!(0), "the server refused some of the tablet's changes: {status}");
    let refused: i64 = server.one("SELECT COUNT(*) FROM rejections WHERE device_id = ?", &[&device]);
    assert_eq!(refused, 0, "the server refused some of the tablet's changes");
    let head: i64 = server.one("SELECT MAX(server_seq) FROM changes", &[]);
    let on_server: i64 = server.one("SELECT COUNT(*) FROM changes", &[]);
    let up_to_date = format!("s{head}");
    wait_for("the tablet to catch up", || {
        Some(()).filter(|_| pulled(&db) == on_server && state(&db, "cursor").as_deref() == Some(up_to_date.as_str()))
    });
    app.kill();
    let everything = strings(&server.db, "SELECT change_id FROM changes WHERE device_id <> ?", &[&device]);

    let rows = strings(&db, "SELECT change_id FROM change_log WHERE device_id <> ?", &[&device]);
    let held: BTreeSet<String> = rows.iter().cloned().collect();
    assert_eq!(rows.len(), held.len(), "a pulled change is held twice on the tablet");
    let everything: BTreeSet<String> = everything.into_iter().collect();
    let missing: Vec<_> = everything.difference(&held).collect();
    assert!(
        missing.is_empty(),
        "{} server changes never reached the tablet, e.g. {:?}",
        missing.len(),
        missing.first()
    );
    let extra: Vec<_> = held.difference(&everything).collect();
    assert!(extra.is_empty(), "the tablet holds {} changes the server does not", extra.len());
    for name in RECORDS {
        let (a, b) = (table(&first.db, name), table(&db, name));
        assert!(!a.is_empty(), "the first device holds {name}");
        if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
            panic!(
                "{name} differ ({} rows on the first device, {} on the tablet); first difference:\n  first:  {:?}\n  tablet: {:?}",
                a.len(),
                b.len(),
                a.get(i),
                b.get(i)
            );
        }
    }
    assert_eq!(integrity(&db), vec!["ok"], "the tablet's SQLite after three SIGKILLs");
}
