//! A walk-round's findings become draft actions when it is completed (issue
//! 4): every failed critical question and every open point scored moderate or
//! above, unless an outstanding action already answers it. The ward manager
//! confirms, edits, merges or dismisses them before signing the walk-round off.

use super::{insert_action, NewAction};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;
use wardsafe_domain::remediation::findings::{drafts_from_walkround, AssessedPoint, FailedCritical, Finding};
use wardsafe_domain::remediation::{ActionStatus, OwnerTeam, Trade};
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, Tx};

/// Make the drafts for a completed walk-round; returns how many.
pub fn drafts_for_audit(tx: &mut Tx, audit_id: Uuid, by: Uuid, now: DateTime<Utc>) -> AppResult<usize> {
    let view = crate::audits::view(tx.conn(), audit_id)?;
    let area_name: HashMap<Uuid, String> = view.areas.iter().map(|a| (a.id, a.name.clone())).collect();
    let failed: Vec<FailedCritical> = view
        .answers
        .iter()
        .filter(|a| a.failed)
        .filter_map(|a| {
            let q = view.template.question(&a.question_id).filter(|q| q.critical)?;
            Some(FailedCritical {
                question_id: q.id.clone(),
                text: q.text.clone(),
                area_id: a.area_id,
                area_name: a.area_id.and_then(|id| area_name.get(&id).cloned()),
            })
        })
        .collect();
    let points: Vec<AssessedPoint> = view
        .points
        .iter()
        .filter_map(|p| {
            let a = p.assessment.as_ref()?;
            Some(AssessedPoint {
                point_id: p.point.id,
                area_id: p.point.area_id,
                area_name: area_name.get(&p.point.area_id).cloned().unwrap_or_default(),
                fixture: p.point.fixture_type,
                location: p.point.location.clone(),
                score: a.risk.score,
                residual_score: a.residual.as_ref().map(|r| r.score),
                status: a.status,
            })
        })
        .collect();
    let outstanding = queries::actions::outstanding_findings(tx.conn(), view.ward.id)?;
    let policy = queries::actions::policy(tx.conn())?;
    let drafts = drafts_from_walkround(&failed, &points, &outstanding);
    for d in &drafts {
        let (point, question) = match &d.finding {
            Finding::Point(p) => (Some(*p), None),
            Finding::Question { question_id, .. } => (None, Some(question_id.clone())),
        };
        insert_action(
            tx,
            NewAction {
                ward: view.ward.id,
                area: d.area_id,
                point,
                audit: Some(audit_id),
                question,
                source: d.source,
                title: d.title.clone(),
                detail: String::new(),
                band: d.band,
                owner: OwnerTeam::Estates,
                trade: Trade::General,
                status: ActionStatus::Draft,
                due: policy.default_due_date(d.band, now),
                reason: None,
                by,
            },
        )?;
    }
    Ok(drafts.len())
}

/// Refuse signing a walk-round off while drafts from it wait for the manager.
pub fn open_drafts(conn: &wardsafe_store::Connection, audit_id: Uuid) -> AppResult<()> {
    let n = queries::actions::drafts_of_audit(conn, audit_id)?;
    if n > 0 {
        return Err(AppError::invalid_state(format!(
            "{n} draft action{} from this walk-round {} to be confirmed, merged or dismissed before it is signed off",
            if n == 1 { "" } else { "s" },
            if n == 1 { "needs" } else { "need" }
        )));
    }
    Ok(())
}
