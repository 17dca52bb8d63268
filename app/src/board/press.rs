//! Drag and drop on the board, with mouse, pen or finger: a press on a card becomes a drag once
//! the mouse moves a little or the finger stays put (long press), and the drop proposes or undoes
//! a duo. Escape cancels a drag, or closes the "Move to…" dialog, the keyboard's way to move.
//! The browser-only pieces are in `drag.rs`.
use crate::board::api::{hold_card, release_card};
use crate::board::live::Holds;
use crate::board::optimistic::{OptimisticMoves, Toasts};
use crate::board::state::BoardState;
use crate::i18n::*;
use crate::model::MenteeCard;
use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use std::time::Duration;

/// What is being dragged.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    Mentee(String),
    Duo(String),
}

impl Payload {
    /// The id of the card in hand.
    fn card(&self) -> String {
        match self {
            Payload::Mentee(id) | Payload::Duo(id) => id.clone(),
        }
    }
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

/// Pixels a mouse must move before a press becomes a drag; a finger that moves this far
/// before the long press completes is scrolling instead.
const DRAG_SLOP: f64 = 6.0;
const LONG_PRESS: Duration = Duration::from_millis(350);

/// The drag in progress, if any, and what starts, moves and ends it.
#[derive(Clone, Copy)]
pub struct Drag {
    /// What is dragged and its label. Changes rarely.
    pub dragged: RwSignal<Option<(Payload, String)>>,
    /// Where the pointer is; changes every frame, so only the ghost reads it.
    pub position: RwSignal<(f64, f64)>,
    /// The `data-drop` target under the pointer.
    pub over: RwSignal<Option<String>>,
    /// Whether a given target is under the pointer: a change wakes only the two targets it
    /// concerns, not every card of the lanes.
    over_target: StoredValue<Selector<Option<String>>>,
    press: StoredValue<Option<Press>>,
    office: StoredValue<String>,
    holds: Holds,
    toasts: Toasts,
    moves: OptimisticMoves,
    i18n: I18nContext<Locale>,
}

/// Sets up drag and drop for the board: the pointer and key listeners on the whole window, so a
/// drag can leave its lane. `moving` is the mentee of the open "Move to…" dialog.
pub fn use_drag(
    state: BoardState,
    holds: Holds,
    toasts: Toasts,
    moves: OptimisticMoves,
    moving: RwSignal<Option<MenteeCard>>,
) -> Drag {
    let over = RwSignal::new(None);
    let drag = Drag {
        dragged: RwSignal::new(None),
        position: RwSignal::new((0.0, 0.0)),
        over,
        over_target: StoredValue::new(Selector::new(move || over.get())),
        press: StoredValue::new(None),
        office: state.office,
        holds,
        toasts,
        moves,
        i18n: use_i18n(),
    };

    #[cfg(feature = "hydrate")]
    crate::board::drag::install_touch_guard();

    let _move = window_event_listener(leptos::ev::pointermove, move |ev| drag.follow(&ev));
    let _up = window_event_listener(leptos::ev::pointerup, move |ev| drag.finish(&ev));
    let _cancel = window_event_listener(leptos::ev::pointercancel, move |_| drag.end());
    let _escape = window_event_listener(leptos::ev::keydown, move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            if drag.dragged.get_untracked().is_some() {
                drag.end();
            } else if let Some(m) = moving.get_untracked() {
                moving.set(None);
                focus_move_button(&m.id);
            }
        }
    });
    drag
}

impl Drag {
    /// Whether a card is being dragged (tracked).
    pub fn active(self) -> bool {
        self.dragged.with(|d| d.is_some())
    }

    /// Whether the pointer is over the drop target `target` (tracked for that target only).
    pub fn is_over(self, target: &Option<String>) -> bool {
        self.over_target.with_value(|s| s.selected(target))
    }

