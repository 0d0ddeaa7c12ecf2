//! Use of force records (Mental Health Units (Use of Force) Act 2018 s6;
//! DESIGN.md §2.4; issue 5): record one with every item (a)–(p) — or, when
//! the force was negligible, why — read one, and a ward's records by London
//! month (purging: `force_purge.rs`). The rules are the
//! domain's (`wardsafe_domain::restrictive::use_of_force`): each refusal names
//! its field and nothing is written.
//!
//! The inputs carry patient identifiers: they have no `Debug`, and errors
//! never repeat them.

use crate::ctx::Ctx;
use crate::records::{id_text, opt_text};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::place::optional_text;
use wardsafe_domain::restrictive::force_views::UseOfForceView;
use wardsafe_domain::restrictive::month::Month;
use wardsafe_domain::restrictive::restraint::{ChemicalRestraint, ForceType, MechanicalRestraint, PositionChange};
use wardsafe_domain::restrictive::use_of_force::{
    IfKnown, LdAutism, ProtectedCharacteristics, StaffInvolved, UseOfForce,
};
use wardsafe_domain::restrictive::NhsNumber;
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries::restrictive::{self as episodes, instant_text};
use wardsafe_store::queries::use_of_force as q;
use wardsafe_store::{queries, Entity, Tx, Value};

pub(super) const TEXT_MAX: usize = 4000;

/// A use of force as the person recording it gives it. Items (a)–(p) of s6
/// are required unless `negligible`, when `negligibleReason` is.
#[derive(Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordUseOfForceInput {
    pub ward_id: Uuid,
    /// The seclusion or segregation episode it happened in, if any (on the same ward).
    #[ts(optional = nullable)]
    pub episode_id: Option<Uuid>,
    pub negligible: bool,
    #[ts(optional = nullable)]
    pub negligible_reason: Option<String>,
    #[ts(optional = nullable)]
    pub reason: Option<String>,
    #[ts(optional = nullable)]
    pub place: Option<String>,
    /// RFC 3339; never in the future.
    #[ts(type = "string | null", optional)]
    pub started_at: Option<DateTime<Utc>>,
    #[ts(type = "string | null", optional)]
    pub ended_at: Option<DateTime<Utc>>,
    pub force_types: Vec<ForceType>,
    #[ts(optional = nullable)]
    pub in_care_plan: Option<bool>,
    #[ts(optional = nullable)]
    pub patient_name: Option<String>,
    #[ts(optional = nullable)]
    pub how_used: Option<String>,
    /// 10 digits (spaces allowed) with a valid modulus 11 check digit.
    #[ts(optional = nullable)]
    pub nhs_number: Option<String>,
    pub staff: Vec<StaffInvolved>,
    #[ts(optional = nullable)]
    pub non_staff_involved: Option<bool>,
    #[ts(optional = nullable)]
    pub non_staff_reason: Option<String>,
    #[ts(optional = nullable)]
    pub mental_disorder: Option<IfKnown>,
    #[ts(optional = nullable)]
    pub protected_characteristics: Option<ProtectedCharacteristics>,
    #[ts(optional = nullable)]
    pub learning_disability_or_autism: Option<LdAutism>,
    #[ts(optional = nullable)]
    pub outcome: Option<String>,
    #[ts(optional = nullable)]
    pub died_or_seriously_injured: Option<bool>,
    #[ts(optional = nullable)]
    pub efforts_to_avoid: Option<String>,
    #[ts(optional = nullable)]
    pub care_plan_people_notified: Option<bool>,
    /// Physical restraint: each change of position with its time (MHSDS codes, "01" prone).
    pub positions: Vec<PositionChange>,
    pub chemical: Vec<ChemicalRestraint>,
    pub mechanical: Vec<MechanicalRestraint>,
    #[ts(optional = nullable)]
    pub injuries: Option<String>,
    #[ts(optional = nullable)]
    pub debrief_offered: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UseOfForceInput {
    pub id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WardUseOfForceInput {
    pub ward_id: Uuid,
    /// A London calendar month, `YYYY-MM`; absent: every record.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub month: Option<String>,
}

fn text(field: &str, v: &Option<String>) -> AppResult<Option<String>> {
    optional_text(field, v.as_deref(), TEXT_MAX)
}

/// The record the input describes (not yet checked against s6).
fn record_of(input: &RecordUseOfForceInput, id: Uuid, now: DateTime<Utc>) -> AppResult<UseOfForce> {
    let nhs_number = match input.nhs_number.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) => Some(NhsNumber::parse("nhsNumber", n)?),
    };
    let trim_staff =
        |s: &StaffInvolved| StaffInvolved { name: s.name.trim().into(), job_title: s.job_title.trim().into() };
    Ok(UseOfForce {
        id,
        ward_id: input.ward_id,
        episode_id: input.episode_id,
        recorded_at: now,
        negligible: input.negligible,
        negligible_reason: text("negligibleReason", &input.negligible_reason)?,
        reason: text("reason", &input.reason)?,
        place: text("place", &input.place)?,
        started_at: input.started_at,
        ended_at: input.ended_at,
        force_types: input.force_types.clone(),
        in_care_plan: input.in_care_plan,
        patient_name: optional_text("patientName", input.patient_name.as_deref(), 200)?,
        how_used: text("howUsed", &input.how_used)?,
        nhs_number,
        staff: input.staff.iter().map(trim_staff).collect(),
        non_staff_involved: input.non_staff_involved,
        non_staff_reason: text("nonStaffReason", &input.non_staff_reason)?,
        mental_disorder: input.mental_disorder.clone(),
        protected_characteristics: input.protected_characteristics.clone(),
        learning_disability_or_autism: input.learning_disability_or_autism,
        outcome: text("outcome", &input.outcome)?,
        died_or_seriously_injured: input.died_or_seriously_injured,
        efforts_to_avoid: text("effortsToAvoid", &input.efforts_to_avoid)?,
        care_plan_people_notified: input.care_plan_people_notified,
        positions: input.positions.clone(),
        chemical: input.chemical.clone(),
        mechanical: input.mechanical.clone(),
        injuries: text("injuries", &input.injuries)?,
        debrief_offered: input.debrief_offered,
    })
}

