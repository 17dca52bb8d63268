//! Limits on the work people outside can make the server do: password resets asked for per
//! address and per account, cards held per account, live streams open per account and per
//! address. The numbers sit here together, each with why it is what it is; the README's security
//! section lists them. Over a limit, a request is answered 429 ([`crate::error::AppError::TooManyRequests`]).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The window the password-reset counters count in.
pub const RESET_WINDOW: Duration = Duration::from_secs(3600);
/// Reset requests per hour from one network address: someone who forgot a password asks once
/// or twice, and an office behind one address has several people; a flood of mailboxes needs far
/// more.
pub const RESETS_PER_ADDRESS: usize = 10;
/// Reset requests per hour for one email address, whoever asks: at most one mail goes out every
/// five minutes anyway, so asking more only spends work (every address is counted, with or
/// without an account, so the answer tells nothing).
pub const RESETS_PER_ACCOUNT: usize = 3;
/// Reset requests waiting for the one worker that prepares them (one lookup, at most one mail
/// each, done in well under a second): a full queue means a flood, not people.
pub const RESET_QUEUE: usize = 32;
/// What someone refused by a full reset queue is told to wait, in seconds: the worker empties a
/// full queue well within it.
pub const RESET_QUEUE_RETRY_SECONDS: u64 = 60;
/// Cards one account may hold on the boards at once: a person drags one card at a time; a few
/// more cover releases lost when a tab closed mid-drag.
pub const HOLDS_PER_ACCOUNT: usize = 3;
/// How long a hold lasts unless released: a drag or a "Move to…" choice takes seconds; a hold
/// older than this comes from a tab that went away.
pub const HOLD_LIFETIME: Duration = Duration::from_secs(120);
/// Event streams one account may keep open: one per tab (board, follow-up, figures); browsers
/// open at most six connections to a site over HTTP/1.1 anyway.
pub const STREAMS_PER_ACCOUNT: usize = 6;
/// Event streams from one network address: a whole office behind one address (NAT), a few tabs
/// each.
pub const STREAMS_PER_ADDRESS: usize = 60;
/// What a client refused one more stream is told to wait, in seconds: a slot frees as soon as
/// one of its streams closes.
pub const STREAM_RETRY_SECONDS: u64 = 5;
/// Addresses or accounts a counter follows at once: past this, the oldest window still under
/// its limit is forgotten to make room, so the counters themselves stay bounded in memory.
pub const TRACKED_KEYS: usize = 10_000;

/// The network a caller's address stands for in the counters: an IPv4 address itself, an IPv6
/// address its /64 (one home or office is given a whole /64, so one address per request would
/// let one machine look like billions), an IPv4 address written as IPv6 the IPv4 address.
/// Anything else ("unknown") stays as it is.
pub fn network_of(address: &str) -> String {
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let prefix = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{prefix}/64")
            }
        },
        Ok(ip) => ip.to_string(),
        Err(_) => address.to_string(),
    }
}

/// Counts requests per key (an address, an account) in fixed windows.
pub struct WindowCounter {
    limit: usize,
    window: Duration,
    counts: Mutex<HashMap<String, (Instant, usize)>>,
}

