//! Tests of interim.rs: the vigilance-only flag counted in London calendar days.

use super::super::test_util::{date, utc};
use super::*;
use InterimControlKind::*;

fn control(kind: InterimControlKind, from: &str, to: Option<&str>) -> InterimControl {
    let started_at = utc(from);
    InterimControl { kind, started_at, review_date: london_date(started_at), ended_at: to.map(utc) }
}

fn flagged(controls: &[InterimControl], now: &str) -> bool {
    vigilance_only_beyond_limit(controls, &RemediationPolicy::default(), utc(now))
}

#[test]
fn vigilance_only_is_flagged_after_7_london_calendar_days() {
    // Monday 5 Jan 2026 10:00 GMT → flagged from Monday 12 Jan 10:00.
    let c = [control(StaffVigilance, "2026-01-05T10:00:00Z", None)];
    assert!(!flagged(&c, "2026-01-12T09:59:59Z"));
    assert!(flagged(&c, "2026-01-12T10:00:00Z"));
    assert!(flagged(&c, "2026-03-01T00:00:00Z"));
    assert!(!flagged(&c, "2026-01-05T10:00:00Z"));
    let p = RemediationPolicy { vigilance_only_days: 14, ..RemediationPolicy::default() };
    assert!(!vigilance_only_beyond_limit(&c, &p, utc("2026-01-19T09:59:00Z")));
    assert!(vigilance_only_beyond_limit(&c, &p, utc("2026-01-19T10:00:00Z")));
}

#[test]
fn vigilance_only_across_the_spring_clock_change() {
    // Monday 23 Mar 2026 10:00 GMT; clocks go forward Sunday 29 Mar. Monday 30 Mar
    // 10:00 BST is 09:00 UTC: 167 hours later, not 168.
    let c = [control(StaffVigilance, "2026-03-23T10:00:00Z", None)];
    assert!(!flagged(&c, "2026-03-30T08:59:59Z"));
    assert!(flagged(&c, "2026-03-30T09:00:00Z"));
    assert!(flagged(&c, "2026-03-30T09:30:00Z"), "168 hours have not passed, but 7 London days have");
}

#[test]
fn vigilance_only_across_the_autumn_clock_change() {
    // Monday 19 Oct 2026 10:00 BST (09:00 UTC); clocks go back Sunday 25 Oct.
    // Monday 26 Oct 10:00 GMT is 10:00 UTC: 169 hours later.
    let c = [control(StaffVigilance, "2026-10-19T09:00:00Z", None)];
    assert!(!flagged(&c, "2026-10-26T09:30:00Z"), "168 hours have passed, but not 7 London days");
    assert!(!flagged(&c, "2026-10-26T09:59:59Z"));
    assert!(flagged(&c, "2026-10-26T10:00:00Z"));
}

#[test]
fn another_control_ends_the_flag() {
    let mut c = vec![control(StaffVigilance, "2026-01-05T10:00:00Z", None)];
    assert!(flagged(&c, "2026-01-14T10:00:00Z"));
    c.push(control(RoomClosed, "2026-01-13T08:00:00Z", None));
    assert!(!flagged(&c, "2026-01-14T10:00:00Z"));
    assert_eq!(vigilance_only_since(&c, utc("2026-01-14T10:00:00Z")), None);
    // A control planned for later does not end the flag now.
    let later = [c[0].clone(), control(FittingRemoved, "2026-02-01T08:00:00Z", None)];
    assert!(flagged(&later, "2026-01-14T10:00:00Z"));
}

#[test]
fn vigilance_that_replaced_a_stronger_control_counts_from_when_it_was_the_only_one() {
    let c = [
        control(OneToOneObservation, "2026-01-01T09:00:00Z", Some("2026-01-08T10:00:00Z")),
        control(StaffVigilance, "2026-01-01T09:00:00Z", None),
    ];
    assert_eq!(vigilance_only_since(&c, utc("2026-01-09T00:00:00Z")), Some(utc("2026-01-08T10:00:00Z")));
    assert!(!flagged(&c, "2026-01-15T09:59:00Z"));
    assert!(flagged(&c, "2026-01-15T10:00:00Z"));
    // Vigilance added after the stronger control ended counts from its own start.
    let c = [
        control(AreaLocked, "2026-01-01T09:00:00Z", Some("2026-01-03T09:00:00Z")),
        control(StaffVigilance, "2026-01-05T12:00:00Z", None),
    ];
    assert_eq!(vigilance_only_since(&c, utc("2026-01-06T00:00:00Z")), Some(utc("2026-01-05T12:00:00Z")));
    // While the stronger control was in place, vigilance was not the only control.
    assert_eq!(
        vigilance_only_since(
            &[control(StaffVigilance, "2026-01-01T09:00:00Z", None), c[0].clone()],
            utc("2026-01-02T00:00:00Z")
        ),
        None
    );
}

