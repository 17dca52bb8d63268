//! Registering someone for a session: search the office's people (mentors only for a training
//! module) and add them to the list.
use super::api::record_attendance;
use crate::domain::sessions::AttendanceRequest;
use crate::error::AppError;
use crate::i18n::*;
use crate::people::api::load_directory;
use crate::people::names::state_name;
use crate::people::DirectoryQuery;
use crate::ui::show_error;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RegisterBox(
    session: String,
    office: String,
    training: bool,
    registered: Vec<String>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let words = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let found = crate::ui::load(
        move || words.get(),
        move |q| {
            let office = office.clone();
            async move {
                if q.trim().chars().count() < 2 {
                    return Ok(None);
                }
                load_directory(DirectoryQuery {
                    q: Some(q),
                    office: Some(office),
                    kind: training.then(|| "mentor".to_string()),
                    per_page: Some(8),
                    ..Default::default()
                })
                .await
                .map(Some)
            }
        },
    );
    let register = move |person: String| {
        let session = session.clone();
        spawn_local(async move {
            match record_attendance(
                session,
                AttendanceRequest {
                    person,
                    present: None,
                },
            )
            .await
            {
                Ok(_) => {
                    error.set(None);
                    words.set(String::new());
                    changed.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel register-box" aria-labelledby="register-title">
            <h2 id="register-title">{t!(i18n, sessions.register_title)}</h2>
            {training.then(|| view! { <p class="muted">{t!(i18n, sessions.mentors_only)}</p> })}
            <label>
                <span>{t!(i18n, sessions.register_search)}</span>
                <input type="search" name="register-q" autocomplete="off" prop:value=move || words.get()
                    on:input=move |ev| words.set(event_target_value(&ev))/>
            </label>
            {show_error(error)}
            <Transition fallback=|| ()>
                {move || {
                    let registered = registered.clone();
                    let register = register.clone();
                    Suspend::new(async move {
                        match found.await {
                            Ok(Some(page)) if page.items.is_empty() => view! { <p class="muted">{t!(i18n, sessions.no_match)}</p> }.into_any(),
                            Ok(Some(page)) => view! {
                                <ul class="register-results" aria-live="polite">
                                    {page.items.into_iter().map(|row| {
                                        let person = format!("{}:{}", row.kind.table(), row.id);
                                        let already = registered.contains(&person);
                                        let name = format!("{} {}", row.first_name, row.last_name);
                                        let label = name.clone();
                                        let register = register.clone();
                                        let (kind, state) = (row.kind, row.state.clone());
                                        let key = person.clone();
                                        view! {
                                            <li data-person=key>
                                                <span>{name}</span>" "
                                                <span class="muted">{move || state_name(i18n.get_locale(), kind, &state)}</span>
                                                {if already {
                                                    view! { <span class="muted">{t!(i18n, sessions.registered_already)}</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <button type="button" class="button small"
                                                            aria-label=move || t_string!(i18n, sessions.register_person, name = label.clone()).to_string()
                                                            on:click=move |_| register(person.clone())>
                                                            {t!(i18n, sessions.register)}
                                                        </button>
                                                    }.into_any()
                                                }}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(e) => view! { <p class="error" role="alert">{move || crate::texts::error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </section>
    }
}
