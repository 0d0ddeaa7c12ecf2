//! London calendar months, `YYYY-MM`, for reports and lists "by month"
//! (DESIGN.md §1 rule 7: shown and entered in Europe/London). A month runs
//! from midnight on its first day in London to midnight on the next month's
//! first day, so March is an hour shorter and October an hour longer in UTC.

use crate::error::{AppError, AppResult};
use crate::remediation::london_midnight;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::London;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A calendar month; orders by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl Month {
    /// Parse `YYYY-MM`; `field` names the input in the error.
    pub fn parse(field: &str, s: &str) -> AppResult<Month> {
        let bad = || AppError::validation(field, "give the month as YYYY-MM, e.g. 2026-03");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || !(1900..=9999).contains(&year) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
    /// The London month `at` falls in.
    pub fn of(at: DateTime<Utc>) -> Month {
        let d = at.with_timezone(&London).date_naive();
        Month { year: d.year(), month: d.month() }
    }
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        }
    }
    /// The month `n` months before.
    pub fn earlier(self, n: u32) -> Month {
        let index = self.year * 12 + self.month as i32 - 1 - n as i32;
        Month { year: index.div_euclid(12), month: index.rem_euclid(12) as u32 + 1 }
    }
    /// Months from `self` to `to`, both included (0 when `to` is before).
    pub fn count_to(self, to: Month) -> u32 {
        let n = (to.year - self.year) * 12 + to.month as i32 - self.month as i32 + 1;
        n.max(0) as u32
    }
    /// Midnight on the first day, London time, as UTC.
    pub fn start(self) -> DateTime<Utc> {
        london_midnight(NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default())
    }
    /// From its start (inclusive) to the next month's start (exclusive).
    pub fn span(self) -> (DateTime<Utc>, DateTime<Utc>) {
        (self.start(), self.next().start())
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Month::parse("month", &s).map_err(|e| serde::de::Error::custom(e.message))
    }
}

impl TS for Month {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name(_: &ts_rs::Config) -> String {
        "string".into()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".into()
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::utc;
    use super::*;

    #[test]
    fn london_months_follow_british_summer_time() {
        let m = |s| Month::parse("month", s).unwrap();
        assert_eq!(m("2026-03").span(), (utc("2026-03-01T00:00:00Z"), utc("2026-03-31T23:00:00Z")));
        assert_eq!(m("2026-10").span(), (utc("2026-09-30T23:00:00Z"), utc("2026-11-01T00:00:00Z")));
        assert_eq!(m("2026-12").next(), m("2027-01"));
        assert_eq!(
            (m("2026-11").earlier(11), m("2026-01").earlier(1), m("2026-05").earlier(0)),
            (m("2025-12"), m("2025-12"), m("2026-05"))
        );
        assert_eq!(Month::of(utc("2026-06-30T23:30:00Z")), m("2026-07"), "00:30 BST on 1 July");
        assert_eq!(Month::of(utc("2026-12-31T23:30:00Z")), m("2026-12"), "GMT in winter");
        assert_eq!(m("2025-11").count_to(m("2026-10")), 12);
        assert_eq!(m("2026-10").count_to(m("2026-09")), 0);
        assert_eq!(m("2026-03").to_string(), "2026-03");
        for bad in ["2026-13", "2026-00", "26-03", "2026-3", "2026/03", "", "march"] {
            assert_eq!(Month::parse("fromMonth", bad).unwrap_err().field.as_deref(), Some("fromMonth"), "{bad}");
        }
    }
}
