//! Actions, their timelines and interim controls, the estates queue and the
//! trust's remediation policy. Views come back with their flags worked out
//! for `now` under the policy; the steps a viewer may take are left to the
//! command surface, which knows who is looking.

use crate::rows::{json_ids, opt_uuid_at, parsed, uuid_at, uuids_json, DbResult};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};
use std::collections::HashMap;
use uuid::Uuid;
use wardsafe_domain::remediation::findings::Finding;
use wardsafe_domain::remediation::interim::{
    interim_control_missing, vigilance_only_beyond_limit, InterimControl, InterimControlKind,
};
use wardsafe_domain::remediation::policy::{is_overdue, RemediationPolicy};
use wardsafe_domain::remediation::views::{ActionEventView, ActionView, InterimControlView};
use wardsafe_domain::remediation::{london_date, ActionSource, ActionStatus, OwnerTeam, Trade};
use wardsafe_domain::risk::Band;
use wardsafe_domain::{AppError, AppResult};

/// The id of the trust's one policy record.
pub fn policy_id() -> Uuid {
    Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001)
}

pub fn policy(conn: &Connection) -> AppResult<RemediationPolicy> {
    let row = conn
        .prepare_cached(
            "SELECT extreme_days, high_days, moderate_days, low_days, vigilance_only_days
             FROM remediation_policy WHERE id = ? AND deleted = 0",
        )
        .db()?
        .query_row([policy_id().to_string()], |r| {
            Ok(RemediationPolicy {
                extreme_days: r.get(0)?,
                high_days: r.get(1)?,
                moderate_days: r.get(2)?,
                low_days: r.get(3)?,
                vigilance_only_days: r.get(4)?,
            })
        })
        .optional()
        .db()?;
    Ok(row.unwrap_or_default())
}

const ACTION_SQL: &str = "SELECT a.id, a.ward_id, w.name, s.id, s.name, a.area_id, ar.name, a.point_id, a.audit_id,
        a.source, a.title, a.detail, a.band, a.owner_team, a.trade, a.status, a.assignee_id, au.display_name,
        a.due_date, a.capital_ref, a.merged_into, ru.display_name, a.raised_at, a.completed_by, a.completed_at,
        a.verified_at
    FROM actions a
    JOIN wards w ON w.id = a.ward_id
    JOIN sites s ON s.id = w.site_id
    LEFT JOIN areas ar ON ar.id = a.area_id
    LEFT JOIN users au ON au.id = a.assignee_id
    JOIN users ru ON ru.id = a.raised_by
    WHERE a.deleted = 0";

fn action_row(r: &Row) -> rusqlite::Result<ActionView> {
    Ok(ActionView {
        id: uuid_at(r, 0)?,
        ward_id: uuid_at(r, 1)?,
        ward_name: r.get(2)?,
        site_id: uuid_at(r, 3)?,
        site_name: r.get(4)?,
        area_id: opt_uuid_at(r, 5)?,
        area_name: r.get(6)?,
        point_id: opt_uuid_at(r, 7)?,
        audit_id: opt_uuid_at(r, 8)?,
        source: parsed(r, 9, ActionSource::parse)?,
        title: r.get(10)?,
        detail: r.get(11)?,
        band: parsed(r, 12, Band::parse)?,
        owner_team: parsed(r, 13, OwnerTeam::parse)?,
        trade: parsed(r, 14, Trade::parse)?,
        status: parsed(r, 15, ActionStatus::parse)?,
        assignee_id: opt_uuid_at(r, 16)?,
        assignee_name: r.get(17)?,
        due_date: r.get(18)?,
        overdue: false,
        capital_ref: r.get(19)?,
        merged_into: opt_uuid_at(r, 20)?,
        raised_by_name: r.get(21)?,
        raised_at: r.get(22)?,
        completed_by: opt_uuid_at(r, 23)?,
        completed_at: r.get(24)?,
        verified_at: r.get(25)?,
        interim_controls: Vec::new(),
        vigilance_only_flag: false,
        interim_control_missing: false,
        available: Vec::new(),
    })
}

pub(crate) fn instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

