//! Moving an action through its workflow (DESIGN.md §2.3): confirm, merge or
//! dismiss a draft; assign (one or many at once), start, complete with
//! evidence; verify (the ligature point's status and residual score update
//! with it) or reject back to open. Every step is one line on the timeline.

use super::{actor, log_event, view, Event};
use crate::ctx::Ctx;
use crate::records::{add_assessment, id_text, NewAssessment};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::ligature::PointStatus;
use wardsafe_domain::remediation::status::{apply, Transition};
use wardsafe_domain::remediation::views::ActionView;
use wardsafe_domain::remediation::{london_date, ActionStatus, TransitionKind};
use wardsafe_domain::risk::Risk;
use wardsafe_domain::role::Role;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, Entity, Tx, Value};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StepInput {
    pub action_id: Uuid,
    pub step: TransitionKind,
    /// Dismiss and reject: why.
    #[ts(optional = nullable)]
    pub reason: Option<String>,
    /// Complete: what was done.
    #[ts(optional = nullable)]
    pub note: Option<String>,
    /// Complete: photos of the work (from `upload_photo`).
    #[serde(default)]
    pub photo_ids: Vec<Uuid>,
    /// Assign: to whom (someone with the estates role for the ward).
    #[ts(optional = nullable)]
    pub assignee_id: Option<Uuid>,
    /// Merge: the action this draft is folded into.
    #[ts(optional = nullable)]
    pub merge_into: Option<Uuid>,
    /// Verify, for an action about a ligature point: the point's status now (removed or mitigated)…
    #[ts(optional = nullable)]
    pub point_status: Option<PointStatus>,
    /// …and its residual score with the fix in place.
    #[ts(optional = nullable)]
    #[ts(type = "number | null")]
    pub residual_likelihood: Option<i64>,
    #[ts(optional = nullable)]
    #[ts(type = "number | null")]
    pub residual_consequence: Option<i64>,
}

