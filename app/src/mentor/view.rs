//! The mentor's page, designed for a 360 px phone first: large type, large targets, the meeting
//! form one tap away with today's date, an hour and "in person" already chosen.
use crate::domain::lifecycle::{NewMeeting, MEETING_MODES, MEETING_TOPICS};
use crate::duos::follow_view::GoalsPanel;
use crate::error::AppError;
use crate::i18n::*;
use crate::mentor::api::load_my_duo;
use crate::mentor::MyDuo;
use crate::model::Meeting;
use crate::texts::{
    browser_today, date_text, duo_state_name, error_message, language_name, sector_name,
};
use leptos::prelude::*;
use leptos_router::components::Redirect;

pub fn mode_name(locale: Locale, mode: &str) -> String {
    match mode {
        "in_person" => td_string!(locale, mentor.modes.in_person),
        "online" => td_string!(locale, mentor.modes.online),
        "phone" => td_string!(locale, mentor.modes.phone),
        other => return other.to_string(),
    }
    .to_string()
}

pub fn topic_name(locale: Locale, topic: &str) -> String {
    match topic {
        "action_plan" => td_string!(locale, mentor.topic.action_plan),
        "cv" => td_string!(locale, mentor.topic.cv),
        "applications" => td_string!(locale, mentor.topic.applications),
        "interview" => td_string!(locale, mentor.topic.interview),
        "network" => td_string!(locale, mentor.topic.network),
        "training" => td_string!(locale, mentor.topic.training),
        "language" => td_string!(locale, mentor.topic.language),
        "wellbeing" => td_string!(locale, mentor.topic.wellbeing),
        other => return other.to_string(),
    }
    .to_string()
}

