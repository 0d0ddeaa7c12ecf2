//! The use of force record: Mental Health Units (Use of Force) Act 2018 s6
//! and its statutory guidance (DESIGN.md §2.4). Every item (a)–(p) is
//! required unless the force was negligible, when a reason for calling it
//! negligible is required instead. Records are kept at least 3 years.

use super::nhs_number::NhsNumber;
use super::restraint::{
    mhsds_code, prone_duration, prone_over_limit, ChemicalRestraint, ForceType, MechanicalRestraint, PositionChange,
};
use super::rules::add_london_months;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Records may not be purged until this many years after they were made.
pub const RETENTION_YEARS: u32 = 3;

/// A member of staff who used force: s6 (h), name and job title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffInvolved {
    pub name: String,
    pub job_title: String,
}

/// An answer that may be "not known" (s6 (j): "if known").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum IfKnown {
    Known(String),
    NotKnown,
}

/// s6 (k): the patient's protected characteristics (Equality Act 2010), each
/// None when not known. Values are the data set's codes or the trust's list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ProtectedCharacteristics {
    #[ts(optional = nullable)]
    pub age_years: Option<u32>,
    #[ts(optional = nullable)]
    pub disability: Option<String>,
    #[ts(optional = nullable)]
    pub gender_reassignment: Option<String>,
    #[ts(optional = nullable)]
    pub marriage_or_civil_partnership: Option<String>,
    #[ts(optional = nullable)]
    pub pregnancy_or_maternity: Option<String>,
    #[ts(optional = nullable)]
    pub race: Option<String>,
    #[ts(optional = nullable)]
    pub religion_or_belief: Option<String>,
    #[ts(optional = nullable)]
    pub sex: Option<String>,
    #[ts(optional = nullable)]
    pub sexual_orientation: Option<String>,
}

controlled_list!(
    /// s6 (l): whether the patient has a learning disability or autism.
    LdAutism {
        LearningDisability = "learning_disability": "Learning disability",
        Autism = "autism": "Autism",
        Both = "both": "Learning disability and autism",
        Neither = "neither": "Neither",
        NotKnown = "not_known": "Not known",
    }
);

/// The record. Its `Debug` form leaves out the patient's name, NHS number,
/// protected characteristics and the free text, so none of it reaches a log.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UseOfForce {
    #[serde(default)]
    pub id: Uuid,
    pub ward_id: Uuid,
    /// The seclusion or segregation episode it belongs to, if any.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub episode_id: Option<Uuid>,
    #[ts(type = "string")]
    pub recorded_at: DateTime<Utc>,
    /// Force was negligible: then only `negligibleReason` is required.
    #[serde(default)]
    pub negligible: bool,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub negligible_reason: Option<String>,
    /// (a)
    #[ts(optional = nullable)]
    pub reason: Option<String>,
    /// (b) place, date and duration (from the start and end).
    #[ts(optional = nullable)]
    pub place: Option<String>,
    #[ts(type = "string | null")]
    pub started_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null")]
    pub ended_at: Option<DateTime<Utc>>,
    /// (c)
    #[serde(default)]
    pub force_types: Vec<ForceType>,
    /// (d)
    #[ts(optional = nullable)]
    pub in_care_plan: Option<bool>,
    /// (e)
    #[ts(optional = nullable)]
    pub patient_name: Option<String>,
    /// (f)
    #[ts(optional = nullable)]
    pub how_used: Option<String>,
    /// (g)
    #[ts(optional = nullable)]
    pub nhs_number: Option<NhsNumber>,
    /// (h)
    #[serde(default)]
    pub staff: Vec<StaffInvolved>,
    /// (i) was anyone who is not staff (e.g. police) involved, and why.
    #[ts(optional = nullable)]
    pub non_staff_involved: Option<bool>,
    #[ts(optional = nullable)]
    pub non_staff_reason: Option<String>,
    /// (j)
    #[ts(optional = nullable)]
    pub mental_disorder: Option<IfKnown>,
    /// (k)
    #[ts(optional = nullable)]
    pub protected_characteristics: Option<ProtectedCharacteristics>,
    /// (l)
    #[ts(optional = nullable)]
    pub learning_disability_or_autism: Option<LdAutism>,
    /// (m)
    #[ts(optional = nullable)]
    pub outcome: Option<String>,
    /// (n)
    #[ts(optional = nullable)]
    pub died_or_seriously_injured: Option<bool>,
    /// (o)
    #[ts(optional = nullable)]
    pub efforts_to_avoid: Option<String>,
    /// (p) were the people the care plan names notified.
    #[ts(optional = nullable)]
    pub care_plan_people_notified: Option<bool>,
    /// Physical restraint positions, with the time of each change.
    #[serde(default)]
    pub positions: Vec<PositionChange>,
    #[serde(default)]
    pub chemical: Vec<ChemicalRestraint>,
    #[serde(default)]
    pub mechanical: Vec<MechanicalRestraint>,
    #[ts(optional = nullable)]
    pub injuries: Option<String>,
    #[ts(optional = nullable)]
    pub debrief_offered: Option<bool>,
}

