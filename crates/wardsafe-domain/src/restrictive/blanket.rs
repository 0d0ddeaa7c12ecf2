//! The blanket restrictions register (DESIGN.md §2.4; Code of Practice
//! chapter 8 on blanket restrictions): each restriction on a ward with its
//! reason, who approved it and when it is next reviewed. A review date that
//! has passed (London calendar) while the restriction is in place is flagged.

use crate::error::{AppError, AppResult};
use crate::remediation::london_date;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BlanketRestriction {
    #[serde(default)]
    pub id: Uuid,
    pub ward_id: Uuid,
    pub restriction: String,
    pub reason: String,
    /// Who approved it (name and role as the trust records them).
    pub approved_by: String,
    #[ts(type = "string")]
    pub approved_at: DateTime<Utc>,
    /// Europe/London date, `YYYY-MM-DD`.
    #[ts(type = "string")]
    pub review_date: NaiveDate,
    /// Europe/London date it was lifted, if it has been.
    #[serde(default)]
    #[ts(type = "string | null")]
    pub lifted_on: Option<NaiveDate>,
}

impl BlanketRestriction {
    /// Everything named, approved no later than `now`, reviewed no earlier than approved.
    pub fn validate(&self, now: DateTime<Utc>) -> AppResult<()> {
        for (field, value, what) in [
            ("restriction", &self.restriction, "the restriction"),
            ("reason", &self.reason, "the reason for it"),
            ("approvedBy", &self.approved_by, "who approved it"),
        ] {
            if value.trim().is_empty() {
                return Err(AppError::validation(field, format!("give {what}")));
            }
        }
        if self.approved_at > now {
            return Err(AppError::validation("approvedAt", "the approval cannot be in the future"));
        }
        let approved_on = london_date(self.approved_at);
        if self.review_date < approved_on {
            return Err(AppError::validation("reviewDate", "the review date cannot be before it was approved"));
        }
        if self.lifted_on.is_some_and(|d| d < approved_on) {
            return Err(AppError::validation("liftedOn", "it cannot be lifted before it was approved"));
        }
        Ok(())
    }
    /// In place on London date `today`.
    pub fn in_place(&self, today: NaiveDate) -> bool {
        self.lifted_on.is_none_or(|d| d > today)
    }
    /// Its review date has passed (London), and it is still in place.
    pub fn review_overdue(&self, now: DateTime<Utc>) -> bool {
        let today = london_date(now);
        self.in_place(today) && self.review_date < today
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::utc;
    use super::*;

    fn restriction(review: &str, lifted: Option<&str>) -> BlanketRestriction {
        BlanketRestriction {
            id: Uuid::nil(),
            ward_id: Uuid::nil(),
            restriction: "Garden locked after 20:00".into(),
            reason: "Fence repair after an absconsion".into(),
            approved_by: "A Matron (matron)".into(),
            approved_at: utc("2026-03-01T10:00:00Z"),
            review_date: review.parse().unwrap(),
            lifted_on: lifted.map(|d| d.parse().unwrap()),
        }
    }

    #[test]
    fn blanket_restriction_review_overdue_after_its_london_review_date() {
        let cases = [
            ("2026-04-01", None, "2026-04-01T22:59:00Z", false), // 23:59 BST on the review date
            ("2026-04-01", None, "2026-04-01T23:00:00Z", true),  // 00:00 BST the day after
            ("2026-04-01", Some("2026-03-20"), "2026-05-01T10:00:00Z", false), // lifted
            ("2026-04-01", Some("2026-04-10"), "2026-04-05T10:00:00Z", true), // not lifted yet
        ];
        for (review, lifted, now, want) in cases {
            assert_eq!(restriction(review, lifted).review_overdue(utc(now)), want, "{review} {lifted:?} at {now}");
        }
    }

    #[test]
    fn blanket_restriction_validation_names_the_field() {
        let now = utc("2026-03-02T10:00:00Z");
        let ok = restriction("2026-04-01", None);
        assert_eq!(ok.validate(now), Ok(()));
        let cases = [
            (BlanketRestriction { reason: "  ".into(), ..ok.clone() }, "reason"),
            (BlanketRestriction { restriction: "".into(), ..ok.clone() }, "restriction"),
            (BlanketRestriction { approved_by: "".into(), ..ok.clone() }, "approvedBy"),
            (BlanketRestriction { approved_at: utc("2026-03-03T10:00:00Z"), ..ok.clone() }, "approvedAt"),
            (BlanketRestriction { review_date: "2026-02-28".parse().unwrap(), ..ok.clone() }, "reviewDate"),
            (BlanketRestriction { lifted_on: Some("2026-02-01".parse().unwrap()), ..ok.clone() }, "liftedOn"),
        ];
        for (r, field) in cases {
            assert_eq!(r.validate(now).unwrap_err().field.as_deref(), Some(field));
        }
    }
}
