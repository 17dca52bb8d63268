//! A person's stage on their record page: where they are, the one or two next steps as buttons
//! with the fields each needs, and the path so far.
use super::api::{load_person_path, take_person_step};
use super::names::{state_name, step_name};
use super::{PersonPath, PersonStep};
use crate::domain::intake::StepRequest;
use crate::domain::privacy::PersonKind;
use crate::error::AppError;
use crate::i18n::*;
use crate::texts::{date_text, error_message};
use crate::ui::show_error;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The stage panel. `changed` counts changes made elsewhere on the page (an eligibility
/// criterion recorded) that may open a step.
#[component]
pub fn PersonPathPanel(reference: String, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let id = reference.clone();
    // Kept above the path, which is drawn again when it reloads: a step form opened meanwhile
    // stays open.
    let open = RwSignal::new(None::<String>);
    let path = crate::ui::load(
        move || (id.clone(), changed.get()),
        |(id, _)| load_person_path(id),
    );
    view! {
        <section class="panel person-path" aria-labelledby="path-title">
            <h2 id="path-title">{t!(i18n, people.path_title)}</h2>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {
                    let reference = reference.clone();
                    move || {
                        let reference = reference.clone();
                        Suspend::new(async move {
                            match path.await {
                                Ok(p) => view! { <PathView path=p reference changed open/> }.into_any(),
                                Err(e) => view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                            }
                        })
                    }
                }
            </Transition>
        </section>
    }
}

#[component]
fn PathView(
    path: PersonPath,
    reference: String,
    changed: RwSignal<u32>,
    open: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = path.kind;
    let state = path.state.clone();
    // A step no longer offered from where the person is now (someone else moved them) closes.
    if open
        .get_untracked()
        .is_some_and(|to| !path.next.contains(&to))
    {
        open.set(None);
    }
    let needs_criterion = kind == PersonKind::Mentee && !path.eligibility_recorded;
    view! {
        <p class="path-now" data-state=path.state.clone()>
            {move || t_string!(i18n, people.now, state = state_name(i18n.get_locale(), kind, &state))}
        </p>
        {if path.next.is_empty() {
            view! { <p class="muted">{t!(i18n, people.no_next)}</p> }.into_any()
        } else {
            view! {
                <h3>{t!(i18n, people.next_steps)}</h3>
                <p class="actions next-steps">
                    {path.next.iter().map(|to| {
                        let to = to.clone();
                        let label = to.clone();
                        let mine = to.clone();
                        let primary = path.next.first() == Some(&to) && to != "withdrawn";
                        let class = if primary { "button primary" } else if to == "withdrawn" { "button danger" } else { "button" };
                        view! {
                            <button type="button" class=class data-step=to.clone()
                                aria-expanded=move || (open.get().as_deref() == Some(mine.as_str())).to_string()
                                on:click={let to = to.clone(); move |_| open.set(Some(to.clone()))}>
                                {move || step_name(i18n.get_locale(), &label)}
                            </button>
                        }
                    }).collect_view()}
                </p>
                {move || open.get().map(|to| {
                    let hint = needs_criterion && to == "eligible";
                    view! { <StepForm to reference=reference.clone() hint open changed/> }
                })}
            }
            .into_any()
        }}
        <h3>{t!(i18n, people.timeline)}</h3>
        {if path.steps.is_empty() {
            view! { <p class="muted">{t!(i18n, people.no_steps)}</p> }.into_any()
        } else {
            view! {
                <ol class="timeline person-timeline">
                    {path.steps.into_iter().rev().map(|s| view! { <StepLine step=s kind/> }).collect_view()}
                </ol>
            }
            .into_any()
        }}
    }
}

/// The fields a step needs: its date, a reason (the organisation, for a referral) and a note.
#[component]
fn StepForm(
    to: String,
    reference: String,
    hint: bool,
    open: RwSignal<Option<String>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let date = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let referral = to == "referred";
    let target = to.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let step = StepRequest {
            to: target.clone(),
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            date: Some(date.get_untracked()).filter(|d| !d.is_empty()),
        };
        let reference = reference.clone();
        busy.set(true);
        spawn_local(async move {
            match take_person_step(reference, step).await {
                Ok(_) => {
                    open.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let label = to.clone();
    view! {
        <form class="step-form" data-step-form=to.clone() on:submit=submit>
            <h4>{move || step_name(i18n.get_locale(), &label)}</h4>
            {hint.then(|| view! { <p class="notice-banner" role="note">{t!(i18n, people.needs_criterion)}</p> })}
            <label>
                <span>{t!(i18n, people.date)}</span>
                <input type="date" name="date" on:input=move |ev| date.set(event_target_value(&ev))/>
            </label>
            <label>
                <span>{move || if referral { t_string!(i18n, people.referred_to) } else { t_string!(i18n, people.reason) }}</span>
                <input type="text" name="reason" maxlength="200" required=referral
                    on:input=move |ev| reason.set(event_target_value(&ev))/>
            </label>
            <label>
                <span>{t!(i18n, people.note)}</span>
                <textarea name="note" rows="2" maxlength="2000" on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <p class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>{t!(i18n, people.confirm)}</button>
                <button type="button" class="button" on:click=move |_| open.set(None)>{t!(i18n, cancel)}</button>
            </p>
            {show_error(error)}
        </form>
    }
}

#[component]
fn StepLine(step: PersonStep, kind: PersonKind) -> impl IntoView {
    let i18n = use_i18n();
    let PersonStep {
        from_state,
        to_state,
        date,
        reason,
        note,
        actor,
        ..
    } = step;
    let to_attr = to_state.clone();
    view! {
        <li data-to=to_attr>
            <time datetime=date.clone()>{let d = date.clone(); move || date_text(i18n.get_locale(), &d)}</time>
            " "
            <strong>{move || {
                let locale = i18n.get_locale();
                td_string!(locale, people.step_line, from = state_name(locale, kind, &from_state), to = state_name(locale, kind, &to_state)).to_string()
            }}</strong>
            {actor.map(|name| view! { " " <span class="muted">{move || t_string!(i18n, people.by, name = name.clone())}</span> })}
            {reason.map(|r| view! { <p class="step-reason">{r}</p> })}
            {note.map(|n| view! { <p class="step-note muted">{n}</p> })}
        </li>
    }
}
