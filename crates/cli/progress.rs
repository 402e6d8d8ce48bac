//! A spinner on standard error for long work, shown only on a terminal and never with
//! `--quiet`, so pipes, files and CI logs stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A step-by-step spinner, or nothing.
#[derive(Debug)]
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// Starts with `message`, when standard error is a terminal and not `quiet`.
    pub fn start(message: &str, quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message.to_owned());
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress(Some(bar))
    }

    /// Ends the spinner and, where it was shown (a terminal, not `--quiet`), says `done`.
    pub fn finish(self, done: &str) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
            crate::output::note(done);
        }
    }

    /// Moves on to the next step.
    pub fn step(&self, message: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(message.to_owned());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
