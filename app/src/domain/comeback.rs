//! What a mentor does after a duo closes: another duo, a pause until a date, or stop. Their
//! answer, given on their phone, moves their state (available, paused, alumni) and feeds the
//! "mentors who take another duo" figure. A pause ends on its date by itself.
use crate::domain::evaluation::{check_evaluation, Evaluation};
use crate::domain::states::{DuoState, MentorState};
use crate::error::{AppError, Conflict, Invalid};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The mentor's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    /// Ready for another duo: available on the board.
    Another,
    /// A break until a date, then available again.
    Pause,
    /// Stopping: an alumnus, welcome back any time.
    Stop,
}

impl NextStep {
    pub const ALL: [NextStep; 3] = [NextStep::Another, NextStep::Pause, NextStep::Stop];

    pub fn as_str(self) -> &'static str {
        match self {
            NextStep::Another => "another",
            NextStep::Pause => "pause",
            NextStep::Stop => "stop",
        }
    }

    pub fn parse(text: &str) -> Option<NextStep> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// The answer as the phone sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextAnswer {
    pub next: NextStep,
    /// For a pause: the day they are back (`YYYY-MM-DD`).
    #[serde(default)]
    pub until: Option<String>,
    /// The closing evaluation: how the duo went, 1 to 5 (required).
    #[serde(default)]
    pub rating: Option<u8>,
    /// And a sentence, optional.
    #[serde(default)]
    pub comment: Option<String>,
}

/// The longest pause one answer sets.
pub const PAUSE_DAYS_MAX: i64 = 366;

/// What to write: the answer, the end of a pause, the mentor's new state (`None`: unchanged) and
/// their closing evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextPlan {
    pub next: NextStep,
    pub until: Option<NaiveDate>,
    pub mentor: Option<MentorState>,
    pub evaluation: Evaluation,
}

/// Duos whose mentor is asked what next: those the programme closed (not declined ones).
pub fn asks_mentor(duo: DuoState) -> bool {
    matches!(duo, DuoState::Completed | DuoState::EndedEarly)
}

/// Checks a mentor's answer about a closed duo. `answered`: an answer is already recorded;
/// `load`: the mentor's other open duos (while one runs, only "another" is theirs to say).
pub fn plan_next(
    duo: DuoState,
    answered: bool,
    mentor: MentorState,
    load: u32,
    answer: &NextAnswer,
    today: NaiveDate,
) -> Result<NextPlan, AppError> {
    if !asks_mentor(duo) {
        return Err(AppError::conflict(Conflict::Transition));
    }
    if answered {
        return Err(AppError::conflict(Conflict::Answered));
    }
    let evaluation = check_evaluation(answer.rating, answer.comment.as_deref())?;
    let until = match (answer.next, answer.until.as_deref().map(str::trim)) {
        (NextStep::Pause, None | Some("")) => {
            return Err(AppError::invalid("until", Invalid::Required))
        }
        (NextStep::Pause, Some(text)) => {
            let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| AppError::invalid("until", Invalid::Malformed))?;
            let days = (date - today).num_days();
            if !(1..=PAUSE_DAYS_MAX).contains(&days) {
                return Err(AppError::invalid("until", Invalid::OutOfRange));
            }
            Some(date)
        }
        (_, Some(t)) if !t.is_empty() => return Err(AppError::invalid("until", Invalid::Unknown)),
        _ => None,
    };
    let wanted = match answer.next {
        NextStep::Another => MentorState::Available,
        NextStep::Pause => MentorState::Paused,
        NextStep::Stop => MentorState::Alumni,
    };
    // With another duo still running, a pause or a stop is the coordinator's to arrange.
    if load > 0 && answer.next != NextStep::Another {
        return Err(AppError::conflict(Conflict::InDuo));
    }
    let state = if load > 0 { mentor } else { wanted };
    let mentor_next = if state == mentor {
        // A new pause date on a paused mentor is still a change, written with the answer.
        None
    } else if mentor.can_become(state) {
        Some(state)
    } else {
        return Err(AppError::conflict(Conflict::Transition));
    };
    Ok(NextPlan {
        next: answer.next,
        until,
        mentor: mentor_next,
        evaluation,
    })
}

