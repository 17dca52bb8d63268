//! A duo's page for its coordinator: where it stands, the next steps it may take (with the
//! reason, date or place each needs), and its timeline of steps and meetings.
use crate::domain::lifecycle::{TransitionRequest, DECLINE_REASONS, END_REASONS};
use crate::domain::states::DuoState;
use crate::duos::api::{load_duo_page, move_duo, DuoPageData};
use crate::duos::follow_view::{CheckinsPanel, GoalsPanel, OutcomesPanel};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::TimelineEntry;
use crate::texts::{date_text, duo_state_name, error_message};
use crate::texts::{mode_name, topic_name};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

pub fn decline_reason_name(locale: Locale, code: &str) -> String {
    match code {
        "mentee_declined" => td_string!(locale, duo.decline.mentee_declined),
        "mentor_declined" => td_string!(locale, duo.decline.mentor_declined),
        "no_click" => td_string!(locale, duo.decline.no_click),
        "availability" => td_string!(locale, duo.decline.availability),
        "other" => td_string!(locale, duo.decline.other),
        other => return other.to_string(),
    }
    .to_string()
}

pub fn end_reason_name(locale: Locale, code: &str) -> String {
    match code {
        "found_job" => td_string!(locale, duo.end.found_job),
        "found_training" => td_string!(locale, duo.end.found_training),
        "lost_contact" => td_string!(locale, duo.end.lost_contact),
        "mismatch" => td_string!(locale, duo.end.mismatch),
        "personal" => td_string!(locale, duo.end.personal),
        "moved" => td_string!(locale, duo.end.moved),
        "other" => td_string!(locale, duo.end.other),
        other => return other.to_string(),
    }
    .to_string()
}

/// Route `/duos/:id`.
#[component]
pub fn DuoPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = crate::ui::load(id, load_duo_page);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <DuoView page=page on_moved=Callback::new(move |_| data.refetch())/> }.into_any(),
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

#[component]
fn DuoView(page: DuoPageData, on_moved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let duo = page.duo.clone();
    let state = duo.state;
    let next: Vec<DuoState> = DuoState::ALL
        .iter()
        .copied()
        .filter(|t| state.can_become(*t))
        .collect();
    let choosing = RwSignal::new(None::<DuoState>);
    let (mentee, mentor) = (page.mentee_name.clone(), page.mentor_name.clone());
    view! {
        <div class="duo-page">
            <header class="duo-head">
                <h1>{move || t_string!(i18n, duo.title, mentee = mentee.clone(), mentor = mentor.clone()).to_string()}</h1>
                <span class="badge state" data-state=state.as_str()>{move || duo_state_name(i18n.get_locale(), state)}</span>
            </header>
            <section class="panel" aria-labelledby="next-title">
                <h2 id="next-title">{t!(i18n, duo.next)}</h2>
                <div class="chip-row">
                    {next.into_iter().map(|to| view! {
                        <button type="button" class="button" data-to=to.as_str()
                            aria-pressed=move || (choosing.get() == Some(to)).to_string()
                            on:click=move |_| choosing.set(Some(to))>
                            {move || duo_state_name(i18n.get_locale(), to)}
                        </button>
                    }).collect_view()}
                </div>
                {move || choosing.get().map(|to| view! {
                    <StepForm duo_id=duo.id.clone() to=to
                        on_done=Callback::new(move |_| { choosing.set(None); on_moved.run(()); })
                        on_cancel=Callback::new(move |_| choosing.set(None))/>
                })}
            </section>
            <Show when={let ended = page.mentee_state == crate::domain::states::MenteeState::DuoEnded; move || ended}>
                <RematchPanel mentee=page.duo.mentee.clone() on_done=on_moved/>
            </Show>
            <GoalsPanel duo_id=page.duo.id.clone() goals=page.goals.clone()/>
            <CheckinsPanel checkins=page.checkins.clone()/>
            <Show when={let started = page.duo.started_on.is_some(); move || started}>
                <OutcomesPanel duo_id=page.duo.id.clone() outcomes=page.outcomes.clone()/>
                <crate::voice::panel::VoicePanel duo_id=page.duo.id.clone() reports=page.self_reports.clone()
                    mentor_evaluation=page.mentor_evaluation.clone() on_confirmed=on_moved/>
            </Show>
            <section class="panel" aria-labelledby="timeline-title">
                <h2 id="timeline-title">{t!(i18n, duo.timeline)}</h2>
                <ol class="timeline">
                    {page.timeline.iter().rev().map(|e| view! { <TimelineItem entry=e.clone()/> }).collect_view()}
                </ol>
            </section>
        </div>
    }
}

/// After an ended duo: the mentee may go back on the waiting list for another match.
#[component]
fn RematchPanel(mentee: String, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let go = move |_| {
        let mentee = mentee.clone();
        spawn_local(async move {
            match crate::duos::api::rematch_mentee(mentee).await {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel">
            <p>{t!(i18n, duo.rematch_hint)}</p>
            <button type="button" class="button primary" data-rematch="" on:click=go>{t!(i18n, duo.rematch)}</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })}
        </section>
    }
}

