//! The in-process event hub: publish after commit (see [`super::change`]), fan out to every
//! subscriber, and keep the recent past so a client that reconnects with `Last-Event-ID` gets
//! what it missed.
use super::holds::{Dropped, HoldBook, HoldRefused, Holder};
use super::LiveEvent;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::broadcast;

/// How many recent events a reconnecting client can catch up on.
const HISTORY: usize = 1024;

pub struct EventHub {
    epoch: String,
    version: AtomicU64,
    /// Counts the announced changes of records (not presence, holds or notices): what shared
    /// computations such as the figures are keyed on.
    data_version: AtomicU64,
    sender: broadcast::Sender<LiveEvent>,
    history: Mutex<VecDeque<LiveEvent>>,
    /// Turns true when the server shuts down, so open streams end and shutdown can finish.
    closing: tokio::sync::watch::Sender<bool>,
    /// Who has a board open, by stream.
    viewers: Mutex<HashMap<u64, Viewer>>,
    next_stream: AtomicU64,
    /// Cards being dragged right now, a few per account, each for a limited time.
    holds: Mutex<HoldBook>,
}

/// A person with a board of one office open.
#[derive(Clone, Debug, PartialEq)]
pub struct Viewer {
    pub user: String,
    pub name: String,
    pub office: String,
}

/// Keeps a viewer on the board while their stream is open; leaving releases their cards.
pub struct Presence {
    hub: std::sync::Arc<EventHub>,
    stream: u64,
}

impl Drop for Presence {
    fn drop(&mut self) {
        self.hub.leave(self.stream);
    }
}

/// What a reconnecting client gets.
pub enum CatchUp {
    /// The events it missed (possibly none).
    Missed(Vec<LiveEvent>),
    /// Too far behind, or another server process: refetch everything.
    Resync,
}

impl Default for EventHub {
    fn default() -> Self {
        Self::new()
    }
}

impl EventHub {
    pub fn new() -> Self {
        Self::with_hold_lifetime(crate::limits::HOLD_LIFETIME)
    }

    /// A hub whose card holds end by themselves after `lifetime` (tests shorten it).
    pub fn with_hold_lifetime(lifetime: Duration) -> Self {
        let (sender, _) = broadcast::channel(HISTORY);
        EventHub {
            epoch: crate::db::new_key(),
            version: AtomicU64::new(0),
            data_version: AtomicU64::new(0),
            sender,
            history: Mutex::new(VecDeque::with_capacity(HISTORY)),
            closing: tokio::sync::watch::Sender::new(false),
            viewers: Mutex::new(HashMap::new()),
            next_stream: AtomicU64::new(1),
            holds: Mutex::new(HoldBook::new(lifetime, crate::limits::HOLDS_PER_ACCOUNT)),
        }
    }

