//! A person's own steps (DESIGN §1): every edge of the mentee's and the mentor's machines that a
//! coordinator takes by hand, as opposed to the edges a duo's life takes for them
//! ([`crate::domain::lifecycle`]). Pure: the server reads the person, asks [`plan_mentee_step`] or
//! [`plan_mentor_step`] what may happen, and writes the plan in one versioned transaction.
use crate::domain::lifecycle::{clean_text, parse_date};
use crate::domain::states::{MenteeState, MentorState};
use crate::error::{AppError, Conflict, Invalid};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a coordinator (or the API) asks of a person: `{"to", "reason"?, "note"?, "date"?}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StepRequest {
    /// The state to move to.
    pub to: String,
    /// Why; for `referred`, the organisation the mentee is referred to (required there).
    #[serde(default)]
    pub reason: Option<String>,
    /// Free text for the person's timeline.
    #[serde(default)]
    pub note: Option<String>,
    /// The day it happened (`YYYY-MM-DD`, not ahead, at most 400 days back); today when absent.
    #[serde(default)]
    pub date: Option<String>,
}

/// What the rules need to know of a person beyond their state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PersonFacts {
    /// Mentees: an eligibility criterion is recorded.
    pub eligibility_recorded: bool,
    /// Duos of this person that are still open (a mentor's load; 0 or 1 for a mentee).
    pub open_duos: u32,
    /// At least one language is recorded (needed from the intake on).
    pub has_languages: bool,
}

/// A checked step: what to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepPlan<S> {
    pub from: S,
    pub to: S,
    pub date: NaiveDate,
    pub reason: Option<String>,
    pub note: Option<String>,
}

/// The longest reason kept (an organisation's name, a sentence).
pub const REASON_MAX: usize = 200;

/// The steps a coordinator may take by hand from a mentee's state, in the order the page offers
/// them (the programme's next step first).
pub fn mentee_steps(from: MenteeState) -> &'static [MenteeState] {
    use MenteeState::*;
    match from {
        Registered => &[IntakeDone, Withdrawn],
        IntakeDone => &[Eligible, Ineligible, Referred, Withdrawn],
        Eligible => &[Waiting, Withdrawn],
        Ineligible | Referred | Waiting | DuoEnded | FollowedUp => &[Withdrawn],
        // A mentee in a duo leaves through the duo (declined or ended), which moves them.
        Proposed | InDuo | OnHold => &[Withdrawn],
        Closed | Anonymised | Withdrawn => &[],
    }
}

/// The steps a coordinator may take by hand from a mentor's state.
pub fn mentor_steps(from: MentorState) -> &'static [MentorState] {
    use MentorState::*;
    match from {
        Registered => &[IntakeDone, Withdrawn],
        IntakeDone => &[Accepted, Rejected, Withdrawn],
        Accepted => &[InTraining, Withdrawn],
        InTraining => &[Available, Withdrawn],
        Available => &[Paused, Alumni, Withdrawn],
        Paused => &[Available, Alumni, Withdrawn],
        // A mentor back after a break or years later: available again (82 % take another duo).
        Alumni => &[Available, Withdrawn],
        Rejected => &[Withdrawn],
        // In a duo: they leave through the duo's end (a withdrawal is refused while it is open).
        Proposed | InDuo => &[Withdrawn],
        Withdrawn => &[],
    }
}

/// States that a person in an open duo cannot take by hand: they would leave the duo behind.
fn leaves_duo_behind<S: PartialEq>(to: S, leaving: &[S]) -> bool {
    leaving.contains(&to)
}

fn common<S: Copy>(
    from: S,
    to: S,
    req: &StepRequest,
    today: NaiveDate,
    reason_required: bool,
) -> Result<StepPlan<S>, AppError> {
    let reason = clean_text("reason", &req.reason, REASON_MAX)?;
    if reason_required && reason.is_none() {
        return Err(AppError::invalid("reason", Invalid::Required));
    }
    let date = match req.date.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(d) => parse_date("date", d, today)?,
        None => today,
    };
    Ok(StepPlan {
        from,
        to,
        date,
        reason,
        note: clean_text("note", &req.note, crate::domain::lifecycle::NOTE_MAX)?,
    })
}

/// Checks a mentee's step against the machine and the facts; says what to write.
pub fn plan_mentee_step(
    from: MenteeState,
    facts: PersonFacts,
    req: &StepRequest,
    today: NaiveDate,
) -> Result<StepPlan<MenteeState>, AppError> {
    use MenteeState::*;
    let to = MenteeState::parse(req.to.trim())
        .ok_or_else(|| AppError::invalid("to", Invalid::Unknown))?;
    if !mentee_steps(from).contains(&to) || !from.can_become(to) {
        return Err(AppError::conflict(Conflict::Transition));
    }
    if facts.open_duos > 0 && leaves_duo_behind(to, &[Withdrawn]) {
        return Err(AppError::conflict(Conflict::InDuo));
    }
    if to != Withdrawn && !facts.has_languages {
        return Err(AppError::invalid("languages", Invalid::Required));
    }
    if to == Eligible && !facts.eligibility_recorded {
        return Err(AppError::conflict(Conflict::EligibilityUnverified));
    }
    common(from, to, req, today, to == Referred)
}

/// Checks a mentor's step against the machine and the facts; says what to write.
pub fn plan_mentor_step(
    from: MentorState,
    facts: PersonFacts,
    req: &StepRequest,
    today: NaiveDate,
) -> Result<StepPlan<MentorState>, AppError> {
    use MentorState::*;
    let to = MentorState::parse(req.to.trim())
        .ok_or_else(|| AppError::invalid("to", Invalid::Unknown))?;
    if !mentor_steps(from).contains(&to) || !from.can_become(to) {
        return Err(AppError::conflict(Conflict::Transition));
    }
    // A mentor with a mentee keeps them to the end: a break only says "no new duo".
    if facts.open_duos > 0 && leaves_duo_behind(to, &[Alumni, Withdrawn]) {
        return Err(AppError::conflict(Conflict::InDuo));
    }
    if to != Withdrawn && !facts.has_languages {
        return Err(AppError::invalid("languages", Invalid::Required));
    }
    common(from, to, req, today, false)
}

/// The steps the person's page offers: the machine's, less those the facts refuse outright.
pub fn offered_mentee_steps(from: MenteeState, facts: PersonFacts) -> Vec<MenteeState> {
    let free = facts.open_duos == 0;
    mentee_steps(from)
        .iter()
        .copied()
        .filter(|&to| free || to != MenteeState::Withdrawn)
        .collect()
}

/// The steps the person's page offers a mentor.
pub fn offered_mentor_steps(from: MentorState, facts: PersonFacts) -> Vec<MentorState> {
    let free = facts.open_duos == 0;
    mentor_steps(from)
        .iter()
        .copied()
        .filter(|&to| free || !matches!(to, MentorState::Alumni | MentorState::Withdrawn))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn ask(to: &str) -> StepRequest {
        StepRequest {
            to: to.into(),
            reason: Some("Actiris".into()),
            ..StepRequest::default()
        }
    }

    const FREE: PersonFacts = PersonFacts {
        eligibility_recorded: true,
        open_duos: 0,
        has_languages: true,
    };

    /// Every mentee state × every state: allowed exactly when the hand-taken list has it.
    #[test]
    fn every_mentee_step_is_allowed_or_refused_as_the_machine_says() {
        for &from in MenteeState::ALL {
            for &to in MenteeState::ALL {
                let result = plan_mentee_step(from, FREE, &ask(to.as_str()), today());
                let expected = mentee_steps(from).contains(&to);
                assert_eq!(result.is_ok(), expected, "{from} -> {to}: {result:?}");
                if expected {
                    assert!(from.can_become(to), "{from} -> {to} is not in the machine");
                    let plan = result.unwrap();
                    assert_eq!((plan.from, plan.to, plan.date), (from, to, today()));
                } else {
                    assert_eq!(
                        result.unwrap_err().conflict_reason(),
                        Some(Conflict::Transition)
                    );
                }
            }
        }
    }

    #[test]
    fn every_mentor_step_is_allowed_or_refused_as_the_machine_says() {
        for &from in MentorState::ALL {
            for &to in MentorState::ALL {
                let result = plan_mentor_step(from, FREE, &ask(to.as_str()), today());
                let expected = mentor_steps(from).contains(&to);
                assert_eq!(result.is_ok(), expected, "{from} -> {to}: {result:?}");
                if expected {
                    assert!(from.can_become(to), "{from} -> {to} is not in the machine");
                } else {
                    assert_eq!(
                        result.unwrap_err().conflict_reason(),
                        Some(Conflict::Transition)
                    );
                }
            }
        }
    }

    #[test]
    fn the_intake_paths_are_all_there() {
        use MenteeState as E;
        use MentorState as O;
        for pair in [E::Registered, E::IntakeDone, E::Eligible, E::Waiting].windows(2) {
            assert!(mentee_steps(pair[0]).contains(&pair[1]));
        }
        assert!(mentee_steps(E::IntakeDone).contains(&E::Ineligible));
        assert!(mentee_steps(E::IntakeDone).contains(&E::Referred));
        for pair in [
            O::Registered,
            O::IntakeDone,
            O::Accepted,
            O::InTraining,
            O::Available,
            O::Paused,
            O::Available,
            O::Alumni,
            O::Available,
        ]
        .windows(2)
        {
            assert!(mentor_steps(pair[0]).contains(&pair[1]), "{pair:?}");
        }
        assert!(mentor_steps(O::IntakeDone).contains(&O::Rejected));
        // Anyone may withdraw, until they have.
        for &s in MenteeState::ALL {
            let ends = matches!(s, E::Closed | E::Anonymised | E::Withdrawn);
            assert_eq!(mentee_steps(s).contains(&E::Withdrawn), !ends, "{s}");
        }
        for &s in MentorState::ALL {
            assert_eq!(
                mentor_steps(s).contains(&O::Withdrawn),
                s != O::Withdrawn,
                "{s}"
            );
        }
    }

    #[test]
    fn eligible_needs_the_criterion_recorded() {
        let facts = PersonFacts {
            eligibility_recorded: false,
            ..FREE
        };
        let refused = plan_mentee_step(MenteeState::IntakeDone, facts, &ask("eligible"), today())
            .unwrap_err();
        assert_eq!(
            refused.conflict_reason(),
            Some(Conflict::EligibilityUnverified)
        );
        // The other outcomes of intake do not need it.
        assert!(
            plan_mentee_step(MenteeState::IntakeDone, facts, &ask("ineligible"), today()).is_ok()
        );
    }

    #[test]
    fn referred_says_to_which_organisation() {
        let mut req = ask("referred");
        req.reason = Some("   ".into());
        let refused = plan_mentee_step(MenteeState::IntakeDone, FREE, &req, today()).unwrap_err();
        assert_eq!(refused, AppError::invalid("reason", Invalid::Required));
        req.reason = Some(" VDAB ".into());
        let plan = plan_mentee_step(MenteeState::IntakeDone, FREE, &req, today()).unwrap();
        assert_eq!(plan.reason.as_deref(), Some("VDAB"));
        req.reason = Some("x".repeat(REASON_MAX + 1));
        assert_eq!(
            plan_mentee_step(MenteeState::IntakeDone, FREE, &req, today()).unwrap_err(),
            AppError::invalid("reason", Invalid::TooLong)
        );
    }

    #[test]
    fn a_person_in_a_duo_leaves_through_the_duo() {
        let busy = PersonFacts {
            open_duos: 1,
            ..FREE
        };
        let refused =
            plan_mentee_step(MenteeState::InDuo, busy, &ask("withdrawn"), today()).unwrap_err();
        assert_eq!(refused.conflict_reason(), Some(Conflict::InDuo));
        let refused =
            plan_mentor_step(MentorState::InDuo, busy, &ask("withdrawn"), today()).unwrap_err();
        assert_eq!(refused.conflict_reason(), Some(Conflict::InDuo));
        // A mentor with a duo and a free place may not leave either.
        for to in ["alumni", "withdrawn"] {
            let refused =
                plan_mentor_step(MentorState::Available, busy, &ask(to), today()).unwrap_err();
            assert_eq!(refused.conflict_reason(), Some(Conflict::InDuo), "{to}");
        }
        // A mentor with a free place may take a break: it only keeps new duos away.
        assert!(plan_mentor_step(MentorState::Available, busy, &ask("paused"), today()).is_ok());
        assert_eq!(
            offered_mentor_steps(MentorState::Available, busy),
            [MentorState::Paused]
        );
        assert!(offered_mentee_steps(MenteeState::InDuo, busy).is_empty());
        assert_eq!(
            offered_mentee_steps(MenteeState::InDuo, FREE),
            [MenteeState::Withdrawn]
        );
    }

    #[test]
    fn the_intake_needs_a_language_but_leaving_does_not() {
        let silent = PersonFacts {
            has_languages: false,
            ..FREE
        };
        let refused = plan_mentee_step(
            MenteeState::Registered,
            silent,
            &ask("intake_done"),
            today(),
        );
        assert_eq!(
            refused.unwrap_err(),
            AppError::invalid("languages", Invalid::Required)
        );
        let refused = plan_mentor_step(
            MentorState::Registered,
            silent,
            &ask("intake_done"),
            today(),
        );
        assert_eq!(
            refused.unwrap_err(),
            AppError::invalid("languages", Invalid::Required)
        );
        assert!(
            plan_mentee_step(MenteeState::Registered, silent, &ask("withdrawn"), today()).is_ok()
        );
        assert!(
            plan_mentor_step(MentorState::Registered, silent, &ask("withdrawn"), today()).is_ok()
        );
    }

    #[test]
    fn bad_input_is_named() {
        assert_eq!(
            plan_mentee_step(MenteeState::Registered, FREE, &ask("hired"), today()).unwrap_err(),
            AppError::invalid("to", Invalid::Unknown)
        );
        let mut req = ask("intake_done");
        req.date = Some("2026-13-01".into());
        assert_eq!(
            plan_mentee_step(MenteeState::Registered, FREE, &req, today()).unwrap_err(),
            AppError::invalid("date", Invalid::Malformed)
        );
        req.date = Some("2026-12-20".into());
        assert_eq!(
            plan_mentee_step(MenteeState::Registered, FREE, &req, today()).unwrap_err(),
            AppError::invalid("date", Invalid::OutOfRange)
        );
        req.date = Some("2026-11-20".into());
        let plan = plan_mentee_step(MenteeState::Registered, FREE, &req, today()).unwrap();
        assert_eq!(plan.date, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
    }
}
