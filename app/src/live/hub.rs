//! The in-process event hub: publish after commit, fan out to every subscriber, and keep the
//! recent past so a client that reconnects with `Last-Event-ID` gets what it missed.
use super::LiveEvent;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use tokio::sync::broadcast;

/// How many recent events a reconnecting client can catch up on.
const HISTORY: usize = 1024;

pub struct EventHub {
    epoch: String,
    version: AtomicU64,
    sender: broadcast::Sender<LiveEvent>,
    history: Mutex<VecDeque<LiveEvent>>,
    /// Turns true when the server shuts down, so open streams end and shutdown can finish.
    closing: tokio::sync::watch::Sender<bool>,
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
        let (sender, _) = broadcast::channel(HISTORY);
        EventHub {
            epoch: crate::db::new_key(),
            version: AtomicU64::new(0),
            sender,
            history: Mutex::new(VecDeque::with_capacity(HISTORY)),
            closing: tokio::sync::watch::Sender::new(false),
        }
    }

    /// The version of the last event published.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::SeqCst)
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

    /// Announces a committed change. Versions are assigned under the history lock, so the
    /// stream and the history agree on the order.
    pub fn publish(&self, kind: &str, office: &str, ids: Vec<String>, actor: Option<String>) {
        let mut history = self.history.lock().unwrap_or_else(|p| p.into_inner());
        let version = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        let event = LiveEvent {
            kind: kind.to_string(),
            version,
            epoch: self.epoch.clone(),
            office: office.to_string(),
            ids,
            actor,
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
}
