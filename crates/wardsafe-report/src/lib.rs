//! PDF reports for a Wardsafe inspection evidence pack (DESIGN.md 2.5): the
//! report of one walk-round and a ward's ligature register.
//!
//! Each report opens with a heading and a cover line saying what it contains,
//! when it was produced (Europe/London) and by whom. Nothing is cut short:
//! long text wraps (table cells, area bands, paragraphs) and long tables run
//! on over as many pages as they need, repeating their header.
//!
//! Pure: takes plain owned data (times already formatted by the caller),
//! returns PDF bytes, reads no clock and does no I/O. A4 portrait, built-in
//! Helvetica fonts (nothing embedded), a header with the ward name and
//! "Page N of M" on every page. Text the built-in fonts cannot show is
//! transliterated to ASCII. No input makes these functions panic: anything
//! that fails comes back as a [`ReportError`].

mod actions;
mod error;
mod layout;
mod model;
mod pdf;
mod register;
mod table;
mod text;
mod walkround;

pub use error::ReportError;
pub use model::{
    ActionLine, AmendmentLine, AnswerLine, AreaBlock, InterimLine, PointLine, RegisterArea, RegisterPoint,
    RegisterReport, SummaryBlock, WalkroundReport,
};

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Run `f`, turning a panic (from this crate or the PDF writer) into an error.
fn guarded(f: impl FnOnce() -> Result<Vec<u8>, ReportError>) -> Result<Vec<u8>, ReportError> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err(ReportError::new("internal error while rendering the PDF")))
}

/// The PDF report of one walk-round (or daily ward safety check).
pub fn walkround_pdf(r: &WalkroundReport) -> Result<Vec<u8>, ReportError> {
    guarded(|| walkround::build(r))
}

/// The PDF of a ward's ligature register, grouped by area.
pub fn ligature_register_pdf(r: &RegisterReport) -> Result<Vec<u8>, ReportError> {
    guarded(|| register::build(r))
}
