//! Opening the database and running work against it.

use crate::clock::{Clock, SystemClock};
use crate::migrate::migrate;
use crate::rows::DbResult;
use crate::write::{read_columns, Columns, Entity, Tx};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use std::sync::{Arc, Mutex};
use uuid::Uuid;
use wardsafe_domain::hlc::Hlc;
use wardsafe_domain::{AppError, AppResult};

struct Inner {
    conn: Connection,
    hlc: Hlc,
    /// The next per-device sequence number for a change made here.
    next_seq: i64,
    /// The pull cursor, stamped on each change as `seen`.
    cursor: Option<String>,
    /// Server time minus this device's clock, learned when syncing, so that
    /// a device whose clock is wrong still stamps changes correctly.
    offset_ms: i64,
}

/// The local database. One connection behind a lock: SQLite has one writer,
/// and commands are short.
pub struct Store {
    inner: Mutex<Inner>,
    columns: Columns,
    device: Uuid,
    clock: Arc<dyn Clock>,
}

impl Store {
    /// Open (creating if needed) and migrate the database at `path`.
    pub fn open(path: &Path) -> AppResult<Store> {
        Store::open_with(path, Arc::new(SystemClock))
    }

    /// Open with a given clock and id source (the sync simulation's seeded one).
    pub fn open_with(path: &Path, clock: Arc<dyn Clock>) -> AppResult<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    AppError::new(wardsafe_domain::ErrorCode::Storage, format!("cannot create {}: {e}", dir.display()))
                })?;
            }
        }
        let conn = Connection::open(path).db()?;
        Store::from_connection(conn, clock)
    }

    fn from_connection(mut conn: Connection, clock: Arc<dyn Clock>) -> AppResult<Store> {
        // Keep each statement's query plan once made: without this, SQLite
        // re-plans joins with bound parameters on every run (measured in
        // docs/benchmarks.md). Must come before any statement is prepared.
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).db()?;
        crate::migrate::check_version(&conn)?;
        conn.busy_timeout(std::time::Duration::from_secs(5)).db()?;
        conn.pragma_update(None, "journal_mode", "WAL").db()?;
        conn.pragma_update(None, "synchronous", "FULL").db()?;
        conn.pragma_update(None, "foreign_keys", "ON").db()?;
        migrate(&mut conn)?;
        let columns = read_columns(&conn)?;
        let last: Option<String> =
            conn.query_row("SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1", [], |r| r.get(0)).optional().db()?;
        let hlc = last.as_deref().and_then(Hlc::decode).unwrap_or_default();
        let device: Option<String> =
            conn.query_row("SELECT id FROM device LIMIT 1", [], |r| r.get(0)).optional().db()?;
        let next_seq: i64 = conn
            .query_row(
                "SELECT IFNULL(MAX(device_seq), 0) + 1 FROM change_log WHERE device_id = (SELECT id FROM device LIMIT 1)",
                [],
                |r| r.get(0),
            )
            .db()?;
        let cursor = crate::sync::state(&conn, crate::sync::CURSOR)?;
        let offset_ms = crate::sync::state(&conn, crate::sync::CLOCK_OFFSET)?.and_then(|v| v.parse().ok()).unwrap_or(0);
        let inner = Inner { conn, hlc, next_seq, cursor, offset_ms };
        let mut store = Store { inner: Mutex::new(inner), columns, device: Uuid::nil(), clock };
        store.device = match device.and_then(|d| Uuid::parse_str(&d).ok()) {
            Some(d) => d,
            None => {
                let id = store.clock.new_id();
                store.device = id;
                store.write(None, |tx| {
                    let now = tx.now_str();
                    tx.insert(Entity::Device, id, &[("created_at", Value::Text(now))])
                })?;
                id
            }
        };
        Ok(store)
    }

    pub fn device_id(&self) -> Uuid {
        self.device
    }

    fn lock(&self) -> AppResult<std::sync::MutexGuard<'_, Inner>> {
        // A panic while holding the lock cannot leave a half-written change:
        // the transaction is rolled back when dropped. So carry on.
        Ok(self.inner.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Run read-only work.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> AppResult<T>) -> AppResult<T> {
        let guard = self.lock()?;
        f(&guard.conn)
    }

    /// Read, and keep what was derived from the reading in a cache table
    /// (`queries::restrictive_report::cache_counts`), under one lock and in
    /// one transaction, so no change can land between the reading and the
    /// caching. Caches only: they are not records, so they are not in the
    /// change log and never sync. Records are written through [`Store::write`].
    pub fn read_and_cache<T>(&self, f: impl FnOnce(&Connection) -> AppResult<T>) -> AppResult<T> {
        let mut guard = self.lock()?;
        let tx = guard.conn.transaction().db()?;
        let out = f(&tx)?;
        tx.commit().db()?;
        Ok(out)
    }

    /// Run a change: everything `f` writes commits together with its change-log
    /// rows, or nothing does.
    pub fn write<T>(&self, user: Option<Uuid>, f: impl FnOnce(&mut Tx) -> AppResult<T>) -> AppResult<T> {
        let mut guard = self.lock()?;
        self.run(&mut guard, user, f)
    }

    /// Apply changes pulled from the server (through [`Tx::apply_remote`],
    /// still the one write path). Foreign keys are not enforced here: a
    /// record may arrive before one it refers to (a photo, or a ward this
    /// device is not enrolled for), and a pulled change is never refused.
    pub fn write_remote<T>(&self, f: impl FnOnce(&mut Tx) -> AppResult<T>) -> AppResult<T> {
        let mut guard = self.lock()?;
        guard.conn.pragma_update(None, "foreign_keys", "OFF").db()?;
        let out = self.run(&mut guard, None, f);
        let on = guard.conn.pragma_update(None, "foreign_keys", "ON").db();
        let out = out?;
        on?;
        Ok(out)
    }

    fn run<T>(&self, inner: &mut Inner, user: Option<Uuid>, f: impl FnOnce(&mut Tx) -> AppResult<T>) -> AppResult<T> {
        let now = self.clock.now() + chrono::Duration::milliseconds(inner.offset_ms);
        let tx = inner.conn.transaction().db()?;
        let mut w = Tx {
            tx,
            columns: &self.columns,
            device: self.device,
            user,
            hlc: inner.hlc,
            now,
            clock: &*self.clock,
            next_seq: inner.next_seq,
            cursor: inner.cursor.clone(),
        };
        let out = f(&mut w)?;
        let Tx { tx, hlc, next_seq, cursor, .. } = w;
        tx.commit().db()?;
        inner.hlc = hlc;
        inner.next_seq = next_seq;
        inner.cursor = cursor;
        Ok(out)
    }

    /// A new record id from this store's id source.
    pub fn new_id(&self) -> Uuid {
        self.clock.new_id()
    }

    /// The last HLC stamped or received here.
    pub fn hlc(&self) -> Hlc {
        self.inner.lock().map(|i| i.hlc).unwrap_or_else(|p| p.into_inner().hlc)
    }

    /// Record server time minus this device's clock (see [`Inner::offset_ms`]).
    pub fn set_clock_offset(&self, offset_ms: i64) -> AppResult<()> {
        let mut guard = self.lock()?;
        crate::sync::set_state(&guard.conn, crate::sync::CLOCK_OFFSET, Some(&offset_ms.to_string()))?;
        guard.offset_ms = offset_ms;
        Ok(())
    }

    /// Shift the stamps of this device's changes that no one has seen yet
    /// (numbered after `sent_up_to`) by `offset_ms`, and the device's HLC with
    /// them. Called once, when a device first learns the server's time: a
    /// device whose clock was a day fast or slow while it worked offline then
    /// sends its work stamped when it really happened, in the same order,
    /// instead of a day ahead (held back by the server until real time caught
    /// up) or behind (losing every last-writer-wins to older edits).
    pub fn restamp_unsent(&self, offset_ms: i64, sent_up_to: i64) -> AppResult<usize> {
        let mut guard = self.lock()?;
        let device = self.device.to_string();
        let tx = guard.conn.transaction().db()?;
        let rows: Vec<(i64, String)> = {
            let mut stmt = tx
                .prepare("SELECT seq, hlc FROM change_log WHERE device_id = ? AND device_seq > ? ORDER BY seq")
                .db()?;
            let rows = stmt
                .query_map(rusqlite::params![device, sent_up_to], |r| Ok((r.get(0)?, r.get(1)?)))
                .db()?
                .collect::<Result<_, _>>()
                .db()?;
            rows
        };
        for (seq, stamp) in &rows {
            let Some(h) = Hlc::decode(stamp) else { continue };
            let millis = (h.millis as i64).saturating_add(offset_ms).max(0) as u64;
            let moved = Hlc { millis, counter: h.counter };
            tx.execute(
                "UPDATE change_log SET hlc = ? WHERE seq = ?",
                rusqlite::params![format!("{}-{device}", moved.encode()), seq],
            )
            .db()?;
        }
        // The HLC carries on from the latest stamp now held, not from the old clock.
        let latest: Option<String> = tx
            .query_row("SELECT hlc FROM change_log WHERE hlc <> '' ORDER BY hlc DESC LIMIT 1", [], |r| r.get(0))
            .optional()
            .db()?;
        tx.commit().db()?;
        guard.hlc = latest.as_deref().and_then(Hlc::decode).unwrap_or_default();
        Ok(rows.len())
    }

    /// This device's clock corrected by the server offset.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let offset = self.lock().map(|g| g.offset_ms).unwrap_or(0);
        self.clock.now() + chrono::Duration::milliseconds(offset)
    }

    /// The raw clock (sync measures the offset against it).
    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }
}
