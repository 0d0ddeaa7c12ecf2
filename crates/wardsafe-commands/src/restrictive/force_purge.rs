//! Purging use of force records once kept 3 years (Mental Health Units (Use
//! of Force) Act 2018 s6 guidance; DESIGN.md §2.4): the administrator's list
//! of the records that may be purged — where and when only, never the patient
//! or what happened, as the administrator may not read the records — and the
//! purge of one.

use crate::ctx::Ctx;
use crate::records::id_text;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::place::required_text;
use wardsafe_domain::restrictive::force_views::PurgeableList;
use wardsafe_domain::restrictive::use_of_force::{check_purge, purge_cutoff};
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries::use_of_force as q;
use wardsafe_store::{Entity, Value};

const TEXT_MAX: usize = super::use_of_force::TEXT_MAX;

/// At most this many records are listed at once.
pub const PURGEABLE_MAX: u32 = 500;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgeUseOfForceInput {
    pub id: Uuid,
    pub reason: String,
}

/// A record purged: marked deleted with its patient identifiers blanked.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgedUseOfForce {
    pub id: Uuid,
    pub purged_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgeableInput {
    /// How many of the oldest to list: 1 to 500, 100 when absent.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

/// Administrator: the records kept 3 years that may be purged now, oldest first.
pub fn purgeable_use_of_force(ctx: &Ctx, input: PurgeableInput) -> AppResult<PurgeableList> {
    ctx.require(Action::PurgeUseOfForce, None)?;
    let limit = input.limit.unwrap_or(100);
    if !(1..=PURGEABLE_MAX).contains(&limit) {
        return Err(AppError::validation("limit", format!("list from 1 to {PURGEABLE_MAX} records at once")));
    }
    let cutoff = purge_cutoff(ctx.store().now());
    ctx.store().read(|c| q::purgeable(c, cutoff, limit))
}

/// Administrator: purge a record kept at least 3 years (s6 guidance). It is
/// marked deleted and its patient's name and NHS number are blanked, in one
/// change with who purged it and why; before 3 years it is refused.
pub fn purge_use_of_force(ctx: &Ctx, input: PurgeUseOfForceInput) -> AppResult<PurgedUseOfForce> {
    ctx.require(Action::PurgeUseOfForce, None)?;
    let me = ctx.me()?.id;
    let reason = required_text("reason", &input.reason, TEXT_MAX)?;
    ctx.store().write(ctx.user_id(), |tx| {
        let recorded_at = q::use_of_force(tx.conn(), input.id, "id")?.record.recorded_at;
        check_purge(recorded_at, tx.now())?;
        let purged_at = tx.now_str();
        tx.update(
            Entity::UseOfForce,
            input.id,
            &[
                ("patient_name", Value::Null),
                ("nhs_number", Value::Null),
                ("purged_at", Value::Text(purged_at.clone())),
                ("purged_by", id_text(me)),
                ("purge_reason", Value::Text(reason)),
            ],
        )?;
        tx.tombstone(Entity::UseOfForce, input.id)?;
        Ok(PurgedUseOfForce { id: input.id, purged_at })
    })
}
