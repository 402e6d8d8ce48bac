//! The page's forms: each posts one edit (or a plan step, or undo) and comes back to the
//! page; the form's fields become the workspace's edits here.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::App;
use crate::api::blocking;
use crate::page::back;
use crate::state::{Edit, Workspace};

/// A form on the page: its edit, and where to go back to afterwards.
#[derive(Debug, Deserialize)]
pub(crate) struct EditForm {
    #[serde(flatten)]
    edit: FormEdit,
    /// Where to go back to afterwards: a path on this page (`/?view=matrix…#matrix`).
    #[serde(default)]
    back: String,
}

/// The edit a form posts, by its `action`, with the fields that edit has (as typed; checked
/// when it is made into the workspace's [`Edit`]s). A field the form leaves out is empty.
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
enum FormEdit {
    Leave {
        #[serde(default)]
        person: String,
    },
    Stay {
        #[serde(default)]
        person: String,
    },
    Level {
        #[serde(default)]
        person: String,
        #[serde(default)]
        skill: String,
        #[serde(default)]
        level: String,
    },
    Team {
        #[serde(default)]
        person: String,
        #[serde(default)]
        team: String,
    },
    Capacity {
        #[serde(default)]
        person: String,
        #[serde(default)]
        capacity: String,
    },
    Hire {
        #[serde(default)]
        name: String,
        #[serde(default)]
        title: String,
        #[serde(default)]
        team: String,
        /// Whom the hire reports to.
        #[serde(default)]
        manager: String,
        /// `skill = level, …`.
        #[serde(default)]
        levels: String,
    },
    Title {
        #[serde(default)]
        person: String,
        #[serde(default)]
        title: String,
    },
    Owner {
        #[serde(default)]
        duty: String,
        #[serde(default)]
        person: String,
    },
    /// A duty's requirements (`skill = level, …`) and `min_owners`; each empty: as the
    /// catalogue says.
    Requirement {
        #[serde(default)]
        duty: String,
        #[serde(default)]
        requires: String,
        #[serde(default)]
        min_owners: String,
    },
    /// The plan's step by number.
    Plan {
        #[serde(default)]
        step: String,
    },
    Clear,
}

/// `POST /edit`: one change to the scenario, then back to the page. A form that is not one
/// of the page's (an unknown `action`) is refused with 422 and changes nothing.
pub(crate) async fn edit(State(app): State<App>, Form(form): Form<EditForm>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        let edited = to_edits(&workspace, form.edit).and_then(|edits| {
            let mut doc = workspace.doc();
            for edit in edits {
                doc = workspace.edited(doc, edit)?;
            }
            workspace.set_scenario(doc)
        });
        match edited {
            Ok(()) => {}
            Err(e) => workspace.notify(e, true),
        }
        // Only back to this page, never elsewhere (`//host` or `http:` are not paths here).
        let here = form.back.starts_with("/?")
            && form
                .back
                .bytes()
                .all(|b| b.is_ascii_graphic() && b != b'\\');
        match here {
            true => (StatusCode::SEE_OTHER, [(LOCATION, form.back.clone())]).into_response(),
            false => back("#scenario"),
        }
    })
    .await
}

fn to_edits(workspace: &Workspace, form: FormEdit) -> Result<Vec<Edit>, String> {
    // A level, or a word saying it was not assessed (`?`): `None`.
    let level = |text: &str| -> Result<Option<u8>, String> {
        if orggap_model::Level::not_assessed(text) {
            return Ok(None);
        }
        text.trim()
            .parse::<u8>()
            .ok()
            .filter(|&l| l <= 5)
            .map(Some)
            .ok_or_else(|| format!("level '{}' is not 0..5 or ? (not assessed)", text.trim()))
    };
    Ok(vec![match form {
        FormEdit::Leave { person } => Edit::Leave(person),
        FormEdit::Stay { person } => Edit::Stay(person),
        FormEdit::Level {
            person,
            skill,
            level: text,
        } => Edit::Level {
            person,
            skill,
            level: level(&text)?,
        },
        FormEdit::Team { person, team } => Edit::Team {
            person,
            team: team.trim().to_owned(),
        },
        FormEdit::Capacity { person, capacity } => Edit::Capacity {
            person,
            capacity: capacity
                .trim()
                .parse()
                .map_err(|_| format!("capacity '{}' is not a whole number", capacity.trim()))?,
        },
        FormEdit::Hire {
            name,
            title,
            team,
            manager,
            levels,
        } => Edit::Hire {
            name: name.trim().to_owned(),
            title,
            team,
            manager,
            levels: parse_levels(&levels)?,
        },
        FormEdit::Title { person, title } => Edit::Title {
            person,
            title: title.trim().to_owned(),
        },
        FormEdit::Owner { duty, person } => Edit::Owner {
            duty: duty.trim().to_owned(),
            person,
        },
        FormEdit::Requirement {
            duty,
            requires,
            min_owners,
        } => {
            Edit::Requirement {
                duty: duty.trim().to_owned(),
                requires: match requires.trim() {
                    "" => None,
                    text => Some(parse_levels(text)?),
                },
                min_owners: match min_owners.trim() {
                    "" => None,
                    text => Some(text.parse::<u32>().ok().filter(|&n| n >= 1).ok_or_else(
                        || format!("min_owners '{text}' is not a whole number of at least 1"),
                    )?),
                },
            }
        }
        FormEdit::Plan { step } => return plan_step(workspace, &step),
        FormEdit::Clear => Edit::Clear,
    }])
}

