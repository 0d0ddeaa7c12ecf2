//! Turn laid-out pages into PDF bytes with printpdf and the built-in
//! Helvetica fonts (no font file is embedded).

use printpdf::{
    BuiltinFont, Color, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, TextItem, WindingOrder,
};

use crate::layout::{Item, Page, PAGE_H, PAGE_W};
use crate::text::{sanitize, Face};
use crate::ReportError;

fn grey(level: f32) -> Color {
    let percent = if level.is_finite() { level.clamp(0.0, 1.0) } else { 0.0 };
    Color::Greyscale(Greyscale { percent, icc_profile: None })
}

fn font(face: Face) -> PdfFontHandle {
    PdfFontHandle::Builtin(match face {
        Face::Regular => BuiltinFont::Helvetica,
        Face::Bold => BuiltinFont::HelveticaBold,
    })
}

fn pt(v: f32) -> Pt {
    Pt(if v.is_finite() { v } else { 0.0 })
}

fn point(x: f32, y: f32) -> LinePoint {
    LinePoint { p: Point { x: pt(x), y: pt(y) }, bezier: false }
}

/// The content stream operations of one page.
fn page_ops(page: &Page) -> Vec<Op> {
    let mut ops = Vec::with_capacity(page.items.len() * 6);
    for item in &page.items {
        match item {
            Item::Text { x, y, size, face, grey: g, text } => {
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFillColor { col: grey(*g) });
                ops.push(Op::SetFont { font: font(*face), size: pt(*size) });
                ops.push(Op::SetTextCursor { pos: Point { x: pt(*x), y: pt(*y) } });
                ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
                ops.push(Op::EndTextSection);
            }
            Item::Rule { x1, y1, x2, y2, width, grey: g } => {
                ops.push(Op::SetOutlineColor { col: grey(*g) });
                ops.push(Op::SetOutlineThickness { pt: pt(*width) });
                ops.push(Op::DrawLine {
                    line: Line { points: vec![point(*x1, *y1), point(*x2, *y2)], is_closed: false },
                });
            }
            Item::Fill { x, y, w, h, grey: g } => {
                ops.push(Op::SetFillColor { col: grey(*g) });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: pt(*x),
                        y: pt(*y),
                        width: pt(*w),
                        height: pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: Some(WindingOrder::NonZero),
                    },
                });
            }
        }
    }
    ops
}

/// Serialize `pages` as a PDF whose document title is `title`.
pub(crate) fn render(title: &str, pages: &[Page]) -> Result<Vec<u8>, ReportError> {
    let width = Mm::from(Pt(PAGE_W));
    let height = Mm::from(Pt(PAGE_H));
    let pdf_pages: Vec<PdfPage> = pages.iter().map(|p| PdfPage::new(width, height, page_ops(p))).collect();
    let mut doc = PdfDocument::new(&sanitize(title).replace('\n', " "));
    doc.metadata.info.creator = "Wardsafe".to_owned();
    doc.metadata.info.producer = "Wardsafe".to_owned();
    doc.with_pages(pdf_pages);
    let mut warnings = Vec::new();
    let bytes = doc.save(&PdfSaveOptions::default(), &mut warnings);
    if !bytes.starts_with(b"%PDF") {
        return Err(ReportError::new("the PDF writer produced no document"));
    }
    Ok(bytes)
}
