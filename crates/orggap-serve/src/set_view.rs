//! The scenarios panel (open, create, copy, rename, delete) and the compare view: the
//! baseline and the scenarios side by side, as `orggap compare` prints them.

use maud::{Markup, html};

use crate::state::{View, Workspace};
use crate::views::ViewQuery;
use orggap_report::partials::status_badge;

/// Scenarios compared at once at most (each is analysed, assigned and planned).
pub(crate) const MAX_COMPARED: usize = 8;

/// Duties whose status differs listed at most.
const DUTIES_SHOWN: usize = 100;

/// The list of scenarios with the forms that manage them, and the compare view when open.
pub(crate) fn panel(workspace: &Workspace, views: &ViewQuery) -> Markup {
    let listed = workspace.scenarios();
    let open = listed.iter().find(|s| s.open).map(|s| s.name.clone());
    html! {
        ul class="scenario-list" {
            @for s in &listed {
                li class={ @if s.open { "open" } } {
                    @if s.open {
                        strong { bdi { (s.name) } } " (open)"
                    } @else {
                        form method="post" action="/scenarios" class="inline" {
                            input type="hidden" name="action" value="open";
                            input type="hidden" name="name" value=(s.name);
                            button type="submit" class="quiet" title="open this scenario to edit it" { "Open " bdi { (s.name) } }
                        }
                    }
                    span class="muted" {
                        " " (s.entries) @if s.entries == 1 { " entry" } @else { " entries" }
                        @if let Some(file) = &s.file { " · " code { (file) } }
                    }
                }
            }
        }
        div class="forms" {
            form method="post" action="/scenarios" class="edit" {
                h3 { "Scenarios" }
                label { "Name" input name="name" required maxlength="64" pattern="[^./\\\\][^/\\\\]*" placeholder="e.g. hire a CMO"; }
                div class="inline" {
                    button type="submit" name="action" value="new" { "New" }
                    button type="submit" name="action" value="duplicate" { "Copy the open one" }
                    button type="submit" name="action" value="rename" { "Rename the open one" }
                }
            }
            @if let Some(open) = &open {
                form method="post" action="/scenarios" class="edit" {
                    h3 { "Delete" }
                    input type="hidden" name="action" value="delete";
                    input type="hidden" name="name" value=(open);
                    p class="muted" { "Deletes " bdi { (open) } @if workspace.config().scenario_dir.is_some() { " and its file" } "." }
                    button type="submit" class="quiet" { "Delete the open scenario" }
                }
            }
        }
        div class="view-body" {
            @if views.view == "compare" {
                (compare(workspace, views))
            } @else {
                p { a href="/?view=compare#scenarios" data-view="compare" { "Compare the scenarios" } span class="muted" { " — the baseline and each scenario side by side: coverage, truck factor, key people, the plan." } }
            }
        }
    }
}

/// The baseline and the scenarios `views.scenarios` names (all of them, up to
/// [`MAX_COMPARED`], when it names none), side by side.
pub(crate) fn compare(workspace: &Workspace, views: &ViewQuery) -> Markup {
    let all: Vec<String> = workspace.scenarios().into_iter().map(|s| s.name).collect();
    let names = match views.scenarios.trim() {
        "" => all
            .iter()
            .take(MAX_COMPARED)
            .cloned()
            .collect::<Vec<_>>()
            .join(","),
        names => names.to_owned(),
    };
    let compared: Vec<View> = match workspace.views_of(&names) {
        Ok(compared) => compared,
        Err(refused) => return html! { p class="notice error" { (refused.message()) } },
    };
    let report = crate::api::compare_report(workspace, &compared);
    html! {
        h3 { "The baseline and " (compared.len()) @if compared.len() == 1 { " scenario" } @else { " scenarios" } }
        @if all.len() > MAX_COMPARED && views.scenarios.trim().is_empty() {
            p class="muted" { "The first " (MAX_COMPARED) " of " (all.len()) " scenarios; " code { "/api/compare?scenarios=a,b" } " compares any." }
        }
        div class="table-scroll" {
            table class="compare numbers" {
                thead { tr { th { } @for c in &report.columns { th scope="col" { bdi { (c.name) } } } } }
                tbody {
                    @for row in report.table() {
                        tr {
                            th scope="row" { (row.label.trim()) }
                            @for (value, best) in row.values.iter().zip(&row.best) {
                                td class="num" { @if *best { strong title="the best of the row" { (value) } } @else { (value) } }
                            }
                        }
                    }
                }
            }
        }
        p class="muted" { "Bold: the best value of its row." }
        @if report.responsibilities.is_empty() {
            p { "No duty's status differs between them." }
        } @else {
            h3 { "Duties whose status differs (" (report.responsibilities.len()) ")" }
            div class="table-scroll" {
                table class="compare" {
                    thead { tr { th { "Duty" } @for c in &report.columns { th scope="col" { bdi { (c.name) } } } } }
                    tbody {
                        @for row in report.responsibilities.iter().take(DUTIES_SHOWN) {
                            tr { td title=(row.id) { (row.label()) } @for status in &row.status { td { (status_badge(*status)) } } }
                        }
                    }
                }
            }
        }
    }
}
