//! Versioned migrations, embedded in the binary and run in one transaction.
//! `PRAGMA user_version` holds the schema version; a database written by a
//! newer Wardsafe is refused untouched.

use crate::rows::DbResult;
use rusqlite::Connection;
use wardsafe_domain::{AppError, AppResult, ErrorCode};

const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_indexes_for_large_trusts.sql"),
    include_str!("../migrations/0003_sync.sql"),
    include_str!("../migrations/0004_actions.sql"),
    include_str!("../migrations/0005_indexes_for_dashboards.sql"),
    include_str!("../migrations/0006_restrictive.sql"),
    include_str!("../migrations/0007_restrictive_registers.sql"),
    include_str!("../migrations/0008_compliance_cache.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Bring the database to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> AppResult<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Bring the database to `target` (tests use earlier targets to build old databases).
pub fn migrate_to(conn: &mut Connection, target: i64) -> AppResult<()> {
    let current = check_version(conn)?;
    if current >= target {
        return Ok(());
    }
    let tx = conn.transaction().db()?;
    for sql in &MIGRATIONS[current as usize..target as usize] {
        tx.execute_batch(sql).db()?;
    }
    tx.pragma_update(None, "user_version", target).db()?;
    tx.commit().db()
}

/// The database's schema version, refusing one written by a newer Wardsafe.
/// Reads only, so a refused file is left exactly as it was.
pub fn check_version(conn: &Connection) -> AppResult<i64> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).db()?;
    if current > SCHEMA_VERSION {
        return Err(AppError::new(
            ErrorCode::NewerDatabase,
            format!(
                "this database was written by a newer version of Wardsafe (schema {current}; this version knows up to {SCHEMA_VERSION}). \
                 Install the newer version to open it; the database has not been changed."
            ),
        ));
    }
    Ok(current)
}
