//! Who may see which live event. Pure, so the rule is tested on its own; the server's event
//! stream (`/api/v1/events`) applies it to every event before sending it. Anonymous callers
//! never reach it: the stream answers them 401 before anything is sent (see the permission
//! matrix test of the server).
use super::{LiveEvent, NOTICE};
use crate::model::Role;

/// Someone watching the event stream, as far as the rule needs to know them.
#[derive(Clone, Debug, PartialEq)]
pub struct Watcher {
    pub role: Role,
    /// The offices whose people the watcher sees (a coordinator's own; every office for an
    /// administrator; none for headquarters and mentors).
    pub offices: Vec<String>,
    /// The mentor record of a mentor's account, as a full id (`mentor:key`, see
    /// [`super::record_id`]).
    pub mentor: Option<String>,
    /// The watcher's own account, as a full id (`user:key`): their notices' events name it.
    pub user: String,
}

impl Watcher {
    /// Whether the stream may be opened at all: by someone who sees an office's people, by
    /// headquarters, or by a mentor's account.
    pub fn may_watch(&self) -> bool {
        !self.offices.is_empty() || self.role == Role::Hq || self.mentor.is_some()
    }
}

/// The one event headquarters hear: the figures changed somewhere.
pub const FIGURES_CHANGED: &str = "figures.changed";

