//! Adding rows up for the report: one accumulator per ward and month, per
//! month for the trust, and for the whole period; and the flat lines the CSV
//! holds.

use super::{EpisodeStats, Line, Measures, ReportInput, ReportRow, RestrictiveReport, RuleCompliance, ALL_WARDS};
use crate::restrictive::compliance::{Compliance, ComplianceState};
use crate::restrictive::episode::EpisodeSpan;
use crate::restrictive::month::Month;
use crate::restrictive::restraint::{mhsds_code, PRONE};
use crate::restrictive::use_of_force::UseOfForce;
use crate::restrictive::{evaluate, EpisodeKind};
use std::collections::HashMap;

#[derive(Default)]
struct Acc {
    measures: Measures,
    seclusion: Vec<u32>,
    segregation: Vec<u32>,
}

impl Acc {
    fn episode(&mut self, c: &Compliance) {
        let (minutes, stats) = match c.kind {
            EpisodeKind::Seclusion => (&mut self.seclusion, &mut self.measures.seclusion),
            EpisodeKind::LongTermSegregation => (&mut self.segregation, &mut self.measures.segregation),
        };
        minutes.push(c.duration_minutes);
        stats.ongoing += u32::from(!c.ended);
        for r in &c.requirements {
            let rc = self.measures.compliance.entry(r.rule_id.as_str().to_string()).or_default();
            for o in &r.occurrences {
                match o.state {
                    ComplianceState::Met => rc.met += 1,
                    ComplianceState::Late => rc.late += 1,
                    ComplianceState::Missed => rc.missed += 1,
                    _ => {}
                }
            }
        }
    }

