//! A ward's actions as its manager works through them, and the estates queue
//! across every ward an estates officer covers.

use super::with_steps;
use crate::ctx::Ctx;
use crate::places::WardInput;
use chrono::Duration;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::remediation::views::{QueuePage, WardActions};
use wardsafe_domain::remediation::{ActionStatus, Trade};
use wardsafe_domain::role::Action;
use wardsafe_domain::AppResult;
use wardsafe_store::queries;
use wardsafe_store::queries::actions::QueueFilter;

pub fn ward_actions(ctx: &Ctx, input: WardInput) -> AppResult<WardActions> {
    ctx.require(Action::ViewWard, Some(input.ward_id))?;
    let now = ctx.store().now();
    let since = (now - Duration::days(90)).to_rfc3339();
    let list = ctx.store().read(|c| {
        queries::places::ward(c, input.ward_id, "wardId")?;
        queries::actions::for_ward(c, input.ward_id, &since, now)
    })?;
    let mut out = WardActions {
        drafts: Vec::new(),
        open: Vec::new(),
        awaiting_verification: Vec::new(),
        recently_closed: Vec::new(),
        overdue: 0,
        interim_reviews_due: 0,
        vigilance_only: 0,
    };
    for a in list {
        let a = with_steps(ctx, a)?;
        out.overdue += a.overdue as u32;
        out.vigilance_only += a.vigilance_only_flag as u32;
        out.interim_reviews_due += a.interim_controls.iter().filter(|c| c.review_overdue).count() as u32;
        match a.status {
            ActionStatus::Draft => out.drafts.push(a),
            ActionStatus::Completed => out.awaiting_verification.push(a),
            s if s.is_outstanding() => out.open.push(a),
            _ => out.recently_closed.push(a),
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueInput {
    #[ts(optional = nullable)]
    pub site_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub ward_id: Option<Uuid>,
    #[ts(optional = nullable)]
    pub trade: Option<Trade>,
    /// None: everything not yet verified (open, assigned, in progress, completed).
    #[serde(default)]
    pub statuses: Vec<ActionStatus>,
    #[serde(default)]
    pub overdue_only: bool,
    /// Only the actions assigned to me.
    #[serde(default)]
    pub mine: bool,
    #[serde(default)]
    pub offset: u32,
    /// At most 200 (default 50).
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

/// The estates queue: every ward the person covers (trust-wide roles: all),
/// highest band first, then by due date.
pub fn estates_queue(ctx: &Ctx, input: QueueInput) -> AppResult<QueuePage> {
    let me = ctx.me()?;
    let limit = input.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(wardsafe_domain::AppError::validation("limit", "limit must be 1 to 200"));
    }
    let trust_wide = me.roles.iter().any(|g| g.ward_id.is_none());
    let wards: Option<Vec<Uuid>> = (!trust_wide).then(|| me.roles.iter().filter_map(|g| g.ward_id).collect());
    let filter = QueueFilter {
        wards,
        site: input.site_id,
        ward: input.ward_id,
        trade: input.trade,
        statuses: input.statuses.clone(),
        overdue_only: input.overdue_only,
        assignee: input.mine.then_some(me.id),
    };
    let now = ctx.store().now();
    let (items, total) = ctx.store().read(|c| queries::actions::queue(c, &filter, input.offset, limit, now))?;
    let items = items.into_iter().map(|a| with_steps(ctx, a)).collect::<AppResult<_>>()?;
    Ok(QueuePage { items, total, offset: input.offset })
}

/// The people an action on this ward can be assigned to: those with the estates role for it.
pub fn assignable_users(ctx: &Ctx, input: WardInput) -> AppResult<Vec<wardsafe_domain::views::UserInfo>> {
    ctx.require(Action::ViewWard, Some(input.ward_id))?;
    let users = ctx.store().read(queries::users::all)?;
    Ok(users
        .into_iter()
        .filter(|u| {
            u.roles
                .iter()
                .any(|g| g.role == wardsafe_domain::role::Role::Estates && g.ward_id.is_none_or(|w| w == input.ward_id))
        })
        .collect())
}
