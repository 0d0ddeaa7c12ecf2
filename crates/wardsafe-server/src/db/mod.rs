//! The server's database: embedded SQLite (one machine, nothing to set up)
//! or PostgreSQL (several server processes over one database). The engine
//! writes its SQL once, with `$1`-style parameters, against [`Conn`].

mod pg;
mod sqlite;

use wardsafe_sync::ApiError;

/// A parameter or a column value. The schema uses only these types.
#[derive(Debug, Clone, PartialEq)]
pub enum P {
    I(i64),
    T(String),
    B(Vec<u8>),
    Null,
}

impl P {
    pub fn int(&self) -> i64 {
        match self {
            P::I(i) => *i,
            P::T(s) => s.parse().unwrap_or(0),
            _ => 0,
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            P::T(s) => Some(s),
            _ => None,
        }
    }

    pub fn string(&self) -> String {
        self.text().unwrap_or_default().to_string()
    }

    pub fn bytes(self) -> Vec<u8> {
        match self {
            P::B(b) => b,
            P::T(s) => s.into_bytes(),
            _ => Vec::new(),
        }
    }
}

impl From<&str> for P {
    fn from(s: &str) -> P {
        P::T(s.to_string())
    }
}
impl From<String> for P {
    fn from(s: String) -> P {
        P::T(s)
    }
}
impl From<i64> for P {
    fn from(i: i64) -> P {
        P::I(i)
    }
}
impl From<Option<String>> for P {
    fn from(s: Option<String>) -> P {
        s.map(P::T).unwrap_or(P::Null)
    }
}

pub type DbResult<T> = Result<T, ApiError>;

pub(crate) fn db_error(e: impl std::fmt::Display) -> ApiError {
    // Logged by the host; the message never holds field values.
    ApiError::new("storage", format!("server database: {e}"))
}

/// A column's type, for [`Conn::insert_many`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Int,
    Text,
}

/// One connection inside a transaction.
pub trait Conn {
    fn exec(&mut self, sql: &str, params: &[P]) -> DbResult<u64>;
    fn rows(&mut self, sql: &str, params: &[P]) -> DbResult<Vec<Vec<P>>>;
    fn is_postgres(&self) -> bool;

    /// `head` (`INSERT INTO t (a, b)`) for every row, then `tail` (an `ON
    /// CONFLICT` clause or nothing): one statement on PostgreSQL, one
    /// prepared statement run per row on SQLite (no round trips there).
    fn insert_many(&mut self, head: &str, kinds: &[Kind], tail: &str, rows: Vec<Vec<P>>) -> DbResult<()>;

    /// A sub-select of the strings in the JSON array that parameter `$n` holds.
    fn json_list(&self, n: usize) -> String {
        if self.is_postgres() {
            format!("SELECT jsonb_array_elements_text(${n}::text::jsonb)")
        } else {
            format!("SELECT value FROM json_each(${n})")
        }
    }

    fn row(&mut self, sql: &str, params: &[P]) -> DbResult<Option<Vec<P>>> {
        Ok(self.rows(sql, params)?.into_iter().next())
    }
}

/// The database, SQLite or PostgreSQL.
pub enum Db {
    Sqlite(sqlite::SqliteDb),
    Postgres(pg::PgDb),
}

impl Db {
    pub fn open_sqlite(path: &std::path::Path) -> DbResult<Db> {
        Ok(Db::Sqlite(sqlite::SqliteDb::open(path)?))
    }

    pub fn open_postgres(url: &str) -> DbResult<Db> {
        Ok(Db::Postgres(pg::PgDb::open(url)?))
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Run `f` in one transaction; everything commits together or not at all.
    /// Writers are serialised, so the commit order is the order of `server_seq`
    /// and a pull never skips a change that commits later with a lower number.
    pub fn write<T>(&self, f: impl FnOnce(&mut dyn Conn) -> DbResult<T>) -> DbResult<T> {
        match self {
            Db::Sqlite(d) => d.transaction(true, f),
            Db::Postgres(d) => d.transaction(true, f),
        }
    }

    /// Run read-only work in one transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&mut dyn Conn) -> DbResult<T>) -> DbResult<T> {
        match self {
            Db::Sqlite(d) => d.transaction(false, f),
            Db::Postgres(d) => d.transaction(false, f),
        }
    }
}