    fn force(&mut self, f: &UseOfForce) {
        let r = &mut self.measures.restraint;
        r.uses_of_force += 1;
        if f.negligible {
            r.negligible += 1;
            return;
        }
        let mut types: Vec<&str> = f.force_types.iter().map(|t| t.as_str()).collect();
        types.sort();
        types.dedup();
        for t in types {
            *r.by_force_type.entry(t.to_string()).or_default() += 1;
        }
        let mut codes: Vec<&str> = f.positions.iter().map(|p| p.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        for c in &codes {
            *r.by_position.entry(c.to_string()).or_default() += 1;
        }
        for c in &f.chemical {
            *r.chemical_by_route.entry(c.route.as_str().to_string()).or_default() += 1;
            if let Some(code) = c.mhsds_code() {
                *r.chemical_by_code.entry(code.to_string()).or_default() += 1;
            }
        }
        r.mechanical += f.mechanical.len() as u32;
        if codes.contains(&PRONE) {
            if f.prone_flagged() {
                r.prone_over_10 += 1;
            } else {
                r.prone_10_or_under += 1;
            }
        }
        for (characteristic, value) in equality(f) {
            let counts = self.measures.equality.entry(characteristic.to_string()).or_default();
            *counts.entry(value).or_default() += 1;
        }
    }

    fn finish(mut self) -> Measures {
        self.measures.seclusion = stats(self.seclusion, self.measures.seclusion.ongoing);
        self.measures.segregation = stats(self.segregation, self.measures.segregation.ongoing);
        for rc in self.measures.compliance.values_mut() {
            rc.due = rc.met + rc.late + rc.missed;
            rc.rate = (rc.due > 0).then(|| f64::from(rc.met) / f64::from(rc.due));
        }
        self.measures
    }
}

fn stats(mut minutes: Vec<u32>, ongoing: u32) -> EpisodeStats {
    minutes.sort_unstable();
    let n = minutes.len();
    let median = match n {
        0 => None,
        _ if n % 2 == 1 => Some(f64::from(minutes[n / 2])),
        _ => Some((f64::from(minutes[n / 2 - 1]) + f64::from(minutes[n / 2])) / 2.0),
    };
    EpisodeStats {
        count: n as u32,
        ongoing,
        total_minutes: minutes.iter().map(|m| u64::from(*m)).sum(),
        median_minutes: median,
        longest_minutes: minutes.last().copied(),
    }
}

/// Age bands for the equality breakdown.
fn age_band(age: Option<u32>) -> String {
    match age {
        None => "not_known",
        Some(0..=17) => "under 18",
        Some(18..=24) => "18-24",
        Some(25..=34) => "25-34",
        Some(35..=44) => "35-44",
        Some(45..=54) => "45-54",
        Some(55..=64) => "55-64",
        Some(_) => "65 and over",
    }
    .to_string()
}

/// A characteristic's value as counted: lower case; not given is "not_known"; a refusal "declined".
fn value(v: &Option<String>) -> String {
    let v = v.as_deref().map(str::trim).unwrap_or("").to_lowercase();
    match v.as_str() {
        "" | "not known" | "not_known" | "unknown" => "not_known".into(),
        "declined" | "prefer not to say" | "prefer_not_to_say" | "not stated" | "not_stated" => "declined".into(),
        _ => v,
    }
}

/// s6 (k) and (l): each protected characteristic of the patient, as far as known.
fn equality(f: &UseOfForce) -> [(&'static str, String); 10] {
    let p = f.protected_characteristics.clone().unwrap_or_default();
    let ld = f.learning_disability_or_autism.map(|l| l.as_str().to_string());
    [
        ("ageBand", age_band(p.age_years)),
        ("sex", value(&p.sex)),
        ("genderReassignment", value(&p.gender_reassignment)),
        ("race", value(&p.race)),
        ("religionOrBelief", value(&p.religion_or_belief)),
        ("sexualOrientation", value(&p.sexual_orientation)),
        ("disability", value(&p.disability)),
        ("pregnancyOrMaternity", value(&p.pregnancy_or_maternity)),
        ("marriageOrCivilPartnership", value(&p.marriage_or_civil_partnership)),
        ("learningDisabilityOrAutism", value(&ld)),
    ]
}

pub(super) fn build(input: ReportInput) -> RestrictiveReport {
    let months: Vec<Month> = std::iter::successors(Some(input.from), |m| Some(m.next()))
        .take(input.from.count_to(input.to) as usize)
        .collect();
    let month_of: HashMap<Month, usize> = months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let ward_of: HashMap<uuid::Uuid, usize> = input.wards.iter().enumerate().map(|(i, w)| (w.id, i)).collect();
    let mut grid: Vec<Vec<Acc>> = input.wards.iter().map(|_| months.iter().map(|_| Acc::default()).collect()).collect();
    let mut trust: Vec<Acc> = months.iter().map(|_| Acc::default()).collect();
    let mut overall = Acc::default();

    // A patient's seclusion episodes, for "more than 12 hours within any 48".
    let mut spans: HashMap<&str, Vec<EpisodeSpan>> = HashMap::new();
    for e in input.episodes.iter().filter(|e| e.timeline.episode.kind == EpisodeKind::Seclusion) {
        spans.entry(e.patient.as_str()).or_default().push(e.timeline.episode.span());
    }
    for e in input.episodes {
        let ep = &e.timeline.episode;
        let (Some(&w), Some(&m)) = (ward_of.get(&ep.ward_id), month_of.get(&Month::of(ep.started_at))) else {
            continue;
        };
        let at = ep.ended_by(input.now).unwrap_or(input.now);
        let others = match ep.kind {
            EpisodeKind::Seclusion => spans.get(e.patient.as_str()).map(Vec::as_slice).unwrap_or_default(),
            EpisodeKind::LongTermSegregation => &[],
        };
        let c = evaluate(&e.timeline, others, input.rules, at);
        for acc in [&mut grid[w][m], &mut trust[m], &mut overall] {
            acc.episode(&c);
        }
    }
    for f in input.force {
        let when = f.started_at.unwrap_or(f.recorded_at);
        let (Some(&w), Some(&m)) = (ward_of.get(&f.ward_id), month_of.get(&Month::of(when))) else { continue };
        for acc in [&mut grid[w][m], &mut trust[m], &mut overall] {
            acc.force(f);
        }
    }

    let mut order: Vec<usize> = (0..input.wards.len()).collect();
    order.sort_by(|a, b| input.wards[*a].name.cmp(&input.wards[*b].name));
    let mut cells: Vec<Vec<Option<Acc>>> = grid.into_iter().map(|r| r.into_iter().map(Some).collect()).collect();
    let mut rows = Vec::with_capacity(months.len() * order.len());
    for (m, month) in months.iter().enumerate() {
        for &w in &order {
            let ward = &input.wards[w];
            let measures = cells[w][m].take().map(Acc::finish).unwrap_or_default();
            rows.push(ReportRow {
                month: Some(*month),
                ward_id: Some(ward.id),
                ward_name: ward.name.clone(),
                measures,
            });
        }
    }
    let totals = months
        .iter()
        .zip(trust)
        .map(|(m, acc)| ReportRow {
            month: Some(*m),
            ward_id: None,
            ward_name: ALL_WARDS.into(),
            measures: acc.finish(),
        })
        .collect();
    RestrictiveReport {
        scope: input.scope,
        from_month: input.from,
        to_month: input.to,
        produced_at: input.now,
        rows,
        totals,
        overall: ReportRow { month: None, ward_id: None, ward_name: ALL_WARDS.into(), measures: overall.finish() },
    }
}

pub(super) fn lines(m: &Measures) -> Vec<Line> {
    let mut out = Vec::new();
    let mut put = |measure: String, category: &str, mhsds_code: &'static str, value: f64| {
        out.push(Line { measure, category: category.to_string(), mhsds_code, value });
    };
    for (name, s) in [("seclusion", &m.seclusion), ("segregation", &m.segregation)] {
        put(format!("{name}.count"), "", "", f64::from(s.count));
        put(format!("{name}.ongoing"), "", "", f64::from(s.ongoing));
        put(format!("{name}.totalMinutes"), "", "", s.total_minutes as f64);
        if let Some(v) = s.median_minutes {
            put(format!("{name}.medianMinutes"), "", "", v);
        }
        if let Some(v) = s.longest_minutes {
            put(format!("{name}.longestMinutes"), "", "", f64::from(v));
        }
    }
    let r = &m.restraint;
    let code = |c: &str| mhsds_code(c).map_or("", |c| c.code);
    put("restraint.usesOfForce".into(), "", "", f64::from(r.uses_of_force));
    put("restraint.negligible".into(), "", "", f64::from(r.negligible));
    for (k, v) in &r.by_force_type {
        put("restraint.byForceType".into(), k, "", f64::from(*v));
    }
    for (k, v) in &r.by_position {
        put("restraint.byPosition".into(), k, code(k), f64::from(*v));
    }
    for (k, v) in &r.chemical_by_route {
        put("restraint.chemicalByRoute".into(), k, "", f64::from(*v));
    }
    for (k, v) in &r.chemical_by_code {
        put("restraint.chemicalByCode".into(), k, code(k), f64::from(*v));
    }
    put("restraint.mechanical".into(), "", "", f64::from(r.mechanical));
    put("restraint.prone10OrUnder".into(), "", code(PRONE), f64::from(r.prone_10_or_under));
    put("restraint.proneOver10".into(), "", code(PRONE), f64::from(r.prone_over_10));
    for (rule, c) in &m.compliance {
        let RuleCompliance { met, late, missed, due, rate } = c;
        for (what, v) in [("met", met), ("late", late), ("missed", missed), ("due", due)] {
            put(format!("compliance.{rule}.{what}"), "", "", f64::from(*v));
        }
        if let Some(rate) = rate {
            put(format!("compliance.{rule}.rate"), "", "", *rate);
        }
    }
    for (characteristic, values) in &m.equality {
        for (v, n) in values {
            put(format!("equality.{characteristic}"), v, "", f64::from(*n));
        }
    }
    out
}
