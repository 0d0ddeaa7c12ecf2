//! Wardsafe's domain: plain Rust over plain data. No I/O and no clock reads
//! (callers pass `now`), so every rule here is table-tested beside its code.

pub mod audit;
pub mod error;
#[macro_use]
pub mod vocab;
pub mod hlc;
pub mod input;
pub mod ligature;
pub mod place;
pub mod remediation;
pub mod restrictive;
pub mod risk;
pub mod role;
pub mod summary;
pub mod template;
pub mod views;

pub use error::{AppError, AppResult, ErrorCode};
