//! Fuzzes the workbook reader: any bytes, or any parts of an `.xlsx` or `.ods` package,
//! give a roster or a clear error — never a panic, an abort or unbounded memory.
//!
//! The first byte chooses: even, the rest is the workbook file as is (mutations of the
//! corpus's real workbooks); odd, the rest is split at `\0` into the text of a package's
//! parts, which are stored (uncompressed) in a fresh archive, so the fuzzer reaches the XML
//! rather than breaking the compression.
#![no_main]

use std::io::{Cursor, Write};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use orggap_model::Catalogue;
use orggap_roster::{ImportOptions, read_workbook};

static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();

const XLSX_PARTS: [&str; 6] = [
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "_rels/.rels",
    "xl/styles.xml",
];
const ODS_PARTS: [&str; 2] = ["content.xml", "mimetype"];

fn package(kind: u8, text: &[u8]) -> Vec<u8> {
    let names: &[&str] = if kind & 2 == 0 { &XLSX_PARTS } else { &ODS_PARTS };
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, part) in names.iter().zip(text.split(|&b| b == 0)) {
        if zip.start_file(*name, options).is_err() || zip.write_all(part).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let catalogue = CATALOGUE.get_or_init(Catalogue::builtin);
    let bytes = if kind & 1 == 0 {
        rest.to_vec()
    } else {
        package(kind, rest)
    };
    let options = ImportOptions {
        strict: kind & 4 != 0,
        ..ImportOptions::default()
    };
    if let Err(e) = read_workbook(Cursor::new(bytes), "fuzz.xlsx", catalogue, &options) {
        let text = e.to_string();
        assert!(text.lines().all(|l| l.starts_with("fuzz.xlsx: ")), "{text}");
    }
});
