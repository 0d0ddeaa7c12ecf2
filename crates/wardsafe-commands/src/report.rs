//! PDF reports: a walk-round, and a ward's ligature register, for an
//! inspection evidence pack. Maps read models to the report crate's plain data.
//!
//! The walk-round report carries the actions raised from it (drafts marked,
//! merged and dismissed ones with how they ended) and the other actions still
//! open against the points it assessed; the register carries each point's
//! open actions, their interim controls in force and the vigilance-only flag.
//! Each file comes with a description of what it holds and when (London time)
//! and by whom it was produced.

use crate::audits::{visible, AuditInput};
use crate::ctx::Ctx;
use crate::places::WardInput;
use crate::time::{london, london_now};
use base64::Engine;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::collections::HashSet;
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::ligature::{is_open, Control, PointStatus};
use wardsafe_domain::remediation::status::{ActionStatus, TransitionKind};
use wardsafe_domain::remediation::views::{ActionEventView, ActionView, InterimControlView};
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

fn file(name: String, bytes: Vec<u8>, description: String) -> ReportFile {
    ReportFile {
        file_name: name,
        mime: "application/pdf".into(),
        data_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        description: Some(description),
    }
}

/// A `YYYY-MM-DD` date as "10 Mar 2026"; anything else unchanged.
fn day(date: &str) -> String {
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| d.format("%-d %b %Y").to_string())
        .unwrap_or_else(|_| date.to_string())
}

/// Who is asking for the report, by name.
fn produced_by(ctx: &Ctx) -> String {
    ctx.me().map(|u| u.display_name.clone()).unwrap_or_default()
}

fn or_someone(name: &str) -> &str {
    if name.trim().is_empty() {
        "someone not signed in"
    } else {
        name
    }
}

/// "n thing" or "n things".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An interim control as the report shows it, if it is in force at `now`.
fn interim_line(c: &InterimControlView, now: chrono::DateTime<Utc>) -> Option<r::InterimLine> {
    let in_force = match queries::actions::control_of(c) {
        Some(domain) => domain.is_active(now),
        None => c.ended_at.is_none(),
    };
    if !in_force {
        return None;
    }
    let label = c.kind.label();
    let detail = c.detail.trim();
    let control = if detail.is_empty() || detail == label { label.to_string() } else { format!("{label}: {detail}") };
    Some(r::InterimLine {
        control,
        since: london(&c.started_at),
        review_date: day(&c.review_date),
        review_overdue: c.review_overdue,
    })
}

/// The last event of one of `kinds`.
fn last_of<'a>(events: &'a [ActionEventView], kinds: &[TransitionKind]) -> Option<&'a ActionEventView> {
    events.iter().rev().find(|e| kinds.iter().any(|k| k.as_str() == e.kind))
}

fn with_text(head: String, text: Option<&str>) -> String {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!("{head}: {t}"),
        None => head,
    }
}

/// How the action was verified, merged, dismissed, completed or rejected, from its timeline.
fn outcome(a: &ActionView, events: &[ActionEventView], titles: &HashMap<Uuid, String>) -> Option<String> {
    use TransitionKind as K;
    let by = |e: &ActionEventView| format!("{} by {}", london(&e.at), e.by_name);
    let completed =
        || last_of(events, &[K::Complete]).map(|e| with_text(format!("completed {}", by(e)), e.note.as_deref()));
    match a.status {
        ActionStatus::Verified => {
            let verified = match last_of(events, &[K::Verify]) {
                Some(e) => format!("Verified {}", by(e)),
                None => format!("Verified {}", a.verified_at.as_deref().map(london).unwrap_or_default()),
            };
            Some(match completed() {
                Some(c) => format!("{verified}; {c}"),
                None => verified,
            })
        }
        ActionStatus::Merged => {
            let into = a.merged_into.and_then(|id| titles.get(&id).cloned()).unwrap_or_else(|| "another action".into());
            let when = last_of(events, &[K::Merge]).map(|e| format!(" ({})", by(e))).unwrap_or_default();
            Some(format!("Merged into: {into}{when}"))
        }
        ActionStatus::Dismissed => Some(match last_of(events, &[K::Dismiss]) {
            Some(e) => with_text(format!("Dismissed {}", by(e)), e.reason.as_deref()),
            None => "Dismissed".into(),
        }),
        ActionStatus::Completed => completed().map(|c| format!("Awaiting verification; {c}")),
        // Rejected back to open: the last word on it was a rejection.
        ActionStatus::Open => match last_of(events, &[K::Complete, K::Verify, K::Reject]) {
            Some(e) if e.kind == K::Reject.as_str() => {
                Some(with_text(format!("Fix rejected {}", by(e)), e.reason.as_deref()))
            }
            _ => None,
        },
        _ => None,
    }
}

