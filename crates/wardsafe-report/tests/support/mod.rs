//! Sample data and a pdftotext helper, shared by the tests and the example.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use wardsafe_report::{
    ActionLine, AmendmentLine, AnswerLine, AreaBlock, InterimLine, PointLine, RegisterArea, RegisterPoint,
    RegisterReport, SummaryBlock, WalkroundReport,
};

const FIXTURES: [&str; 6] =
    ["door handle", "window restrictor", "curtain or blind rail", "tap", "radiator or pipe", "wardrobe"];
const BANDS: [&str; 3] = ["floor to 1 m", "1-2 m", "above 2 m"];
const SCORES: [&str; 4] = ["16 (extreme)", "9 (high)", "4 (moderate)", "2 (low)"];

fn answer(question: &str, answer: &str, failed: bool, critical: bool) -> AnswerLine {
    AnswerLine { question: question.to_owned(), answer: answer.to_owned(), comment: None, failed, critical }
}

fn point(fixture: &str, location: &str, score: &str, change: &str) -> PointLine {
    PointLine {
        fixture: fixture.to_owned(),
        location: location.to_owned(),
        height_band: "1-2 m".to_owned(),
        score: score.to_owned(),
        residual: Some("6 (moderate)".to_owned()),
        controls: "Observation level 2, area locked when not in use".to_owned(),
        status: "open".to_owned(),
        change: Some(change.to_owned()),
    }
}

fn interim(control: &str, review_date: &str, review_overdue: bool) -> InterimLine {
    InterimLine {
        control: control.to_owned(),
        since: "03/03/2025 10:05".to_owned(),
        review_date: review_date.to_owned(),
        review_overdue,
    }
}

/// An action on `about`, assigned to estates, not overdue, no interim control.
pub fn action(title: &str, about: &str, band: &str, status: &str) -> ActionLine {
    ActionLine {
        title: title.to_owned(),
        about: about.to_owned(),
        band: band.to_owned(),
        status: status.to_owned(),
        draft: status == "Draft",
        owner: "Estates, Plumbing".to_owned(),
        assignee: Some("Chris Dunn".to_owned()),
        due: "10/03/2025".to_owned(),
        ..ActionLine::default()
    }
}

/// The actions raised from the sample walk-round: a draft, an overdue one
/// with interim controls, one flagged vigilance-only, a merged, a dismissed
/// and a verified one.
pub fn walkround_actions() -> Vec<ActionLine> {
    let mut overdue = action("Replace window restrictor", "Bedroom 4: Window by bed", "extreme", "Assigned");
    overdue.overdue = true;
    overdue.due = "01/03/2025".to_owned();
    overdue.interim_controls = vec![
        interim("Room closed: bedroom 4 locked", "04/03/2025", false),
        interim("1:1 observation", "02/03/2025", true),
    ];
    let mut vigilance = action("Box in basin pipework", "En-suite 4: Basin mixer tap", "high", "In progress");
    vigilance.interim_controls = vec![interim("Staff vigilance only", "05/03/2025", false)];
    vigilance.vigilance_only = true;
    let mut merged =
        action("Fix wardrobe top rail", "Bedroom 4: Wardrobe top rail", "high", "Merged into another action");
    merged.outcome = Some("Merged into: Replace bedroom 4 furniture".to_owned());
    let mut dismissed = action("Replace fence panel", "Courtyard garden: Fence by bench", "high", "Dismissed");
    dismissed.outcome = Some("Dismissed 04/03/2025 09:00 by Priya Shah: fence already on capital plan".to_owned());
    let mut verified = action("Repair observation panel", "Bedroom 4", "moderate", "Verified");
    verified.outcome = Some("Verified 05/03/2025 16:20 by Priya Shah; fix: panel freed and re-glazed".to_owned());
    vec![
        action("Supply ligature cutters", "Courtyard garden", "high", "Draft"),
        overdue,
        vigilance,
        merged,
        dismissed,
        verified,
    ]
}