/// What `watcher` is sent of `event`, if anything. Coordinators and administrators get their
/// offices' events; a mentor the `duo.*` events that name their mentor record; headquarters
/// only that figures changed (no kind, office, ids, names or actor: aggregates only).
///
/// Ids are full record ids (`table:key`): keys repeat across tables, so a mentor is matched
/// only by their own mentor record, never by a duo or a mentee that has the same key.
pub fn as_seen_by(watcher: &Watcher, event: &LiveEvent) -> Option<LiveEvent> {
    // A notice is its recipients' own business, whatever their role: each hears only that
    // their own inbox changed, never who else was notified.
    if event.kind == NOTICE {
        return event.ids.contains(&watcher.user).then(|| LiveEvent {
            office: String::new(),
            ids: vec![watcher.user.clone()],
            names: vec![],
            actor: None,
            ..event.clone()
        });
    }
    match watcher.role {
        Role::Hq => match event.kind.as_str() {
            // Who is on which board concerns coordinators only.
            "presence" | "hold" | "release" => None,
            // The stream's own greetings carry nothing.
            "hello" | "resync" => Some(LiveEvent {
                ids: vec![],
                names: vec![],
                actor: None,
                ..event.clone()
            }),
            // That figures changed, and nothing more: the kind, office and records of each
            // change (a withdrawal in Ghent at 10:02) are micro-data the dashboard's suppression
            // exists to keep from headquarters.
            _ => Some(LiveEvent {
                kind: FIGURES_CHANGED.to_string(),
                office: String::new(),
                ids: vec![],
                names: vec![],
                actor: None,
                ..event.clone()
            }),
        },
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
    const DUO: &[&str] = &["duo:duo1", "mentee:mentee1", "mentor:mentor1"];
    const KINDS: [(&str, &[&str]); 19] = [
        ("draft.created", DUO),
        ("draft.dropped", DUO),
        ("duo.created", DUO),
        ("duo.dissolved", DUO),
        ("duo.transition", DUO),
        ("meeting.logged", DUO),
        ("goal.changed", DUO),
        ("checkin.changed", DUO),
        ("outcome.recorded", DUO),
        ("mentee.created", &["mentee:mentee1"]),
        ("mentee.updated", &["mentee:mentee1"]),
        ("mentor.created", &["mentor:mentor1"]),
        ("mentor.updated", &["mentor:mentor1"]),
        ("person.anonymised", &["mentee:mentee1"]),
        ("person.withdrawn", &["mentee:mentee1"]),
        ("office.weights", &["office:liege"]),
        ("intervision.scheduled", &["intervision:session1"]),
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
            user: "user:watcher".into(),
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
    fn headquarters_hear_only_that_figures_changed() {
        let hq = watcher(Role::Hq, &[], None);
        for e in every_event("liege") {
            let seen = as_seen_by(&hq, &e);
            if matches!(e.kind.as_str(), "presence" | "hold" | "release") {
                assert_eq!(seen, None, "{} is for boards only", e.kind);
                continue;
            }
            assert_eq!(
                seen,
                Some(LiveEvent {
                    kind: FIGURES_CHANGED.into(),
                    office: String::new(),
                    ids: vec![],
                    names: vec![],
                    actor: None,
                    ..e.clone()
                }),
                "{}",
                e.kind
            );
        }
    }

    #[test]
    fn a_mentor_sees_only_the_duo_events_of_their_own_duos() {
        let own = watcher(Role::Mentor, &[], Some("mentor:mentor1"));
        for e in every_event("liege") {
            let expected = e.kind.starts_with("duo.").then(|| e.clone());
            assert_eq!(as_seen_by(&own, &e), expected, "{}", e.kind);
        }
    }

    /// A draft is the office's business until the matching meeting proposes it: even its own
    /// mentor hears nothing of it (DESIGN §6), while its coordinators and headquarters do.
    #[test]
    fn a_mentor_never_hears_of_their_own_draft() {
        let own = watcher(Role::Mentor, &[], Some("mentor:mentor1"));
        for kind in ["draft.created", "draft.dropped"] {
            let e = event(kind, "liege", DUO);
            assert_eq!(as_seen_by(&own, &e), None, "{kind}");
            let liege = watcher(Role::Coordinator, &["liege"], None);
            assert_eq!(as_seen_by(&liege, &e), Some(e.clone()), "{kind}");
        }
        // Once proposed, the step that makes it theirs reaches them.
        let proposed = event("duo.transition", "liege", DUO);
        assert_eq!(as_seen_by(&own, &proposed), Some(proposed.clone()));
    }

    #[test]
    fn another_mentor_sees_nothing() {
        let other = watcher(Role::Mentor, &[], Some("mentor:mentor2"));
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

    /// Keys repeat across tables (the demo seeds do it): a mentor whose record key is also the
    /// key of another duo, or of that duo's mentee, never sees that duo's events.
    #[test]
    fn a_mentor_whose_key_collides_with_another_duos_records_sees_nothing_of_it() {
        let clash = watcher(Role::Mentor, &[], Some("mentor:k"));
        for ids in [
            ["duo:k", "mentee:m", "mentor:other"],
            ["duo:d", "mentee:k", "mentor:other"],
            ["duo:k", "mentee:k", "mentor:other"],
        ] {
            for kind in ["duo.created", "duo.dissolved", "duo.transition"] {
                assert_eq!(
                    as_seen_by(&clash, &event(kind, "liege", &ids)),
                    None,
                    "{ids:?}"
                );
            }
        }
        // Nor does a bare key, should one ever reach the stream.
        let bare = event("duo.created", "liege", &["d", "m", "k"]);
        assert_eq!(as_seen_by(&clash, &bare), None);
        // Their own duo, even with colliding keys around it, they do see.
        let own = event("duo.created", "liege", &["duo:k", "mentee:k", "mentor:k"]);
        assert_eq!(as_seen_by(&clash, &own), Some(own.clone()));
    }

    #[test]
    fn who_may_open_the_stream() {
        assert!(admin().may_watch());
        assert!(watcher(Role::Coordinator, &["liege"], None).may_watch());
        assert!(watcher(Role::Hq, &[], None).may_watch());
        assert!(watcher(Role::Mentor, &[], Some("mentor:mentor1")).may_watch());
        assert!(!watcher(Role::Mentor, &[], None).may_watch());
        assert!(!watcher(Role::Coordinator, &[], None).may_watch());
    }

    #[test]
    fn a_notice_reaches_its_own_recipients_only_and_names_no_one_else() {
        let e = event(NOTICE, "", &["user:watcher", "user:other"]);
        for role in Role::ALL {
            let me = watcher(role, crate::domain::reference::OFFICES.as_slice(), None);
            let seen = as_seen_by(&me, &e).expect("the recipient hears of it");
            assert_eq!(seen.ids, vec!["user:watcher".to_string()], "{role:?}");
            assert_eq!((seen.actor, seen.names.len()), (None, 0));
            let someone_else = Watcher {
                user: "user:third".into(),
                ..me
            };
            assert_eq!(as_seen_by(&someone_else, &e), None, "{role:?}");
        }
    }
}
