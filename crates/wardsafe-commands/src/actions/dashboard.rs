//! The risk dashboard for a ward, a site or every ward the person may see.

use crate::ctx::Ctx;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::remediation::views::RiskDashboard;
use wardsafe_domain::role::{may, Action};
use wardsafe_domain::views::Ward;
use wardsafe_domain::{AppError, AppResult};
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
    let me = ctx.me()?;
    let visible: Vec<_> =
        queries::places::wards(c)?.into_iter().filter(|w| may(&me.roles, Action::ViewWard, Some(w.id))).collect();
    Ok(match (input.ward_id, input.site_id) {
        (Some(ward), _) => {
            let w = queries::places::ward(c, ward, "wardId")?;
            ctx.require(Action::ViewWard, Some(ward))?;
            (w.name.clone(), vec![w])
        }
        (None, Some(site)) => {
            if !queries::places::site_exists(c, site)? {
                return Err(AppError::not_found("siteId", "site"));
            }
            let wards: Vec<_> = visible.into_iter().filter(|w| w.site_id == site).collect();
            let name =
                queries::places::sites(c)?.into_iter().find(|s| s.id == site).map(|s| s.name).unwrap_or_default();
            (name, wards)
        }
        (None, None) => {
            let trust_wide = me.roles.iter().any(|g| g.ward_id.is_none());
            (if trust_wide { "The whole trust" } else { "My wards" }.to_string(), visible)
        }
    })
}
