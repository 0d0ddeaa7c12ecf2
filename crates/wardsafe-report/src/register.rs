//! The ward's ligature register: every point, grouped by area.

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

pub(crate) fn build(r: &RegisterReport) -> Result<Vec<u8>, ReportError> {
    let title = if r.title.trim().is_empty() { "Ligature register" } else { r.title.as_str() };
    let header = format!("{} \u{2014} {}", or_dash(&r.ward), title);
    let footer = format!("Wardsafe \u{2014} {title} \u{2014} produced {}", or_dash(&r.produced_at));
    let mut l = Layout::new(&header, &footer);

    l.paragraph(title, Face::Bold, 16.0, 0.0)?;
    l.gap(4.0);
    l.field("Ward", or_dash(&r.ward), LABEL_W)?;
    l.field("Trust / site", or_dash(&r.trust_or_site), LABEL_W)?;
    l.field("Produced at", or_dash(&r.produced_at), LABEL_W)?;
    let total: usize = r.areas.iter().map(|a| a.points.len()).sum();
    let count = format!("{total} in {} areas", r.areas.len());
    l.field("Ligature points", &count, LABEL_W)?;
    l.gap(10.0);

    if total == 0 && r.areas.is_empty() {
        l.paragraph("No ligature points are recorded for this ward.", Face::Regular, BODY, 0.0)?;
        return crate::pdf::render(title, &l.finish());
    }

    let mut t = Table::new(&l, &COLUMNS, 7.5);
    t.start(&mut l)?;
    for area in &r.areas {
        let label = format!(
            "{} ({}) \u{2014} {} \u{2014} {} points",
            or_dash(&area.name),
            or_dash(&area.area_type),
            or_dash(&area.tier),
            area.points.len()
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
            t.row(&mut l, &cells, false)?;
        }
    }
    crate::pdf::render(title, &l.finish())
}
