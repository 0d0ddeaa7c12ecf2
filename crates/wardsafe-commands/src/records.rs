//! Typed inserts of the walk-round records, with explicit instants, used by
//! the commands (with "now") and by the demo and scale-data generators (with
//! past instants). All go through the store's one write path.

use uuid::Uuid;
use wardsafe_domain::ligature::PointStatus;
use wardsafe_domain::risk::Risk;
use wardsafe_domain::AppResult;
use wardsafe_store::{Entity, Tx, Value};

pub(crate) fn opt_text(v: Option<String>) -> Value {
    v.map(Value::Text).unwrap_or(Value::Null)
}

pub(crate) fn id_text(id: Uuid) -> Value {
    Value::Text(id.to_string())
}

pub(crate) struct NewAnswer<'a> {
    pub audit: Uuid,
    pub area: Option<Uuid>,
    pub question: &'a str,
    pub value: String,
    pub comment: Option<String>,
    pub photo_ids: &'a [Uuid],
    pub failed: bool,
    pub at: String,
    pub by: Uuid,
}

/// Insert the answer, or update it if this question was answered before.
pub(crate) fn put_answer(tx: &mut Tx, existing: Option<Uuid>, a: NewAnswer) -> AppResult<Uuid> {
    let fields = [
        ("value", Value::Text(a.value)),
        ("comment", opt_text(a.comment)),
        ("photo_ids", Value::Text(serde_json::to_string(a.photo_ids).unwrap_or_else(|_| "[]".into()))),
        ("failed", Value::Integer(a.failed as i64)),
        ("answered_at", Value::Text(a.at)),
        ("answered_by", id_text(a.by)),
    ];
    match existing {
        Some(id) => {
            tx.update(Entity::Answer, id, &fields)?;
            Ok(id)
        }
        None => {
            // Derived from what it answers: two devices answering the same
            // question make one record (DESIGN.md §3), not two that clash.
            let id = wardsafe_sync::answer_id(a.audit, a.area, a.question);
            let mut all = vec![
                ("audit_id", id_text(a.audit)),
                ("area_id", a.area.map(id_text).unwrap_or(Value::Null)),
                ("question_id", Value::Text(a.question.to_string())),
            ];
            all.extend(fields);
            tx.insert(Entity::Answer, id, &all)?;
            Ok(id)
        }
    }
}

pub(crate) struct NewAssessment<'a> {
    pub point: Uuid,
    pub audit: Option<Uuid>,
    pub risk: Risk,
    pub residual: Option<Risk>,
    pub controls: &'a [&'a str],
    pub status: PointStatus,
    pub accepted_reason: Option<String>,
    pub approver: Option<String>,
    pub notes: Option<String>,
    pub photo_ids: &'a [Uuid],
    pub at: String,
    pub by: Uuid,
}

/// Append an assessment; the point takes its status (assessments are never changed).
pub(crate) fn add_assessment(tx: &mut Tx, a: NewAssessment) -> AppResult<Uuid> {
    let id = Uuid::now_v7();
    tx.insert(
        Entity::LigatureAssessment,
        id,
        &[
            ("point_id", id_text(a.point)),
            ("audit_id", a.audit.map(id_text).unwrap_or(Value::Null)),
            ("likelihood", Value::Integer(a.risk.likelihood.into())),
            ("consequence", Value::Integer(a.risk.consequence.into())),
            ("residual_likelihood", a.residual.map(|r| Value::Integer(r.likelihood.into())).unwrap_or(Value::Null)),
            ("residual_consequence", a.residual.map(|r| Value::Integer(r.consequence.into())).unwrap_or(Value::Null)),
            ("controls", Value::Text(serde_json::to_string(a.controls).unwrap_or_else(|_| "[]".into()))),
            ("status", Value::Text(a.status.as_str().into())),
            ("accepted_reason", opt_text(a.accepted_reason)),
            ("approver", opt_text(a.approver)),
            ("notes", opt_text(a.notes)),
            ("photo_ids", Value::Text(serde_json::to_string(a.photo_ids).unwrap_or_else(|_| "[]".into()))),
            ("assessed_at", Value::Text(a.at)),
            ("assessed_by", id_text(a.by)),
        ],
    )?;
    tx.update(
        Entity::LigaturePoint,
        a.point,
        &[("status", Value::Text(a.status.as_str().into())), ("latest_assessment", id_text(id))],
    )?;
    Ok(id)
}

pub(crate) struct NewPoint {
    pub ward: Uuid,
    pub area: Uuid,
    pub fixture: &'static str,
    pub location: String,
    pub height: &'static str,
    pub collapsible: bool,
    pub load_test_date: Option<String>,
    pub status: PointStatus,
    pub at: String,
    pub audit: Option<Uuid>,
}

pub(crate) fn add_point(tx: &mut Tx, p: NewPoint) -> AppResult<Uuid> {
    let id = Uuid::now_v7();
    tx.insert(
        Entity::LigaturePoint,
        id,
        &[
            ("ward_id", id_text(p.ward)),
            ("area_id", id_text(p.area)),
            ("fixture_type", Value::Text(p.fixture.into())),
            ("location", Value::Text(p.location)),
            ("height_band", Value::Text(p.height.into())),
            ("collapsible", Value::Integer(p.collapsible as i64)),
            ("load_test_date", opt_text(p.load_test_date)),
            ("status", Value::Text(p.status.as_str().into())),
            ("created_at", Value::Text(p.at)),
            ("created_audit", p.audit.map(id_text).unwrap_or(Value::Null)),
        ],
    )?;
    Ok(id)
}

/// Start an audit at `at`.
pub(crate) fn add_audit(tx: &mut Tx, ward: Uuid, template: Uuid, at: String, by: Uuid) -> AppResult<Uuid> {
    let id = Uuid::now_v7();
    tx.insert(
        Entity::Audit,
        id,
        &[
            ("ward_id", id_text(ward)),
            ("template_id", id_text(template)),
            ("status", Value::Text("in_progress".into())),
            ("started_at", Value::Text(at)),
            ("started_by", id_text(by)),
        ],
    )?;
    Ok(id)
}

pub(crate) fn set_audit_status(
    tx: &mut Tx,
    audit: Uuid,
    status: wardsafe_domain::views::AuditStatus,
    at: String,
    by: Uuid,
) -> AppResult<()> {
    use wardsafe_domain::views::AuditStatus::*;
    let (at_col, by_col) = match status {
        Completed => ("completed_at", "completed_by"),
        SignedOff => ("signed_off_at", "signed_off_by"),
        InProgress => return Ok(()),
    };
    tx.update(
        Entity::Audit,
        audit,
        &[("status", Value::Text(status.as_str().into())), (at_col, Value::Text(at)), (by_col, id_text(by))],
    )
}
