//! Who may see which live event. Pure, so the rule is tested on its own; the server's event
//! stream (`/api/v1/events`) applies it to every event before sending it. Anonymous callers
//! never reach it: the stream answers them 401 before anything is sent (see the permission
//! matrix test of the server).
use super::LiveEvent;
use crate::model::Role;

/// Someone watching the event stream, as far as the rule needs to know them.
#[derive(Clone, Debug, PartialEq)]
pub struct Watcher {
    pub role: Role,
    /// The offices whose people the watcher sees (a coordinator's own; every office for an
    /// administrator; none for headquarters and mentors).
    pub offices: Vec<String>,
    /// The mentor record of a mentor's account.
    pub mentor: Option<String>,
}

impl Watcher {
    /// Whether the stream may be opened at all: by someone who sees an office's people, by
    /// headquarters, or by a mentor's account.
    pub fn may_watch(&self) -> bool {
        !self.offices.is_empty() || self.role == Role::Hq || self.mentor.is_some()
    }
}

/// What `watcher` is sent of `event`, if anything. Coordinators and administrators get their
/// offices' events; a mentor the `duo.*` events that name their mentor record; headquarters
/// every event without ids, names or actor (aggregates only).
///
/// Ids are record keys without their table, so a mentor's key is compared with every key of
/// the event (duo, mentee and mentor alike), not only with the mentor's.
pub fn as_seen_by(watcher: &Watcher, event: &LiveEvent) -> Option<LiveEvent> {
    match watcher.role {
        Role::Hq => Some(LiveEvent {
            ids: vec![],
            names: vec![],
            actor: None,
            ..event.clone()
        }),
        Role::Mentor => {
            let own = event.kind.starts_with("duo.")
                && watcher
                    .mentor
                    .as_ref()
                    .is_some_and(|m| event.ids.contains(m));
            own.then(|| event.clone())
        }
        Role::Admin | Role::Coordinator => watcher
            .offices
            .contains(&event.office)
            .then(|| event.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind of event the stream carries, as the services and the hub publish them:
    /// (kind, ids). Duo-related kinds name the duo, its mentee and its mentor.
    const KINDS: [(&str, &[&str]); 17] = [
        ("duo.created", &["duo1", "mentee1", "mentor1"]),
        ("duo.dissolved", &["duo1", "mentee1", "mentor1"]),
        ("duo.transition", &["duo1", "mentee1", "mentor1"]),
        ("meeting.logged", &["duo1", "mentee1", "mentor1"]),
        ("goal.changed", &["duo1", "mentee1", "mentor1"]),
        ("checkin.changed", &["duo1", "mentee1", "mentor1"]),
        ("outcome.recorded", &["duo1", "mentee1", "mentor1"]),
        ("mentee.created", &["mentee1"]),
        ("mentee.updated", &["mentee1"]),
        ("mentor.created", &["mentor1"]),
        ("mentor.updated", &["mentor1"]),
        ("person.anonymised", &["mentee1"]),
        ("person.withdrawn", &["mentee1"]),
        ("office.weights", &["liege"]),
        ("intervision.scheduled", &["session1"]),
        ("target.set", &[]),
        ("presence", &["user1"]),
    ];

    /// The board's own kinds, which carry names.
    const BOARD_KINDS: [&str; 2] = ["hold", "release"];

    fn event(kind: &str, office: &str, ids: &[&str]) -> LiveEvent {
        LiveEvent {
            kind: kind.into(),
            version: 7,
            epoch: "epoch".into(),
            office: office.into(),
            ids: ids.iter().map(|i| i.to_string()).collect(),
            actor: Some("user:coord".into()),
            names: vec!["Sofia".into()],
        }
    }

    fn every_event(office: &str) -> Vec<LiveEvent> {
        KINDS
            .iter()
            .map(|(kind, ids)| event(kind, office, ids))
            .chain(BOARD_KINDS.iter().map(|k| event(k, office, &["mentee1"])))
            .collect()
    }

    fn watcher(role: Role, offices: &[&str], mentor: Option<&str>) -> Watcher {
        Watcher {
            role,
            offices: offices.iter().map(|o| o.to_string()).collect(),
            mentor: mentor.map(str::to_string),
        }
    }

    fn admin() -> Watcher {
        watcher(
            Role::Admin,
            crate::domain::reference::OFFICES.as_slice(),
            None,
        )
    }

    #[test]
    fn administrators_see_every_office_event_whole() {
        for office in crate::domain::reference::OFFICES {
            for e in every_event(office) {
                assert_eq!(as_seen_by(&admin(), &e), Some(e.clone()), "{}", e.kind);
            }
        }
    }

    #[test]
    fn coordinators_see_their_offices_events_whole() {
        let liege = watcher(Role::Coordinator, &["liege"], None);
        for e in every_event("liege") {
            assert_eq!(as_seen_by(&liege, &e), Some(e.clone()), "{}", e.kind);
        }
    }

    #[test]
    fn coordinators_see_nothing_of_other_offices() {
        let ghent = watcher(Role::Coordinator, &["ghent"], None);
        for e in every_event("liege") {
            assert_eq!(as_seen_by(&ghent, &e), None, "{}", e.kind);
        }
    }

    #[test]
    fn headquarters_sees_every_event_without_ids_names_or_actor() {
        let hq = watcher(Role::Hq, &[], None);
        for e in every_event("liege") {
            let seen = as_seen_by(&hq, &e).expect("headquarters sees every event");
            assert_eq!(
                seen,
                LiveEvent {
                    ids: vec![],
                    names: vec![],
                    actor: None,
                    ..e.clone()
                },
                "{}",
                e.kind
            );
        }
    }

    #[test]
    fn a_mentor_sees_only_the_duo_events_of_their_own_duos() {
        let own = watcher(Role::Mentor, &[], Some("mentor1"));
        for e in every_event("liege") {
            let expected = e.kind.starts_with("duo.").then(|| e.clone());
            assert_eq!(as_seen_by(&own, &e), expected, "{}", e.kind);
        }
    }

    #[test]
    fn another_mentor_sees_nothing() {
        let other = watcher(Role::Mentor, &[], Some("mentor2"));
        for e in every_event("liege") {
            assert_eq!(as_seen_by(&other, &e), None, "{}", e.kind);
        }
    }

    #[test]
    fn a_mentor_account_without_a_mentor_record_sees_nothing() {
        let unlinked = watcher(Role::Mentor, &[], None);
        for e in every_event("liege") {
            assert_eq!(as_seen_by(&unlinked, &e), None, "{}", e.kind);
        }
    }

    /// Documents today's behaviour only, not a wish: ids carry no table, so a mentor whose
    /// record key equals the key of another duo or mentee named by a `duo.*` event sees it.
    #[test]
    fn todays_behaviour_a_mentor_key_matches_any_key_of_a_duo_event() {
        let clash = watcher(Role::Mentor, &[], Some("duo1"));
        let e = event("duo.created", "liege", &["duo1", "mentee1", "mentor1"]);
        assert_eq!(as_seen_by(&clash, &e), Some(e.clone()));
    }

    #[test]
    fn who_may_open_the_stream() {
        assert!(admin().may_watch());
        assert!(watcher(Role::Coordinator, &["liege"], None).may_watch());
        assert!(watcher(Role::Hq, &[], None).may_watch());
        assert!(watcher(Role::Mentor, &[], Some("mentor1")).may_watch());
        assert!(!watcher(Role::Mentor, &[], None).may_watch());
        assert!(!watcher(Role::Coordinator, &[], None).may_watch());
    }
}
