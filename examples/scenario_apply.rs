//! The scenario benchmark (`SCENARIO=1 scripts/bench.sh`): what applying a scenario costs
//! next to checking the roster, in one process so that the small figure is not lost in the
//! noise of starting a program. Reads the roster once, then times (medians of RUNS):
//! `check` without output (read the file, analyse), and the scenario (read and check the
//! TOML against the roster, apply it, find the leavers).
//!
//!     cargo run --release --example scenario_apply -- ROSTER.csv SCENARIO.toml [RUNS]

use std::error::Error;
use std::fs::File;
use std::time::{Duration, Instant};

use orggap_analysis::{Limits, analyse};
use orggap_model::{Catalogue, ScenarioDoc};
use orggap_roster::{ImportOptions, read_csv_file};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (roster_path, scenario_path) = match args.as_slice() {
        [r, s, ..] => (r, s),
        _ => return Err("usage: scenario_apply ROSTER.csv SCENARIO.toml [RUNS]".into()),
    };
    let runs: usize = args.get(2).map_or(Ok(5), |r| r.parse())?;
    let catalogue = Catalogue::builtin();
    let text = std::fs::read_to_string(scenario_path)?;
    let mut check = Vec::new();
    let mut apply = Vec::new();
    let mut roster = None;
    for _ in 0..runs {
        let start = Instant::now();
        let file = File::open(roster_path)?;
        let read = read_csv_file(&file, roster_path, &catalogue, &ImportOptions::default())?;
        let analysis = analyse(&catalogue, &read.roster, &[], Limits::default());
        check.push(start.elapsed());
        std::hint::black_box(&analysis);
        roster = Some(read.roster);
    }
    let roster = roster.ok_or("RUNS must be at least 1")?;
    let mut people = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let (_, scenario) = ScenarioDoc::from_toml(&text, scenario_path, &roster, &catalogue)?;
        let applied = scenario.apply(&roster);
        let gone = scenario.leavers(&roster, None);
        apply.push(start.elapsed());
        people = applied.len() - gone.len();
    }
    let (check, apply) = (median(check), median(apply));
    println!(
        "{} people: check {:.1} ms, scenario {:.2} ms ({:.2}% of check); {people} people after it",
        roster.len(),
        check.as_secs_f64() * 1e3,
        apply.as_secs_f64() * 1e3,
        100.0 * apply.as_secs_f64() / check.as_secs_f64()
    );
    Ok(())
}
