//! The benchmark baseline: read a roster with the csv crate alone — `ByteRecord`s, every
//! skill cell parsed to a byte — and nothing else. `scripts/bench.sh` times `orggap check`
//! against it on the same file.
//!
//! Usage: `cargo run --release --example csv_baseline -- ROSTER.csv` (first five columns are
//! name, title, team, capacity, owns, as `orggap generate` writes them).

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: csv_baseline ROSTER.csv");
        return ExitCode::from(2);
    };
    let mut reader = match csv::ReaderBuilder::new().from_path(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut sum) = (0u64, 0u64);
    let mut levels: Vec<u8> = Vec::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::from(2);
            }
        }
        rows += 1;
        for cell in record.iter().skip(5) {
            let level = match cell {
                [] => 0,
                [d @ b'0'..=b'5'] => d - b'0',
                _ => u8::MAX,
            };
            levels.push(level);
            sum += u64::from(level);
        }
    }
    println!("{rows} rows, {} cells, level sum {sum}", levels.len());
    ExitCode::SUCCESS
}
