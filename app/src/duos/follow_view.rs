//! Following a duo on screen: the action plan (shared with the mentor), check-ins and outcomes
//! on the duo's page, and the office's follow-up list, which refreshes itself as people work.
use crate::domain::followup::{
    CheckinReport, Moment, NewGoal, NewOutcome, CHECKIN_MOODS, SITUATIONS,
};
use crate::duos::api::{
    add_goal, check_step, load_alerts, report_checkin, reschedule_checkin, save_outcome,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::{Checkin, Goal, Outcome};
use crate::texts::{
    alert_text, date_text, duo_state_name, error_message, moment_name, office_name,
};
use crate::ui::show_error;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};

pub fn mood_name(locale: Locale, mood: &str) -> String {
    match mood {
        "going_well" => td_string!(locale, follow.moods.going_well),
        "some_concerns" => td_string!(locale, follow.moods.some_concerns),
        "needs_help" => td_string!(locale, follow.moods.needs_help),
        other => return other.to_string(),
    }
    .to_string()
}

pub fn situation_name(locale: Locale, code: &str) -> String {
    match code {
        "job" => td_string!(locale, follow.situations.job),
        "training" => td_string!(locale, follow.situations.training),
        "internship" => td_string!(locale, follow.situations.internship),
        "studies" => td_string!(locale, follow.situations.studies),
        "still_searching" => td_string!(locale, follow.situations.still_searching),
        "not_reached" => td_string!(locale, follow.situations.not_reached),
        other => return other.to_string(),
    }
    .to_string()
}

/// What a situation means, shown beside the choice.
pub fn situation_help(locale: Locale, code: &str) -> String {
    match code {
        "job" => td_string!(locale, follow.situation_help.job),
        "training" => td_string!(locale, follow.situation_help.training),
        "internship" => td_string!(locale, follow.situation_help.internship),
        "studies" => td_string!(locale, follow.situation_help.studies),
        "still_searching" => td_string!(locale, follow.situation_help.still_searching),
        "not_reached" => td_string!(locale, follow.situation_help.not_reached),
        _ => return String::new(),
    }
    .to_string()
}

