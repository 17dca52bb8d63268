//! The state machines of DESIGN §1 for mentees, mentors and duos.
//! Every state change in Duo goes through `can_become`, on the server.
use serde::{Deserialize, Serialize};

macro_rules! state_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The state's stable name, as stored and as the API spells it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

state_enum! {
    /// A young job seeker's path through the programme.
    MenteeState {
        Registered => "registered",
        IntakeDone => "intake_done",
        Eligible => "eligible",
        Ineligible => "ineligible",
        Referred => "referred",
        Waiting => "waiting",
        Proposed => "proposed",
        InDuo => "in_duo",
        OnHold => "on_hold",
        DuoEnded => "duo_ended",
        FollowedUp => "followed_up",
        Closed => "closed",
        Anonymised => "anonymised",
        Withdrawn => "withdrawn",
    }
}

state_enum! {
    /// A volunteer mentor's path through the programme.
    MentorState {
        Registered => "registered",
        IntakeDone => "intake_done",
        Accepted => "accepted",
        Rejected => "rejected",
        InTraining => "in_training",
        Available => "available",
        Proposed => "proposed",
        InDuo => "in_duo",
        Paused => "paused",
        Alumni => "alumni",
        Withdrawn => "withdrawn",
    }
}

state_enum! {
    /// A duo's life, from a draft on the board to its archive.
    DuoState {
        Draft => "draft",
        Proposed => "proposed",
        IntroScheduled => "intro_scheduled",
        IntroHeld => "intro_held",
        Declined => "declined",
        Agreed => "agreed",
        Active => "active",
        OnHold => "on_hold",
        Completed => "completed",
        EndedEarly => "ended_early",
        Archived => "archived",
    }
}

impl MenteeState {
    /// Whether the mentee may move from `self` to `next`.
    pub fn can_become(self, next: MenteeState) -> bool {
        use MenteeState::*;
        if next == Withdrawn {
            return !matches!(self, Withdrawn | Anonymised | Closed);
        }
        matches!(
            (self, next),
            (Registered, IntakeDone)
                | (IntakeDone, Eligible | Ineligible | Referred)
                | (Eligible, Waiting)
                | (Waiting, Proposed)
                | (Proposed, InDuo | Waiting)
                | (InDuo, OnHold | DuoEnded)
                | (OnHold, InDuo | DuoEnded)
                | (DuoEnded, FollowedUp | Waiting)
                | (FollowedUp, Closed)
                | (Ineligible | Referred | Closed | Withdrawn, Anonymised)
        )
    }

    /// States a mentee may be created in through the API (someone already past intake).
    pub fn creatable(self) -> bool {
        use MenteeState::*;
        matches!(self, Registered | IntakeDone | Eligible | Waiting)
    }
}

impl MentorState {
    /// Whether the mentor may move from `self` to `next`.
    pub fn can_become(self, next: MentorState) -> bool {
        use MentorState::*;
        if next == Withdrawn {
            return self != Withdrawn;
        }
        matches!(
            (self, next),
            (Registered, IntakeDone)
                | (IntakeDone, Accepted | Rejected)
                | (Accepted, InTraining)
                | (InTraining, Available)
                | (Available, Proposed | Paused | Alumni)
                | (Proposed, InDuo | Available)
                | (InDuo, Available | Paused | Alumni | Proposed)
                | (Paused, Available | Alumni)
                | (Alumni, Available)
        )
    }

    /// States a mentor may be created in through the API.
    pub fn creatable(self) -> bool {
        use MentorState::*;
        matches!(
            self,
            Registered | IntakeDone | Accepted | InTraining | Available
        )
    }
}

impl DuoState {
    /// Whether the duo may move from `self` to `next`.
    pub fn can_become(self, next: DuoState) -> bool {
        use DuoState::*;
        matches!(
            (self, next),
            (Draft, Proposed)
                | (Proposed, IntroScheduled | Declined)
                | (IntroScheduled, IntroHeld | Declined)
                | (IntroHeld, Agreed | Declined)
                // An agreed duo that never starts is called off like a declined one.
                | (Agreed, Active | Declined)
                | (Active, OnHold | Completed | EndedEarly)
                | (OnHold, Active | Completed | EndedEarly)
                // A coordinator may reopen a closed duo.
                | (Completed | EndedEarly, Active)
                | (Declined | Completed | EndedEarly, Archived)
        )
    }

    /// Open duos hold their mentee and a place of their mentor's capacity.
    pub fn is_open(self) -> bool {
        use DuoState::*;
        matches!(
            self,
            Draft | Proposed | IntroScheduled | IntroHeld | Agreed | Active | OnHold
        )
    }