    /// A pointer went down on a card: remember it, and with a finger start the long press.
    pub fn press(self, ev: PointerEvent, payload: Payload, label: String) {
        let touch = ev.pointer_type() == "touch";
        if (!touch && ev.button() != 0) || self.press.with_value(|p| p.is_some()) {
            return;
        }
        #[cfg(feature = "hydrate")]
        if crate::board::drag::on_control(&ev) {
            return;
        }
        if let Some(holder) = self.holds.holder_now(&payload.card()) {
            let i18n = self.i18n;
            self.toasts
                .notify(true, t_string!(i18n, held_by, name = holder).to_string());
            return;
        }
        let pointer = ev.pointer_id();
        self.press.set_value(Some(Press {
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
                    let ready = self.press.with_value(|p| {
                        p.as_ref()
                            .filter(|p| p.pointer == pointer && !p.active)
                            .cloned()
                    });
                    if let Some(mut p) = ready {
                        p.active = true;
                        self.start(&p, p.start);
                        self.press.set_value(Some(p));
                    }
                },
                LONG_PRESS,
            );
        }
    }

    /// The press becomes a drag: show the ghost and tell the others the card is in hand.
    fn start(self, p: &Press, at: (f64, f64)) {
        set_dragging(true);
        self.position.set(at);
        self.dragged.set(Some((p.payload.clone(), p.label.clone())));
        let (office, card) = (self.office.get_value(), p.payload.card());
        spawn_local(async move {
            let _ = hold_card(office, card).await;
        });
    }

    /// The drag (or press) is over: the card leaves the hand.
    fn end(self) {
        if let Some((payload, _)) = self.dragged.get_untracked() {
            let (office, card) = (self.office.get_value(), payload.card());
            spawn_local(async move {
                let _ = release_card(office, card).await;
            });
        }
        self.press.set_value(None);
        set_dragging(false);
        self.dragged.set(None);
        self.over.set(None);
    }

    /// The pointer moved: maybe start the drag, then follow it and the target under it.
    fn follow(self, ev: &PointerEvent) {
        let Some(mut p) = self
            .press
            .get_value()
            .filter(|p| p.pointer == ev.pointer_id())
        else {
            return;
        };
        let at = (ev.client_x() as f64, ev.client_y() as f64);
        if !p.active {
            let moved = ((at.0 - p.start.0).powi(2) + (at.1 - p.start.1).powi(2)).sqrt();
            if p.touch {
                if moved > DRAG_SLOP * 2.0 {
                    self.press.set_value(None); // a scroll, not a long press
                }
                return;
            }
            if moved < DRAG_SLOP {
                return;
            }
            p.active = true;
            self.start(&p, at);
            self.press.set_value(Some(p));
        }
        ev.prevent_default();
        self.position.set(at);
        let target = drop_target_at(at.0, at.1);
        if self.over.get_untracked() != target {
            self.over.set(target);
        }
    }

    /// The pointer went up: a mentee dropped on a mentor proposes a duo, a duo dropped on the
    /// waiting lane is undone.
    fn finish(self, ev: &PointerEvent) {
        let Some(p) = self
            .press
            .get_value()
            .filter(|p| p.pointer == ev.pointer_id())
        else {
            return;
        };
        self.end();
        if !p.active {
            return;
        }
        let target = drop_target_at(ev.client_x() as f64, ev.client_y() as f64);
        match (p.payload, target.as_deref()) {
            (Payload::Mentee(mentee), Some(t)) if t.starts_with("mentor:") => {
                self.moves.propose(mentee, t["mentor:".len()..].to_string())
            }
            (Payload::Duo(duo), Some("waiting")) => self.moves.dissolve(duo),
            _ => {}
        }
    }
}

/// Gives focus back to a mentee's "Move to…" button after its dialog closes.
pub fn focus_move_button(mentee_id: &str) {
    #[cfg(feature = "hydrate")]
    crate::board::drag::focus_selector(&format!("[data-move-for=\"{mentee_id}\"]"));
    #[cfg(not(feature = "hydrate"))]
    let _ = mentee_id;
}

/// The drop target under a point (none on the server).
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

/// Tells the touch guard whether a card is being dragged (nothing to tell on the server).
fn set_dragging(on: bool) {
    #[cfg(feature = "hydrate")]
    crate::board::drag::set_dragging(on);
    #[cfg(not(feature = "hydrate"))]
    let _ = on;
}
