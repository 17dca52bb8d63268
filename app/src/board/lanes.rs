//! The board's three lanes — waiting mentees, available mentors, open duos — filtered as the
//! coordinator asked, one of them shown at a time on a phone. Each draws only the cards near the
//! screen (`window.rs`).
use crate::board::cards::{DuoCardView, MenteeCardView, MentorCardView};
use crate::board::density::Density;
use crate::board::dialogs::Dialogs;
use crate::board::hints::DragHints;
use crate::board::live::Holds;
use crate::board::moves::{Filter, Lanes};
use crate::board::optimistic::OptimisticMoves;
use crate::board::press::Drag;
use crate::board::window::WindowedCards;
use crate::i18n::*;
use crate::model::{DuoCard, MenteeCard, MentorCard};
use leptos::prelude::*;

/// The lane a phone shows (its tab).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Lane {
    Waiting,
    Mentors,
    Duos,
}

/// The cards of each lane that pass the filter.
#[derive(Clone, Copy)]
pub struct Visible {
    pub mentees: Memo<Vec<MenteeCard>>,
    pub mentors: Memo<Vec<MentorCard>>,
    pub duos: Memo<Vec<DuoCard>>,
}

impl Visible {
    /// Follows the lanes and the filter. A duo shows when its mentee or its mentor matches.
    pub fn new(lanes: RwSignal<Lanes>, filter: RwSignal<Filter>) -> Self {
        let mentees = Memo::new(move |_| {
            let f = filter.get();
            lanes.with(|l| {
                l.mentees
                    .iter()
                    .filter(|c| f.matches(&c.first_name, &c.last_name, &c.sectors, &c.languages))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        });
        let mentors = Memo::new(move |_| {
            let f = filter.get();
            lanes.with(|l| {
                l.mentors
                    .iter()
                    .filter(|c| f.matches(&c.first_name, &c.last_name, &c.sectors, &c.languages))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        });
        let duos = Memo::new(move |_| {
            let f = filter.get();
            lanes.with(|l| {
                l.duos
                    .iter()
                    .filter(|d| {
                        let m = &d.mentee;
                        f.matches(&m.first_name, &m.last_name, &m.sectors, &m.languages)
                            || f.matches(
                                &d.mentor_first_name,
                                &d.mentor_last_name,
                                &d.mentor_sectors,
                                &d.mentor_languages,
                            )
                    })
                    .cloned()
                    .collect::<Vec<_>>()
            })
        });
        Visible {
            mentees,
            mentors,
            duos,
        }
    }

    /// How many cards of a lane pass the filter.
    pub fn count(self, lane: Lane) -> Signal<usize> {
        match lane {
            Lane::Waiting => {
                let cards = self.mentees;
                Signal::derive(move || cards.with(Vec::len))
            }
            Lane::Mentors => {
                let cards = self.mentors;
                Signal::derive(move || cards.with(Vec::len))
            }
            Lane::Duos => {
                let cards = self.duos;
                Signal::derive(move || cards.with(Vec::len))
            }
        }
    }
}

/// What the cards of the lanes act on.
#[derive(Clone, Copy)]
pub struct CardHandles {
    pub holds: Holds,
    pub drag: Drag,
    pub hints: DragHints,
    pub dialogs: Dialogs,
    pub moves: OptimisticMoves,
}

/// The three lanes side by side (on a phone, the one of the chosen tab).
#[component]
pub fn BoardLanes(
    lanes: RwSignal<Lanes>,
    visible: Visible,
    lane: RwSignal<Lane>,
    density: RwSignal<Density>,
    cards: CardHandles,
) -> impl IntoView {
    let i18n = use_i18n();
    let CardHandles {
        holds,
        drag,
        hints,
        dialogs,
        moves,
    } = cards;
    // The lane's place and its cards' height change with the phone's tab and the density.
    let layout = Signal::derive(move || lane.get() as u8 * 2 + density.get() as u8);
    view! {
        <div class="lanes">
            <section
                class="lane waiting"
                class:active=move || lane.get() == Lane::Waiting
                class:over={
                    let waiting = Some("waiting".to_string());
                    move || drag.is_over(&waiting)
                }
                data-drop="waiting"
                aria-labelledby="lane-waiting"
            >
                <LaneHead id="lane-waiting" title=Signal::derive(move || t_string!(i18n, lane_waiting).to_string())
                    shown=visible.count(Lane::Waiting)
                    total=Signal::derive(move || lanes.with(|l| l.mentees.len()))/>
                <p class="drop-note">{t!(i18n, drop_back)}</p>
                <WindowedCards
                    items=visible.mentees
                    key=|c: &MenteeCard| c.id.clone()
                    card=move |card| view! { <MenteeCardView card=card holds=holds drag=drag dialogs=dialogs/> }
                    layout=layout
                />
                <Show when=move || lanes.with(|l| l.mentees.is_empty())>
                    <p class="empty">{t!(i18n, empty_waiting)}</p>
                </Show>
            </section>

            <section class="lane mentors" class:active=move || lane.get() == Lane::Mentors aria-labelledby="lane-mentors">
                <LaneHead id="lane-mentors" title=Signal::derive(move || t_string!(i18n, lane_mentors).to_string())
                    shown=visible.count(Lane::Mentors)
                    total=Signal::derive(move || lanes.with(|l| l.mentors.len()))/>
                <WindowedCards
                    items=visible.mentors
                    key=|c: &MentorCard| (c.id.clone(), c.load)
                    card=move |card| view! { <MentorCardView card=card drag=drag hints=hints dialogs=dialogs/> }
                    layout=layout
                />
                <Show when=move || lanes.with(|l| l.mentors.is_empty())>
                    <p class="empty">{t!(i18n, empty_mentors)}</p>
                </Show>
            </section>

            <section class="lane duos" class:active=move || lane.get() == Lane::Duos aria-labelledby="lane-duos">
                <LaneHead id="lane-duos" title=Signal::derive(move || t_string!(i18n, lane_duos).to_string())
                    shown=visible.count(Lane::Duos)
                    total=Signal::derive(move || lanes.with(|l| l.duos.len()))/>
                <WindowedCards
                    items=visible.duos
                    key=|d: &DuoCard| d.id.clone()
                    card=move |duo| view! { <DuoCardView duo=duo holds=holds drag=drag moves=moves/> }
                    layout=layout
                />
                <Show when=move || lanes.with(|l| l.duos.is_empty())>
                    <p class="empty">{t!(i18n, empty_duos)}</p>
                </Show>
            </section>
        </div>
    }
}

/// A lane's title and how many of its cards show ("3 of 12" while a filter hides some).
#[component]
fn LaneHead(
    id: &'static str,
    title: Signal<String>,
    shown: Signal<usize>,
    total: Signal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="lane-head">
            <h2 id=id>{move || title.get()}</h2>
            <span class="count">
                {move || {
                    let (s, t) = (shown.get(), total.get());
                    if s == t { t.to_string() } else { t_string!(i18n, count_of, shown = s, total = t).to_string() }
                }}
            </span>
        </header>
    }
}
