//! Adding rows up for the report: one accumulator per ward and month, per
//! month for the trust, and for the whole period (counting by numbered keys,
//! `report_tally.rs`).

use super::equality::{equality, CHARACTERISTICS};
use super::tally::{Keys, Tally};
use super::{
    EpisodeStats, Measures, ReportEpisode, ReportInput, ReportRow, RestraintStats, RestrictiveReport, RuleCompliance,
    ALL_WARDS,
};
use crate::restrictive::month::Month;
use crate::restrictive::restraint::PRONE;
use crate::restrictive::use_of_force::UseOfForce;
use crate::restrictive::EpisodeKind;
use std::collections::HashMap;

/// Every key the report counts by, numbered.
#[derive(Default)]
struct Dict {
    rules: Keys,
    force_types: Keys,
    positions: Keys,
    routes: Keys,
    codes: Keys,
    values: Keys,
}

/// What one episode adds to each accumulator: its rules by number.
struct EpisodeFacts<'a> {
    episode: &'a ReportEpisode,
    rules: Vec<(usize, [u32; 3])>,
}

/// What one use of force adds to each accumulator, worked out once.
struct ForceFacts {
    negligible: bool,
    force_types: Vec<usize>,
    positions: Vec<usize>,
    /// Route, and the MHSDS code when the data set has one.
    chemical: Vec<(usize, Option<usize>)>,
    mechanical: u32,
    /// Prone restraint: over 10 minutes or not.
    prone_over_10: Option<bool>,
    /// The value of each of [`CHARACTERISTICS`].
    equality: [usize; 10],
}

impl Dict {
    fn episode<'a>(&mut self, e: &'a ReportEpisode) -> EpisodeFacts<'a> {
        let rules = e.counts.rules.iter().map(|(rule, counts)| (self.rules.id(rule.as_str()), *counts)).collect();
        EpisodeFacts { episode: e, rules }
    }

    fn force(&mut self, f: &UseOfForce) -> ForceFacts {
        let mut force_types: Vec<usize> = f.force_types.iter().map(|t| self.force_types.id(t.as_str())).collect();
        force_types.sort_unstable();
        force_types.dedup();
        let mut positions: Vec<usize> = f.positions.iter().map(|p| self.positions.id(&p.code)).collect();
        positions.sort_unstable();
        positions.dedup();
        let prone = f.positions.iter().any(|p| p.code == PRONE);
        let chemical =
            f.chemical.iter().map(|c| (self.routes.id(c.route.as_str()), c.mhsds_code().map(|k| self.codes.id(k))));
        let values = equality(f);
        ForceFacts {
            negligible: f.negligible,
            force_types,
            positions,
            chemical: chemical.collect(),
            mechanical: f.mechanical.len() as u32,
            prone_over_10: prone.then(|| f.prone_flagged()),
            equality: std::array::from_fn(|i| self.values.id(&values[i])),
        }
    }
}

/// One kind of episode's lengths.
#[derive(Default)]
struct Lengths {
    minutes: Vec<u32>,
    ongoing: u32,
}

#[derive(Default)]
struct Acc {
    seclusion: Lengths,
    segregation: Lengths,
    /// By rule number: episodes that had the rule, then its occurrences met, late and missed.
    rules: Tally,
    met: Tally,
    late: Tally,
    missed: Tally,
    uses_of_force: u32,
    negligible: u32,
    force_types: Tally,
    positions: Tally,
    routes: Tally,
    codes: Tally,
    mechanical: u32,
    prone_10_or_under: u32,
    prone_over_10: u32,
    equality: [Tally; 10],
}

impl Acc {
    fn episode(&mut self, e: &EpisodeFacts) {
        let lengths = match e.episode.kind {
            EpisodeKind::Seclusion => &mut self.seclusion,
            EpisodeKind::LongTermSegregation => &mut self.segregation,
        };
        lengths.minutes.push(e.episode.counts.duration_minutes);
        lengths.ongoing += u32::from(!e.episode.ended);
        for &(rule, [met, late, missed]) in &e.rules {
            self.rules.add(rule, 1);
            self.met.add(rule, met);
            self.late.add(rule, late);
            self.missed.add(rule, missed);
        }
    }

