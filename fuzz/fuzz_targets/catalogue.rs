//! Fuzzes the catalogue loader: any text gives a catalogue or a clear error, never a panic;
//! a catalogue that loads writes back to TOML that loads to the same catalogue.
#![no_main]

use libfuzzer_sys::fuzz_target;
use orggap_model::Catalogue;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Catalogue::from_toml(text, "fuzz.toml") {
        Ok(catalogue) => {
            let again = Catalogue::from_toml(&catalogue.to_toml(), "written.toml").expect("written TOML loads");
            assert_eq!(again.responsibilities(), catalogue.responsibilities());
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.toml: ")),
    }
});
