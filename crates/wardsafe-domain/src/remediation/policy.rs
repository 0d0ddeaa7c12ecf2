//! Trust policy on fixing risks (DESIGN.md §2.3): default due days by band and
//! how long "staff vigilance" may be a point's only control. Editable by an
//! administrator; the defaults are DESIGN.md's.

use super::{london_date, ActionStatus};
use crate::error::{AppError, AppResult};
use crate::risk::Band;
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest any period in the policy may be (about ten years).
pub const MAX_DAYS: u32 = 3650;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemediationPolicy {
    /// Extreme: an interim control the same day, and the fix within these days.
    pub extreme_days: u32,
    pub high_days: u32,
    pub moderate_days: u32,
    pub low_days: u32,
    /// Staff vigilance may be the only control for at most these days.
    pub vigilance_only_days: u32,
}

impl Default for RemediationPolicy {
    fn default() -> Self {
        RemediationPolicy { extreme_days: 7, high_days: 28, moderate_days: 90, low_days: 180, vigilance_only_days: 7 }
    }
}

impl RemediationPolicy {
    /// Each period is 1..=3650 days, and a worse band never gets longer to be
    /// fixed than a milder one.
    pub fn validate(&self) -> AppResult<()> {
        let fields = [
            ("extremeDays", "Days to fix an extreme risk", self.extreme_days),
            ("highDays", "Days to fix a high risk", self.high_days),
            ("moderateDays", "Days to fix a moderate risk", self.moderate_days),
            ("lowDays", "Days to fix a low risk", self.low_days),
            ("vigilanceOnlyDays", "Days of staff vigilance alone before it is flagged", self.vigilance_only_days),
        ];
        for (field, label, days) in fields {
            if !(1..=MAX_DAYS).contains(&days) {
                return Err(AppError::validation(
                    field,
                    format!("{label} must be from 1 to {MAX_DAYS} (you gave {days})"),
                ));
            }
        }
        for pair in fields[..4].windows(2) {
            let ((worse, worse_label, worse_days), (_, milder_label, milder_days)) = (pair[0], pair[1]);
            if worse_days > milder_days {
                return Err(AppError::validation(
                    worse,
                    format!(
                        "{worse_label} ({worse_days}) must not be more than {} ({milder_days}): a worse risk is never given longer",
                        milder_label.to_lowercase()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Days allowed to fix a risk of `band`.
    pub fn due_days(&self, band: Band) -> u32 {
        match band {
            Band::Extreme => self.extreme_days,
            Band::High => self.high_days,
            Band::Moderate => self.moderate_days,
            Band::Low => self.low_days,
        }
    }

    /// The default due date of an action raised at `raised_at`: its London date plus the band's days.
    pub fn default_due_date(&self, band: Band, raised_at: DateTime<Utc>) -> NaiveDate {
        london_date(raised_at) + Days::new(self.due_days(band).into())
    }
}

/// DESIGN.md §2.3: an extreme risk needs an interim control the same day.
pub fn interim_control_required(band: Band) -> bool {
    band == Band::Extreme
}

/// Overdue on London date `today`: still outstanding and due before today
/// (due today is not yet overdue). Completed work awaiting verification is not overdue.
pub fn is_overdue(status: ActionStatus, due: NaiveDate, today: NaiveDate) -> bool {
    status.is_outstanding() && due < today
}

/// Setting or changing a due date. `previous` is None when the action is
/// being raised (its default date needs no reason). Any change needs a
/// reason, as does a date before `today` (London); a reason must not be blank.
pub fn check_due_date(
    previous: Option<NaiveDate>,
    due: NaiveDate,
    today: NaiveDate,
    reason: Option<&str>,
) -> AppResult<()> {
    let changed = previous.is_some_and(|p| p != due);
    let past = due < today;
    match reason {
        Some(r) if r.trim().is_empty() => Err(AppError::validation("reason", "the reason must not be blank")),
        Some(_) => Ok(()),
        None if past => Err(AppError::validation(
            "dueDate",
            format!("{} is in the past: choose a later date, or give a reason", due.format("%-d %b %Y")),
        )),
        None if changed => Err(AppError::validation("reason", "changing a due date needs a reason")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{date, utc};
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn design_2_3_default_due_days_by_band() {
        let p = RemediationPolicy::default();
        p.validate().unwrap();
        let raised = utc("2026-03-02T09:00:00Z");
        for (band, days, due) in [
            (Band::Extreme, 7, "2026-03-09"),
            (Band::High, 28, "2026-03-30"),
            (Band::Moderate, 90, "2026-05-31"),
            (Band::Low, 180, "2026-08-29"),
        ] {
            assert_eq!(p.due_days(band), days, "{band:?}");
            assert_eq!(p.default_due_date(band, raised), date(due), "{band:?}");
        }
        assert_eq!(p.vigilance_only_days, 7);
        assert!(interim_control_required(Band::Extreme));
        assert!(!interim_control_required(Band::High));
    }

    #[test]
    fn due_dates_count_from_the_london_date_raised() {
        let p = RemediationPolicy::default();
        // 23:30 UTC on 1 July is 00:30 on 2 July in London (BST).
        assert_eq!(p.default_due_date(Band::Extreme, utc("2026-07-01T23:30:00Z")), date("2026-07-09"));
        // In winter London is on UTC.
        assert_eq!(p.default_due_date(Band::Extreme, utc("2026-12-01T23:30:00Z")), date("2026-12-08"));
        let custom = RemediationPolicy { high_days: 14, ..p };
        assert_eq!(custom.default_due_date(Band::High, utc("2026-12-01T10:00:00Z")), date("2026-12-15"));
    }

    #[test]
    fn policy_validation_names_the_field() {
        let d = RemediationPolicy::default();
        let cases = [
            (RemediationPolicy { extreme_days: 0, ..d }, "extremeDays"),
            (RemediationPolicy { high_days: 3651, ..d }, "highDays"),
            (RemediationPolicy { moderate_days: 0, ..d }, "moderateDays"),
            (RemediationPolicy { low_days: 4000, ..d }, "lowDays"),
            (RemediationPolicy { vigilance_only_days: 0, ..d }, "vigilanceOnlyDays"),
            (RemediationPolicy { extreme_days: 30, ..d }, "extremeDays"),
            (RemediationPolicy { moderate_days: 200, ..d }, "moderateDays"),
        ];
        for (p, field) in cases {
            let e = p.validate().unwrap_err();
            assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Validation, Some(field)), "{p:?}");
        }
        for ok in [
            RemediationPolicy { extreme_days: 1, high_days: 1, moderate_days: 1, low_days: 1, vigilance_only_days: 1 },
            RemediationPolicy { low_days: 3650, vigilance_only_days: 3650, ..d },
        ] {
            assert_eq!(ok.validate(), Ok(()), "{ok:?}");
        }
    }

    #[test]
    fn policy_json_is_camel_case() {
        let json = serde_json::to_value(RemediationPolicy::default()).unwrap();
        assert_eq!(json["vigilanceOnlyDays"], 7);
        assert_eq!(json["extremeDays"], 7);
        let back: RemediationPolicy = serde_json::from_value(json).unwrap();
        assert_eq!(back, RemediationPolicy::default());
    }

    #[test]
    fn overdue_only_while_outstanding_and_after_the_due_date() {
        use ActionStatus::*;
        let due = date("2026-05-10");
        for status in ActionStatus::ALL {
            let want = matches!(status, Draft | Open | Assigned | InProgress);
            assert_eq!(is_overdue(*status, due, date("2026-05-11")), want, "{status:?}");
            assert!(!is_overdue(*status, due, date("2026-05-10")), "due today is not overdue: {status:?}");
            assert!(!is_overdue(*status, due, date("2026-05-09")), "{status:?}");
        }
    }

    #[test]
    fn due_date_changes_need_a_reason() {
        let today = date("2026-05-10");
        let old = Some(date("2026-05-20"));
        type Case<'a> = (Option<NaiveDate>, &'a str, Option<&'a str>, Result<(), &'a str>);
        let cases: [Case; 11] = [
            (None, "2026-05-17", None, Ok(())), // the default, when raised
            (None, "2026-05-10", None, Ok(())), // today is not the past
            (None, "2026-05-09", None, Err("dueDate")),
            (None, "2026-05-09", Some("Fixed on the day, recorded late"), Ok(())),
            (old, "2026-05-20", None, Ok(())), // unchanged
            (old, "2026-06-20", None, Err("reason")),
            (old, "2026-05-15", None, Err("reason")),
            (old, "2026-06-20", Some("Part on order"), Ok(())),
            (old, "2026-06-20", Some("   "), Err("reason")),
            (old, "2026-05-01", None, Err("dueDate")),
            (old, "2026-05-01", Some(""), Err("reason")),
        ];
        for (prev, due, reason, want) in cases {
            let got = check_due_date(prev, date(due), today, reason).map_err(|e| e.field.unwrap());
            assert_eq!(got, want.map_err(String::from), "{prev:?} → {due} ({reason:?})");
        }
    }
}
