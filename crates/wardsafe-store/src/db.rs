//! Opening the database and running work against it.

use crate::migrate::migrate;
use crate::rows::DbResult;
use crate::write::{read_columns, Columns, Entity, Tx};
use chrono::Utc;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use std::sync::Mutex;
use uuid::Uuid;
use wardsafe_domain::hlc::Hlc;
use wardsafe_domain::{AppError, AppResult};

struct Inner {
    conn: Connection,
    hlc: Hlc,
}

/// The local database. One connection behind a lock: SQLite has one writer,
/// and commands are short.
pub struct Store {
    inner: Mutex<Inner>,
    columns: Columns,
    device: Uuid,
}

impl Store {
    /// Open (creating if needed) and migrate the database at `path`.
    pub fn open(path: &Path) -> AppResult<Store> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    AppError::new(wardsafe_domain::ErrorCode::Storage, format!("cannot create {}: {e}", dir.display()))
                })?;
            }
        }
        let conn = Connection::open(path).db()?;
        Store::from_connection(conn)
    }

    fn from_connection(mut conn: Connection) -> AppResult<Store> {
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
        let mut store = Store { inner: Mutex::new(Inner { conn, hlc }), columns, device: Uuid::nil() };
        store.device = match device.and_then(|d| Uuid::parse_str(&d).ok()) {
            Some(d) => d,
            None => {
                let id = Uuid::now_v7();
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

    /// Run a change: everything `f` writes commits together with its change-log
    /// rows, or nothing does.
    pub fn write<T>(&self, user: Option<Uuid>, f: impl FnOnce(&mut Tx) -> AppResult<T>) -> AppResult<T> {
        let mut guard = self.lock()?;
        let inner = &mut *guard;
        let hlc = inner.hlc;
        let tx = inner.conn.transaction().db()?;
        let mut w = Tx { tx, columns: &self.columns, device: self.device, user, hlc, now: Utc::now() };
        let out = f(&mut w)?;
        let Tx { tx, hlc, .. } = w;
        tx.commit().db()?;
        inner.hlc = hlc;
        Ok(out)
    }
}
