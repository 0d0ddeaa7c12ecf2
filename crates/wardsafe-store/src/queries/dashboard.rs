//! The risk dashboard for a set of wards (a ward, a site, the trust): open
//! ligature risks by band and tier, actions outstanding and overdue, days to
//! close, the 12-month trend and the longest-open risks. Counted in SQL;
//! only actions alive during the last 12 months are read row by row.

use super::actions::{date, instant, load, policy};
use crate::rows::{json_ids, uuid_at, DbResult};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::HashMap;
use uuid::Uuid;
use wardsafe_domain::place::Tier;
use wardsafe_domain::remediation::london_date;
use wardsafe_domain::remediation::stats::{close_stats_by_band, ClosedAction};
use wardsafe_domain::remediation::views::{BandTierCount, MonthTrend, RiskDashboard, WardRiskRow};
use wardsafe_domain::restrictive::month::Month;
use wardsafe_domain::risk::Band;
use wardsafe_domain::summary::Count;
use wardsafe_domain::views::Ward;
use wardsafe_domain::AppResult;

pub fn dashboard(conn: &Connection, scope: &str, wards: &[Ward], now: DateTime<Utc>) -> AppResult<RiskDashboard> {
    let list = json_ids(wards.iter().map(|w| w.id));
    let today = london_date(now);
    let mut rows: HashMap<Uuid, WardRiskRow> = wards
        .iter()
        .map(|w| {
            let row = WardRiskRow {
                ward_id: w.id,
                ward_name: w.name.clone(),
                site_id: w.site_id,
                site_name: w.site_name.clone(),
                open_extreme: 0,
                open_high: 0,
                outstanding_actions: 0,
                overdue_actions: 0,
                vigilance_only: 0,
            };
            (w.id, row)
        })
        .collect();

    // Open points by band and tier (and per ward, the extreme and high ones).
    let mut bt: HashMap<(Band, Tier), u32> = HashMap::new();
    let mut stmt = conn
        .prepare_cached(
            "SELECT p.ward_id, COALESCE(s.residual_likelihood * s.residual_consequence, s.likelihood * s.consequence),
                    ar.tier, COUNT(*)
             FROM ligature_points p
             JOIN areas ar ON ar.id = p.area_id
             JOIN ligature_assessments s ON s.id = p.latest_assessment AND s.deleted = 0
             WHERE p.deleted = 0 AND p.status IN ('open', 'mitigated') AND p.ward_id IN (SELECT value FROM json_each(?))
             GROUP BY 1, 2, 3",
        )
        .db()?;
    let found: Vec<(Uuid, u8, i64, u32)> = stmt
        .query_map([&list], |r| Ok((uuid_at(r, 0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .db()?
        .collect::<Result<_, _>>()
        .db()?;
    for (ward, score, tier, n) in found {
        let band = Band::of_score(score);
        *bt.entry((band, Tier::from_number(tier)?)).or_default() += n;
        if let Some(row) = rows.get_mut(&ward) {
            match band {
                Band::Extreme => row.open_extreme += n,
                Band::High => row.open_high += n,
                _ => {}
            }
        }
    }
    let open_points = Band::ALL
        .iter()
        .rev()
        .flat_map(|b| Tier::ALL.iter().map(move |t| (*b, *t)))
        .map(|(band, tier)| BandTierCount { band, tier, count: bt.get(&(band, tier)).copied().unwrap_or(0) })
        .collect();

    // Actions outstanding, overdue and awaiting verification.
    let mut by_band: HashMap<Band, u32> = HashMap::new();
    let (mut overdue, mut awaiting) = (0, 0);
    let mut stmt = conn
        .prepare_cached(
            "SELECT ward_id, band, status = 'completed', COUNT(*), SUM(status <> 'completed' AND due_date < ?2)
             FROM actions WHERE deleted = 0 AND status IN ('open', 'assigned', 'in_progress', 'completed')
               AND ward_id IN (SELECT value FROM json_each(?1))
             GROUP BY 1, 2, 3",
        )
        .db()?;
    let counted: Vec<(Uuid, String, bool, u32, u32)> = stmt
        .query_map([&list, &today.to_string()], |r| Ok((uuid_at(r, 0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .db()?
        .collect::<Result<_, _>>()
        .db()?;
    for (ward, band, completed, n, late) in counted {
        let row = rows.get_mut(&ward);
        if completed {
            awaiting += n;
            continue;
        }
        if let Some(b) = Band::parse(&band) {
            *by_band.entry(b).or_default() += n;
        }
        overdue += late;
        if let Some(row) = row {
            row.outstanding_actions += n;
            row.overdue_actions += late;
        }
    }
    let outstanding_by_band =
        Band::ALL.iter().rev().map(|b| Count { key: *b, count: by_band.get(b).copied().unwrap_or(0) }).collect();

    // Vigilance only: the few outstanding actions with a vigilance control in place, checked by the domain rule.
    let policy = policy(conn)?;
    let flagged = load(
        conn,
        "AND a.ward_id IN (SELECT value FROM json_each(?)) AND a.status IN ('open', 'assigned', 'in_progress')
         AND EXISTS (SELECT 1 FROM interim_controls c WHERE c.action_id = a.id AND c.deleted = 0
                     AND c.kind = 'staff_vigilance' AND c.ended_at IS NULL)",
        &[Value::Text(list.clone())],
        &policy,
        now,
    )?;
    let mut vigilance_only = 0;
    for a in flagged.iter().filter(|a| a.vigilance_only_flag) {
        vigilance_only += 1;
        if let Some(row) = rows.get_mut(&a.ward_id) {
            row.vigilance_only += 1;
        }
    }

    // The last 12 months: every action alive in them (drafts, merged and dismissed aside).
    let first_month = Month::of(now).earlier(11);
    let window_start = first_month.start();
    let mut stmt = conn
        .prepare_cached(
            "SELECT band, raised_at, verified_at, due_date FROM actions
             WHERE deleted = 0 AND status NOT IN ('draft', 'merged', 'dismissed')
               AND ward_id IN (SELECT value FROM json_each(?1)) AND (verified_at IS NULL OR verified_at >= ?2)",
        )
        .db()?;
    type Alive = (String, String, Option<String>, String);
    let alive: Vec<Alive> = stmt
        .query_map([&list, &window_start.to_rfc3339()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .db()?
        .collect::<Result<_, _>>()
        .db()?;
    struct Life {
        band: Band,
        raised: DateTime<Utc>,
        verified: Option<DateTime<Utc>>,
        due: NaiveDate,
    }
    let lives: Vec<Life> = alive
        .iter()
        .filter_map(|(band, raised, verified, due)| {
            Some(Life {
                band: Band::parse(band)?,
                raised: instant(raised)?,
                verified: verified.as_deref().and_then(instant),
                due: date(due)?,
            })
        })
        .collect();
    let closed: Vec<ClosedAction> = lives
        .iter()
        .filter_map(|l| Some(ClosedAction { band: l.band, raised_at: l.raised, verified_at: l.verified? }))
        .filter(|c| c.verified_at >= window_start)
        .collect();
    let trend = std::iter::successors(Some(first_month), |m| Some(m.next()))
        .take(12)
        .enumerate()
        .map(|(i, month)| {
            let (from, next) = month.span();
            let to = if i == 11 { now } else { next };
            let end_date = london_date(to);
            let open = |l: &&Life| l.raised < to && l.verified.is_none_or(|v| v >= to);
            MonthTrend {
                month: month.to_string(),
                raised: lives.iter().filter(|l| l.raised >= from && l.raised < to).count() as u32,
                closed: lives.iter().filter(|l| l.verified.is_some_and(|v| v >= from && v < to)).count() as u32,
                open_at_end: lives.iter().filter(open).count() as u32,
                overdue_at_end: lives.iter().filter(open).filter(|l| l.due < end_date).count() as u32,
            }
        })
        .collect();

    let longest_open = load(
        conn,
        "AND a.ward_id IN (SELECT value FROM json_each(?)) AND a.status IN ('open', 'assigned', 'in_progress')
         AND a.band IN ('extreme', 'high') ORDER BY a.raised_at, a.id LIMIT 10",
        &[Value::Text(list)],
        &policy,
        now,
    )?;
    let mut wards_out: Vec<WardRiskRow> = rows.into_values().collect();
    wards_out.sort_by(|a, b| {
        (b.open_extreme, b.overdue_actions, b.open_high, &a.ward_name).cmp(&(
            a.open_extreme,
            a.overdue_actions,
            a.open_high,
            &b.ward_name,
        ))
    });
    Ok(RiskDashboard {
        scope: scope.to_string(),
        generated_at: now.to_rfc3339(),
        open_points,
        outstanding_by_band,
        overdue,
        awaiting_verification: awaiting,
        vigilance_only,
        close_stats: close_stats_by_band(&closed),
        trend,
        longest_open,
        wards: wards_out,
    })
}
