//! The baseline of the HR benchmark (`HR=1 scripts/bench.sh`): an HR export written again
//! without its id and manager columns, each person's id appended to their last and preferred
//! names so that names stay unique (without ids a repeated name is an error). The same
//! people, skills and cells otherwise: what `check` costs on the roster without HR columns.
//!
//!     cargo run --release --example hr_without_ids -- IN.csv OUT.csv

use std::error::Error;

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: hr_without_ids IN.csv OUT.csv".into());
    };
    let mut reader = csv::Reader::from_path(input)?;
    let header = reader.headers()?.clone();
    let column = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let id = column("employee id").ok_or("no 'employee id' column")?;
    let manager = column("manager").ok_or("no 'manager' column")?;
    let named: Vec<usize> = ["last name", "preferred name"]
        .iter()
        .filter_map(|name| column(name))
        .collect();
    let mut writer = csv::Writer::from_path(output)?;
    let keep = |record: &csv::StringRecord| -> Vec<String> {
        record
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != id && i != manager)
            .map(|(i, cell)| match named.contains(&i) && !cell.is_empty() {
                true => format!("{cell} {}", &record[id]),
                false => cell.to_owned(),
            })
            .collect()
    };
    let header_out: Vec<&str> = header
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != id && i != manager)
        .map(|(_, h)| h)
        .collect();
    writer.write_record(header_out)?;
    for record in reader.records() {
        writer.write_record(keep(&record?))?;
    }
    writer.flush()?;
    Ok(())
}
