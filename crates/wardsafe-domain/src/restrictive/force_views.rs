//! What the screens show of use of force records (Mental Health Units (Use
//! of Force) Act 2018 s6) and of the blanket restrictions register: the
//! record as made, with what is computed from it — its duration, the time
//! prone and whether that was over 10 minutes, its Mental Health Services
//! Data Set codes — and when it may be purged.
//!
//! The patient's name and NHS number are patient identifiers: the `Debug`
//! forms here leave them out, so that they never reach a log.

use super::blanket::BlanketRestriction;
use super::use_of_force::{purge_allowed_from, UseOfForce};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Minutes, to the second, of a duration.
fn minutes(d: Duration) -> f64 {
    d.num_seconds() as f64 / 60.0
}

/// A use of force record with what is computed from it.
#[derive(Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UseOfForceView {
    pub record: UseOfForce,
    pub ward_name: String,
    pub recorded_by_name: String,
    /// s6 (b): from the start to the end, in minutes (to the second).
    #[ts(optional = nullable)]
    pub duration_minutes: Option<f64>,
    /// Time in the prone position (code 01), in minutes, when the end is known.
    #[ts(optional = nullable)]
    pub prone_minutes: Option<f64>,
    /// Prone for more than 10 minutes.
    pub prone_flagged: bool,
    /// The data set's restrictive intervention type codes it carries, once each.
    pub mhsds_codes: Vec<String>,
    /// The first instant it may be purged (3 years after it was recorded).
    #[ts(type = "string")]
    pub purge_allowed_from: DateTime<Utc>,
}

impl UseOfForceView {
    pub fn of(record: UseOfForce, ward_name: String, recorded_by_name: String) -> UseOfForceView {
        UseOfForceView {
            duration_minutes: record.duration().map(minutes),
            prone_minutes: record.prone().map(minutes),
            prone_flagged: record.prone_flagged(),
            mhsds_codes: record.mhsds_codes().into_iter().map(String::from).collect(),
            purge_allowed_from: purge_allowed_from(record.recorded_at),
            record,
            ward_name,
            recorded_by_name,
        }
    }
}

impl std::fmt::Debug for UseOfForceView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UseOfForceView")
            .field("record", &self.record)
            .field("prone_flagged", &self.prone_flagged)
            .field("mhsds_codes", &self.mhsds_codes)
            .finish_non_exhaustive()
    }
}

/// One row of the blanket restrictions register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BlanketRestrictionView {
    pub restriction: BlanketRestriction,
    pub ward_name: String,
    pub recorded_by_name: String,
    /// In place today (Europe/London).
    pub in_place: bool,
    /// Its review date has passed while it is in place.
    pub review_overdue: bool,
    /// Days since the review date, when overdue.
    pub days_overdue: u32,
    /// The latest review, if any: when (RFC 3339), by whom and the note.
    #[ts(optional = nullable)]
    pub reviewed_at: Option<String>,
    #[ts(optional = nullable)]
    pub reviewed_by_name: Option<String>,
    #[ts(optional = nullable)]
    pub review_note: Option<String>,
    /// Why it was lifted, once lifted.
    #[ts(optional = nullable)]
    pub lifted_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn use_of_force_view_debug_leaves_out_the_patient() {
        let json = serde_json::json!({
            "wardId": uuid::Uuid::nil(), "recordedAt": "2026-05-04T12:00:00Z", "patientName": "Sam Secret",
            "nhsNumber": "9434765919", "startedAt": "2026-05-04T10:00:00Z", "endedAt": "2026-05-04T10:12:30Z",
            "positions": [{"at": "2026-05-04T10:00:00Z", "code": "01"}]
        });
        let record: UseOfForce = serde_json::from_value(json).unwrap();
        let view = UseOfForceView::of(record, "Willow".into(), "Alex".into());
        assert_eq!(view.prone_minutes, Some(12.5));
        assert_eq!(view.duration_minutes, Some(12.5));
        assert!(view.prone_flagged);
        assert_eq!(view.mhsds_codes, vec!["01".to_string()]);
        let shown = format!("{view:?}");
        assert!(!shown.contains("Sam Secret") && !shown.contains("9434765919"), "{shown}");
    }
}
