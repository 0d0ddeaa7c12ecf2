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

/// A use of force record kept its 3 years, as the administrator who purges
/// it sees it: where and when, never the patient or what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgeableUseOfForce {
    pub id: uuid::Uuid,
    pub ward_name: String,
    /// When it happened (its start, or when it was recorded).
    #[ts(type = "string")]
    pub happened_at: DateTime<Utc>,
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
}

/// The records that may be purged, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgeableList {
    /// Records made at or before this may be purged now.
    #[ts(type = "string")]
    pub recorded_by: DateTime<Utc>,
    /// How many there are in all.
    pub total: u32,
    /// The oldest of them (at most the limit asked for).
    pub records: Vec<PurgeableUseOfForce>,
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

/// A blanket restriction's latest review and why it was lifted, as the store keeps them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlanketHistory {
    pub reviewed_at: Option<String>,
    pub reviewed_by_name: Option<String>,
    pub review_note: Option<String>,
    pub lifted_reason: Option<String>,
}

impl BlanketRestrictionView {
    /// The row as it stands at `now` (London dates).
    pub fn of(
        restriction: BlanketRestriction,
        ward_name: String,
        recorded_by_name: String,
        history: BlanketHistory,
        now: DateTime<Utc>,
    ) -> BlanketRestrictionView {
        let today = crate::remediation::london_date(now);
        let review_overdue = restriction.review_overdue(now);
        let days_overdue = if review_overdue { (today - restriction.review_date).num_days().max(0) as u32 } else { 0 };
        BlanketRestrictionView {
            in_place: restriction.in_place(today),
            review_overdue,
            days_overdue,
            restriction,
            ward_name,
            recorded_by_name,
            reviewed_at: history.reviewed_at,
            reviewed_by_name: history.reviewed_by_name,
            review_note: history.review_note,
            lifted_reason: history.lifted_reason,
        }
    }
}

/// The register's order: restrictions in place first, the most overdue
/// review (the earliest review date) first; then lifted ones, latest lifted first.
pub fn sort_register(rows: &mut [BlanketRestrictionView]) {
    rows.sort_by(|a, b| {
        b.in_place
            .cmp(&a.in_place)
            .then_with(|| match a.in_place {
                true => a.restriction.review_date.cmp(&b.restriction.review_date),
                false => b.restriction.lifted_on.cmp(&a.restriction.lifted_on),
            })
            .then_with(|| a.ward_name.cmp(&b.ward_name))
            .then_with(|| a.restriction.id.cmp(&b.restriction.id))
    });
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

    #[test]
    fn blanket_register_in_place_most_overdue_first_then_lifted() {
        let now = DateTime::parse_from_rfc3339("2026-06-10T12:00:00Z").unwrap().with_timezone(&Utc);
        let row = |n: u128, review: &str, lifted: Option<&str>| {
            let r = BlanketRestriction {
                id: uuid::Uuid::from_u128(n),
                ward_id: uuid::Uuid::nil(),
                restriction: format!("R{n}"),
                reason: "Why".into(),
                approved_by: "A Matron".into(),
                approved_at: now - Duration::days(200),
                review_date: review.parse().unwrap(),
                lifted_on: lifted.map(|d| d.parse().unwrap()),
            };
            BlanketRestrictionView::of(r, "Willow".into(), "Alex".into(), BlanketHistory::default(), now)
        };
        let mut rows = vec![
            row(1, "2026-07-01", None),
            row(2, "2026-05-01", Some("2026-06-01")),
            row(3, "2026-06-01", None),
            row(4, "2026-04-01", None),
            row(5, "2026-05-01", Some("2026-06-05")),
        ];
        sort_register(&mut rows);
        let order: Vec<String> = rows.iter().map(|r| r.restriction.restriction.clone()).collect();
        assert_eq!(order, ["R4", "R3", "R1", "R5", "R2"]);
        let overdue: Vec<(bool, u32)> = rows.iter().map(|r| (r.review_overdue, r.days_overdue)).collect();
        assert_eq!(overdue, [(true, 70), (true, 9), (false, 0), (false, 0), (false, 0)]);
    }
}
