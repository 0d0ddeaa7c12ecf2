//! Restrictive practice reports per ward and London calendar month
//! (DESIGN.md §2.5; issue 5): seclusion and long-term segregation counts and
//! durations, restraint by type with the Mental Health Services Data Set
//! (MHSDS v6) restrictive intervention codes, prone restraint split at 10
//! minutes, review compliance rates (Code of Practice ch. 26, from the review
//! engine), and uses of force by protected characteristic (the statistics
//! duty of the Mental Health Units (Use of Force) Act 2018).
//!
//! Pure: plain rows in, the report out. An episode belongs to the month it
//! started in and is measured to its end, or to `now` while it goes on; its
//! compliance is the engine's at its end (or now), evaluated by the caller. A use of force belongs to
//! the month it started in (recorded, when it has no start).

#[path = "report_acc.rs"]
mod acc;
#[path = "report_equality.rs"]
mod equality;
#[path = "report_lines.rs"]
mod lines;
#[path = "report_tally.rs"]
mod tally;

use super::compliance::Compliance;
use super::episode::Episode;
use super::month::Month;
use super::use_of_force::UseOfForce;
use super::{EpisodeKind, RuleId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;
use uuid::Uuid;

/// A report may span at most this many months.
pub const MAX_MONTHS: u32 = 24;

/// A ward the report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportWard {
    pub id: Uuid,
    pub name: String,
}

/// An episode as the report counts it: where and when it started, whether
/// it had ended by the time of the report, and its compliance counts.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportEpisode {
    pub kind: EpisodeKind,
    pub ward_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub ended: bool,
    pub counts: EpisodeCounts,
}

impl ReportEpisode {
    /// `episode` with its compliance (at its end, or now while it goes on).
    pub fn of(episode: &Episode, compliance: &Compliance) -> ReportEpisode {
        ReportEpisode {
            kind: episode.kind,
            ward_id: episode.ward_id,
            started_at: episode.started_at,
            ended: compliance.ended,
            counts: EpisodeCounts::of(compliance),
        }
    }
}

/// What the report keeps of an episode's compliance: its length and, per
/// rule, how many occurrences were met, late and missed. An ended episode's
/// never change, so the device caches them (short names keep the cache small).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EpisodeCounts {
    #[serde(rename = "m")]
    pub duration_minutes: u32,
    /// Rule id → [met, late, missed].
    #[serde(rename = "r")]
    pub rules: Vec<(RuleId, [u32; 3])>,
}

impl EpisodeCounts {
    pub fn of(c: &Compliance) -> EpisodeCounts {
        EpisodeCounts {
            duration_minutes: c.duration_minutes,
            rules: c.requirements.iter().map(|r| (r.rule_id, [r.met, r.late, r.missed])).collect(),
        }
    }
}

/// Seclusion or segregation episodes started in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EpisodeStats {
    pub count: u32,
    /// Still going on at the time of the report (measured to then).
    pub ongoing: u32,
    pub total_minutes: u64,
    #[ts(optional = nullable)]
    pub median_minutes: Option<f64>,
    #[ts(optional = nullable)]
    pub longest_minutes: Option<u32>,
}

/// Uses of force and restraint by type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestraintStats {
    pub uses_of_force: u32,
    pub negligible: u32,
    /// s6 (c) type of force (`physical`, `chemical`, …) → uses of force.
    pub by_force_type: BTreeMap<String, u32>,
    /// MHSDS physical restraint position code (`01` prone, `09` supine, …) → uses of force with it.
    pub by_position: BTreeMap<String, u32>,
    /// Chemical restraint route → times given.
    pub chemical_by_route: BTreeMap<String, u32>,
    /// MHSDS chemical restraint code (`14`, `15`) → times given.
    pub chemical_by_code: BTreeMap<String, u32>,
    /// Mechanical restraints used.
    pub mechanical: u32,
    /// Uses of force with prone restraint of 10 minutes or less, and over 10.
    pub prone_10_or_under: u32,
    pub prone_over_10: u32,
}

/// One review rule's requirements that fell due in episodes of the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RuleCompliance {
    pub met: u32,
    pub late: u32,
    pub missed: u32,
    /// met + late + missed.
    pub due: u32,
    /// Met on time ÷ all due; none when nothing fell due.
    #[ts(optional = nullable)]
    pub rate: Option<f64>,
}

/// Everything measured for one ward (or the trust) over one month (or the whole period).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Measures {
    pub seclusion: EpisodeStats,
    pub segregation: EpisodeStats,
    pub restraint: RestraintStats,
    /// Review rule id → compliance.
    pub compliance: BTreeMap<String, RuleCompliance>,
    /// Protected characteristic → value (`not_known`, `declined`, …) → uses of force
    /// (negligible ones excepted). Age is in bands.
    pub equality: BTreeMap<String, BTreeMap<String, u32>>,
}

/// One ward (or the trust, when `wardId` is absent) in one month (or all of them, when `month` is absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportRow {
    #[ts(optional = nullable)]
    pub month: Option<Month>,
    #[ts(optional = nullable)]
    pub ward_id: Option<Uuid>,
    pub ward_name: String,
    pub measures: Measures,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestrictiveReport {
    /// What it covers: a ward, a site, the trust.
    pub scope: String,
    pub from_month: Month,
    pub to_month: Month,
    #[ts(type = "string")]
    pub produced_at: DateTime<Utc>,
    /// Every ward × month, month by month, wards by name.
    pub rows: Vec<ReportRow>,
    /// Every ward together, month by month.
    pub totals: Vec<ReportRow>,
    /// Every ward together over the whole period.
    pub overall: ReportRow,
}

/// The name of the trust-wide rows.
pub const ALL_WARDS: &str = "All wards";

pub struct ReportInput<'a> {
    pub scope: String,
    pub wards: &'a [ReportWard],
    pub from: Month,
    pub to: Month,
    pub episodes: &'a [ReportEpisode],
    pub force: &'a [UseOfForce],
    pub now: DateTime<Utc>,
}

/// Aggregate: rows for each ward and month from `from` to `to`; what falls
/// outside those wards or months is left out.
pub fn restrictive_report(input: ReportInput) -> RestrictiveReport {
    acc::build(input)
}

/// One measure of a row, as the CSV holds it: the path to the number in
/// the JSON (`measure` split on '.', then `category` when there is one).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub measure: String,
    pub category: String,
    /// The MHSDS restrictive intervention type code, where the data set has one.
    pub mhsds_code: &'static str,
    pub value: f64,
}

impl Measures {
    /// Every number, in a fixed order (nothing for a median of no episodes, or a rate of nothing due).
    pub fn lines(&self) -> Vec<Line> {
        lines::lines(self)
    }
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
