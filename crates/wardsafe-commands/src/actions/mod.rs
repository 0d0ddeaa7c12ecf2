//! Actions that close ligature risks (DESIGN.md §2.3; issue 4): raise and
//! edit them, move them through the workflow, keep interim controls, the
//! estates queue, and the trust's policy. The rules are in
//! `wardsafe_domain::remediation`; this is where they meet the store.

mod dashboard;
mod drafts;
mod interim;
mod lists;
mod notices;
mod workflow;

pub(crate) use dashboard::scope;
pub use dashboard::{risk_dashboard, DashboardInput};
pub use drafts::{drafts_for_audit, open_drafts};
pub use interim::{add_interim_control, end_interim_control, get_policy, set_policy, AddInterimInput, ControlInput};
pub use lists::{assignable_users, estates_queue, ward_actions, QueueInput};
pub use notices::{my_notices, NoticesInput};
pub use workflow::{action_step, assign_actions, AssignInput, StepInput};

use crate::ctx::Ctx;
use crate::records::{id_text, opt_text};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wardsafe_domain::place::required_text;
use wardsafe_domain::remediation::policy::check_due_date;
use wardsafe_domain::remediation::status::{available, Actor};
use wardsafe_domain::remediation::views::{ActionDetail, ActionView};
use wardsafe_domain::remediation::{london_date, ActionSource, ActionStatus, OwnerTeam, Trade};
use wardsafe_domain::risk::Band;
use wardsafe_domain::role::Action;
use wardsafe_domain::{AppError, AppResult};
use wardsafe_store::{queries, Entity, Tx, Value};

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RaiseActionInput {
    pub ward_id: Uuid,
    #[ts(optional = nullable)]
    pub area_id: Option<Uuid>,
    /// The ligature point this action is about, if any.
    #[ts(optional = nullable)]
    pub point_id: Option<Uuid>,
    pub title: String,
    #[serde(default)]
    pub detail: String,
    pub band: Band,
    pub owner_team: OwnerTeam,
    pub trade: Trade,
    /// `YYYY-MM-DD`; the policy's date for the band when absent.
    #[ts(optional = nullable)]
    pub due_date: Option<String>,
    /// Needed for a due date in the past.
    #[ts(optional = nullable)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionInput {
    pub action_id: Uuid,
}

/// Change what an action says. Only the fields given change; a new due date needs a reason.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditActionInput {
    pub action_id: Uuid,
    #[ts(optional = nullable)]
    pub title: Option<String>,
    #[ts(optional = nullable)]
    pub detail: Option<String>,
    #[ts(optional = nullable)]
    pub band: Option<Band>,
    #[ts(optional = nullable)]
    pub owner_team: Option<OwnerTeam>,
    #[ts(optional = nullable)]
    pub trade: Option<Trade>,
    #[ts(optional = nullable)]
    pub due_date: Option<String>,
    #[ts(optional = nullable)]
    pub reason: Option<String>,
    /// A capital-project reference, when the fix needs one (estates may set it).
    #[ts(optional = nullable)]
    pub capital_ref: Option<String>,
}

pub(crate) fn parse_date(field: &str, s: &str) -> AppResult<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::validation(field, "give the date as YYYY-MM-DD"))
}

pub(crate) fn reason_of(r: &Option<String>) -> Option<&str> {
    r.as_deref()
}

/// One line on an action's timeline (append-only).
#[derive(Default)]
pub(crate) struct Event<'a> {
    pub kind: &'a str,
    pub from: Option<ActionStatus>,
    pub to: Option<ActionStatus>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub assignee: Option<Uuid>,
    pub due_date: Option<String>,
    pub photos: &'a [Uuid],
}

pub(crate) fn log_event(tx: &mut Tx, action: Uuid, by: Uuid, e: Event) -> AppResult<()> {
    let at = tx.now_str();
    tx.insert(
        Entity::ActionEvent,
        Uuid::now_v7(),
        &[
            ("action_id", id_text(action)),
            ("kind", Value::Text(e.kind.into())),
            ("from_status", e.from.map(|s| Value::Text(s.as_str().into())).unwrap_or(Value::Null)),
            ("to_status", e.to.map(|s| Value::Text(s.as_str().into())).unwrap_or(Value::Null)),
            ("at", Value::Text(at)),
            ("by_user", id_text(by)),
            ("reason", opt_text(e.reason)),
            ("note", opt_text(e.note)),
            ("assignee_id", e.assignee.map(id_text).unwrap_or(Value::Null)),
            ("due_date", opt_text(e.due_date)),
            ("photo_ids", Value::Text(serde_json::to_string(e.photos).unwrap_or_else(|_| "[]".into()))),
        ],
    )
}

