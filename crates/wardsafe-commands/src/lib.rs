//! The command surface (DESIGN.md §1): every command the UI can call, by
//! name, with typed input and output, role checks and validation. The Tauri
//! shell and the loopback HTTP host both forward to [`App::call`].

pub mod actions;
mod audits;
mod bindings;
mod builtin;
mod ctx;
pub mod demo;
mod export;
mod ligature;
mod photos;
mod places;
mod records;
mod registry;
mod report;
pub mod restrictive;
pub mod scale;
mod scope;
mod session;
mod summary;
pub mod sync;
mod time;

pub use bindings::typescript_bindings;
pub use ctx::App;
pub use export::{ACTIONS_HEADER, REGISTER_HEADER};
pub use registry::{command_names, commands_markdown, CommandInfo, COMMANDS};
pub use restrictive::REPORT_HEADER;
pub use wardsafe_domain::{AppError, ErrorCode};
