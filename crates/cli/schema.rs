//! `orggap schema`: the JSON Schema of an output, or the list of them.

use std::process::ExitCode;

use anyhow::Result;

use crate::output::emit;

/// Runs `orggap schema`: the JSON Schema of one output, or the list of them.
pub fn run(args: &crate::args::SchemaArgs) -> Result<ExitCode> {
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
