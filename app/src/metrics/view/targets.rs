//! The yearly targets form of administrators. What they type is kept outside the part of the page
//! that live refreshes redraw, so a change elsewhere never wipes a target being typed.
use crate::error::AppError;
use crate::i18n::*;
use crate::metrics::ScopeFigures;
use crate::texts::{error_message, office_name};
use leptos::prelude::*;

/// What an administrator has typed in the targets form and not saved yet, by office.
#[derive(Clone, Copy)]
pub(super) struct TargetDrafts(
    pub(super) RwSignal<std::collections::HashMap<String, (String, String)>>,
);

/// Admins set this year's targets, office by office (the total is their sum).
#[component]
pub(super) fn TargetsForm(offices: Vec<ScopeFigures>) -> impl IntoView {
    let i18n = use_i18n();
    let drafts = use_context::<TargetDrafts>().map(|TargetDrafts(d)| d);
    let draft_of = |office: &str| drafts.and_then(|d| d.with_untracked(|m| m.get(office).cloned()));
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let year = crate::clock::browser_today()
        .get(..4)
        .and_then(|y| y.parse::<i32>().ok());
    let rows: Vec<(String, RwSignal<String>, RwSignal<String>)> = offices
        .iter()
        .map(|o| {
            let office = o.office.clone().unwrap_or_default();
            let stored = |target: Option<u32>| target.map(|n| n.to_string()).unwrap_or_default();
            let (mentees, mentors) = draft_of(&office).unwrap_or_else(|| {
                (
                    stored(o.progress.mentee_target),
                    stored(o.progress.mentor_target),
                )
            });
            (office, RwSignal::new(mentees), RwSignal::new(mentors))
        })
        .collect();
    let to_save = rows.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(year) = year else { return };
        let rows = to_save.clone();
        saved.set(false);
        leptos::task::spawn_local(async move {
            for (office, mentees, mentors) in rows {
                let (Ok(mentees), Ok(mentors)) = (
                    mentees.get_untracked().trim().parse::<u32>(),
                    mentors.get_untracked().trim().parse::<u32>(),
                ) else {
                    error.set(Some(AppError::invalid(
                        "target",
                        crate::error::Invalid::Malformed,
                    )));
                    return;
                };
                if let Err(e) =
                    crate::metrics::api::save_target(year, office, mentees, mentors).await
                {
                    error.set(Some(e));
                    return;
                }
            }
            error.set(None);
            saved.set(true);
            if let Some(d) = drafts {
                d.set(Default::default());
            }
        });
    };
    view! {
        <section class="panel">
            <h2>{move || t_string!(i18n, dash.targets_title, year = year.unwrap_or_default()).to_string()}</h2>
            <form class="targets" on:submit=submit>
                <table class="data">
                    <thead><tr>
                        <th scope="col">{t!(i18n, dash.office)}</th>
                        <th scope="col">{t!(i18n, dash.mentees)}</th>
                        <th scope="col">{t!(i18n, dash.mentors)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(office, mentees, mentors)| {
                            let code = office.clone();
                            let key = office.clone();
                            let remember = move || {
                                if let Some(d) = drafts {
                                    d.update(|m| {
                                        m.insert(key.clone(), (mentees.get_untracked(), mentors.get_untracked()));
                                    });
                                }
                            };
                            let remember2 = remember.clone();
                            view! {
                                <tr data-target=office.clone()>
                                    <th scope="row">{move || office_name(i18n.get_locale(), &code)}</th>
                                    <td><input type="number" min="0" inputmode="numeric" prop:value=move || mentees.get() on:input=move |ev| { mentees.set(event_target_value(&ev)); remember() } aria-label=move || t_string!(i18n, dash.mentees)/></td>
                                    <td><input type="number" min="0" inputmode="numeric" prop:value=move || mentors.get() on:input=move |ev| { mentors.set(event_target_value(&ev)); remember2() } aria-label=move || t_string!(i18n, dash.mentors)/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })}
                <Show when=move || saved.get()><p class="done" role="status">{t!(i18n, matching.saved)}</p></Show>
                <button type="submit" class="button primary">{t!(i18n, follow.save)}</button>
            </form>
        </section>
    }
}
