//! Moves as the coordinator sees them: applied to the lanes at once, sent to the server, undone
//! if it refuses, and told in a short message at the foot of the board.
use crate::board::api::{propose_duo, undo_duo};
use crate::board::moves::PENDING;
use crate::board::state::BoardState;
use crate::i18n::*;
use crate::texts::error_message;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::I18nContext;
use std::time::Duration;

/// A short message: what a move did, or why it was refused.
#[derive(Clone, Debug, PartialEq)]
struct Toast {
    id: u64,
    error: bool,
    text: String,
}

/// The board's one message at a time; each goes away by itself after a few seconds.
#[derive(Clone, Copy, Default)]
pub struct Toasts(RwSignal<Option<Toast>>);

impl Toasts {
    /// Shows a message (in place of the one before).
    pub fn notify(self, error: bool, text: String) {
        let toast = self.0;
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
    }
}

/// Where the messages appear, read out politely by screen readers.
#[component]
pub fn ToastRegion(toasts: Toasts) -> impl IntoView {
    view! {
        <div class="toast-region" role="status" aria-live="polite">
            {move || toasts.0.get().map(|t| view! {
                <div class="toast" class:error=t.error>{t.text}</div>
            })}
        </div>
    }
}

/// Proposing and undoing duos under the coordinator's hand.
#[derive(Clone, Copy)]
pub struct OptimisticMoves {
    state: BoardState,
    /// Whether the live stream is up (it brings the server's truth after a write).
    live: RwSignal<Option<bool>>,
    toasts: Toasts,
    i18n: I18nContext<Locale>,
}

impl OptimisticMoves {
    pub fn new(state: BoardState, live: RwSignal<Option<bool>>, toasts: Toasts) -> Self {
        OptimisticMoves {
            state,
            live,
            toasts,
            i18n: use_i18n(),
        }
    }

    /// After one's own write the server's truth replaces the optimistic picture: the live stream
    /// brings it (the change's own event), so refetch here only when the stream cannot — the
    /// write was refused (no event) or the stream is down.
    fn reconcile(self, refused: bool) {
        if refused || self.live.get_untracked() != Some(true) {
            self.state.refresh();
        }
    }

    /// Proposes a duo of a waiting mentee and an available mentor.
    pub fn propose(self, mentee_id: String, mentor_id: String) {
        let (lanes, i18n) = (self.state.lanes, self.i18n);
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
                    self.toasts.notify(
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
                    self.toasts
                        .notify(true, error_message(i18n.get_locale(), &e));
                    refused = true;
                }
            }
            self.reconcile(refused);
        });
    }

    /// Takes back a duo that has not started (never one the server has not confirmed yet).
    pub fn dissolve(self, duo_id: String) {
        if duo_id.starts_with(PENDING) {
            return;
        }
        let (lanes, i18n) = (self.state.lanes, self.i18n);
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
                Ok(_) => self.toasts.notify(
                    false,
                    t_string!(i18n, duo_dissolved, mentee = mentee_name).to_string(),
                ),
                Err(e) => {
                    lanes.set(before);
                    self.toasts
                        .notify(true, error_message(i18n.get_locale(), &e));
                    refused = true;
                }
            }
            self.reconcile(refused);
        });
    }
}
