//! `orggap template`: an empty roster to fill in for the catalogue in use.

use std::process::ExitCode;

use anyhow::Result;

use crate::input::load_catalogue;

/// Runs `orggap template`.
pub fn run(args: &crate::args::TemplateArgs) -> Result<ExitCode> {
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
