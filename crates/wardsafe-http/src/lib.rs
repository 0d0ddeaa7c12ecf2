//! A thin host (DESIGN.md §1 rule 4): the same command surface as the desktop
//! app, over HTTP on 127.0.0.1 only, guarded by a token made at each launch.
//! No SQL and no business rule here: every request is forwarded to
//! [`wardsafe_commands::App::call`].

pub mod cli;
mod server;

pub use server::{router, serve, Served, CSP};
