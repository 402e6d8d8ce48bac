//! Choosing a person: every person field of the page offers the people it could name, each
//! shown with title and team, the value its id (or name, on a roster without ids). The page
//! lists the first people; as one types, the script asks `/view?view=people-options&q=…`
//! for the people matching and puts them in the list, so anyone of a million is found.

use maud::{Markup, html};
use orggap_model::{PersonIdx, Roster};

/// People offered at most at a time.
pub(crate) const OFFERED: usize = 50;

/// Whether `p` matches a search, already in lower case: their name, id, title or team
/// contains it (an empty search matches everyone).
pub(crate) fn matches(roster: &Roster, p: PersonIdx, wanted: &str) -> bool {
    let has = |text: &str| text.to_lowercase().contains(wanted);
    wanted.is_empty()
        || has(roster.name(p))
        || roster.id(p).is_some_and(has)
        || has(roster.title(p))
        || has(roster.team(p))
}

/// The `<option>`s for the people matching `query` (at most [`OFFERED`]).
pub(crate) fn options(roster: &Roster, query: &str) -> Markup {
    let wanted = query.trim().to_lowercase();
    html! {
        @for p in roster.people().filter(|&p| matches(roster, p, &wanted)).take(OFFERED) {
            option value=(roster.reference(p)) { (described(roster, p)) }
        }
    }
}

/// The list every person field of the page uses, with the first people in it.
pub(crate) fn people_list(roster: &Roster) -> Markup {
    html! { datalist id="people-names" { (options(roster, "")) } }
}

/// `Maya Chen — VP Product · Product (E1001)`: who a person is, at a glance.
fn described(roster: &Roster, p: PersonIdx) -> String {
    let mut out = roster.name(p).to_owned();
    let about: Vec<&str> = [roster.title(p), roster.team(p)]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    if !about.is_empty() {
        out.push_str(" — ");
        out.push_str(&about.join(" · "));
    }
    if let Some(id) = roster.id(p).filter(|id| !id.is_empty()) {
        out.push_str(&format!(" ({id})"));
    }
    out
}