impl std::fmt::Debug for UseOfForce {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UseOfForce")
            .field("id", &self.id)
            .field("ward_id", &self.ward_id)
            .field("episode_id", &self.episode_id)
            .field("negligible", &self.negligible)
            .field("started_at", &self.started_at)
            .field("ended_at", &self.ended_at)
            .field("force_types", &self.force_types)
            .finish_non_exhaustive()
    }
}

#[path = "use_of_force_validate.rs"]
mod validate;

impl UseOfForce {
    /// The first problem, if any (see `problems`).
    pub fn validate(&self, now: DateTime<Utc>) -> AppResult<()> {
        match self.problems(now).into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
    /// Every problem, in the order of s6 (a)–(p), then positions and the rest.
    pub fn problems(&self, now: DateTime<Utc>) -> Vec<AppError> {
        validate::problems(self, now)
    }
    /// (b) duration, when both times are known.
    pub fn duration(&self) -> Option<Duration> {
        Some(self.ended_at? - self.started_at?)
    }
    /// Time in the prone position (code 01), when the end is known.
    pub fn prone(&self) -> Option<Duration> {
        self.ended_at.map(|end| prone_duration(&self.positions, end))
    }
    /// Prone for more than 10 minutes.
    pub fn prone_flagged(&self) -> bool {
        self.prone().is_some_and(prone_over_limit)
    }
    /// The data set codes this use of force carries, once each.
    pub fn mhsds_codes(&self) -> Vec<&'static str> {
        let positions = self.positions.iter().filter_map(|p| mhsds_code(&p.code)).map(|c| c.code);
        let chemical = self.chemical.iter().filter_map(ChemicalRestraint::mhsds_code);
        let mut codes: Vec<&'static str> = positions.chain(chemical).collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

/// The first instant a record made at `recorded_at` may be purged: 3 years on (London calendar).
pub fn purge_allowed_from(recorded_at: DateTime<Utc>) -> DateTime<Utc> {
    add_london_months(recorded_at, RETENTION_YEARS * 12)
}

/// The stored columns holding the patient's identifiers: a purge blanks them
/// on the record and in every earlier change of it, on each device and on
/// the server, so that a purged record's patient cannot be found in the
/// change log either.
pub const PURGED_IDENTIFIERS: [&str; 2] = ["patient_name", "nhs_number"];

/// The columns a purge blanks in records of `entity` (none but use of force records are purged).
pub fn purged_identifiers(entity: &str) -> &'static [&'static str] {
    match entity {
        "use_of_force" => &PURGED_IDENTIFIERS,
        _ => &[],
    }
}

/// The columns to blank in a record's earlier changes when a change of
/// `entity` with `fields` arrives: a purge (the change that sets
/// `purged_at`); nothing for any other change.
pub fn purge_redacts(entity: &str, fields: &serde_json::Map<String, serde_json::Value>) -> &'static [&'static str] {
    match fields.get("purged_at").is_some_and(|v| !v.is_null()) {
        true => purged_identifiers(entity),
        false => &[],
    }
}

/// The latest `recorded_at` of a record that may be purged at `now`: 3
/// years before on the London calendar. Every record made at or before it
/// may be purged; one made within the hour after it may be listed an hour
/// late (and one of 29 February a day late).
pub fn purge_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::{Months, TimeZone};
    use chrono_tz::Europe::London;
    let wall = now.with_timezone(&London).naive_local();
    let mut at = wall
        .checked_sub_months(Months::new(RETENTION_YEARS * 12))
        .and_then(|w| London.from_local_datetime(&w).earliest())
        .map_or(now - Duration::days(1097), |t| t.with_timezone(&Utc));
    // `purge_allowed_from` only grows with `recorded_at`: step back over a
    // clock change or a month's end until the cutoff itself may be purged.
    for _ in 0..72 {
        if purge_allowed_from(at) <= now {
            break;
        }
        at -= Duration::hours(1);
    }
    at
}

/// Purging a use of force record before 3 years is refused.
pub fn check_purge(recorded_at: DateTime<Utc>, now: DateTime<Utc>) -> AppResult<()> {
    let from = purge_allowed_from(recorded_at);
    if now < from {
        return Err(AppError::invalid_state(format!(
            "a use of force record is kept at least {RETENTION_YEARS} years: this one may not be purged before {}",
            super::checks::london_time(from)
        )));
    }
    Ok(())
}

#[cfg(test)]
#[path = "use_of_force_tests.rs"]
mod tests;
