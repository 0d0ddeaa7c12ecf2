//! Helpers shared by Wardsafe's benchmarks (`benches/`): timing with medians
//! and 90th percentiles, a plain table, and the large synthetic trust cached
//! under `target/` so that it is generated once.
//!
//! Environment:
//! - `WARDSAFE_BENCH_SMALL=1`: run everything on [`ScaleSpec::small`] and
//!   with fewer runs, to smoke-test the benchmark code in seconds;
//! - `WARDSAFE_BENCH_RUNS=N`: timed runs per measurement;
//! - `WARDSAFE_BENCH_REGENERATE=1`: generate the large trust again even if the
//!   cached file matches the spec.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wardsafe_commands::scale::{generate, ScaleReport, ScaleSpec};
use wardsafe_commands::App;

fn env_flag(name: &str) -> bool {
    std::env::var(name).map(|v| !v.is_empty() && v != "0").unwrap_or(false)
}

/// Whether to run on the small spec (`WARDSAFE_BENCH_SMALL=1`).
pub fn small() -> bool {
    env_flag("WARDSAFE_BENCH_SMALL")
}

/// Timed runs per measurement: `WARDSAFE_BENCH_RUNS`, else `default`
/// (a tenth of it, at least 5, on the small spec).
pub fn runs(default: usize) -> usize {
    match std::env::var("WARDSAFE_BENCH_RUNS").ok().and_then(|v| v.parse().ok()) {
        Some(n) if n > 0 => n,
        _ if small() => (default / 10).max(5),
        _ => default,
    }
}

/// The spec the large-trust benchmark uses.
pub fn spec() -> ScaleSpec {
    if small() {
        ScaleSpec::small()
    } else {
        ScaleSpec::default()
    }
}

/// Median, 90th percentile and extremes of some timings.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub runs: usize,
    pub median: Duration,
    pub p90: Duration,
    pub min: Duration,
    pub max: Duration,
}

impl Stats {
    pub fn of(samples: &[Duration]) -> Stats {
        assert!(!samples.is_empty(), "no samples");
        let mut s = samples.to_vec();
        s.sort();
        let n = s.len();
        let median = if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2 };
        // Nearest rank.
        let p90 = s[((n * 9).div_ceil(10)).clamp(1, n) - 1];
        Stats { runs: n, median, p90, min: s[0], max: s[n - 1] }
    }
}

/// Run `f` `warmup` times untimed, then `runs` times timed.
pub fn measure<T>(warmup: usize, runs: usize, mut f: impl FnMut() -> T) -> Stats {
    for _ in 0..warmup {
        std::hint::black_box(f());
    }
    let samples: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    Stats::of(&samples)
}

/// Milliseconds with three decimals.
pub fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

/// A plain text table, columns padded to their widest cell.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table { header: header.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn print(&self) {
        let cols = self.header.len();
        let cell = |r: &Vec<String>, i: usize| r.get(i).cloned().unwrap_or_default();
        let width: Vec<usize> = (0..cols)
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| cell(r, i).chars().count())
                    .chain([self.header[i].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // Numbers right, text left.
        let numeric: Vec<bool> = (0..cols)
            .map(|i| {
                self.rows.iter().all(|r| matches!(cell(r, i).as_str(), "—" | "") || cell(r, i).parse::<f64>().is_ok())
            })
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = (0..cols)
                .map(|i| {
                    let c = cells.get(i).map(String::as_str).unwrap_or("");
                    if numeric[i] {
                        format!("{c:>w$}", w = width[i])
                    } else {
                        format!("{c:<w$}", w = width[i])
                    }
                })
                .collect();
            println!("| {} |", padded.join(" | "));
        };
        line(&self.header);
        let rule: Vec<String> = (0..cols)
            .map(|i| if numeric[i] { format!("{}:", "-".repeat(width[i] + 1)) } else { "-".repeat(width[i] + 2) })
            .collect();
        println!("|{}|", rule.join("|"));
        for r in &self.rows {
            line(r);
        }
    }
}

/// The directory Cargo builds into (where the large trust is cached).
pub fn target_dir() -> PathBuf {
    let dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"),
    };
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// The large trust for `spec`, generated into `target/` the first time and
/// reused while the spec is the same. Returns its path, the generation report
/// (from the run that made it) and whether it was generated just now.
pub fn large_trust(spec: &ScaleSpec) -> (PathBuf, ScaleReport, bool) {
    let name = if *spec == ScaleSpec::default() {
        "wardsafe-large-trust".to_string()
    } else {
        format!("wardsafe-trust-{}", spec_key(spec))
    };
    let dir = target_dir();
    let path = dir.join(format!("{name}.sqlite3"));
    let sidecar = dir.join(format!("{name}.report.json"));
    if !env_flag("WARDSAFE_BENCH_REGENERATE") && path.exists() {
        if let Some(report) =
            std::fs::read_to_string(&sidecar).ok().and_then(|s| serde_json::from_str::<ScaleReport>(&s).ok())
        {
            if report.spec == *spec {
                return (path, report, false);
            }
        }
    }
    remove_database(&path);
    let _ = std::fs::remove_file(&sidecar);
    std::fs::create_dir_all(&dir).expect("create the target directory");
    eprintln!("generating {spec:?} into {} (once; later runs reuse it) …", path.display());
    let app = App::open(&path).expect("open the database");
    let report = generate(app.store(), spec, chrono::Utc::now()).expect("generate the large trust");
    drop(app);
    std::fs::write(&sidecar, serde_json::to_string_pretty(&report).expect("encode the report"))
        .expect("write the report");
    (path, report, true)
}

fn spec_key(spec: &ScaleSpec) -> String {
    format!(
        "{}w-{}a-{}m-{}p-{}x-{}",
        spec.wards, spec.areas_per_ward, spec.months, spec.points_per_area, spec.actions_per_ward, spec.seed
    )
}

/// Size of a database with its WAL, in MB.
pub fn database_mb(path: &Path) -> f64 {
    ["", "-wal"]
        .iter()
        .map(|s| {
            let mut p = path.as_os_str().to_owned();
            p.push(s);
            std::fs::metadata(PathBuf::from(p)).map(|m| m.len()).unwrap_or(0)
        })
        .sum::<u64>() as f64
        / 1_000_000.0
}

/// Print a generation report.
pub fn print_report(r: &ScaleReport, generated_now: bool) {
    println!(
        "trust: {} sites, {} wards, {} areas, {} users; {} walk-rounds, {} answers, {} ligature points, {} assessments; {} actions with {} timeline lines; {} change-log rows",
        r.sites, r.wards, r.areas, r.users, r.audits, r.answers, r.points, r.assessments, r.actions, r.action_events, r.change_log
    );
    println!(
        "generated in {:.1} s{}",
        r.elapsed_ms as f64 / 1000.0,
        if generated_now { " (just now)" } else { " (cached; WARDSAFE_BENCH_REGENERATE=1 to generate again)" }
    );
}
