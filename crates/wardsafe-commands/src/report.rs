//! PDF reports: a walk-round, and a ward's ligature register, for an
//! inspection evidence pack. Maps read models to the report crate's plain data.

use crate::audits::{visible, AuditInput};
use crate::ctx::Ctx;
use crate::places::WardInput;
use crate::time::{london, london_now};
use base64::Engine;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use wardsafe_domain::ligature::{Control, PointStatus};
use wardsafe_domain::role::Action;
use wardsafe_domain::views::{Assessment, AuditStatus};
use wardsafe_domain::{AppError, AppResult};
use wardsafe_report as r;
use wardsafe_store::queries;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportFile {
    pub file_name: String,
    pub mime: String,
    pub data_base64: String,
    /// What the file holds and when it was produced, for the person saving it.
    #[ts(optional = nullable)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

fn score_text(a: &Assessment) -> String {
    format!("{} ({})", a.risk.score, a.risk.band.as_str())
}

fn controls_text(a: Option<&Assessment>) -> String {
    a.map(|a| {
        a.controls
            .iter()
            .map(|c| Control::parse(c).map(|c| c.label()).unwrap_or(c.as_str()).to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
    .unwrap_or_default()
}

fn status_label(s: AuditStatus) -> &'static str {
    match s {
        AuditStatus::InProgress => "In progress",
        AuditStatus::Completed => "Completed",
        AuditStatus::SignedOff => "Signed off",
    }
}

fn file(name: String, bytes: Vec<u8>) -> ReportFile {
    ReportFile {
        file_name: name,
        mime: "application/pdf".into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        description: None,
    }
}

pub(crate) fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

pub fn audit_report_pdf(ctx: &Ctx, input: AuditInput) -> AppResult<ReportFile> {
    let (view, summary) = ctx.store().read(|c| {
        visible(ctx, c, input.audit_id)?;
        Ok((crate::audits::view(c, input.audit_id)?, crate::summary::summarise(c, input.audit_id)?))
    })?;
    let answer_line = |a: &wardsafe_domain::views::Answer| {
        let q = view.template.question(&a.question_id)?;
        Some(r::AnswerLine {
            question: q.text.clone(),
            answer: a.value.clone(),
            comment: a.comment.clone(),
            failed: a.failed,
            critical: q.critical,
        })
    };
    let change_of: HashMap<_, _> = summary.point_changes.iter().map(|p| (p.point_id, p.change.label())).collect();
    let areas = view
        .areas
        .iter()
        .map(|area| r::AreaBlock {
            name: area.name.clone(),
            area_type: area.area_type.label().into(),
            tier: area.tier.label().into(),
            answers: view.answers.iter().filter(|a| a.area_id == Some(area.id)).filter_map(answer_line).collect(),
            points: view
                .points
                .iter()
                .filter(|p| p.point.area_id == area.id)
                .map(|p| {
                    let a = p.assessment.as_ref().or(p.previous.as_ref());
                    r::PointLine {
                        fixture: p.point.fixture_type.label().into(),
                        location: p.point.location.clone(),
                        height_band: p.point.height_band.label().into(),
                        score: a.map(score_text).unwrap_or_else(|| "not assessed".into()),
                        residual: a.and_then(|a| a.residual).map(|r| format!("{} ({})", r.score, r.band.as_str())),
                        controls: controls_text(a),
                        status: p.point.status.label().into(),
                        change: change_of.get(&p.point.id).map(|c| c.to_string()),
                    }
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    // Ward-wide checklists have answers without an area.
    let mut areas = areas;
    let ward_answers: Vec<_> = view.answers.iter().filter(|a| a.area_id.is_none()).filter_map(answer_line).collect();
    if !ward_answers.is_empty() {
        areas.insert(
            0,
            r::AreaBlock {
                name: "Whole ward".into(),
                area_type: "Ward".into(),
                tier: String::new(),
                answers: ward_answers,
                points: vec![],
            },
        );
    }
    areas.retain(|a| !a.answers.is_empty() || !a.points.is_empty());
    let report = r::WalkroundReport {
        title: view.template.name.clone(),
        trust_or_site: view.ward.site_name.clone(),
        ward: view.ward.name.clone(),
        template: format!("{} (version {})", view.template.name, view.template.version),
        started_by: view.audit.started_by.clone(),
        started_at: london(&view.audit.started_at),
        completed_at: view.audit.completed_at.as_deref().map(london),
        signed_off_by: view.audit.signed_off_by.clone(),
        signed_off_at: view.audit.signed_off_at.as_deref().map(london),
        status: status_label(view.audit.status).into(),
        produced_at: london_now(Utc::now()),
        summary: r::SummaryBlock {
            counts_by_band: summary.open_by_band.iter().map(|c| (c.key.label().to_string(), c.count)).collect(),
            counts_by_tier: summary.open_by_tier.iter().map(|c| (c.key.label().to_string(), c.count)).collect(),
            failed_critical: summary
                .failed_critical
                .iter()
                .map(|f| {
                    format!(
                        "{}{}",
                        f.area_name.as_deref().map(|a| format!("{a}: ")).unwrap_or_default(),
                        f.question_text
                    )
                })
                .collect(),
            changes: summary.changes.iter().map(|c| (c.key.label().to_string(), c.count)).collect(),
        },
        areas,
        amendments: view
            .amendments
            .iter()
            .map(|m| r::AmendmentLine {
                when: london(&m.amended_at),
                by: m.amended_by.clone(),
                what: view
                    .template
                    .question(&m.question_id)
                    .map(|q| q.text.clone())
                    .unwrap_or_else(|| m.question_id.clone()),
                original: m.original_value.clone(),
                amended: m.value.clone(),
                reason: m.reason.clone(),
            })
            .collect(),
    };
    let bytes = r::walkround_pdf(&report).map_err(|e| AppError::internal(format!("could not make the PDF: {e}")))?;
    let date = view.audit.started_at.get(..10).unwrap_or("").to_string();
    Ok(file(format!("{}-{}-{date}.pdf", slug(&view.ward.name), view.template.key), bytes))
}

pub fn register_report_pdf(ctx: &Ctx, input: WardInput) -> AppResult<ReportFile> {
    let today = Utc::now().date_naive();
    let (ward, areas, entries) = ctx.store().read(|c| {
        let ward = queries::places::ward(c, input.ward_id, "wardId")?;
        ctx.require(Action::ViewWard, Some(ward.id))?;
        Ok((ward.clone(), queries::places::areas(c, ward.id)?, crate::places::register(c, ward.id, today)?))
    })?;
    let report = r::RegisterReport {
        title: "Ligature register".into(),
        trust_or_site: ward.site_name.clone(),
        ward: ward.name.clone(),
        produced_at: london_now(Utc::now()),
        areas: areas
            .iter()
            .map(|area| r::RegisterArea {
                name: area.name.clone(),
                area_type: area.area_type.label().into(),
                tier: area.tier.label().into(),
                points: entries
                    .iter()
                    .filter(|e| e.point.area_id == area.id && e.point.status != PointStatus::Removed)
                    .map(|e| {
                        let a = e.point.latest.as_ref();
                        r::RegisterPoint {
                            fixture: e.point.fixture_type.label().into(),
                            location: e.point.location.clone(),
                            height_band: e.point.height_band.label().into(),
                            score: a.map(score_text).unwrap_or_default(),
                            residual: a.and_then(|a| a.residual).map(|r| format!("{} ({})", r.score, r.band.as_str())),
                            controls: controls_text(a),
                            status: e.point.status.label().into(),
                            last_assessed: a.map(|a| london(&a.assessed_at)).unwrap_or_default(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    };
    let bytes =
        r::ligature_register_pdf(&report).map_err(|e| AppError::internal(format!("could not make the PDF: {e}")))?;
    Ok(file(format!("{}-ligature-register-{}.pdf", slug(&ward.name), today), bytes))
}
