//! The board's dialogs: which one is open, and the dialogs themselves (moving a mentee,
//! matching's suggestions, slate and weights, and a person's matching profile). This file spans
//! two parts of the WebAssembly: `BoardDialogs` comes with the board, `draw` and the dialogs with
//! the `office` part, fetched when a dialog first opens (`routes`).
use crate::board::move_dialog::MoveDialog;
use crate::board::optimistic::{OptimisticMoves, Toasts};
use crate::board::press::focus_move_button;
use crate::board::state::BoardState;
use crate::domain::matching::{Profile, Weights};
use crate::i18n::*;
use crate::matching::view::{ProfileDialog, SlateDialog, SuggestionsDialog, WeightsDialog};
use crate::matching::Ranking;
use crate::model::{MenteeCard, MentorCard};
use leptos::prelude::*;
use std::collections::HashMap;

/// Whose matching profile is being edited.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileTarget {
    mentor: bool,
    id: String,
    name: String,
    profile: Profile,
}

impl ProfileTarget {
    /// A waiting mentee's profile.
    pub fn mentee(card: &MenteeCard) -> Self {
        ProfileTarget {
            mentor: false,
            id: card.id.clone(),
            name: card.name(),
            profile: card.profile.clone(),
        }
    }

    /// An available mentor's profile.
    pub fn mentor(card: &MentorCard) -> Self {
        ProfileTarget {
            mentor: true,
            id: card.id.clone(),
            name: card.name(),
            profile: card.profile.clone(),
        }
    }
}

/// Which dialog is open; each opens from a card or the board's head.
#[derive(Clone, Copy, Default)]
pub struct Dialogs {
    /// "Move to…" for this mentee.
    pub moving: RwSignal<Option<MenteeCard>>,
    /// Matching's suggestions for this mentee.
    pub suggesting: RwSignal<Option<MenteeCard>>,
    /// A proposed slate for the whole office.
    pub slating: RwSignal<bool>,
    /// The office's matching weights.
    pub weighing: RwSignal<bool>,
    /// The matching profile of this mentee or mentor.
    pub profiling: RwSignal<Option<ProfileTarget>>,
}

/// What the dialogs act on: the board's state, its optimistic moves and its toasts.
#[derive(Clone, Copy)]
struct BoardScope {
    dialogs: Dialogs,
    state: BoardState,
    moves: OptimisticMoves,
    toasts: Toasts,
}

/// An open dialog of a board, what it is about and what it acts on.
pub struct OpenDialog {
    which: Opened,
    scope: BoardScope,
}

/// Which dialog is open and what it is about.
enum Opened {
    Moving(MenteeCard),
    Suggesting(MenteeCard),
    Slating,
    Weighing,
    Profiling(ProfileTarget),
}

/// Renders whichever dialog is open. The dialogs' code is in the `office` part of the
/// WebAssembly (`routes`), fetched when one first opens: the board's first visit stays lighter by
/// their weight; a part that fails to download is said like any other (`ui::broken`). A chosen
/// pairing goes through the optimistic moves.
#[component]
pub fn BoardDialogs(
    dialogs: Dialogs,
    state: BoardState,
    moves: OptimisticMoves,
    toasts: Toasts,
) -> impl IntoView {
    let scope = BoardScope {
        dialogs,
        state,
        moves,
        toasts,
    };
    view! {
        // A suspense of their own: a dialog waiting for its part must not put the board's own
        // suspense back to "Loading…" (the board would leave the page, and the reader their place).
        <Suspense fallback=|| ()>
            {move || dialogs.moving.get().map(|mentee| opened(Opened::Moving(mentee), scope))}
            {move || dialogs.suggesting.get().map(|mentee| opened(Opened::Suggesting(mentee), scope))}
            {move || dialogs.slating.get().then(|| opened(Opened::Slating, scope))}
            {move || dialogs.weighing.get().then(|| opened(Opened::Weighing, scope))}
            {move || dialogs.profiling.get().map(|target| opened(Opened::Profiling(target), scope))}
        </Suspense>
    }
}

/// `which`, drawn once its part has arrived.
fn opened(which: Opened, scope: BoardScope) -> impl IntoView {
    Suspend::new(async move { crate::routes::board_dialog(OpenDialog { which, scope }).await })
}

/// Draws an open dialog (in the `office` part).
pub(crate) fn draw(dialog: OpenDialog) -> AnyView {
    let OpenDialog { which, scope } = dialog;
    let i18n = use_i18n();
    let BoardScope {
        dialogs,
        state,
        moves,
        toasts,
    } = scope;
    let Dialogs {
        moving,
        suggesting,
        slating,
        weighing,
        profiling,
    } = dialogs;
    let (lanes, facts) = (state.lanes, state.facts);
    match which {
        Opened::Moving(mentee) => view! {
            <MoveDialog
                mentee=mentee
                mentors=lanes
                on_choose=Callback::new(move |(mentee, mentor): (String, String)| {
                    moving.set(None);
                    moves.propose(mentee, mentor);
                })
                on_close=Callback::new(move |id: String| {
                    moving.set(None);
                    focus_move_button(&id);
                })
            />
        }
        .into_any(),
        Opened::Suggesting(mentee) => {
            let for_rank = mentee.clone();
            let ranking = Memo::new(move |_| {
                let mut ranking = Ranking::default();
                state.with_pool(&mut |pool| ranking = pool.rank(&for_rank));
                ranking
            });
            view! {
                <SuggestionsDialog
                    mentee=mentee
                    ranking=ranking
                    on_choose=Callback::new(move |(mentee, mentor): (String, String)| {
                        suggesting.set(None);
                        moves.propose(mentee, mentor);
                    })
                    on_close=Callback::new(move |_| suggesting.set(None))
                />
            }
            .into_any()
        }
        Opened::Slating => {
            let names: HashMap<String, String> = lanes.with_untracked(|l| {
                l.mentees
                    .iter()
                    .map(|m| (m.id.clone(), m.name()))
                    .chain(l.mentors.iter().map(|m| (m.id.clone(), m.name())))
                    .collect()
            });
            view! {
                <SlateDialog
                    office=state.office.get_value()
                    names=names
                    on_accept=Callback::new(move |(mentee, mentor): (String, String)| moves.propose(mentee, mentor))
                    on_close=Callback::new(move |_| slating.set(false))
                />
            }
            .into_any()
        }
        Opened::Weighing => {
            let (mentees, mentors) =
                lanes.with_untracked(|l| (l.mentees.clone(), l.mentors.clone()));
            let current = facts.get_untracked();
            view! {
                <WeightsDialog
                    office=state.office.get_value()
                    current=current.weights
                    mentees=mentees
                    mentors=mentors
                    failed_pairs=current.failed_pairs
                    on_saved=Callback::new(move |w: Weights| {
                        facts.update(|f| f.weights = w);
                        weighing.set(false);
                        toasts.notify(false, t_string!(i18n, matching.saved).to_string());
                    })
                    on_close=Callback::new(move |_| weighing.set(false))
                />
            }
            .into_any()
        }
        Opened::Profiling(target) => view! {
            <ProfileDialog
                mentor=target.mentor
                id=target.id
                name=target.name
                profile=target.profile
                on_saved=Callback::new(move |_| {
                    profiling.set(None);
                    toasts.notify(false, t_string!(i18n, matching.saved).to_string());
                    state.refresh();
                })
                on_close=Callback::new(move |_| profiling.set(None))
            />
        }
        .into_any(),
    }
}