    fn force(&mut self, f: &ForceFacts) {
        self.uses_of_force += 1;
        if f.negligible {
            self.negligible += 1;
            return;
        }
        for &t in &f.force_types {
            self.force_types.add(t, 1);
        }
        for &p in &f.positions {
            self.positions.add(p, 1);
        }
        for &(route, code) in &f.chemical {
            self.routes.add(route, 1);
            if let Some(code) = code {
                self.codes.add(code, 1);
            }
        }
        self.mechanical += f.mechanical;
        match f.prone_over_10 {
            Some(true) => self.prone_over_10 += 1,
            Some(false) => self.prone_10_or_under += 1,
            None => {}
        }
        for (tally, &value) in self.equality.iter_mut().zip(&f.equality) {
            tally.add(value, 1);
        }
    }

    fn finish(self, dict: &Dict) -> Measures {
        let compliance = self
            .rules
            .seen()
            .map(|i| {
                let (met, late, missed) = (self.met.get(i), self.late.get(i), self.missed.get(i));
                let due = met + late + missed;
                let rate = (due > 0).then(|| f64::from(met) / f64::from(due));
                (dict.rules.name(i).to_string(), RuleCompliance { met, late, missed, due, rate })
            })
            .collect();
        let equality = CHARACTERISTICS
            .iter()
            .zip(self.equality)
            .map(|(c, tally)| (c.to_string(), tally.into_map(&dict.values)))
            .filter(|(_, values)| !values.is_empty())
            .collect();
        Measures {
            seclusion: stats(self.seclusion),
            segregation: stats(self.segregation),
            restraint: RestraintStats {
                uses_of_force: self.uses_of_force,
                negligible: self.negligible,
                by_force_type: self.force_types.into_map(&dict.force_types),
                by_position: self.positions.into_map(&dict.positions),
                chemical_by_route: self.routes.into_map(&dict.routes),
                chemical_by_code: self.codes.into_map(&dict.codes),
                mechanical: self.mechanical,
                prone_10_or_under: self.prone_10_or_under,
                prone_over_10: self.prone_over_10,
            },
            compliance,
            equality,
        }
    }
}

fn stats(Lengths { mut minutes, ongoing }: Lengths) -> EpisodeStats {
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

pub(super) fn build(input: ReportInput) -> RestrictiveReport {
    let months: Vec<Month> = std::iter::successors(Some(input.from), |m| Some(m.next()))
        .take(input.from.count_to(input.to) as usize)
        .collect();
    let month_of: HashMap<Month, usize> = months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let ward_of: HashMap<uuid::Uuid, usize> = input.wards.iter().enumerate().map(|(i, w)| (w.id, i)).collect();
    let mut grid: Vec<Vec<Acc>> = input.wards.iter().map(|_| months.iter().map(|_| Acc::default()).collect()).collect();
    let mut trust: Vec<Acc> = months.iter().map(|_| Acc::default()).collect();
    let mut overall = Acc::default();
    let mut dict = Dict::default();

    for e in input.episodes {
        let (Some(&w), Some(&m)) = (ward_of.get(&e.ward_id), month_of.get(&Month::of(e.started_at))) else {
            continue;
        };
        let facts = dict.episode(e);
        for acc in [&mut grid[w][m], &mut trust[m], &mut overall] {
            acc.episode(&facts);
        }
    }
    for f in input.force {
        let when = f.started_at.unwrap_or(f.recorded_at);
        let (Some(&w), Some(&m)) = (ward_of.get(&f.ward_id), month_of.get(&Month::of(when))) else { continue };
        let facts = dict.force(f);
        for acc in [&mut grid[w][m], &mut trust[m], &mut overall] {
            acc.force(&facts);
        }
    }

    let mut order: Vec<usize> = (0..input.wards.len()).collect();
    order.sort_by(|a, b| input.wards[*a].name.cmp(&input.wards[*b].name));
    let mut cells: Vec<Vec<Option<Acc>>> = grid.into_iter().map(|r| r.into_iter().map(Some).collect()).collect();
    let mut rows = Vec::with_capacity(months.len() * order.len());
    for (m, month) in months.iter().enumerate() {
        for &w in &order {
            let ward = &input.wards[w];
            let measures = cells[w][m].take().map(|a| a.finish(&dict)).unwrap_or_default();
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
            measures: acc.finish(&dict),
        })
        .collect();
    RestrictiveReport {
        scope: input.scope,
        from_month: input.from,
        to_month: input.to,
        produced_at: input.now,
        rows,
        totals,
        overall: ReportRow { month: None, ward_id: None, ward_name: ALL_WARDS.into(), measures: overall.finish(&dict) },
    }
}
