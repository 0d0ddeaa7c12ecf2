//! Embedded SQLite: WAL, synchronous=FULL, one writer.

use super::{db_error, Conn, DbResult, P};
use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, TransactionBehavior};
use std::sync::Mutex;

pub struct SqliteDb {
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

const SCHEMA: &str = include_str!("../../schema/sqlite.sql");

fn connect(path: &std::path::Path) -> DbResult<Connection> {
    let conn = Connection::open(path).map_err(db_error)?;
    conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db_error)?;
    conn.pragma_update(None, "journal_mode", "WAL").map_err(db_error)?;
    conn.pragma_update(None, "synchronous", "FULL").map_err(db_error)?;
    Ok(conn)
}

impl SqliteDb {
    pub fn open(path: &std::path::Path) -> DbResult<SqliteDb> {
        let writer = connect(path)?;
        writer.execute_batch(SCHEMA).map_err(db_error)?;
        let reader = connect(path)?;
        Ok(SqliteDb { writer: Mutex::new(writer), reader: Mutex::new(reader) })
    }

    pub fn transaction<T>(&self, write: bool, f: impl FnOnce(&mut dyn Conn) -> DbResult<T>) -> DbResult<T> {
        let lock = if write { &self.writer } else { &self.reader };
        let mut conn = lock.lock().unwrap_or_else(|p| p.into_inner());
        let behavior = if write { TransactionBehavior::Immediate } else { TransactionBehavior::Deferred };
        let tx = conn.transaction_with_behavior(behavior).map_err(db_error)?;
        let mut c = SqliteConn { tx: &tx };
        let out = f(&mut c)?;
        tx.commit().map_err(db_error)?;
        Ok(out)
    }
}

struct SqliteConn<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}

fn to_value(p: &P) -> Value {
    match p {
        P::I(i) => Value::Integer(*i),
        P::T(s) => Value::Text(s.clone()),
        P::B(b) => Value::Blob(b.clone()),
        P::Null => Value::Null,
    }
}

/// `$1` → `?1`: SQLite numbers its parameters with `?`.
fn dialect(sql: &str) -> String {
    sql.replace('$', "?")
}

impl Conn for SqliteConn<'_> {
    fn exec(&mut self, sql: &str, params: &[P]) -> DbResult<u64> {
        let mut stmt = self.tx.prepare_cached(&dialect(sql)).map_err(db_error)?;
        let n = stmt.execute(rusqlite::params_from_iter(params.iter().map(to_value))).map_err(db_error)?;
        Ok(n as u64)
    }

    fn rows(&mut self, sql: &str, params: &[P]) -> DbResult<Vec<Vec<P>>> {
        let mut stmt = self.tx.prepare_cached(&dialect(sql)).map_err(db_error)?;
        let width = stmt.column_count();
        let mut rows = stmt.query(rusqlite::params_from_iter(params.iter().map(to_value))).map_err(db_error)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(db_error)? {
            let mut row = Vec::with_capacity(width);
            for i in 0..width {
                row.push(match r.get_ref(i).map_err(db_error)? {
                    ValueRef::Null => P::Null,
                    ValueRef::Integer(i) => P::I(i),
                    ValueRef::Real(f) => P::I(f as i64),
                    ValueRef::Text(t) => P::T(String::from_utf8_lossy(t).into_owned()),
                    ValueRef::Blob(b) => P::B(b.to_vec()),
                });
            }
            out.push(row);
        }
        Ok(out)
    }

    fn is_postgres(&self) -> bool {
        false
    }

    fn insert_many(&mut self, head: &str, kinds: &[super::Kind], tail: &str, rows: Vec<Vec<P>>) -> DbResult<()> {
        let marks: Vec<String> = (1..=kinds.len()).map(|i| format!("?{i}")).collect();
        let mut stmt =
            self.tx.prepare_cached(&format!("{head} VALUES ({}) {tail}", marks.join(", "))).map_err(db_error)?;
        for row in &rows {
            stmt.execute(rusqlite::params_from_iter(row.iter().map(to_value))).map_err(db_error)?;
        }
        Ok(())
    }
}
