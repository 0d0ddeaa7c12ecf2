//! Errors are values with stable codes (DESIGN.md §1 rule 6).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Stable error codes. The UI and tests match on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input failed validation; `field` names the offending field.
    Validation,
    /// The referenced record does not exist (or is tombstoned).
    NotFound,
    /// Not signed in, or the session has ended.
    Unauthenticated,
    /// Signed in, but the role may not do this.
    Forbidden,
    /// The record is in a state that does not allow this (e.g. a second sign-off).
    InvalidState,
    /// The same thing already exists (e.g. a username in use).
    Duplicate,
    /// The command name is not known.
    UnknownCommand,
    /// The database was written by a newer Wardsafe.
    NewerDatabase,
    /// The local store failed (disk, corruption); nothing was half-written.
    Storage,
    /// The trust's server could not be reached or refused; nothing local changed.
    Unavailable,
    /// A bug. Reported instead of a panic.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Validation => "validation",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InvalidState => "invalid_state",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::UnknownCommand => "unknown_command",
            ErrorCode::NewerDatabase => "newer_database",
            ErrorCode::Storage => "storage",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
        }
    }
}

/// `{code, message, field?}`: what every layer returns instead of panicking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError { code, message: message.into(), field: None }
    }
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError { code: ErrorCode::Validation, message: message.into(), field: Some(field.into()) }
    }
    pub fn not_found(field: impl Into<String>, what: &str) -> Self {
        AppError { code: ErrorCode::NotFound, message: format!("{what} not found"), field: Some(field.into()) }
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::Forbidden, message)
    }
    pub fn invalid_state(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::InvalidState, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        AppError::new(ErrorCode::Internal, message)
    }
    /// Prefix the field path, e.g. `questions[2]` + `kind` → `questions[2].kind`.
    pub fn within(mut self, prefix: &str) -> Self {
        self.field = Some(match self.field {
            Some(f) if f.starts_with('[') => format!("{prefix}{f}"),
            Some(f) => format!("{prefix}.{f}"),
            None => prefix.to_string(),
        });
        self
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{} ({}): {}", self.code.as_str(), field, self.message),
            None => write!(f, "{}: {}", self.code.as_str(), self.message),
        }
    }
}

impl std::error::Error for AppError {}

pub type AppResult<T> = Result<T, AppError>;
