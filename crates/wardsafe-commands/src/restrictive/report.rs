//! Restrictive practice reports (DESIGN.md §2.5; issue 5): per ward and
//! London month, seclusion, segregation and restraint counts and durations,
//! prone restraint split at 10 minutes, review compliance rates and uses of
//! force by protected characteristic — as JSON for the screens and as CSV
//! with the MHSDS restrictive intervention codes. The arithmetic is the
//! domain's (`wardsafe_domain::restrictive::report`).

use super::board::evaluated;
use crate::ctx::Ctx;
use crate::export::{csv_file, stamp};
use crate::report::{slug, ReportFile};
use crate::scope::wards_for;
use crate::time::london_now;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::restrictive::engine::ENGINE_VERSION;
use wardsafe_domain::restrictive::month::Month;
use wardsafe_domain::restrictive::report::{
    restrictive_report as build, EpisodeCounts, ReportEpisode, ReportInput, ReportRow, ReportWard, RestrictiveReport,
    MAX_MONTHS,
};
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries::restrictive as episodes;
use wardsafe_store::queries::restrictive_report as q;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestrictiveReportInput {
    /// One site's wards; absent: every ward I may see (or `wardId`).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub site_id: Option<Uuid>,
    /// One ward.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ward_id: Option<Uuid>,
    /// The first London month, `YYYY-MM`.
    pub from_month: String,
    /// The last London month, `YYYY-MM`: at most 24 months from the first.
    pub to_month: String,
}

/// The months asked for, checked.
fn months(input: &RestrictiveReportInput) -> AppResult<(Month, Month)> {
    let from = Month::parse("fromMonth", &input.from_month)?;
    let to = Month::parse("toMonth", &input.to_month)?;
    match from.count_to(to) {
        0 => Err(AppError::validation("toMonth", "the last month cannot be before the first")),
        n if n > MAX_MONTHS => {
            Err(AppError::validation("toMonth", format!("a report covers at most {MAX_MONTHS} months ({n} asked for)")))
        }
        _ => Ok((from, to)),
    }
}

/// Per ward and London month, with totals for all the wards by month and for the period.
pub fn restrictive_report(ctx: &Ctx, input: RestrictiveReportInput) -> AppResult<RestrictiveReport> {
    let (from, to) = months(&input)?;
    let now = ctx.store().now();
    ctx.store().read_and_cache(|c| {
        let (scope, wards) = wards_for(ctx, c, input.ward_id, input.site_id, Action::ViewRestrictiveReport)?;
        let ids: Vec<Uuid> = wards.iter().map(|w| w.id).collect();
        let (start, end) = (from.start(), to.next().start());
        let episodes = counted(c, &ids, start, end, now)?;
        let force = q::uses_of_force(c, &ids, start, end)?;
        let wards: Vec<ReportWard> = wards.into_iter().map(|w| ReportWard { id: w.id, name: w.name }).collect();
        Ok(build(ReportInput { scope, wards: &wards, from, to, episodes: &episodes, force: &force, now }))
    })
}

/// The episodes of `wards` that started from `start` to `end`, each with its
/// compliance: an ended episode's from the device's cache when it is there;
/// otherwise evaluated as its own page does (at its end, or now, with the
/// patient's other episodes), and cached once it has ended. Only episodes
/// going on, and those changed since they were last counted, are evaluated.
fn counted(
    c: &Connection,
    wards: &[Uuid],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<Vec<ReportEpisode>> {
    let heads = q::episodes(c, wards, start, end, ENGINE_VERSION)?;
    let ended = |h: &q::ReportHead| h.ended_at.is_some_and(|e| e <= now);
    let missing: Vec<Uuid> = heads.iter().filter(|h| h.cached.is_none() || !ended(h)).map(|h| h.id).collect();
    let mut fresh: HashMap<Uuid, EpisodeCounts> = HashMap::with_capacity(missing.len());
    if !missing.is_empty() {
        let rules = episodes::review_rules(c)?;
        for (view, compliance) in evaluated(c, episodes::episodes_by_id(c, &missing)?, &rules, now)? {
            let counts = EpisodeCounts::of(&compliance);
            if compliance.ended {
                q::cache_counts(c, view.episode.id, ENGINE_VERSION, &counts)?;
            }
            fresh.insert(view.episode.id, counts);
        }
    }
    Ok(heads
        .into_iter()
        .filter_map(|h| {
            let ended = ended(&h);
            let counts = if ended { h.cached } else { None }.or_else(|| fresh.remove(&h.id))?;
            Some(ReportEpisode { kind: h.kind, ward_id: h.ward_id, started_at: h.started_at, ended, counts })
        })
        .collect())
}

pub const REPORT_HEADER: [&str; 7] = ["ward_id", "ward", "month", "measure", "category", "mhsds_code", "value"];

fn csv_rows(row: &ReportRow, out: &mut Vec<Vec<String>>) {
    let ward_id = row.ward_id.map(|w| w.to_string()).unwrap_or_default();
    let month = row.month.map(|m| m.to_string()).unwrap_or_default();
    for line in row.measures.lines() {
        out.push(vec![
            ward_id.clone(),
            row.ward_name.clone(),
            month.clone(),
            line.measure,
            line.category,
            line.mhsds_code.to_string(),
            line.value.to_string(),
        ]);
    }
}

/// The same report as CSV: one row per ward × month × measure (then all the
/// wards by month, then the whole period, with an empty month), with the
/// MHSDS restrictive intervention type code where the data set has one.
pub fn restrictive_report_csv(ctx: &Ctx, input: RestrictiveReportInput) -> AppResult<ReportFile> {
    let report = restrictive_report(ctx, input)?;
    let mut rows = Vec::new();
    for row in report.rows.iter().chain(&report.totals).chain(std::iter::once(&report.overall)) {
        csv_rows(row, &mut rows);
    }
    let wards = report.rows.iter().filter_map(|r| r.ward_id).collect::<std::collections::HashSet<_>>().len();
    let description = format!(
        "Restrictive practice report of {}: {} ward(s), {} to {} (London months), {} line(s), produced {}",
        report.scope,
        wards,
        report.from_month,
        report.to_month,
        rows.len(),
        london_now(report.produced_at)
    );
    let name = format!(
        "{}-restrictive-practice-{}-to-{}-{}.csv",
        slug(&report.scope),
        report.from_month,
        report.to_month,
        stamp()
    );
    csv_file(name, description, &REPORT_HEADER, rows)
}

/// The last `months` London months up to the one `now` is in, as `YYYY-MM` (for benchmarks and defaults).
pub fn month_span_of_last(months: u32, now: chrono::DateTime<chrono::Utc>) -> (String, String) {
    let to = Month::of(now);
    (to.earlier(months.max(1) - 1).to_string(), to.to_string())
}
