//! The app's background sync against a real `wardsafe-server` (in process, on
//! a port of 127.0.0.1, over SQLite in a temporary folder), as `sync_status`
//! shows it: up to date after connecting, others' changes counted as they
//! arrive, offline while the server is away (and staying so, however often the
//! status is asked for), up to date again when it is back on the same address.

use serde_json::{json, Value as Json};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};
use uuid::Uuid;
use wardsafe_commands::App;
use wardsafe_server::db::Db;
use wardsafe_server::Server;
use wardsafe_store::{Entity, Store, SystemClock, Value};
use wardsafe_sync::http::HttpTransport;
use wardsafe_sync::Syncer;

/// The server's router served by its own runtime; dropping it stops the server.
struct Host {
    rt: Option<tokio::runtime::Runtime>,
    server: Arc<Server>,
}

impl Host {
    fn start(db: &Path, addr: &str) -> (Host, String) {
        let server = Arc::new(Server::open(Db::open_sqlite(db).unwrap(), Arc::new(SystemClock)).unwrap());
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        let listener = rt.block_on(tokio::net::TcpListener::bind(addr)).unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = wardsafe_server::http::router(server.clone());
        rt.spawn(async move { axum::serve(listener, app).await });
        (Host { rt: Some(rt), server }, url)
    }

    fn code(&self) -> String {
        self.server.issue_code(&[], true).unwrap().code
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

/// `sync_status`, failing (instead of hanging the test) if it does not answer.
fn status(app: &Arc<App>) -> Json {
    let (tx, rx) = mpsc::channel();
    let app = app.clone();
    std::thread::spawn(move || {
        let _ = tx.send(app.call("sync_status", None, json!({})));
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("sync_status answers within 20 s: the background sync must never hold the store's lock for good")
        .unwrap()
}

fn wait_for(app: &Arc<App>, what: &str, ok: impl Fn(&Json) -> bool) -> Json {
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let s = status(app);
        if ok(&s) {
            return s;
        }
        assert!(Instant::now() < deadline, "waited 40 s for {what}; the status is {s}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn add_site(store: &Store, name: &str) {
    store
        .write(None, |tx| {
            tx.insert(Entity::Site, Uuid::now_v7(), &[("name", Value::Text(name.into()))])?;
            Ok(())
        })
        .unwrap();
}

fn sites(store: &Store) -> i64 {
    store.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM sites", [], |r| r.get(0)).unwrap())).unwrap()
}

#[test]
fn background_sync_shows_up_to_date_received_changes_and_offline_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let server_db: PathBuf = dir.path().join("server.sqlite3");
    let (host, url) = Host::start(&server_db, "127.0.0.1:0");

    // A new device connects (before anyone has signed up on it) and syncs in the background.
    let app = Arc::new(App::open(&dir.path().join("laptop.sqlite3")).unwrap());
    let connected = app
        .call("connect_to_server", None, json!({"serverUrl": url, "code": host.code(), "deviceName": "Laptop"}))
        .unwrap();
    assert_eq!(connected["serverUrl"], json!(url));
    wardsafe_commands::sync::start_background(app.clone());
    add_site(app.store(), "Riverside Hospital");
    let s = wait_for(&app, "up to date", |s| s["state"] == "up_to_date" && s["waiting"] == 0);
    assert!(s["lastSyncedAt"].is_string(), "{s}");
    let before = s["received"].as_i64().unwrap();

    // Another device's change arrives by itself (long poll) and is counted.
    let other = Store::open(&dir.path().join("tablet.sqlite3")).unwrap();
    let transport = HttpTransport::new(&url);
    wardsafe_sync::client::enrol(&other, &transport, &url, &host.code(), "Tablet").unwrap();
    add_site(&other, "Moorside Unit");
    Syncer::new(&other, &transport).sync_once(&mut |_| {}).unwrap();
    wait_for(&app, "the tablet's change", |s| s["received"].as_i64().unwrap() > before);
    assert_eq!(sites(app.store()), 2);

    // The server goes away. The device says it is offline, and keeps saying so
    // however often it is asked (each command wakes the push, which has nothing to send).
    let addr = url.trim_start_matches("http://").to_string();
    drop(host);
    wait_for(&app, "offline", |s| s["state"] == "offline");
    let until = Instant::now() + Duration::from_secs(4);
    while Instant::now() < until {
        let s = status(&app);
        assert_eq!(s["state"], "offline", "the server is still away: {s}");
        std::thread::sleep(Duration::from_millis(100));
    }
    add_site(app.store(), "Hillside House");
    let s = wait_for(&app, "offline with a change waiting", |s| s["state"] == "offline" && s["waiting"] == 1);
    assert!(s["message"].as_str().unwrap().contains("1 change is saved on this device"), "{s}");

    // Back on the same address and data: the change goes, and others' arrive again.
    let (host, again) = Host::start(&server_db, &addr);
    assert_eq!(again, url);
    wait_for(&app, "up to date again", |s| s["state"] == "up_to_date" && s["waiting"] == 0);
    let before = status(&app)["received"].as_i64().unwrap();
    add_site(&other, "Lakeside Clinic");
    Syncer::new(&other, &transport).sync_once(&mut |_| {}).unwrap();
    wait_for(&app, "the tablet's change after the restart", |s| s["received"].as_i64().unwrap() > before);
    assert_eq!(sites(app.store()), 4);
    assert_eq!(sites(&other), 4);
    // Only the tablet's two changes count as received, not the laptop's own coming back.
    assert_eq!(status(&app)["received"], 2);

    app.stop_sync();
    drop(host);
}
