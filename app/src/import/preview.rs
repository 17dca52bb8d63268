//! What a check of a file found, before anything is imported: the counts, the problems of the
//! file itself, and the rows with their status, each error in the reader's language.
use super::texts::problem_message;
use crate::domain::import::{referenced_row, Duplicate, ImportOutcome, RowProblem, SheetRow};
use crate::i18n::*;
use crate::texts::number_text;
use leptos::prelude::*;
use std::collections::{HashMap, HashSet};

/// The most rows the preview lists (rows with a problem first); the rest are counted.
pub const PREVIEW_MAX: usize = 200;

/// The rows the preview lists: every row with a problem up to [`PREVIEW_MAX`], then ready rows
/// to fill it, in the file's order.
pub fn shown_rows(outcome: &ImportOutcome) -> Vec<SheetRow> {
    let flagged: HashSet<u32> = outcome
        .errors
        .iter()
        .map(|e| e.row)
        .chain(outcome.duplicates.iter().map(|d| d.row))
        .collect();
    let (problems, ready): (Vec<&SheetRow>, Vec<&SheetRow>) =
        outcome.rows.iter().partition(|r| flagged.contains(&r.row));
    let mut shown: Vec<SheetRow> = problems
        .into_iter()
        .chain(ready)
        .take(PREVIEW_MAX)
        .cloned()
        .collect();
    shown.sort_by_key(|r| r.row);
    shown
}

/// The counts of a check or an import, said once to screen readers when they change.
#[component]
pub fn Counts(outcome: ImportOutcome) -> impl IntoView {
    let i18n = use_i18n();
    let ready = u64::from(outcome.created);
    let errors = outcome.errors.len() as u64 + u64::from(outcome.more_errors);
    let listed = outcome.errors.len() as u64;
    let cut = outcome.more_errors > 0;
    let duplicates = outcome.duplicates.len() as u64;
    let written = outcome.written();
    let error_class = if errors > 0 { "bad" } else { "" };
    let text = move |n: u64| number_text(i18n.get_locale(), n as i64);
    view! {
        <ul class="import-counts">
            {if written {
                view! { <li class="ok">{move || td_string!(i18n.get_locale(), import.done, count = ready, shown = text(ready)).to_string()}</li> }.into_any()
            } else {
                view! { <li>{move || td_string!(i18n.get_locale(), import.ready, count = ready, shown = text(ready)).to_string()}</li> }.into_any()
            }}
            <li class=error_class>{move || td_string!(i18n.get_locale(), import.errors, count = errors, shown = text(errors)).to_string()}</li>
            <li>{move || td_string!(i18n.get_locale(), import.duplicates, count = duplicates, shown = text(duplicates)).to_string()}</li>
        </ul>
        {cut.then(|| view! { <p class="hint">{move || {
            let locale = i18n.get_locale();
            td_string!(locale, import.more_errors, shown = number_text(locale, listed as i64)).to_string()
        }}</p> })}
        {(!outcome.dry_run && !written).then(|| view! { <p class="error">{t!(i18n, import.nothing_written)}</p> })}
        {(outcome.dry_run && errors > 0).then(|| view! { <p class="hint">{t!(i18n, import.fix_first)}</p> })}
    }
}

/// The problems of the file itself (its encoding, its header, its size), and the table of rows.
#[component]
pub fn Preview(outcome: ImportOutcome) -> impl IntoView {
    let i18n = use_i18n();
    let listed: HashSet<u32> = outcome.rows.iter().map(|r| r.row).collect();
    let file_problems: Vec<RowProblem> = outcome
        .errors
        .iter()
        .filter(|e| !listed.contains(&e.row))
        .cloned()
        .collect();
    let mut by_row: HashMap<u32, Vec<RowProblem>> = HashMap::new();
    for e in &outcome.errors {
        by_row.entry(e.row).or_default().push(e.clone());
    }
    let duplicates: HashMap<u32, Duplicate> = outcome
        .duplicates
        .iter()
        .map(|d| (d.row, d.clone()))
        .collect();
    let shown = shown_rows(&outcome);
    let hidden = (outcome.rows.len() - shown.len()) as u64;
    view! {
        {(!file_problems.is_empty()).then(|| view! {
            <section class="import-file-problems" aria-labelledby="file-problems-title">
                <h2 id="file-problems-title">{t!(i18n, import.file_problems)}</h2>
                <ul>
                    {file_problems.into_iter().map(|p| view! {
                        <li class="error">{move || problem_message(i18n.get_locale(), &p)}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!shown.is_empty()).then(|| view! {
            // Keyboard users scroll a wide table on a phone too.
            <div class="table-wrap" tabindex="0">
                <table class="import-rows">
                    <caption>{t!(i18n, import.preview)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, import.col_row)}</th>
                            <th scope="col">{t!(i18n, import.col_name)}</th>
                            <th scope="col">{t!(i18n, import.col_status)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {shown.into_iter().map(|r| {
                            let problems = by_row.remove(&r.row).unwrap_or_default();
                            let duplicate = duplicates.get(&r.row).cloned();
                            view! { <Line row=r problems duplicate/> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        {(hidden > 0).then(|| view! {
            <p class="muted">{move || {
                let locale = i18n.get_locale();
                td_string!(locale, import.not_shown, count = hidden, shown = number_text(locale, hidden as i64)).to_string()
            }}</p>
        })}
    }
}

/// One row of the preview: its number, the name as typed, and its status.
#[component]
fn Line(row: SheetRow, problems: Vec<RowProblem>, duplicate: Option<Duplicate>) -> impl IntoView {
    let i18n = use_i18n();
    let state = if !problems.is_empty() {
        "error"
    } else if duplicate.is_some() {
        "duplicate"
    } else {
        "ready"
    };
    let status = if !problems.is_empty() {
        view! {
            <ul class="row-problems">
                {problems.into_iter().map(|p| {
                    let field = p.field.clone();
                    view! { <li class="error" data-field=field>{move || problem_message(i18n.get_locale(), &p)}</li> }
                }).collect_view()}
            </ul>
        }
        .into_any()
    } else if let Some(d) = duplicate {
        match referenced_row(&d.existing) {
            Some(earlier) => view! {
                <span>{move || td_string!(i18n.get_locale(), import.status_row, row = earlier).to_string()}</span>
            }
            .into_any(),
            None => view! {
                <span>{t!(i18n, import.status_record)}" "
                    <a href=format!("/people/{}", d.existing)>{t!(i18n, import.open_record)}</a></span>
            }
            .into_any(),
        }
    } else {
        view! { <span>{t!(i18n, import.status_ready)}</span> }.into_any()
    };
    view! {
        <tr class=format!("import-row {state}") data-row=row.row>
            <td>{row.row}</td>
            <td>{format!("{} {}", row.first_name, row.last_name)}</td>
            <td>{status}</td>
        </tr>
    }
}
