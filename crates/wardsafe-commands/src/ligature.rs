//! Recording ligature points during a walk-round: add new ones, re-assess known ones.

use crate::audits::{check_photos, open_for};
use crate::ctx::Ctx;
use crate::records::{add_assessment, add_point, NewAssessment, NewPoint};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::audit::Step;
use wardsafe_domain::ligature::{check_status, parse_controls, FixtureType, HeightBand, PointStatus};
use wardsafe_domain::place::{optional_text, required_text};
use wardsafe_domain::risk::Risk;
use wardsafe_domain::role::Action;
use wardsafe_domain::template::TemplateKind;
use wardsafe_domain::views::{AuditListItem, AuditPoint};
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, Tx};

/// A risk assessment as entered: raw numbers, validated here so that 0 or 6
/// gets a message naming the field.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessmentInput {
    #[ts(type = "number")]
    pub likelihood: i64,
    #[ts(type = "number")]
    pub consequence: i64,
    #[ts(optional = nullable)]
    #[ts(type = "number | null")]
    pub residual_likelihood: Option<i64>,
    #[ts(optional = nullable)]
    #[ts(type = "number | null")]
    pub residual_consequence: Option<i64>,
    #[serde(default)]
    pub controls: Vec<String>,
    pub status: PointStatus,
    #[ts(optional = nullable)]
    pub accepted_reason: Option<String>,
    #[ts(optional = nullable)]
    pub approver: Option<String>,
    #[ts(optional = nullable)]
    pub notes: Option<String>,
    #[serde(default)]
    pub photo_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddPointInput {
    pub audit_id: Uuid,
    pub area_id: Uuid,
    pub fixture_type: FixtureType,
    pub location: String,
    pub height_band: HeightBand,
    pub collapsible: bool,
    /// `YYYY-MM-DD`, for collapsible / load-release fittings.
    #[ts(optional = nullable)]
    pub load_test_date: Option<String>,
    pub assessment: AssessmentInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssessPointInput {
    pub audit_id: Uuid,
    pub point_id: Uuid,
    pub assessment: AssessmentInput,
}

fn walkround(ctx: &Ctx, tx: &Tx, audit: Uuid) -> AppResult<AuditListItem> {
    let (item, template) = open_for(ctx, tx, audit, Action::RecordAudit, Step::Record)?;
    if template.kind != TemplateKind::LigatureWalkround {
        return Err(AppError::validation(
            "auditId",
            "ligature points are recorded on an environmental ligature walk-round",
        ));
    }
    Ok(item)
}

pub fn add_ligature_point(ctx: &Ctx, input: AddPointInput) -> AppResult<AuditPoint> {
    let location = required_text("location", &input.location, 300)?;
    let load_test_date = match input.load_test_date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => {
            let date = NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| AppError::validation("loadTestDate", "give the load test date as YYYY-MM-DD"))?;
            if date > crate::time::london_today() {
                return Err(AppError::validation("loadTestDate", "the load test date cannot be in the future"));
            }
            Some(date.to_string())
        }
    };
    if load_test_date.is_some() && !input.collapsible {
        return Err(AppError::validation(
            "loadTestDate",
            "only a collapsible / load-release fitting has a load test date",
        ));
    }
    let id = ctx.store().write(ctx.user_id(), |tx| {
        let audit = walkround(ctx, tx, input.audit_id)?;
        let area = queries::places::area(tx.conn(), input.area_id, "areaId")?;
        if area.ward_id != audit.ward_id {
            return Err(AppError::not_found("areaId", "area on this ward"));
        }
        let at = tx.now_str();
        let id = add_point(
            tx,
            NewPoint {
                ward: audit.ward_id,
                area: area.id,
                fixture: input.fixture_type.as_str(),
                location,
                height: input.height_band.as_str(),
                collapsible: input.collapsible,
                load_test_date,
                status: input.assessment.status,
                at,
                audit: Some(audit.id),
            },
        )?;
        record_assessment(tx, ctx, Some(audit.id), id, area.tier, &input.assessment)?;
        Ok(id)
    })?;
    point_view(ctx, input.audit_id, id)
}

pub fn assess_ligature_point(ctx: &Ctx, input: AssessPointInput) -> AppResult<AuditPoint> {
    ctx.store().write(ctx.user_id(), |tx| {
        let audit = walkround(ctx, tx, input.audit_id)?;
        let point = queries::ligature::point(tx.conn(), input.point_id, crate::time::london_today())?;
        if point.ward_id != audit.ward_id {
            return Err(AppError::not_found("pointId", "ligature point on this ward"));
        }
        let area = queries::places::area(tx.conn(), point.area_id, "pointId")?;
        record_assessment(tx, ctx, Some(audit.id), point.id, area.tier, &input.assessment)
    })?;
    point_view(ctx, input.audit_id, input.point_id)
}

/// Validate an assessment and append it; the point takes its status.
pub(crate) fn record_assessment(
    tx: &mut Tx,
    ctx: &Ctx,
    audit: Option<Uuid>,
    point: Uuid,
    tier: wardsafe_domain::place::Tier,
    a: &AssessmentInput,
) -> AppResult<Uuid> {
    let risk = Risk::new(a.likelihood, a.consequence, "")?;
    let residual = match (a.residual_likelihood, a.residual_consequence) {
        (None, None) => None,
        (Some(l), Some(c)) => Some(Risk::new(l, c, "residual")?),
        (None, Some(_)) => {
            return Err(AppError::validation(
                "residualLikelihood",
                "give both residual likelihood and consequence, or neither",
            ))
        }
        (Some(_), None) => {
            return Err(AppError::validation(
                "residualConsequence",
                "give both residual likelihood and consequence, or neither",
            ))
        }
    };
    if let Some(r) = residual {
        if r.score() > risk.score() {
            return Err(AppError::validation(
                "residualLikelihood",
                "the residual score with controls cannot be above the score without them",
            ));
        }
    }
    let controls = parse_controls(&a.controls)?;
    if residual.is_some() && controls.is_empty() {
        return Err(AppError::validation("controls", "a residual score needs the controls it relies on"));
    }
    check_status(a.status, tier, a.accepted_reason.as_deref(), a.approver.as_deref())?;
    let notes = optional_text("notes", a.notes.as_deref(), 4000)?;
    let reason = optional_text("acceptedReason", a.accepted_reason.as_deref(), 2000)?;
    let approver = optional_text("approver", a.approver.as_deref(), 200)?;
    check_photos(tx.conn(), &a.photo_ids)?;
    let at = tx.now_str();
    let controls: Vec<&str> = controls.iter().map(|c| c.as_str()).collect();
    add_assessment(
        tx,
        NewAssessment {
            point,
            audit,
            risk,
            residual,
            controls: &controls,
            status: a.status,
            accepted_reason: reason,
            approver,
            notes,
            photo_ids: &a.photo_ids,
            at,
            by: ctx.me()?.id,
        },
    )
}

fn point_view(ctx: &Ctx, audit: Uuid, point: Uuid) -> AppResult<AuditPoint> {
    ctx.store().read(|c| {
        crate::audits::view(c, audit)?
            .points
            .into_iter()
            .find(|p| p.point.id == point)
            .ok_or_else(|| AppError::internal("the point was saved but is not in the walk-round"))
    })
}
