//! The cards on the board's lanes: a waiting mentee, an available mentor, an open duo, with the
//! chips of their sectors and languages and a note while another coordinator holds them.
use crate::board::dialogs::{Dialogs, ProfileTarget};
use crate::board::hints::DragHints;
use crate::board::live::Holds;
use crate::board::moves::PENDING;
use crate::board::optimistic::OptimisticMoves;
use crate::board::press::{Drag, Payload};
use crate::domain::privacy::PersonKind;
use crate::domain::reference::shared_languages;
use crate::domain::states::DuoState;
use crate::i18n::*;
use crate::matching::view::{ProfileButton, ScoreBadge};
use crate::model::{DuoCard, MenteeCard, MentorCard};
use crate::texts::{duo_state_name, language_name, sector_name};
use crate::ui::RecordLink;
use leptos::ev::PointerEvent;
use leptos::prelude::*;

/// A card's sectors (code and name) and languages.
#[component]
fn Chips(sectors: Vec<String>, languages: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let no_sector = sectors.is_empty();
    view! {
        <div class="chips">
            {sectors
                .into_iter()
                .map(|s| {
                    let code = s.clone();
                    view! {
                        <span class="chip sector" title=move || sector_name(i18n.get_locale(), &code)>
                            <b>{s.clone()}</b>
                            <span class="chip-name">{move || sector_name(i18n.get_locale(), &s)}</span>
                        </span>
                    }
                })
                .collect_view()}
            <Show when=move || no_sector>
                <span class="chip muted">{t!(i18n, no_sector)}</span>
            </Show>
        </div>
        <div class="chips langs">
            {languages
                .into_iter()
                .map(|l| {
                    let code = l.clone();
                    view! {
                        <span class="chip lang" title=move || language_name(i18n.get_locale(), &code)>
                            {l.to_uppercase()}
                        </span>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A waiting mentee: dragged onto a mentor, or moved, matched and profiled from its buttons.
#[component]
pub fn MenteeCardView(
    card: MenteeCard,
    holds: Holds,
    drag: Drag,
    dialogs: Dialogs,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = card.name();
    let id = card.id.clone();
    let days = card.days_waiting;
    let label = name.clone();
    let for_move = card.clone();
    let for_suggest = card.clone();
    let for_profile = card.clone();
    let (name2, name3) = (name.clone(), name.clone());
    let long_wait = days >= 30;
    let held_by = holds.holder_of(card.id.clone());
    view! {
        <li
            class="card mentee"
            class:held=move || held_by.with(Option::is_some)
            data-mentee=card.id.clone()
            on:pointerdown=move |ev: PointerEvent| drag.press(ev, Payload::Mentee(id.clone()), label.clone())
        >
            <div class="card-top">
                <span class="grip" aria-hidden="true"></span>
                <span class="name">{name.clone()}</span>
                <span class="badge wait" class:long=long_wait title=move || t_string!(i18n, days_waiting, count = days).to_string()>
                    {move || t_string!(i18n, days_short, count = days).to_string()}
                </span>
            </div>
            <Chips sectors=card.sectors.clone() languages=card.languages.clone()/>
            <HeldNote held_by=held_by/>
            <div class="card-actions">
                <button
                    type="button"
                    class="move"
                    data-move-for=card.id.clone()
                    aria-haspopup="dialog"
                    aria-label=move || format!("{} {}", t_string!(i18n, move_to), name)
                    on:click=move |_| dialogs.moving.set(Some(for_move.clone()))
                >
                    {t!(i18n, move_to)}
                </button>
                <button
                    type="button"
                    class="move subtle"
                    data-suggest-for=card.id.clone()
                    aria-haspopup="dialog"
                    aria-label=move || format!("{} · {}", t_string!(i18n, matching.suggest), name2)
                    on:click=move |_| dialogs.suggesting.set(Some(for_suggest.clone()))
                >
                    {t!(i18n, matching.suggest)}
                </button>
                <ProfileButton id=card.id.clone() name=name3.clone() on_click=Callback::new(move |_| dialogs.profiling.set(Some(ProfileTarget::mentee(&for_profile))))/>
                <RecordLink kind=PersonKind::Mentee id=card.id.clone() name=name3/>
            </div>
        </li>
    }
}

/// An available mentor: a drop target, with the dragged mentee's score and a warning when they
/// share no language.
#[component]
pub fn MentorCardView(
    card: MentorCard,
    drag: Drag,
    hints: DragHints,
    dialogs: Dialogs,
) -> impl IntoView {
    let i18n = use_i18n();
    let (dragged_languages, drag_scores) = (hints.languages, hints.scores);
    let target = format!("mentor:{}", card.id);
    let is_over = {
        let target = Some(target.clone());
        move || drag.is_over(&target)
    };
    let languages = card.languages.clone();
    let no_shared = Memo::new(move |_| {
        dragged_languages.with(|d| {
            d.as_ref()
                .is_some_and(|ls| shared_languages(ls, &languages).is_empty())
        })
    });
    let (load, capacity) = (card.load, card.capacity);
    let score = {
        let id = card.id.clone();
        Signal::derive(move || {
            drag_scores.with(|s| s.as_ref().map(|s| s.get(&id).copied().flatten()))
        })
    };
    let for_profile = card.clone();
    let name = card.name();
    view! {
        <li class="card mentor" class:over=is_over class:faded=move || no_shared.get() data-drop=target data-mentor=card.id.clone()>
            <div class="card-top">
                <span class="name">{card.name()}</span>
                <ScoreBadge score=score/>
                <span class="badge cap">{move || t_string!(i18n, capacity, load = load, capacity = capacity).to_string()}</span>
            </div>
            <Chips sectors=card.sectors.clone() languages=card.languages.clone()/>
            <Show when=move || no_shared.get()>
                <p class="warn">{t!(i18n, shared_language_warning)}</p>
            </Show>
            <div class="card-actions">
                <ProfileButton id=card.id.clone() name=name.clone() on_click=Callback::new(move |_| dialogs.profiling.set(Some(ProfileTarget::mentor(&for_profile))))/>
                <RecordLink kind=PersonKind::Mentor id=card.id.clone() name=name/>
            </div>
        </li>
    }
}

/// An open duo: it links to its follow-up, and one that has not started can be undone (dragged
/// back to the waiting lane, or with its button).
#[component]
pub fn DuoCardView(
    duo: DuoCard,
    holds: Holds,
    drag: Drag,
    moves: OptimisticMoves,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = duo.id.clone();
    let (follow_href, follow_id) = (format!("/duos/{}", duo.id), duo.id.clone());
    let mentee = duo.mentee.name();
    let mentor = duo.mentor_name();
    let state = duo.state;
    let pending = duo.id.starts_with(PENDING);
    let can_undo = state.can_dissolve() && !pending;
    let label = mentee.clone();
    let press_id = id.clone();
    let (m1, m2) = (mentee.clone(), mentor.clone());
    let held_by = holds.holder_of(duo.id.clone());
    view! {
        <li
            class="card duo"
            class:draft=state == DuoState::Draft
            class:pending=pending
            class:held=move || held_by.with(Option::is_some)
            data-duo=duo.id.clone()
            on:pointerdown=move |ev: PointerEvent| if can_undo { drag.press(ev, Payload::Duo(press_id.clone()), label.clone()) }
        >
            <div class="card-top">
                <span class="name">{mentee.clone()}</span>
                <span class="badge state">{move || duo_state_name(i18n.get_locale(), state)}</span>
            </div>
            <p class="pair"><span aria-hidden="true">"↔ "</span>{mentor.clone()}</p>
            <Chips sectors=duo.mentee.sectors.clone() languages=duo.mentee.languages.clone()/>
            <HeldNote held_by=held_by/>
            <div class="card-actions">
            <Show when=move || !pending>
                <a class="move" href=follow_href.clone() data-follow=follow_id.clone()>{t!(i18n, duo.open)}</a>
            </Show>
            <Show when=move || can_undo>
                <button
                    type="button"
                    class="move subtle"
                    aria-label={
                        let (m1, m2) = (m1.clone(), m2.clone());
                        move || t_string!(i18n, dissolve_label, mentee = m1.clone(), mentor = m2.clone()).to_string()
                    }
                    on:click={
                        let id = id.clone();
                        move |_| moves.dissolve(id.clone())
                    }
                >
                    {t!(i18n, dissolve)}
                </button>
            </Show>
            </div>
        </li>
    }
}

/// "Sofia is moving this card", while another coordinator drags it.
#[component]
fn HeldNote(held_by: Memo<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        held_by.get().map(|name| {
            view! { <p class="held-note">{move || t_string!(i18n, held_by, name = name.clone()).to_string()}</p> }
        })
    }
}