/// Route `/mentor`.
#[component]
pub fn MentorPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_my_duo());
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(duo)) => view! { <MyDuoView duo/> }.into_any(),
                    Ok(None) => view! { <section class="welcome"><p>{t!(i18n, mentor.no_duo)}</p></section> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! {
                        <section class="welcome" role="alert"><p>{move || error_message(i18n.get_locale(), &e)}</p></section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// A meeting in the history: sent, or still on the phone.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    key: String,
    date: String,
    minutes: u32,
    mode: String,
    topics: Vec<String>,
    pending: bool,
}

impl From<&Meeting> for Shown {
    fn from(m: &Meeting) -> Self {
        Shown {
            key: m.id.clone(),
            date: m.date.clone(),
            minutes: m.minutes,
            mode: m.mode.clone(),
            topics: m.topics.clone(),
            pending: false,
        }
    }
}

#[component]
fn MyDuoView(duo: MyDuo) -> impl IntoView {
    let i18n = use_i18n();
    let duo_id = duo.id.clone();
    let sent = RwSignal::new(duo.meetings.iter().map(Shown::from).collect::<Vec<_>>());
    let pending = RwSignal::new(Vec::<Shown>::new());
    let open = RwSignal::new(false);
    let offline = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let toast = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    let flushing = StoredValue::new(false);

    // Sends whatever waits on the phone, oldest first; stops at the first network failure.
    #[cfg(feature = "hydrate")]
    let flush = move || {
        {
            use crate::mentor::api::send_meeting;
            use crate::mentor::queue;
            use leptos::task::spawn_local;
            if flushing.get_value() {
                return;
            }
            flushing.set_value(true);
            spawn_local(async move {
                for p in queue::load() {
                    match send_meeting(p.duo.clone(), p.meeting.clone(), p.key.clone()).await {
                        Ok(m) => {
                            queue::remove(&p.key);
                            pending.update(|list| list.retain(|s| s.key != p.key));
                            sent.update(|list| {
                                if !list.iter().any(|s| s.key == m.id) {
                                    list.insert(0, Shown::from(&m));
                                    list.sort_by(|a, b| b.date.cmp(&a.date));
                                }
                            });
                            toast.set(Some(t_string!(i18n, mentor.sent).to_string()));
                            set_timeout(move || toast.set(None), std::time::Duration::from_secs(5));
                        }
                        // No connection: keep it for later.
                        Err(AppError::Transport { .. }) => {
                            offline.set(true);
                            break;
                        }
                        // Refused for good (the duo ended, say): say so and drop it.
                        Err(e) => {
                            queue::remove(&p.key);
                            pending.update(|list| list.retain(|s| s.key != p.key));
                            error.set(Some(e));
                        }
                    }
                }
                flushing.set_value(false);
            });
        }
    };

    #[cfg(feature = "hydrate")]
    {
        use crate::mentor::queue;
        let duo_id = duo_id.clone();
        Effect::new(move |_| {
            let waiting: Vec<Shown> = queue::load()
                .into_iter()
                .filter(|p| p.duo == duo_id)
                .map(|p| Shown {
                    key: p.key,
                    date: p.meeting.date,
                    minutes: p.meeting.minutes,
                    mode: p.meeting.mode,
                    topics: p.meeting.topics,
                    pending: true,
                })
                .collect();
            pending.set(waiting);
            offline.set(!queue::online());
            flush();
        });
        let _online = window_event_listener(leptos::ev::online, move |_| {
            offline.set(false);
            flush();
        });
        let _offline = window_event_listener(leptos::ev::offline, move |_| offline.set(true));
        // A connection can come back without an `online` event (a flaky network): try again.
        let retry = set_interval_with_handle(
            move || {
                if pending.with_untracked(|p| !p.is_empty()) {
                    flush();
                }
            },
            std::time::Duration::from_secs(15),
        );
        on_cleanup(move || {
            if let Ok(handle) = retry {
                handle.clear();
            }
        });
    }

    // The form, with the defaults most meetings have.
    let date = RwSignal::new(browser_today());
    let minutes = RwSignal::new(60u32);
    let mode = RwSignal::new("in_person".to_string());
    let topics = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let submit = {
        let duo_id = duo_id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let meeting = NewMeeting {
                date: date.get_untracked(),
                minutes: minutes.get_untracked(),
                mode: mode.get_untracked(),
                topics: topics.get_untracked(),
                note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            };
            #[cfg(feature = "hydrate")]
            {
                use crate::mentor::queue;
                let key = queue::new_key();
                pending.update(|list| {
                    list.insert(
                        0,
                        Shown {
                            key: key.clone(),
                            date: meeting.date.clone(),
                            minutes: meeting.minutes,
                            mode: meeting.mode.clone(),
                            topics: meeting.topics.clone(),
                            pending: true,
                        },
                    )
                });
                queue::push(queue::Pending {
                    key,
                    duo: duo_id.clone(),
                    meeting,
                });
                flush();
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (meeting, &duo_id);
            open.set(false);
            topics.set(Vec::new());
            note.set(String::new());
            error.set(None);
        }
    };

    let mentee = duo.mentee.clone();
    let first_name = mentee.first_name.clone();
    let state = duo.state;
    let intro = duo.intro_on.clone();
    let started = duo.started_on.clone();
    let history = move || {
        let mut list = pending.get();
        list.extend(sent.get());
        list
    };
    let chip = |selected: Signal<bool>, label: String, on: Callback<()>| {
        view! {
            <button type="button" class="chip-toggle" aria-pressed=move || selected.get().to_string() on:click=move |_| on.run(())>
                {label}
            </button>
        }
    };
    let (name_call, name_write) = (first_name.clone(), first_name.clone());
    view! {
        <div class="mentor-page">
            <header class="mentor-head">
                <h1>{move || t_string!(i18n, mentor.title, name = first_name.clone()).to_string()}</h1>
                <span class="badge state">{move || duo_state_name(i18n.get_locale(), state)}</span>
                {started.map(|d| view! { <p class="muted">{move || t_string!(i18n, mentor.started_on, date = date_text(i18n.get_locale(), &d)).to_string()}</p> })}
                {intro.map(|d| view! { <p class="muted">{move || t_string!(i18n, mentor.intro_on, date = date_text(i18n.get_locale(), &d)).to_string()}</p> })}
            </header>

            <Show when=move || offline.get()>
                <p class="offline-banner" role="status">{t!(i18n, mentor.offline)}</p>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })}

            <Show
                when=move || open.get()
                fallback=move || view! {
                    <button type="button" class="button primary big" data-log-meeting="" on:click=move |_| open.set(true)>
                        {t!(i18n, mentor.log)}
                    </button>
                }
            >
                <form class="meeting-form" on:submit=submit.clone()>
                    <label class="field">
                        <span>{t!(i18n, mentor.date)}</span>
                        <input type="date" name="date" required prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                    </label>
                    <fieldset>
                        <legend>{t!(i18n, mentor.duration)}</legend>
                        <div class="chip-row">
                            {[30u32, 60, 90, 120].into_iter().map(|n| chip(
                                Signal::derive(move || minutes.get() == n),
                                format!("{n} min"),
                                Callback::new(move |_| minutes.set(n)),
                            )).collect_view()}
                        </div>
                    </fieldset>
                    <fieldset>
                        <legend>{t!(i18n, mentor.how)}</legend>
                        <div class="chip-row">
                            {MEETING_MODES.iter().map(|m| {
                                let m: &'static str = m;
                                view! {
                                    <button type="button" class="chip-toggle" aria-pressed=move || (mode.get() == m).to_string() on:click=move |_| mode.set(m.to_string())>
                                        {move || mode_name(i18n.get_locale(), m)}
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <fieldset>
                        <legend>{t!(i18n, mentor.topics)}</legend>
                        <div class="chip-row">
                            {MEETING_TOPICS.iter().map(|t| {
                                let t: &'static str = t;
                                view! {
                                    <button type="button" class="chip-toggle" aria-pressed=move || topics.get().iter().any(|x| x == t).to_string()
                                        on:click=move |_| topics.update(|list| if let Some(i) = list.iter().position(|x| x == t) { list.remove(i); } else { list.push(t.to_string()); })>
                                        {move || topic_name(i18n.get_locale(), t)}
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                    <label class="field">
                        <span>{t!(i18n, mentor.note)}</span>
                        <textarea name="note" rows="3" maxlength="2000" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="form-actions">
                        <button type="submit" class="button primary big">{t!(i18n, mentor.save)}</button>
                        <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, mentor.cancel)}</button>
                    </div>
                </form>
            </Show>

            <section class="panel" aria-labelledby="history-title">
                <h2 id="history-title">{t!(i18n, mentor.history)}</h2>
                <ul class="meetings">
                    <For each=history key=|m| (m.key.clone(), m.pending) let(m)>
                        <li class="meeting" class:pending=m.pending data-meeting=m.key.clone()>
                            <span class="meeting-date">{
                                let d = m.date.clone();
                                move || date_text(i18n.get_locale(), &d)
                            }</span>
                            <span class="meeting-what">
                                {
                                    let (mode, topics, n) = (m.mode.clone(), m.topics.clone(), m.minutes);
                                    move || {
                                        let locale = i18n.get_locale();
                                        let mut parts = vec![format!("{n} min"), mode_name(locale, &mode)];
                                        parts.extend(topics.iter().map(|t| topic_name(locale, t)));
                                        parts.join(" · ")
                                    }
                                }
                            </span>
                            <Show when=move || m.pending>
                                <span class="pending-note">{t!(i18n, mentor.pending)}</span>
                            </Show>
                        </li>
                    </For>
                </ul>
                <Show when=move || sent.with(Vec::is_empty) && pending.with(Vec::is_empty)>
                    <p class="empty">{t!(i18n, mentor.none)}</p>
                </Show>
            </section>

            <GoalsPanel duo_id=duo.id.clone() goals=duo.goals.clone()/>

            <section class="panel" aria-labelledby="mentee-title">
                <h2 id="mentee-title">{t!(i18n, mentor.mentee)}</h2>
                <p class="big-name">{mentee.first_name.clone()}</p>
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

            <Show when={let any = !duo.intervisions.is_empty(); move || any}>
                <section class="panel" aria-labelledby="intervision-title">
                    <h2 id="intervision-title">{t!(i18n, mentor.intervisions)}</h2>
                    <ul class="meetings">
                        {duo.intervisions.iter().map(|s| {
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

            {duo.coordinator.clone().map(|c| view! {
                <section class="panel" aria-labelledby="coordinator-title">
                    <h2 id="coordinator-title">{t!(i18n, mentor.coordinator)}</h2>
                    <p class="big-name">{c.name.clone()}</p>
                    <a class="button big" href=format!("mailto:{}", c.email)>{c.email.clone()}</a>
                </section>
            })}

            <div class="toast-region" role="status" aria-live="polite">
                {move || toast.get().map(|t| view! { <div class="toast">{t}</div> })}
            </div>
        </div>
    }
}
