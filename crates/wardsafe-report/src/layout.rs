//! Page geometry, word wrapping and pagination.
//!
//! A [`Layout`] is a cursor moving down A4 portrait pages; it records what to
//! draw as plain [`Item`]s (points, origin bottom left) and starts a new page
//! when the next thing does not fit. [`Layout::finish`] adds the page header
//! ("ward / title" and "Page N of M") and footer once the page count is known.

use crate::text::{sanitize, text_width, Face};
use crate::ReportError;

/// A4 portrait in points.
pub(crate) const PAGE_W: f32 = 595.28;
pub(crate) const PAGE_H: f32 = 841.89;
/// 15 mm side margins.
const MARGIN_X: f32 = 42.52;
const HEADER_BASELINE: f32 = PAGE_H - 34.0;
const CONTENT_TOP: f32 = PAGE_H - 58.0;
const CONTENT_BOTTOM: f32 = 50.0;
const FOOTER_BASELINE: f32 = 30.0;
/// A report longer than this is refused rather than produced.
pub(crate) const MAX_PAGES: usize = 5_000;

pub(crate) const BODY: f32 = 9.5;
pub(crate) const SMALL: f32 = 8.0;

/// Line height for a font size.
pub(crate) fn line_height(size: f32) -> f32 {
    size * 1.3
}

/// Something to draw. Coordinates are points from the bottom left corner.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    /// One line of text; `y` is the baseline; `grey` is 0.0 (black) to 1.0.
    Text { x: f32, y: f32, size: f32, face: Face, grey: f32, text: String },
    /// A straight stroke.
    Rule { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32 },
    /// A filled rectangle; (`x`, `y`) is its lower left corner.
    Fill { x: f32, y: f32, w: f32, h: f32, grey: f32 },
}

/// The items of one page, in drawing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Page {
    pub items: Vec<Item>,
}

/// Wrap `text` to lines no wider than `max_width` points. The text is
/// sanitized first; `\n` forces a break; a word wider than a line is broken
/// between characters. Always returns at least one (possibly empty) line.
pub(crate) fn wrap(text: &str, face: Face, size: f32, max_width: f32) -> Vec<String> {
    let max_width = if max_width.is_finite() { max_width.max(1.0) } else { 1.0 };
    let clean = sanitize(text);
    let space = text_width(" ", face, size);
    let mut lines = Vec::new();
    for paragraph in clean.trim().split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0_f32;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_w = text_width(word, face, size);
            if !line.is_empty() && line_w + space + word_w <= max_width {
                line.push(' ');
                line.push_str(word);
                line_w += space + word_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if word_w <= max_width {
                line.push_str(word);
                line_w = word_w;
            } else {
                // Break a word that is wider than the whole line.
                let mut chunk = String::new();
                let mut chunk_w = 0.0_f32;
                for c in word.chars() {
                    let mut buf = [0u8; 4];
                    let c_w = text_width(c.encode_utf8(&mut buf), face, size);
                    if !chunk.is_empty() && chunk_w + c_w > max_width {
                        lines.push(std::mem::take(&mut chunk));
                        chunk_w = 0.0;
                    }
                    chunk.push(c);
                    chunk_w += c_w;
                }
                line = chunk;
                line_w = chunk_w;
            }
        }
        lines.push(line);
    }
    lines
}

/// Shorten `text` (sanitized) with "..." so it fits `max_width`.
pub(crate) fn truncate_to_width(text: &str, face: Face, size: f32, max_width: f32) -> String {
    let clean = sanitize(text).replace('\n', " ");
    if text_width(&clean, face, size) <= max_width {
        return clean;
    }
    let budget = max_width - text_width("...", face, size);
    let mut out = String::new();
    let mut w = 0.0_f32;
    for c in clean.chars() {
        let mut buf = [0u8; 4];
        let c_w = text_width(c.encode_utf8(&mut buf), face, size);
        if w + c_w > budget {
            break;
        }
        out.push(c);
        w += c_w;
    }
    out.push_str("...");
    out
}

/// A cursor moving down the pages of one report.
#[derive(Debug)]
pub(crate) struct Layout {
    pages: Vec<Page>,
    /// Top of the free space on the current page.
    y: f32,
    header_left: String,
    footer_left: String,
}

