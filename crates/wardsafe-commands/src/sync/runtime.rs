//! The background sync of the app (DESIGN.md §3): one thread pushes this
//! device's changes (woken by every command, so a change leaves within
//! moments), one long-polls the server for others' changes. Each backs off
//! when the server cannot be reached. Their state feeds `sync_status`.

use crate::ctx::App;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use wardsafe_store::Store;
use wardsafe_sync::client::{keys, Progress, SyncError};
use wardsafe_sync::http::HttpTransport;
use wardsafe_sync::{SyncReport, Syncer};

/// What the background threads last saw.
#[derive(Debug, Clone, Default)]
pub struct Live {
    pub pushing: Option<Progress>,
    pub pulling: Option<Progress>,
    /// The last failure, until a round succeeds.
    pub error: Option<SyncError>,
    pub held: Option<String>,
}

#[derive(Default)]
pub struct SyncRuntime {
    live: Mutex<Live>,
    nudged: Mutex<bool>,
    wake: Condvar,
    stop: AtomicBool,
    started: AtomicBool,
}

/// How long a pull waits at the server for news (long poll).
const LONG_POLL_MS: i64 = 20_000;
const MAX_BACKOFF: Duration = Duration::from_secs(60);

impl SyncRuntime {
    pub fn live(&self) -> Live {
        self.live.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn update(&self, f: impl FnOnce(&mut Live)) {
        f(&mut self.live.lock().unwrap_or_else(|p| p.into_inner()));
    }

    /// Something changed here (or a person pressed "Sync now"): push soon.
    pub fn nudge(&self) {
        *self.nudged.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.wake.notify_all();
    }

    /// Wait until nudged or `timeout` passes.
    fn wait(&self, timeout: Duration) {
        let guard = self.nudged.lock().unwrap_or_else(|p| p.into_inner());
        let (mut guard, _) = self.wake.wait_timeout_while(guard, timeout, |n| !*n).unwrap_or_else(|p| p.into_inner());
        *guard = false;
    }

    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake.notify_all();
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }
}

fn transport(store: &Store) -> Option<HttpTransport> {
    let url = store.read(|c| wardsafe_store::sync::state(c, keys::SERVER_URL)).ok().flatten()?;
    let enrolled = store.read(|c| wardsafe_store::sync::state(c, keys::TOKEN)).ok().flatten().is_some();
    enrolled.then(|| HttpTransport::new(&url))
}

/// Start the two background threads (once per app). Hosts call this after opening the database.
pub fn start_background(app: Arc<App>) {
    if app.sync.started.swap(true, Ordering::SeqCst) {
        return;
    }
    let pusher = app.clone();
    std::thread::Builder::new().name("sync-push".into()).spawn(move || push_loop(&pusher)).ok();
    std::thread::Builder::new().name("sync-pull".into()).spawn(move || pull_loop(&app)).ok();
}

fn backoff(failures: u32) -> Duration {
    (Duration::from_secs(1) * 2u32.saturating_pow(failures.min(6))).min(MAX_BACKOFF)
}

fn push_loop(app: &App) {
    let rt = &app.sync;
    let mut failures = 0;
    while !rt.stopped() {
        let Some(t) = transport(&app.store) else {
            rt.wait(Duration::from_secs(2));
            continue;
        };
        let syncer = Syncer::new(&app.store, &t);
        let mut report = SyncReport::default();
        let result = syncer
            .push_all(&mut report, &mut |p| rt.update(|l| l.pushing = Some(p)))
            .and_then(|_| syncer.photos(&mut report));
        rt.update(|l| {
            l.pushing = None;
            l.held = report.held.clone();
        });
        match result {
            Ok(()) => {
                failures = 0;
                rt.update(|l| l.error = None);
                rt.wait(Duration::from_secs(if report.held.is_some() { 30 } else { 5 }));
            }
            Err(e) => {
                let revoked = e == SyncError::Revoked;
                rt.update(|l| l.error = Some(e));
                failures += 1;
                rt.wait(if revoked { Duration::from_secs(300) } else { backoff(failures) });
            }
        }
    }
}

fn pull_loop(app: &App) {
    let rt = &app.sync;
    let mut failures = 0;
    while !rt.stopped() {
        let Some(t) = transport(&app.store) else {
            rt.wait(Duration::from_secs(2));
            continue;
        };
        let mut syncer = Syncer::new(&app.store, &t);
        syncer.wait_ms = LONG_POLL_MS;
        let mut report = SyncReport::default();
        let result = syncer
            .pull_all(&mut report, &mut |p| rt.update(|l| l.pulling = (p.total > p.done || p.done > 0).then_some(p)));
        rt.update(|l| l.pulling = None);
        match result {
            Ok(()) => {
                failures = 0;
                // The time first: the store's lock is not re-entrant.
                let now = app.store.now().to_rfc3339();
                let _ = app.store.read(|c| wardsafe_store::sync::set_state(c, keys::LAST_SYNC, Some(&now)));
                if report.pulled > 0 {
                    rt.update(|l| l.error = None);
                    rt.nudge(); // fetch any photos the new records name
                }
            }
            Err(e) => {
                let revoked = e == SyncError::Revoked;
                rt.update(|l| l.error = Some(e));
                failures += 1;
                std::thread::sleep(if revoked { Duration::from_secs(300) } else { backoff(failures) });
            }
        }
    }
}
