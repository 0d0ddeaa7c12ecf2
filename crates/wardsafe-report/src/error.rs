//! The one error type of this crate.

use std::fmt;

/// Why a report could not be rendered. The message is meant for a log or for
/// the person who asked for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportError {
    message: String,
}

impl ReportError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ReportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "report could not be rendered: {}", self.message)
    }
}

impl std::error::Error for ReportError {}
