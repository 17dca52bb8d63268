//! The matching meeting's page: the office's drafts, each decided (propose, drop or later) with a
//! short minute, and "Propose all" to apply the decisions in one action. The choices live above
//! the reloads, so a change made by another coordinator (live) never wipes what was typed.
mod draft;

use super::api::{decide_drafts, load_agenda};
use super::{Agenda, DecisionOutcome};
use crate::board::head::OfficePick;
use crate::domain::meeting::{Decision, DraftDecision};
use crate::error::AppError;
use crate::i18n::*;
use crate::texts::error_message;
use draft::DraftRow;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;
use std::collections::HashMap;

/// What the meeting chose for one draft so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Choice {
    /// `None`: decided later (the draft stays on the board).
    pub decision: Option<Decision>,
    pub minute: String,
}

/// The choices per draft, what went wrong with the last ones sent (by duo id), and what the last
/// "Propose all" said. All of it lives above the reloads: a reload after "Propose all", or one
/// caused by another coordinator, redraws the agenda but keeps the outcome on screen.
#[derive(Clone, Copy)]
pub struct Choices {
    pub chosen: RwSignal<HashMap<String, Choice>>,
    pub failed: RwSignal<HashMap<String, AppError>>,
    pub said: RwSignal<Option<String>>,
    pub sending: RwSignal<bool>,
}

impl Choices {
    /// The choice for a draft: as chosen, else undecided (a draft nobody discussed, or one that
    /// arrived during the meeting, is never proposed by the click of "Propose all").
    pub fn of(&self, id: &str) -> Choice {
        self.chosen.with(|c| c.get(id).cloned()).unwrap_or_default()
    }

    pub fn set(&self, id: &str, change: impl FnOnce(&mut Choice)) {
        let mut choice = self.of(id);
        change(&mut choice);
        self.chosen.update(|c| {
            c.insert(id.to_string(), choice);
        });
    }
}

/// Route `/meeting?office=…`.
#[component]
pub fn MeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let office = move || query.read().get("office");
    let reloads = RwSignal::new(0u32);
    let agenda = crate::ui::load(move || (office(), reloads.get()), |(o, _)| load_agenda(o));
    let choices = Choices {
        chosen: RwSignal::new(HashMap::new()),
        failed: RwSignal::new(HashMap::new()),
        said: RwSignal::new(None),
        sending: RwSignal::new(false),
    };
    // Another office's meeting: what was said about this one is not about that one.
    Effect::watch(
        office,
        move |_, _, _| {
            choices.said.set(None);
            choices.failed.set(HashMap::new());
        },
        false,
    );
    // The agenda follows every change as it is committed (another coordinator drafting or
    // deciding), a burst of changes in one reload; one stream for the page's life.
    #[cfg(feature = "hydrate")]
    {
        let connection = crate::live::client::refetch_on_changes(
            move || reloads.update(|r| *r += 1),
            std::time::Duration::from_millis(150),
        );
        let _connection = StoredValue::new_local(connection);
    }
    view! {
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match agenda.await {
                    Ok(agenda) => view! { <Meeting agenda choices reloads/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! {
                        <section class="welcome" role="alert">
                            <p>{move || error_message(i18n.get_locale(), &e)}</p>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// One office's meeting: its drafts and the action that applies the decisions.
#[component]
fn Meeting(agenda: Agenda, choices: Choices, reloads: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let office = agenda.office.clone();
    let empty = agenda.items.is_empty();
    let items = StoredValue::new(agenda.items.clone());
    let Choices { said, sending, .. } = choices;
    let query = use_query_map();
    // What "Propose all" would send: every draft shown that has a decision.
    let decisions = Memo::new(move |_| {
        items.with_value(|items| {
            items
                .iter()
                .filter_map(|item| {
                    let choice = choices.of(&item.duo.id);
                    choice.decision.map(|decision| DraftDecision {
                        duo: item.duo.id.clone(),
                        decision,
                        minute: Some(choice.minute).filter(|m| !m.trim().is_empty()),
                    })
                })
                .collect::<Vec<_>>()
        })
    });
    let count = move |d: Decision| decisions.with(|l| l.iter().filter(|x| x.decision == d).count());
    let office_for_send = office.clone();
    let send = move |_| {
        let list = decisions.get_untracked();
        if list.is_empty() || sending.get_untracked() {
            return;
        }
        sending.set(true);
        let office = office_for_send.clone();
        leptos::task::spawn_local(async move {
            let answer = decide_drafts(office.clone(), list).await;
            sending.set(false);
            let locale = i18n.get_locale_untracked();
            // Said only if the page still shows this office's meeting.
            let here = query
                .read_untracked()
                .get("office")
                .is_none_or(|shown| shown == office);
            match answer {
                Ok(outcomes) if !here => settle(choices, outcomes),
                Err(_) if !here => {}
                Ok(outcomes) => {
                    said.set(Some(summary(locale, &outcomes)));
                    settle(choices, outcomes);
                    reloads.update(|r| *r += 1);
                }
                Err(e) => said.set(Some(error_message(locale, &e))),
            }
        });
    };
    view! {
        <div class="meeting">
            <div class="board-title">
                <h1>{t!(i18n, meeting.title)}</h1>
                <OfficePick office=office.clone() offices=agenda.offices.clone() path="/meeting"/>
                <div class="board-actions">
                    <a class="button" href=format!("/board?office={office}")>{t!(i18n, meeting.back_to_board)}</a>
                </div>
            </div>
            <p class="hint">{t!(i18n, meeting.hint)}</p>
            <p class="meeting-said" role="status" aria-live="polite" data-meeting-said="">{move || said.get()}</p>
            {if empty {
                view! { <p class="empty" data-meeting-empty="">{t!(i18n, meeting.empty)}</p> }.into_any()
            } else {
                view! {
                    <ol class="drafts">
                        {agenda.items.into_iter().map(|item| view! { <DraftRow item choices/> }).collect_view()}
                    </ol>
                    <div class="meeting-bar">
                        <p data-meeting-count="">{move || t_string!(i18n, meeting.count, propose = count(Decision::Propose), drop = count(Decision::Drop)).to_string()}</p>
                        <button
                            type="button"
                            class="button primary"
                            data-propose-all=""
                            disabled=move || sending.get() || decisions.with(Vec::is_empty)
                            on:click=send
                        >
                            {t!(i18n, meeting.propose_all)}
                        </button>
                    </div>
                }
                .into_any()
            }}
        </div>
    }
}

/// "2 proposed, 1 dropped" (and how many could not be applied).
fn summary(locale: Locale, outcomes: &[DecisionOutcome]) -> String {
    let ok = |d: Decision| {
        outcomes
            .iter()
            .filter(|o| o.decision == d && o.error.is_none())
            .count()
    };
    let failed = outcomes.iter().filter(|o| o.error.is_some()).count();
    let done = td_string!(
        locale,
        meeting.done,
        proposed = ok(Decision::Propose),
        dropped = ok(Decision::Drop)
    )
    .to_string();
    if failed == 0 {
        done
    } else {
        format!(
            "{done} {}",
            td_string!(locale, meeting.not_applied, count = failed)
        )
    }
}

/// Forgets the choices that were applied and keeps why the others were not.
fn settle(choices: Choices, outcomes: Vec<DecisionOutcome>) {
    choices.failed.set(
        outcomes
            .iter()
            .filter_map(|o| o.error.clone().map(|e| (o.duo.clone(), e)))
            .collect(),
    );
    choices.chosen.update(|c| {
        for o in outcomes.iter().filter(|o| o.error.is_none()) {
            c.remove(&o.duo);
        }
    });
}