/// `skill = level` pairs separated by commas or new lines.
fn parse_levels(text: &str) -> Result<Vec<(String, u8)>, String> {
    text.split([',', '\n', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|pair| {
            let (skill, level) = pair
                .split_once(['=', ':'])
                .ok_or_else(|| format!("'{pair}': write skill = level"))?;
            let level = level
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|&l| l <= orggap_model::Level::MAX)
                .ok_or_else(|| format!("'{pair}': the level is not a number 0..9"))?;
            Ok((skill.trim().to_owned(), level))
        })
        .collect()
}

/// The `step`th step of the current plan as edits: a training (a level edit per skill it
/// plans), or a hire of the profile.
fn plan_step(workspace: &Workspace, step: &str) -> Result<Vec<Edit>, String> {
    let view = workspace.view();
    let plan = workspace.plan(&view);
    let i: usize = step
        .trim()
        .parse()
        .map_err(|_| "no such plan step".to_owned())?;
    let catalogue = &workspace.config().catalogue;
    if let Some(upskill) = plan.upskill.get(i) {
        let person = &view.roster.reference(upskill.person).to_owned();
        return Ok(upskill
            .steps
            .iter()
            .map(|&(skill, _, to)| Edit::Level {
                person: person.clone(),
                skill: catalogue.skill(skill).id.clone(),
                level: Some(to),
            })
            .collect());
    }
    let hire = i
        .checked_sub(plan.upskill.len())
        .and_then(|j| plan.hires.get(j))
        .ok_or_else(|| "no such plan step".to_owned())?;
    let role = catalogue.role(hire.role);
    let doc = workspace.doc();
    let taken = |name: &str| {
        view.roster.find_person(name).is_some() || doc.hire.iter().any(|h| h.name == name)
    };
    let name = (1..)
        .map(|n| format!("{} hire {n}", role.id))
        .find(|name| !taken(name))
        .unwrap_or_default();
    Ok(vec![Edit::Hire {
        name,
        title: role.name.clone(),
        team: String::new(),
        manager: String::new(),
        levels: hire
            .requires
            .iter()
            .map(|&(s, level)| (catalogue.skill(s).id.clone(), level))
            .collect(),
    }])
}

/// `POST /undo`.
pub(crate) async fn undo(State(app): State<App>) -> Response {
    if !app.workspace.undo() {
        app.workspace.notify("nothing to undo".into(), false);
    }
    back("#scenario")
}

/// A form of the scenarios panel; `name` is the scenario opened or deleted, or the new name
/// (a new scenario, the open one's copy, or the open one renamed).
#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub(crate) enum ScenarioForm {
    Open { name: String },
    New { name: String },
    Duplicate { name: String },
    Rename { name: String },
    Delete { name: String },
}

/// `POST /scenarios`: opens, creates, copies, renames or deletes a scenario, then back to
/// the scenarios panel.
pub(crate) async fn scenarios(State(app): State<App>, Form(form): Form<ScenarioForm>) -> Response {
    let workspace = app.workspace.clone();
    blocking(move || {
        let open = workspace.open_named();
        let done = match &form {
            ScenarioForm::Open { name } => workspace.open_scenario(name),
            ScenarioForm::New { name } => {
                let name = name.trim();
                workspace
                    .create_scenario(name, orggap_model::ScenarioDoc::default())
                    .and_then(|()| workspace.open_scenario(name))
            }
            ScenarioForm::Duplicate { name } => {
                let name = name.trim();
                let mut doc = open.1;
                doc.name = None;
                workspace
                    .create_scenario(name, doc)
                    .and_then(|()| workspace.open_scenario(name))
            }
            ScenarioForm::Rename { name } => workspace.rename_scenario(&open.0, name.trim()),
            ScenarioForm::Delete { name } => workspace.delete_scenario(name),
        };
        if let Err(refused) = done {
            workspace.notify(refused.to_string(), true);
        }
        back("#scenarios")
    })
    .await
}
