//! The review engine (DESIGN.md §2.4): for one episode at any instant `now`,
//! every requirement of the rules table and the state of each occurrence.
//!
//! Only what is dated at or before `now` counts, so the answer for a past
//! instant is what was known then. A record counts for a rule only when it is
//! within the episode and led by a role the rule allows, with enough staff.
//! Medical reviews of a seclusion are shared out in time order: the first to
//! the first medical review (unless a doctor authorised the seclusion), the
//! rest to the 4-hourly reviews until the first internal MDT review, and from
//! that review on to "at least twice in every 24 hours".

use super::compliance::{Compliance, ComplianceState, Occurrence, Requirement};
use super::episode::{EpisodeSpan, EpisodeTimeline};
use super::independent::{threshold_at, Thresholds};
use super::rules::{ReviewRule, ReviewRules, RuleId, Trigger};
use super::schedule::{schedule, Done, Plan};
use chrono::{DateTime, Duration, Utc};

/// The engine's version. Results cached on a device (the report's cache of
/// ended episodes) carry it, and are ignored once it changes: raise it with
/// any change that gives a timeline a different result.
pub const ENGINE_VERSION: i64 = 1;

/// Evaluate `timeline` at `now`. `others` are the patient's other seclusion
/// episodes (any order; this one may be among them).
pub fn evaluate(
    timeline: &EpisodeTimeline,
    others: &[EpisodeSpan],
    rules: &ReviewRules,
    now: DateTime<Utc>,
) -> Compliance {
    let ep = &timeline.episode;
    let ctx = Ctx { timeline, rules, others, now, start: ep.started_at, end: ep.ended_by(now) };
    let ongoing = ctx.end.is_none();
    let requirements: Vec<Requirement> = rules
        .for_episode(ep.kind)
        .map(|rule| {
            let occurrences = if now < ctx.start { Vec::new() } else { ctx.occurrences(rule) };
            Requirement::new(rule, occurrences, ongoing)
        })
        .collect();
    let until = ctx.end.unwrap_or(now).max(ctx.start);
    Compliance {
        episode_id: ep.id,
        kind: ep.kind,
        evaluated_at: now,
        ended: !ongoing,
        duration_minutes: u32::try_from((until - ctx.start).num_minutes()).unwrap_or(u32::MAX),
        next_due_at: requirements.iter().filter_map(|r| r.next_due_at).min(),
        overdue: requirements.iter().any(|r| r.overdue_since.is_some()),
        requirements,
    }
}

struct Ctx<'a> {
    timeline: &'a EpisodeTimeline,
    rules: &'a ReviewRules,
    others: &'a [EpisodeSpan],
    now: DateTime<Utc>,
    start: DateTime<Utc>,
    /// The end, if it is at or before `now`.
    end: Option<DateTime<Utc>>,
}

