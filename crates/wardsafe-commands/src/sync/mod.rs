//! Sync in the app: the commands the UI calls (status, connect, sync now,
//! conflicts) and the background threads (`runtime`).

mod commands;
mod runtime;

pub use commands::*;
pub use runtime::{start_background, SyncRuntime};
