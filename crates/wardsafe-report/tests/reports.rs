//! End-to-end: render both reports and read the text back with pdftotext.

mod support;

use support::{
    action, assert_contains_all, location, pdf_raw_text, pdf_text, require_pdftotext, sample_register,
    sample_walkround, squash,
};
use wardsafe_report::{
    ligature_register_pdf, walkround_pdf, AnswerLine, AreaBlock, PointLine, RegisterArea, RegisterPoint,
    RegisterReport, WalkroundReport,
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
    let text = pdf_text(&pdf);
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
fn register_of_300_points_spans_pages_and_names_every_location() {
    let r = sample_register(300);
    let pdf = ligature_register_pdf(&r).expect("register PDF");
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf);
    let pages = page_count(&text);
    assert!(pages >= 5, "only {pages} pages for 300 points");
    let last = format!("Page {pages} of {pages}");
    let locations: Vec<String> = (0..300).map(location).collect();
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
    let text = pdf_text(&pdf);
    assert_contains_all(&text, ["Page 1 of 1", "No areas were recorded", "None.", "No actions were raised"]);
    let pdf = ligature_register_pdf(&RegisterReport::default()).expect("empty register");
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf);
    assert_contains_all(&text, ["Page 1 of 1", "No ligature points are recorded", "Produced"]);
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
    let text = pdf_text(&pdf);
    assert!(page_count(&text) >= 2);
    assert_contains_all(&text, ["ENDOFNOTE", "Bedroom 4", "Window by bed"]);
    // The unbroken word is split between lines but nothing of it is lost.
    let xs = text.matches('x').count();
    assert!(xs >= 4992, "only {xs} of the 4992 x's are in the text");
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
    let text = pdf_text(&pdf);
    // WinAnsi characters are kept; others are transliterated.
    assert_contains_all(&text, ["Lódz corner", "Café lounge", "€ £ é", "Very long ward name"]);
}

#[test]
fn thousands_of_rows_render() {
    let r = sample_register(3000);
    let pdf = ligature_register_pdf(&r).expect("3000-point register");
    assert!(pdf.starts_with(b"%PDF"));
    let text = pdf_text(&pdf);
    assert!(page_count(&text) > 40);
    assert_contains_all(&text, [location(2999).as_str()]);
}

#[test]
fn pdftotext_is_installed() {
    // Every PDF test reads the text back; without pdftotext they fail, never skip.
    require_pdftotext();
}

#[test]
fn walkround_lists_its_actions_with_status_interim_controls_and_outcome() {
    let r = sample_walkround();
    let pdf = walkround_pdf(&r).expect("walk-round PDF");
    let text = pdf_raw_text(&pdf);
    // The heading and the cover line: what it contains, when and by whom.
    assert_contains_all(
        &text,
        [
            "Walk-round report",
            "contains its details and summary; 6 actions raised from its findings (1 draft among them)",
            "1 other action still open against the ligature points it assessed",
            "Produced 04/03/2025 08:30 GMT by Priya Shah.",
            "Actions raised from this walk-round (6)",
            "Other actions open against the points assessed (1)",
        ],
    );
    for a in r.actions.iter().chain(&r.open_actions) {
        assert_contains_all(&text, [a.title.as_str(), a.about.as_str(), a.band.as_str(), a.due.as_str()]);
        if a.draft {
            assert_contains_all(&text, ["DRAFT - not yet confirmed"]);
        } else {
            assert_contains_all(&text, [a.status.as_str()]);
        }
        for c in &a.interim_controls {
            assert_contains_all(&text, [c.control.as_str(), c.review_date.as_str()]);
        }
        if let Some(o) = &a.outcome {
            assert_contains_all(&text, [o.as_str()]);
        }
    }
    assert_contains_all(
        &text,
        [
            "01/03/2025 OVERDUE",
            "review by 02/03/2025 REVIEW OVERDUE",
            "STAFF VIGILANCE ONLY for longer than policy allows",
        ],
    );
}

