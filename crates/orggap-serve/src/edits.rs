//! The page's edits of the scenario. Their rules live in `orggap-model`
//! ([`ScenarioDoc::edited`]), where the scenario file's do; here they meet the workspace's
//! roster and catalogue as last read.

pub(crate) use orggap_model::Edit;
use orggap_model::ScenarioDoc;

use crate::state::Workspace;

impl Workspace {
    /// `doc` with `edit` made, on the roster as it is.
    pub(crate) fn edited(&self, doc: ScenarioDoc, edit: Edit) -> Result<ScenarioDoc, String> {
        let (roster, _) = self.roster_reading();
        doc.edited(edit, &roster, &self.config.catalogue)
            .map_err(|refused| refused.to_string())
    }
}
