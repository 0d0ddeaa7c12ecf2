//! Sync between a device and the trust's server (DESIGN.md §3;
//! docs/sync-protocol.md): the protocol's types, the rules for each record
//! type, and the device's side (push the outbox, pull pages, fetch photos).

pub mod client;
pub mod http;
pub mod protocol;
pub mod rules;

pub use client::{SyncReport, Syncer, Transport, TransportError};
pub use protocol::*;
