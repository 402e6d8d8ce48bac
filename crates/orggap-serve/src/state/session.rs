//! The named scenarios, the open one's undo history, and the message for the next page.

use orggap_model::{Scenario, ScenarioDoc};

use crate::scenarios::Named;

/// How many earlier scenarios Undo keeps, and how many bytes of them (as TOML) at most: the
/// oldest go first, so a client sending large scenarios cannot make the server grow.
pub(crate) const UNDO_STEPS: usize = 100;
pub(crate) const UNDO_BYTES: usize = 64 << 20;

/// Earlier scenarios, bounded by [`UNDO_STEPS`] and [`UNDO_BYTES`], the latest last.
#[derive(Default)]
pub(crate) struct Undo {
    docs: std::collections::VecDeque<(ScenarioDoc, usize)>,
    bytes: usize,
}

impl Undo {
    /// Keeps `doc`, forgetting the oldest past the bounds.
    pub(crate) fn push(&mut self, doc: ScenarioDoc) {
        let size = doc.to_toml(|_| None).len();
        self.bytes += size;
        self.docs.push_back((doc, size));
        while self.docs.len() > UNDO_STEPS || (self.bytes > UNDO_BYTES && self.docs.len() > 1) {
            let (_, size) = self.docs.pop_front().expect("not empty");
            self.bytes -= size;
        }
    }

    /// The latest kept, taken off.
    pub(crate) fn pop(&mut self) -> Option<ScenarioDoc> {
        let (doc, size) = self.docs.pop_back()?;
        self.bytes -= size;
        Some(doc)
    }
}

/// The scenarios, the one open being built.
pub(crate) struct Session {
    /// Every scenario, by name; at least one.
    pub slots: Vec<Named>,
    /// Which of `slots` is open.
    pub open: usize,
    /// The open scenario checked against the roster of a reading (its generation), so that
    /// showing it again does not check it again.
    pub resolved: Option<(u64, Scenario)>,
    /// The open scenario's earlier versions, the latest last (opening another starts afresh).
    pub undo: Undo,
    /// A message for the next page (saved, refused…).
    pub notice: Option<Notice>,
}

impl Session {
    /// The open scenario.
    pub(crate) fn doc(&self) -> &ScenarioDoc {
        &self.slots[self.open].doc
    }

    /// The open scenario, to change.
    pub(crate) fn doc_mut(&mut self) -> &mut ScenarioDoc {
        &mut self.slots[self.open].doc
    }
}

/// A message shown once at the top of the page.
#[derive(Clone, Debug)]
pub(crate) struct Notice {
    pub text: String,
    pub error: bool,
}

#[cfg(test)]
mod undo_tests {
    use super::*;

    #[test]
    fn undo_keeps_the_latest_within_its_bounds() {
        let mut undo = Undo::default();
        for i in 0..UNDO_STEPS + 5 {
            undo.push(ScenarioDoc {
                name: Some(format!("s{i}")),
                ..ScenarioDoc::default()
            });
        }
        assert_eq!(undo.docs.len(), UNDO_STEPS);
        assert_eq!(undo.pop().unwrap().name.as_deref(), Some("s104"));
        // Large scenarios: the bytes bound holds, the latest is always kept.
        let big = "x".repeat(UNDO_BYTES / 3);
        for i in 0..5 {
            undo.push(ScenarioDoc {
                name: Some(format!("{big}{i}")),
                ..ScenarioDoc::default()
            });
        }
        assert!(undo.bytes <= UNDO_BYTES, "{}", undo.bytes);
        assert!(undo.pop().unwrap().name.unwrap().ends_with('4'));
    }
}
