//! The background sync of the app (DESIGN.md §3): one thread pushes this
//! device's changes (woken by every command, so a change leaves within
//! moments), one long-polls the server for others' changes. Each backs off
//! when the server cannot be reached; a push that gets through wakes the
//! pull at once (the server is back). Their state feeds `sync_status`.

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
    /// The last failure of each direction, until that direction next succeeds.
    /// Kept apart: a push with nothing to send reaches no server, so it must
    /// not clear a failed pull (an idle device would show "up to date" while
    /// its server is away).
    pub push_error: Option<SyncError>,
    pub pull_error: Option<SyncError>,
    pub held: Option<String>,
    /// Changes from other devices applied here since the app started: the UI
    /// reloads what it shows when this grows.
    pub received: u64,
}

impl Live {
    /// The failure to show, the most telling first: access withdrawn, then a
    /// refusal (what to do about it), then being offline.
    pub fn error(&self) -> Option<&SyncError> {
        let both = [self.push_error.as_ref(), self.pull_error.as_ref()];
        let rank = |e: &SyncError| match e {
            SyncError::Revoked => 0,
            SyncError::Offline(_) => 2,
            _ => 1,
        };
        both.into_iter().flatten().min_by_key(|e| rank(e))
    }
}

/// Which loop has been asked to run now rather than at its next turn.
#[derive(Default)]
struct Woken {
    push: bool,
    pull: bool,
}

#[derive(Default)]
pub struct SyncRuntime {
    live: Mutex<Live>,
    woken: Mutex<Woken>,
    wake: Condvar,
    stop: AtomicBool,
    started: AtomicBool,
}

/// How long a pull waits at the server for news (long poll).
const LONG_POLL_MS: i64 = 20_000;
const MAX_BACKOFF: Duration = Duration::from_secs(60);

#[derive(Clone, Copy)]
enum Loop {
    Push,
    Pull,
}

impl SyncRuntime {
    pub fn live(&self) -> Live {
        self.live.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn update(&self, f: impl FnOnce(&mut Live)) {
        f(&mut self.live.lock().unwrap_or_else(|p| p.into_inner()));
    }

    fn woken(&self, f: impl FnOnce(&mut Woken)) {
        f(&mut self.woken.lock().unwrap_or_else(|p| p.into_inner()));
        self.wake.notify_all();
    }

    /// Something changed here: push soon.
    pub fn nudge(&self) {
        self.woken(|w| w.push = true);
    }

    /// A person pressed "Sync now" (or the device just connected): push and pull at once,
    /// even while backing off.
    pub fn sync_now(&self) {
        self.woken(|w| {
            w.push = true;
            w.pull = true;
        });
    }

    /// Wait until `which` is woken or `timeout` passes.
    fn wait(&self, which: Loop, timeout: Duration) {
        fn flag(w: &mut Woken, which: Loop) -> &mut bool {
            match which {
                Loop::Push => &mut w.push,
                Loop::Pull => &mut w.pull,
            }
        }
        let guard = self.woken.lock().unwrap_or_else(|p| p.into_inner());
        let (mut guard, _) = self
            .wake
            .wait_timeout_while(guard, timeout, |w| !*flag(w, which) && !self.stopped())
            .unwrap_or_else(|p| p.into_inner());
        *flag(&mut guard, which) = false;
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
            rt.wait(Loop::Push, Duration::from_secs(2));
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
                let reached = report.pushed + report.rejected + report.photos_sent + report.photos_received > 0
                    || report.held.is_some();
                if failures > 0 && reached {
                    // The server is back: the pull need not wait out its back-off.
                    rt.woken(|w| w.pull = true);
                }
                failures = 0;
                rt.update(|l| l.push_error = None);
                rt.wait(Loop::Push, Duration::from_secs(if report.held.is_some() { 30 } else { 5 }));
            }
            Err(e) => {
                let revoked = e == SyncError::Revoked;
                rt.update(|l| l.push_error = Some(e));
                failures += 1;
                rt.wait(Loop::Push, if revoked { Duration::from_secs(300) } else { backoff(failures) });
            }
        }
    }
}

fn pull_loop(app: &App) {
    let rt = &app.sync;
    let mut failures = 0;
    while !rt.stopped() {
        let Some(t) = transport(&app.store) else {
            rt.wait(Loop::Pull, Duration::from_secs(2));
            continue;
        };
        let mut syncer = Syncer::new(&app.store, &t);
        syncer.wait_ms = LONG_POLL_MS;
        let mut report = SyncReport::default();
        let result = syncer
            .pull_all(&mut report, &mut |p| rt.update(|l| l.pulling = (p.total > p.done || p.done > 0).then_some(p)));
        rt.update(|l| {
            l.pulling = None;
            l.received += report.received as u64;
        });
        match result {
            Ok(()) => {
                failures = 0;
                // The time first: the store's lock is not re-entrant.
                let now = app.store.now().to_rfc3339();
                let _ = app.store.read(|c| wardsafe_store::sync::set_state(c, keys::LAST_SYNC, Some(&now)));
                rt.update(|l| l.pull_error = None);
                if report.pulled > 0 {
                    rt.nudge(); // fetch any photos the new records name
                }
            }
            Err(e) => {
                let revoked = e == SyncError::Revoked;
                rt.update(|l| l.pull_error = Some(e));
                failures += 1;
                rt.wait(Loop::Pull, if revoked { Duration::from_secs(300) } else { backoff(failures) });
            }
        }
    }
}
