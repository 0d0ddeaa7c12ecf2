//! Time for people: instants are stored in UTC and shown in Europe/London
//! (DESIGN.md §1 rule 7).

use chrono::{DateTime, Utc};
use chrono_tz::Europe::London;

/// "22 Nov 2026 14:05" in London time; the input unchanged if it is not RFC 3339.
pub fn london(rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t.with_timezone(&London).format("%-d %b %Y %H:%M").to_string(),
        Err(_) => rfc3339.to_string(),
    }
}

/// Today's date on the ward (Europe/London): after 23:00 in summer it is
/// already tomorrow there while UTC still says today.
pub fn london_today() -> chrono::NaiveDate {
    wardsafe_domain::remediation::london_date(Utc::now())
}

pub fn london_now(now: DateTime<Utc>) -> String {
    now.with_timezone(&London).format("%-d %b %Y %H:%M %Z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn london_time_follows_british_summer_time() {
        assert_eq!(london("2026-07-01T12:00:00Z"), "1 Jul 2026 13:00");
        assert_eq!(london("2026-12-01T12:00:00Z"), "1 Dec 2026 12:00");
        assert_eq!(london("not a time"), "not a time");
    }
}
