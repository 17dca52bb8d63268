//! Meetings logged on the phone wait here (the browser's local storage) until the server has
//! them. Each carries its idempotency key from the moment it is logged, so sending it again after
//! a lost answer never makes a second meeting.
//!
//! What waits belongs to one account: the stored list names its account, and another account
//! reading it finds nothing (and the list is dropped), so a phone that changes hands never shows
//! or sends the previous person's meetings. The list goes when the session ends (`forget`).
use crate::domain::lifecycle::NewMeeting;
use serde::{Deserialize, Serialize};

/// A meeting logged on this phone and not yet confirmed by the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub key: String,
    pub duo: String,
    pub meeting: NewMeeting,
}

/// What the phone keeps: one account's waiting meetings.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Kept {
    account: String,
    pending: Vec<Pending>,
}

/// The waiting meetings of `account` in the stored text; none when the text is another
/// account's, of an older format (no account named) or unreadable.
pub fn pending_of(stored: &str, account: &str) -> Vec<Pending> {
    match crate::ui::read_json::<Kept>(stored) {
        Ok(kept) if kept.account == account => kept.pending,
        _ => Vec::new(),
    }
}

/// The text to store for `account`'s waiting meetings.
pub fn stored_text(account: &str, pending: Vec<Pending>) -> String {
    let kept = Kept {
        account: account.to_string(),
        pending,
    };
    serde_json::to_string(&kept).unwrap_or_default()
}

/// How many meetings wait in the stored text, whoever's they are.
pub fn waiting_count(stored: &str) -> usize {
    crate::ui::read_json::<Kept>(stored).map_or(0, |kept| kept.pending.len())
}

#[cfg(feature = "hydrate")]
pub use browser::*;

/// The browser's storage, read and written for the signed-in account.
#[cfg(feature = "hydrate")]
mod browser {
    use super::{pending_of, stored_text, Pending};

    const KEY: &str = "duo.pending-meetings.v2";
    /// Where the first version kept meetings without naming their account: never read, dropped.
    const UNOWNED_KEY: &str = "duo.pending-meetings";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The meetings waiting for `account`. Another account's list is dropped from the phone.
    pub fn load(account: &str) -> Vec<Pending> {
        let Some(s) = storage() else {
            return Vec::new();
        };
        let _ = s.remove_item(UNOWNED_KEY);
        let Some(text) = s.get_item(KEY).ok().flatten() else {
            return Vec::new();
        };
        let pending = pending_of(&text, account);
        if pending.is_empty() {
            let _ = s.remove_item(KEY);
        }
        pending
    }

    fn save(account: &str, list: Vec<Pending>) {
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, &stored_text(account, list));
        }
    }

    pub fn push(account: &str, p: Pending) {
        let mut list = load(account);
        list.push(p);
        save(account, list);
    }

    pub fn remove(account: &str, key: &str) {
        let mut list = load(account);
        list.retain(|p| p.key != key);
        save(account, list);
    }

    /// How many meetings were dropped unsent when the last session ended: a bare number, so the
    /// sign-in page can say so (never silently) without keeping anything personal.
    const DROPPED_KEY: &str = "duo.unsent-dropped";

    /// Drops every waiting meeting: the session is over (signed out or expired). Their number
    /// is kept for the sign-in page to tell ([`take_dropped`]).
    pub fn forget() {
        if let Some(s) = storage() {
            let waiting = s
                .get_item(KEY)
                .ok()
                .flatten()
                .map_or(0, |text| super::waiting_count(&text));
            if waiting > 0 {
                let before = take_count(&s);
                let _ = s.set_item(DROPPED_KEY, &(before + waiting).to_string());
            }
            let _ = s.remove_item(KEY);
            let _ = s.remove_item(UNOWNED_KEY);
        }
    }

    fn take_count(s: &web_sys::Storage) -> usize {
        s.get_item(DROPPED_KEY)
            .ok()
            .flatten()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// The number of meetings dropped unsent with the last session, once (then forgotten).
    pub fn take_dropped() -> usize {
        let Some(s) = storage() else { return 0 };
        let n = take_count(&s);
        let _ = s.remove_item(DROPPED_KEY);
        n
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(key: &str) -> Pending {
        Pending {
            key: key.into(),
            duo: "brussels_001".into(),
            meeting: NewMeeting {
                date: "2026-11-30".into(),
                minutes: 60,
                mode: "in_person".into(),
                topics: vec![],
                note: None,
            },
        }
    }

    #[test]
    fn an_account_reads_back_only_its_own_waiting_meetings() {
        let text = stored_text("user:anna", vec![meeting("m-1"), meeting("m-2")]);
        let mine = pending_of(&text, "user:anna");
        assert_eq!(mine, vec![meeting("m-1"), meeting("m-2")]);
        // Another person signed in on the same phone sees none of them (and cannot send them).
        assert!(pending_of(&text, "user:bram").is_empty());
        assert!(pending_of(&text, "").is_empty());
    }

    #[test]
    fn a_list_without_an_account_or_unreadable_counts_as_nobodys() {
        // The first version stored a bare list with no account.
        let unowned = serde_json::to_string(&vec![meeting("m-1")]).unwrap();
        assert!(pending_of(&unowned, "user:anna").is_empty());
        assert!(pending_of("not json", "user:anna").is_empty());
        assert!(pending_of("", "user:anna").is_empty());
    }
}