#[test]
fn register_shows_open_actions_interim_controls_and_the_vigilance_flag_under_each_point() {
    let r = sample_register(60);
    let pdf = ligature_register_pdf(&r).expect("register PDF");
    let text = pdf_raw_text(&pdf);
    let flat = squash(&text);
    assert_contains_all(
        &text,
        [
            "This register lists every ligature point of Willow Ward (Northfield Trust, Ashby site) that has not \
             been removed: 60 in 3 areas, 48 of them open.",
            "Produced 04/03/2025 08:30 GMT by Priya Shah.",
        ],
    );
    let mut flagged = 0;
    for area in &r.areas {
        for p in area.points.iter().filter(|p| p.open) {
            assert!(flat.contains(&p.location), "open point {} is not named", p.location);
            // Its notes follow the point's row, before the next point.
            let after = &flat[flat.find(&p.location).unwrap()..];
            let next = after[1..].find("Spot L").map(|i| i + 1).unwrap_or(after.len());
            let own = &after[..next];
            for a in &p.actions {
                let due = if a.overdue { format!("due {} OVERDUE", a.due) } else { format!("due {}", a.due) };
                for needle in [a.title.as_str(), a.status.as_str(), due.as_str(), "Increased observation, since"] {
                    assert!(own.contains(needle), "{needle:?} not under {}: {own}", p.location);
                }
                assert!(own.contains("review by 07/03/2025"), "no review date under {}", p.location);
            }
            if p.vigilance_only {
                flagged += 1;
                assert!(own.contains("STAFF VIGILANCE ONLY"), "no vigilance flag under {}: {own}", p.location);
            } else {
                assert!(!own.contains("STAFF VIGILANCE ONLY"), "a vigilance flag under {}: {own}", p.location);
            }
        }
    }
    assert!(flagged > 0);
    assert_contains_all(&text, [format!("Staff vigilance only {flagged} points").as_str()]);
}

#[test]
fn long_names_and_titles_wrap_and_are_never_cut() {
    let long_area = format!("Courtyard garden beside the {} ENDAREA", "long corridor and the music room ".repeat(12));
    let long_location = format!("Window frame {} ENDLOC", "between the second and third radiator ".repeat(6));
    let long_title = format!("Replace {} ENDTITLE", "the anti-ligature fitting in the shower room ".repeat(5));
    let mut a = action(&long_title, "", "high", "Open");
    a.interim_controls = vec![wardsafe_report::InterimLine {
        control: format!("Other: {} ENDCONTROL", "a member of staff sits by the door ".repeat(8)),
        since: "03/03/2025 10:05".to_owned(),
        review_date: "09/03/2025".to_owned(),
        review_overdue: false,
    }];
    let point = RegisterPoint {
        fixture: "window restrictor".to_owned(),
        location: long_location.clone(),
        status: "Open".to_owned(),
        open: true,
        actions: vec![a.clone()],
        ..RegisterPoint::default()
    };
    let r = RegisterReport {
        title: "Ligature register".to_owned(),
        ward: "Willow Ward".to_owned(),
        produced_at: "04/03/2025 08:30 GMT".to_owned(),
        produced_by: "Priya Shah".to_owned(),
        areas: vec![RegisterArea { name: long_area.clone(), points: vec![point], ..RegisterArea::default() }],
        ..RegisterReport::default()
    };
    let text = pdf_raw_text(&ligature_register_pdf(&r).expect("register"));
    assert_contains_all(&text, [long_area.as_str(), long_location.as_str(), long_title.as_str()]);
    assert_contains_all(&text, [a.interim_controls[0].control.as_str()]);
    assert!(!text.contains("..."), "something was shortened:\n{text}");

    let mut w = sample_walkround();
    w.actions = vec![a.clone()];
    w.areas[0].name = long_area.clone();
    let text = pdf_raw_text(&walkround_pdf(&w).expect("walk-round"));
    assert_contains_all(&text, [long_area.as_str(), long_title.as_str(), a.interim_controls[0].control.as_str()]);
}

#[test]
fn a_register_renders_quickly() {
    // The formal benchmark is separate; this guards against a gross slowdown
    // even in a debug build.
    let r = sample_register(300);
    let start = std::time::Instant::now();
    ligature_register_pdf(&r).expect("register");
    let took = start.elapsed();
    assert!(took.as_secs_f64() < 10.0, "a 300-point register took {took:?}");
}
