//! The report's numbers as the CSV holds them: one line per number, named
//! by its path in the JSON, with the MHSDS restrictive intervention code
//! where the data set has one.

use super::{Line, Measures, RuleCompliance};
use crate::restrictive::restraint::{mhsds_code, PRONE};

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