impl Ctx<'_> {
    fn occurrences(&self, rule: &ReviewRule) -> Vec<Occurrence> {
        match rule.trigger {
            Trigger::EpisodeStart => self.plain(rule, self.start, &self.records(rule, self.start, None)),
            Trigger::StartUnlessDoctorAuthorised => self.first_medical(rule).0,
            Trigger::FirstMedicalReviewUntilFirstMdt => self.medical_until_mdt(rule),
            Trigger::FirstInternalMdt => self.medical_after_mdt(rule),
            Trigger::SeclusionLongerThan { consecutive_minutes, intermittent_minutes, window_minutes } => {
                let t = Thresholds {
                    consecutive: minutes(consecutive_minutes),
                    intermittent: minutes(intermittent_minutes),
                    window: minutes(window_minutes),
                };
                let at = threshold_at(self.start, self.others, self.now, &t);
                let mut out = self.plain(rule, at, &self.records(rule, self.start, None));
                for o in out.iter_mut().filter(|o| o.state == ComplianceState::Due && self.now < at) {
                    o.state = ComplianceState::NotYetDue;
                }
                out
            }
        }
    }

    /// Occurrences counted from `trigger`, owed until the episode's end.
    fn plain(&self, rule: &ReviewRule, trigger: DateTime<Utc>, records: &[Done]) -> Vec<Occurrence> {
        self.plan(rule, trigger, self.end, records)
    }

    fn plan(
        &self,
        rule: &ReviewRule,
        trigger: DateTime<Utc>,
        limit: Option<DateTime<Utc>>,
        records: &[Done],
    ) -> Vec<Occurrence> {
        let plan = Plan {
            first_due_at: rule.first_due.after(trigger),
            repeat_every: rule.repeat_every,
            times: rule.times,
            grace: rule.grace(),
            limit,
            now: self.now,
        };
        schedule(&plan, records)
    }

    /// The records that count for `rule`: its kind, by an allowed role, in the
    /// episode, at or after `from` and before `before`, known by `now`.
    fn records(&self, rule: &ReviewRule, from: DateTime<Utc>, before: Option<DateTime<Utc>>) -> Vec<Done> {
        let until = self.end.unwrap_or(self.now);
        let fits = |at: DateTime<Utc>| at >= from && at >= self.start && at <= until && before.is_none_or(|b| at < b);
        let mut out: Vec<Done> = match rule.id.review_kind() {
            None => (self.timeline.observations.iter())
                .filter(|o| fits(o.at) && rule.counts(o.by, 1))
                .map(|o| Done { at: o.at, id: o.id })
                .collect(),
            Some(kind) => (self.timeline.reviews.iter())
                .filter(|r| r.kind == kind && fits(r.at) && rule.counts(r.by, r.staff_count()))
                .map(|r| Done { at: r.at, id: r.id })
                .collect(),
        };
        out.sort();
        out
    }

    /// The first medical review's occurrences, and when the 4-hourly reviews
    /// count from (None: not yet known) and which record it used.
    fn first_medical(&self, rule: &ReviewRule) -> (Vec<Occurrence>, Option<DateTime<Utc>>, Option<Done>) {
        if self.timeline.episode.authorised_by_doctor {
            let mut o = Occurrence::outstanding(ComplianceState::Met, Some(rule.first_due.after(self.start)));
            o.done_at = Some(self.start);
            o.by_authorisation = true;
            return (vec![o], Some(self.start), None);
        }
        let out = self.plain(rule, self.start, &self.records(rule, self.start, None));
        let (from, used) = match out.first() {
            Some(Occurrence { state: ComplianceState::Met, done_at: Some(at), record_id: Some(id), .. }) => {
                (Some(*at), Some(Done { at: *at, id: *id }))
            }
            // Late or missed: the 4-hourly reviews were owed from when the
            // first was due, and a late first review counts among them. (From
            // the late review instead, a first review hours late would hide
            // every 4-hourly review missed meanwhile, and recording an earlier
            // review could then turn a met requirement into a missed one.)
            Some(o) if matches!(o.state, ComplianceState::Late | ComplianceState::Missed) => (o.due_at, None),
            _ => (None, None),
        };
        (out, from, used)
    }

    fn first_medical_rule(&self) -> Option<(DateTime<Utc>, Option<Done>)> {
        match self.rules.get(RuleId::SeclusionFirstMedicalReview) {
            Some(rule) => {
                let (_, from, used) = self.first_medical(rule);
                from.map(|f| (f, used))
            }
            None => Some((self.start, None)),
        }
    }

    /// The first internal MDT review that counts, if any by `now`.
    fn first_mdt(&self) -> Option<DateTime<Utc>> {
        let rule = self.rules.get(RuleId::SeclusionInternalMdtReview)?;
        self.records(rule, self.start, None).first().map(|d| d.at)
    }

    fn medical_until_mdt(&self, rule: &ReviewRule) -> Vec<Occurrence> {
        let Some((from, used)) = self.first_medical_rule() else {
            return self.not_yet();
        };
        let mdt = self.first_mdt();
        let limit = [self.end, mdt].into_iter().flatten().min();
        let records = without(self.records(rule, from, mdt), used);
        self.plan(rule, from, limit, &records)
    }

    fn medical_after_mdt(&self, rule: &ReviewRule) -> Vec<Occurrence> {
        let Some(mdt) = self.first_mdt() else {
            return self.not_yet();
        };
        let used = self.first_medical_rule().and_then(|(_, used)| used);
        let records = without(self.records(rule, mdt, None), used);
        self.plain(rule, mdt, &records)
    }

    /// Its trigger has not happened: not yet due while the episode goes on, nothing once it ended.
    fn not_yet(&self) -> Vec<Occurrence> {
        match self.end {
            None => vec![Occurrence::outstanding(ComplianceState::NotYetDue, None)],
            Some(_) => Vec::new(),
        }
    }
}

/// `records` less the one the first medical review used.
fn without(mut records: Vec<Done>, used: Option<Done>) -> Vec<Done> {
    if let Some(i) = used.and_then(|u| records.iter().position(|d| *d == u)) {
        records.remove(i);
    }
    records
}

fn minutes(m: u32) -> Duration {
    Duration::minutes(m.into())
}
