//! `orggap generate`: a synthetic roster, or a synthetic catalogue.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use orggap_roster::{Style, generate_catalogue, generate_styled};

use crate::args::GenerateArgs;
use crate::files::{Inputs, write_streamed};
use crate::input::load_catalogue;

/// Writes the generated text to a sink.
type WriteOut = dyn Fn(&mut dyn Write) -> io::Result<()>;

/// Runs `orggap generate`.
pub fn run(args: &GenerateArgs) -> Result<ExitCode> {
    let mut read = Inputs::default();
    if let Some(catalogue) = &args.catalogue {
        read.add(catalogue);
    }
    let write: Box<WriteOut> = match args.catalogue_size {
        Some((skills, roles, duties)) => {
            let text = generate_catalogue(skills, roles, duties, args.seed);
            Box::new(move |out| out.write_all(text.as_bytes()))
        }
        None => {
            let catalogue = load_catalogue(args.catalogue.as_deref())?;
            let (people, seed) = (args.people.unwrap_or(0), args.seed);
            let style = Style {
                messy: args.messy,
                hr: args.hr,
                unknown: args.unknown,
            };
            Box::new(move |out| generate_styled(&catalogue, people, seed, style, out))
        }
    };
    match &args.out {
        Some(path) => write_streamed(path, &read, |out| write(out))?,
        None => {
            let mut out = io::BufWriter::with_capacity(1 << 20, io::stdout().lock());
            match write(&mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                other => other.context("cannot write to standard output")?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