impl Layout {
    /// `header_left` is shown top left on every page, `footer_left` bottom left.
    pub(crate) fn new(header_left: &str, footer_left: &str) -> Self {
        Self {
            pages: vec![Page::default()],
            y: CONTENT_TOP,
            header_left: header_left.to_owned(),
            footer_left: footer_left.to_owned(),
        }
    }

    /// Left edge of the content.
    pub(crate) fn left(&self) -> f32 {
        MARGIN_X
    }

    /// Width of the content.
    pub(crate) fn width(&self) -> f32 {
        PAGE_W - 2.0 * MARGIN_X
    }

    /// Top of the free space on the current page.
    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    /// Height left on the current page.
    pub(crate) fn remaining(&self) -> f32 {
        self.y - CONTENT_BOTTOM
    }

    /// Height of the content area of an empty page.
    pub(crate) fn page_capacity(&self) -> f32 {
        CONTENT_TOP - CONTENT_BOTTOM
    }

    /// Whether nothing has been placed on the current page yet.
    pub(crate) fn at_page_top(&self) -> bool {
        self.y >= CONTENT_TOP
    }

    /// Start a new page.
    pub(crate) fn new_page(&mut self) -> Result<(), ReportError> {
        if self.pages.len() >= MAX_PAGES {
            return Err(ReportError::new(format!("the report would be longer than {MAX_PAGES} pages")));
        }
        self.pages.push(Page::default());
        self.y = CONTENT_TOP;
        Ok(())
    }

    /// Make sure `height` fits below the cursor, starting a new page if it
    /// does not (and the current page is not already empty). Returns whether a
    /// new page was started.
    pub(crate) fn ensure(&mut self, height: f32) -> Result<bool, ReportError> {
        if self.remaining() < height && !self.at_page_top() {
            self.new_page()?;
            return Ok(true);
        }
        Ok(false)
    }

    /// Move the cursor down; never below the bottom margin.
    pub(crate) fn advance(&mut self, height: f32) {
        self.y = (self.y - height).max(CONTENT_BOTTOM);
    }

    /// Leave vertical space, unless at the top of a page.
    pub(crate) fn gap(&mut self, height: f32) {
        if !self.at_page_top() {
            self.advance(height);
        }
    }

    /// Add an item to the current page.
    pub(crate) fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    /// Add a line of text (sanitized here) with its baseline at `y`.
    pub(crate) fn text_at(&mut self, x: f32, y: f32, size: f32, face: Face, grey: f32, text: &str) {
        let text = sanitize(text);
        if text.trim().is_empty() {
            return;
        }
        self.push(Item::Text { x, y, size, face, grey, text });
    }

    /// A horizontal rule across the content at `y`.
    pub(crate) fn rule_at(&mut self, y: f32, width: f32, grey: f32) {
        let x1 = self.left();
        let x2 = x1 + self.width();
        self.push(Item::Rule { x1, y1: y, x2, y2: y, width, grey });
    }

    /// Wrapped text from `left() + indent`, breaking pages between lines.
    pub(crate) fn paragraph(&mut self, text: &str, face: Face, size: f32, indent: f32) -> Result<(), ReportError> {
        self.paragraph_grey(text, face, size, indent, 0.0)
    }

    /// [`Layout::paragraph`] in a shade of grey.
    pub(crate) fn paragraph_grey(
        &mut self,
        text: &str,
        face: Face,
        size: f32,
        indent: f32,
        grey: f32,
    ) -> Result<(), ReportError> {
        let lh = line_height(size);
        let x = self.left() + indent;
        for line in wrap(text, face, size, self.width() - indent) {
            self.ensure(lh)?;
            let baseline = self.y - size;
            self.text_at(x, baseline, size, face, grey, &line);
            self.advance(lh);
        }
        Ok(())
    }

    /// A section heading kept together with at least `keep` points of what follows.
    pub(crate) fn heading(&mut self, text: &str, size: f32, keep: f32) -> Result<(), ReportError> {
        self.gap(size * 0.8);
        let lines = wrap(text, Face::Bold, size, self.width());
        let h = lines.len() as f32 * line_height(size) + 4.0;
        self.ensure(h + keep)?;
        self.paragraph(text, Face::Bold, size, 0.0)?;
        let y = self.y + 1.0;
        self.rule_at(y, 0.6, 0.5);
        self.advance(3.0);
        Ok(())
    }

