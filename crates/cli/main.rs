//! The `orggap` binary: parses the command line and hands each subcommand to its module.
//!
//! Thin by design: flags become plain options here, the libraries do the work, and errors
//! are printed once, with their chain, as `orggap: …` (exit status 2).

mod args;
mod assign;
mod catalogue;
mod check;
mod compare;
mod diff;
mod files;
mod generate;
mod graph;
mod impact;
mod input;
mod inspect;
mod org;
mod output;
mod plan;
mod progress;
mod report;
mod schema;
mod serve;
mod template;

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser};

use crate::args::{Cli, ColorChoice, Command};

/// Exit status for bad input or usage.
const EXIT_BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    plan::STARTED.get_or_init(std::time::Instant::now);
    files::catch_file_size_limit();
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(error) => {
            output::note(&format!("orggap: {}", said_once(&error)));
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    let color = use_color(cli.color);
    let quiet = cli.quiet;
    match &cli.command {
        Command::Check(args) => check::run(args, color),
        Command::Report(args) => report::run(args, quiet),
        Command::Inspect(args) => inspect::run(args),
        Command::Assign(args) => assign::run(args),
        Command::Impact(args) => impact::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Org(args) => org::run(args),
        Command::Graph(args) => graph::run(args, quiet),
        Command::Catalogue(args) => catalogue::run(args),
        Command::Template(args) => template::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Completions(args) => {
            let mut text = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "orggap", &mut text);
            output::print(&String::from_utf8_lossy(&text))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut text = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut text)?;
            output::print(&String::from_utf8_lossy(&text))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The error and its causes joined by `: `, each said once: a cause whose text the message
/// already ends with is left out (crates that wrap an I/O error often print it and give it
/// as their source too, which `{:#}` would repeat).
fn said_once(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !out.is_empty() && out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

/// Colour on a terminal unless `NO_COLOR` is set (<https://no-color.org>), or as forced.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that prints its cause and gives it as its source too, as some crates' do.
    #[derive(Debug)]
    struct Wrapper(std::io::Error);

    impl std::fmt::Display for Wrapper {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{}", self.0)
        }
    }

    impl std::error::Error for Wrapper {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn a_cause_is_said_once() {
        let io = std::io::Error::other("Is a directory");
        let error = anyhow::Error::new(Wrapper(io)).context("out.json: cannot replace");
        assert_eq!(
            said_once(&error),
            "out.json: cannot replace: Is a directory"
        );
        let plain = anyhow::anyhow!("inner").context("outer");
        assert_eq!(said_once(&plain), "outer: inner");
    }
}
