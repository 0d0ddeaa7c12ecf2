//! The walk-round report: a heading and a cover line (what it contains, when
//! and by whom it was produced), header facts, summary, the actions raised
//! from the walk-round and those still open against the points it assessed,
//! each area's answers and ligature points, and the amendments made after
//! sign-off.

use crate::layout::{line_height, Layout, BODY, SMALL};
use crate::layout::{or_dash, LABEL_W};
use crate::table::{Column, Table};
use crate::text::Face;
use crate::{ActionLine, AreaBlock, ReportError, WalkroundReport};

const POINT_COLUMNS: [Column; 8] = [
    Column { title: "Fixture", weight: 12.0 },
    Column { title: "Location", weight: 17.0 },
    Column { title: "Height band", weight: 9.0 },
    Column { title: "Score", weight: 10.0 },
    Column { title: "Residual", weight: 10.0 },
    Column { title: "Controls", weight: 20.0 },
    Column { title: "Status", weight: 9.0 },
    Column { title: "Change", weight: 9.0 },
];

const AMENDMENT_COLUMNS: [Column; 6] = [
    Column { title: "When", weight: 13.0 },
    Column { title: "By", weight: 12.0 },
    Column { title: "What", weight: 17.0 },
    Column { title: "Original", weight: 17.0 },
    Column { title: "Amended", weight: 17.0 },
    Column { title: "Reason", weight: 24.0 },
];

/// "extreme 2, high 3" or "none".
fn counts(list: &[(String, u32)]) -> String {
    if list.is_empty() {
        return "none".to_owned();
    }
    list.iter().map(|(k, n)| format!("{k} {n}")).collect::<Vec<_>>().join(", ")
}

fn title_of(r: &WalkroundReport) -> &str {
    if r.title.trim().is_empty() {
        "Walk-round report"
    } else {
        &r.title
    }
}

/// "1 action" or "3 actions".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the document contains, when it was produced and by whom.
fn cover_line(r: &WalkroundReport) -> String {
    let drafts = r.actions.iter().filter(|a| a.draft).count();
    let drafts =
        if drafts > 0 { format!(" ({} among them)", plural(drafts, "draft", "drafts")) } else { String::new() };
    format!(
        "This report of the {} of {} contains its details and summary; {} raised from its findings{drafts}; \
         {} still open against the ligature points it assessed; the checks and ligature points of {}; and {} \
         after sign-off. Produced {} by {}.",
        title_of(r),
        or_dash(&r.ward),
        plural(r.actions.len(), "action", "actions"),
        plural(r.open_actions.len(), "other action", "other actions"),
        plural(r.areas.len(), "area", "areas"),
        plural(r.amendments.len(), "amendment", "amendments"),
        or_dash(&r.produced_at),
        or_dash(&r.produced_by),
    )
}

fn facts(l: &mut Layout, r: &WalkroundReport) -> Result<(), ReportError> {
    l.paragraph(title_of(r), Face::Bold, 16.0, 0.0)?;
    l.paragraph(&format!("Walk-round report \u{2014} {}", or_dash(&r.ward)), Face::Bold, 11.0, 0.0)?;
    l.gap(4.0);
    l.paragraph(&cover_line(r), Face::Regular, BODY, 0.0)?;
    l.gap(6.0);
    l.field("Trust / site", or_dash(&r.trust_or_site), LABEL_W)?;
    l.field("Ward", or_dash(&r.ward), LABEL_W)?;
    l.field("Template", or_dash(&r.template), LABEL_W)?;
    l.field("Status", or_dash(&r.status), LABEL_W)?;
    let started = format!("{} by {}", or_dash(&r.started_at), or_dash(&r.started_by));
    l.field("Started", &started, LABEL_W)?;
    let completed = r.completed_at.as_deref().unwrap_or("not completed");
    l.field("Completed", completed, LABEL_W)?;
    let signed = match (&r.signed_off_at, &r.signed_off_by) {
        (Some(at), Some(by)) => format!("{at} by {by}"),
        (Some(at), None) => at.clone(),
        (None, Some(by)) => format!("by {by}"),
        (None, None) => "not signed off".to_owned(),
    };
    l.field("Signed off", &signed, LABEL_W)?;
    l.field("Produced at", or_dash(&r.produced_at), LABEL_W)?;
    l.field("Produced by", or_dash(&r.produced_by), LABEL_W)
}

fn summary(l: &mut Layout, r: &WalkroundReport) -> Result<(), ReportError> {
    let s = &r.summary;
    l.heading("Summary", 12.0, 4.0 * line_height(BODY))?;
    l.field("Points by risk band", &counts(&s.counts_by_band), LABEL_W)?;
    l.field("Points by tier", &counts(&s.counts_by_tier), LABEL_W)?;
    l.field("Since last walk-round", &counts(&s.changes), LABEL_W)?;
    l.gap(4.0);
    let label = format!("Failed critical items ({})", s.failed_critical.len());
    l.ensure(2.0 * line_height(BODY))?;
    l.paragraph(&label, Face::Bold, BODY, 0.0)?;
    if s.failed_critical.is_empty() {
        l.paragraph("None.", Face::Regular, BODY, 12.0)?;
    }
    for item in &s.failed_critical {
        l.paragraph(&format!("\u{2022} {item}"), Face::Regular, BODY, 12.0)?;
    }
    Ok(())
}

