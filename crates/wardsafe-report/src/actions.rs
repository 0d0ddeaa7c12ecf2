//! How an action reads in a report: as the cells of a walk-round's action
//! table, or as one note under a point of the register. Flags that need
//! attention (overdue, a review overdue, staff vigilance only, no interim
//! control) are spelt out in capitals so they survive printing in black and
//! white.

use crate::layout::or_dash;
use crate::table::Column;
use crate::{ActionLine, InterimLine};

/// The columns of an action table.
pub(crate) const COLUMNS: [Column; 8] = [
    Column { title: "Action", weight: 19.0 },
    Column { title: "Band", weight: 9.0 },
    Column { title: "Status", weight: 11.0 },
    Column { title: "Owner / trade", weight: 11.0 },
    Column { title: "Assignee", weight: 10.0 },
    Column { title: "Due", weight: 9.0 },
    Column { title: "Interim controls in force (review by)", weight: 18.0 },
    Column { title: "Outcome", weight: 13.0 },
];

/// Whether the action needs attention (its row is shown in bold).
pub(crate) fn needs_attention(a: &ActionLine) -> bool {
    a.overdue || a.vigilance_only || a.interim_missing || a.interim_controls.iter().any(|c| c.review_overdue)
}

fn status(a: &ActionLine) -> String {
    if a.draft {
        "DRAFT - not yet confirmed".to_owned()
    } else {
        or_dash(&a.status).to_owned()
    }
}

fn due(a: &ActionLine) -> String {
    if a.overdue {
        format!("{} OVERDUE", or_dash(&a.due))
    } else {
        or_dash(&a.due).to_owned()
    }
}

fn control(c: &InterimLine) -> String {
    let overdue = if c.review_overdue { " REVIEW OVERDUE" } else { "" };
    format!("{}, since {}; review by {}{overdue}", or_dash(&c.control), or_dash(&c.since), or_dash(&c.review_date))
}

/// The flags about interim controls, if any.
fn flags(a: &ActionLine) -> Vec<&'static str> {
    let mut out = Vec::new();
    if a.vigilance_only {
        out.push("STAFF VIGILANCE ONLY for longer than policy allows");
    }
    if a.interim_missing {
        out.push("NO INTERIM CONTROL for an extreme risk");
    }
    out
}

/// The interim controls and flags, each starting with `bullet`, joined by `sep`.
fn controls(a: &ActionLine, bullet: &str, sep: &str) -> String {
    let mut parts: Vec<String> = a.interim_controls.iter().map(|c| format!("{bullet}{}", control(c))).collect();
    if parts.is_empty() {
        parts.push("none in force".to_owned());
    }
    parts.extend(flags(a).into_iter().map(|f| format!("{bullet}{f}")));
    parts.join(sep)
}

/// The cells of one row of [`COLUMNS`].
pub(crate) fn cells(a: &ActionLine) -> [String; 8] {
    let what = if a.about.trim().is_empty() {
        or_dash(&a.title).to_owned()
    } else {
        format!("{}\n{}", or_dash(&a.title), a.about)
    };
    [
        what,
        or_dash(&a.band).to_owned(),
        status(a),
        or_dash(&a.owner).to_owned(),
        a.assignee.as_deref().map(or_dash).unwrap_or("unassigned").to_owned(),
        due(a),
        controls(a, "\u{2022} ", "\n"),
        a.outcome.as_deref().map(or_dash).unwrap_or("-").to_owned(),
    ]
}

/// The action as one sentence, for a note under a register row.
pub(crate) fn sentence(a: &ActionLine) -> String {
    let assignee = match a.assignee.as_deref() {
        Some(who) if !who.trim().is_empty() => format!("assigned to {who}"),
        _ => "unassigned".to_owned(),
    };
    let mut s = format!(
        "Action: {} ({} band; {}; {}; {}; due {}). Interim controls: {}.",
        or_dash(&a.title),
        or_dash(&a.band),
        status(a),
        or_dash(&a.owner),
        assignee,
        due(a),
        controls(a, "", "; ")
    );
    if let Some(o) = a.outcome.as_deref().filter(|o| !o.trim().is_empty()) {
        s.push_str(&format!(" {o}."));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn action() -> ActionLine {
        ActionLine {
            title: "Box in the pipe".to_owned(),
            band: "high".to_owned(),
            status: "Assigned".to_owned(),
            owner: "Estates, Plumbing".to_owned(),
            assignee: Some("Chris Dunn".to_owned()),
            due: "10 Mar 2025".to_owned(),
            ..ActionLine::default()
        }
    }

    #[test]
    fn flags_are_spelt_out() {
        let mut a = action();
        assert!(!needs_attention(&a));
        assert_eq!(cells(&a)[6], "none in force");
        assert_eq!(cells(&a)[1], "high");
        a.overdue = true;
        a.vigilance_only = true;
        a.interim_controls.push(InterimLine {
            control: "Staff vigilance only".to_owned(),
            since: "1 Jan 2025 09:00".to_owned(),
            review_date: "2 Jan 2025".to_owned(),
            review_overdue: true,
        });
        assert!(needs_attention(&a));
        let s = sentence(&a);
        for needle in ["10 Mar 2025 OVERDUE", "review by 2 Jan 2025 REVIEW OVERDUE", "STAFF VIGILANCE ONLY"] {
            assert!(s.contains(needle), "{needle} not in {s}");
        }
    }

    #[test]
    fn drafts_are_marked() {
        let a = ActionLine { draft: true, status: "Draft".to_owned(), ..action() };
        assert!(cells(&a)[2].starts_with("DRAFT"));
        assert!(sentence(&a).contains("DRAFT - not yet confirmed"));
    }
}
