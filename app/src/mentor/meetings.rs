//! The meetings a mentor logged: those the server has, and those still waiting on the phone
//! (`queue`), sent oldest first whenever the connection allows; and their history as shown.
use crate::domain::lifecycle::NewMeeting;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::Meeting;
use crate::texts::{date_text, error_message};
use crate::texts::{mode_name, topic_name};
use leptos::prelude::*;

/// A meeting in the history: sent, or still on the phone.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    key: String,
    date: String,
    minutes: u32,
    mode: String,
    topics: Vec<String>,
    pending: bool,
}

impl From<&Meeting> for Shown {
    fn from(m: &Meeting) -> Self {
        Shown {
            key: m.id.clone(),
            date: m.date.clone(),
            minutes: m.minutes,
            mode: m.mode.clone(),
            topics: m.topics.clone(),
            pending: false,
        }
    }
}

#[cfg(feature = "hydrate")]
impl Shown {
    /// A meeting kept on the phone under its idempotency key.
    fn waiting(key: String, meeting: &NewMeeting) -> Self {
        Shown {
            key,
            date: meeting.date.clone(),
            minutes: meeting.minutes,
            mode: meeting.mode.clone(),
            topics: meeting.topics.clone(),
            pending: true,
        }
    }
}

/// The mentor's meetings and how their sending goes.
#[derive(Clone, Copy)]
pub struct MeetingLog {
    sent: RwSignal<Vec<Shown>>,
    pending: RwSignal<Vec<Shown>>,
    /// Whether the phone has no connection (what is logged waits on it).
    pub offline: RwSignal<bool>,
    /// Why the server refused a meeting for good.
    pub error: RwSignal<Option<AppError>>,
    /// "Sent", for a moment after a meeting reached the server.
    pub toast: RwSignal<Option<String>>,
    /// The duo the meetings are logged for.
    #[cfg(feature = "hydrate")]
    duo: StoredValue<String>,
    #[cfg(feature = "hydrate")]
    flushing: StoredValue<bool>,
    /// The signed-in account, whose meetings alone the phone keeps and sends (`None` until known).
    #[cfg(feature = "hydrate")]
    account: Signal<Option<String>>,
    #[cfg(feature = "hydrate")]
    i18n: leptos_i18n::I18nContext<Locale>,
}

/// The log of one duo's meetings. In the browser it picks up what waits on the phone and sends
/// it: at once, when the connection comes back, and every 15 seconds while anything waits.
pub fn use_meeting_log(
    duo_id: String,
    meetings: &[Meeting],
    account: Signal<Option<String>>,
) -> MeetingLog {
    let log = MeetingLog {
        sent: RwSignal::new(meetings.iter().map(Shown::from).collect()),
        pending: RwSignal::new(Vec::new()),
        offline: RwSignal::new(false),
        error: RwSignal::new(None),
        toast: RwSignal::new(None),
        #[cfg(feature = "hydrate")]
        duo: StoredValue::new(duo_id),
        #[cfg(feature = "hydrate")]
        flushing: StoredValue::new(false),
        #[cfg(feature = "hydrate")]
        account,
        #[cfg(feature = "hydrate")]
        i18n: use_i18n(),
    };
    #[cfg(feature = "hydrate")]
    log.keep_sending();
    #[cfg(not(feature = "hydrate"))]
    let _ = (duo_id, account);
    log
}

#[cfg(feature = "hydrate")]
impl MeetingLog {
    /// The signed-in account, once known (never another account's: see `queue`).
    fn account(self) -> Option<String> {
        self.account.get_untracked()
    }

    /// Loads the phone's waiting meetings once hydrated, and sends them whenever it can.
    fn keep_sending(self) {
        use crate::mentor::queue;
        let (pending, offline) = (self.pending, self.offline);
        let known = self.account;
        Effect::new(move |_| {
            // Runs again once the signed-in account is known.
            let Some(account) = known.get() else {
                return;
            };
            let duo_id = self.duo.get_value();
            let waiting: Vec<Shown> = queue::load(&account)
                .into_iter()
                .filter(|p| p.duo == duo_id)
                .map(|p| Shown::waiting(p.key, &p.meeting))
                .collect();
            pending.set(waiting);
            offline.set(!queue::online());
            self.flush();
        });
        let _online = window_event_listener(leptos::ev::online, move |_| {
            offline.set(false);
            self.flush();
        });
        let _offline = window_event_listener(leptos::ev::offline, move |_| offline.set(true));
        // A connection can come back without an `online` event (a flaky network): try again.
        let retry = set_interval_with_handle(
            move || {
                if pending.with_untracked(|p| !p.is_empty()) {
                    self.flush();
                }
            },
            std::time::Duration::from_secs(15),
        );
        on_cleanup(move || {
            if let Ok(handle) = retry {
                handle.clear();
            }
        });
    }

