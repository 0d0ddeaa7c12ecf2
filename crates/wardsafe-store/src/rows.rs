//! Small helpers to turn SQLite rows and errors into domain values.

use rusqlite::Row;
use uuid::Uuid;
use wardsafe_domain::{AppError, ErrorCode};

/// Turn a SQLite error into a storage error (nothing was half-written: every
/// write runs in a transaction that is rolled back on error).
pub trait DbResult<T> {
    fn db(self) -> Result<T, AppError>;
}

impl<T> DbResult<T> for rusqlite::Result<T> {
    fn db(self) -> Result<T, AppError> {
        self.map_err(|e| AppError::new(ErrorCode::Storage, format!("local database: {e}")))
    }
}

pub(crate) fn uuid_at(row: &Row, idx: usize) -> rusqlite::Result<Uuid> {
    let s: String = row.get(idx)?;
    Uuid::parse_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn opt_uuid_at(row: &Row, idx: usize) -> rusqlite::Result<Option<Uuid>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| Uuid::parse_str(&s))
        .transpose()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn uuids_json(row: &Row, idx: usize) -> rusqlite::Result<Vec<Uuid>> {
    let s: String = row.get(idx)?;
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

pub(crate) fn strings_json(row: &Row, idx: usize) -> rusqlite::Result<Vec<String>> {
    let s: String = row.get(idx)?;
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e)))
}

/// Parse a controlled-list value stored as text.
pub(crate) fn parsed<T>(row: &Row, idx: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s = row.get_ref(idx)?.as_str()?;
    parse(s).ok_or_else(|| unknown(idx, s))
}

fn unknown(idx: usize, s: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, format!("unknown value '{s}'").into())
}

/// A nullable column of a controlled list: None when null, an error naming the column when unknown.
pub(crate) fn opt_parsed<T>(row: &Row, idx: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<Option<T>> {
    match row.get_ref(idx)?.as_str_or_null()? {
        None => Ok(None),
        Some(s) => parse(s).map(Some).ok_or_else(|| unknown(idx, s)),
    }
}

pub(crate) fn json_ids(ids: impl IntoIterator<Item = Uuid>) -> String {
    serde_json::Value::from(ids.into_iter().map(|i| i.to_string()).collect::<Vec<_>>()).to_string()
}