/// The person acting, with the roles that reach `ward`.
pub(crate) fn actor(ctx: &Ctx, ward: Uuid) -> AppResult<Actor> {
    let me = ctx.me()?;
    Ok(Actor::on_ward(me.id, &me.roles, ward))
}

/// An action as `ctx`'s user sees it: refused unless they may see its ward.
pub(crate) fn view(
    ctx: &Ctx,
    conn: &wardsafe_store::Connection,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<ActionView> {
    let a = queries::actions::action(conn, id, "actionId", now)?;
    ctx.require(Action::ViewWard, Some(a.ward_id))?;
    with_steps(ctx, a)
}

pub(crate) fn with_steps(ctx: &Ctx, mut a: ActionView) -> AppResult<ActionView> {
    let me = actor(ctx, a.ward_id)?;
    a.available = available(a.status, &me.roles);
    Ok(a)
}

pub(crate) struct NewAction {
    pub ward: Uuid,
    pub area: Option<Uuid>,
    pub point: Option<Uuid>,
    pub audit: Option<Uuid>,
    pub question: Option<String>,
    pub source: ActionSource,
    pub title: String,
    pub detail: String,
    pub band: Band,
    pub owner: OwnerTeam,
    pub trade: Trade,
    pub status: ActionStatus,
    pub due: NaiveDate,
    /// Why the due date is what it is, when it needed a reason (a date in the past).
    pub reason: Option<String>,
    pub by: Uuid,
}

pub(crate) fn insert_action(tx: &mut Tx, a: NewAction) -> AppResult<Uuid> {
    let id = Uuid::now_v7();
    let at = tx.now_str();
    tx.insert(
        Entity::Action,
        id,
        &[
            ("ward_id", id_text(a.ward)),
            ("area_id", a.area.map(id_text).unwrap_or(Value::Null)),
            ("point_id", a.point.map(id_text).unwrap_or(Value::Null)),
            ("audit_id", a.audit.map(id_text).unwrap_or(Value::Null)),
            ("question_id", opt_text(a.question)),
            ("source", Value::Text(a.source.as_str().into())),
            ("title", Value::Text(a.title)),
            ("detail", Value::Text(a.detail)),
            ("band", Value::Text(a.band.as_str().into())),
            ("owner_team", Value::Text(a.owner.as_str().into())),
            ("trade", Value::Text(a.trade.as_str().into())),
            ("status", Value::Text(a.status.as_str().into())),
            ("due_date", Value::Text(a.due.to_string())),
            ("raised_by", id_text(a.by)),
            ("raised_at", Value::Text(at)),
        ],
    )?;
    log_event(tx, id, a.by, Event { kind: "raised", to: Some(a.status), reason: a.reason, ..Default::default() })?;
    Ok(id)
}

/// Raise an action directly, from any area of a ward (or about one of its ligature points).
pub fn raise_action(ctx: &Ctx, input: RaiseActionInput) -> AppResult<ActionView> {
    ctx.require(Action::RaiseAction, Some(input.ward_id))?;
    let title = required_text("title", &input.title, 200)?;
    let detail = input.detail.trim().to_string();
    let now = ctx.store().now();
    let me = ctx.me()?.id;
    let id = ctx.store().write(ctx.user_id(), |tx| {
        queries::places::ward(tx.conn(), input.ward_id, "wardId")?;
        if let Some(area) = input.area_id {
            if queries::places::area(tx.conn(), area, "areaId")?.ward_id != input.ward_id {
                return Err(AppError::not_found("areaId", "area on this ward"));
            }
        }
        let mut area = input.area_id;
        if let Some(point) = input.point_id {
            let p = queries::ligature::point(tx.conn(), point, london_date(now))?;
            if p.ward_id != input.ward_id {
                return Err(AppError::not_found("pointId", "ligature point on this ward"));
            }
            area = area.or(Some(p.area_id));
        }
        let policy = queries::actions::policy(tx.conn())?;
        let due = match input.due_date.as_deref() {
            Some(d) => {
                let due = parse_date("dueDate", d)?;
                check_due_date(None, due, london_date(now), reason_of(&input.reason))?;
                due
            }
            None => policy.default_due_date(input.band, now),
        };
        let source = if input.point_id.is_some() { ActionSource::LigaturePoint } else { ActionSource::Direct };
        insert_action(
            tx,
            NewAction {
                ward: input.ward_id,
                area,
                point: input.point_id,
                audit: None,
                question: None,
                source,
                title,
                detail,
                band: input.band,
                owner: input.owner_team,
                trade: input.trade,
                status: ActionStatus::Open,
                due,
                reason: input.due_date.is_some().then(|| workflow::text(&input.reason)).flatten(),
                by: me,
            },
        )
    })?;
    ctx.store().read(|c| view(ctx, c, id, now))
}

pub fn get_action(ctx: &Ctx, input: ActionInput) -> AppResult<ActionDetail> {
    let now = ctx.store().now();
    ctx.store().read(|c| {
        let action = view(ctx, c, input.action_id, now)?;
        let timeline = queries::actions::events(c, input.action_id)?;
        Ok(ActionDetail { action, timeline })
    })
}

/// Edit an action still being worked on. What it says: whoever may raise
/// actions on the ward; its capital-project reference: estates too.
pub fn edit_action(ctx: &Ctx, input: EditActionInput) -> AppResult<ActionView> {
    let now = ctx.store().now();
    let me = ctx.me()?.id;
    ctx.store().write(ctx.user_id(), |tx| {
        let a = view(ctx, tx.conn(), input.action_id, now)?;
        if !a.status.is_outstanding() {
            return Err(AppError::invalid_state(format!(
                "this action is {}: it can no longer be changed",
                a.status.label().to_lowercase()
            )));
        }
        let says = input.title.is_some()
            || input.detail.is_some()
            || input.band.is_some()
            || input.owner_team.is_some()
            || input.trade.is_some()
            || input.due_date.is_some();
        if says {
            ctx.require(Action::RaiseAction, Some(a.ward_id))?;
        }
        if input.capital_ref.is_some()
            && !ctx.me().is_ok_and(|u| {
                wardsafe_domain::role::may(&u.roles, Action::WorkAction, Some(a.ward_id))
                    || wardsafe_domain::role::may(&u.roles, Action::RaiseAction, Some(a.ward_id))
            })
        {
            return Err(AppError::forbidden("your roles do not allow you to set the capital-project reference"));
        }
        let mut fields: Vec<(&str, Value)> = Vec::new();
        if let Some(t) = &input.title {
            fields.push(("title", Value::Text(required_text("title", t, 200)?)));
        }
        if let Some(d) = &input.detail {
            fields.push(("detail", Value::Text(d.trim().to_string())));
        }
        if let Some(b) = input.band {
            fields.push(("band", Value::Text(b.as_str().into())));
        }
        if let Some(o) = input.owner_team {
            fields.push(("owner_team", Value::Text(o.as_str().into())));
        }
        if let Some(t) = input.trade {
            fields.push(("trade", Value::Text(t.as_str().into())));
        }
        let mut due_event = None;
        if let Some(d) = &input.due_date {
            let due = parse_date("dueDate", d)?;
            let previous = parse_date("dueDate", &a.due_date)?;
            if due != previous {
                check_due_date(Some(previous), due, london_date(now), reason_of(&input.reason))?;
                fields.push(("due_date", Value::Text(due.to_string())));
                due_event = Some(due.to_string());
            }
        }
        let mut capital_event = None;
        if let Some(c) = &input.capital_ref {
            let c = c.trim();
            if c.chars().count() > 100 {
                return Err(AppError::validation("capitalRef", "at most 100 characters"));
            }
            fields.push(("capital_ref", if c.is_empty() { Value::Null } else { Value::Text(c.into()) }));
            capital_event = Some(c.to_string());
        }
        if fields.is_empty() {
            return Ok(a);
        }
        tx.update(Entity::Action, a.id, &fields)?;
        if let Some(due) = due_event {
            log_event(
                tx,
                a.id,
                me,
                Event { kind: "due_date", due_date: Some(due), reason: input.reason.clone(), ..Default::default() },
            )?;
        }
        if let Some(c) = capital_event {
            log_event(tx, a.id, me, Event { kind: "capital_ref", note: Some(c), ..Default::default() })?;
        }
        if says && fields.iter().any(|(f, _)| !matches!(*f, "due_date" | "capital_ref")) {
            log_event(tx, a.id, me, Event { kind: "edited", reason: input.reason.clone(), ..Default::default() })?;
        }
        view(ctx, tx.conn(), a.id, now)
    })
}
