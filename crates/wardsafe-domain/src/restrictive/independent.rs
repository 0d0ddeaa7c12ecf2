//! When an independent MDT review falls due (Code of Practice chapter 26;
//! DESIGN.md §2.4): seclusion lasting more than 8 hours consecutively, or more
//! than 12 hours intermittently within any 48 hours — counting the patient's
//! other seclusion episodes, so several short episodes can trigger it.
//!
//! The seclusion time inside the window `[t - window, t]` is a piecewise
//! linear function of `t`; it changes slope only where an episode starts or
//! ends, or one window later. So the first instant it passes the threshold is
//! found exactly, segment by segment, without stepping through time.

use super::episode::EpisodeSpan;
use chrono::{DateTime, Duration, Utc};

pub(super) struct Thresholds {
    pub consecutive: Duration,
    pub intermittent: Duration,
    pub window: Duration,
}

/// The instant this episode (started at `start`, assumed to go on) passes a
/// threshold. `others` are the patient's other seclusion episodes; what lies
/// after `now` is not known yet and is ignored.
pub(super) fn threshold_at(
    start: DateTime<Utc>,
    others: &[EpisodeSpan],
    now: DateTime<Utc>,
    t: &Thresholds,
) -> DateTime<Utc> {
    let consecutive_at = start + t.consecutive;
    // Within this episode the total grows at least as fast as the episode runs,
    // so nothing needs searching beyond whichever threshold comes first.
    let horizon = start + t.consecutive.min(t.intermittent);
    let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = others
        .iter()
        .filter(|o| o.started_at < now.min(horizon))
        .map(|o| (o.started_at, o.ended_at.unwrap_or(now).min(now)))
        .filter(|(s, e)| e > s)
        .collect();
    spans.push((start, horizon));
    let union = merge(spans);
    let inside = |x: DateTime<Utc>| union.iter().any(|(s, e)| *s <= x && x < *e);
    let total = |at: DateTime<Utc>| {
        let from = at - t.window;
        union.iter().map(|(s, e)| ((*e).min(at) - (*s).max(from)).max(Duration::zero())).sum::<Duration>()
    };
    let mut points: Vec<DateTime<Utc>> = vec![start, horizon];
    for (s, e) in &union {
        points.extend([*s, *e, *s + t.window, *e + t.window]);
    }
    points.retain(|p| *p >= start && *p <= horizon);
    points.sort();
    points.dedup();
    for pair in points.windows(2) {
        let (p, q) = (pair[0], pair[1]);
        let at_p = total(p);
        if at_p > t.intermittent {
            return p.min(consecutive_at);
        }
        let mid = p + (q - p) / 2;
        let rising = inside(mid) && !inside(mid - t.window);
        if rising && at_p + (q - p) > t.intermittent {
            return (p + (t.intermittent - at_p)).min(consecutive_at);
        }
    }
    consecutive_at
}

/// Sorted, overlapping or touching spans joined.
fn merge(mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    spans.sort();
    let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_util::utc;
    use super::*;

    fn code_26() -> Thresholds {
        Thresholds { consecutive: Duration::hours(8), intermittent: Duration::hours(12), window: Duration::hours(48) }
    }

    fn span(from: &str, to: &str) -> EpisodeSpan {
        EpisodeSpan { started_at: utc(from), ended_at: Some(utc(to)) }
    }

    #[test]
    fn code_26_independent_review_threshold_cases() {
        let now = utc("2026-02-10T00:00:00Z");
        let cases: Vec<(&str, Vec<EpisodeSpan>, &str, &str)> = vec![
            ("alone: 8 hours consecutively", vec![], "2026-02-05T10:00:00Z", "2026-02-05T18:00:00Z"),
            (
                "6 hours the day before: 12 hours in 48 after 6 more",
                vec![span("2026-02-04T10:00:00Z", "2026-02-04T16:00:00Z")],
                "2026-02-05T10:00:00Z",
                "2026-02-05T16:00:00Z",
            ),
            (
                "several short episodes: 3 × 3 hours, then 3 more hours",
                vec![
                    span("2026-02-04T01:00:00Z", "2026-02-04T04:00:00Z"),
                    span("2026-02-04T12:00:00Z", "2026-02-04T15:00:00Z"),
                    span("2026-02-05T01:00:00Z", "2026-02-05T04:00:00Z"),
                ],
                "2026-02-05T10:00:00Z",
                "2026-02-05T13:00:00Z",
            ),
            (
                "older than 48 hours: does not count",
                vec![span("2026-02-01T00:00:00Z", "2026-02-01T11:00:00Z")],
                "2026-02-05T10:00:00Z",
                "2026-02-05T18:00:00Z",
            ),
            (
                "sliding out of the window as fast as this one adds: the total stays at 10 hours",
                vec![span("2026-02-03T10:00:00Z", "2026-02-03T20:00:00Z")],
                "2026-02-05T10:00:00Z",
                "2026-02-05T18:00:00Z",
            ),
            (
                "exactly 12 hours is not more than 12",
                vec![span("2026-02-03T10:00:00Z", "2026-02-03T22:00:00Z")],
                "2026-02-05T10:00:00Z",
                "2026-02-05T18:00:00Z",
            ),
            (
                "sliding out, then rising: 10 hours, 4 of them leaving before this starts",
                vec![span("2026-02-03T06:00:00Z", "2026-02-03T16:00:00Z")],
                "2026-02-05T10:00:00Z",
                // 6 hours count at 10:00 and slide out until 16:00 (still 6);
                // from 16:00 it rises: 12 hours at 22:00 — after the consecutive 18:00.
                "2026-02-05T18:00:00Z",
            ),
            (
                "already over 12 hours in the last 48 at the start",
                vec![span("2026-02-04T08:00:00Z", "2026-02-04T21:00:00Z")],
                "2026-02-05T10:00:00Z",
                "2026-02-05T10:00:00Z",
            ),
        ];
        for (name, others, start, want) in cases {
            assert_eq!(threshold_at(utc(start), &others, now, &code_26()), utc(want), "{name}");
        }
    }

    #[test]
    fn episodes_after_now_are_not_known() {
        let others = [span("2026-02-05T00:00:00Z", "2026-02-05T07:00:00Z")];
        let start = utc("2026-02-05T08:00:00Z");
        // Known at 09:00: 7 + 5 = 12 at 13:00.
        assert_eq!(threshold_at(start, &others, utc("2026-02-05T09:00:00Z"), &code_26()), utc("2026-02-05T13:00:00Z"));
        // At 06:00 the other episode has run only 6 hours so far.
        assert_eq!(threshold_at(start, &others, utc("2026-02-05T06:00:00Z"), &code_26()), utc("2026-02-05T14:00:00Z"));
    }
}
