//! Which wards a list, dashboard or report covers: one ward, a site's wards,
//! or every ward the person may see for `action`. Refused when their roles
//! never allow `action` (so an empty answer means "nothing there", never
//! "not allowed").

use crate::ctx::Ctx;
use uuid::Uuid;
use wardsafe_domain::role::{allows, may, Action, RoleGrant};
use wardsafe_domain::views::Ward;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, Connection};

/// The wards covered, with a name for the whole (a ward, a site, "The whole trust", "My wards").
pub(crate) fn wards_for(
    ctx: &Ctx,
    c: &Connection,
    ward: Option<Uuid>,
    site: Option<Uuid>,
    action: Action,
) -> AppResult<(String, Vec<Ward>)> {
    let me = ctx.me()?;
    if !me.roles.iter().any(|g| allows(g.role, action)) {
        return Err(AppError::forbidden(format!("your roles do not allow you to {}", action.describe())));
    }
    if let Some(w) = ward {
        let w = queries::places::ward(c, w, "wardId")?;
        ctx.require(action, Some(w.id))?;
        return Ok((w.name.clone(), vec![w]));
    }
    let visible = visible_wards(c, &me.roles, action)?.into_iter();
    match site {
        Some(site) => {
            let name = queries::places::sites(c)?.into_iter().find(|s| s.id == site).map(|s| s.name);
            let name = name.ok_or_else(|| AppError::not_found("siteId", "site"))?;
            Ok((name, visible.filter(|w| w.site_id == site).collect()))
        }
        None => {
            let trust_wide = me.roles.iter().any(|g| g.ward_id.is_none() && allows(g.role, action));
            Ok((if trust_wide { "The whole trust" } else { "My wards" }.to_string(), visible.collect()))
        }
    }
}

/// Every ward on which `roles` allow `action` (none when they never do).
pub(crate) fn visible_wards(c: &Connection, roles: &[RoleGrant], action: Action) -> AppResult<Vec<Ward>> {
    Ok(queries::places::wards(c)?.into_iter().filter(|w| may(roles, action, Some(w.id))).collect())
}