pub(crate) fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The interim controls of these actions.
fn controls(conn: &Connection, ids: &[Uuid]) -> AppResult<HashMap<Uuid, Vec<InterimControlView>>> {
    let mut out: HashMap<Uuid, Vec<InterimControlView>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = json_ids(ids.iter().copied());
    let mut stmt = conn
        .prepare_cached(
            "SELECT action_id, id, kind, detail, started_at, review_date, ended_at FROM interim_controls
             WHERE deleted = 0 AND action_id IN (SELECT value FROM json_each(?)) ORDER BY started_at",
        )
        .db()?;
    let rows = stmt
        .query_map([list], |r| {
            Ok((
                uuid_at(r, 0)?,
                InterimControlView {
                    id: uuid_at(r, 1)?,
                    kind: parsed(r, 2, InterimControlKind::parse)?,
                    detail: r.get(3)?,
                    started_at: r.get(4)?,
                    review_date: r.get(5)?,
                    ended_at: r.get(6)?,
                    review_overdue: false,
                },
            ))
        })
        .db()?;
    for row in rows {
        let (action, view) = row.db()?;
        out.entry(action).or_default().push(view);
    }
    Ok(out)
}

/// The domain's form of a control as shown.
pub fn control_of(v: &InterimControlView) -> Option<InterimControl> {
    Some(InterimControl {
        kind: v.kind,
        started_at: instant(&v.started_at)?,
        review_date: date(&v.review_date)?,
        ended_at: v.ended_at.as_deref().and_then(instant),
    })
}

/// Work out an action's flags for `now` under `policy`.
pub fn with_flags(mut a: ActionView, policy: &RemediationPolicy, now: DateTime<Utc>) -> ActionView {
    let today = london_date(now);
    a.overdue = date(&a.due_date).is_some_and(|d| is_overdue(a.status, d, today));
    let known: Vec<Option<InterimControl>> = a.interim_controls.iter().map(control_of).collect();
    for (view, c) in a.interim_controls.iter_mut().zip(&known) {
        view.review_overdue = c.as_ref().is_some_and(|c| c.review_overdue(now));
    }
    let domain: Vec<InterimControl> = known.into_iter().flatten().collect();
    if a.status.is_outstanding() {
        a.vigilance_only_flag = vigilance_only_beyond_limit(&domain, policy, now);
        a.interim_control_missing =
            instant(&a.raised_at).is_some_and(|raised| interim_control_missing(a.band, a.status, &domain, raised, now));
    }
    a
}

pub(crate) fn load(
    conn: &Connection,
    filter: &str,
    params: &[Value],
    policy: &RemediationPolicy,
    now: DateTime<Utc>,
) -> AppResult<Vec<ActionView>> {
    let mut stmt = conn.prepare_cached(&format!("{ACTION_SQL} {filter}")).db()?;
    let mut list: Vec<ActionView> =
        stmt.query_map(rusqlite::params_from_iter(params), action_row).db()?.collect::<Result<_, _>>().db()?;
    let ids: Vec<Uuid> = list.iter().map(|a| a.id).collect();
    let mut controls = controls(conn, &ids)?;
    for a in &mut list {
        a.interim_controls = controls.remove(&a.id).unwrap_or_default();
    }
    Ok(list.into_iter().map(|a| with_flags(a, policy, now)).collect())
}

pub fn action(conn: &Connection, id: Uuid, field: &str, now: DateTime<Utc>) -> AppResult<ActionView> {
    let policy = policy(conn)?;
    load(conn, "AND a.id = ?", &[Value::Text(id.to_string())], &policy, now)?
        .pop()
        .ok_or_else(|| AppError::not_found(field, "action"))
}

/// Band order for sorting: extreme first.
const BAND_RANK: &str = "CASE a.band WHEN 'extreme' THEN 0 WHEN 'high' THEN 1 WHEN 'moderate' THEN 2 ELSE 3 END";

/// A ward's actions: everything outstanding or awaiting verification, and what closed since `closed_since`.
pub fn for_ward(conn: &Connection, ward: Uuid, closed_since: &str, now: DateTime<Utc>) -> AppResult<Vec<ActionView>> {
    let policy = policy(conn)?;
    load(
        conn,
        &format!(
            "AND a.ward_id = ? AND (a.status NOT IN ('verified', 'merged', 'dismissed') OR COALESCE(a.verified_at, a.raised_at) >= ?)
             ORDER BY {BAND_RANK}, a.due_date, a.raised_at"
        ),
        &[Value::Text(ward.to_string()), Value::Text(closed_since.to_string())],
        &policy,
        now,
    )
}

/// Every action of a ward, closed ones too, highest band first, then by due date.
pub fn all_for_ward(conn: &Connection, ward: Uuid, now: DateTime<Utc>) -> AppResult<Vec<ActionView>> {
    let policy = policy(conn)?;
    load(
        conn,
        &format!("AND a.ward_id = ? ORDER BY {BAND_RANK}, a.due_date, a.raised_at, a.id"),
        &[Value::Text(ward.to_string())],
        &policy,
        now,
    )
}