fn json<T: Serialize>(v: &T) -> AppResult<Value> {
    serde_json::to_string(v).map(Value::Text).map_err(|e| AppError::internal(format!("could not encode: {e}")))
}

fn opt_json<T: Serialize>(v: &Option<T>) -> AppResult<Value> {
    v.as_ref().map(json).unwrap_or(Ok(Value::Null))
}

fn opt_bool(v: Option<bool>) -> Value {
    v.map(|b| Value::Integer(b.into())).unwrap_or(Value::Null)
}

fn opt_instant(v: Option<DateTime<Utc>>) -> Value {
    v.map(|t| Value::Text(instant_text(t))).unwrap_or(Value::Null)
}

/// Insert a checked record through the one write path. Every JSON list
/// column is written, empty or not (they are NOT NULL). Shared with the
/// scale generator.
pub(crate) fn insert_use_of_force(tx: &mut Tx, r: &UseOfForce, recorded_by: Uuid) -> AppResult<()> {
    tx.insert(
        Entity::UseOfForce,
        r.id,
        &[
            ("ward_id", id_text(r.ward_id)),
            ("episode_id", r.episode_id.map(id_text).unwrap_or(Value::Null)),
            ("recorded_at", Value::Text(instant_text(r.recorded_at))),
            ("recorded_by", id_text(recorded_by)),
            ("negligible", Value::Integer(r.negligible.into())),
            ("negligible_reason", opt_text(r.negligible_reason.clone())),
            ("reason", opt_text(r.reason.clone())),
            ("place", opt_text(r.place.clone())),
            ("started_at", opt_instant(r.started_at)),
            ("ended_at", opt_instant(r.ended_at)),
            ("force_types", json(&r.force_types)?),
            ("in_care_plan", opt_bool(r.in_care_plan)),
            ("patient_name", opt_text(r.patient_name.clone())),
            ("how_used", opt_text(r.how_used.clone())),
            ("nhs_number", opt_text(r.nhs_number.as_ref().map(|n| n.digits().to_string()))),
            ("staff", json(&r.staff)?),
            ("non_staff_involved", opt_bool(r.non_staff_involved)),
            ("non_staff_reason", opt_text(r.non_staff_reason.clone())),
            ("mental_disorder", opt_json(&r.mental_disorder)?),
            ("protected_characteristics", opt_json(&r.protected_characteristics)?),
            ("learning_disability_or_autism", opt_text(r.learning_disability_or_autism.map(|l| l.as_str().into()))),
            ("outcome", opt_text(r.outcome.clone())),
            ("died_or_seriously_injured", opt_bool(r.died_or_seriously_injured)),
            ("efforts_to_avoid", opt_text(r.efforts_to_avoid.clone())),
            ("care_plan_people_notified", opt_bool(r.care_plan_people_notified)),
            ("positions", json(&r.positions)?),
            ("chemical", json(&r.chemical)?),
            ("mechanical", json(&r.mechanical)?),
            ("injuries", opt_text(r.injuries.clone())),
            ("debrief_offered", opt_bool(r.debrief_offered)),
        ],
    )
}

/// Record a use of force: checked whole against s6 before anything is written.
pub fn record_use_of_force(ctx: &Ctx, input: RecordUseOfForceInput) -> AppResult<UseOfForceView> {
    if input.ward_id.is_nil() {
        return Err(AppError::validation("wardId", "give the ward where force was used"));
    }
    ctx.require(Action::RecordUseOfForce, Some(input.ward_id))?;
    let me = ctx.me()?.id;
    let now = ctx.store().now();
    let record = record_of(&input, ctx.store().new_id(), now)?;
    record.validate(now)?;
    ctx.store().write(ctx.user_id(), |tx| {
        queries::places::ward(tx.conn(), record.ward_id, "wardId")?;
        if let Some(episode) = record.episode_id {
            if episodes::episode(tx.conn(), episode, "episodeId")?.episode.ward_id != record.ward_id {
                return Err(AppError::not_found("episodeId", "episode on this ward"));
            }
        }
        let mut record = record.clone();
        record.recorded_at = tx.now();
        insert_use_of_force(tx, &record, me)?;
        q::use_of_force(tx.conn(), record.id, "id")
    })
}

/// One record with its duration, prone time and flag, and data set codes.
pub fn get_use_of_force(ctx: &Ctx, input: UseOfForceInput) -> AppResult<UseOfForceView> {
    ctx.store().read(|c| {
        let view = q::use_of_force(c, input.id, "id")?;
        ctx.require(Action::ViewUseOfForce, Some(view.record.ward_id))?;
        Ok(view)
    })
}

/// A ward's records, newest first, in one London month or all of them.
pub fn ward_use_of_force(ctx: &Ctx, input: WardUseOfForceInput) -> AppResult<Vec<UseOfForceView>> {
    ctx.require(Action::ViewUseOfForce, Some(input.ward_id))?;
    let span = match input.month.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(m) => Some(Month::parse("month", m)?.span()),
    };
    ctx.store().read(|c| {
        queries::places::ward(c, input.ward_id, "wardId")?;
        q::ward_use_of_force(c, input.ward_id, span)
    })
}