/// The fields one step needs, then the step.
#[component]
fn StepForm(
    duo_id: String,
    to: DuoState,
    on_done: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reasons: &'static [&'static str] = match to {
        DuoState::Declined => &DECLINE_REASONS,
        DuoState::EndedEarly => &END_REASONS,
        _ => &[],
    };
    let reason = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let pauses = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = TransitionRequest {
            to: to.as_str().to_string(),
            reason: Some(reason.get_untracked()).filter(|r| !r.is_empty()),
            date: Some(date.get_untracked()).filter(|d| !d.is_empty()),
            place: Some(place.get_untracked()).filter(|p| !p.trim().is_empty()),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
            mentor_pauses: pauses.get_untracked(),
        };
        let id = duo_id.clone();
        busy.set(true);
        spawn_local(async move {
            match move_duo(id, request).await {
                Ok(_) => on_done.run(()),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let scheduling = to == DuoState::IntroScheduled;
    let closing = matches!(
        to,
        DuoState::Declined | DuoState::Completed | DuoState::EndedEarly
    );
    view! {
        <form class="step-form" on:submit=submit>
            <h3>{move || duo_state_name(i18n.get_locale(), to)}</h3>
            <Show when=move || !reasons.is_empty()>
                <label class="field">
                    <span>{t!(i18n, duo.reason)}</span>
                    <select name="reason" required on:change=move |ev| reason.set(event_target_value(&ev))>
                        <option value="">{t!(i18n, duo.choose)}</option>
                        {reasons.iter().map(|r| {
                            let r: &'static str = r;
                            view! {
                                <option value=r>{move || if to == DuoState::Declined { decline_reason_name(i18n.get_locale(), r) } else { end_reason_name(i18n.get_locale(), r) }}</option>
                            }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <label class="field">
                <span>{t!(i18n, duo.date)}</span>
                <input type="date" name="date" required=scheduling on:input=move |ev| date.set(event_target_value(&ev))/>
            </label>
            <Show when=move || scheduling>
                <label class="field">
                    <span>{t!(i18n, duo.place)}</span>
                    <input type="text" name="place" maxlength="200" on:input=move |ev| place.set(event_target_value(&ev))/>
                </label>
            </Show>
            <Show when=move || closing>
                <label class="check">
                    <input type="checkbox" name="mentor_pauses" on:change=move |ev| pauses.set(event_target_checked(&ev))/>
                    {t!(i18n, duo.mentor_pauses)}
                </label>
            </Show>
            <label class="field">
                <span>{t!(i18n, duo.note)}</span>
                <textarea name="note" rows="2" maxlength="2000" on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })}
            <div class="dialog-actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>{t!(i18n, duo.confirm)}</button>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>{t!(i18n, duo.cancel)}</button>
            </div>
        </form>
    }
}

#[component]
fn TimelineItem(entry: TimelineEntry) -> impl IntoView {
    let i18n = use_i18n();
    let e = entry.clone();
    let what = move || {
        let locale = i18n.get_locale();
        match e.kind.as_str() {
            "meeting" => {
                let m = e.meeting.as_ref();
                let mut parts = vec![];
                if let Some(m) = m {
                    parts.push(format!("{} min", m.minutes));
                    parts.push(mode_name(locale, &m.mode));
                    parts.extend(m.topics.iter().map(|t| topic_name(locale, t)));
                }
                td_string!(locale, duo.meeting, what = parts.join(" · ")).to_string()
            }
            "created" => td_string!(locale, duo.created).to_string(),
            "checkin" => {
                let mood = crate::duos::follow_view::mood_name(
                    locale,
                    e.reason.as_deref().unwrap_or_default(),
                );
                td_string!(locale, duo.checkin, mood = mood).to_string()
            }
            "dissolved" => td_string!(locale, duo.dissolved).to_string(),
            "mentor_next" => {
                let answer =
                    crate::texts::next_step_name(locale, e.reason.as_deref().unwrap_or_default());
                td_string!(locale, duo.mentor_next, answer = answer).to_string()
            }
            _ => match (e.from_state, e.to_state) {
                (Some(from), Some(to)) => {
                    let (from, to) = (duo_state_name(locale, from), duo_state_name(locale, to));
                    td_string!(locale, duo.step, from = from, to = to).to_string()
                }
                _ => String::new(),
            },
        }
    };
    let reason = entry
        .reason
        .clone()
        .filter(|_| !matches!(entry.kind.as_str(), "checkin" | "mentor_next"))
        .map(|r| {
            let declined = entry.to_state == Some(DuoState::Declined);
            move || {
                if declined {
                    decline_reason_name(i18n.get_locale(), &r)
                } else {
                    end_reason_name(i18n.get_locale(), &r)
                }
            }
        });
    let date = entry.date.clone();
    let scheduled = entry.scheduled_for.clone();
    let place = entry.place.clone();
    let actor = entry.actor.clone();
    view! {
        <li class="timeline-item" class:meeting=entry.kind == "meeting" data-kind=entry.kind.clone()>
            <span class="when">{move || date_text(i18n.get_locale(), &date)}</span>
            <span class="what">{what}</span>
            {reason.map(|r| view! { <span class="why">{r}</span> })}
            {scheduled.map(|d| view! { <span class="why">{move || t_string!(i18n, duo.scheduled_for, date = date_text(i18n.get_locale(), &d)).to_string()}{place.clone().map(|p| format!(" · {p}"))}</span> })}
            {entry.note.clone().map(|n| view! { <span class="note">{n}</span> })}
            {actor.map(|a| view! { <span class="who">{move || t_string!(i18n, duo.by, name = a.clone()).to_string()}</span> })}
        </li>
    }
}
