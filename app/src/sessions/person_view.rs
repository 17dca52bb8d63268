//! A person's sessions on their record page and, for a mentor, the training's modules done.
use super::api::load_person_sessions;
use super::list_view::session_title;
use super::{PersonSession, PersonSessions};
use crate::i18n::*;
use crate::texts::{date_text, error_message};
use leptos::prelude::*;

#[component]
pub fn PersonSessionsPanel(reference: String, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::ui::load(
        move || (reference.clone(), changed.get()),
        |(id, _)| load_person_sessions(id),
    );
    view! {
        <section class="panel person-sessions" aria-labelledby="person-sessions-title">
            <h2 id="person-sessions-title">{t!(i18n, sessions.person_title)}</h2>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <SessionsList data=d/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SessionsList(data: PersonSessions) -> impl IntoView {
    let i18n = use_i18n();
    let PersonSessions { sessions, training } = data;
    view! {
        {training.map(|modules| {
            let total = modules.len();
            let done = modules.iter().filter(|(_, d)| *d).count();
            view! {
                <h3>{move || t_string!(i18n, sessions.training_progress, done = done, total = total).to_string()}</h3>
                <ol class="training-progress">
                    {modules.into_iter().map(|(title, done)| view! {
                        <li data-done=done.to_string()>
                            <span aria-hidden="true">{if done { "✓ " } else { "○ " }}</span>
                            {title}" "
                            <span class="muted">{move || if done { t_string!(i18n, sessions.module_done) } else { t_string!(i18n, sessions.module_missing) }}</span>
                        </li>
                    }).collect_view()}
                </ol>
            }
        })}
        {if sessions.is_empty() {
            view! { <p class="muted">{t!(i18n, sessions.person_none)}</p> }.into_any()
        } else {
            view! {
                <ul class="person-session-list">
                    {sessions.into_iter().map(|s| view! { <SessionLine line=s/> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn SessionLine(line: PersonSession) -> impl IntoView {
    let i18n = use_i18n();
    let PersonSession { session, present } = line;
    let date = session.date.clone();
    let href = format!("/sessions/{}", session.id);
    view! {
        <li data-present=present.map(|p| p.to_string()).unwrap_or_default()>
            <time datetime=date.clone()>{let d = date.clone(); move || date_text(i18n.get_locale(), &d)}</time>
            " " <a href=href>{move || session_title(i18n.get_locale(), &session)}</a> " "
            <span class="muted">{move || match present {
                Some(true) => t_string!(i18n, sessions.person_present),
                Some(false) => t_string!(i18n, sessions.person_absent),
                None => t_string!(i18n, sessions.person_registered),
            }}</span>
        </li>
    }
}
