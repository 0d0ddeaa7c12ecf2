//! Actions and estates remediation (DESIGN.md §2.3, reports §2.5): the
//! workflow from a finding to a verified fix, trust policy on due dates,
//! interim controls and the vigilance-only flag, drafts from a walk-round's
//! findings, and days-to-close statistics.
//!
//! Calendar rules use Europe/London dates (DESIGN.md §1 rule 7: instants are
//! stored in UTC, shown and counted in London time).

pub mod findings;
pub mod interim;
pub mod notices;
pub mod policy;
pub mod stats;
pub mod status;
pub mod views;

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;

pub use status::{ActionStatus, TransitionKind};

controlled_list!(
    /// Who owns the fix.
    OwnerTeam {
        Estates = "estates": "Estates",
        Ward = "ward": "Ward",
        Facilities = "facilities": "Facilities",
    }
);

controlled_list!(
    /// The estates trade a fix needs, for filtering the estates queue.
    Trade {
        General = "general": "General maintenance",
        Joinery = "joinery": "Joinery / carpentry",
        Plumbing = "plumbing": "Plumbing",
        Electrical = "electrical": "Electrical",
        Glazing = "glazing": "Glazing / windows",
        Decorating = "decorating": "Decorating",
        Flooring = "flooring": "Flooring",
        Grounds = "grounds": "Grounds / gardens",
        Locksmith = "locksmith": "Locksmith / doors",
        Mechanical = "mechanical": "Mechanical (heating and ventilation)",
        FireSafety = "fire_safety": "Fire safety systems",
        Furniture = "furniture": "Furniture and fittings",
    }
);

controlled_list!(
    /// Where an action came from.
    ActionSource {
        FailedQuestion = "failed_question": "Failed question",
        LigaturePoint = "ligature_point": "Ligature point",
        Direct = "direct": "Raised directly",
    }
);

/// The Europe/London calendar date of an instant.
pub fn london_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&London).date_naive()
}

/// The instant a London wall-clock time names. A time that does not exist
/// (the spring gap) falls an hour later; an ambiguous one (the autumn
/// repeat) takes the earlier instant. The gap is one hour long, so there is
/// always an answer for a real date; None only at the ends of time.
pub fn london_instant(wall: NaiveDateTime) -> Option<DateTime<Utc>> {
    London
        .from_local_datetime(&wall)
        .earliest()
        .or_else(|| London.from_local_datetime(&(wall + chrono::Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// Midnight at the start of a London date (it always exists: the clocks change at 01:00 UTC).
pub fn london_midnight(d: NaiveDate) -> DateTime<Utc> {
    let wall = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    london_instant(wall).unwrap_or_else(|| wall.and_utc())
}

/// The instant `days` London calendar days after `at`, at the same wall-clock
/// time, so a week is 167 or 169 hours across a clock change (wall times as
/// [`london_instant`] reads them).
pub fn add_london_days(at: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let wall = at.with_timezone(&London).naive_local() + Days::new(days.into());
    // Keep UTC arithmetic as a last resort.
    london_instant(wall).unwrap_or(at + chrono::Duration::days(days.into()))
}

#[cfg(test)]
pub(crate) mod test_util {
    use chrono::{DateTime, NaiveDate, Utc};

    pub fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }
    pub fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::{date, utc};
    use super::*;

    #[test]
    fn controlled_lists_round_trip_and_have_labels() {
        for t in OwnerTeam::ALL {
            assert_eq!(OwnerTeam::parse(t.as_str()), Some(*t));
        }
        for t in Trade::ALL {
            assert_eq!(Trade::parse(t.as_str()), Some(*t));
            assert!(!t.label().is_empty());
        }
        for s in ActionSource::ALL {
            assert_eq!(ActionSource::parse(s.as_str()), Some(*s));
        }
        assert_eq!(serde_json::to_string(&ActionSource::FailedQuestion).unwrap(), "\"failed_question\"");
        assert_eq!(OwnerTeam::ALL.len(), 3);
    }

    #[test]
    fn london_dates_follow_british_summer_time() {
        // 23:30 UTC in summer is already tomorrow in London; in winter it is not.
        assert_eq!(london_date(utc("2026-07-01T23:30:00Z")), date("2026-07-02"));
        assert_eq!(london_date(utc("2026-12-01T23:30:00Z")), date("2026-12-01"));
    }

    #[test]
    fn adding_london_days_keeps_the_wall_clock_time_across_clock_changes() {
        let cases = [
            // Mon 23 Mar 2026 10:00 GMT + 7 → Mon 30 Mar 10:00 BST (167 hours).
            ("2026-03-23T10:00:00Z", 7, "2026-03-30T09:00:00Z"),
            // Mon 19 Oct 2026 10:00 BST + 7 → Mon 26 Oct 10:00 GMT (169 hours).
            ("2026-10-19T09:00:00Z", 7, "2026-10-26T10:00:00Z"),
            // Sun 22 Mar 01:30 GMT + 7 → 01:30 does not exist on 29 Mar: 02:30 BST.
            ("2026-03-22T01:30:00Z", 7, "2026-03-29T01:30:00Z"),
            // Sun 18 Oct 01:30 BST + 7 → 01:30 happens twice on 25 Oct: the first (BST).
            ("2026-10-18T00:30:00Z", 7, "2026-10-25T00:30:00Z"),
            ("2026-06-01T12:00:00Z", 0, "2026-06-01T12:00:00Z"),
        ];
        for (start, days, want) in cases {
            assert_eq!(add_london_days(utc(start), days), utc(want), "{start} + {days}");
        }
    }
}
