//! The risk dashboard for a ward, a site or every ward the person may see.

use crate::ctx::Ctx;
use crate::scope::wards_for;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::remediation::views::RiskDashboard;
use wardsafe_domain::role::Action;
use wardsafe_domain::views::Ward;
use wardsafe_domain::AppResult;
use wardsafe_store::{queries, Connection};

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardInput {
    /// One ward; or
    #[ts(optional = nullable)]
    pub ward_id: Option<Uuid>,
    /// one site's wards; neither: every ward I may see.
    #[ts(optional = nullable)]
    pub site_id: Option<Uuid>,
}

pub fn risk_dashboard(ctx: &Ctx, input: DashboardInput) -> AppResult<RiskDashboard> {
    let now = ctx.store().now();
    ctx.store().read(|c| {
        let (scope, wards) = scope(ctx, c, &input)?;
        queries::dashboard::dashboard(c, &scope, &wards, now)
    })
}

/// What a ward, site or trust-wide view covers: its name, and the wards in it
/// that the person may see (a ward they may not see is refused).
pub(crate) fn scope(ctx: &Ctx, c: &Connection, input: &DashboardInput) -> AppResult<(String, Vec<Ward>)> {
    wards_for(ctx, c, input.ward_id, input.site_id, Action::ViewWard)
}