fn answers(l: &mut Layout, area: &AreaBlock) -> Result<(), ReportError> {
    if area.answers.is_empty() {
        return Ok(());
    }
    l.ensure(3.0 * line_height(BODY))?;
    l.paragraph("Checks", Face::Bold, BODY, 0.0)?;
    for a in &area.answers {
        let flag = match (a.failed, a.critical) {
            (true, true) => "  [FAILED - CRITICAL]",
            (true, false) => "  [FAILED]",
            _ => "",
        };
        let line = format!("\u{2022} {}: {}{}", or_dash(&a.question), or_dash(&a.answer), flag);
        let face = if a.failed { Face::Bold } else { Face::Regular };
        l.paragraph(&line, face, BODY, 6.0)?;
        if let Some(c) = a.comment.as_deref().filter(|c| !c.trim().is_empty()) {
            l.paragraph_grey(&format!("Comment: {c}"), Face::Regular, SMALL, 18.0, 0.25)?;
        }
    }
    Ok(())
}

fn points(l: &mut Layout, area: &AreaBlock) -> Result<(), ReportError> {
    if area.points.is_empty() {
        return Ok(());
    }
    l.gap(4.0);
    let mut t = Table::new(l, &POINT_COLUMNS, 7.5);
    let label = format!("{}: ligature points ({})", or_dash(&area.name), area.points.len());
    t.start(l)?;
    t.group(l, &label)?;
    for p in &area.points {
        let cells = [
            p.fixture.as_str(),
            p.location.as_str(),
            p.height_band.as_str(),
            p.score.as_str(),
            p.residual.as_deref().unwrap_or("-"),
            p.controls.as_str(),
            p.status.as_str(),
            p.change.as_deref().unwrap_or("-"),
        ];
        t.row(l, &cells, false)?;
    }
    Ok(())
}

fn action_table(l: &mut Layout, title: &str, empty: &str, list: &[ActionLine]) -> Result<(), ReportError> {
    // Keep the heading with the table's header and its first row.
    l.heading(title, 12.0, 7.0 * line_height(BODY))?;
    if list.is_empty() {
        return l.paragraph(empty, Face::Regular, BODY, 0.0);
    }
    let mut t = Table::new(l, &crate::actions::COLUMNS, 7.5);
    t.start(l)?;
    for a in list {
        let cells = crate::actions::cells(a);
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        t.row(l, &cells, crate::actions::needs_attention(a))?;
    }
    Ok(())
}

fn actions(l: &mut Layout, r: &WalkroundReport) -> Result<(), ReportError> {
    let title = format!("Actions raised from this walk-round ({})", r.actions.len());
    action_table(l, &title, "No actions were raised from this walk-round.", &r.actions)?;
    let title = format!("Other actions open against the points assessed ({})", r.open_actions.len());
    action_table(l, &title, "No other action is open against the points this walk-round assessed.", &r.open_actions)
}

fn areas(l: &mut Layout, r: &WalkroundReport) -> Result<(), ReportError> {
    let title = format!("Areas ({})", r.areas.len());
    l.heading(&title, 12.0, 3.0 * line_height(BODY))?;
    if r.areas.is_empty() {
        return l.paragraph("No areas were recorded.", Face::Regular, BODY, 0.0);
    }
    for area in &r.areas {
        l.gap(6.0);
        let name = format!("{} \u{2014} {}, {}", or_dash(&area.name), or_dash(&area.area_type), or_dash(&area.tier));
        l.ensure(line_height(11.0) + 3.0 * line_height(BODY))?;
        l.paragraph(&name, Face::Bold, 11.0, 0.0)?;
        if area.answers.is_empty() && area.points.is_empty() {
            l.paragraph("Nothing recorded for this area.", Face::Regular, BODY, 0.0)?;
        }
        answers(l, area)?;
        points(l, area)?;
    }
    Ok(())
}

fn amendments(l: &mut Layout, r: &WalkroundReport) -> Result<(), ReportError> {
    let title = format!("Amendments after sign-off ({})", r.amendments.len());
    l.heading(&title, 12.0, 3.0 * line_height(BODY))?;
    if r.amendments.is_empty() {
        return l.paragraph("No amendments.", Face::Regular, BODY, 0.0);
    }
    let mut t = Table::new(l, &AMENDMENT_COLUMNS, 7.5);
    t.start(l)?;
    for a in &r.amendments {
        let cells = [
            a.when.as_str(),
            a.by.as_str(),
            a.what.as_str(),
            a.original.as_str(),
            a.amended.as_str(),
            a.reason.as_str(),
        ];
        t.row(l, &cells, false)?;
    }
    Ok(())
}

pub(crate) fn build(r: &WalkroundReport) -> Result<Vec<u8>, ReportError> {
    let title = title_of(r);
    let header = format!("{} \u{2014} {}", or_dash(&r.ward), title);
    let footer = format!("Wardsafe \u{2014} {title} \u{2014} produced {}", or_dash(&r.produced_at));
    let mut l = Layout::new(&header, &footer);
    facts(&mut l, r)?;
    summary(&mut l, r)?;
    actions(&mut l, r)?;
    areas(&mut l, r)?;
    amendments(&mut l, r)?;
    crate::pdf::render(title, &l.finish())
}
