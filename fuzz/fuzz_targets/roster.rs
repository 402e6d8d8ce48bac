//! Fuzzes the roster importer: any bytes give a roster or a clear error, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use orggap_model::Catalogue;
use orggap_roster::{ImportOptions, read_csv};

static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let catalogue = CATALOGUE.get_or_init(Catalogue::builtin);
    let strict = data.first().is_some_and(|b| b & 1 == 1);
    let options = ImportOptions { strict, ..ImportOptions::default() };
    if let Err(e) = read_csv(data, "fuzz.csv", catalogue, &options) {
        let text = e.to_string();
        assert!(text.lines().all(|l| l.starts_with("fuzz.csv: ")), "{text}");
    }
});