/// The career action plan: goals with steps to check off, and a form for a new goal.
#[component]
pub fn GoalsPanel(duo_id: String, goals: Vec<Goal>) -> impl IntoView {
    let i18n = use_i18n();
    let goals = RwSignal::new(goals);
    let error = RwSignal::new(None::<AppError>);
    let title = RwSignal::new(String::new());
    let steps = RwSignal::new(String::new());
    let toggle = move |goal: String, index: usize, done: bool| {
        spawn_local(async move {
            match check_step(goal, index, done).await {
                Ok(g) => goals.update(|list| {
                    if let Some(slot) = list.iter_mut().find(|x| x.id == g.id) {
                        *slot = g;
                    }
                }),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let goal = NewGoal {
            title: title.get_untracked(),
            steps: steps.get_untracked().lines().map(str::to_string).collect(),
        };
        let duo = duo_id.clone();
        spawn_local(async move {
            match add_goal(duo, goal).await {
                Ok(g) => {
                    goals.update(|list| list.push(g));
                    title.set(String::new());
                    steps.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="plan-title">
            <h2 id="plan-title">{t!(i18n, follow.plan)}</h2>
            <Show when=move || goals.with(Vec::is_empty)>
                <p class="muted">{t!(i18n, follow.plan_none)}</p>
            </Show>
            <ul class="goals">
                <For each=move || goals.get() key=|g| (g.id.clone(), g.steps.iter().filter(|s| s.done).count()) let(g)>
                    <li class="goal" data-goal=g.id.clone()>
                        <p class="goal-title">{g.title.clone()}</p>
                        <ul class="steps">
                            {g.steps.iter().enumerate().map(|(i, s)| {
                                let (id, done) = (g.id.clone(), s.done);
                                view! {
                                    <li>
                                        <label class="check">
                                            <input type="checkbox" prop:checked=done on:change=move |ev| toggle(id.clone(), i, event_target_checked(&ev))/>
                                            <span class:done=done>{s.text.clone()}</span>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </li>
                </For>
            </ul>
            <form class="goal-form" on:submit=add>
                <label class="field">
                    <span>{t!(i18n, follow.goal_title)}</span>
                    <input type="text" name="goal" maxlength="200" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))/>
                </label>
                <label class="field">
                    <span>{t!(i18n, follow.goal_steps)}</span>
                    <textarea name="steps" rows="3" prop:value=move || steps.get() on:input=move |ev| steps.set(event_target_value(&ev))></textarea>
                </label>
                {show_error(error)}
                <button type="submit" class="button">{t!(i18n, follow.add_goal)}</button>
            </form>
        </section>
    }
}

/// The duo's check-ins: when they are due, how they went, and a short form for each open one.
#[component]
pub fn CheckinsPanel(checkins: Vec<Checkin>) -> impl IntoView {
    let i18n = use_i18n();
    let checkins = RwSignal::new(checkins);
    let error = RwSignal::new(None::<AppError>);
    let replace = move |c: Checkin| {
        checkins.update(|list| {
            if let Some(slot) = list.iter_mut().find(|x| x.id == c.id) {
                *slot = c;
            }
            list.sort_by(|a, b| a.due_on.cmp(&b.due_on));
        })
    };
    view! {
        <section class="panel" aria-labelledby="checkins-title">
            <h2 id="checkins-title">{t!(i18n, follow.checkins)}</h2>
            <Show when=move || checkins.with(Vec::is_empty)>
                <p class="muted">{t!(i18n, follow.checkins_none)}</p>
            </Show>
            {show_error(error)}
            <ul class="checkins">
                <For each=move || checkins.get() key=|c| (c.id.clone(), c.due_on.clone(), c.done_on.clone()) let(c)>
                    {
                        let mood = RwSignal::new(CHECKIN_MOODS[0].to_string());
                        let note = RwSignal::new(String::new());
                        let (id, id2) = (c.id.clone(), c.id.clone());
                        let due = c.due_on.clone();
                        let record = move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            let report = CheckinReport {
                                date: crate::clock::browser_today(),
                                mood: mood.get_untracked(),
                                note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
                            };
                            let id = id.clone();
                            spawn_local(async move {
                                match report_checkin(id, report).await {
                                    Ok(c) => replace(c),
                                    Err(e) => error.set(Some(e)),
                                }
                            });
                        };
                        let reschedule = move |ev: leptos::ev::Event| {
                            let (id, day) = (id2.clone(), event_target_value(&ev));
                            spawn_local(async move {
                                match reschedule_checkin(id, day).await {
                                    Ok(c) => replace(c),
                                    Err(e) => error.set(Some(e)),
                                }
                            });
                        };
                        match c.done_on.clone() {
                            Some(done) => view! {
                                <li class="checkin done" data-checkin=c.id.clone()>
                                    <span class="when">{move || t_string!(i18n, follow.done, date = date_text(i18n.get_locale(), &done)).to_string()}</span>
                                    <span>{
                                        let m = c.mood.clone().unwrap_or_default();
                                        move || mood_name(i18n.get_locale(), &m)
                                    }</span>
                                    {c.note.clone().map(|n| view! { <span class="note">{n}</span> })}
                                </li>
                            }.into_any(),
                            None => view! {
                                <li class="checkin" data-checkin=c.id.clone()>
                                    <span class="when">{move || t_string!(i18n, follow.due, date = date_text(i18n.get_locale(), &due)).to_string()}</span>
                                    <label class="field inline">
                                        <span>{t!(i18n, follow.move_to)}</span>
                                        <input type="date" value=c.due_on.clone() on:change=reschedule/>
                                    </label>
                                    <form class="checkin-form" on:submit=record>
                                        <select aria-label=move || t_string!(i18n, fields.mood) on:change=move |ev| mood.set(event_target_value(&ev))>
                                            {CHECKIN_MOODS.iter().map(|m| view! { <option value=*m>{move || mood_name(i18n.get_locale(), m)}</option> }).collect_view()}
                                        </select>
                                        <input type="text" maxlength="2000" aria-label=move || t_string!(i18n, fields.note) on:input=move |ev| note.set(event_target_value(&ev))/>
                                        <button type="submit" class="button">{t!(i18n, follow.record)}</button>
                                    </form>
                                </li>
                            }.into_any(),
                        }
                    }
                </For>
            </ul>
        </section>
    }
}

/// The mentee's outcomes at the end and 6 and 12 months after the start, each with its
/// definition, recorded or corrected here.
#[component]
pub fn OutcomesPanel(duo_id: String, outcomes: Vec<Outcome>) -> impl IntoView {
    let i18n = use_i18n();
    let outcomes = RwSignal::new(outcomes);
    view! {
        <section class="panel" aria-labelledby="outcomes-title">
            <h2 id="outcomes-title">{t!(i18n, follow.outcomes)}</h2>
            <p class="hint">{t!(i18n, follow.moment_help)}</p>
            <div class="outcomes">
                {Moment::ALL.into_iter().map(|moment| {
                    let duo = duo_id.clone();
                    let current = move || outcomes.with(|list| list.iter().find(|o| o.moment == moment).cloned());
                    let start = current();
                    let situation = RwSignal::new(start.as_ref().map(|o| o.situation.clone()).unwrap_or_else(|| "job".into()));
                    let stable = RwSignal::new(start.as_ref().and_then(|o| o.stable).unwrap_or(false));
                    let date = RwSignal::new(start.as_ref().map(|o| o.date.clone()).unwrap_or_else(crate::clock::browser_today));
                    let error = RwSignal::new(None::<AppError>);
                    let save = move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let outcome = NewOutcome {
                            moment: moment.as_str().to_string(),
                            situation: situation.get_untracked(),
                            stable: (situation.get_untracked() == "job").then(|| stable.get_untracked()),
                            date: date.get_untracked(),
                            note: None,
                        };
                        let duo = duo.clone();
                        spawn_local(async move {
                            match save_outcome(duo, outcome).await {
                                Ok(o) => {
                                    error.set(None);
                                    outcomes.update(|list| {
                                        list.retain(|x| x.moment != o.moment);
                                        list.push(o);
                                    });
                                }
                                Err(e) => error.set(Some(e)),
                            }
                        });
                    };
                    view! {
                        <form class="outcome" data-moment=moment.as_str() on:submit=save>
                            <h3>{move || moment_name(i18n.get_locale(), moment)}</h3>
                            <p class="muted recorded">{move || match current() {
                                Some(o) => {
                                    let locale = i18n.get_locale();
                                    let mut text = format!("{} · {}", situation_name(locale, &o.situation), date_text(locale, &o.date));
                                    if o.stable == Some(true) {
                                        text.push_str(" · ✓");
                                    }
                                    text
                                }
                                None => t_string!(i18n, follow.not_recorded).to_string(),
                            }}</p>
                            <label class="field">
                                <span>{t!(i18n, fields.situation)}</span>
                                <select name="situation" on:change=move |ev| situation.set(event_target_value(&ev))>
                                    {SITUATIONS.iter().map(|s| view! {
                                        <option value=*s selected=move || situation.get() == *s>{move || situation_name(i18n.get_locale(), s)}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <p class="hint">{move || situation_help(i18n.get_locale(), &situation.get())}</p>
                            <Show when=move || situation.get() == "job">
                                <label class="check">
                                    <input type="checkbox" name="stable" prop:checked=move || stable.get() on:change=move |ev| stable.set(event_target_checked(&ev))/>
                                    {t!(i18n, follow.stable)}
                                </label>
                            </Show>
                            <label class="field">
                                <span>{t!(i18n, fields.date)}</span>
                                <input type="date" name="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                            </label>
                            {show_error(error)}
                            <button type="submit" class="button">{t!(i18n, follow.save)}</button>
                        </form>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}

/// The office's coming intervision sessions, and a form to schedule one.
#[component]
fn IntervisionPanel(office: String, sessions: Vec<crate::model::Intervision>) -> impl IntoView {
    let i18n = use_i18n();
    let sessions = RwSignal::new(sessions);
    let (date, time, place, topic) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let session = crate::domain::followup::NewIntervision {
            date: date.get_untracked(),
            time: Some(time.get_untracked()),
            place: place.get_untracked(),
            topic: Some(topic.get_untracked()),
        };
        let office = office.clone();
        spawn_local(async move {
            match crate::duos::api::schedule_intervision(office, session).await {
                Ok(s) => {
                    sessions.update(|list| {
                        list.push(s);
                        list.sort_by(|a, b| (&a.date, &a.time).cmp(&(&b.date, &b.time)));
                    });
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="intervision-title">
            <h2 id="intervision-title">{t!(i18n, mentor.intervisions)}</h2>
            <ul class="intervisions">
                <For each=move || sessions.get() key=|s| s.id.clone() let(s)>
                    <li data-intervision=s.id.clone()>
                        {let d = s.date.clone(); move || date_text(i18n.get_locale(), &d)}
                        {s.time.clone().map(|t| format!(" · {t}"))}
                        {format!(" · {}", s.place)}
                        {s.topic.clone().map(|t| format!(" · {t}"))}
                    </li>
                </For>
            </ul>
            <form class="checkin-form" on:submit=submit>
                <input type="date" required aria-label=move || t_string!(i18n, fields.date) on:input=move |ev| date.set(event_target_value(&ev))/>
                <input type="time" aria-label=move || t_string!(i18n, fields.time) on:input=move |ev| time.set(event_target_value(&ev))/>
                <input type="text" required maxlength="200" placeholder=move || t_string!(i18n, fields.place) aria-label=move || t_string!(i18n, fields.place) on:input=move |ev| place.set(event_target_value(&ev))/>
                <input type="text" maxlength="200" placeholder=move || t_string!(i18n, fields.topic) aria-label=move || t_string!(i18n, fields.topic) on:input=move |ev| topic.set(event_target_value(&ev))/>
                <button type="submit" class="button">{t!(i18n, follow.schedule)}</button>
            </form>
            {show_error(error)}
        </section>
    }
}

/// Route `/follow-up?office=…`: what the office's coordinators should act on, live.
#[component]
pub fn AlertsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let office = move || query.read().get("office");
    let data = crate::ui::load(office, load_alerts);
    #[cfg(feature = "hydrate")]
    {
        // The list follows every change in the office as it is committed.
        let connection = crate::live::client::refetch_on_changes(
            move || data.refetch(),
            std::time::Duration::from_millis(200),
        );
        let _connection = StoredValue::new_local(connection);
    }
    let navigate = use_navigate();
    view! {
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || {
                let navigate = navigate.clone();
                Suspend::new(async move {
                match data.await {
                    Ok(page) => {
                        let here = page.office.clone();
                        view! {
                            <div class="follow-page">
                                <div class="board-title">
                                    <h1>{move || t_string!(i18n, follow.alerts_title, office = office_name(i18n.get_locale(), &here)).to_string()}</h1>
                                    <select class="code-select" aria-label=move || t_string!(i18n, board_office)
                                        on:change=move |ev| navigate(&format!("/follow-up?office={}", event_target_value(&ev)), Default::default())>
                                        {page.offices.iter().map(|o| {
                                            let code = o.clone();
                                            view! { <option value=o.clone() selected=*o == page.office>{move || office_name(i18n.get_locale(), &code)}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                                <Show when={let empty = page.alerts.is_empty(); move || empty}>
                                    <p class="empty">{t!(i18n, follow.alerts_none)}</p>
                                </Show>
                                <IntervisionPanel office=page.office.clone() sessions=page.intervisions.clone()/>
                                <ul class="alerts">
                                    {page.alerts.iter().map(|a| {
                                        let alert = a.alert.clone();
                                        let state = a.state;
                                        view! {
                                            <li class="alert-item" data-alert-duo=a.duo.clone()>
                                                <a href=format!("/duos/{}", a.duo)>{format!("{} · {}", a.mentee_name, a.mentor_name)}</a>
                                                <span class="badge state">{move || duo_state_name(i18n.get_locale(), state)}</span>
                                                <span class="alert-text">{move || alert_text(i18n.get_locale(), &alert)}</span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            </div>
                        }
                        .into_any()
                    }
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! {
                        <section class="welcome" role="alert"><p>{move || error_message(i18n.get_locale(), &e)}</p></section>
                    }
                    .into_any(),
                }
            })}}
        </Transition>
    }
}
