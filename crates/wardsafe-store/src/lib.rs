//! The local store (DESIGN.md §1 rules 2–3): SQLite with WAL and
//! `synchronous=FULL`, embedded migrations, and the one write path that
//! commits every change together with its change-log row.

mod clock;
mod db;
mod migrate;
pub mod queries;
mod rows;
pub mod sync;
mod write;

pub use clock::{Clock, SystemClock};
pub use db::Store;
pub use migrate::{migrate, migrate_to, SCHEMA_VERSION};
pub use rows::DbResult;
pub use rusqlite::types::Value;
pub use rusqlite::Connection;
pub use write::{ChangeRow, Entity, Tx};