/// A signed-off ligature walk-round of Willow Ward with three areas.
pub fn sample_walkround() -> WalkroundReport {
    let mut bedroom = AreaBlock {
        name: "Bedroom 4".to_owned(),
        area_type: "bedroom".to_owned(),
        tier: "Tier 3".to_owned(),
        answers: vec![
            answer("Anti-barricade door tested", "yes", false, true),
            answer("Observation panel working", "no", true, true),
        ],
        points: vec![
            point("window restrictor", "Window by bed", "16 (extreme)", "new"),
            point("wardrobe", "Wardrobe top rail", "9 (high)", "unchanged"),
        ],
    };
    bedroom.answers[1].comment = Some("Panel jammed shut; estates called 09:40.".to_owned());
    let ensuite = AreaBlock {
        name: "En-suite 4".to_owned(),
        area_type: "en-suite".to_owned(),
        tier: "Tier 3".to_owned(),
        answers: vec![answer("Shower head anti-ligature", "yes", false, false)],
        points: vec![point("tap", "Basin mixer tap", "12 (high)", "worse")],
    };
    let garden = AreaBlock {
        name: "Courtyard garden".to_owned(),
        area_type: "garden".to_owned(),
        tier: "Tier 2".to_owned(),
        answers: vec![answer("Ligature cutters present and checked", "no", true, true)],
        points: vec![point("garden fence or tree", "Fence by bench", "8 (high)", "better")],
    };
    WalkroundReport {
        title: "Environmental ligature walk-round".to_owned(),
        trust_or_site: "Northfield Trust, Ashby site".to_owned(),
        ward: "Willow Ward".to_owned(),
        template: "Environmental ligature walk-round v3".to_owned(),
        started_by: "Sam Okafor".to_owned(),
        started_at: "03/03/2025 09:12".to_owned(),
        completed_at: Some("03/03/2025 10:47".to_owned()),
        signed_off_by: Some("Priya Shah (ward manager)".to_owned()),
        signed_off_at: Some("03/03/2025 12:05".to_owned()),
        status: "signed off".to_owned(),
        produced_at: "04/03/2025 08:30 GMT".to_owned(),
        produced_by: "Priya Shah".to_owned(),
        actions: walkround_actions(),
        open_actions: vec![action("Anti-ligature door handle", "Bedroom 4: Door handle", "high", "Open")],
        summary: SummaryBlock {
            counts_by_band: vec![("extreme".to_owned(), 1), ("high".to_owned(), 3)],
            counts_by_tier: vec![("Tier 3".to_owned(), 3), ("Tier 2".to_owned(), 1)],
            failed_critical: vec![
                "Bedroom 4: Observation panel working".to_owned(),
                "Courtyard garden: Ligature cutters present and checked".to_owned(),
            ],
            changes: vec![
                ("new".to_owned(), 1),
                ("unchanged".to_owned(), 1),
                ("worse".to_owned(), 1),
                ("better".to_owned(), 1),
                ("resolved".to_owned(), 0),
            ],
        },
        areas: vec![bedroom, ensuite, garden],
        amendments: vec![AmendmentLine {
            when: "05/03/2025 14:02".to_owned(),
            by: "Priya Shah".to_owned(),
            what: "Bedroom 4 window restrictor score".to_owned(),
            original: "16 (extreme)".to_owned(),
            amended: "12 (high)".to_owned(),
            reason: "Restrictor re-tested by estates, releases at 40 kg".to_owned(),
        }],
    }
}

/// A walk-round of `areas` areas with `points_per_area` points each and
/// `actions` actions raised from it (every fifth a draft, every third with
/// an interim control), for timing.
pub fn large_walkround(areas: usize, points_per_area: usize, actions: usize) -> WalkroundReport {
    let mut r = sample_walkround();
    let template = r.areas[0].clone();
    r.areas = (0..areas)
        .map(|k| AreaBlock {
            name: format!("Bedroom {}", k + 1),
            points: (0..points_per_area)
                .map(|i| point(FIXTURES[i % FIXTURES.len()], &location(k * points_per_area + i), SCORES[i % 4], "new"))
                .collect(),
            ..template.clone()
        })
        .collect();
    r.actions = (0..actions)
        .map(|i| {
            let mut a = action(
                &format!("Fix the {} at {}", FIXTURES[i % FIXTURES.len()], location(i)),
                &format!("Bedroom {}", i % areas.max(1) + 1),
                "high",
                if i % 5 == 0 { "Draft" } else { "Assigned" },
            );
            if i % 3 == 0 {
                a.interim_controls = vec![interim("Increased observation", "07/03/2025", i % 2 == 0)];
            }
            a
        })
        .collect();
    r
}

