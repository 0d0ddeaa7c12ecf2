//! `wardsafe-server`: the trust's sync server (DESIGN.md §3,
//! docs/sync-protocol.md). The engine holds the rules; `http` is the thin
//! HTTP host over it; `db` is SQLite or PostgreSQL.

pub mod auth;
mod batch;
pub mod cli;
pub mod db;
pub mod engine;
pub mod http;
pub mod openapi;

pub use engine::{Refusal, Server};