    /// A duo that has not started may be taken back on the board, as if it never was.
    pub fn can_dissolve(self) -> bool {
        use DuoState::*;
        matches!(self, Draft | Proposed | IntroScheduled | IntroHeld)
    }

    pub fn open_states() -> impl Iterator<Item = DuoState> {
        Self::ALL.iter().copied().filter(|s| s.is_open())
    }

    /// A draft is the office's own business until the matching meeting proposes it: its
    /// mentor does not see it, by any way (DESIGN §6, need to know).
    pub fn seen_by_mentor(self) -> bool {
        self != DuoState::Draft
    }

    /// Whether the mentor is given the mentee's email and phone: once the introduction is
    /// scheduled, when the two are about to meet, and not before.
    pub fn mentor_sees_contact(self) -> bool {
        use DuoState::*;
        matches!(
            self,
            IntroScheduled | IntroHeld | Agreed | Active | OnHold | Completed | EndedEarly
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for s in DuoState::ALL {
            assert_eq!(DuoState::parse(s.as_str()), Some(*s));
            assert_eq!(
                serde_json::to_string(s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        for s in MenteeState::ALL {
            assert_eq!(MenteeState::parse(s.as_str()), Some(*s));
        }
        for s in MentorState::ALL {
            assert_eq!(MentorState::parse(s.as_str()), Some(*s));
        }
        assert_eq!(DuoState::parse("dissolved"), None);
    }

    #[test]
    fn the_api_names_of_duo_states_are_stable() {
        let names: Vec<_> = DuoState::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            names,
            [
                "draft",
                "proposed",
                "intro_scheduled",
                "intro_held",
                "declined",
                "agreed",
                "active",
                "on_hold",
                "completed",
                "ended_early",
                "archived"
            ]
        );
    }

    #[test]
    fn mentee_path_follows_the_programme() {
        use MenteeState::*;
        let path = [
            Registered, IntakeDone, Eligible, Waiting, Proposed, InDuo, OnHold, InDuo, DuoEnded,
            FollowedUp, Closed, Anonymised,
        ];
        for pair in path.windows(2) {
            assert!(pair[0].can_become(pair[1]), "{} -> {}", pair[0], pair[1]);
        }
        assert!(!Registered.can_become(Waiting), "no skipping intake");
        assert!(!Waiting.can_become(InDuo), "a duo is proposed first");
        assert!(
            Proposed.can_become(Waiting),
            "a declined or undone duo returns the mentee"
        );
        assert!(DuoEnded.can_become(Waiting), "rematch after an early end");
        assert!(InDuo.can_become(Withdrawn) && !Anonymised.can_become(Withdrawn));
    }

    #[test]
    fn mentor_path_follows_the_programme() {
        use MentorState::*;
        let path = [
            Registered, IntakeDone, Accepted, InTraining, Available, Proposed, InDuo, Available,
            Paused, Alumni,
        ];
        for pair in path.windows(2) {
            assert!(pair[0].can_become(pair[1]), "{} -> {}", pair[0], pair[1]);
        }
        assert!(!Registered.can_become(Available), "training is mandatory");
        assert!(!Rejected.can_become(Available));
    }

    #[test]
    fn a_mentor_sees_no_draft_and_no_contact_before_the_introduction_is_scheduled() {
        use DuoState::*;
        for s in DuoState::ALL {
            assert_eq!(s.seen_by_mentor(), *s != Draft, "{s}");
            let contact = !matches!(s, Draft | Proposed | Declined | Archived);
            assert_eq!(s.mentor_sees_contact(), contact, "{s}");
            // Contact details never reach a mentor who may not see the duo at all.
            assert!(!s.mentor_sees_contact() || s.seen_by_mentor(), "{s}");
        }
    }

    #[test]
    fn duo_path_and_open_states() {
        use DuoState::*;
        let path = [
            Draft,
            Proposed,
            IntroScheduled,
            IntroHeld,
            Agreed,
            Active,
            OnHold,
            Active,
            Completed,
            Archived,
        ];
        for pair in path.windows(2) {
            assert!(pair[0].can_become(pair[1]), "{} -> {}", pair[0], pair[1]);
        }
        assert!(
            !Proposed.can_become(Active),
            "no duo without an introduction and agreement"
        );
        assert!(Completed.can_become(Active), "a coordinator can reopen");
        assert!(!Archived.can_become(Active));
        let open: Vec<_> = DuoState::open_states().collect();
        assert_eq!(
            open,
            vec![
                Draft,
                Proposed,
                IntroScheduled,
                IntroHeld,
                Agreed,
                Active,
                OnHold
            ]
        );
        assert!(Proposed.can_dissolve() && !Agreed.can_dissolve() && !Active.can_dissolve());
    }
}
