//! Walk-rounds and checks: start, answer, complete, sign off, amend.

use crate::ctx::Ctx;
use crate::places::WardInput;
use crate::records::{add_audit, put_answer, set_audit_status, NewAnswer};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::audit::{check, Step};
use wardsafe_domain::place::optional_text;
use wardsafe_domain::role::Action;
use wardsafe_domain::template::{completion_problems, AnswerFacts, Template, TemplateKind};
use wardsafe_domain::views::{Amendment, Answer, AuditListItem, AuditPoint, AuditStatus, AuditView};
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, Connection, Entity, Tx, Value};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartAuditInput {
    pub ward_id: Uuid,
    /// `ligature-walkround` or `daily-safety-check`, or an imported template's key.
    pub template_key: String,
}

pub fn start_audit(ctx: &Ctx, input: StartAuditInput) -> AppResult<AuditView> {
    let id = ctx.store().write(ctx.user_id(), |tx| {
        queries::places::ward(tx.conn(), input.ward_id, "wardId")?;
        ctx.require(Action::RecordAudit, Some(input.ward_id))?;
        let (template_id, _) = queries::templates::live_by_key(tx.conn(), input.template_key.trim())?
            .ok_or_else(|| AppError::not_found("templateKey", "live template"))?;
        let now = tx.now_str();
        add_audit(tx, input.ward_id, template_id, now, ctx.me()?.id)
    })?;
    ctx.store().read(|c| view(c, id))
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditInput {
    pub audit_id: Uuid,
}

/// An audit's header, after checking the user may see its ward.
pub(crate) fn visible(ctx: &Ctx, c: &Connection, audit: Uuid) -> AppResult<AuditListItem> {
    let item = queries::audits::item(c, audit)?;
    ctx.require(Action::ViewWard, Some(item.ward_id))?;
    Ok(item)
}

pub fn get_audit(ctx: &Ctx, input: AuditInput) -> AppResult<AuditView> {
    ctx.store().read(|c| {
        visible(ctx, c, input.audit_id)?;
        view(c, input.audit_id)
    })
}

pub(crate) fn view(c: &Connection, id: Uuid) -> AppResult<AuditView> {
    let audit = queries::audits::item(c, id)?;
    let template = queries::templates::by_id(c, queries::audits::template_id(c, id)?)?;
    let ward = queries::places::ward(c, audit.ward_id, "wardId")?;
    let areas = queries::places::areas(c, ward.id)?;
    let today = crate::time::london_today();
    let points = match template.kind {
        wardsafe_domain::template::TemplateKind::LigatureWalkround => {
            let mut current = queries::ligature::in_audit(c, id)?;
            let mut previous = queries::ligature::previous_for_ward(c, ward.id, id, &audit.started_at)?;
            queries::ligature::for_ward(c, ward.id, today)?
                .into_iter()
                .filter_map(|point| {
                    let assessment = current.remove(&point.id);
                    let previous = previous.remove(&point.id);
                    // A point closed before this walk-round began is not walked again.
                    let walked = assessment.is_some()
                        || previous.as_ref().is_some_and(|a| wardsafe_domain::ligature::is_open(a.status));
                    walked.then_some(AuditPoint { assessment, previous, point })
                })
                .collect()
        }
        wardsafe_domain::template::TemplateKind::Checklist => Vec::new(),
    };
    Ok(AuditView {
        answers: queries::audits::answers(c, id)?,
        amendments: queries::audits::amendments(c, id)?,
        audit,
        ward,
        template,
        areas,
        points,
    })
}

pub fn list_audits(ctx: &Ctx, input: WardInput) -> AppResult<Vec<AuditListItem>> {
    ctx.store().read(|c| {
        queries::places::ward(c, input.ward_id, "wardId")?;
        ctx.require(Action::ViewWard, Some(input.ward_id))?;
        queries::audits::for_ward(c, input.ward_id, 500)
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveAnswerInput {
    pub audit_id: Uuid,
    /// The area, for walk-round questions; absent for ward-wide checks.
    #[ts(optional = nullable)]
    pub area_id: Option<Uuid>,
    pub question_id: String,
    pub value: String,
    #[ts(optional = nullable)]
    pub comment: Option<String>,
    #[serde(default)]
    pub photo_ids: Vec<Uuid>,
}

/// Save one answer the moment it is given (DESIGN.md §2.2).
pub fn save_answer(ctx: &Ctx, input: SaveAnswerInput) -> AppResult<Answer> {
    let comment = optional_text("comment", input.comment.as_deref(), 4000)?;
    ctx.store().write(ctx.user_id(), |tx| {
        let (audit, template) = open_for(ctx, tx, input.audit_id, Action::RecordAudit, Step::Record)?;
        let question =
            template.question(&input.question_id).ok_or_else(|| AppError::not_found("questionId", "question"))?;
        let area_type = match input.area_id {
            Some(a) => {
                let area = queries::places::area(tx.conn(), a, "areaId")?;
                if area.ward_id != audit.ward_id {
                    return Err(AppError::not_found("areaId", "area on this ward"));
                }
                Some(area.area_type)
            }
            None => None,
        };
        if !template.asks(&question.id, area_type) {
            return Err(AppError::validation("questionId", "this question is not asked here"));
        }
        let failed = question.evaluate(&input.value)?;
        check_photos(tx.conn(), &input.photo_ids)?;
        let existing = queries::audits::answer_for(tx.conn(), audit.id, input.area_id, &question.id)?;
        let at = tx.now_str();
        let id = put_answer(
            tx,
            existing.map(|a| a.id),
            NewAnswer {
                audit: audit.id,
                area: input.area_id,
                question: &question.id,
                value: input.value.trim().to_string(),
                comment,
                photo_ids: &input.photo_ids,
                failed,
                at,
                by: ctx.me()?.id,
            },
        )?;
        queries::audits::answer(tx.conn(), audit.id, id)
    })
}

/// Load an audit for a change, checking the role and the audit's stage.
pub(crate) fn open_for(
    ctx: &Ctx,
    tx: &Tx,
    audit: Uuid,
    action: Action,
    step: Step,
) -> AppResult<(AuditListItem, Template)> {
    let item = queries::audits::item(tx.conn(), audit)?;
    ctx.require(action, Some(item.ward_id))?;
    check(item.status, step)?;
    let template = queries::templates::by_id(tx.conn(), queries::audits::template_id(tx.conn(), audit)?)?;
    Ok((item, template))
}

pub(crate) fn check_photos(c: &Connection, ids: &[Uuid]) -> AppResult<()> {
    for (i, id) in ids.iter().enumerate() {
        if !queries::photos::exists(c, *id)? {
            return Err(AppError::not_found(format!("photoIds[{i}]"), "photo"));
        }
    }
    Ok(())
}

pub fn complete_audit(ctx: &Ctx, input: AuditInput) -> AppResult<wardsafe_domain::views::AuditSummary> {
    ctx.store().write(ctx.user_id(), |tx| {
        let (audit, template) = open_for(ctx, tx, input.audit_id, Action::CompleteAudit, Step::Complete)?;
        let areas = queries::places::areas(tx.conn(), audit.ward_id)?;
        let answers = queries::audits::answers(tx.conn(), audit.id)?;
        let facts: HashMap<(Option<Uuid>, String), AnswerFacts> = answers
            .iter()
            .map(|a| {
                let f = AnswerFacts {
                    value: a.value.clone(),
                    has_comment: a.comment.is_some(),
                    photo_count: a.photo_ids.len(),
                };
                ((a.area_id, a.question_id.clone()), f)
            })
            .collect();
        let named: Vec<_> = areas.iter().map(|a| (a.name.clone(), a.area_type)).collect();
        let problems =
            completion_problems(&template, &named, |area, q| facts.get(&(area.map(|i| areas[i].id), q.to_string())));
        if let Some(first) = problems.first() {
            let place = first.area_name.as_deref().map(|a| format!("{a}: ")).unwrap_or_default();
            return Err(AppError::validation(
                format!("answers.{}", first.question_id),
                format!(
                    "{} item(s) need attention before completing. First: {place}“{}” — {}",
                    problems.len(),
                    first.question_text,
                    first.what
                ),
            ));
        }
        // A walk-round re-assesses every known open point (DESIGN.md §2.2): none may be skipped.
        let walked = view(tx.conn(), audit.id)?;
        let skipped: Vec<_> = walked.points.iter().filter(|p| p.assessment.is_none()).collect();
        if let Some(first) = skipped.first() {
            let area = areas.iter().find(|a| a.id == first.point.area_id).map(|a| a.name.as_str()).unwrap_or("");
            return Err(AppError::validation(
                format!("points.{}", first.point.id),
                format!(
                    "{} ligature point(s) not re-assessed. First: {area} — {}",
                    skipped.len(),
                    first.point.location
                ),
            ));
        }
        let now = tx.now_str();
        set_audit_status(tx, audit.id, AuditStatus::Completed, now, ctx.me()?.id)?;
        // Issue 4: its findings become draft actions for the manager to confirm.
        if template.kind == TemplateKind::LigatureWalkround {
            let at = tx.now();
            crate::actions::drafts_for_audit(tx, audit.id, ctx.me()?.id, at)?;
        }
        Ok(())
    })?;
    ctx.store().read(|c| crate::summary::summarise(c, input.audit_id))
}

pub fn sign_off_audit(ctx: &Ctx, input: AuditInput) -> AppResult<AuditListItem> {
    ctx.store().write(ctx.user_id(), |tx| {
        let (audit, _) = open_for(ctx, tx, input.audit_id, Action::SignOffAudit, Step::SignOff)?;
        crate::actions::open_drafts(tx.conn(), audit.id)?;
        let now = tx.now_str();
        set_audit_status(tx, audit.id, AuditStatus::SignedOff, now, ctx.me()?.id)?;
        queries::audits::item(tx.conn(), audit.id)
    })
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AmendAnswerInput {
    pub audit_id: Uuid,
    pub answer_id: Uuid,
    pub value: String,
    #[ts(optional = nullable)]
    pub comment: Option<String>,
    pub reason: String,
}

/// Correct a completed or signed-off audit: the amendment keeps the original.
pub fn amend_answer(ctx: &Ctx, input: AmendAnswerInput) -> AppResult<Amendment> {
    let reason = wardsafe_domain::place::required_text("reason", &input.reason, 2000)?;
    let comment = optional_text("comment", input.comment.as_deref(), 4000)?;
    ctx.store().write(ctx.user_id(), |tx| {
        let (audit, template) = open_for(ctx, tx, input.audit_id, Action::AmendAudit, Step::Amend)?;
        let answer = queries::audits::answer(tx.conn(), audit.id, input.answer_id)?;
        let question = template
            .question(&answer.question_id)
            .ok_or_else(|| AppError::internal("answer to a question the template does not have"))?;
        let failed = question.evaluate(&input.value)?;
        let id = Uuid::now_v7();
        let me = ctx.me()?.id.to_string();
        let now = tx.now_str();
        tx.insert(
            Entity::Amendment,
            id,
            &[
                ("audit_id", Value::Text(audit.id.to_string())),
                ("answer_id", Value::Text(answer.id.to_string())),
                ("original_value", Value::Text(answer.value.clone())),
                ("original_comment", answer.comment.clone().map(Value::Text).unwrap_or(Value::Null)),
                ("value", Value::Text(input.value.trim().to_string())),
                ("comment", comment.clone().map(Value::Text).unwrap_or(Value::Null)),
                ("reason", Value::Text(reason)),
                ("amended_at", Value::Text(now)),
                ("amended_by", Value::Text(me)),
            ],
        )?;
        tx.update(
            Entity::Answer,
            answer.id,
            &[
                ("value", Value::Text(input.value.trim().to_string())),
                ("comment", comment.map(Value::Text).unwrap_or(Value::Null)),
                ("failed", Value::Integer(failed as i64)),
            ],
        )?;
        queries::audits::amendments(tx.conn(), audit.id)?
            .into_iter()
            .find(|a| a.id == id)
            .ok_or_else(|| AppError::internal("amendment not saved"))
    })
}
