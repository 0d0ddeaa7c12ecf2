//! Interim controls while an action is open (room closed, 1:1 observation, …),
//! each with a review date; and the trust's remediation policy.

use super::{log_event, parse_date, view, Event};
use crate::ctx::Ctx;
use crate::records::id_text;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::place::optional_text;
use wardsafe_domain::remediation::interim::{InterimControl, InterimControlKind};
use wardsafe_domain::remediation::policy::RemediationPolicy;
use wardsafe_domain::remediation::views::ActionView;
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, Entity, Value};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddInterimInput {
    pub action_id: Uuid,
    pub kind: InterimControlKind,
    #[serde(default)]
    pub detail: String,
    /// `YYYY-MM-DD` (London): when someone checks it is still right.
    pub review_date: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ControlInput {
    pub control_id: Uuid,
}

/// Put an interim control in place on an action still being worked on.
pub fn add_interim_control(ctx: &Ctx, input: AddInterimInput) -> AppResult<ActionView> {
    let detail = optional_text("detail", Some(&input.detail), 500)?.unwrap_or_default();
    if input.kind == InterimControlKind::Other && detail.is_empty() {
        return Err(AppError::validation("detail", "say what the control is"));
    }
    let review = parse_date("reviewDate", &input.review_date)?;
    let now = ctx.store().now();
    let me = ctx.me()?.id;
    ctx.store().write(ctx.user_id(), |tx| {
        let a = view(ctx, tx.conn(), input.action_id, now)?;
        ctx.require(Action::RaiseAction, Some(a.ward_id))?;
        if !a.status.is_outstanding() && a.status != wardsafe_domain::remediation::ActionStatus::Completed {
            return Err(AppError::invalid_state("interim controls are for actions still open"));
        }
        InterimControl { kind: input.kind, started_at: now, review_date: review, ended_at: None }.validate()?;
        tx.insert(
            Entity::InterimControl,
            Uuid::now_v7(),
            &[
                ("ward_id", id_text(a.ward_id)),
                ("action_id", id_text(a.id)),
                ("kind", Value::Text(input.kind.as_str().into())),
                ("detail", Value::Text(detail.clone())),
                ("started_at", Value::Text(tx.now_str())),
                ("review_date", Value::Text(review.to_string())),
                ("added_by", id_text(me)),
            ],
        )?;
        let note = if detail.is_empty() {
            input.kind.label().to_string()
        } else {
            format!("{}: {detail}", input.kind.label())
        };
        log_event(
            tx,
            a.id,
            me,
            Event { kind: "interim_added", note: Some(note), due_date: Some(review.to_string()), ..Default::default() },
        )?;
        view(ctx, tx.conn(), a.id, now)
    })
}

/// End an interim control (the fix is in, or a stronger control replaced it).
pub fn end_interim_control(ctx: &Ctx, input: ControlInput) -> AppResult<ActionView> {
    let now = ctx.store().now();
    let me = ctx.me()?.id;
    ctx.store().write(ctx.user_id(), |tx| {
        let (action, ended) = queries::actions::control_action(tx.conn(), input.control_id)?;
        let a = view(ctx, tx.conn(), action, now)?;
        ctx.require(Action::RaiseAction, Some(a.ward_id))?;
        if ended.is_some() {
            return Err(AppError::invalid_state("this interim control has already ended"));
        }
        let kind = a.interim_controls.iter().find(|c| c.id == input.control_id).map(|c| c.kind.label()).unwrap_or("");
        tx.update(Entity::InterimControl, input.control_id, &[("ended_at", Value::Text(tx.now_str()))])?;
        log_event(tx, a.id, me, Event { kind: "interim_ended", note: Some(kind.to_string()), ..Default::default() })?;
        view(ctx, tx.conn(), a.id, now)
    })
}

pub fn get_policy(ctx: &Ctx, _: serde_json::Value) -> AppResult<RemediationPolicy> {
    ctx.me()?;
    ctx.store().read(queries::actions::policy)
}

/// Administrator: the trust's due days by band and the vigilance-only limit.
pub fn set_policy(ctx: &Ctx, input: RemediationPolicy) -> AppResult<RemediationPolicy> {
    ctx.require(Action::SetPolicy, None)?;
    input.validate()?;
    ctx.store().write(ctx.user_id(), |tx| {
        let fields = [
            ("extreme_days", Value::Integer(input.extreme_days.into())),
            ("high_days", Value::Integer(input.high_days.into())),
            ("moderate_days", Value::Integer(input.moderate_days.into())),
            ("low_days", Value::Integer(input.low_days.into())),
            ("vigilance_only_days", Value::Integer(input.vigilance_only_days.into())),
        ];
        let id = queries::actions::policy_id();
        if queries::exists(tx.conn(), Entity::RemediationPolicy, id)? {
            tx.update(Entity::RemediationPolicy, id, &fields)?;
        } else {
            tx.insert(Entity::RemediationPolicy, id, &fields)?;
        }
        queries::actions::policy(tx.conn())
    })
}
