//! A simple table: a grey header row repeated on every page, optional group
//! bands ("Bedroom 3 - Tier 3", repeated as "(continued)" after a page break)
//! and rows whose cells wrap. A row taller than what is left of a page moves to
//! the next page; a row taller than a whole page is split between pages.

use crate::layout::{line_height, wrap, Layout};
use crate::text::Face;
use crate::ReportError;

/// One column: its title and its share of the table width.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub title: &'static str,
    pub weight: f32,
}

const PAD_X: f32 = 2.5;
const PAD_Y: f32 = 2.5;

pub(crate) struct Table {
    titles: Vec<&'static str>,
    /// Left edge and width of each column, in points.
    cols: Vec<(f32, f32)>,
    size: f32,
    group: Option<String>,
}

impl Table {
    /// A table across the content width of `layout`.
    pub(crate) fn new(layout: &Layout, columns: &[Column], size: f32) -> Self {
        let total: f32 = columns.iter().map(|c| c.weight.max(0.0)).sum();
        let total = if total > 0.0 { total } else { 1.0 };
        let mut x = layout.left();
        let mut cols = Vec::with_capacity(columns.len());
        for c in columns {
            let w = layout.width() * c.weight.max(0.0) / total;
            cols.push((x, w));
            x += w;
        }
        Self { titles: columns.iter().map(|c| c.title).collect(), cols, size, group: None }
    }

    fn lh(&self) -> f32 {
        line_height(self.size)
    }

    fn wrap_cells(&self, cells: &[&str], face: Face) -> Vec<Vec<String>> {
        self.cols
            .iter()
            .enumerate()
            .map(|(i, (_, w))| {
                let text = cells.get(i).copied().unwrap_or("");
                wrap(text, face, self.size, w - 2.0 * PAD_X)
            })
            .collect()
    }

    fn header_height(&self) -> f32 {
        let n = self.wrap_cells(&self.titles, Face::Bold).iter().map(Vec::len).max().unwrap_or(1);
        n as f32 * self.lh() + 2.0 * PAD_Y
    }

    fn band_height(&self) -> f32 {
        line_height(self.size + 1.0) + 2.0 * PAD_Y
    }

    /// Draw lines `from..to` of wrapped cells as one band of a row.
    fn draw_lines(&self, layout: &mut Layout, cells: &[Vec<String>], from: usize, to: usize, face: Face) {
        let top = layout.y() - PAD_Y;
        for (col, lines) in self.cols.iter().zip(cells) {
            for (k, line) in lines.iter().enumerate().take(to).skip(from) {
                let baseline = top - (k - from) as f32 * self.lh() - self.size;
                layout.text_at(col.0 + PAD_X, baseline, self.size, face, 0.0, line);
            }
        }
        layout.advance((to - from) as f32 * self.lh() + 2.0 * PAD_Y);
    }

    /// Draw the header row at the cursor.
    pub(crate) fn header(&self, layout: &mut Layout) {
        let h = self.header_height();
        let left = layout.left();
        let width = layout.width();
        layout.push(crate::layout::Item::Fill { x: left, y: layout.y() - h, w: width, h, grey: 0.85 });
        let cells = self.wrap_cells(&self.titles, Face::Bold);
        let n = cells.iter().map(Vec::len).max().unwrap_or(1);
        self.draw_lines(layout, &cells, 0, n, Face::Bold);
        let y = layout.y();
        layout.rule_at(y, 0.6, 0.0);
    }

    fn band(&self, layout: &mut Layout, label: &str) {
        let h = self.band_height();
        let left = layout.left();
        let width = layout.width();
        layout.push(crate::layout::Item::Fill { x: left, y: layout.y() - h, w: width, h, grey: 0.93 });
        let size = self.size + 1.0;
        let line = crate::layout::truncate_to_width(label, Face::Bold, size, width - 2.0 * PAD_X);
        let baseline = layout.y() - PAD_Y - size;
        layout.text_at(left + PAD_X, baseline, size, Face::Bold, 0.0, &line);
        layout.advance(h);
    }

    /// Start the table: header (on a new page if not even one row would fit).
    pub(crate) fn start(&mut self, layout: &mut Layout) -> Result<(), ReportError> {
        self.group = None;
        layout.ensure(self.header_height() + self.band_height() + self.lh() + 2.0 * PAD_Y)?;
        self.header(layout);
        Ok(())
    }

    fn page_break(&self, layout: &mut Layout) -> Result<(), ReportError> {
        layout.new_page()?;
        self.header(layout);
        if let Some(g) = &self.group {
            self.band(layout, &format!("{g} (continued)"));
        }
        Ok(())
    }

    /// A group band spanning the table, kept with the first line of the next row.
    pub(crate) fn group(&mut self, layout: &mut Layout, label: &str) -> Result<(), ReportError> {
        self.group = None;
        if layout.remaining() < self.band_height() + self.lh() + 2.0 * PAD_Y {
            self.page_break(layout)?;
        }
        self.band(layout, label);
        self.group = Some(label.to_owned());
        Ok(())
    }

    /// One row; `bold` for rows that need attention.
    pub(crate) fn row(&mut self, layout: &mut Layout, cells: &[&str], bold: bool) -> Result<(), ReportError> {
        let face = if bold { Face::Bold } else { Face::Regular };
        let wrapped = self.wrap_cells(cells, face);
        let n = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let full = n as f32 * self.lh() + 2.0 * PAD_Y;
        let fresh =
            layout.page_capacity() - self.header_height() - if self.group.is_some() { self.band_height() } else { 0.0 };
        if layout.remaining() < full && full <= fresh {
            self.page_break(layout)?;
        }
        let mut done = 0;
        let mut just_broke = false;
        while done < n {
            let room = (layout.remaining() - 2.0 * PAD_Y) / self.lh();
            let fit = if room.is_finite() && room >= 1.0 { room.floor() as usize } else { 0 };
            if fit == 0 {
                if just_broke {
                    return Err(ReportError::new("a table row cannot fit on a page"));
                }
                self.page_break(layout)?;
                just_broke = true;
                continue;
            }
            just_broke = false;
            let to = (done + fit).min(n);
            self.draw_lines(layout, &wrapped, done, to, face);
            let y = layout.y();
            layout.rule_at(y, 0.3, 0.6);
            done = to;
            if done < n {
                self.page_break(layout)?;
                just_broke = true;
            }
        }
        Ok(())
    }
}
