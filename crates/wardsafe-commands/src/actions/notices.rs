//! What needs my attention now, for the desktop notifications and the
//! "For you" list: actions assigned to me, overdue ones I answer for, and
//! completed ones waiting for my verification; and the seclusion and
//! segregation reviews due soon or missed on the wards I record them for.

use crate::ctx::Ctx;
use crate::restrictive::evaluated;
use crate::scope::visible_wards;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use wardsafe_domain::remediation::notices::{notices, Me, Notices};
use wardsafe_domain::restrictive::notices::review_notices;
use wardsafe_domain::role::{allows, may, Action};
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries;
use wardsafe_store::queries::restrictive as restrictive_q;

/// At most this many actions are looked at (the most urgent first).
const CANDIDATES: u32 = 2_000;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NoticesInput {
    /// At most 200 (default 50).
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

pub fn my_notices(ctx: &Ctx, input: NoticesInput) -> AppResult<Notices> {
    let me = ctx.me()?;
    let limit = input.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(AppError::validation("limit", "limit must be 1 to 200"));
    }
    let trust_wide = me.roles.iter().any(|g| g.ward_id.is_none() && allows(g.role, Action::VerifyAction));
    let verify_wards: Vec<_> =
        me.roles.iter().filter_map(|g| g.ward_id).filter(|w| may(&me.roles, Action::VerifyAction, Some(*w))).collect();
    let now = ctx.store().now();
    let actions = ctx.store().read(|c| {
        queries::actions::for_notices(c, me.id, (!trust_wide).then_some(&verify_wards[..]), CANDIDATES, now)
    })?;
    let verifies = |ward| may(&me.roles, Action::VerifyAction, Some(ward));
    let mut list = notices(&Me { id: me.id, verifies: &verifies }, &actions, limit as usize);
    list.reviews = ctx.store().read(|c| {
        let wards: Vec<_> = visible_wards(c, &me.roles, Action::RecordRestrictive)?.into_iter().map(|w| w.id).collect();
        if wards.is_empty() {
            return Ok(Vec::new());
        }
        let rules = restrictive_q::review_rules(c)?;
        let active = evaluated(c, restrictive_q::active_episodes(c, &wards)?, &rules, now)?;
        Ok(review_notices(&active, now))
    })?;
    list.reviews.truncate(limit as usize);
    Ok(list)
}
