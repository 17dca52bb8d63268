//! Route `/sessions`: an office's information sessions and training modules, upcoming first,
//! with the form that schedules one and (for administrators) the training's modules.
use super::api::load_office_sessions;
use super::modules_view::ModulesPanel;
use super::schedule_view::ScheduleForm;
use super::{OfficeSessions, Session};
use crate::i18n::*;
use crate::texts::{date_text, error_message, number_text, office_name};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// How a session is named in lists: "Information session" or "Training: <module>".
pub fn session_title(locale: Locale, session: &Session) -> String {
    match session.kind {
        crate::domain::sessions::SessionKind::Info => {
            td_string!(locale, sessions.kind_info).to_string()
        }
        crate::domain::sessions::SessionKind::Training => td_string!(
            locale,
            sessions.kind_training,
            module = session.module_title.clone().unwrap_or_default()
        )
        .to_string(),
    }
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let office = Memo::new(move |_| query.read().get("office").filter(|o| !o.is_empty()));
    let changed = RwSignal::new(0u32);
    // Kept above the list, which is drawn again once a session is scheduled.
    let scheduled = RwSignal::new(false);
    let data = crate::ui::load(
        move || (office.get(), changed.get()),
        |(o, _)| load_office_sessions(o),
    );
    view! {
        <section class="sessions">
            <h1>{t!(i18n, sessions.title)}</h1>
            <p class="muted">{t!(i18n, sessions.intro)}</p>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <OfficeView data=d changed scheduled/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn OfficeView(
    data: OfficeSessions,
    changed: RwSignal<u32>,
    scheduled: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let OfficeSessions {
        office,
        offices,
        modules,
        sessions,
        may_edit_modules,
        today,
    } = data;
    let (upcoming, past): (Vec<Session>, Vec<Session>) =
        sessions.into_iter().partition(|s| s.date >= today);
    let current = office.clone();
    view! {
        {(offices.len() > 1).then(|| {
            let current = current.clone();
            view! {
                <label class="office-choice">
                    <span>{t!(i18n, sessions.office)}</span>
                    <select name="office" on:change=move |ev| {
                        navigate(&format!("/sessions?office={}", event_target_value(&ev)), Default::default())
                    }>
                        {offices.iter().map(|o| {
                            let name = o.clone();
                            view! { <option value=o.clone() selected=*o == current>{move || office_name(i18n.get_locale(), &name)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
        })}
        <div class="sessions-grid">
            <div>
                <SessionTable when=When::Upcoming sessions=upcoming/>
                <SessionTable when=When::Past sessions=past/>
            </div>
            <div>
                <ScheduleForm office=office.clone() modules=modules.clone() changed done=scheduled/>
                <ModulesPanel office modules editable=may_edit_modules changed/>
            </div>
        </div>
    }
}

/// Which of the two lists a table shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum When {
    Upcoming,
    Past,
}

impl When {
    fn as_str(self) -> &'static str {
        match self {
            When::Upcoming => "upcoming",
            When::Past => "past",
        }
    }
}

#[component]
fn SessionTable(when: When, sessions: Vec<Session>) -> impl IntoView {
    let i18n = use_i18n();
    let title = when.as_str();
    let heading = move || match when {
        When::Upcoming => t_string!(i18n, sessions.upcoming),
        When::Past => t_string!(i18n, sessions.past),
    };
    let id = format!("sessions-{title}");
    let labelled = id.clone();
    if sessions.is_empty() {
        return view! {
            <section class="panel" aria-labelledby=labelled>
                <h2 id=id>{heading}</h2>
                <p class="muted">{move || match when {
                    When::Upcoming => t_string!(i18n, sessions.none_upcoming),
                    When::Past => t_string!(i18n, sessions.none_past),
                }}</p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="panel" aria-labelledby=labelled data-sessions=title>
            <h2 id=id>{heading}</h2>
            <div class="table-wrap" tabindex="0" role="region" aria-label=heading>
                <table class="sessions-table">
                    <thead><tr>
                        <th scope="col">{t!(i18n, sessions.col_date)}</th>
                        <th scope="col">{t!(i18n, sessions.col_kind)}</th>
                        <th scope="col">{t!(i18n, sessions.col_place)}</th>
                        <th scope="col" class="num">{t!(i18n, sessions.col_registered)}</th>
                        <th scope="col" class="num">{t!(i18n, sessions.col_present)}</th>
                    </tr></thead>
                    <tbody>
                        {sessions.into_iter().map(|s| view! { <SessionRow session=s/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn SessionRow(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/sessions/{}", session.id);
    let date = session.date.clone();
    let time = session.time.clone().unwrap_or_default();
    let (registered, present) = (session.registered, session.present);
    let place = session.place.clone();
    let (key, kind) = (session.id.clone(), session.kind.as_str());
    let datetime = date.clone();
    view! {
        <tr data-session=key data-kind=kind>
            <td><time datetime=datetime>{move || date_text(i18n.get_locale(), &date)}</time>" "{time}</td>
            <td><a href=href>{move || session_title(i18n.get_locale(), &session)}</a></td>
            <td>{place}</td>
            <td class="num">{move || number_text(i18n.get_locale(), registered)}</td>
            <td class="num">{move || number_text(i18n.get_locale(), present)}</td>
        </tr>
    }
}
