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

/// Runs `orggap template`.
pub fn template(args: &crate::args::TemplateArgs) -> Result<ExitCode> {
    use crate::args::TemplateFormat;
    use crate::output::{Rendered, deliver};
    let catalogue = load_catalogue(args.catalogue.as_deref())?;
    let by_extension = args
        .output
        .as_deref()
        .and_then(|p| p.extension())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let format = args.format.unwrap_or(match by_extension {
        true => TemplateFormat::Csv,
        false => TemplateFormat::Xlsx,
    });
    let rendered = match format {
        TemplateFormat::Csv => Rendered::Text(orggap_report::render_template_csv(&catalogue)),
        TemplateFormat::Xlsx => Rendered::Workbook(orggap_report::render_template(&catalogue)?),
    };
    let mut read = crate::files::Inputs::default();
    if let Some(path) = &args.catalogue {
        read.add(path);
    }
    deliver(rendered, args.output.as_deref(), &read, false, "template")?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `orggap schema`: the JSON Schema of one output, or the list of them.
pub fn schema(args: &crate::args::SchemaArgs) -> Result<ExitCode> {
    let names = || {
        let mut all = vec!["inspect"];
        all.extend(orggap_report::JSON_SCHEMAS);
        all
    };
    let text = match args.name.as_deref() {
        None => names().iter().map(|n| format!("{n}\n")).collect(),
        Some("inspect") => crate::inspect::schema(),
        Some(name) => match orggap_report::json_schema(name) {
            Some(schema) => schema,
            None => anyhow::bail!("no output '{name}': the schemas are {}", names().join(", ")),
        },
    };
    emit(
        text,
        args.output.as_deref(),
        &crate::files::Inputs::default(),
    )?;
    Ok(ExitCode::SUCCESS)
}