/// An action as the report shows it. `about`: what it concerns (area and point).
fn action_line(a: &ActionView, about: String, outcome: Option<String>, now: chrono::DateTime<Utc>) -> r::ActionLine {
    r::ActionLine {
        title: a.title.clone(),
        about,
        band: a.band.as_str().into(),
        status: a.status.label().into(),
        draft: a.status == ActionStatus::Draft,
        owner: format!("{}, {}", a.owner_team.label(), a.trade.label()),
        assignee: a.assignee_name.clone(),
        due: day(&a.due_date),
        overdue: a.overdue,
        interim_controls: a.interim_controls.iter().filter_map(|c| interim_line(c, now)).collect(),
        vigilance_only: a.vigilance_only_flag,
        interim_missing: a.interim_control_missing,
        outcome,
    }
}

pub(crate) fn slug(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}

/// The walk-round's actions: those raised from it, and the others still open
/// against the points it assessed, each with its timeline.
struct AuditActions {
    raised: Vec<ActionView>,
    open: Vec<ActionView>,
    events: HashMap<Uuid, Vec<ActionEventView>>,
    /// Titles of the ward's actions, for "merged into".
    titles: HashMap<Uuid, String>,
}

fn audit_actions(
    c: &wardsafe_store::Connection,
    view: &wardsafe_domain::views::AuditView,
    now: chrono::DateTime<Utc>,
) -> AppResult<AuditActions> {
    let audit = view.audit.id;
    let assessed: HashSet<Uuid> = view.points.iter().filter(|p| p.assessment.is_some()).map(|p| p.point.id).collect();
    let all = queries::actions::all_for_ward(c, view.ward.id, now)?;
    let titles = all.iter().map(|a| (a.id, a.title.clone())).collect();
    let (raised, rest): (Vec<_>, Vec<_>) = all.into_iter().partition(|a| a.audit_id == Some(audit));
    let open: Vec<ActionView> = rest
        .into_iter()
        .filter(|a| !a.status.is_closed() && a.point_id.is_some_and(|p| assessed.contains(&p)))
        .collect();
    let mut events = HashMap::new();
    for a in raised.iter().chain(&open) {
        events.insert(a.id, queries::actions::events(c, a.id)?);
    }
    Ok(AuditActions { raised, open, events, titles })
}

pub fn audit_report_pdf(ctx: &Ctx, input: AuditInput) -> AppResult<ReportFile> {
    let now = ctx.store().now();
    let (view, summary, actions) = ctx.store().read(|c| {
        visible(ctx, c, input.audit_id)?;
        let view = crate::audits::view(c, input.audit_id)?;
        let actions = audit_actions(c, &view, now)?;
        Ok((view, crate::summary::summarise(c, input.audit_id)?, actions))
    })?;
    let area_names: HashMap<Uuid, &str> = view.areas.iter().map(|a| (a.id, a.name.as_str())).collect();
    let locations: HashMap<Uuid, &str> = view.points.iter().map(|p| (p.point.id, p.point.location.as_str())).collect();
    let line = |a: &ActionView| {
        let area = a.area_id.and_then(|id| area_names.get(&id).copied()).or(a.area_name.as_deref());
        let location = a.point_id.and_then(|p| locations.get(&p)).copied();
        let about = match (area, location) {
            // Drafts are titled with their area and point already.
            (_, Some(loc)) if a.title.contains(loc) => String::new(),
            (Some(area), None) if a.title.contains(area) => String::new(),
            (Some(area), Some(loc)) => format!("{area}: {loc}"),
            (None, Some(loc)) => loc.to_string(),
            (Some(area), None) => area.to_string(),
            (None, None) => "Whole ward".to_string(),
        };
        let events = actions.events.get(&a.id).map(Vec::as_slice).unwrap_or_default();
        action_line(a, about, outcome(a, events, &actions.titles), now)
    };
    let raised: Vec<r::ActionLine> = actions.raised.iter().map(line).collect();
    let open_actions: Vec<r::ActionLine> = actions.open.iter().map(line).collect();
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
    let produced_at = london_now(now);
    let who = produced_by(ctx);
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
        produced_at: produced_at.clone(),
        produced_by: who.clone(),
        actions: raised,
        open_actions,
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
    let drafts = report.actions.iter().filter(|a| a.draft).count();
    let description = format!(
        "{} of {} ({}) started {}, as a PDF: its summary, each area's checks and ligature points, {} raised from \
         it ({}), {} still open against the points it assessed, and {} after sign-off; produced {} by {}",
        view.template.name,
        view.ward.name,
        view.ward.site_name,
        london(&view.audit.started_at),
        count(report.actions.len(), "action", "actions"),
        count(drafts, "draft", "drafts"),
        count(report.open_actions.len(), "other action", "other actions"),
        count(report.amendments.len(), "amendment", "amendments"),
        produced_at,
        or_someone(&who),
    );
    Ok(file(format!("{}-{}-{date}.pdf", slug(&view.ward.name), view.template.key), bytes, description))
}