    /// The version of the last event published.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
    }

    /// How many changes of records were announced so far. A computation begun after reading
    /// `n` holds every change announced up to `n` (announcements follow commits).
    pub fn data_version(&self) -> u64 {
        self.data_version.load(Ordering::SeqCst)
    }

    /// Ends every open stream (at shutdown).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves when the server shuts down.
    pub fn closing(&self) -> tokio::sync::watch::Receiver<bool> {
        self.closing.subscribe()
    }

    pub fn epoch(&self) -> &str {
        &self.epoch
    }

    /// This process, as written in the `origin` of the changes it commits.
    pub fn origin(&self) -> &str {
        &self.epoch
    }

    /// Announces a committed change. Versions are assigned under the history lock, so the
    /// stream and the history agree on the order.
    pub fn publish(&self, kind: &str, office: &str, ids: Vec<String>, actor: Option<String>) {
        self.publish_named(kind, office, ids, vec![], actor);
    }

    fn publish_named(
        &self,
        kind: &str,
        office: &str,
        ids: Vec<String>,
        names: Vec<String>,
        actor: Option<String>,
    ) {
        let mut history = self.history.lock().unwrap_or_else(|p| p.into_inner());
        let version = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        // Before the event leaves: whoever hears it and asks again finds a newer data version.
        if !super::is_ephemeral(kind) {
            self.data_version.fetch_add(1, Ordering::SeqCst);
        }
        let event = LiveEvent {
            kind: kind.to_string(),
            version,
            epoch: self.epoch.clone(),
            office: office.to_string(),
            ids,
            actor,
            names,
        };
        if history.len() == HISTORY {
            history.pop_front();
        }
        history.push_back(event.clone());
        // No subscriber is fine: nobody is watching.
        let _ = self.sender.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }

    /// The events after `Last-Event-ID` (`epoch`, `version`).
    pub fn since(&self, epoch: &str, version: u64) -> CatchUp {
        if epoch != self.epoch {
            return CatchUp::Resync;
        }
        let history = self.history.lock().unwrap_or_else(|p| p.into_inner());
        match history.front() {
            Some(oldest) if oldest.version > version + 1 => CatchUp::Resync,
            _ => CatchUp::Missed(
                history
                    .iter()
                    .filter(|e| e.version > version)
                    .cloned()
                    .collect(),
            ),
        }
    }

    /// A viewer opened a board: everyone on that office's board learns who is there.
    pub fn join(self: &std::sync::Arc<Self>, viewer: Viewer) -> Presence {
        let stream = self.next_stream.fetch_add(1, Ordering::SeqCst);
        let office = viewer.office.clone();
        self.viewers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(stream, viewer);
        self.announce_presence(&office);
        Presence {
            hub: self.clone(),
            stream,
        }
    }

    fn leave(&self, stream: u64) {
        let gone = self
            .viewers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&stream);
        let Some(gone) = gone else { return };
        let still_there = self
            .viewers(&gone.office)
            .iter()
            .any(|(user, _)| *user == gone.user);
        if !still_there {
            // Their last tab closed or lost its connection: the cards they held are free.
            let released = self
                .holds
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .release_all(&gone.office, &gone.user);
            for card in released {
                self.publish_named(
                    "release",
                    &gone.office,
                    vec![card],
                    vec![],
                    Some(gone.user.clone()),
                );
            }
        }
        self.announce_presence(&gone.office);
    }

    /// Who has the office's board open (one entry per person, in order of arrival).
    pub fn viewers(&self, office: &str) -> Vec<(String, String)> {
        let viewers = self.viewers.lock().unwrap_or_else(|p| p.into_inner());
        let mut streams: Vec<(&u64, &Viewer)> =
            viewers.iter().filter(|(_, v)| v.office == office).collect();
        streams.sort_by_key(|(id, _)| **id);
        let mut people: Vec<(String, String)> = Vec::new();
        for (_, v) in streams {
            if !people.iter().any(|(user, _)| *user == v.user) {
                people.push((v.user.clone(), v.name.clone()));
            }
        }
        people
    }

    fn announce_presence(&self, office: &str) {
        let (ids, names) = self.viewers(office).into_iter().unzip();
        self.publish_named("presence", office, ids, names, None);
    }

    /// A card is picked up. Refused while someone else holds it (with the holder's name), or
    /// when `by` holds as many cards as an account may. Holds that ran out end first.
    pub fn hold(&self, office: &str, card: &str, by: &Viewer) -> Result<(), HoldRefused> {
        let holder = Holder {
            user: by.user.clone(),
            name: by.name.clone(),
        };
        let now = Instant::now();
        let (expired, held) = {
            let mut holds = self.holds.lock().unwrap_or_else(|p| p.into_inner());
            let expired = holds.expire(now);
            (expired, holds.hold(office, card, holder, now))
        };
        self.announce_released(expired);
        held?;
        self.publish_named(
            "hold",
            office,
            vec![card.to_string()],
            vec![by.name.clone()],
            Some(by.user.clone()),
        );
        Ok(())
    }

    /// A card is dropped or put back.
    pub fn release(&self, office: &str, card: &str, user: &str) {
        let removed = self
            .holds
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .release(office, card, user);
        if removed {
            self.announce_released(vec![(office.into(), card.into(), user.into())]);
        }
    }

    /// Cards held on an office's board: (card, holder name, holder user). Holds that ran out
    /// end first.
    pub fn holds(&self, office: &str) -> Vec<(String, String, String)> {
        let (expired, held) = {
            let mut holds = self.holds.lock().unwrap_or_else(|p| p.into_inner());
            (holds.expire(Instant::now()), holds.on(office))
        };
        self.announce_released(expired);
        held
    }

    /// Tells the boards that these cards are free again.
    fn announce_released(&self, released: Vec<Dropped>) {
        for (office, card, user) in released {
            self.publish_named("release", &office, vec![card], vec![], Some(user));
        }
    }
}
