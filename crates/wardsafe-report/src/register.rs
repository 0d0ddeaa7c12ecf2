//! The ward's ligature register: every point, grouped by area, each with the
//! actions still open against it and their interim controls, and the
//! vigilance-only flag where it applies. Opens with a heading and a cover line
//! saying what it contains, when and by whom it was produced.

use crate::layout::{or_dash, LABEL_W};
use crate::layout::{Layout, BODY};
use crate::table::{Column, Table};
use crate::text::Face;
use crate::{RegisterReport, ReportError};

const COLUMNS: [Column; 8] = [
    Column { title: "Fixture", weight: 12.0 },
    Column { title: "Location", weight: 17.0 },
    Column { title: "Height band", weight: 9.0 },
    Column { title: "Score (band)", weight: 10.0 },
    Column { title: "Residual", weight: 10.0 },
    Column { title: "Controls", weight: 21.0 },
    Column { title: "Status", weight: 9.0 },
    Column { title: "Last assessed", weight: 10.0 },
];

/// How far the notes under a point (its actions, the flag) are indented.
const NOTE_INDENT: f32 = 14.0;

const VIGILANCE: &str = "STAFF VIGILANCE ONLY: staff vigilance has been the only control on this point \
    for longer than the trust's policy allows.";

pub(crate) fn build(r: &RegisterReport) -> Result<Vec<u8>, ReportError> {
    let title = if r.title.trim().is_empty() { "Ligature register" } else { r.title.as_str() };
    let header = format!("{} \u{2014} {}", or_dash(&r.ward), title);
    let footer = format!("Wardsafe \u{2014} {title} \u{2014} produced {}", or_dash(&r.produced_at));
    let mut l = Layout::new(&header, &footer);

    let points = || r.areas.iter().flat_map(|a| &a.points);
    let total = points().count();
    let open = points().filter(|p| p.open).count();
    let open_with_action = points().filter(|p| p.open && !p.actions.is_empty()).count();
    let actions: usize = points().map(|p| p.actions.len()).sum();
    let vigilance = points().filter(|p| p.vigilance_only).count();

    l.paragraph(title, Face::Bold, 16.0, 0.0)?;
    l.paragraph(or_dash(&r.ward), Face::Bold, 11.0, 0.0)?;
    l.gap(4.0);
    let cover = format!(
        "This register lists every ligature point of {} ({}) that has not been removed: {total} in {} {}, \
         {open} of them open. Each point shows its latest assessment and controls and, under it, the actions \
         still open against it with the interim controls in force and their review dates. Produced {} by {}.",
        or_dash(&r.ward),
        or_dash(&r.trust_or_site),
        r.areas.len(),
        if r.areas.len() == 1 { "area" } else { "areas" },
        or_dash(&r.produced_at),
        or_dash(&r.produced_by),
    );
    l.paragraph(&cover, Face::Regular, BODY, 0.0)?;
    l.gap(6.0);
    l.field("Ward", or_dash(&r.ward), LABEL_W)?;
    l.field("Trust / site", or_dash(&r.trust_or_site), LABEL_W)?;
    l.field("Produced at", or_dash(&r.produced_at), LABEL_W)?;
    l.field("Produced by", or_dash(&r.produced_by), LABEL_W)?;
    let count = format!("{total} in {} areas, {open} open", r.areas.len());
    l.field("Ligature points", &count, LABEL_W)?;
    let with = format!("{actions} against {open_with_action} of the {open} open points");
    l.field("Open actions", &with, LABEL_W)?;
    let flagged = if vigilance == 0 {
        "none".to_owned()
    } else {
        format!("{vigilance} {} (see the points marked below)", if vigilance == 1 { "point" } else { "points" })
    };
    l.field("Staff vigilance only", &flagged, LABEL_W)?;
    l.gap(10.0);

    if total == 0 && r.areas.is_empty() {
        l.paragraph("No ligature points are recorded for this ward.", Face::Regular, BODY, 0.0)?;
        return crate::pdf::render(title, &l.finish());
    }

    let mut t = Table::new(&l, &COLUMNS, 7.5);
    t.start(&mut l)?;
    for area in &r.areas {
        let n = area.points.len();
        let label = format!(
            "{} ({}) \u{2014} {} \u{2014} {n} {}",
            or_dash(&area.name),
            or_dash(&area.area_type),
            or_dash(&area.tier),
            if n == 1 { "point" } else { "points" }
        );
        t.group(&mut l, &label)?;
        if area.points.is_empty() {
            t.row(&mut l, &["No ligature points recorded."], false)?;
        }
        for p in &area.points {
            let cells = [
                p.fixture.as_str(),
                p.location.as_str(),
                p.height_band.as_str(),
                p.score.as_str(),
                p.residual.as_deref().unwrap_or("-"),
                p.controls.as_str(),
                p.status.as_str(),
                p.last_assessed.as_str(),
            ];
            let attention = p.vigilance_only || p.actions.iter().any(crate::actions::needs_attention);
            // The notes under the row: the flag, then each open action.
            let mut notes: Vec<(String, Face)> = Vec::new();
            if p.vigilance_only {
                notes.push((VIGILANCE.to_owned(), Face::Bold));
            }
            for a in &p.actions {
                let face = if crate::actions::needs_attention(a) { Face::Bold } else { Face::Regular };
                notes.push((crate::actions::sentence(a), face));
            }
            // A point and its notes stay on one page when they can.
            let height = t.row_height(&cells, attention)
                + notes.iter().map(|(text, face)| t.note_height(text, *face, NOTE_INDENT)).sum::<f32>();
            t.keep_together(&mut l, height)?;
            t.row_ruled(&mut l, &cells, attention, notes.is_empty())?;
            let last = notes.len();
            for (i, (text, face)) in notes.iter().enumerate() {
                t.note(&mut l, text, *face, NOTE_INDENT, i + 1 == last)?;
            }
        }
    }
    crate::pdf::render(title, &l.finish())
}
