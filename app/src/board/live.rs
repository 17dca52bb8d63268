//! The board's live stream: changes made elsewhere (other coordinators, the API) refresh it, and
//! presence shows who else has it open and which cards they hold right now.
use crate::board::state::BoardState;
use crate::i18n::*;
use leptos::prelude::*;
use std::collections::HashMap;

/// The cards other coordinators hold right now: card id to the holder's name.
#[derive(Clone, Copy)]
pub struct Holds(RwSignal<HashMap<String, String>>);

impl Holds {
    fn new() -> Self {
        Holds(RwSignal::new(HashMap::new()))
    }

    /// Who holds a card at this moment (read once, when a press starts).
    pub fn holder_now(self, card: &str) -> Option<String> {
        self.0.with_untracked(|h| h.get(card).cloned())
    }

    /// Follows who holds one card, for the card's view.
    pub fn holder_of(self, card: String) -> Memo<Option<String>> {
        let holds = self.0;
        Memo::new(move |_| holds.with(|h| h.get(&card).cloned()))
    }

    #[cfg(feature = "hydrate")]
    fn take(self, card: &str, name: &str) {
        self.0.update(|h| {
            h.insert(card.to_string(), name.to_string());
        });
    }

    #[cfg(feature = "hydrate")]
    fn release(self, card: &str) {
        self.0.update(|h| {
            h.remove(card);
        });
    }
}

/// What the live stream gives the board.
#[derive(Clone, Copy)]
pub struct BoardLive {
    /// None while connecting, then whether the stream is up (the browser reconnects by itself
    /// and resumes).
    pub up: RwSignal<Option<bool>>,
    /// Names of the others who have this board open.
    pub others: RwSignal<Vec<String>>,
    pub holds: Holds,
}

/// Follows the office's live stream (in the browser; on the server it stays empty): presence
/// and holds update at once, any other change of the office refreshes the board.
pub fn use_board_live(state: BoardState) -> BoardLive {
    let live = BoardLive {
        up: RwSignal::new(None),
        others: RwSignal::new(Vec::new()),
        holds: Holds::new(),
    };
    #[cfg(feature = "hydrate")]
    connect(state, live);
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
    live
}

/// Opens the stream; it is closed when the board goes away.
#[cfg(feature = "hydrate")]
fn connect(state: BoardState, live: BoardLive) {
    use std::time::Duration;
    let me = RwSignal::new(None::<String>);
    let this_office = state.office.get_value();
    let scheduled = StoredValue::new(false);
    let connection = crate::live::client::connect(
        &format!("/api/v1/events?office={this_office}"),
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
                    live.others.set(names);
                    return;
                }
                "hold" if event.office == this_office && !mine => {
                    if let (Some(card), Some(name)) = (event.ids.first(), event.names.first()) {
                        live.holds.take(card, name);
                    }
                    return;
                }
                "release" if event.office == this_office => {
                    if let Some(card) = event.ids.first() {
                        live.holds.release(card);
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
                        state.refresh();
                    },
                    Duration::from_millis(120),
                );
            }
        },
        move |up| live.up.set(Some(up)),
    );
    let _connection = StoredValue::new_local(connection);
}

/// "Also here": the others who have this board open, with their initials.
#[component]
pub fn Presence(others: RwSignal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
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
    }
}

/// Whether the board follows changes made elsewhere right now.
#[component]
pub fn LiveBadge(up: RwSignal<Option<bool>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span
            class="live"
            class:on=move || up.get() == Some(true)
            class:off=move || up.get() == Some(false)
            title=move || t_string!(i18n, live_hint)
        >
            {move || match up.get() {
                Some(true) => t_string!(i18n, live_on).to_string(),
                Some(false) => t_string!(i18n, live_off).to_string(),
                None => String::new(),
            }}
        </span>
    }
}
