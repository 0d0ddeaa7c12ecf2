//! CSV exports (issue 4): a ward's ligature register, and the actions of a
//! ward, a site or every ward I may see. Each
//! file says what it holds and when it was produced in its name and in the
//! description returned with it; an empty ward is a file with just the header.

use crate::actions::{scope, DashboardInput};
use crate::ctx::Ctx;
use crate::places::WardInput;
use crate::report::{slug, ReportFile};
use crate::time::london_now;
use base64::Engine;
use chrono::Utc;
use chrono_tz::Europe::London;
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::queries;

pub(crate) fn csv_file(
    name: String,
    description: String,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> AppResult<ReportFile> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let broken = |e: csv::Error| AppError::internal(format!("could not write the CSV: {e}"));
    w.write_record(header).map_err(broken)?;
    for row in rows {
        w.write_record(&row).map_err(broken)?;
    }
    let bytes = w.into_inner().map_err(|e| AppError::internal(format!("could not write the CSV: {e}")))?;
    Ok(ReportFile {
        file_name: name,
        mime: "text/csv".into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        description: Some(description),
    })
}

pub(crate) fn stamp() -> String {
    Utc::now().with_timezone(&London).format("%Y-%m-%d-%H%M").to_string()
}

pub const REGISTER_HEADER: [&str; 14] = [
    "point_id",
    "area",
    "tier",
    "fixture_type",
    "location",
    "height_band",
    "collapsible",
    "status",
    "score",
    "band",
    "residual_score",
    "residual_band",
    "controls",
    "last_assessed_at",
];

/// The ward's ligature register, every point not removed, one row each.
pub fn export_register_csv(ctx: &Ctx, input: WardInput) -> AppResult<ReportFile> {
    let today = crate::time::london_today();
    let (ward, entries) = ctx.store().read(|c| {
        let ward = queries::places::ward(c, input.ward_id, "wardId")?;
        ctx.require(Action::ViewWard, Some(ward.id))?;
        Ok((ward.clone(), crate::places::register(c, ward.id, today)?))
    })?;
    let rows: Vec<Vec<String>> = entries
        .iter()
        .filter(|e| e.point.status != wardsafe_domain::ligature::PointStatus::Removed)
        .map(|e| {
            let a = e.point.latest.as_ref();
            vec![
                e.point.id.to_string(),
                e.area_name.clone(),
                e.tier.number().to_string(),
                e.point.fixture_type.as_str().into(),
                e.point.location.clone(),
                e.point.height_band.as_str().into(),
                if e.point.collapsible { "yes" } else { "no" }.into(),
                e.point.status.as_str().into(),
                a.map(|a| a.risk.score.to_string()).unwrap_or_default(),
                a.map(|a| a.risk.band.as_str().to_string()).unwrap_or_default(),
                a.and_then(|a| a.residual).map(|r| r.score.to_string()).unwrap_or_default(),
                a.and_then(|a| a.residual).map(|r| r.band.as_str().to_string()).unwrap_or_default(),
                a.map(|a| a.controls.join("; ")).unwrap_or_default(),
                a.map(|a| a.assessed_at.clone()).unwrap_or_default(),
            ]
        })
        .collect();
    let description = format!(
        "Ligature register of {} ({}): {} point(s) not removed, produced {}",
        ward.name,
        ward.site_name,
        rows.len(),
        london_now(Utc::now())
    );
    csv_file(format!("{}-ligature-register-{}.csv", slug(&ward.name), stamp()), description, &REGISTER_HEADER, rows)
}

pub const ACTIONS_HEADER: [&str; 16] = [
    "action_id",
    "ward",
    "area",
    "title",
    "band",
    "status",
    "owner_team",
    "trade",
    "assignee",
    "due_date",
    "overdue",
    "capital_ref",
    "raised_by",
    "raised_at",
    "completed_at",
    "verified_at",
];

/// The actions of a ward, a site, or every ward I may see (drafts and closed
/// ones too), ward by ward, highest band first, then by due date.
pub fn export_actions_csv(ctx: &Ctx, input: DashboardInput) -> AppResult<ReportFile> {
    let today = wardsafe_domain::remediation::london_date(ctx.store().now());
    let ((name, wards), actions) = ctx.store().read(|c| {
        let (name, wards) = scope(ctx, c, &input)?;
        let ids: Vec<_> = wards.iter().map(|w| w.id).collect();
        Ok(((name, wards), queries::action_export::lines(c, &ids, today)?))
    })?;
    let rows: Vec<Vec<String>> = actions
        .into_iter()
        .map(|a| {
            vec![
                a.id,
                a.ward,
                a.area,
                a.title,
                a.band,
                a.status,
                a.owner_team,
                a.trade,
                a.assignee,
                a.due_date,
                if a.overdue { "yes" } else { "no" }.into(),
                a.capital_ref,
                a.raised_by,
                a.raised_at,
                a.completed_at,
                a.verified_at,
            ]
        })
        .collect();
    let place = match &wards[..] {
        [one] if input.ward_id.is_some() => format!("{} ({})", one.name, one.site_name),
        _ => format!("{name}: {} ward(s)", wards.len()),
    };
    let description = format!("Actions of {place}: {} action(s), produced {}", rows.len(), london_now(Utc::now()));
    csv_file(format!("{}-actions-{}.csv", slug(&name), stamp()), description, &ACTIONS_HEADER, rows)
}
