//! Route `/sessions/:id`: one session, the people registered for it and who came. Recording
//! that a mentor attended their last module makes them available, and the page says so.
use super::api::{load_session, record_attendance, unregister_person};
use super::list_view::session_title;
use super::register_view::RegisterBox;
use super::{AttendanceResult, Attendee, SessionDetail};
use crate::domain::sessions::AttendanceRequest;
use crate::error::AppError;
use crate::i18n::*;
use crate::people::names::state_name;
use crate::texts::{date_text, error_message, office_name};
use crate::ui::show_error;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SessionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let changed = RwSignal::new(0u32);
    let news = RwSignal::new(None::<(String, AttendanceResult)>);
    let detail = crate::ui::load(move || (id(), changed.get()), |(id, _)| load_session(id));
    view! {
        <section class="session-page">
            <p><a href="/sessions">{t!(i18n, sessions.back)}</a></p>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => view! { <DetailView detail=d changed news/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn DetailView(
    detail: SessionDetail,
    changed: RwSignal<u32>,
    news: RwSignal<Option<(String, AttendanceResult)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let SessionDetail {
        session,
        attendees,
        held,
    } = detail;
    let date = session.date.clone();
    let office = session.office.clone();
    let training = session.kind == crate::domain::sessions::SessionKind::Training;
    let heading = session.clone();
    let registered: Vec<String> = attendees.iter().map(|a| a.person.clone()).collect();
    let error = RwSignal::new(None::<AppError>);
    view! {
        <h1>{move || session_title(i18n.get_locale(), &heading)}</h1>
        <p class="session-facts">
            <time datetime=date.clone()>{let d = date.clone(); move || date_text(i18n.get_locale(), &d)}</time>
            {session.time.clone().map(|t| view! { " · " {t} })}
            " · " {session.place.clone()}
            " · " {move || office_name(i18n.get_locale(), &office)}
        </p>
        <p aria-live="polite" class="session-news">
            {move || news.get().map(|(name, r)| {
                let text = if r.state == "available" && r.steps.iter().any(|s| s == "available") {
                    t_string!(i18n, sessions.completed, name = name).to_string()
                } else if r.steps.iter().any(|s| s == "in_training") {
                    t_string!(i18n, sessions.started, name = name).to_string()
                } else {
                    t_string!(i18n, sessions.recorded, name = name).to_string()
                };
                view! { <span class="notice-banner">{text}</span> }
            })}
        </p>
        {show_error(error)}
        <section class="panel" aria-labelledby="attendees-title">
            <h2 id="attendees-title">{t!(i18n, sessions.registered_title)}</h2>
            {if attendees.is_empty() {
                view! { <p class="muted">{t!(i18n, sessions.none_registered)}</p> }.into_any()
            } else {
                let session_id = session.id.clone();
                let day = session.date.clone();
                view! {
                    <ul class="attendees">
                        {attendees.into_iter().map(|a| view! {
                            <AttendeeRow attendee=a session=session_id.clone() held day=day.clone() changed news error/>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <RegisterBox session=session.id.clone() office=session.office.clone() training registered changed/>
    }
}

#[component]
fn AttendeeRow(
    attendee: Attendee,
    session: String,
    /// Whether the session's day has come; before it, the row says from when.
    held: bool,
    day: String,
    changed: RwSignal<u32>,
    news: RwSignal<Option<(String, AttendanceResult)>>,
    error: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Attendee {
        person,
        kind,
        first_name,
        last_name,
        state,
        present,
    } = attendee;
    let name = format!("{first_name} {last_name}");
    let busy = RwSignal::new(false);
    let mark = {
        let (person, session, name) = (person.clone(), session.clone(), name.clone());
        move |value: Option<bool>| {
            let (person, session, name) = (person.clone(), session.clone(), name.clone());
            busy.set(true);
            spawn_local(async move {
                let req = AttendanceRequest {
                    person,
                    present: value,
                };
                match record_attendance(session, req).await {
                    Ok(result) => {
                        error.set(None);
                        news.set(Some((name, result)));
                        changed.update(|n| *n += 1);
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let remove = {
        let (person, session) = (person.clone(), session.clone());
        move |_| {
            let (person, session) = (person.clone(), session.clone());
            spawn_local(async move {
                match unregister_person(session, person).await {
                    Ok(()) => changed.update(|n| *n += 1),
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let (yes, no) = (mark.clone(), mark);
    let label = name.clone();
    let remove_label = name.clone();
    let hint_name = name.clone();
    let group_label =
        move || t_string!(i18n, sessions.attendance_label, name = label.clone()).to_string();
    view! {
        <li class="attendee" data-person=person.clone() data-present=present.map(|p| p.to_string()).unwrap_or_default()>
            <a href=format!("/people/{person}")>{name.clone()}</a>
            " " <span class="muted">{move || state_name(i18n.get_locale(), kind, &state)}</span>
            <span class="attendance" role="group" aria-label=group_label>
                {if held {
                    view! {
                        <button type="button" class="button small" aria-pressed=(present == Some(true)).to_string()
                            disabled=move || busy.get() on:click=move |_| yes(Some(true))>{t!(i18n, sessions.present)}</button>
                        <button type="button" class="button small" aria-pressed=(present == Some(false)).to_string()
                            disabled=move || busy.get() on:click=move |_| no(Some(false))>{t!(i18n, sessions.absent)}</button>
                    }.into_any()
                } else {
                    let who = hint_name.clone();
                    view! {
                        <span class="muted">{move || t_string!(i18n, sessions.not_yet, name = who.clone(), date = date_text(i18n.get_locale(), &day)).to_string()}</span>
                    }.into_any()
                }}
                <button type="button" class="button small subtle" on:click=remove
                    aria-label=move || t_string!(i18n, sessions.remove_person, name = remove_label.clone()).to_string()>
                    {t!(i18n, sessions.remove)}
                </button>
            </span>
        </li>
    }
}