impl WindowCounter {
    /// At most `limit` requests per key in each `window`.
    pub fn new(limit: usize, window: Duration) -> Self {
        WindowCounter {
            limit,
            window,
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `key` at `now`, or says how many seconds to wait (at least one).
    pub fn take(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        if !counts.contains_key(key) && counts.len() >= TRACKED_KEYS {
            counts.retain(|_, (start, _)| now.duration_since(*start) < self.window);
            // Still full (a flood from many keys): the oldest window still under its limit makes
            // room, so newcomers are not locked out and a key held at its limit stays held.
            // Only when every key followed is at its limit is a newcomer refused.
            if counts.len() >= TRACKED_KEYS {
                let oldest = counts
                    .iter()
                    .filter(|(_, (_, count))| *count < self.limit)
                    .min_by_key(|(_, (start, _))| *start)
                    .map(|(k, _)| k.clone());
                match oldest {
                    Some(oldest) => {
                        counts.remove(&oldest);
                    }
                    None => return Err(seconds(self.window)),
                }
            }
        }
        let (start, count) = counts.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(*start) >= self.window {
            (*start, *count) = (now, 0);
        }
        if *count >= self.limit {
            return Err(seconds(self.window - now.duration_since(*start)));
        }
        *count += 1;
        Ok(())
    }
}

/// Whole seconds to wait, rounded up, at least one (what `Retry-After` says).
fn seconds(wait: Duration) -> u64 {
    (wait.as_millis().div_ceil(1000) as u64).max(1)
}

/// Places for things that stay open (event streams), counted per key; a place is given back when
/// its [`Slot`] is dropped.
#[derive(Default)]
pub struct Slots {
    open: Arc<Mutex<HashMap<String, usize>>>,
}

/// Places taken under several keys at once; dropping it gives them back.
pub struct Slot {
    open: Arc<Mutex<HashMap<String, usize>>>,
    keys: Vec<String>,
}

impl Slots {
    /// A place under every key (each with its own limit), or none if any key is full.
    pub fn take(&self, keys: &[(String, usize)]) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if keys
            .iter()
            .any(|(key, limit)| open.get(key).copied().unwrap_or(0) >= *limit)
        {
            return None;
        }
        for (key, _) in keys {
            *open.entry(key.clone()).or_insert(0) += 1;
        }
        Some(Slot {
            open: self.open.clone(),
            keys: keys.iter().map(|(key, _)| key.clone()).collect(),
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        for key in &self.keys {
            if let Some(n) = open.get_mut(key) {
                *n -= 1;
                if *n == 0 {
                    open.remove(key);
                }
            }
        }
    }
}

/// The counters of one server process.
pub struct Limits {
    /// Password resets asked for, by the asking network address.
    pub resets_by_address: WindowCounter,
    /// Password resets asked for, by the email address to reset.
    pub resets_by_account: WindowCounter,
    /// Open event streams, by `account:` and `address:`.
    pub streams: Slots,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            resets_by_address: WindowCounter::new(RESETS_PER_ADDRESS, RESET_WINDOW),
            resets_by_account: WindowCounter::new(RESETS_PER_ACCOUNT, RESET_WINDOW),
            streams: Slots::default(),
        }
    }
}

impl Limits {
    /// A place for one more event stream of `account` from `address`.
    pub fn open_stream(&self, account: &str, address: &str) -> Option<Slot> {
        self.streams.take(&[
            (format!("account:{account}"), STREAMS_PER_ACCOUNT),
            (
                format!("address:{}", network_of(address)),
                STREAMS_PER_ADDRESS,
            ),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ipv6_caller_is_counted_by_its_64() {
        assert_eq!(network_of("192.0.2.7"), "192.0.2.7");
        assert_eq!(network_of("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(network_of("2001:db8:1:2:ffff:1:2:3"), "2001:db8:1:2::/64");
        assert_ne!(network_of("2001:db8:1:3::1"), network_of("2001:db8:1:2::1"));
        assert_eq!(network_of("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(network_of("unknown"), "unknown");
        // Streams from one /64 share the address's places.
        let limits = Limits::default();
        let open: Vec<_> = (0..STREAMS_PER_ADDRESS)
            .map(|n| limits.open_stream(&format!("user{n}"), &format!("2001:db8::{n:x}")))
            .collect();
        assert!(open.iter().all(Option::is_some));
        assert!(limits.open_stream("another", "2001:db8::ffff:1").is_none());
        assert!(limits.open_stream("another", "2001:db8:0:1::1").is_some());
    }

    #[test]
    fn a_window_counts_per_key_and_starts_over() {
        let counter = WindowCounter::new(2, Duration::from_secs(60));
        let start = Instant::now();
        assert_eq!(counter.take("a", start), Ok(()));
        assert_eq!(counter.take("a", start + Duration::from_secs(1)), Ok(()));
        assert_eq!(counter.take("a", start + Duration::from_secs(20)), Err(40));
        assert_eq!(counter.take("b", start + Duration::from_secs(20)), Ok(()));
        assert_eq!(counter.take("a", start + Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn a_counter_follows_a_bounded_number_of_keys() {
        let counter = WindowCounter::new(2, Duration::from_secs(60));
        let start = Instant::now();
        // One key held at its limit from the start (the oldest), then a flood of new keys.
        assert_eq!(counter.take("victim", start), Ok(()));
        assert_eq!(counter.take("victim", start), Ok(()));
        for n in 1..TRACKED_KEYS {
            let at = start + Duration::from_micros(n as u64);
            assert_eq!(counter.take(&n.to_string(), at), Ok(()));
        }
        // A newcomer is not locked out by a full table: the oldest window under its limit
        // makes room, never the one held at its limit…
        let later = start + Duration::from_secs(1);
        assert_eq!(counter.take("new", later), Ok(()));
        assert_eq!(counter.counts.lock().unwrap().len(), TRACKED_KEYS);
        assert!(!counter.counts.lock().unwrap().contains_key("1"));
        assert_eq!(counter.take("victim", later), Err(59));
        // …and the newcomer is counted like anyone.
        assert_eq!(counter.take("new", later), Ok(()));
        assert_eq!(counter.take("new", later), Err(60));
        // When every key followed is at its limit, a newcomer waits for a window to end.
        let full = WindowCounter::new(1, Duration::from_secs(60));
        for n in 0..TRACKED_KEYS {
            assert_eq!(full.take(&n.to_string(), start), Ok(()));
        }
        assert_eq!(full.take("new", later), Err(60));
        assert_eq!(full.take("new", start + Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn slots_are_given_back_when_dropped() {
        let slots = Slots::default();
        let keys = [("a".to_string(), 2), ("shared".to_string(), 3)];
        let first = slots.take(&keys).unwrap();
        let _second = slots.take(&keys).unwrap();
        assert!(slots.take(&keys).is_none(), "a is full");
        let _other = slots.take(&[("b".to_string(), 2), ("shared".to_string(), 3)]);
        assert!(
            slots
                .take(&[("c".to_string(), 2), ("shared".to_string(), 3)])
                .is_none(),
            "shared is full"
        );
        drop(first);
        assert!(slots.take(&keys).is_some());
    }
}
