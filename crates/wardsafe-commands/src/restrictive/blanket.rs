//! The blanket restrictions register (DESIGN.md §2.4; Code of Practice
//! chapter 8: a blanket restriction needs a reason, an approver and regular
//! review): a ward manager or matron adds, reviews and lifts them; ward
//! staff and governance read the register, overdue reviews flagged.

use crate::ctx::Ctx;
use crate::records::id_text;
use crate::scope::wards_for;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::place::required_text;
use wardsafe_domain::remediation::{london_date, london_midnight};
use wardsafe_domain::restrictive::blanket::BlanketRestriction;
use wardsafe_domain::restrictive::force_views::{sort_register, BlanketRestrictionView};
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries::blanket as q;
use wardsafe_store::queries::restrictive::instant_text;
use wardsafe_store::{queries, Entity, Value};

const TEXT_MAX: usize = 2000;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddBlanketRestrictionInput {
    pub ward_id: Uuid,
    pub restriction: String,
    pub reason: String,
    /// Who approved it (name and role).
    pub approved_by: String,
    /// Europe/London date it was approved, `YYYY-MM-DD`; not in the future.
    #[ts(type = "string")]
    pub approved_on: NaiveDate,
    /// Europe/London date of its next review, `YYYY-MM-DD`; not before it was approved.
    #[ts(type = "string")]
    pub review_date: NaiveDate,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewBlanketRestrictionInput {
    pub id: Uuid,
    /// Europe/London date, `YYYY-MM-DD`; today or later.
    #[ts(type = "string")]
    pub next_review_date: NaiveDate,
    /// What the review found and why the restriction stays.
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LiftBlanketRestrictionInput {
    pub id: Uuid,
    /// Europe/London date, `YYYY-MM-DD`; not in the future nor before it was approved.
    #[ts(type = "string")]
    pub lifted_on: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BlanketRestrictionsInput {
    /// One ward; absent: every ward I may see.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ward_id: Option<Uuid>,
}

/// Add a restriction to a ward's register, approved and with a review date.
pub fn add_blanket_restriction(ctx: &Ctx, input: AddBlanketRestrictionInput) -> AppResult<BlanketRestrictionView> {
    ctx.require(Action::ManageBlanketRestrictions, Some(input.ward_id))?;
    let me = ctx.me()?.id;
    let now = ctx.store().now();
    if input.approved_on > london_date(now) {
        return Err(AppError::validation("approvedOn", "the approval cannot be in the future"));
    }
    let r = BlanketRestriction {
        id: ctx.store().new_id(),
        ward_id: input.ward_id,
        restriction: required_text("restriction", &input.restriction, TEXT_MAX)?,
        reason: required_text("reason", &input.reason, TEXT_MAX)?,
        approved_by: required_text("approvedBy", &input.approved_by, 200)?,
        approved_at: london_midnight(input.approved_on),
        review_date: input.review_date,
        lifted_on: None,
    };
    r.validate(now)?;
    ctx.store().write(ctx.user_id(), |tx| {
        queries::places::ward(tx.conn(), r.ward_id, "wardId")?;
        tx.insert(
            Entity::BlanketRestriction,
            r.id,
            &[
                ("ward_id", id_text(r.ward_id)),
                ("restriction", Value::Text(r.restriction.clone())),
                ("reason", Value::Text(r.reason.clone())),
                ("approved_by", Value::Text(r.approved_by.clone())),
                ("approved_at", Value::Text(instant_text(r.approved_at))),
                ("review_date", Value::Text(r.review_date.to_string())),
                ("recorded_by", id_text(me)),
            ],
        )?;
        q::restriction(tx.conn(), r.id, "id", now)
    })
}

/// Review a restriction still in place: a note and the next review date.
pub fn review_blanket_restriction(
    ctx: &Ctx,
    input: ReviewBlanketRestrictionInput,
) -> AppResult<BlanketRestrictionView> {
    let me = ctx.me()?.id;
    let now = ctx.store().now();
    let note = required_text("note", &input.note, TEXT_MAX)?;
    ctx.store().write(ctx.user_id(), |tx| {
        let current = q::restriction(tx.conn(), input.id, "id", now)?;
        ctx.require(Action::ManageBlanketRestrictions, Some(current.restriction.ward_id))?;
        if !current.in_place {
            return Err(AppError::invalid_state("this restriction has been lifted: there is nothing to review"));
        }
        if input.next_review_date < london_date(now) {
            return Err(AppError::validation("nextReviewDate", "the next review cannot be in the past"));
        }
        tx.update(
            Entity::BlanketRestriction,
            input.id,
            &[
                ("review_date", Value::Text(input.next_review_date.to_string())),
                ("reviewed_at", Value::Text(tx.now_str())),
                ("reviewed_by", id_text(me)),
                ("review_note", Value::Text(note)),
            ],
        )?;
        q::restriction(tx.conn(), input.id, "id", now)
    })
}

/// Lift a restriction (today or a past date), with the reason.
pub fn lift_blanket_restriction(ctx: &Ctx, input: LiftBlanketRestrictionInput) -> AppResult<BlanketRestrictionView> {
    let me = ctx.me()?.id;
    let now = ctx.store().now();
    let reason = required_text("reason", &input.reason, TEXT_MAX)?;
    if input.lifted_on > london_date(now) {
        return Err(AppError::validation("liftedOn", "the date it was lifted cannot be in the future"));
    }
    ctx.store().write(ctx.user_id(), |tx| {
        let current = q::restriction(tx.conn(), input.id, "id", now)?;
        ctx.require(Action::ManageBlanketRestrictions, Some(current.restriction.ward_id))?;
        if let Some(on) = current.restriction.lifted_on {
            return Err(AppError::invalid_state(format!("this restriction was already lifted on {on}")));
        }
        let lifted = BlanketRestriction { lifted_on: Some(input.lifted_on), ..current.restriction.clone() };
        lifted.validate(now)?;
        tx.update(
            Entity::BlanketRestriction,
            input.id,
            &[
                ("lifted_on", Value::Text(input.lifted_on.to_string())),
                ("lifted_reason", Value::Text(reason)),
                ("lifted_by", id_text(me)),
            ],
        )?;
        q::restriction(tx.conn(), input.id, "id", now)
    })
}

/// The register of a ward or of every ward I may see: in place first, the
/// most overdue review first; then the lifted ones.
pub fn blanket_restrictions(ctx: &Ctx, input: BlanketRestrictionsInput) -> AppResult<Vec<BlanketRestrictionView>> {
    let now = ctx.store().now();
    ctx.store().read(|c| {
        let (_, wards) = wards_for(ctx, c, input.ward_id, None, Action::ViewBlanketRestrictions)?;
        let ids: Vec<Uuid> = wards.iter().map(|w| w.id).collect();
        let mut rows = q::restrictions(c, &ids, now)?;
        sort_register(&mut rows);
        Ok(rows)
    })
}
