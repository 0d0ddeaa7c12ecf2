//! Render a 300-point ligature register (with open actions under a third of
//! its points) and a 300-point walk-round with 60 actions, 20 times each, and
//! print the median times.
//! Run with `cargo run --release -p wardsafe-report --example register_bench`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;
use wardsafe_report::ReportError;

fn time(what: &str, render: impl Fn() -> Result<Vec<u8>, ReportError>) {
    let mut times = Vec::with_capacity(20);
    let mut size = 0;
    for _ in 0..20 {
        let start = Instant::now();
        match render() {
            Ok(pdf) => size = pdf.len(),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let median = (times[9] + times[10]) / 2.0;
    println!("{what}: median {median:.1} ms over 20 runs (min {:.1}, max {:.1}), {size} bytes", times[0], times[19]);
}

fn main() {
    let register = support::sample_register(300);
    time("300-point register", || wardsafe_report::ligature_register_pdf(&register));
    let walkround = support::large_walkround(20, 15, 60);
    time("300-point walk-round with 60 actions", || wardsafe_report::walkround_pdf(&walkround));
}