impl StepInput {
    pub fn new(action_id: Uuid, step: TransitionKind) -> StepInput {
        StepInput {
            action_id,
            step,
            reason: None,
            note: None,
            photo_ids: Vec::new(),
            assignee_id: None,
            merge_into: None,
            point_status: None,
            residual_likelihood: None,
            residual_consequence: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssignInput {
    pub action_ids: Vec<Uuid>,
    pub assignee_id: Uuid,
}

pub(super) fn text(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Take one step; all or nothing.
pub fn action_step(ctx: &Ctx, input: StepInput) -> AppResult<ActionView> {
    let now = ctx.store().now();
    ctx.store().write(ctx.user_id(), |tx| {
        step(ctx, tx, &input, now)?;
        view(ctx, tx.conn(), input.action_id, now)
    })
}

/// Assign several actions to one person at once: every one or none.
pub fn assign_actions(ctx: &Ctx, input: AssignInput) -> AppResult<Vec<ActionView>> {
    if input.action_ids.is_empty() {
        return Err(AppError::validation("actionIds", "choose at least one action"));
    }
    let now = ctx.store().now();
    ctx.store().write(ctx.user_id(), |tx| {
        let mut out = Vec::with_capacity(input.action_ids.len());
        for (i, id) in input.action_ids.iter().enumerate() {
            let mut one = StepInput::new(*id, TransitionKind::Assign);
            one.assignee_id = Some(input.assignee_id);
            step(ctx, tx, &one, now).map_err(|mut e| {
                if e.field.as_deref() == Some("actionId") {
                    e.field = Some(format!("actionIds[{i}]"));
                }
                e
            })?;
            out.push(view(ctx, tx.conn(), *id, now)?);
        }
        Ok(out)
    })
}

fn step(ctx: &Ctx, tx: &mut Tx, input: &StepInput, now: chrono::DateTime<chrono::Utc>) -> AppResult<()> {
    let a = view(ctx, tx.conn(), input.action_id, now)?;
    let me = actor(ctx, a.ward_id)?;
    let assignee_roles: Vec<Role> = match (input.step, input.assignee_id) {
        (TransitionKind::Assign, Some(who)) => {
            if queries::users::by_id(tx.conn(), who)?.is_none() {
                return Err(AppError::not_found("assigneeId", "user"));
            }
            let grants = queries::users::roles(tx.conn(), who)?;
            grants.iter().filter(|g| g.ward_id.is_none_or(|w| w == a.ward_id)).map(|g| g.role).collect()
        }
        (TransitionKind::Assign, None) => {
            return Err(AppError::validation("assigneeId", "choose who will do the work"));
        }
        _ => Vec::new(),
    };
    let into = match (input.step, input.merge_into) {
        (TransitionKind::Merge, Some(other)) => {
            if other == a.id {
                return Err(AppError::validation("mergeInto", "a draft cannot be merged into itself"));
            }
            let target = queries::actions::action(tx.conn(), other, "mergeInto", now)?;
            if target.ward_id != a.ward_id {
                return Err(AppError::not_found("mergeInto", "action on this ward"));
            }
            Some(target)
        }
        (TransitionKind::Merge, None) => {
            return Err(AppError::validation("mergeInto", "choose the action to merge this draft into"));
        }
        _ => None,
    };
    for (i, p) in input.photo_ids.iter().enumerate() {
        if !queries::photos::exists(tx.conn(), *p)? {
            return Err(AppError::not_found(format!("photoIds[{i}]"), "photo"));
        }
    }
    let (reason, note) = (text(&input.reason), text(&input.note));
    let transition = match input.step {
        TransitionKind::Confirm => Transition::Confirm,
        TransitionKind::Merge => Transition::Merge { into: into.as_ref().map_or(ActionStatus::Open, |t| t.status) },
        TransitionKind::Dismiss => Transition::Dismiss { reason: reason.as_deref() },
        TransitionKind::Assign => Transition::Assign { assignee_roles: &assignee_roles },
        TransitionKind::Start => Transition::Start,
        TransitionKind::Complete => Transition::Complete { note: note.as_deref(), photos: input.photo_ids.len() },
        TransitionKind::Verify => Transition::Verify,
        TransitionKind::Reject => Transition::Reject { reason: reason.as_deref() },
    };
    let to = apply(a.status, &transition, &me, a.completed_by)?;
    let at = tx.now_str();
    let mut fields: Vec<(&str, Value)> = vec![("status", Value::Text(to.as_str().into()))];
    match input.step {
        TransitionKind::Assign => fields.push(("assignee_id", input.assignee_id.map(id_text).unwrap_or(Value::Null))),
        TransitionKind::Merge => fields.push(("merged_into", input.merge_into.map(id_text).unwrap_or(Value::Null))),
        TransitionKind::Complete => {
            fields.push(("completed_by", id_text(me.user_id)));
            fields.push(("completed_at", Value::Text(at.clone())));
        }
        TransitionKind::Verify => {
            fields.push(("verified_by", id_text(me.user_id)));
            fields.push(("verified_at", Value::Text(at.clone())));
        }
        // Back to open, to be assigned again (the timeline keeps who did the
        // rejected work): the next completion is someone's new work.
        TransitionKind::Reject => {
            fields.push(("assignee_id", Value::Null));
            fields.push(("completed_by", Value::Null));
            fields.push(("completed_at", Value::Null));
        }
        _ => {}
    }
    if input.step == TransitionKind::Verify {
        if let Some(point) = a.point_id {
            update_point(ctx, tx, &a, point, input, &at, now)?;
        }
    }
    // Drafts already merged into this one: follow it, or keep it from being dismissed.
    let folded = queries::actions::merged_into(tx.conn(), a.id)?;
    if input.step == TransitionKind::Dismiss && !folded.is_empty() {
        return Err(AppError::invalid_state(format!(
            "{} other finding{} {} merged into this draft: confirm it, or merge it into another action, instead of dismissing it",
            folded.len(),
            if folded.len() == 1 { "" } else { "s" },
            if folded.len() == 1 { "was" } else { "were" },
        )));
    }
    tx.update(Entity::Action, a.id, &fields)?;
    let mut note = note;
    if let Some(target) = &into {
        merge_record(tx, me.user_id, &a, target, &folded)?;
        note = Some(
            note.map_or(format!("Merged into: {}", target.title), |n| format!("Merged into: {}. {n}", target.title)),
        );
    }
    let photos = if input.step == TransitionKind::Complete { input.photo_ids.as_slice() } else { &[] };
    log_event(
        tx,
        a.id,
        me.user_id,
        Event {
            kind: input.step.as_str(),
            from: Some(a.status),
            to: Some(to),
            reason,
            note,
            assignee: input.assignee_id.filter(|_| input.step == TransitionKind::Assign),
            due_date: None,
            photos,
        },
    )
}

/// A merge on the surviving action's timeline too, and the drafts already
/// folded into the merged one move with it (so no finding ends up inside a
/// closed draft).
fn merge_record(
    tx: &mut Tx,
    by: uuid::Uuid,
    draft: &ActionView,
    target: &ActionView,
    folded: &[Uuid],
) -> AppResult<()> {
    for child in folded {
        tx.update(Entity::Action, *child, &[("merged_into", id_text(target.id))])?;
    }
    let extra = match folded.len() {
        0 => String::new(),
        1 => " (with 1 finding merged into it before)".to_string(),
        n => format!(" (with {n} findings merged into it before)"),
    };
    log_event(
        tx,
        target.id,
        by,
        Event { kind: "merged_in", note: Some(format!("Merged in: {}{extra}", draft.title)), ..Default::default() },
    )
}

/// Verifying a fix re-assesses its ligature point: the status the verifier
/// saw (removed or mitigated) and the residual score with the fix in place,
/// as a new assessment in the point's history (assessments are never changed).
fn update_point(
    ctx: &Ctx,
    tx: &mut Tx,
    a: &ActionView,
    point: Uuid,
    input: &StepInput,
    at: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    let status = input.point_status.ok_or_else(|| {
        AppError::validation("pointStatus", "say whether the ligature point is now removed or mitigated")
    })?;
    if !matches!(status, PointStatus::Removed | PointStatus::Mitigated) {
        return Err(AppError::validation("pointStatus", "a verified fix leaves the point removed or mitigated"));
    }
    let residual = match (input.residual_likelihood, input.residual_consequence) {
        (None, None) if status == PointStatus::Removed => None,
        (None, None) => {
            return Err(AppError::validation("residualLikelihood", "score the mitigated point's residual risk"))
        }
        (l, c) => Some(Risk::new(l.unwrap_or(0), c.unwrap_or(0), "residual")?),
    };
    let p = queries::ligature::point(tx.conn(), point, london_date(now))?;
    let latest = p.latest.as_ref();
    let risk = latest
        .map(|l| Risk { likelihood: l.risk.likelihood, consequence: l.risk.consequence })
        .ok_or_else(|| AppError::invalid_state("this ligature point has never been assessed"))?;
    let controls: Vec<&str> = latest.map(|l| l.controls.iter().map(String::as_str).collect()).unwrap_or_default();
    let evidence = queries::actions::events(tx.conn(), a.id)?
        .into_iter()
        .rev()
        .find(|e| e.kind == TransitionKind::Complete.as_str())
        .map(|e| e.photo_ids)
        .unwrap_or_default();
    add_assessment(
        tx,
        NewAssessment {
            point,
            audit: None,
            risk,
            residual,
            controls: &controls,
            status,
            accepted_reason: None,
            approver: None,
            notes: Some(format!("Verified fix: {}", a.title)),
            photo_ids: &evidence,
            at: at.to_string(),
            by: ctx.me()?.id,
        },
    )?;
    Ok(())
}
