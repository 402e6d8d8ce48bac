//! `orggap catalogue`: print the catalogue in use.

use std::process::ExitCode;

use anyhow::Result;
use orggap_report::render_catalogue_markdown;

use crate::args::{CatalogueArgs, CatalogueFormat};
use crate::input::load_catalogue;
use crate::output::emit;

/// Runs `orggap catalogue`.
pub fn run(args: &CatalogueArgs) -> Result<ExitCode> {
    let catalogue = load_catalogue(args.catalogue.as_deref())?;
    let text = match args.format {
        CatalogueFormat::Toml => catalogue.to_toml(),
        CatalogueFormat::Json => orggap_report::to_json(&catalogue.to_file())?,
        CatalogueFormat::Markdown => render_catalogue_markdown(&catalogue),
    };
    let mut read = crate::files::Inputs::default();
    if let Some(path) = &args.catalogue {
        read.add(path);
    }
    emit(text, args.output.as_deref(), &read)?;
    Ok(ExitCode::SUCCESS)
}
