//! Meetings logged on the phone wait here (the browser's local storage) until the server has
//! them. Each carries its idempotency key from the moment it is logged, so sending it again after
//! a lost answer never makes a second meeting.
use crate::domain::lifecycle::NewMeeting;
use serde::{Deserialize, Serialize};

const KEY: &str = "duo.pending-meetings";

/// A meeting logged on this phone and not yet confirmed by the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub key: String,
    pub duo: String,
    pub meeting: NewMeeting,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load() -> Vec<Pending> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn save(list: &[Pending]) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(list)) {
        let _ = s.set_item(KEY, &text);
    }
}

pub fn push(p: Pending) {
    let mut list = load();
    list.push(p);
    save(&list);
}

pub fn remove(key: &str) {
    let mut list = load();
    list.retain(|p| p.key != key);
    save(&list);
}

/// A fresh idempotency key: time and randomness, unique enough for one phone's meetings.
pub fn new_key() -> String {
    let now = js_sys::Date::now() as u64;
    let a = (js_sys::Math::random() * 1e15) as u64;
    let b = (js_sys::Math::random() * 1e15) as u64;
    format!("m-{now:x}-{a:x}-{b:x}")
}

/// Whether the browser believes it is online.
pub fn online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}
