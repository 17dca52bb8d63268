//! The rules for making and undoing a duo on the board, checked against a snapshot of the two
//! people before the transaction that writes the change (which re-checks their versions).
use crate::domain::states::{DuoState, MenteeState, MentorState};
use crate::error::{AppError, Conflict};

/// What the rules need to know of a mentee.
#[derive(Clone, Debug, PartialEq)]
pub struct MenteeFacts {
    pub office: String,
    pub state: MenteeState,
}

/// What the rules need to know of a mentor.
#[derive(Clone, Debug, PartialEq)]
pub struct MentorFacts {
    pub office: String,
    pub state: MentorState,
    pub load: u32,
    pub capacity: u32,
}

/// The mentor's situation after a change of load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MentorAfter {
    pub load: u32,
    pub state: MentorState,
}

/// Checks that a new duo of these two may be proposed, and returns the mentor's new situation.
pub fn propose_duo(mentee: &MenteeFacts, mentor: &MentorFacts) -> Result<MentorAfter, AppError> {
    if mentee.office != mentor.office {
        return Err(AppError::conflict(Conflict::DifferentOffice));
    }
    if mentee.state != MenteeState::Waiting {
        return Err(AppError::conflict(Conflict::MenteeNotWaiting));
    }
    if mentor.state != MentorState::Available {
        return Err(AppError::conflict(Conflict::MentorNotAvailable));
    }
    if mentor.load >= mentor.capacity {
        return Err(AppError::conflict(Conflict::MentorFull));
    }
    let load = mentor.load + 1;
    // A mentor stays on the board while they have room for another duo.
    let state = if load >= mentor.capacity {
        MentorState::Proposed
    } else {
        MentorState::Available
    };
    Ok(MentorAfter { load, state })
}

/// Checks that a duo may be taken back, and returns the mentor's new situation.
pub fn dissolve_duo(duo: DuoState, mentor: &MentorFacts) -> Result<MentorAfter, AppError> {
    if !duo.can_dissolve() {
        return Err(AppError::conflict(Conflict::DuoStarted));
    }
    let load = mentor.load.saturating_sub(1);
    let state = match mentor.state {
        // A paused or departing mentor keeps their state; the others have room again.
        MentorState::Paused | MentorState::Alumni | MentorState::Withdrawn => mentor.state,
        _ => MentorState::Available,
    };
    Ok(MentorAfter { load, state })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mentee(state: MenteeState) -> MenteeFacts {
        MenteeFacts {
            office: "liege".into(),
            state,
        }
    }

    fn mentor(load: u32, capacity: u32) -> MentorFacts {
        MentorFacts {
            office: "liege".into(),
            state: MentorState::Available,
            load,
            capacity,
        }
    }

    #[test]
    fn a_waiting_mentee_and_a_free_mentor_make_a_duo() {
        let after = propose_duo(&mentee(MenteeState::Waiting), &mentor(0, 1)).unwrap();
        assert_eq!(
            after,
            MentorAfter {
                load: 1,
                state: MentorState::Proposed
            }
        );
        let after = propose_duo(&mentee(MenteeState::Waiting), &mentor(0, 2)).unwrap();
        assert_eq!(
            after,
            MentorAfter {
                load: 1,
                state: MentorState::Available
            }
        );
    }

    #[test]
    fn the_rules_refuse_with_the_right_reason() {
        let conflict = |r| Err(AppError::conflict(r));
        assert_eq!(
            propose_duo(&mentee(MenteeState::Proposed), &mentor(0, 1)),
            conflict(Conflict::MenteeNotWaiting)
        );
        assert_eq!(
            propose_duo(&mentee(MenteeState::Registered), &mentor(0, 1)),
            conflict(Conflict::MenteeNotWaiting)
        );
        assert_eq!(
            propose_duo(&mentee(MenteeState::Waiting), &mentor(1, 1)),
            conflict(Conflict::MentorFull)
        );
        let mut paused = mentor(0, 1);
        paused.state = MentorState::Paused;
        assert_eq!(
            propose_duo(&mentee(MenteeState::Waiting), &paused),
            conflict(Conflict::MentorNotAvailable)
        );
        let mut ghent = mentor(0, 1);
        ghent.office = "ghent".into();
        assert_eq!(
            propose_duo(&mentee(MenteeState::Waiting), &ghent),
            conflict(Conflict::DifferentOffice)
        );
    }

    #[test]
    fn only_a_duo_that_has_not_started_can_be_undone() {
        let mut full = mentor(1, 1);
        full.state = MentorState::Proposed;
        assert_eq!(
            dissolve_duo(DuoState::Proposed, &full).unwrap(),
            MentorAfter {
                load: 0,
                state: MentorState::Available
            }
        );
        assert_eq!(
            dissolve_duo(DuoState::Active, &full),
            Err(AppError::conflict(Conflict::DuoStarted))
        );
        full.state = MentorState::Paused;
        assert_eq!(
            dissolve_duo(DuoState::IntroHeld, &full).unwrap().state,
            MentorState::Paused
        );
    }
}
