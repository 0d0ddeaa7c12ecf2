//! Checking a rules table an administrator changed: every rule once, each
//! number in range, errors naming the field (`rules[3].graceMinutes`).

use super::{Interval, ReviewRule, ReviewRules, RuleId, Trigger};
use crate::error::{AppError, AppResult};

/// About a year: the longest interval given in minutes.
pub const MAX_MINUTES: u32 = 366 * 24 * 60;
pub const MAX_MONTHS: u32 = 24;
pub const MAX_TIMES: u32 = 24;
pub const MAX_STAFF: u32 = 10;
/// A week: the longest grace.
pub const MAX_GRACE_MINUTES: u32 = 7 * 24 * 60;

impl ReviewRules {
    pub fn validate(&self) -> AppResult<()> {
        for (i, rule) in self.rules.iter().enumerate() {
            if self.rules[..i].iter().any(|r| r.id == rule.id) {
                return Err(AppError::validation(
                    format!("rules[{i}].id"),
                    format!("the rule '{}' appears more than once", rule.id.label()),
                ));
            }
            rule.validate().map_err(|e| e.within(&format!("rules[{i}]")))?;
        }
        if let Some(missing) = RuleId::ALL.iter().find(|id| self.get(**id).is_none()) {
            return Err(AppError::validation("rules", format!("the rule '{}' is missing", missing.label())));
        }
        Ok(())
    }
}

fn interval(field: &str, label: &str, value: Interval, zero_allowed: bool) -> AppResult<()> {
    let (n, max, unit) = match value {
        Interval::Minutes(m) => (m, MAX_MINUTES, "minutes"),
        Interval::Months(m) => (m, MAX_MONTHS, "months"),
    };
    let min = u32::from(!zero_allowed);
    if n < min || n > max {
        return Err(AppError::validation(field, format!("{label} must be from {min} to {max} {unit} (you gave {n})")));
    }
    Ok(())
}

impl ReviewRule {
    fn validate(&self) -> AppResult<()> {
        let default = ReviewRules::default();
        let fixed = default.get(self.id).map(|r| r.trigger);
        if fixed.is_some_and(|t| !t.same_kind(&self.trigger)) {
            return Err(AppError::validation("trigger", "what starts this rule's clock cannot be changed"));
        }
        if self.citation.trim().is_empty() {
            return Err(AppError::validation("citation", "the citation must not be blank"));
        }
        let independent = matches!(self.trigger, Trigger::SeclusionLongerThan { .. });
        interval("firstDue", "The first due time", self.first_due, independent)?;
        match (self.repeat_every, self.id.repeats()) {
            (Some(_), Some(false)) => {
                return Err(AppError::validation("repeatEvery", format!("'{}' happens once", self.id.label())))
            }
            (None, Some(true)) => {
                return Err(AppError::validation("repeatEvery", format!("'{}' must repeat", self.id.label())))
            }
            (Some(every), _) => interval("repeatEvery", "The interval", every, false)?,
            (None, _) => {}
        }
        if self.times == 0 || self.times > MAX_TIMES {
            return Err(AppError::validation("times", format!("times must be from 1 to {MAX_TIMES}")));
        }
        if self.times > 1 && self.repeat_every.is_none() {
            return Err(AppError::validation("times", "more than once needs an interval to repeat in"));
        }
        if self.roles.is_empty() {
            return Err(AppError::validation("roles", "at least one role must be allowed to do it"));
        }
        if let Some(i) = (1..self.roles.len()).find(|i| self.roles[..*i].contains(&self.roles[*i])) {
            return Err(AppError::validation(format!("roles[{i}]"), "this role is listed twice"));
        }
        if self.min_staff == 0 || self.min_staff > MAX_STAFF {
            return Err(AppError::validation("minStaff", format!("the number of staff must be from 1 to {MAX_STAFF}")));
        }
        let grace_limit = self.repeat_every.map_or(i64::from(MAX_GRACE_MINUTES) + 1, |e| e.shortest_minutes());
        if self.grace_minutes > MAX_GRACE_MINUTES || i64::from(self.grace_minutes) >= grace_limit {
            return Err(AppError::validation(
                "graceMinutes",
                format!("the grace must be shorter than the interval and at most {MAX_GRACE_MINUTES} minutes"),
            ));
        }
        if let Trigger::SeclusionLongerThan { consecutive_minutes, intermittent_minutes, window_minutes } = self.trigger
        {
            for (field, n) in [
                ("trigger.consecutiveMinutes", consecutive_minutes),
                ("trigger.intermittentMinutes", intermittent_minutes),
                ("trigger.windowMinutes", window_minutes),
            ] {
                interval(field, "A threshold", Interval::Minutes(n), false)?;
            }
            if intermittent_minutes > window_minutes {
                return Err(AppError::validation(
                    "trigger.intermittentMinutes",
                    "the intermittent total cannot be longer than the window it is counted in",
                ));
            }
        }
        Ok(())
    }
}
