//! Sites, wards, areas and users; the ward list, overview and register.

use crate::ctx::Ctx;
use crate::session::{insert_user, NewUserInput};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::ligature::is_open;
use wardsafe_domain::place::{required_text, AreaType, Specialty, Tier};
use wardsafe_domain::risk::Band;
use wardsafe_domain::role::{may, Action};
use wardsafe_domain::summary::{open_counts, Assessed};
use wardsafe_domain::template::TemplateKind;
use wardsafe_domain::views::{Area, AreaSummary, RegisterEntry, Site, UserInfo, Ward, WardOverview, WardSummary};
use wardsafe_domain::AppResult;
use wardsafe_store::{queries, Entity, Value};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NameInput {
    pub name: String,
}

pub fn create_site(ctx: &Ctx, input: NameInput) -> AppResult<Site> {
    ctx.require(Action::ManageTrust, None)?;
    let name = required_text("name", &input.name, 100)?;
    let id = Uuid::now_v7();
    ctx.store().write(ctx.user_id(), |tx| tx.insert(Entity::Site, id, &[("name", Value::Text(name.clone()))]))?;
    Ok(Site { id, name })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateWardInput {
    pub site_id: Uuid,
    pub name: String,
    pub specialty: Specialty,
}

pub fn create_ward(ctx: &Ctx, input: CreateWardInput) -> AppResult<Ward> {
    ctx.require(Action::ManageTrust, None)?;
    let name = required_text("name", &input.name, 100)?;
    let id = Uuid::now_v7();
    ctx.store().write(ctx.user_id(), |tx| {
        if !queries::places::site_exists(tx.conn(), input.site_id)? {
            return Err(wardsafe_domain::AppError::not_found("siteId", "site"));
        }
        tx.insert(
            Entity::Ward,
            id,
            &[
                ("site_id", Value::Text(input.site_id.to_string())),
                ("name", Value::Text(name)),
                ("specialty", Value::Text(input.specialty.as_str().into())),
            ],
        )?;
        queries::places::ward(tx.conn(), id, "wardId")
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateAreaInput {
    pub ward_id: Uuid,
    pub name: String,
    pub area_type: AreaType,
    /// Defaults to the tier CQC suggests for the area type.
    #[ts(optional = nullable)]
    pub tier: Option<Tier>,
}

pub fn create_area(ctx: &Ctx, input: CreateAreaInput) -> AppResult<Area> {
    let name = required_text("name", &input.name, 100)?;
    let tier = input.tier.unwrap_or(Tier::suggested_for(input.area_type));
    let id = Uuid::now_v7();
    ctx.store().write(ctx.user_id(), |tx| {
        queries::places::ward(tx.conn(), input.ward_id, "wardId")?;
        ctx.require(Action::ManageAreas, Some(input.ward_id))?;
        let position = queries::places::next_area_position(tx.conn(), input.ward_id)?;
        tx.insert(
            Entity::Area,
            id,
            &[
                ("ward_id", Value::Text(input.ward_id.to_string())),
                ("name", Value::Text(name.clone())),
                ("area_type", Value::Text(input.area_type.as_str().into())),
                ("tier", Value::Integer(tier.number().into())),
                ("position", Value::Integer(position)),
            ],
        )
    })?;
    Ok(Area { id, ward_id: input.ward_id, name, area_type: input.area_type, tier })
}

pub fn create_user(ctx: &Ctx, input: NewUserInput) -> AppResult<UserInfo> {
    ctx.require(Action::ManageTrust, None)?;
    ctx.store().write(ctx.user_id(), |tx| insert_user(tx, &input))
}

pub fn list_users(ctx: &Ctx, _: serde_json::Value) -> AppResult<Vec<UserInfo>> {
    ctx.require(Action::ManageTrust, None)?;
    ctx.store().read(queries::users::all)
}

pub fn list_sites(ctx: &Ctx, _: serde_json::Value) -> AppResult<Vec<Site>> {
    ctx.me()?;
    ctx.store().read(queries::places::sites)
}

/// The wards the signed-in user holds a role on, with their open risks.
pub fn list_my_wards(ctx: &Ctx, _: serde_json::Value) -> AppResult<Vec<WardSummary>> {
    let me = ctx.me()?;
    ctx.store().read(|c| {
        let mut out = Vec::new();
        for ward in queries::places::wards(c)? {
            if !may(&me.roles, Action::ViewWard, Some(ward.id)) {
                continue;
            }
            let areas = queries::places::areas(c, ward.id)?;
            // Counted in SQL rather than loading every point: a matron sees every ward.
            let counts = queries::ligature::score_counts(c, ward.id)?;
            let (open_by_band, _) = open_counts(counts.iter().flat_map(|k| {
                let assessed = k.score.map(|score| (Tier::One, Assessed { score, status: k.status }));
                (0..k.count).filter_map(move |_| assessed)
            }));
            let audits = queries::audits::for_ward(c, ward.id, 50)?;
            let last_walkround =
                audits.iter().find(|a| a.kind == TemplateKind::LigatureWalkround && a.completed_at.is_some()).cloned();
            out.push(WardSummary {
                area_count: areas.len() as u32,
                open_points: counts.iter().filter(|k| is_open(k.status)).map(|k| k.count).sum(),
                open_by_band,
                last_walkround,
                in_progress: queries::audits::in_progress(c, ward.id)?,
                ward,
            });
        }
        Ok(out)
    })
}

fn assessed(p: &wardsafe_domain::views::LigaturePoint) -> Option<Assessed> {
    p.latest.as_ref().map(|a| Assessed { score: a.effective_score(), status: p.status })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WardInput {
    pub ward_id: Uuid,
}

pub fn ward_overview(ctx: &Ctx, input: WardInput) -> AppResult<WardOverview> {
    let today = crate::time::london_today();
    ctx.store().read(|c| {
        let ward = queries::places::ward(c, input.ward_id, "wardId")?;
        ctx.require(Action::ViewWard, Some(ward.id))?;
        let areas = queries::places::areas(c, ward.id)?;
        let points = queries::ligature::for_ward(c, ward.id, today)?;
        let tier_of = |area: Uuid| areas.iter().find(|a| a.id == area).map(|a| a.tier).unwrap_or(Tier::Three);
        let (open_by_band, open_by_tier) =
            open_counts(points.iter().filter_map(|p| Some((tier_of(p.area_id), assessed(p)?))));
        let areas = areas
            .iter()
            .map(|a| {
                let open: Vec<_> = points.iter().filter(|p| p.area_id == a.id && is_open(p.status)).collect();
                AreaSummary {
                    area: a.clone(),
                    open_points: open.len() as u32,
                    highest_band: open
                        .iter()
                        .filter_map(|p| p.latest.as_ref())
                        .map(|l| Band::of_score(l.effective_score()))
                        .max(),
                }
            })
            .collect();
        Ok(WardOverview { areas, open_by_band, open_by_tier, audits: queries::audits::for_ward(c, ward.id, 20)?, ward })
    })
}

/// The ward's ligature register: every point, highest current risk first.
pub fn ligature_register(ctx: &Ctx, input: WardInput) -> AppResult<Vec<RegisterEntry>> {
    let today = crate::time::london_today();
    ctx.store().read(|c| {
        let ward = queries::places::ward(c, input.ward_id, "wardId")?;
        ctx.require(Action::ViewWard, Some(ward.id))?;
        register(c, ward.id, today)
    })
}

pub(crate) fn register(
    c: &wardsafe_store::Connection,
    ward: Uuid,
    today: chrono::NaiveDate,
) -> AppResult<Vec<RegisterEntry>> {
    let areas = queries::places::areas(c, ward)?;
    let mut out: Vec<RegisterEntry> = queries::ligature::for_ward(c, ward, today)?
        .into_iter()
        .filter_map(|point| {
            let area = areas.iter().find(|a| a.id == point.area_id)?;
            Some(RegisterEntry { area_name: area.name.clone(), area_type: area.area_type, tier: area.tier, point })
        })
        .collect();
    let score = |e: &RegisterEntry| e.point.latest.as_ref().map(|a| a.effective_score()).unwrap_or(0);
    out.sort_by(|a, b| {
        is_open(b.point.status)
            .cmp(&is_open(a.point.status))
            .then(score(b).cmp(&score(a)))
            .then(a.area_name.cmp(&b.area_name))
    });
    Ok(out)
}

pub fn list_areas(ctx: &Ctx, input: WardInput) -> AppResult<Vec<Area>> {
    ctx.store().read(|c| {
        queries::places::ward(c, input.ward_id, "wardId")?;
        ctx.require(Action::ViewWard, Some(input.ward_id))?;
        queries::places::areas(c, input.ward_id)
    })
}