/// The findings of a ward that already have an outstanding action (no second draft for them).
pub fn outstanding_findings(conn: &Connection, ward: Uuid) -> AppResult<Vec<Finding>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT point_id, question_id, area_id FROM actions
             WHERE deleted = 0 AND ward_id = ? AND status IN ('draft', 'open', 'assigned', 'in_progress')",
        )
        .db()?;
    let rows: Vec<(Option<Uuid>, Option<String>, Option<Uuid>)> = stmt
        .query_map([ward.to_string()], |r| Ok((opt_uuid_at(r, 0)?, r.get(1)?, opt_uuid_at(r, 2)?)))
        .db()?
        .collect::<Result<_, _>>()
        .db()?;
    Ok(rows
        .into_iter()
        .filter_map(|(point, question, area)| match (point, question) {
            (Some(p), _) => Some(Finding::Point(p)),
            (None, Some(q)) => Some(Finding::Question { question_id: q, area_id: area }),
            _ => None,
        })
        .collect())
}

/// Drafts made from one walk-round.
pub fn drafts_of_audit(conn: &Connection, audit: Uuid) -> AppResult<i64> {
    conn.prepare_cached("SELECT COUNT(*) FROM actions WHERE deleted = 0 AND audit_id = ? AND status = 'draft'")
        .db()?
        .query_row([audit.to_string()], |r| r.get(0))
        .db()
}

/// The actions that may concern `me` now: assigned to me and not yet done,
/// completed on a ward I verify, or overdue and mine or on a ward I verify
/// (`verify_wards` None: every ward). The most urgent `cap` of them; the
/// domain's `notices` decides what each one means.
pub fn for_notices(
    conn: &Connection,
    me: Uuid,
    verify_wards: Option<&[Uuid]>,
    cap: u32,
    now: DateTime<Utc>,
) -> AppResult<Vec<ActionView>> {
    let policy = policy(conn)?;
    let verifies = match verify_wards {
        None => "1".to_string(),
        Some(_) => "a.ward_id IN (SELECT value FROM json_each(?2))".to_string(),
    };
    let wards = json_ids(verify_wards.unwrap_or_default().iter().copied());
    load(
        conn,
        &format!(
            "AND ((a.assignee_id = ?1 AND a.status IN ('assigned', 'in_progress'))
                OR (a.status = 'completed' AND {verifies})
                OR (a.status IN ('draft', 'open', 'assigned', 'in_progress') AND a.due_date < ?3
                    AND (a.assignee_id = ?1 OR {verifies})))
             ORDER BY CASE a.status WHEN 'completed' THEN 0 ELSE 1 END, {BAND_RANK}, a.due_date, a.id LIMIT ?4"
        ),
        &[
            Value::Text(me.to_string()),
            Value::Text(wards),
            Value::Text(london_date(now).to_string()),
            Value::Integer(cap.into()),
        ],
        &policy,
        now,
    )
}

/// The drafts merged into this action.
pub fn merged_into(conn: &Connection, action: Uuid) -> AppResult<Vec<Uuid>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT id FROM actions WHERE deleted = 0 AND status = 'merged' AND merged_into = ? ORDER BY id",
        )
        .db()?;
    let ids = stmt.query_map([action.to_string()], |r| uuid_at(r, 0)).db()?.collect::<Result<_, _>>().db()?;
    Ok(ids)
}

/// Filters of the estates queue; `wards` limits it to the wards the viewer covers (None: all).
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    pub wards: Option<Vec<Uuid>>,
    pub site: Option<Uuid>,
    pub ward: Option<Uuid>,
    pub trade: Option<Trade>,
    pub statuses: Vec<ActionStatus>,
    pub overdue_only: bool,
    pub assignee: Option<Uuid>,
}