#[test]
fn ending_and_re_adding_vigilance_does_not_restart_the_count() {
    let c = [
        control(StaffVigilance, "2026-01-05T10:00:00Z", Some("2026-01-07T10:00:00Z")),
        control(StaffVigilance, "2026-01-09T10:00:00Z", None),
    ];
    assert_eq!(vigilance_only_since(&c, utc("2026-01-10T00:00:00Z")), Some(utc("2026-01-05T10:00:00Z")));
    assert!(flagged(&c, "2026-01-12T10:00:00Z"));
    // Vigilance that ended while a stronger control was still in place does not count...
    let c = [
        control(AreaLocked, "2026-01-01T09:00:00Z", Some("2026-01-03T09:00:00Z")),
        control(StaffVigilance, "2026-01-01T09:00:00Z", Some("2026-01-02T09:00:00Z")),
        control(StaffVigilance, "2026-01-05T09:00:00Z", None),
    ];
    assert_eq!(vigilance_only_since(&c, utc("2026-01-06T00:00:00Z")), Some(utc("2026-01-05T09:00:00Z")));
    // ...but vigilance still running when the stronger control ended counts from that end, gap or not.
    let c = [
        control(AreaLocked, "2026-01-01T09:00:00Z", Some("2026-01-03T09:00:00Z")),
        control(StaffVigilance, "2026-01-01T09:00:00Z", Some("2026-01-04T09:00:00Z")),
        control(StaffVigilance, "2026-01-06T09:00:00Z", None),
    ];
    assert_eq!(vigilance_only_since(&c, utc("2026-01-07T00:00:00Z")), Some(utc("2026-01-03T09:00:00Z")));
    // Overlapping vigilance controls count from the first.
    let c = [
        control(StaffVigilance, "2026-01-06T10:00:00Z", None),
        control(StaffVigilance, "2026-01-05T10:00:00Z", Some("2026-01-07T00:00:00Z")),
    ];
    assert_eq!(vigilance_only_since(&c, utc("2026-01-08T00:00:00Z")), Some(utc("2026-01-05T10:00:00Z")));
}

#[test]
fn no_control_in_place_is_not_vigilance_only() {
    assert!(!flagged(&[], "2026-01-20T00:00:00Z"));
    let ended = [control(StaffVigilance, "2026-01-01T10:00:00Z", Some("2026-01-10T10:00:00Z"))];
    assert!(!flagged(&ended, "2026-01-20T00:00:00Z"));
    let c = [control(StaffVigilance, "2026-01-05T10:00:00Z", None)];
    let p = RemediationPolicy::default();
    assert_eq!(vigilance_flag_from(&c, &p, utc("2026-01-06T00:00:00Z")), Some(utc("2026-01-12T10:00:00Z")));
}

#[test]
fn review_is_overdue_after_its_london_date() {
    let mut c = control(RoomClosed, "2026-06-20T10:00:00Z", None);
    c.review_date = date("2026-07-01");
    assert!(!c.review_overdue(utc("2026-07-01T22:59:00Z")), "23:59 on 1 July in London");
    assert!(c.review_overdue(utc("2026-07-01T23:00:00Z")), "00:00 on 2 July in London");
    c.ended_at = Some(utc("2026-07-01T12:00:00Z"));
    assert!(!c.review_overdue(utc("2026-07-05T12:00:00Z")), "an ended control needs no review");
}

#[test]
fn control_validation_names_the_field() {
    let mut c = control(AreaLocked, "2026-06-20T10:00:00Z", None);
    assert_eq!(c.validate(), Ok(()));
    c.review_date = date("2026-06-19");
    assert_eq!(c.validate().unwrap_err().field.as_deref(), Some("reviewDate"));
    c.review_date = date("2026-06-20");
    c.ended_at = Some(utc("2026-06-20T10:00:00Z"));
    assert_eq!(c.validate().unwrap_err().field.as_deref(), Some("endedAt"));
}

#[test]
fn extreme_risk_needs_an_interim_control_the_same_day() {
    use ActionStatus::*;
    let raised = utc("2026-03-02T09:00:00Z");
    let later_that_day = utc("2026-03-02T23:59:00Z");
    let next_day = utc("2026-03-03T00:00:00Z");
    assert!(!interim_control_missing(Band::Extreme, Open, &[], raised, later_that_day));
    assert!(interim_control_missing(Band::Extreme, Open, &[], raised, next_day));
    assert!(interim_control_missing(Band::Extreme, Draft, &[], raised, next_day));
    assert!(!interim_control_missing(Band::High, Open, &[], raised, next_day));
    assert!(!interim_control_missing(Band::Extreme, Verified, &[], raised, next_day));
    let closed = [control(RoomClosed, "2026-03-02T10:00:00Z", None)];
    assert!(!interim_control_missing(Band::Extreme, Open, &closed, raised, next_day));
    let ended = [control(RoomClosed, "2026-03-02T10:00:00Z", Some("2026-03-02T20:00:00Z"))];
    assert!(interim_control_missing(Band::Extreme, Open, &ended, raised, next_day));
}

#[test]
fn interim_control_kinds_round_trip() {
    for k in InterimControlKind::ALL {
        assert_eq!(InterimControlKind::parse(k.as_str()), Some(*k));
    }
    assert_eq!(InterimControlKind::ALL.len(), 8);
}
