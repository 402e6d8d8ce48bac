//! `orggap generate`: a synthetic roster.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use orggap_roster::generate;

use crate::args::GenerateArgs;
use crate::files::{Inputs, write_streamed};
use crate::input::load_catalogue;

/// Runs `orggap generate`.
pub fn run(args: &GenerateArgs) -> Result<ExitCode> {
    let catalogue = load_catalogue(args.catalogue.as_deref())?;
    match &args.out {
        Some(path) => {
            let mut read = Inputs::default();
            if let Some(catalogue) = &args.catalogue {
                read.add(catalogue);
            }
            write_streamed(path, &read, |out| {
                generate(&catalogue, args.people, args.seed, out)
            })?;
        }
        None => {
            let mut out = io::BufWriter::with_capacity(1 << 20, io::stdout().lock());
            match generate(&catalogue, args.people, args.seed, &mut out).and_then(|()| out.flush())
            {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                other => other.context("cannot write to standard output")?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