    /// "Label: value" with the value wrapped in a column `label_w` from the left.
    pub(crate) fn field(&mut self, label: &str, value: &str, label_w: f32) -> Result<(), ReportError> {
        let lh = line_height(BODY);
        let x = self.left();
        let lines = wrap(value, Face::Regular, BODY, self.width() - label_w);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(lh)?;
            let baseline = self.y - BODY;
            if i == 0 {
                self.text_at(x, baseline, BODY, Face::Bold, 0.0, label);
            }
            self.text_at(x + label_w, baseline, BODY, Face::Regular, 0.0, line);
            self.advance(lh);
        }
        Ok(())
    }

    /// Add the header and footer to every page and hand the pages over.
    pub(crate) fn finish(mut self) -> Vec<Page> {
        let total = self.pages.len();
        let left = MARGIN_X;
        let right = PAGE_W - MARGIN_X;
        let header_left = std::mem::take(&mut self.header_left);
        let footer_left = std::mem::take(&mut self.footer_left);
        for (i, page) in self.pages.iter_mut().enumerate() {
            let label = format!("Page {} of {}", i + 1, total);
            let label_w = text_width(&label, Face::Regular, SMALL);
            let head = truncate_to_width(&header_left, Face::Bold, SMALL, right - left - label_w - 12.0);
            let foot = truncate_to_width(&footer_left, Face::Regular, SMALL, right - left);
            let mut frame = vec![
                Item::Text { x: left, y: HEADER_BASELINE, size: SMALL, face: Face::Bold, grey: 0.0, text: head },
                Item::Text {
                    x: right - label_w,
                    y: HEADER_BASELINE,
                    size: SMALL,
                    face: Face::Regular,
                    grey: 0.0,
                    text: label,
                },
                Item::Rule {
                    x1: left,
                    y1: HEADER_BASELINE - 5.0,
                    x2: right,
                    y2: HEADER_BASELINE - 5.0,
                    width: 0.8,
                    grey: 0.0,
                },
                Item::Text {
                    x: left,
                    y: FOOTER_BASELINE,
                    size: SMALL - 1.0,
                    face: Face::Regular,
                    grey: 0.4,
                    text: foot,
                },
            ];
            frame.append(&mut page.items);
            page.items = frame;
        }
        self.pages
    }
}

/// Width of the label column of a "label: value" line, in points.
pub(crate) const LABEL_W: f32 = 120.0;

/// A dash for an empty value, so a blank never looks like a missing line.
pub(crate) fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "-"
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_fits_and_keeps_every_word() {
        let text = "The window restrictor in bedroom 12 is loose and needs replacing soon";
        let lines = wrap(text, Face::Regular, 10.0, 100.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(text_width(l, Face::Regular, 10.0) <= 100.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn wrap_breaks_long_words_and_odd_widths() {
        let word = "x".repeat(500);
        let lines = wrap(&word, Face::Bold, 10.0, 50.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.concat(), word);
        assert_eq!(wrap("", Face::Regular, 10.0, 50.0), vec![String::new()]);
        assert_eq!(wrap("ab", Face::Regular, 10.0, f32::NAN).concat(), "ab");
        assert_eq!(wrap("ab", Face::Regular, 10.0, -5.0).concat(), "ab");
        assert_eq!(wrap("a\n\nb", Face::Regular, 10.0, 500.0), vec!["a", "", "b"]);
    }

    #[test]
    fn truncates_with_ellipsis() {
        let t = truncate_to_width(&"Ward ".repeat(50), Face::Bold, 8.0, 100.0);
        assert!(t.ends_with("..."));
        assert!(text_width(&t, Face::Bold, 8.0) <= 100.0);
    }

    #[test]
    fn refuses_more_than_max_pages() {
        let mut l = Layout::new("Ward", "footer");
        let mut made = 1;
        while l.new_page().is_ok() {
            made += 1;
            assert!(made <= MAX_PAGES, "page limit not enforced");
        }
        assert_eq!(made, MAX_PAGES);
    }

    #[test]
    fn pages_break_and_get_numbered() {
        let mut l = Layout::new("Ward", "footer");
        for i in 0..200 {
            l.paragraph(&format!("line {i}"), Face::Regular, BODY, 0.0).unwrap();
        }
        let pages = l.finish();
        assert!(pages.len() > 2);
        let last = format!("Page {} of {}", pages.len(), pages.len());
        let found = pages.last().unwrap().items.iter().any(|it| match it {
            Item::Text { text, .. } => *text == last,
            _ => false,
        });
        assert!(found);
    }
}
