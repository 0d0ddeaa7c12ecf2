//! The one scheduling rule behind every requirement: occurrences fall due
//! one after another, each `repeat_every` after the one `times` before it
//! (after the time it was done, or its due time if it was missed).
//!
//! A record done by the due time plus grace meets the occurrence; one done
//! later, but before the next would be due, is late for it; when nothing is
//! done until even the next due time passes, the occurrence is missed and the
//! chain goes on from its due time. An occurrence whose due time plus grace is
//! not before `limit` (the episode's end, or the end of a phase) is owed by
//! nobody. Everything is elapsed time, so clock changes make no difference.

use super::compliance::{ComplianceState, Occurrence};
use super::rules::Interval;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// More occurrences than any real episode has (a year of 15-minute observations is 35,040).
const MAX_OCCURRENCES: usize = 200_000;

/// A record that may count: when, and which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Done {
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

pub(super) struct Plan {
    /// The first `times` occurrences are due at this instant.
    pub first_due_at: DateTime<Utc>,
    pub repeat_every: Option<Interval>,
    pub times: u32,
    pub grace: Duration,
    /// Nothing falling due (plus grace) at or after this is owed.
    pub limit: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

/// `records` sorted by time, all between the trigger and `now`.
pub(super) fn schedule(plan: &Plan, records: &[Done]) -> Vec<Occurrence> {
    let times = plan.times.max(1) as usize;
    let mut out: Vec<Occurrence> = Vec::new();
    // When each occurrence was settled: done, or due (missed).
    let mut settled: Vec<DateTime<Utc>> = Vec::new();
    let mut next = records.iter().peekable();
    while out.len() < MAX_OCCURRENCES {
        let j = out.len();
        let due = match (j < times, plan.repeat_every) {
            (true, _) => plan.first_due_at,
            (false, Some(every)) => every.after(settled[j - times]),
            (false, None) => break,
        };
        let on_time_until = due + plan.grace;
        let late_until = plan.repeat_every.map(|e| e.after(due));
        match next.peek() {
            Some(done) if done.at <= on_time_until => {
                out.push(Occurrence::done(ComplianceState::Met, due, done));
                settled.push(done.at);
                next.next();
            }
            Some(done) if late_until.is_none_or(|until| done.at <= until) => {
                out.push(Occurrence::done(ComplianceState::Late, due, done));
                settled.push(done.at);
                next.next();
            }
            _ if plan.limit.is_some_and(|limit| on_time_until >= limit) => break,
            _ if plan.now <= on_time_until => {
                out.push(Occurrence::outstanding(ComplianceState::Due, Some(due)));
                break;
            }
            _ => {
                out.push(Occurrence::outstanding(ComplianceState::Missed, Some(due)));
                settled.push(due);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_util::utc;
    use super::*;
    use ComplianceState::*;

    fn run(
        every: u32,
        times: u32,
        grace: i64,
        limit: Option<&str>,
        now: &str,
        done: &[&str],
    ) -> Vec<(ComplianceState, String)> {
        let start = utc("2026-01-05T10:00:00Z");
        let plan = Plan {
            first_due_at: start + Duration::minutes(every.into()),
            repeat_every: Some(Interval::Minutes(every)),
            times,
            grace: Duration::minutes(grace),
            limit: limit.map(utc),
            now: utc(now),
        };
        let records: Vec<Done> = done.iter().map(|d| Done { at: utc(d), id: Uuid::nil() }).collect();
        schedule(&plan, &records)
            .into_iter()
            .map(|o| (o.state, o.due_at.unwrap().format("%H:%M").to_string()))
            .collect()
    }

    fn states(v: &[(ComplianceState, &str)]) -> Vec<(ComplianceState, String)> {
        v.iter().map(|(s, t)| (*s, t.to_string())).collect()
    }

    #[test]
    fn each_occurrence_counts_from_the_one_before() {
        let got = run(60, 1, 0, None, "2026-01-05T13:30:00Z", &["2026-01-05T10:50:00Z", "2026-01-05T12:10:00Z"]);
        // 10:50 on time (due 11:00); due 11:50, done 12:10: late; due 13:10, nothing by 13:30: missed; next due 14:10.
        assert_eq!(got, states(&[(Met, "11:00"), (Late, "11:50"), (Missed, "13:10"), (Due, "14:10")]));
    }

    #[test]
    fn a_gap_of_more_than_one_interval_misses_each_interval_in_it() {
        let got = run(15, 1, 0, Some("2026-01-05T11:05:00Z"), "2026-01-05T12:00:00Z", &["2026-01-05T10:46:00Z"]);
        // 10:15 and 10:30 missed, 10:45 late by a minute, 11:01 is owed (before the 11:05 end), 11:16 is not.
        assert_eq!(got, states(&[(Missed, "10:15"), (Missed, "10:30"), (Late, "10:45"), (Missed, "11:01")]));
    }

    #[test]
    fn grace_keeps_a_slightly_late_record_on_time_and_the_episode_end_owes_nothing_due_within_it() {
        let got = run(60, 1, 5, Some("2026-01-05T12:03:00Z"), "2026-01-05T13:00:00Z", &["2026-01-05T11:04:00Z"]);
        // Due 11:00, done 11:04 within 5 minutes' grace; due 12:04 is after the 12:03 end.
        assert_eq!(got, states(&[(Met, "11:00")]));
    }

    #[test]
    fn twice_in_every_interval_counts_from_the_one_two_before() {
        // 24 hours, twice: 10:00 + 24h for the first two; then 24h after the one two before.
        let got = run(1440, 2, 0, None, "2026-01-06T12:00:00Z", &["2026-01-05T20:00:00Z", "2026-01-06T09:00:00Z"]);
        assert_eq!(got, states(&[(Met, "10:00"), (Met, "10:00"), (Due, "20:00")]));
    }
}
