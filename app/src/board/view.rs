//! The board a coordinator works on all day: three lanes, filters, drag and drop with mouse,
//! pen or finger (long press), and a "Move to…" dialog for keyboard, screen reader and phone.
use crate::board::api::{hold_card, load_board, propose_duo, release_card, undo_duo};
use crate::board::moves::{Filter, Lanes, PENDING};
use crate::domain::matching::{Profile, Weights};
use crate::domain::privacy::PersonKind;
use crate::domain::reference::shared_languages;
use crate::error::AppError;
use crate::i18n::*;
use crate::matching::view::{
    DragDock, ProfileButton, ProfileDialog, ScoreBadge, SlateDialog, SuggestionsDialog,
    WeightsDialog,
};
use crate::matching::{Pool, Ranking};
use crate::model::{BoardData, DuoCard, MenteeCard, MentorCard};
use crate::privacy::view::RecordLink;
use crate::texts::{duo_state_name, error_message, language_name, office_name, sector_name};
use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};
use std::collections::HashMap;
use std::time::Duration;

/// Route `/board?office=…`.
#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let office = move || query.read().get("office");
    let data = Resource::new(office, load_board);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(board) => view! { <Board board/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! {
                        <section class="welcome" role="alert">
                            <p>{move || error_message(i18n.get_locale(), &e)}</p>
                        </section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// What is being dragged.
#[derive(Clone, Debug, PartialEq)]
enum Payload {
    Mentee(String),
    Duo(String),
}

/// A pointer that went down on a card and may become a drag.
#[derive(Clone, Debug)]
struct Press {
    payload: Payload,
    label: String,
    pointer: i32,
    touch: bool,
    start: (f64, f64),
    active: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct Toast {
    id: u64,
    error: bool,
    text: String,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Lane {
    Waiting,
    Mentors,
    Duos,
}

/// Pixels a mouse must move before a press becomes a drag; a finger that moves this far
/// before the long press completes is scrolling instead.
const DRAG_SLOP: f64 = 6.0;
const LONG_PRESS: Duration = Duration::from_millis(350);

fn drop_target_at(x: f64, y: f64) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        crate::board::drag::drop_target_at(x, y)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (x, y);
        None
    }
}

fn set_dragging(on: bool) {
    #[cfg(feature = "hydrate")]
    crate::board::drag::set_dragging(on);
    #[cfg(not(feature = "hydrate"))]
    let _ = on;
}

#[component]
fn Board(board: BoardData) -> impl IntoView {
    let i18n = use_i18n();
    let office = board.office.clone();
    let lanes = RwSignal::new(Lanes::from(&board));
    // What matching needs beyond the lanes: pairings that failed before, and the weights.
    let facts = RwSignal::new((board.failed_pairs.clone(), board.weights));
    let suggesting = RwSignal::new(None::<MenteeCard>);
    let slating = RwSignal::new(false);
    let weighing = RwSignal::new(false);
    let profiling = RwSignal::new(None::<(bool, String, String, Profile)>);
    let filter = RwSignal::new(Filter::default());
    let toast = RwSignal::new(None::<Toast>);
    let moving = RwSignal::new(None::<MenteeCard>);
    let lane = RwSignal::new(Lane::Waiting);
    // Drag state: the payload and target change rarely, the position every frame (ghost only).
    let dragged = RwSignal::new(None::<(Payload, String)>);
    let position = RwSignal::new((0.0f64, 0.0f64));
    let over = RwSignal::new(None::<String>);
    let press = StoredValue::new(None::<Press>);

    #[cfg(feature = "hydrate")]
    crate::board::drag::install_touch_guard();

    let notify = move |error: bool, text: String| {
        let id = toast.get_untracked().map(|t| t.id + 1).unwrap_or(1);
        toast.set(Some(Toast { id, error, text }));
        set_timeout(
            move || {
                if toast.get_untracked().is_some_and(|t| t.id == id) {
                    toast.set(None);
                }
            },
            Duration::from_secs(6),
        );
    };

    // Reloads the lanes from the server.
    let office_for_refresh = office.clone();
    let refresh = move || {
        let office = office_for_refresh.clone();
        spawn_local(async move {
            if let Ok(fresh) = load_board(Some(office)).await {
                lanes.set(Lanes::from(&fresh));
                facts.set((fresh.failed_pairs, fresh.weights));
            }
        });
    };
    let refresh = StoredValue::new(refresh);

    // Live: changes by other coordinators (and through the API) refresh this board. None while
    // connecting, then whether the stream is up (the browser reconnects by itself and resumes).
    let live = RwSignal::new(None::<bool>);
    // Presence: who else has this board open, and which cards they hold right now.
    let others = RwSignal::new(Vec::<String>::new());
    let held = RwSignal::new(std::collections::HashMap::<String, String>::new());
    #[cfg(feature = "hydrate")]
    {
        let me = RwSignal::new(None::<String>);
        let this_office = office.clone();
        let scheduled = StoredValue::new(false);
        let connection = crate::live::client::connect(
            &format!("/api/v1/events?office={office}"),
            move |event| {
                let mine = event.actor.is_some() && event.actor == me.get_untracked();
                match event.kind.as_str() {
                    // `hello` opens a fresh stream (nothing was missed) and says who we are.
                    "hello" => {
                        me.set(event.actor.clone());
                        return;
                    }
                    "presence" if event.office == this_office => {
                        let me_now = me.get_untracked();
                        let names = event
                            .ids
                            .iter()
                            .zip(event.names.iter())
                            .filter(|(id, _)| Some(*id) != me_now.as_ref())
                            .map(|(_, name)| name.clone())
                            .collect();
                        others.set(names);
                        return;
                    }
                    "hold" if event.office == this_office && !mine => {
                        if let (Some(card), Some(name)) = (event.ids.first(), event.names.first()) {
                            held.update(|h| {
                                h.insert(card.clone(), name.clone());
                            });
                        }
                        return;
                    }
                    "release" if event.office == this_office => {
                        if let Some(card) = event.ids.first() {
                            held.update(|h| {
                                h.remove(card);
                            });
                        }
                        return;
                    }
                    "presence" | "hold" | "release" => return,
                    _ => {}
                }
                let relevant = event.kind == "resync" || event.office == this_office;
                if relevant && !scheduled.get_value() {
                    // Coalesce a burst of events into one refetch.
                    scheduled.set_value(true);
                    set_timeout(
                        move || {
                            scheduled.set_value(false);
                            refresh.with_value(|r| r());
                        },
                        Duration::from_millis(120),
                    );
                }
            },
            move |up| live.set(Some(up)),
        );
        // Closed when the board goes away.
        let _connection = StoredValue::new_local(connection);
    }

    // After one's own write the server's truth replaces the optimistic picture: the live stream
    // brings it (the change's own event), so refetch here only when the stream cannot — the
    // write was refused (no event) or the stream is down.
    let reconcile = move |refused: bool| {
        if refused || live.get_untracked() != Some(true) {
            refresh.with_value(|r| r());
        }
    };

    let propose = move |mentee_id: String, mentor_id: String| {
        let before = lanes.get_untracked();
        let names = (
            before
                .mentees
                .iter()
                .find(|m| m.id == mentee_id)
                .map(|m| m.name()),
            before
                .mentors
                .iter()
                .find(|m| m.id == mentor_id)
                .map(|m| m.name()),
        );
        let (Some(mentee_name), Some(mentor_name)) = names else {
            return;
        };
        let mut next = before.clone();
        if !next.propose(&mentee_id, &mentor_id) {
            return;
        }
        lanes.set(next);
        spawn_local(async move {
            let mut refused = false;
            match propose_duo(mentee_id.clone(), mentor_id).await {
                Ok(duo) => {
                    lanes.update(|l| l.confirm(&mentee_id, &duo.id));
                    notify(
                        false,
                        t_string!(
                            i18n,
                            duo_created,
                            mentee = mentee_name,
                            mentor = mentor_name
                        )
                        .to_string(),
                    );
                }
                Err(e) => {
                    lanes.set(before);
                    notify(true, error_message(i18n.get_locale(), &e));
                    refused = true;
                }
            }
            reconcile(refused);
        });
    };

    let dissolve = move |duo_id: String| {
        if duo_id.starts_with(PENDING) {
            return;
        }
        let before = lanes.get_untracked();
        let Some(mentee_name) = before
            .duos
            .iter()
            .find(|d| d.id == duo_id)
            .map(|d| d.mentee.name())
        else {
            return;
        };
        let mut next = before.clone();
        if !next.dissolve(&duo_id) {
            return;
        }
        lanes.set(next);
        spawn_local(async move {
            let mut refused = false;
            match undo_duo(duo_id).await {
                Ok(_) => notify(
                    false,
                    t_string!(i18n, duo_dissolved, mentee = mentee_name).to_string(),
                ),
                Err(e) => {
                    lanes.set(before);
                    notify(true, error_message(i18n.get_locale(), &e));
                    refused = true;
                }
            }
            reconcile(refused);
        });
    };

    // Pointer handling on the whole window, so a drag can leave its lane.
    let card_of = |p: &Payload| match p {
        Payload::Mentee(id) | Payload::Duo(id) => id.clone(),
    };
    let office_for_holds = StoredValue::new(office.clone());
    let start_drag = move |p: &Press, at: (f64, f64)| {
        set_dragging(true);
        position.set(at);
        dragged.set(Some((p.payload.clone(), p.label.clone())));
        let (office, card) = (office_for_holds.get_value(), card_of(&p.payload));
        spawn_local(async move {
            let _ = hold_card(office, card).await;
        });
    };
    let end_drag = move || {
        if let Some((payload, _)) = dragged.get_untracked() {
            let (office, card) = (office_for_holds.get_value(), card_of(&payload));
            spawn_local(async move {
                let _ = release_card(office, card).await;
            });
        }
        press.set_value(None);
        set_dragging(false);
        dragged.set(None);
        over.set(None);
    };
    let on_press = move |ev: PointerEvent, payload: Payload, label: String| {
        let touch = ev.pointer_type() == "touch";
        if (!touch && ev.button() != 0) || press.with_value(|p| p.is_some()) {
            return;
        }
        #[cfg(feature = "hydrate")]
        if crate::board::drag::on_control(&ev) {
            return;
        }
        let card = match &payload {
            Payload::Mentee(id) | Payload::Duo(id) => id.clone(),
        };
        if let Some(holder) = held.with_untracked(|h| h.get(&card).cloned()) {
            notify(true, t_string!(i18n, held_by, name = holder).to_string());
            return;
        }
        let pointer = ev.pointer_id();
        press.set_value(Some(Press {
            payload,
            label,
            pointer,
            touch,
            start: (ev.client_x() as f64, ev.client_y() as f64),
            active: false,
        }));
        if touch {
            set_timeout(
                move || {
                    let ready = press.with_value(|p| {
                        p.as_ref()
                            .filter(|p| p.pointer == pointer && !p.active)
                            .cloned()
                    });
                    if let Some(mut p) = ready {
                        p.active = true;
                        start_drag(&p, p.start);
                        press.set_value(Some(p));
                    }
                },
                LONG_PRESS,
            );
        }
    };
    let _move = window_event_listener(leptos::ev::pointermove, move |ev| {
        let Some(mut p) = press.get_value().filter(|p| p.pointer == ev.pointer_id()) else {
            return;
        };
        let at = (ev.client_x() as f64, ev.client_y() as f64);
        if !p.active {
            let moved = ((at.0 - p.start.0).powi(2) + (at.1 - p.start.1).powi(2)).sqrt();
            if p.touch {
                if moved > DRAG_SLOP * 2.0 {
                    press.set_value(None); // a scroll, not a long press
                }
                return;
            }
            if moved < DRAG_SLOP {
                return;
            }
            p.active = true;
            start_drag(&p, at);
            press.set_value(Some(p));
        }
        ev.prevent_default();
        position.set(at);
        let target = drop_target_at(at.0, at.1);
        if over.get_untracked() != target {
            over.set(target);
        }
    });
    let _up = window_event_listener(leptos::ev::pointerup, move |ev| {
        let Some(p) = press.get_value().filter(|p| p.pointer == ev.pointer_id()) else {
            return;
        };
        end_drag();
        if !p.active {
            return;
        }
        let target = drop_target_at(ev.client_x() as f64, ev.client_y() as f64);
        match (p.payload, target.as_deref()) {
            (Payload::Mentee(mentee), Some(t)) if t.starts_with("mentor:") => {
                propose(mentee, t["mentor:".len()..].to_string())
            }
            (Payload::Duo(duo), Some("waiting")) => dissolve(duo),
            _ => {}
        }
    });
    let _cancel = window_event_listener(leptos::ev::pointercancel, move |_| end_drag());
    let _escape = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            if dragged.get_untracked().is_some() {
                end_drag();
            } else if let Some(m) = moving.get_untracked() {
                moving.set(None);
                focus_move_button(&m.id);
            }
        }
    });

    // Filtered lanes.
    let visible_mentees = Memo::new(move |_| {
        let f = filter.get();
        lanes.with(|l| {
            l.mentees
                .iter()
                .filter(|c| f.matches(&c.first_name, &c.last_name, &c.sectors, &c.languages))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let visible_mentors = Memo::new(move |_| {
        let f = filter.get();
        lanes.with(|l| {
            l.mentors
                .iter()
                .filter(|c| f.matches(&c.first_name, &c.last_name, &c.sectors, &c.languages))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let visible_duos = Memo::new(move |_| {
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
    // Matching reads the lanes as they are now, so scores follow every move.
    let office_for_pool = StoredValue::new(office.clone());
    let with_pool = move |f: &mut dyn FnMut(&Pool)| {
        office_for_pool.with_value(|office| {
            lanes.with(|l| {
                facts.with(|(failed, weights)| {
                    f(&Pool {
                        office,
                        mentees: &l.mentees,
                        mentors: &l.mentors,
                        failed_pairs: failed,
                        weights,
                    })
                })
            })
        })
    };
    // Each mentor's score for the mentee being dragged.
    let drag_scores = Memo::new(move |_| match dragged.get() {
        Some((Payload::Mentee(id), _)) => {
            let mentee =
                lanes.with_untracked(|l| l.mentees.iter().find(|m| m.id == id).cloned())?;
            let mut scores = None;
            with_pool(&mut |pool| scores = Some(pool.scores_for(&mentee)));
            scores
        }
        _ => None,
    });
    // The best three mentors for the mentee being dragged, offered as drop targets.
    let drag_top = Memo::new(move |_| match dragged.get() {
        Some((Payload::Mentee(id), _)) => {
            let mentee =
                lanes.with_untracked(|l| l.mentees.iter().find(|m| m.id == id).cloned())?;
            let mut top = Vec::new();
            with_pool(&mut |pool| {
                top = pool.rank(&mentee).suggestions.into_iter().take(3).collect();
            });
            (!top.is_empty()).then(|| (mentee.name(), top))
        }
        _ => None,
    });
    // Languages of the mentee being dragged, to show which mentors share one.
    let dragged_languages = Memo::new(move |_| match dragged.get() {
        Some((Payload::Mentee(id), _)) => lanes.with_untracked(|l| {
            l.mentees
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.languages.clone())
        }),
        _ => None,
    });

    let sectors = board_codes(&board, |c| c.sectors.clone(), |c| c.sectors.clone());
    let languages = board_codes(&board, |c| c.languages.clone(), |c| c.languages.clone());
    let navigate = use_navigate();
    let offices = board.offices.clone();
    let office_now = office.clone();

    let lane_tab = move |which: Lane, label: fn(Locale) -> String, count: Signal<usize>| {
        view! {
            <button
                type="button"
                role="tab"
                class="lane-tab"
                aria-selected=move || (lane.get() == which).to_string()
                on:click=move |_| lane.set(which)
            >
                {move || label(i18n.get_locale())}
                <span class="count">{move || count.get()}</span>
            </button>
        }
    };
    let mentee_count = Signal::derive(move || visible_mentees.with(Vec::len));
    let mentor_count = Signal::derive(move || visible_mentors.with(Vec::len));
    let duo_count = Signal::derive(move || visible_duos.with(Vec::len));

    view! {
        <div class="board" class:dragging=move || dragged.with(|d| d.is_some())>
            <div class="board-head">
                <div class="board-title">
                    <h1>{t!(i18n, board_title)}</h1>
                    <label class="office-pick">
                        <span class="visually-hidden">{t!(i18n, board_office)}</span>
                        <select
                            aria-label=move || t_string!(i18n, board_office)
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                navigate(&format!("/board?office={value}"), Default::default());
                            }
                        >
                            {offices
                                .iter()
                                .map(|o| {
                                    let code = o.clone();
                                    let selected = *o == office_now;
                                    view! {
                                        <option value=o.clone() selected=selected>
                                            {move || office_name(i18n.get_locale(), &code)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <div class="board-actions">
                        <button type="button" class="button primary" data-slate="" aria-haspopup="dialog" on:click=move |_| slating.set(true)>
                            {t!(i18n, matching.propose_slate)}
                        </button>
                        <button type="button" class="button" data-weights="" aria-haspopup="dialog" on:click=move |_| weighing.set(true)>
                            {t!(i18n, matching.weights)}
                        </button>
                    </div>
                </div>
                <Show when=move || others.with(|o| !o.is_empty())>
                    <p class="presence">
                        <span class="presence-label">{t!(i18n, also_here)}</span>
                        {move || {
                            others
                                .get()
                                .into_iter()
                                .map(|name| {
                                    let initials: String = name.split_whitespace().filter_map(|w| w.chars().next()).take(2).collect();
                                    view! {
                                        <span class="viewer" title=name.clone()>
                                            <span class="avatar" aria-hidden="true">{initials}</span>
                                            {name.clone()}
                                        </span>
                                    }
                                })
                                .collect_view()
                        }}
                    </p>
                </Show>
                <p class="hint">
                    {t!(i18n, board_hint)}
                    " "
                    <span
                        class="live"
                        class:on=move || live.get() == Some(true)
                        class:off=move || live.get() == Some(false)
                        title=move || t_string!(i18n, live_hint)
                    >
                        {move || match live.get() {
                            Some(true) => t_string!(i18n, live_on).to_string(),
                            Some(false) => t_string!(i18n, live_off).to_string(),
                            None => String::new(),
                        }}
                    </span>
                </p>
                <div class="filters" role="search">
                    <input
                        type="search"
                        class="search"
                        placeholder=move || t_string!(i18n, filter_search)
                        aria-label=move || t_string!(i18n, filter_search)
                        on:input=move |ev| filter.update(|f| f.search = event_target_value(&ev))
                    />
                    <CodeSelect
                        label=Signal::derive(move || t_string!(i18n, filter_sector).to_string())
                        codes=sectors
                        name=sector_name
                        on_pick=Callback::new(move |v: String| filter.update(|f| f.sector = v))
                    />
                    <CodeSelect
                        label=Signal::derive(move || t_string!(i18n, filter_language).to_string())
                        codes=languages
                        name=language_name
                        on_pick=Callback::new(move |v: String| filter.update(|f| f.language = v))
                    />
                </div>
                <div class="lane-tabs" role="tablist">
                    {lane_tab(Lane::Waiting, |l| td_string!(l, lane_waiting).to_string(), mentee_count)}
                    {lane_tab(Lane::Mentors, |l| td_string!(l, lane_mentors).to_string(), mentor_count)}
                    {lane_tab(Lane::Duos, |l| td_string!(l, lane_duos).to_string(), duo_count)}
                </div>
            </div>

            <div class="lanes">
                <section
                    class="lane waiting"
                    class:active=move || lane.get() == Lane::Waiting
                    class:over=move || over.get().as_deref() == Some("waiting")
                    data-drop="waiting"
                    aria-labelledby="lane-waiting"
                >
                    <LaneHead id="lane-waiting" title=Signal::derive(move || t_string!(i18n, lane_waiting).to_string())
                        shown=mentee_count
                        total=Signal::derive(move || lanes.with(|l| l.mentees.len()))/>
                    <p class="drop-note">{t!(i18n, drop_back)}</p>
                    <ul class="cards">
                        <For each=move || visible_mentees.get() key=|c| c.id.clone() let(card)>
                            <MenteeCardView
                                card=card
                                held=held
                                on_press=Callback::new(move |(ev, payload, label): (PointerEvent, String, String)| on_press(ev, Payload::Mentee(payload), label))
                                on_move=Callback::new(move |c: MenteeCard| moving.set(Some(c)))
                                on_suggest=Callback::new(move |c: MenteeCard| suggesting.set(Some(c)))
                                on_profile=Callback::new(move |c: MenteeCard| profiling.set(Some((false, c.id.clone(), c.name(), c.profile.clone()))))
                            />
                        </For>
                    </ul>
                    <Show when=move || lanes.with(|l| l.mentees.is_empty())>
                        <p class="empty">{t!(i18n, empty_waiting)}</p>
                    </Show>
                </section>

                <section class="lane mentors" class:active=move || lane.get() == Lane::Mentors aria-labelledby="lane-mentors">
                    <LaneHead id="lane-mentors" title=Signal::derive(move || t_string!(i18n, lane_mentors).to_string())
                        shown=mentor_count
                        total=Signal::derive(move || lanes.with(|l| l.mentors.len()))/>
                    <ul class="cards">
                        <For each=move || visible_mentors.get() key=|c| (c.id.clone(), c.load) let(card)>
                            <MentorCardView card=card over=over dragged_languages=dragged_languages drag_scores=drag_scores
                                on_profile=Callback::new(move |c: MentorCard| profiling.set(Some((true, c.id.clone(), c.name(), c.profile.clone()))))/>
                        </For>
                    </ul>
                    <Show when=move || lanes.with(|l| l.mentors.is_empty())>
                        <p class="empty">{t!(i18n, empty_mentors)}</p>
                    </Show>
                </section>

                <section class="lane duos" class:active=move || lane.get() == Lane::Duos aria-labelledby="lane-duos">
                    <LaneHead id="lane-duos" title=Signal::derive(move || t_string!(i18n, lane_duos).to_string())
                        shown=duo_count
                        total=Signal::derive(move || lanes.with(|l| l.duos.len()))/>
                    <ul class="cards">
                        <For each=move || visible_duos.get() key=|d| d.id.clone() let(duo)>
                            <DuoCardView
                                duo=duo
                                held=held
                                on_press=Callback::new(move |(ev, id, label): (PointerEvent, String, String)| on_press(ev, Payload::Duo(id), label))
                                on_dissolve=Callback::new(move |id: String| dissolve(id))
                            />
                        </For>
                    </ul>
                    <Show when=move || lanes.with(|l| l.duos.is_empty())>
                        <p class="empty">{t!(i18n, empty_duos)}</p>
                    </Show>
                </section>
            </div>

            <Show when=move || dragged.with(|d| d.is_some())>
                <div
                    class="ghost"
                    aria-hidden="true"
                    style:transform=move || { let (x, y) = position.get(); format!("translate({}px, {}px)", x + 12.0, y + 12.0) }
                >
                    {move || dragged.with(|d| d.as_ref().map(|(_, label)| label.clone()))}
                </div>
            </Show>

            {move || drag_top.get().map(|(mentee_name, top)| view! {
                <DragDock mentee_name=mentee_name top=top over=over/>
            })}

            {move || moving.get().map(|mentee| view! {
                <MoveDialog
                    mentee=mentee
                    mentors=lanes
                    on_choose=Callback::new(move |(mentee, mentor): (String, String)| {
                        moving.set(None);
                        propose(mentee, mentor);
                    })
                    on_close=Callback::new(move |id: String| {
                        moving.set(None);
                        focus_move_button(&id);
                    })
                />
            })}

            {move || suggesting.get().map(|mentee| {
                let for_rank = mentee.clone();
                let ranking = Memo::new(move |_| {
                    let mut ranking = Ranking::default();
                    with_pool(&mut |pool| ranking = pool.rank(&for_rank));
                    ranking
                });
                view! {
                    <SuggestionsDialog
                        mentee=mentee
                        ranking=ranking
                        on_choose=Callback::new(move |(mentee, mentor): (String, String)| {
                            suggesting.set(None);
                            propose(mentee, mentor);
                        })
                        on_close=Callback::new(move |_| suggesting.set(None))
                    />
                }
            })}

            {move || slating.get().then(|| {
                let names: HashMap<String, String> = lanes.with_untracked(|l| {
                    l.mentees.iter().map(|m| (m.id.clone(), m.name()))
                        .chain(l.mentors.iter().map(|m| (m.id.clone(), m.name())))
                        .collect()
                });
                view! {
                    <SlateDialog
                        office=office_for_pool.get_value()
                        names=names
                        on_accept=Callback::new(move |(mentee, mentor): (String, String)| propose(mentee, mentor))
                        on_close=Callback::new(move |_| slating.set(false))
                    />
                }
            })}

            {move || weighing.get().then(|| {
                let (mentees, mentors) = lanes.with_untracked(|l| (l.mentees.clone(), l.mentors.clone()));
                let (failed_pairs, current) = facts.get_untracked();
                view! {
                    <WeightsDialog
                        office=office_for_pool.get_value()
                        current=current
                        mentees=mentees
                        mentors=mentors
                        failed_pairs=failed_pairs
                        on_saved=Callback::new(move |w: Weights| {
                            facts.update(|f| f.1 = w);
                            weighing.set(false);
                            notify(false, t_string!(i18n, matching.saved).to_string());
                        })
                        on_close=Callback::new(move |_| weighing.set(false))
                    />
                }
            })}

            {move || profiling.get().map(|(mentor, id, name, profile)| view! {
                <ProfileDialog
                    mentor=mentor
                    id=id
                    name=name
                    profile=profile
                    on_saved=Callback::new(move |_| {
                        profiling.set(None);
                        notify(false, t_string!(i18n, matching.saved).to_string());
                        refresh.with_value(|r| r());
                    })
                    on_close=Callback::new(move |_| profiling.set(None))
                />
            })}

            <div class="toast-region" role="status" aria-live="polite">
                {move || toast.get().map(|t| view! {
                    <div class="toast" class:error=t.error>{t.text}</div>
                })}
            </div>
        </div>
    }
}

fn focus_move_button(mentee_id: &str) {
    #[cfg(feature = "hydrate")]
    crate::board::drag::focus_selector(&format!("[data-move-for=\"{mentee_id}\"]"));
    #[cfg(not(feature = "hydrate"))]
    let _ = mentee_id;
}

/// Every code of one kind present on the board, for the filter menus.
fn board_codes(
    board: &BoardData,
    of_mentee: impl Fn(&MenteeCard) -> Vec<String>,
    of_mentor: impl Fn(&MentorCard) -> Vec<String>,
) -> Vec<String> {
    let mut codes: Vec<String> = board
        .mentees
        .iter()
        .flat_map(&of_mentee)
        .chain(board.mentors.iter().flat_map(&of_mentor))
        .chain(board.duos.iter().flat_map(|d| of_mentee(&d.mentee)))
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// A filter menu of codes, named in the reader's language.
#[component]
fn CodeSelect(
    label: Signal<String>,
    codes: Vec<String>,
    name: fn(Locale, &str) -> String,
    on_pick: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = move || {
        let locale = i18n.get_locale();
        let mut named: Vec<(String, String)> =
            codes.iter().map(|c| (c.clone(), name(locale, c))).collect();
        named.sort_by(|a, b| a.1.cmp(&b.1));
        named
            .into_iter()
            .map(|(code, text)| view! { <option value=code>{text}</option> })
            .collect_view()
    };
    view! {
        <select class="code-select" aria-label=move || label.get() on:change=move |ev| on_pick.run(event_target_value(&ev))>
            <option value="">{move || format!("{} · {}", label.get(), t_string!(i18n, filter_all))}</option>
            {options}
        </select>
    }
}

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
                            {move || sector_name(i18n.get_locale(), &s)}
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

#[component]
fn MenteeCardView(
    card: MenteeCard,
    held: RwSignal<std::collections::HashMap<String, String>>,
    on_press: Callback<(PointerEvent, String, String)>,
    on_move: Callback<MenteeCard>,
    on_suggest: Callback<MenteeCard>,
    on_profile: Callback<MenteeCard>,
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
    let held_by = {
        let id = card.id.clone();
        Memo::new(move |_| held.with(|h| h.get(&id).cloned()))
    };
    view! {
        <li
            class="card mentee"
            class:held=move || held_by.with(Option::is_some)
            data-mentee=card.id.clone()
            on:pointerdown=move |ev: PointerEvent| on_press.run((ev, id.clone(), label.clone()))
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
                    on:click=move |_| on_move.run(for_move.clone())
                >
                    {t!(i18n, move_to)}
                </button>
                <button
                    type="button"
                    class="move subtle"
                    data-suggest-for=card.id.clone()
                    aria-haspopup="dialog"
                    aria-label=move || format!("{} · {}", t_string!(i18n, matching.suggest), name2)
                    on:click=move |_| on_suggest.run(for_suggest.clone())
                >
                    {t!(i18n, matching.suggest)}
                </button>
                <ProfileButton id=card.id.clone() name=name3.clone() on_click=Callback::new(move |_| on_profile.run(for_profile.clone()))/>
                <RecordLink kind=PersonKind::Mentee id=card.id.clone() name=name3/>
            </div>
        </li>
    }
}

#[component]
fn MentorCardView(
    card: MentorCard,
    over: RwSignal<Option<String>>,
    dragged_languages: Memo<Option<Vec<String>>>,
    drag_scores: Memo<Option<HashMap<String, Option<u32>>>>,
    on_profile: Callback<MentorCard>,
) -> impl IntoView {
    let i18n = use_i18n();
    let target = format!("mentor:{}", card.id);
    let is_over = {
        let target = target.clone();
        move || over.get().as_deref() == Some(target.as_str())
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
                <ProfileButton id=card.id.clone() name=name.clone() on_click=Callback::new(move |_| on_profile.run(for_profile.clone()))/>
                <RecordLink kind=PersonKind::Mentor id=card.id.clone() name=name/>
            </div>
        </li>
    }
}

#[component]
fn DuoCardView(
    duo: DuoCard,
    held: RwSignal<std::collections::HashMap<String, String>>,
    on_press: Callback<(PointerEvent, String, String)>,
    on_dissolve: Callback<String>,
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
    let held_by = {
        let id = duo.id.clone();
        Memo::new(move |_| held.with(|h| h.get(&id).cloned()))
    };
    view! {
        <li
            class="card duo"
            class:pending=pending
            class:held=move || held_by.with(Option::is_some)
            data-duo=duo.id.clone()
            on:pointerdown=move |ev: PointerEvent| if can_undo { on_press.run((ev, press_id.clone(), label.clone())) }
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
                        move |_| on_dissolve.run(id.clone())
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

/// "Move to…": choose a mentor for a mentee without dragging. Keyboard and screen-reader
/// friendly, and the main way on a phone.
#[component]
fn MoveDialog(
    mentee: MenteeCard,
    mentors: RwSignal<Lanes>,
    on_choose: Callback<(String, String)>,
    on_close: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    let name = mentee.name();
    let mentee_id = mentee.id.clone();
    let languages = mentee.languages.clone();
    let sectors = mentee.sectors.clone();
    // Mentors who share a language come first, then those of the sector sought.
    let options = Memo::new(move |_| {
        let needle = crate::board::moves::fold(search.get().trim());
        let mut list: Vec<(bool, bool, MentorCard)> = mentors.with(|l| {
            l.mentors
                .iter()
                .filter(|m| {
                    needle.is_empty() || crate::board::moves::fold(&m.name()).contains(&needle)
                })
                .map(|m| {
                    (
                        !shared_languages(&languages, &m.languages).is_empty(),
                        m.sectors.iter().any(|s| sectors.contains(s)),
                        m.clone(),
                    )
                })
                .collect()
        });
        list.sort_by(|a, b| {
            (b.0, b.1)
                .cmp(&(a.0, a.1))
                .then_with(|| a.2.last_name.cmp(&b.2.last_name))
        });
        list
    });
    let close_id = mentee_id.clone();
    let close = move || on_close.run(close_id.clone());
    let close2 = close.clone();
    let close3 = close.clone();
    view! {
        <div class="overlay" on:click=move |_| close()>
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="move-title"
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev: KeyboardEvent| if ev.key() == "Escape" { ev.stop_propagation(); close2() }
            >
                <h2 id="move-title">{move || t_string!(i18n, move_title, name = name.clone()).to_string()}</h2>
                <input
                    node_ref=input
                    type="search"
                    class="search"
                    placeholder=move || t_string!(i18n, move_search)
                    aria-label=move || t_string!(i18n, move_search)
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
                <ul class="choices">
                    <For each=move || options.get() key=|(_, _, m)| m.id.clone() let((shares, sector, mentor))>
                        {
                            let mentee_id = mentee_id.clone();
                            let mentor_id = mentor.id.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="choice"
                                        data-choose=mentor.id.clone()
                                        on:click=move |_| on_choose.run((mentee_id.clone(), mentor_id.clone()))
                                    >
                                        <span class="name">{mentor.name()}</span>
                                        <span class="meta">
                                            {mentor.sectors.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" · ")}
                                            " · "
                                            {mentor.languages.iter().map(|l| l.to_uppercase()).collect::<Vec<_>>().join(" ")}
                                        </span>
                                        <Show when=move || !shares>
                                            <span class="warn">{t!(i18n, shared_language_warning)}</span>
                                        </Show>
                                        <Show when=move || sector>
                                            <span class="match" aria-hidden="true">"★"</span>
                                        </Show>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <Show when=move || options.with(|o| o.is_empty())>
                    <p class="empty">{t!(i18n, move_none)}</p>
                </Show>
                <div class="dialog-actions">
                    <button type="button" class="button" on:click=move |_| close3()>{t!(i18n, cancel)}</button>
                </div>
            </div>
        </div>
    }
}