pub fn register_report_pdf(ctx: &Ctx, input: WardInput) -> AppResult<ReportFile> {
    let now = ctx.store().now();
    // The calendar date on the ward (Europe/London), not UTC: the two differ after 23:00 in summer.
    let today = wardsafe_domain::remediation::london_date(now);
    let (ward, areas, entries, actions) = ctx.store().read(|c| {
        let ward = queries::places::ward(c, input.ward_id, "wardId")?;
        ctx.require(Action::ViewWard, Some(ward.id))?;
        Ok((
            ward.clone(),
            queries::places::areas(c, ward.id)?,
            crate::places::register(c, ward.id, today)?,
            queries::actions::all_for_ward(c, ward.id, now)?,
        ))
    })?;
    // Each point's actions not yet verified, merged or dismissed, highest band first.
    let mut open_actions: HashMap<Uuid, Vec<&ActionView>> = HashMap::new();
    for a in actions.iter().filter(|a| !a.status.is_closed()) {
        if let Some(p) = a.point_id {
            open_actions.entry(p).or_default().push(a);
        }
    }
    let produced_at = london_now(now);
    let who = produced_by(ctx);
    let report = r::RegisterReport {
        title: "Ligature register".into(),
        trust_or_site: ward.site_name.clone(),
        ward: ward.name.clone(),
        produced_at: produced_at.clone(),
        produced_by: who.clone(),
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
                        let actions = open_actions.get(&e.point.id).map(Vec::as_slice).unwrap_or_default();
                        r::RegisterPoint {
                            fixture: e.point.fixture_type.label().into(),
                            location: e.point.location.clone(),
                            height_band: e.point.height_band.label().into(),
                            score: a.map(score_text).unwrap_or_default(),
                            residual: a.and_then(|a| a.residual).map(|r| format!("{} ({})", r.score, r.band.as_str())),
                            controls: controls_text(a),
                            status: e.point.status.label().into(),
                            last_assessed: a.map(|a| london(&a.assessed_at)).unwrap_or_default(),
                            open: is_open(e.point.status),
                            vigilance_only: actions.iter().any(|a| a.vigilance_only_flag),
                            actions: actions.iter().map(|a| action_line(a, String::new(), None, now)).collect(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    };
    let bytes =
        r::ligature_register_pdf(&report).map_err(|e| AppError::internal(format!("could not make the PDF: {e}")))?;
    let points = || report.areas.iter().flat_map(|a| &a.points);
    let description = format!(
        "Ligature register of {} ({}) as a PDF: {} not removed ({} open), with {} against them and the interim \
         controls in force; produced {} by {}",
        ward.name,
        ward.site_name,
        count(points().count(), "ligature point", "ligature points"),
        points().filter(|p| p.open).count(),
        count(points().map(|p| p.actions.len()).sum(), "open action", "open actions"),
        produced_at,
        or_someone(&who),
    );
    Ok(file(format!("{}-ligature-register-{}.pdf", slug(&ward.name), today), bytes, description))
}