    /// Sends whatever waits on the phone, oldest first; stops at the first network failure.
    fn flush(self) {
        use crate::mentor::api::send_meeting;
        use crate::mentor::queue;
        use leptos::task::spawn_local;
        let Some(account) = self.account() else {
            return;
        };
        if self.flushing.get_value() {
            return;
        }
        self.flushing.set_value(true);
        let (sent, pending, toast, i18n) = (self.sent, self.pending, self.toast, self.i18n);
        spawn_local(async move {
            for p in queue::load(&account) {
                match send_meeting(p.duo.clone(), p.meeting.clone(), p.key.clone()).await {
                    Ok(m) => {
                        queue::remove(&account, &p.key);
                        pending.update(|list| list.retain(|s| s.key != p.key));
                        sent.update(|list| {
                            if !list.iter().any(|s| s.key == m.id) {
                                list.insert(0, Shown::from(&m));
                                list.sort_by(|a, b| b.date.cmp(&a.date));
                            }
                        });
                        toast.set(Some(t_string!(i18n, mentor.sent).to_string()));
                        set_timeout(move || toast.set(None), std::time::Duration::from_secs(5));
                    }
                    // No connection: keep it for later.
                    Err(AppError::Transport { .. }) => {
                        self.offline.set(true);
                        break;
                    }
                    // The session is over: nothing of it stays on the phone.
                    Err(AppError::Unauthenticated) => {
                        crate::mentor::session_end::forget_everything();
                        pending.set(Vec::new());
                        crate::ui::reload_at("/login");
                        break;
                    }
                    // Refused for good (the duo ended, say): say so and drop it.
                    Err(e) => {
                        queue::remove(&account, &p.key);
                        pending.update(|list| list.retain(|s| s.key != p.key));
                        self.error.set(Some(e));
                    }
                }
            }
            self.flushing.set_value(false);
        });
    }
}

impl MeetingLog {
    /// A meeting just logged: kept on the phone under a fresh idempotency key, shown as waiting,
    /// and sent (in the browser; the server never logs one).
    pub fn record(self, meeting: NewMeeting) {
        #[cfg(feature = "hydrate")]
        {
            use crate::mentor::queue;
            let key = queue::new_key();
            self.pending
                .update(|list| list.insert(0, Shown::waiting(key.clone(), &meeting)));
            // The page shows only a signed-in account's duo, so the account is known here.
            if let Some(account) = self.account() {
                let duo = self.duo.get_value();
                queue::push(&account, queue::Pending { key, duo, meeting });
            }
            self.flush();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = meeting;
    }
}

/// Whether the phone is offline, and why the server refused a meeting.
#[component]
pub fn SendStatus(log: MeetingLog) -> impl IntoView {
    let i18n = use_i18n();
    let (offline, error) = (log.offline, log.error);
    view! {
        <Show when=move || offline.get()>
            <p class="offline-banner" role="status">{t!(i18n, mentor.offline)}</p>
        </Show>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })}
    }
}

/// The meetings, those still on the phone first.
#[component]
pub fn MeetingHistory(log: MeetingLog) -> impl IntoView {
    let i18n = use_i18n();
    let (sent, pending) = (log.sent, log.pending);
    let history = move || {
        let mut list = pending.get();
        list.extend(sent.get());
        list
    };
    view! {
        <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">{t!(i18n, mentor.history)}</h2>
            <ul class="meetings">
                <For each=history key=|m| (m.key.clone(), m.pending) let(m)>
                    <li class="meeting" class:pending=m.pending data-meeting=m.key.clone()>
                        <span class="meeting-date">{
                            let d = m.date.clone();
                            move || date_text(i18n.get_locale(), &d)
                        }</span>
                        <span class="meeting-what">
                            {
                                let (mode, topics, n) = (m.mode.clone(), m.topics.clone(), m.minutes);
                                move || {
                                    let locale = i18n.get_locale();
                                    let mut parts = vec![format!("{n} min"), mode_name(locale, &mode)];
                                    parts.extend(topics.iter().map(|t| topic_name(locale, t)));
                                    parts.join(" · ")
                                }
                            }
                        </span>
                        <Show when=move || m.pending>
                            <span class="pending-note">{t!(i18n, mentor.pending)}</span>
                        </Show>
                    </li>
                </For>
            </ul>
            <Show when=move || sent.with(Vec::is_empty) && pending.with(Vec::is_empty)>
                <p class="empty">{t!(i18n, mentor.none)}</p>
            </Show>
        </section>
    }
}
