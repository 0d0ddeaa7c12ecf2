//! The restrictive practice generator on a small trust: the counts it
//! reports are in the database, every row went through the write path, the
//! content is the same from the same seed, and the report and the board read it.

use super::*;
use crate::scale::{generate, ScaleSpec, MATRON, SCALE_PASSWORD};
use crate::App;
use serde_json::json;

fn count(app: &App, sql: &str) -> u64 {
    app.store().read(|c| c.query_row(sql, [], |r| r.get::<_, i64>(0)).db()).unwrap() as u64
}

fn trust(now: DateTime<Utc>) -> (tempfile::TempDir, App, RestrictiveGenerated) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(&dir.path().join("scale.sqlite3")).unwrap();
    let spec = ScaleSpec { actions_per_ward: 0, ..ScaleSpec::small() };
    generate(app.store(), &spec, now).unwrap();
    let log = count(&app, "SELECT COUNT(*) FROM change_log");
    let g = generate_restrictive(app.store(), &RestrictiveSpec::small(), now).unwrap();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM change_log") - log, g.change_rows, "one change-log row per record");
    (dir, app, g)
}

#[test]
fn small_restrictive_trust_has_what_it_reports_and_the_report_reads_it() {
    let now = Utc::now();
    let (_dir, app, g) = trust(now);
    let spec = RestrictiveSpec::small();
    assert_eq!(g.episodes, u64::from(spec.episodes));
    assert_eq!(g.uses_of_force, u64::from(spec.uses_of_force));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM restrictive_episodes"), g.episodes);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM restrictive_episodes WHERE ended_at IS NULL"), g.ongoing);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM episode_observations"), g.observations);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM episode_reviews"), g.reviews);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM use_of_force"), g.uses_of_force);
    assert!(g.observations > g.episodes && g.reviews > g.episodes, "{g:?}");
    assert_eq!(count(&app, "SELECT COUNT(DISTINCT ward_id) FROM use_of_force"), 2, "every ward");

    let (_dir2, _app2, again) = trust(now);
    assert_eq!((again.observations, again.reviews, again.ongoing), (g.observations, g.reviews, g.ongoing), "seeded");

    let signed = app.call("sign_in", None, json!({"username": MATRON, "password": SCALE_PASSWORD})).unwrap();
    let session = signed["session"].as_str();
    let from = wardsafe_domain::restrictive::month::Month::of(now - Duration::days(31 * 3));
    let to = wardsafe_domain::restrictive::month::Month::of(now);
    let report = app
        .call("restrictive_report", session, json!({"fromMonth": from.to_string(), "toMonth": to.to_string()}))
        .unwrap();
    let overall = &report["overall"]["measures"];
    let episodes = overall["seclusion"]["count"].as_u64().unwrap() + overall["segregation"]["count"].as_u64().unwrap();
    assert_eq!(episodes, g.episodes, "every episode started within the months");
    assert_eq!(overall["restraint"]["usesOfForce"].as_u64(), Some(g.uses_of_force));
    let observations = &overall["compliance"]["seclusion_observation"];
    assert!(observations["met"].as_u64().unwrap() > 0, "{observations}");
    let rate = observations["rate"].as_f64().unwrap();
    assert!(rate > 0.5 && rate < 1.0, "mostly on time, not always: {rate}");
    let board = app.call("matron_board", session, json!({})).unwrap();
    assert_eq!(board["entries"].as_array().unwrap().len() as u64, g.ongoing);
}
