//! The cards held on the boards right now, bounded: an account holds a few cards at most, and a
//! hold ends by itself after [`crate::limits::HOLD_LIFETIME`] (a tab that vanished mid-drag
//! never sends its release). Pure bookkeeping with the time passed in, so it is tested on its
//! own; the hub ([`super::hub`]) keeps one book and announces what changes.
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Who holds a card.
#[derive(Clone, Debug, PartialEq)]
pub struct Holder {
    pub user: String,
    pub name: String,
}

/// Why a card cannot be picked up.
#[derive(Clone, Debug, PartialEq)]
pub enum HoldRefused {
    /// Someone else holds it (their name).
    HeldBy(String),
    /// The caller already holds as many cards as an account may.
    TooMany,
}

/// A card that stopped being held: (office, card, user who held it).
pub type Dropped = (String, String, String);

/// The holds of every board: (office, card) → holder and when the hold ends.
pub struct HoldBook {
    lifetime: Duration,
    per_account: usize,
    holds: HashMap<(String, String), (Holder, Instant)>,
}

impl HoldBook {
    /// A book whose holds last `lifetime`, at most `per_account` of them per account.
    pub fn new(lifetime: Duration, per_account: usize) -> Self {
        HoldBook {
            lifetime,
            per_account,
            holds: HashMap::new(),
        }
    }

    /// Ends the holds that have run out at `now`; returns them, to announce their release.
    pub fn expire(&mut self, now: Instant) -> Vec<Dropped> {
        let ended: Vec<(String, String)> = self
            .holds
            .iter()
            .filter(|(_, (_, until))| *until <= now)
            .map(|(key, _)| key.clone())
            .collect();
        ended
            .into_iter()
            .filter_map(|key| {
                let (holder, _) = self.holds.remove(&key)?;
                Some((key.0, key.1, holder.user))
            })
            .collect()
    }

    /// `by` picks up `card` on `office`'s board at `now` (picking it up again renews the hold).
    pub fn hold(
        &mut self,
        office: &str,
        card: &str,
        by: Holder,
        now: Instant,
    ) -> Result<(), HoldRefused> {
        let key = (office.to_string(), card.to_string());
        match self.holds.get(&key) {
            Some((holder, _)) if holder.user != by.user => {
                return Err(HoldRefused::HeldBy(holder.name.clone()))
            }
            Some(_) => {}
            None => {
                let held = self.holds.values().filter(|(h, _)| h.user == by.user);
                if held.count() >= self.per_account {
                    return Err(HoldRefused::TooMany);
                }
            }
        }
        self.holds.insert(key, (by, now + self.lifetime));
        Ok(())
    }

    /// `user` puts `card` down; whether they held it.
    pub fn release(&mut self, office: &str, card: &str, user: &str) -> bool {
        let key = (office.to_string(), card.to_string());
        match self.holds.get(&key) {
            Some((holder, _)) if holder.user == user => self.holds.remove(&key).is_some(),
            _ => false,
        }
    }

    /// Ends every hold of `user` on `office`'s board (their last tab there closed); the cards.
    pub fn release_all(&mut self, office: &str, user: &str) -> Vec<String> {
        let cards: Vec<(String, String)> = self
            .holds
            .iter()
            .filter(|((o, _), (h, _))| o == office && h.user == user)
            .map(|(key, _)| key.clone())
            .collect();
        cards
            .into_iter()
            .filter_map(|key| self.holds.remove(&key).map(|_| key.1))
            .collect()
    }

    /// Cards held on an office's board: (card, holder name, holder user).
    pub fn on(&self, office: &str) -> Vec<(String, String, String)> {
        self.holds
            .iter()
            .filter(|((o, _), _)| o == office)
            .map(|((_, card), (h, _))| (card.clone(), h.name.clone(), h.user.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(user: &str) -> Holder {
        Holder {
            user: user.into(),
            name: user.to_uppercase(),
        }
    }

    fn book() -> HoldBook {
        HoldBook::new(Duration::from_secs(60), 2)
    }

    #[test]
    fn one_holder_per_card() {
        let (mut b, now) = (book(), Instant::now());
        assert_eq!(b.hold("liege", "c1", person("ann"), now), Ok(()));
        assert_eq!(
            b.hold("liege", "c1", person("bram"), now),
            Err(HoldRefused::HeldBy("ANN".into()))
        );
        assert_eq!(b.hold("ghent", "c1", person("bram"), now), Ok(()));
        assert!(!b.release("liege", "c1", "bram"));
        assert!(b.release("liege", "c1", "ann"));
        assert_eq!(b.hold("liege", "c1", person("bram"), now), Ok(()));
    }

    #[test]
    fn an_account_holds_a_bounded_number_of_cards() {
        let (mut b, now) = (book(), Instant::now());
        assert_eq!(b.hold("liege", "c1", person("ann"), now), Ok(()));
        assert_eq!(b.hold("ghent", "c2", person("ann"), now), Ok(()));
        assert_eq!(
            b.hold("liege", "c3", person("ann"), now),
            Err(HoldRefused::TooMany)
        );
        // Taking a card already held again is a renewal, not one more.
        assert_eq!(b.hold("liege", "c1", person("ann"), now), Ok(()));
        // Others are not held back by Ann.
        assert_eq!(b.hold("liege", "c3", person("bram"), now), Ok(()));
        assert!(b.release("liege", "c1", "ann"));
        assert_eq!(b.hold("liege", "c4", person("ann"), now), Ok(()));
    }

    #[test]
    fn holds_end_by_themselves_and_stop_counting() {
        let (mut b, start) = (book(), Instant::now());
        b.hold("liege", "c1", person("ann"), start).unwrap();
        b.hold(
            "liege",
            "c2",
            person("ann"),
            start + Duration::from_secs(30),
        )
        .unwrap();
        assert!(b.expire(start + Duration::from_secs(59)).is_empty());
        assert_eq!(
            b.expire(start + Duration::from_secs(60)),
            vec![("liege".into(), "c1".into(), "ann".into())]
        );
        assert_eq!(
            b.on("liege"),
            vec![("c2".into(), "ANN".into(), "ann".into())]
        );
        let later = start + Duration::from_secs(61);
        assert_eq!(b.hold("liege", "c3", person("ann"), later), Ok(()));
        assert_eq!(b.expire(start + Duration::from_secs(200)).len(), 2);
        assert!(b.on("liege").is_empty());
    }

    #[test]
    fn leaving_the_board_frees_every_card_held_there() {
        let (mut b, now) = (book(), Instant::now());
        b.hold("liege", "c1", person("ann"), now).unwrap();
        b.hold("ghent", "c2", person("ann"), now).unwrap();
        assert_eq!(b.release_all("liege", "ann"), vec!["c1".to_string()]);
        assert_eq!(b.on("ghent").len(), 1);
        assert!(b.on("liege").is_empty());
    }
}
