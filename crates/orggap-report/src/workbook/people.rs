//! The People sheet: everyone the analysis counts, with what a manager filters on (team,
//! manager, how many of each role's duties they qualify for, key person or not).

use orggap_analysis::Analysis;
use orggap_model::{Catalogue, Roster};
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::{Cell, Styles, table, text};

/// People listed one a row; past this, the sheet says how many more (a workbook of a
/// million rows opens slowly and filters no better than the roster itself).
pub const PEOPLE_LISTED: usize = 50_000;

/// Roles given a column of their own: the first this many, in catalogue order.
const ROLE_COLUMNS: usize = 8;

/// The People sheet's rows, gathered from the analysis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeopleTable {
    /// The roles given a fit column (capitalised id) and how many duties each has.
    pub roles: Vec<(String, usize)>,
    /// Whether the roster has ids, managers, capacities: each a column only when it does.
    pub ids: bool,
    /// Whether the roster has a manager column.
    pub managers: bool,
    /// Whether the roster gives anyone a capacity.
    pub capacities: bool,
    /// The first [`PEOPLE_LISTED`] people the analysis counts, in roster order.
    pub rows: Vec<PersonRow>,
    /// People the analysis counts, all of them.
    pub people: usize,
}

/// One person's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRow {
    /// Id, when the roster has ids.
    pub id: Option<String>,
    /// Name, `Name (id)` where the name is shared.
    pub name: String,
    /// Job title.
    pub title: String,
    /// Team.
    pub team: String,
    /// The manager's name, when the roster says.
    pub manager: Option<String>,
    /// Capacity, when the roster says.
    pub capacity: Option<u32>,
    /// Duties qualified for in each role of [`PeopleTable::roles`].
    pub fit: Vec<u32>,
    /// Duties qualified for, all roles.
    pub qualified: u32,
    /// Titles of the duties only they are qualified for (a key person when not empty).
    pub sole: Vec<String>,
}

impl PeopleTable {
    /// The table of the people `analysis` counts.
    pub fn new(catalogue: &Catalogue, roster: &Roster, analysis: &Analysis) -> PeopleTable {
        let role_count = catalogue.roles().len().min(ROLE_COLUMNS);
        let mut duties = vec![0usize; role_count];
        for duty in catalogue.responsibilities() {
            if let Some(count) = duties.get_mut(duty.role.index()) {
                *count += 1;
            }
        }
        let roles = catalogue.roles()[..role_count]
            .iter()
            .zip(duties)
            .map(|(role, duties)| (role.id.to_uppercase(), duties))
            .collect();
        let mut sole: Vec<Vec<String>> = Vec::new();
        let mut sole_of = std::collections::HashMap::new();
        for key in &analysis.key_people {
            sole_of.insert(key.person, sole.len());
            let titles = key.sole_qualified_for.iter();
            sole.push(
                titles
                    .map(|&r| catalogue.responsibility(r).title.clone())
                    .collect(),
            );
        }
        let active = |p: &orggap_model::PersonIdx| analysis.active[p.index()];
        let rows = roster
            .people()
            .filter(active)
            .take(PEOPLE_LISTED)
            .map(|p| {
                let mut fit = vec![0u32; role_count];
                for r in analysis.qualified.duties(p) {
                    if let Some(count) = fit.get_mut(catalogue.responsibility(r).role.index()) {
                        *count += 1;
                    }
                }
                PersonRow {
                    id: roster.id(p).map(str::to_owned),
                    name: roster.label(p).into_owned(),
                    title: roster.title(p).to_owned(),
                    team: roster.team(p).to_owned(),
                    manager: roster.manager(p).map(|m| roster.label(m).into_owned()),
                    capacity: roster.capacity(p),
                    qualified: analysis.qualified.count(p),
                    fit,
                    sole: sole_of
                        .get(&p)
                        .map_or_else(Vec::new, |&i: &usize| sole[i].clone()),
                }
            })
            .collect::<Vec<_>>();
        PeopleTable {
            roles,
            ids: roster.has_ids(),
            managers: roster.has_managers(),
            capacities: rows.iter().any(|r: &PersonRow| r.capacity.is_some()),
            people: roster.people().filter(active).count(),
            rows,
        }
    }
}

/// Writes the People sheet.
pub(super) fn sheet(
    sheet: &mut Worksheet,
    styles: &Styles,
    people: &PeopleTable,
) -> Result<(), XlsxError> {
    let column = |name: &str, width: f64| (name.to_owned(), width);
    let mut columns = Vec::new();
    if people.ids {
        columns.push(column("Id", 10.0));
    }
    columns.extend([
        column("Name", 26.0),
        column("Title", 26.0),
        column("Team", 16.0),
    ]);
    if people.managers {
        columns.push(column("Manager", 24.0));
    }
    if people.capacities {
        columns.push(column("Capacity", 9.0));
    }
    // A role's column says of how many duties, in the header: `CPO duties (of 12)`.
    let roles = people.roles.iter();
    columns.extend(roles.map(|(role, duties)| (format!("{role} duties (of {duties})"), 11.0)));
    columns.extend([
        column("Duties qualified for", 11.0),
        column("Key person", 8.0),
        column("Only they are qualified for", 50.0),
    ]);
    let rows = people.rows.iter().map(|row| {
        let mut cells = Vec::with_capacity(columns.len());
        if people.ids {
            cells.push(Cell::Text(row.id.clone().unwrap_or_default()));
        }
        cells.extend([
            Cell::Text(row.name.clone()),
            Cell::Text(row.title.clone()),
            Cell::Text(row.team.clone()),
        ]);
        if people.managers {
            cells.push(row.manager.clone().map_or(Cell::Blank, Cell::Text));
        }
        if people.capacities {
            cells.push(
                row.capacity
                    .map_or(Cell::Blank, |c| Cell::Number(f64::from(c))),
            );
        }
        cells.extend(row.fit.iter().map(|&n| Cell::Number(f64::from(n))));
        cells.push(Cell::Number(f64::from(row.qualified)));
        match row.sole.is_empty() {
            true => cells.extend([Cell::Blank, Cell::Blank]),
            false => cells.extend([Cell::Text("yes".into()), Cell::Long(row.sole.join("; "))]),
        }
        cells
    });
    table(sheet, styles, "People", &columns, rows, "people")?;
    let more = people.people - people.rows.len();
    if more > 0 {
        let note = format!("… and {more} more people: the roster lists them all");
        text(sheet, people.rows.len() as u32 + 1, 0, &note)?;
    }
    Ok(())
}
