//! Days to close by band for the dashboards (DESIGN.md §2.5: time to close by band).

use super::london_date;
use crate::risk::Band;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A verified action, as the statistics need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClosedAction {
    pub band: Band,
    pub raised_at: DateTime<Utc>,
    pub verified_at: DateTime<Utc>,
}

/// One band's row of the dashboard. Median and 90th percentile are None when
/// nothing of that band has closed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloseStats {
    pub band: Band,
    pub count: u32,
    #[ts(optional = nullable)]
    pub median_days: Option<f64>,
    #[ts(optional = nullable)]
    pub p90_days: Option<f64>,
}

/// Days from raised to verified, in London calendar days (verified the day
/// it was raised = 0). A verification stamped before the raise (a device
/// clock out) counts as 0, never negative.
pub fn days_to_close(raised_at: DateTime<Utc>, verified_at: DateTime<Utc>) -> u32 {
    let days = (london_date(verified_at) - london_date(raised_at)).num_days();
    u32::try_from(days).unwrap_or(0)
}

/// The `p`-th percentile (0.0..=1.0) by linear interpolation between closest
/// ranks (Hyndman & Fan type 7, as Excel PERCENTILE.INC and NumPy's default),
/// so the median of an even count is the mean of the middle two. Rounded to
/// one decimal place. None for no values.
pub fn percentile(values: &[u32], p: f64) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let last = v.len().checked_sub(1)?;
    let rank = last as f64 * p.clamp(0.0, 1.0);
    let lo = rank.floor() as usize;
    let hi = (lo + 1).min(last);
    let value = f64::from(v[lo]) + (rank - lo as f64) * (f64::from(v[hi]) - f64::from(v[lo]));
    Some((value * 10.0).round() / 10.0)
}

/// Count, median and 90th percentile of days to close for every band, worst first.
pub fn close_stats_by_band(closed: &[ClosedAction]) -> Vec<CloseStats> {
    Band::ALL
        .iter()
        .rev()
        .map(|&band| {
            let days: Vec<u32> =
                closed.iter().filter(|c| c.band == band).map(|c| days_to_close(c.raised_at, c.verified_at)).collect();
            CloseStats {
                band,
                count: days.len() as u32,
                median_days: percentile(&days, 0.5),
                p90_days: percentile(&days, 0.9),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_util::utc;
    use super::*;

    #[test]
    fn days_to_close_counts_london_calendar_days() {
        let cases = [
            ("2026-03-02T09:00:00Z", "2026-03-02T17:00:00Z", 0),
            ("2026-03-02T09:00:00Z", "2026-03-09T08:00:00Z", 7),
            // 23:30 UTC on 1 July is 2 July in London: closed the same London day.
            ("2026-07-01T23:30:00Z", "2026-07-02T08:00:00Z", 0),
            ("2026-03-28T12:00:00Z", "2026-03-30T12:00:00Z", 2), // across the clock change
            ("2026-03-09T09:00:00Z", "2026-03-02T09:00:00Z", 0), // clock out: never negative
        ];
        for (raised, verified, want) in cases {
            assert_eq!(days_to_close(utc(raised), utc(verified)), want, "{raised} → {verified}");
        }
    }

    #[test]
    fn percentiles_interpolate_linearly() {
        // (values, median, p90)
        let cases: [(&[u32], Option<f64>, Option<f64>); 6] = [
            (&[], None, None),
            (&[5], Some(5.0), Some(5.0)),
            (&[3, 1, 2, 5, 4], Some(3.0), Some(4.6)), // odd
            (&[4, 1, 3, 2], Some(2.5), Some(3.7)),    // even: mean of the middle two
            (&[10, 20], Some(15.0), Some(19.0)),
            (&[7, 7, 7, 100, 7, 7, 7, 7, 7, 7], Some(7.0), Some(16.3)),
        ];
        for (values, median, p90) in cases {
            assert_eq!(percentile(values, 0.5), median, "median {values:?}");
            assert_eq!(percentile(values, 0.9), p90, "p90 {values:?}");
        }
        assert_eq!(percentile(&[1, 9], 0.0), Some(1.0));
        assert_eq!(percentile(&[1, 9], 1.0), Some(9.0));
    }

    #[test]
    fn stats_cover_every_band_worst_first() {
        let c = |band, raised: &str, verified: &str| ClosedAction {
            band,
            raised_at: utc(raised),
            verified_at: utc(verified),
        };
        let closed = [
            c(Band::Extreme, "2026-01-01T10:00:00Z", "2026-01-03T10:00:00Z"), // 2
            c(Band::Extreme, "2026-01-01T10:00:00Z", "2026-01-09T10:00:00Z"), // 8
            c(Band::Extreme, "2026-01-01T10:00:00Z", "2026-01-05T10:00:00Z"), // 4
            c(Band::High, "2026-01-01T10:00:00Z", "2026-01-21T10:00:00Z"),    // 20
            c(Band::High, "2026-01-01T10:00:00Z", "2026-01-31T10:00:00Z"),    // 30
        ];
        let stats = close_stats_by_band(&closed);
        let bands: Vec<Band> = stats.iter().map(|s| s.band).collect();
        assert_eq!(bands, [Band::Extreme, Band::High, Band::Moderate, Band::Low]);
        assert_eq!((stats[0].count, stats[0].median_days, stats[0].p90_days), (3, Some(4.0), Some(7.2)));
        assert_eq!((stats[1].count, stats[1].median_days, stats[1].p90_days), (2, Some(25.0), Some(29.0)));
        assert_eq!((stats[2].count, stats[2].median_days, stats[2].p90_days), (0, None, None));
        let json = serde_json::to_value(stats[3]).unwrap();
        assert_eq!(json["medianDays"], serde_json::Value::Null);
        assert!(close_stats_by_band(&[]).iter().all(|s| s.count == 0));
    }
}
