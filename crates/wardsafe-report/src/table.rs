//! A simple table: a grey header row repeated on every page, optional group
//! bands ("Bedroom 3 - Tier 3", repeated as "(continued)" after a page break),
//! rows whose cells wrap, and notes spanning the whole width under a row. A
//! row taller than what is left of a page moves to the next page; a row
//! taller than a whole page is split between pages. Nothing is cut short: a
//! group band as long as a page wraps and splits like a row (only its
//! "(continued)" repeat is shortened, the full text having been shown).

use crate::layout::{line_height, truncate_to_width, wrap, Item, Layout};
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
/// Background of the header row and of group bands.
const HEADER_FILL: f32 = 0.85;
const BAND_FILL: f32 = 0.93;

/// Wrapped lines of one cell and where the cell starts.
struct Cell {
    x: f32,
    lines: Vec<String>,
}

/// How a block of cells is drawn.
#[derive(Clone, Copy)]
struct Style {
    size: f32,
    face: Face,
    grey: f32,
    fill: Option<f32>,
    /// A thin rule under the block.
    rule: bool,
}

pub(crate) struct Table {
    titles: Vec<&'static str>,
    /// Left edge and width of each column, in points.
    cols: Vec<(f32, f32)>,
    left: f32,
    width: f32,
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
        Self {
            titles: columns.iter().map(|c| c.title).collect(),
            cols,
            left: layout.left(),
            width: layout.width(),
            size,
            group: None,
        }
    }

    fn band_size(&self) -> f32 {
        self.size + 1.0
    }

    fn wrap_cells(&self, cells: &[&str], face: Face) -> Vec<Cell> {
        self.cols
            .iter()
            .enumerate()
            .map(|(i, (x, w))| {
                let text = cells.get(i).copied().unwrap_or("");
                Cell { x: x + PAD_X, lines: wrap(text, face, self.size, w - 2.0 * PAD_X) }
            })
            .collect()
    }

    fn header_height(&self) -> f32 {
        let n = self.wrap_cells(&self.titles, Face::Bold).iter().map(|c| c.lines.len()).max().unwrap_or(1);
        n as f32 * line_height(self.size) + 2.0 * PAD_Y
    }

    /// Height of a one-line group band.
    fn band_height(&self) -> f32 {
        line_height(self.band_size()) + 2.0 * PAD_Y
    }

    /// Height of the smallest row.
    fn min_row(&self) -> f32 {
        line_height(self.size) + 2.0 * PAD_Y
    }

    /// Draw lines `from..to` of `cells` as one band of a block at the cursor.
    fn draw_lines(&self, layout: &mut Layout, cells: &[Cell], from: usize, to: usize, style: Style) {
        let lh = line_height(style.size);
        let h = (to - from) as f32 * lh + 2.0 * PAD_Y;
        if let Some(g) = style.fill {
            layout.push(Item::Fill { x: self.left, y: layout.y() - h, w: self.width, h, grey: g });
        }
        let top = layout.y() - PAD_Y;
        for cell in cells {
            for (k, line) in cell.lines.iter().enumerate().take(to).skip(from) {
                let baseline = top - (k - from) as f32 * lh - style.size;
                layout.text_at(cell.x, baseline, style.size, style.face, style.grey, line);
            }
        }
        layout.advance(h);
        if style.rule {
            let y = layout.y();
            layout.rule_at(y, 0.3, 0.6);
        }
    }

    /// Draw the header row at the cursor.
    pub(crate) fn header(&self, layout: &mut Layout) {
        let cells = self.wrap_cells(&self.titles, Face::Bold);
        let n = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1);
        let style = Style { size: self.size, face: Face::Bold, grey: 0.0, fill: Some(HEADER_FILL), rule: false };
        self.draw_lines(layout, &cells, 0, n, style);
        let y = layout.y();
        layout.rule_at(y, 0.6, 0.0);
    }

    /// Start the table: header (on a new page if not even one row would fit).
    pub(crate) fn start(&mut self, layout: &mut Layout) -> Result<(), ReportError> {
        self.group = None;
        layout.ensure(self.header_height() + self.band_height() + self.min_row())?;
        self.header(layout);
        Ok(())
    }

    /// A new page with the header and, inside a group, its band marked "(continued)".
    fn page_break(&self, layout: &mut Layout) -> Result<(), ReportError> {
        layout.new_page()?;
        self.header(layout);
        if let Some(g) = &self.group {
            // Shortened if need be: the full label is on an earlier page.
            let size = self.band_size();
            let label = truncate_to_width(&format!("{g} (continued)"), Face::Bold, size, self.width - 2.0 * PAD_X);
            let cells = [Cell { x: self.left + PAD_X, lines: vec![label] }];
            let style = Style { size, face: Face::Bold, grey: 0.0, fill: Some(BAND_FILL), rule: false };
            self.draw_lines(layout, &cells, 0, 1, style);
        }
        Ok(())
    }

    /// Height left for rows on a fresh page of this table.
    fn fresh_capacity(&self, layout: &Layout) -> f32 {
        layout.page_capacity() - self.header_height() - if self.group.is_some() { self.band_height() } else { 0.0 }
    }

    /// Height a row would take (unsplit).
    pub(crate) fn row_height(&self, cells: &[&str], bold: bool) -> f32 {
        let face = if bold { Face::Bold } else { Face::Regular };
        let n = self.wrap_cells(cells, face).iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
        n as f32 * line_height(self.size) + 2.0 * PAD_Y
    }

    /// Height a [`Table::note`] would take (unsplit).
    pub(crate) fn note_height(&self, text: &str, face: Face, indent: f32) -> f32 {
        let indent = indent.clamp(0.0, self.width / 2.0);
        let n = wrap(text, face, self.size, self.width - indent - 2.0 * PAD_X).len().max(1);
        n as f32 * line_height(self.size) + 2.0 * PAD_Y
    }

    /// Start a new page now if `height` (a row and its notes) does not fit
    /// what is left of this one but would fit a fresh page.
    pub(crate) fn keep_together(&self, layout: &mut Layout, height: f32) -> Result<(), ReportError> {
        if layout.remaining() < height && height <= self.fresh_capacity(layout) {
            self.page_break(layout)?;
        }
        Ok(())
    }

    /// Lay out a block of wrapped cells, moving it to the next page if it does
    /// not fit here but would on a fresh page, and splitting it between pages
    /// if it is taller than a page.
    fn block(&self, layout: &mut Layout, cells: &[Cell], style: Style) -> Result<(), ReportError> {
        let lh = line_height(style.size);
        let n = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1).max(1);
        let full = n as f32 * lh + 2.0 * PAD_Y;
        let fresh =
            layout.page_capacity() - self.header_height() - if self.group.is_some() { self.band_height() } else { 0.0 };
        if layout.remaining() < full && full <= fresh {
            self.page_break(layout)?;
        }
        let mut done = 0;
        let mut just_broke = false;
        while done < n {
            let room = (layout.remaining() - 2.0 * PAD_Y) / lh;
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
            self.draw_lines(layout, cells, done, to, style);
            done = to;
            if done < n {
                self.page_break(layout)?;
                just_broke = true;
            }
        }
        Ok(())
    }

    /// A group band spanning the table, kept with the first line of the next
    /// row. A long label wraps.
    pub(crate) fn group(&mut self, layout: &mut Layout, label: &str) -> Result<(), ReportError> {
        self.group = None;
        let size = self.band_size();
        let lines = wrap(label, Face::Bold, size, self.width - 2.0 * PAD_X);
        let h = lines.len() as f32 * line_height(size) + 2.0 * PAD_Y;
        if layout.remaining() < h + self.min_row()
            && h + self.min_row() <= layout.page_capacity() - self.header_height()
        {
            self.page_break(layout)?;
        }
        let cells = [Cell { x: self.left + PAD_X, lines }];
        let style = Style { size, face: Face::Bold, grey: 0.0, fill: Some(BAND_FILL), rule: false };
        self.block(layout, &cells, style)?;
        self.group = Some(label.to_owned());
        Ok(())
    }

    /// One row; `bold` for rows that need attention.
    pub(crate) fn row(&mut self, layout: &mut Layout, cells: &[&str], bold: bool) -> Result<(), ReportError> {
        self.row_ruled(layout, cells, bold, true)
    }

    /// [`Table::row`], with or without the rule under it (none when notes
    /// about the row follow).
    pub(crate) fn row_ruled(
        &mut self,
        layout: &mut Layout,
        cells: &[&str],
        bold: bool,
        rule: bool,
    ) -> Result<(), ReportError> {
        let face = if bold { Face::Bold } else { Face::Regular };
        let wrapped = self.wrap_cells(cells, face);
        let style = Style { size: self.size, face, grey: 0.0, fill: None, rule };
        self.block(layout, &wrapped, style)
    }

    /// A note spanning the whole table under the row before it, from `indent`
    /// points in, for what belongs to that row (its actions, a flag).
    /// `rule`: a rule under it (for the last note of a row).
    pub(crate) fn note(
        &mut self,
        layout: &mut Layout,
        text: &str,
        face: Face,
        indent: f32,
        rule: bool,
    ) -> Result<(), ReportError> {
        let indent = indent.clamp(0.0, self.width / 2.0);
        let lines = wrap(text, face, self.size, self.width - indent - 2.0 * PAD_X);
        let cells = [Cell { x: self.left + indent + PAD_X, lines }];
        let style = Style { size: self.size, face, grey: 0.15, fill: None, rule };
        self.block(layout, &cells, style)
    }
}
