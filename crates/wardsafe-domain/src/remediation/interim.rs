//! Interim controls while a fix waits (DESIGN.md §2.3), and the flag CQC
//! findings call for: a ligature point whose only control has been "staff
//! vigilance" for longer than policy allows — the pattern seen where deaths
//! followed known, unremedied ligature points.

use super::policy::RemediationPolicy;
use super::{add_london_days, london_date, ActionStatus};
use crate::error::{AppError, AppResult};
use crate::risk::Band;
use chrono::{DateTime, NaiveDate, Utc};

controlled_list!(
    InterimControlKind {
        RoomClosed = "room_closed": "Room closed",
        OneToOneObservation = "one_to_one_observation": "1:1 observation",
        IncreasedObservation = "increased_observation": "Increased observation",
        FittingRemoved = "fitting_removed": "Fitting removed",
        AreaLocked = "area_locked": "Area locked",
        AreaSupervised = "area_supervised": "Area supervised when in use",
        StaffVigilance = "staff_vigilance": "Staff vigilance only",
        Other = "other": "Other",
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterimControl {
    pub kind: InterimControlKind,
    pub started_at: DateTime<Utc>,
    /// London date by which someone checks it is still right.
    pub review_date: NaiveDate,
    pub ended_at: Option<DateTime<Utc>>,
}

impl InterimControl {
    /// The review date is not before the London day it started; it ends after it starts.
    pub fn validate(&self) -> AppResult<()> {
        if self.review_date < london_date(self.started_at) {
            return Err(AppError::validation("reviewDate", "the review date cannot be before the control started"));
        }
        if self.ended_at.is_some_and(|e| e <= self.started_at) {
            return Err(AppError::validation("endedAt", "a control must end after it started"));
        }
        Ok(())
    }
    /// In place at `at`: started, and not yet ended.
    pub fn is_active(&self, at: DateTime<Utc>) -> bool {
        self.started_at <= at && self.ended_at.is_none_or(|e| e > at)
    }
    fn is_vigilance(&self) -> bool {
        self.kind == InterimControlKind::StaffVigilance
    }
    fn ever_active(&self) -> bool {
        self.ended_at.is_none_or(|e| e > self.started_at)
    }
    /// Still in place and its review date (London) has passed.
    pub fn review_overdue(&self, now: DateTime<Utc>) -> bool {
        self.is_active(now) && self.review_date < london_date(now)
    }
}

/// If staff vigilance is now the only control in place, since when.
///
/// The count starts when no stronger control was in place any more: the
/// first vigilance control after the last stronger one ended (or that end,
/// if vigilance was already there). A gap with no control at all does not
/// restart the count — it is no better than vigilance — so ending and
/// re-adding a vigilance control cannot clear the flag.
pub fn vigilance_only_since(controls: &[InterimControl], now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let known: Vec<&InterimControl> = controls.iter().filter(|c| c.started_at <= now && c.ever_active()).collect();
    let mut active = known.iter().filter(|c| c.is_active(now)).peekable();
    active.peek()?;
    if !active.all(|c| c.is_vigilance()) {
        return None;
    }
    // Every stronger control has ended by now; the last end is when vigilance became the only one.
    let stronger_until = known.iter().filter(|c| !c.is_vigilance()).filter_map(|c| c.ended_at).max();
    known
        .iter()
        .filter(|c| c.is_vigilance())
        .filter(|c| match (stronger_until, c.ended_at) {
            (Some(s), Some(e)) => e > s,
            _ => true,
        })
        .map(|c| stronger_until.map_or(c.started_at, |s| c.started_at.max(s)))
        .min()
}

/// When the vigilance-only flag is raised if nothing changes: the London
/// wall-clock time `vigilance_only_days` calendar days after it began (a
/// start on Monday 10:00 is flagged from the next Monday 10:00, across a
/// clock change too).
pub fn vigilance_flag_from(
    controls: &[InterimControl],
    policy: &RemediationPolicy,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    vigilance_only_since(controls, now).map(|since| add_london_days(since, policy.vigilance_only_days))
}

/// Flagged: vigilance has been the only control for the policy's days or more.
pub fn vigilance_only_beyond_limit(
    controls: &[InterimControl],
    policy: &RemediationPolicy,
    now: DateTime<Utc>,
) -> bool {
    vigilance_flag_from(controls, policy, now).is_some_and(|from| now >= from)
}

/// DESIGN.md §2.3: an extreme risk needs an interim control the same day.
/// True once the London day it was raised has passed with the action still
/// outstanding and no control in place now.
pub fn interim_control_missing(
    band: Band,
    status: ActionStatus,
    controls: &[InterimControl],
    raised_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    super::policy::interim_control_required(band)
        && status.is_outstanding()
        && london_date(now) > london_date(raised_at)
        && !controls.iter().any(|c| c.is_active(now))
}

#[cfg(test)]
#[path = "interim_tests.rs"]
mod tests;