/// One page of the queue, highest band first, then by due date; and how many match in all.
pub fn queue(
    conn: &Connection,
    f: &QueueFilter,
    offset: u32,
    limit: u32,
    now: DateTime<Utc>,
) -> AppResult<(Vec<ActionView>, u32)> {
    let mut clauses = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    if let Some(wards) = &f.wards {
        let list = json_ids(wards.iter().copied());
        clauses.push("a.ward_id IN (SELECT value FROM json_each(?))");
        params.push(Value::Text(list));
    }
    if let Some(site) = f.site {
        clauses.push("w.site_id = ?");
        params.push(Value::Text(site.to_string()));
    }
    if let Some(ward) = f.ward {
        clauses.push("a.ward_id = ?");
        params.push(Value::Text(ward.to_string()));
    }
    if let Some(trade) = f.trade {
        clauses.push("a.trade = ?");
        params.push(Value::Text(trade.as_str().into()));
    }
    if let Some(assignee) = f.assignee {
        clauses.push("a.assignee_id = ?");
        params.push(Value::Text(assignee.to_string()));
    }
    let statuses: Vec<&str> = if f.statuses.is_empty() {
        vec!["open", "assigned", "in_progress", "completed"]
    } else {
        f.statuses.iter().map(|s| s.as_str()).collect()
    };
    clauses.push("a.status IN (SELECT value FROM json_each(?))");
    params.push(Value::Text(serde_json::to_string(&statuses).map_err(|e| AppError::internal(e.to_string()))?));
    if f.overdue_only {
        clauses.push("a.status IN ('draft', 'open', 'assigned', 'in_progress') AND a.due_date < ?");
        params.push(Value::Text(london_date(now).to_string()));
    }
    let filter = clauses.iter().map(|c| format!("AND {c}")).collect::<Vec<_>>().join(" ");
    let total: u32 = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*) FROM actions a JOIN wards w ON w.id = a.ward_id WHERE a.deleted = 0 {filter}"
        ))
        .db()?
        .query_row(rusqlite::params_from_iter(&params), |r| r.get(0))
        .db()?;
    let policy = policy(conn)?;
    // The page's ids first, from the actions table alone (sorting every match
    // with its joins cost ~30 ms on 100,000 actions); then those rows in full.
    let mut page_params = params.clone();
    page_params.push(Value::Integer(limit.into()));
    page_params.push(Value::Integer(offset.into()));
    let page: Vec<String> = conn
        .prepare_cached(&format!(
            "SELECT a.id FROM actions a JOIN wards w ON w.id = a.ward_id WHERE a.deleted = 0 {filter}
             ORDER BY {BAND_RANK}, a.due_date, a.raised_at, a.id LIMIT ? OFFSET ?"
        ))
        .db()?
        .query_map(rusqlite::params_from_iter(&page_params), |r| r.get(0))
        .db()?
        .collect::<Result<_, _>>()
        .db()?;
    let items = load(
        conn,
        &format!("AND a.id IN (SELECT value FROM json_each(?)) ORDER BY {BAND_RANK}, a.due_date, a.raised_at, a.id"),
        &[Value::Text(serde_json::to_string(&page).map_err(|e| AppError::internal(e.to_string()))?)],
        &policy,
        now,
    )?;
    Ok((items, total))
}

/// An action's timeline, oldest first.
pub fn events(conn: &Connection, action: Uuid) -> AppResult<Vec<ActionEventView>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT e.id, e.kind, e.from_status, e.to_status, e.at, u.display_name, e.reason, e.note,
                    au.display_name, e.due_date, e.photo_ids
             FROM action_events e JOIN users u ON u.id = e.by_user LEFT JOIN users au ON au.id = e.assignee_id
             WHERE e.deleted = 0 AND e.action_id = ? ORDER BY e.at, e.id",
        )
        .db()?;
    let status = |r: &Row, i: usize| -> rusqlite::Result<Option<ActionStatus>> {
        Ok(r.get::<_, Option<String>>(i)?.and_then(|s| ActionStatus::parse(&s)))
    };
    let rows = stmt
        .query_map([action.to_string()], |r| {
            Ok(ActionEventView {
                id: uuid_at(r, 0)?,
                kind: r.get(1)?,
                from_status: status(r, 2)?,
                to_status: status(r, 3)?,
                at: r.get(4)?,
                by_name: r.get(5)?,
                reason: r.get(6)?,
                note: r.get(7)?,
                assignee_name: r.get(8)?,
                due_date: r.get(9)?,
                photo_ids: uuids_json(r, 10)?,
            })
        })
        .db()?
        .collect::<Result<_, _>>()
        .db()?;
    Ok(rows)
}

/// The action an interim control belongs to.
pub fn control_action(conn: &Connection, control: Uuid) -> AppResult<(Uuid, Option<String>)> {
    conn.prepare_cached("SELECT action_id, ended_at FROM interim_controls WHERE id = ? AND deleted = 0")
        .db()?
        .query_row([control.to_string()], |r| Ok((uuid_at(r, 0)?, r.get(1)?)))
        .optional()
        .db()?
        .ok_or_else(|| AppError::not_found("controlId", "interim control"))
}