/// The location text of register point `i` (short enough never to wrap).
pub fn location(i: usize) -> String {
    format!("Spot L{i:04}")
}

/// A register of `n` points, 20 to an area; every third open point has an
/// open action (with an interim control), every seventh is flagged
/// vigilance-only; one in five is mitigated.
pub fn sample_register(n: usize) -> RegisterReport {
    let mut areas: Vec<RegisterArea> = Vec::new();
    for i in 0..n {
        if i % 20 == 0 {
            let k = areas.len() + 1;
            areas.push(RegisterArea {
                name: format!("Bedroom {k}"),
                area_type: "bedroom".to_owned(),
                tier: "Tier 3".to_owned(),
                points: Vec::new(),
            });
        }
        let open = i % 5 != 0;
        let mut actions = Vec::new();
        if open && i % 3 == 0 {
            let mut a = action(&format!("Fix A{i:04}"), "", "high", "Assigned");
            a.interim_controls = vec![interim("Increased observation", "07/03/2025", false)];
            a.overdue = i % 2 == 0;
            actions.push(a);
        }
        let vigilance_only = open && i % 7 == 0;
        let point = RegisterPoint {
            fixture: FIXTURES[i % FIXTURES.len()].to_owned(),
            location: location(i),
            height_band: BANDS[i % BANDS.len()].to_owned(),
            score: SCORES[i % SCORES.len()].to_owned(),
            residual: (i % 3 != 0).then(|| "4 (moderate)".to_owned()),
            controls: "Anti-ligature fitting; observation level 1".to_owned(),
            status: if open { "Open" } else { "Mitigated" }.to_owned(),
            last_assessed: "03/03/2025".to_owned(),
            open,
            vigilance_only,
            actions,
        };
        if let Some(area) = areas.last_mut() {
            area.points.push(point);
        }
    }
    RegisterReport {
        title: "Ligature register".to_owned(),
        trust_or_site: "Northfield Trust, Ashby site".to_owned(),
        ward: "Willow Ward".to_owned(),
        produced_at: "04/03/2025 08:30 GMT".to_owned(),
        produced_by: "Priya Shah".to_owned(),
        areas,
    }
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Fail the test, saying how to fix it, when pdftotext is not installed:
/// the PDF tests check what the document says and must not pass unread.
pub fn require_pdftotext() {
    if Command::new("pdftotext").arg("-v").output().is_err() {
        panic!(
            "pdftotext is not installed, so the PDF text cannot be checked: install poppler-utils \
             (apt-get install poppler-utils; scripts/test.sh does this)"
        );
    }
}

fn run_pdftotext(pdf: &[u8], mode: &str) -> String {
    require_pdftotext();
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let path: PathBuf = std::env::temp_dir().join(format!("wardsafe-report-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, pdf).expect("write temp PDF");
    let out = Command::new("pdftotext").arg(mode).arg(&path).arg("-").output();
    let _ = std::fs::remove_file(&path);
    let out = out.expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of `pdf` as `pdftotext -layout` sees it (columns side by side).
/// Fails the test when pdftotext is not installed.
pub fn pdf_text(pdf: &[u8]) -> String {
    run_pdftotext(pdf, "-layout")
}

/// The text of `pdf` in the order it was drawn (`pdftotext -raw`): each
/// table cell's wrapped lines come one after the other, so a wrapped cell
/// reads whole once whitespace is squashed.
pub fn pdf_raw_text(pdf: &[u8]) -> String {
    run_pdftotext(pdf, "-raw")
}

/// `text` with every run of whitespace made one space, for matching.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Assert that each needle appears in the (squashed) text.
pub fn assert_contains_all<'a>(text: &str, needles: impl IntoIterator<Item = &'a str>) {
    let hay = squash(text);
    for needle in needles {
        assert!(hay.contains(&squash(needle)), "{needle:?} not found in the PDF text:\n{text}");
    }
}
