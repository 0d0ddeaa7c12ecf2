//! A walk-round's summary: counts by band and tier, failed items, and the
//! comparison with the ward's previous walk-round.

use crate::audits::{visible, AuditInput};
use crate::ctx::Ctx;
use std::collections::HashMap;
use wardsafe_domain::summary::{classify, open_counts, Assessed, Change, Count};
use wardsafe_domain::views::{AuditSummary, FailedItem, PointChange};
use wardsafe_domain::AppResult;
use wardsafe_store::{queries, Connection};

pub fn audit_summary(ctx: &Ctx, input: AuditInput) -> AppResult<AuditSummary> {
    ctx.store().read(|c| {
        visible(ctx, c, input.audit_id)?;
        summarise(c, input.audit_id)
    })
}

pub(crate) fn summarise(c: &Connection, audit_id: uuid::Uuid) -> AppResult<AuditSummary> {
    let view = crate::audits::view(c, audit_id)?;
    let area_name: HashMap<_, _> = view.areas.iter().map(|a| (a.id, a.name.clone())).collect();
    let tier: HashMap<_, _> = view.areas.iter().map(|a| (a.id, a.tier)).collect();

    let mut failed_critical = Vec::new();
    let mut failed_other = Vec::new();
    for a in view.answers.iter().filter(|a| a.failed) {
        let Some(q) = view.template.question(&a.question_id) else { continue };
        let item = FailedItem {
            area_name: a.area_id.and_then(|id| area_name.get(&id).cloned()),
            question_id: q.id.clone(),
            question_text: q.text.clone(),
            value: a.value.clone(),
            critical: q.critical,
        };
        if q.critical {
            failed_critical.push(item)
        } else {
            failed_other.push(item)
        }
    }

    let assessed = |a: &wardsafe_domain::views::Assessment| Assessed { score: a.effective_score(), status: a.status };
    let (open_by_band, open_by_tier) = open_counts(
        view.points.iter().filter_map(|p| Some((*tier.get(&p.point.area_id)?, assessed(p.assessment.as_ref()?)))),
    );
    let mut point_changes = Vec::new();
    for p in &view.points {
        let previous = p.previous.as_ref().map(assessed);
        let current = p.assessment.as_ref().map(assessed);
        // A point first recorded before this walk-round but never assessed since is "new" only here.
        let Some(change) = classify(previous, current) else { continue };
        point_changes.push(PointChange {
            point_id: p.point.id,
            area_name: area_name.get(&p.point.area_id).cloned().unwrap_or_default(),
            fixture_type: p.point.fixture_type,
            location: p.point.location.clone(),
            change,
            before: previous.map(|a| a.score),
            after: current.map(|a| a.score),
        });
    }
    let kinds =
        [Change::New, Change::Unchanged, Change::Worse, Change::Better, Change::Resolved, Change::NotReassessed];
    let changes = kinds
        .iter()
        .map(|k| Count { key: *k, count: point_changes.iter().filter(|p| p.change == *k).count() as u32 })
        .collect();
    let previous_audit =
        queries::audits::previous_completed(c, view.ward.id, view.template.kind, &view.audit.started_at)?;
    Ok(AuditSummary {
        answered: view.answers.len() as u32,
        failed: (failed_critical.len() + failed_other.len()) as u32,
        audit: view.audit,
        ward: view.ward,
        open_by_band,
        open_by_tier,
        failed_critical,
        failed_other,
        changes,
        point_changes,
        previous_audit,
    })
}
