//! End-to-end: render both reports and read the text back with pdftotext.

mod support;

use support::{assert_contains_all, location, pdf_text, sample_register, sample_walkround};
use wardsafe_report::{
    ligature_register_pdf, walkround_pdf, AnswerLine, AreaBlock, PointLine, RegisterReport, WalkroundReport,
};

fn page_count(text: &str) -> usize {
    // pdftotext ends every page with a form feed.
    text.matches('\u{c}').count()
}

#[test]
fn walkround_names_ward_areas_locations_and_failed_critical_items() {
    let r = sample_walkround();
    let pdf = walkround_pdf(&r).expect("walk-round PDF");
    assert!(pdf.starts_with(b"%PDF"));
    let Some(text) = pdf_text(&pdf) else { return };
    let mut needles: Vec<&str> =
        vec![&r.ward, &r.trust_or_site, &r.title, &r.produced_at, "Page 1 of", "Since last walk-round"];
    for a in &r.areas {
        needles.push(&a.name);
        for p in &a.points {
            needles.push(&p.location);
        }
    }
    for f in &r.summary.failed_critical {
        needles.push(f);
    }
    assert_contains_all(&text, needles);
    // Table cells wrap, so a long cell is checked a line at a time.
    assert_contains_all(&text, ["Restrictor re-tested by estates,", "releases at 40 kg"]);
    assert_contains_all(&text, ["FAILED - CRITICAL", "Panel jammed shut"]);
}

#[test]
fn register_of_320_points_spans_pages_and_names_every_location() {
    let r = sample_register(320);
    let pdf = ligature_register_pdf(&r).expect("register PDF");
    assert!(pdf.starts_with(b"%PDF"));
    let Some(text) = pdf_text(&pdf) else { return };
    let pages = page_count(&text);
    assert!(pages >= 5, "only {pages} pages for 320 points");
    let last = format!("Page {pages} of {pages}");
    let locations: Vec<String> = (0..320).map(location).collect();
    let names: Vec<&str> = r.areas.iter().map(|a| a.name.as_str()).collect();
    assert_contains_all(&text, locations.iter().map(String::as_str));
    assert_contains_all(&text, names);
    assert_contains_all(&text, [r.ward.as_str(), r.produced_at.as_str(), "Page 1 of", last.as_str()]);
    // Every page carries the ward name in its header.
    for (i, page) in text.split('\u{c}').take(pages).enumerate() {
        assert!(page.contains("Willow Ward"), "page {} has no ward name", i + 1);
    }
}

#[test]
fn empty_input_still_renders() {
    let pdf = walkround_pdf(&WalkroundReport::default()).expect("empty walk-round");
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&pdf) {
        assert_contains_all(&text, ["Page 1 of 1", "No areas were recorded", "None."]);
    }
    let pdf = ligature_register_pdf(&RegisterReport::default()).expect("empty register");
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&pdf) {
        assert_contains_all(&text, ["Page 1 of 1", "No ligature points are recorded"]);
    }
}

#[test]
fn five_thousand_character_comment_wraps_over_pages() {
    let mut r = sample_walkround();
    let words = "the observation panel cover was found loose again ";
    let mut comment = words.repeat(5000 / words.len() + 1);
    comment.truncate(4990);
    comment.push_str(" ENDOFNOTE");
    assert!(comment.len() >= 5000);
    r.areas[0].answers[1].comment = Some(comment);
    // One unbroken 5,000-character "word" in a narrow table cell too.
    r.areas[0].points[0].controls = format!("{}TAILMARK", "x".repeat(4992));
    let pdf = walkround_pdf(&r).expect("long comment");
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&pdf) {
        assert!(page_count(&text) >= 2);
        assert_contains_all(&text, ["ENDOFNOTE", "Bedroom 4", "Window by bed"]);
        // The unbroken word is split between lines but nothing of it is lost.
        let xs = text.matches('x').count();
        assert!(xs >= 4992, "only {xs} of the 4992 x's are in the text");
    }
}

#[test]
fn hostile_text_never_panics() {
    let odd = "Łódź ✓ 🙂 مرحبا 日本\u{0}\u{7}\t\r\n\u{202E}rtl\u{FEFF} — ‘quoted’ “twice” € £ é";
    let long_name = "Very long ward name ".repeat(40);
    let point = PointLine {
        fixture: odd.to_owned(),
        location: "Łódź corner".to_owned(),
        height_band: String::new(),
        score: odd.to_owned(),
        residual: None,
        controls: odd.repeat(50),
        status: String::new(),
        change: None,
    };
    let area = AreaBlock {
        name: "Café lounge".to_owned(),
        area_type: odd.to_owned(),
        tier: String::new(),
        answers: vec![AnswerLine {
            question: odd.to_owned(),
            answer: odd.to_owned(),
            comment: Some("\n\n\n".to_owned()),
            failed: true,
            critical: false,
        }],
        points: vec![point; 30],
    };
    let r =
        WalkroundReport { ward: long_name.clone(), title: odd.to_owned(), areas: vec![area; 40], ..sample_walkround() };
    let pdf = walkround_pdf(&r).expect("odd text");
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&pdf) {
        // WinAnsi characters are kept; others are transliterated.
        assert_contains_all(&text, ["Lódz corner", "Café lounge", "€ £ é", "Very long ward name"]);
    }
}

#[test]
fn thousands_of_rows_render() {
    let r = sample_register(3000);
    let pdf = ligature_register_pdf(&r).expect("3000-point register");
    assert!(pdf.starts_with(b"%PDF"));
    if let Some(text) = pdf_text(&pdf) {
        assert!(page_count(&text) > 40);
        assert_contains_all(&text, [location(2999).as_str()]);
    }
}