/// Whether a paused mentor is back: their pause ended on or before `today`.
pub fn pause_over(until: Option<NaiveDate>, today: NaiveDate) -> bool {
    until.is_some_and(|d| d <= today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn answer(next: NextStep, until: Option<&str>) -> NextAnswer {
        NextAnswer {
            next,
            until: until.map(str::to_string),
            rating: Some(4),
            comment: None,
        }
    }

    #[test]
    fn each_answer_moves_a_free_mentor_where_they_said() {
        let cases = [
            (
                answer(NextStep::Another, None),
                Some(MentorState::Available),
                None,
            ),
            (
                answer(NextStep::Stop, None),
                Some(MentorState::Alumni),
                None,
            ),
            (
                answer(NextStep::Pause, Some("2027-03-01")),
                Some(MentorState::Paused),
                NaiveDate::from_ymd_opt(2027, 3, 1),
            ),
        ];
        for (given, mentor, until) in cases {
            for from in [MentorState::Available, MentorState::InDuo] {
                let plan = plan_next(DuoState::Completed, false, from, 0, &given, today()).unwrap();
                let expected = mentor.filter(|m| *m != from);
                assert_eq!(
                    (plan.next, plan.mentor, plan.until),
                    (given.next, expected, until),
                    "{from:?}"
                );
            }
        }
    }

    #[test]
    fn only_a_duo_the_programme_closed_asks_and_only_once() {
        for state in DuoState::ALL {
            let plan = plan_next(
                *state,
                false,
                MentorState::Available,
                0,
                &answer(NextStep::Another, None),
                today(),
            );
            assert_eq!(plan.is_ok(), asks_mentor(*state), "{state}");
        }
        assert_eq!(
            plan_next(
                DuoState::EndedEarly,
                true,
                MentorState::Available,
                0,
                &answer(NextStep::Stop, None),
                today()
            ),
            Err(AppError::conflict(Conflict::Answered))
        );
    }

    #[test]
    fn a_pause_needs_a_date_ahead_within_a_year() {
        let pause = |until: Option<&str>| {
            plan_next(
                DuoState::Completed,
                false,
                MentorState::Available,
                0,
                &answer(NextStep::Pause, until),
                today(),
            )
        };
        assert_eq!(
            pause(None),
            Err(AppError::invalid("until", Invalid::Required))
        );
        assert_eq!(
            pause(Some(" ")),
            Err(AppError::invalid("until", Invalid::Required))
        );
        assert_eq!(
            pause(Some("soon")),
            Err(AppError::invalid("until", Invalid::Malformed))
        );
        assert_eq!(
            pause(Some("2026-12-03")),
            Err(AppError::invalid("until", Invalid::OutOfRange))
        );
        assert_eq!(
            pause(Some("2027-12-05")),
            Err(AppError::invalid("until", Invalid::OutOfRange))
        );
        assert!(pause(Some("2026-12-04")).is_ok());
        assert!(pause(Some("2027-12-04")).is_ok());
        // A date belongs to a pause only.
        assert_eq!(
            plan_next(
                DuoState::Completed,
                false,
                MentorState::Available,
                0,
                &answer(NextStep::Stop, Some("2027-01-01")),
                today()
            ),
            Err(AppError::invalid("until", Invalid::Unknown))
        );
    }

    #[test]
    fn with_another_duo_running_only_another_is_the_mentors_to_say() {
        let busy = |next| {
            plan_next(
                DuoState::Completed,
                false,
                MentorState::InDuo,
                1,
                &answer(next, Some("2027-01-01").filter(|_| next == NextStep::Pause)),
                today(),
            )
        };
        assert_eq!(
            busy(NextStep::Another).unwrap().mentor,
            None,
            "stays in their duo"
        );
        assert_eq!(
            busy(NextStep::Pause),
            Err(AppError::conflict(Conflict::InDuo))
        );
        assert_eq!(
            busy(NextStep::Stop),
            Err(AppError::conflict(Conflict::InDuo))
        );
    }

    #[test]
    fn a_withdrawn_mentor_is_not_moved_and_an_alumnus_may_come_back() {
        let from = |m, next| {
            plan_next(
                DuoState::Completed,
                false,
                m,
                0,
                &answer(next, None),
                today(),
            )
        };
        assert_eq!(
            from(MentorState::Withdrawn, NextStep::Another),
            Err(AppError::conflict(Conflict::Transition))
        );
        assert_eq!(
            from(MentorState::Alumni, NextStep::Another).unwrap().mentor,
            Some(MentorState::Available)
        );
        assert_eq!(
            from(MentorState::Alumni, NextStep::Stop).unwrap().mentor,
            None
        );
    }

    #[test]
    fn the_answer_reads_and_writes_its_contract() {
        for s in NextStep::ALL {
            assert_eq!(NextStep::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert!(serde_json::from_str::<NextAnswer>(r#"{"next":"later"}"#).is_err());
        assert!(serde_json::from_str::<NextAnswer>(r#"{"next":"stop","x":1}"#).is_err());
    }

    #[test]
    fn the_answer_carries_the_mentors_closing_evaluation() {
        let with = |rating: Option<u8>, comment: Option<&str>| NextAnswer {
            rating,
            comment: comment.map(str::to_string),
            ..answer(NextStep::Another, None)
        };
        let plan = |a: &NextAnswer| {
            plan_next(
                DuoState::Completed,
                false,
                MentorState::Available,
                0,
                a,
                today(),
            )
        };
        assert_eq!(
            plan(&with(None, Some("Super"))),
            Err(AppError::invalid("rating", Invalid::Required))
        );
        assert_eq!(
            plan(&with(Some(0), None)),
            Err(AppError::invalid("rating", Invalid::OutOfRange))
        );
        let good = plan(&with(Some(5), Some(" Une belle  rencontre "))).unwrap();
        assert_eq!(
            good.evaluation,
            Evaluation {
                rating: 5,
                comment: Some("Une belle rencontre".into())
            }
        );
        // The duo's state is checked first: a declined duo is never evaluated here.
        assert_eq!(
            plan_next(
                DuoState::Declined,
                false,
                MentorState::Available,
                0,
                &with(None, None),
                today()
            ),
            Err(AppError::conflict(Conflict::Transition))
        );
    }

    #[test]
    fn a_pause_is_over_on_its_day() {
        assert!(!pause_over(None, today()));
        assert!(pause_over(Some(today()), today()));
        assert!(!pause_over(today().succ_opt(), today()));
    }

    proptest! {
        /// Whatever the text, a pause is accepted only with a date 1 to 366 days ahead.
        #[test]
        fn any_pause_date_is_ahead_and_within_a_year(text in ".{0,12}", days in -400i64..800) {
            let date = (today() + chrono::Duration::days(days)).format("%Y-%m-%d").to_string();
            for until in [text.clone(), date] {
                if let Ok(plan) = plan_next(DuoState::Completed, false, MentorState::Available, 0, &answer(NextStep::Pause, Some(&until)), today()) {
                    let d = plan.until.unwrap();
                    prop_assert!((1..=PAUSE_DAYS_MAX).contains(&(d - today()).num_days()));
                }
            }
        }
    }
}
