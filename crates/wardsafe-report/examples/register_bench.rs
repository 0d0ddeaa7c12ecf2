//! Render a 300-point ligature register 20 times and print the median time.
//! Run with `cargo run --release -p wardsafe-report --example register_bench`.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

fn main() {
    let register = support::sample_register(300);
    let mut times = Vec::with_capacity(20);
    let mut size = 0;
    for _ in 0..20 {
        let start = Instant::now();
        match wardsafe_report::ligature_register_pdf(&register) {
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
    println!(
        "300-point register: median {median:.1} ms over 20 runs (min {:.1}, max {:.1}), {size} bytes",
        times[0], times[19]
    );
}
