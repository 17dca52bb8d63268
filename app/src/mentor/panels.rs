//! What the mentor's page tells beyond the meetings: the duo and its dates, the mentee's
//! essentials and how to reach them, the coming peer-exchange sessions and the coordinator.
use crate::domain::states::DuoState;
use crate::i18n::*;
use crate::mentor::{Contact, MenteeForMentor};
use crate::model::Intervision;
use crate::texts::{date_text, duo_state_name, language_name, sector_name};
use leptos::prelude::*;

/// The page's title (the mentee's first name), the duo's state and its dates.
#[component]
pub fn DuoHeader(
    first_name: String,
    state: DuoState,
    started: Option<String>,
    intro: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="mentor-head">
            <h1>{move || t_string!(i18n, mentor.title, name = first_name.clone()).to_string()}</h1>
            <span class="badge state">{move || duo_state_name(i18n.get_locale(), state)}</span>
            {started.map(|d| view! { <p class="muted">{move || t_string!(i18n, mentor.started_on, date = date_text(i18n.get_locale(), &d)).to_string()}</p> })}
            {intro.map(|d| view! { <p class="muted">{move || t_string!(i18n, mentor.intro_on, date = date_text(i18n.get_locale(), &d)).to_string()}</p> })}
        </header>
    }
}

/// The mentee: first name, a call or mail away, their sector sought and languages.
#[component]
pub fn MenteePanel(mentee: MenteeForMentor, state: DuoState) -> impl IntoView {
    let i18n = use_i18n();
    let (name_call, name_write) = (mentee.first_name.clone(), mentee.first_name.clone());
    view! {
        <section class="panel" aria-labelledby="mentee-title">
            <h2 id="mentee-title">{t!(i18n, mentor.mentee)}</h2>
            <p class="big-name">{mentee.first_name.clone()}</p>
            {(!state.mentor_sees_contact()).then(|| {
                let name = mentee.first_name.clone();
                view! { <p class="muted" data-contact-later="">{move || t_string!(i18n, mentor.contact_later, name = name.clone()).to_string()}</p> }
            })}
            <div class="contact-row">
                {mentee.phone.clone().map(|p| view! { <a class="button big" href=format!("tel:{p}")>{move || t_string!(i18n, mentor.call, name = name_call.clone()).to_string()}</a> })}
                {mentee.email.clone().map(|e| view! { <a class="button big" href=format!("mailto:{e}")>{move || t_string!(i18n, mentor.write, name = name_write.clone()).to_string()}</a> })}
            </div>
            <dl class="facts">
                <dt>{t!(i18n, mentor.sector_sought)}</dt>
                <dd>{
                    let sectors = mentee.sectors.clone();
                    move || sectors.iter().map(|s| sector_name(i18n.get_locale(), s)).collect::<Vec<_>>().join(", ")
                }</dd>
                <dt>{t!(i18n, mentor.languages)}</dt>
                <dd>{
                    let languages = mentee.languages.clone();
                    move || languages.iter().map(|l| language_name(i18n.get_locale(), l)).collect::<Vec<_>>().join(", ")
                }</dd>
            </dl>
        </section>
    }
}

/// The office's coming peer-exchange sessions, when there are any.
#[component]
pub fn IntervisionsPanel(intervisions: Vec<Intervision>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when={let any = !intervisions.is_empty(); move || any}>
            <section class="panel" aria-labelledby="intervision-title">
                <h2 id="intervision-title">{t!(i18n, mentor.intervisions)}</h2>
                <ul class="meetings">
                    {intervisions.iter().map(|s| {
                        let date = s.date.clone();
                        let when = s.time.clone().map(|t| format!(" · {t}")).unwrap_or_default();
                        view! {
                            <li class="meeting" data-intervision=s.id.clone()>
                                <span class="meeting-date">{move || date_text(i18n.get_locale(), &date)}{when.clone()}</span>
                                <span>{s.place.clone()}</span>
                                {s.topic.clone().map(|t| view! { <span class="muted">{t}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// The coordinator to call, when the duo has one.
#[component]
pub fn CoordinatorPanel(coordinator: Option<Contact>) -> impl IntoView {
    let i18n = use_i18n();
    coordinator.map(|c| {
        view! {
            <section class="panel" aria-labelledby="coordinator-title">
                <h2 id="coordinator-title">{t!(i18n, mentor.coordinator)}</h2>
                <p class="big-name">{c.name.clone()}</p>
                <a class="button big" href=format!("mailto:{}", c.email)>{c.email.clone()}</a>
            </section>
        }
    })
}
