//! A duo's life after the board (DESIGN §1): introduction, agreement, meetings, pauses and the
//! end, with what each step does to the mentee and the mentor. Pure: the server reads the three
//! records, asks [`plan_transition`] what may happen, and writes the plan in one transaction.
use crate::domain::states::{DuoState, MenteeState, MentorState};
use crate::error::{AppError, Conflict, Invalid};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why an introduction did not lead to a duo.
pub const DECLINE_REASONS: [&str; 5] = [
    "mentee_declined",
    "mentor_declined",
    "no_click",
    "availability",
    "other",
];

/// Why a duo ended before its term (the programme's taxonomy).
pub const END_REASONS: [&str; 7] = [
    "found_job",
    "found_training",
    "lost_contact",
    "mismatch",
    "personal",
    "moved",
    "other",
];

/// Ends that say the pairing itself did not work: matching never proposes those two again.
pub fn pairing_failed(state: DuoState, reason: Option<&str>) -> bool {
    match state {
        DuoState::Declined => true,
        DuoState::EndedEarly => matches!(reason, Some("mismatch" | "lost_contact")),
        _ => false,
    }
}

/// What a coordinator (or the API) asks of a duo.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TransitionRequest {
    pub to: String,
    /// Required when declining or ending early: a code of [`DECLINE_REASONS`] / [`END_REASONS`].
    #[serde(default)]
    pub reason: Option<String>,
    /// The day it happens or happened (`YYYY-MM-DD`); today when not given, except that an
    /// introduction must be given its date.
    #[serde(default)]
    pub date: Option<String>,
    /// Where the introduction takes place, or "online".
    #[serde(default)]
    pub place: Option<String>,
    /// Free text for the timeline.
    #[serde(default)]
    pub note: Option<String>,
    /// When the duo closes: the mentor takes a break instead of becoming available again.
    #[serde(default)]
    pub mentor_pauses: bool,
}

/// A checked transition: what to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransitionPlan {
    pub from: DuoState,
    pub to: DuoState,
    pub date: NaiveDate,
    pub reason: Option<String>,
    pub place: Option<String>,
    pub note: Option<String>,
    /// The mentee's new state, if it changes.
    pub mentee: Option<MenteeState>,
    /// The mentor's new load and state, if they change.
    pub mentor: Option<(u32, MentorState)>,
}

/// The mentor as a transition sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MentorNow {
    pub state: MentorState,
    pub load: u32,
    pub capacity: u32,
}

/// The longest free text kept on a timeline entry.
pub const NOTE_MAX: usize = 2000;
/// How far back a date may go.
pub const DAYS_BACK_MAX: i64 = 400;

/// Parses a `YYYY-MM-DD` date that is not in the future (a day of slack for time zones) and at
/// most [`DAYS_BACK_MAX`] days ago.
pub fn parse_date(field: &str, text: &str, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, Invalid::Malformed))?;
    let days = (today - date).num_days();
    if !(-1..=DAYS_BACK_MAX).contains(&days) {
        return Err(AppError::invalid(field, Invalid::OutOfRange));
    }
    Ok(date)
}

/// Parses a date that may lie ahead (an introduction being scheduled), up to a year.
pub fn parse_planned_date(
    field: &str,
    text: &str,
    today: NaiveDate,
) -> Result<NaiveDate, AppError> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, Invalid::Malformed))?;
    let days = (date - today).num_days();
    if !(-DAYS_BACK_MAX..=366).contains(&days) {
        return Err(AppError::invalid(field, Invalid::OutOfRange));
    }
    Ok(date)
}

pub(crate) fn clean_text(
    field: &str,
    text: &Option<String>,
    max: usize,
) -> Result<Option<String>, AppError> {
    match text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) if t.chars().count() > max => Err(AppError::invalid(field, Invalid::TooLong)),
        Some(t) => Ok(Some(t.to_string())),
    }
}

/// The mentee's state after the duo moves from `from` to `to`: `Ok(None)` when it does not
/// change, an error when the mentee is not where this duo left them (in another duo by now, say).
fn mentee_after(
    from: DuoState,
    to: DuoState,
    now: MenteeState,
) -> Result<Option<MenteeState>, AppError> {
    use DuoState::*;
    use MenteeState as M;
    let (expected, next): (&[MenteeState], MenteeState) = match to {
        // Declined at the introduction: back on the waiting list for another match.
        Declined => (&[M::Proposed], M::Waiting),
        Active if from == Agreed => (&[M::Proposed], M::InDuo),
        Active if from == OnHold => (&[M::OnHold], M::InDuo),
        // Reopening a closed duo: only while the mentee has not moved on.
        Active => (&[M::DuoEnded], M::InDuo),
        OnHold => (&[M::InDuo], M::OnHold),
        Completed | EndedEarly => (&[M::InDuo, M::OnHold], M::DuoEnded),
        _ => return Ok(None),
    };
    if expected.contains(&now) {
        Ok(Some(next))
    } else {
        Err(AppError::conflict(Conflict::MenteeNotWaiting))
    }
}

/// Checks a transition of a duo against the state machine and the people in it, and says what
/// to write. `today` is the caller's date.
pub fn plan_transition(
    duo: DuoState,
    mentee: MenteeState,
    mentor: MentorNow,
    req: &TransitionRequest,
    today: NaiveDate,
) -> Result<TransitionPlan, AppError> {
    use DuoState::*;
    let to =
        DuoState::parse(req.to.trim()).ok_or_else(|| AppError::invalid("to", Invalid::Unknown))?;
    if !duo.can_become(to) {
        return Err(AppError::conflict(Conflict::Transition));
    }
    let reason = match to {
        Declined | EndedEarly => {
            let allowed: &[&str] = if to == Declined {
                &DECLINE_REASONS
            } else {
                &END_REASONS
            };
            match req
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
            {
                None => return Err(AppError::invalid("reason", Invalid::Required)),
                Some(r) if allowed.contains(&r) => Some(r.to_string()),
                Some(_) => return Err(AppError::invalid("reason", Invalid::Unknown)),
            }
        }
        _ => None,
    };
    let date = match (to, req.date.as_deref().filter(|d| !d.trim().is_empty())) {
        (IntroScheduled, None) => return Err(AppError::invalid("date", Invalid::Required)),
        (IntroScheduled, Some(d)) => parse_planned_date("date", d, today)?,
        (_, Some(d)) => parse_date("date", d, today)?,
        (_, None) => today,
    };
    let place = clean_text("place", &req.place, 200)?;
    let note = clean_text("note", &req.note, NOTE_MAX)?;

    let mentee_next = mentee_after(duo, to, mentee)?;
    let mentor_next = mentor_after(duo, to, mentor, req.mentor_pauses)?;
    Ok(TransitionPlan {
        from: duo,
        to,
        date,
        reason,
        place,
        note,
        mentee: mentee_next,
        mentor: mentor_next,
    })
}

/// The mentor's load and state after the duo moves from `from` to `to`.
fn mentor_after(
    from: DuoState,
    to: DuoState,
    mentor: MentorNow,
    pauses: bool,
) -> Result<Option<(u32, MentorState)>, AppError> {
    let was_open = from.is_open();
    let is_open = to.is_open();
    let load = match (was_open, is_open) {
        (true, false) => mentor.load.saturating_sub(1),
        (false, true) => {
            // Reopening takes a place again.
            if mentor.load >= mentor.capacity {
                return Err(AppError::conflict(Conflict::MentorFull));
            }
            mentor.load + 1
        }
        _ => mentor.load,
    };
    let started = matches!(to, DuoState::Active | DuoState::OnHold);
    let state = match mentor.state {
        // A paused or departing mentor keeps their state.
        MentorState::Paused | MentorState::Alumni | MentorState::Withdrawn => mentor.state,
        _ if started => MentorState::InDuo,
        // Closing their last duo, a mentor may take a break.
        _ if load == 0 && pauses && was_open && !is_open => MentorState::Paused,
        _ if load == 0 => MentorState::Available,
        _ if load < mentor.capacity => MentorState::Available,
        current => current,
    };
    if load == mentor.load && state == mentor.state {
        Ok(None)
    } else {
        Ok(Some((load, state)))
    }
}

/// How a meeting took place.
pub const MEETING_MODES: [&str; 3] = ["in_person", "online", "phone"];
/// What a meeting was about (a short list; a mentor taps a few).
pub const MEETING_TOPICS: [&str; 8] = [
    "action_plan",
    "cv",
    "applications",
    "interview",
    "network",
    "training",
    "language",
    "wellbeing",
];
/// Duos that may log meetings.
pub fn logs_meetings(state: DuoState) -> bool {
    matches!(
        state,
        DuoState::Agreed | DuoState::Active | DuoState::OnHold
    )
}

/// A meeting as a mentor or coordinator logs it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewMeeting {
    pub date: String,
    pub minutes: u32,
    pub mode: String,
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A checked meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMeeting {
    pub date: NaiveDate,
    pub minutes: u32,
    pub mode: String,
    pub topics: Vec<String>,
    pub note: Option<String>,
}

pub fn check_meeting(m: &NewMeeting, today: NaiveDate) -> Result<ValidMeeting, AppError> {
    let date = parse_date("date", &m.date, today)?;
    if !(5..=600).contains(&m.minutes) {
        return Err(AppError::invalid("minutes", Invalid::OutOfRange));
    }
    if !MEETING_MODES.contains(&m.mode.as_str()) {
        return Err(AppError::invalid("mode", Invalid::Unknown));
    }
    let mut topics: Vec<String> = Vec::new();
    for t in &m.topics {
        if !MEETING_TOPICS.contains(&t.as_str()) {
            return Err(AppError::invalid("topics", Invalid::Unknown));
        }
        if !topics.contains(t) {
            topics.push(t.clone());
        }
    }
    Ok(ValidMeeting {
        date,
        minutes: m.minutes,
        mode: m.mode.clone(),
        topics,
        note: clean_text("note", &m.note, NOTE_MAX)?,
    })
}

/// An `Idempotency-Key`: what a client sends so that a retried request makes one meeting.
pub fn valid_idempotency_key(key: &str) -> bool {
    (8..=100).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn req(to: &str) -> TransitionRequest {
        TransitionRequest {
            to: to.into(),
            ..Default::default()
        }
    }

    /// The states a mentee and mentor are in while a duo is in `duo`.
    fn people_in(duo: DuoState) -> (MenteeState, MentorNow) {
        use DuoState::*;
        let mentee = match duo {
            Draft | Proposed | IntroScheduled | IntroHeld | Agreed => MenteeState::Proposed,
            Active => MenteeState::InDuo,
            OnHold => MenteeState::OnHold,
            Declined => MenteeState::Waiting,
            Completed | EndedEarly | Archived => MenteeState::DuoEnded,
        };
        let mentor = if duo.is_open() {
            let state = if matches!(duo, Active | OnHold) {
                MentorState::InDuo
            } else {
                MentorState::Proposed
            };
            MentorNow {
                state,
                load: 1,
                capacity: 1,
            }
        } else {
            MentorNow {
                state: MentorState::Available,
                load: 0,
                capacity: 1,
            }
        };
        (mentee, mentor)
    }

    fn with_needs(to: DuoState) -> TransitionRequest {
        let mut r = req(to.as_str());
        match to {
            DuoState::Declined => r.reason = Some("mentee_declined".into()),
            DuoState::EndedEarly => r.reason = Some("found_job".into()),
            DuoState::IntroScheduled => r.date = Some("2026-12-03".into()),
            _ => {}
        }
        r
    }

    #[test]
    fn every_state_times_every_target_is_allowed_or_refused_as_the_machine_says() {
        let mut allowed = 0;
        for &from in DuoState::ALL {
            for &to in DuoState::ALL {
                let (mentee, mentor) = people_in(from);
                let result = plan_transition(from, mentee, mentor, &with_needs(to), today());
                if from.can_become(to) {
                    let plan = result.unwrap_or_else(|e| panic!("{from} → {to}: {e:?}"));
                    assert_eq!((plan.from, plan.to), (from, to));
                    allowed += 1;
                } else {
                    assert_eq!(
                        result.unwrap_err(),
                        AppError::conflict(Conflict::Transition),
                        "{from} → {to} must be refused"
                    );
                }
            }
        }
        assert_eq!(
            allowed, 20,
            "the machine of DESIGN §1 has 19 edges, plus calling off an agreed duo"
        );
    }

    #[test]
    fn people_follow_their_duo() {
        let (mentee, mentor) = people_in(DuoState::Agreed);
        let start =
            plan_transition(DuoState::Agreed, mentee, mentor, &req("active"), today()).unwrap();
        assert_eq!(start.mentee, Some(MenteeState::InDuo));
        assert_eq!(start.mentor, Some((1, MentorState::InDuo)));

        let (mentee, mentor) = people_in(DuoState::Active);
        let pause =
            plan_transition(DuoState::Active, mentee, mentor, &req("on_hold"), today()).unwrap();
        assert_eq!(pause.mentee, Some(MenteeState::OnHold));
        assert_eq!(pause.mentor, None);

        let end = plan_transition(
            DuoState::Active,
            mentee,
            mentor,
            &with_needs(DuoState::EndedEarly),
            today(),
        )
        .unwrap();
        assert_eq!(end.mentee, Some(MenteeState::DuoEnded));
        assert_eq!(end.mentor, Some((0, MentorState::Available)));
        assert_eq!(end.reason.as_deref(), Some("found_job"));

        // Declined at the introduction: the mentee waits again, the mentor has room again.
        let (mentee, mentor) = people_in(DuoState::IntroHeld);
        let no = plan_transition(
            DuoState::IntroHeld,
            mentee,
            mentor,
            &with_needs(DuoState::Declined),
            today(),
        )
        .unwrap();
        assert_eq!(no.mentee, Some(MenteeState::Waiting));
        assert_eq!(no.mentor, Some((0, MentorState::Available)));

        // The mentor may take a break after their duo.
        let mut rest = req("completed");
        rest.mentor_pauses = true;
        let (mentee, mentor) = people_in(DuoState::Active);
        let done = plan_transition(DuoState::Active, mentee, mentor, &rest, today()).unwrap();
        assert_eq!(done.mentor, Some((0, MentorState::Paused)));

        // A paused mentor stays paused when their duo ends.
        let paused = MentorNow {
            state: MentorState::Paused,
            load: 1,
            capacity: 1,
        };
        let done = plan_transition(
            DuoState::Active,
            MenteeState::InDuo,
            paused,
            &req("completed"),
            today(),
        )
        .unwrap();
        assert_eq!(done.mentor, Some((0, MentorState::Paused)));
    }

    #[test]
    fn reopening_needs_a_free_mentee_and_a_free_place() {
        let ended = MenteeState::DuoEnded;
        let free = MentorNow {
            state: MentorState::Available,
            load: 0,
            capacity: 1,
        };
        let back =
            plan_transition(DuoState::EndedEarly, ended, free, &req("active"), today()).unwrap();
        assert_eq!(back.mentee, Some(MenteeState::InDuo));
        assert_eq!(back.mentor, Some((1, MentorState::InDuo)));
        let full = MentorNow {
            state: MentorState::InDuo,
            load: 1,
            capacity: 1,
        };
        assert_eq!(
            plan_transition(DuoState::Completed, ended, full, &req("active"), today()).unwrap_err(),
            AppError::conflict(Conflict::MentorFull)
        );
        // The mentee is in another duo by now.
        assert_eq!(
            plan_transition(
                DuoState::Completed,
                MenteeState::InDuo,
                free,
                &req("active"),
                today()
            )
            .unwrap_err(),
            AppError::conflict(Conflict::MenteeNotWaiting)
        );
    }

    #[test]
    fn reasons_dates_and_texts_are_checked() {
        let (mentee, mentor) = people_in(DuoState::Active);
        let plan =
            |r: TransitionRequest| plan_transition(DuoState::Active, mentee, mentor, &r, today());
        assert_eq!(
            plan(req("ended_early")).unwrap_err(),
            AppError::invalid("reason", Invalid::Required)
        );
        let mut r = req("ended_early");
        r.reason = Some("bored".into());
        assert_eq!(
            plan(r).unwrap_err(),
            AppError::invalid("reason", Invalid::Unknown)
        );
        let mut r = with_needs(DuoState::EndedEarly);
        r.date = Some("29/11/2026".into());
        assert_eq!(
            plan(r).unwrap_err(),
            AppError::invalid("date", Invalid::Malformed)
        );
        let mut r = with_needs(DuoState::EndedEarly);
        r.date = Some("2027-01-10".into());
        assert_eq!(
            plan(r).unwrap_err(),
            AppError::invalid("date", Invalid::OutOfRange)
        );
        let mut r = with_needs(DuoState::EndedEarly);
        r.note = Some("x".repeat(NOTE_MAX + 1));
        assert_eq!(
            plan(r).unwrap_err(),
            AppError::invalid("note", Invalid::TooLong)
        );
        assert_eq!(
            plan(req("flying")).unwrap_err(),
            AppError::invalid("to", Invalid::Unknown)
        );
        // An introduction needs its date, which may lie ahead.
        let (mentee, mentor) = people_in(DuoState::Proposed);
        assert_eq!(
            plan_transition(
                DuoState::Proposed,
                mentee,
                mentor,
                &req("intro_scheduled"),
                today()
            )
            .unwrap_err(),
            AppError::invalid("date", Invalid::Required)
        );
        let mut r = with_needs(DuoState::IntroScheduled);
        r.place = Some("  online ".into());
        let p = plan_transition(DuoState::Proposed, mentee, mentor, &r, today()).unwrap();
        assert_eq!(p.date, NaiveDate::from_ymd_opt(2026, 12, 3).unwrap());
        assert_eq!(p.place.as_deref(), Some("online"));
        let ok = plan(req("completed")).unwrap();
        assert_eq!(ok.date, today());
    }

    #[test]
    fn failed_pairings_are_declines_and_ends_about_the_pair() {
        assert!(pairing_failed(DuoState::Declined, Some("no_click")));
        assert!(pairing_failed(DuoState::EndedEarly, Some("mismatch")));
        assert!(!pairing_failed(DuoState::EndedEarly, Some("found_job")));
        assert!(!pairing_failed(DuoState::Completed, None));
    }

    #[test]
    fn meetings_are_checked() {
        let good = NewMeeting {
            date: "2026-11-28".into(),
            minutes: 90,
            mode: "online".into(),
            topics: vec!["cv".into(), "cv".into()],
            note: Some(" ".into()),
        };
        let m = check_meeting(&good, today()).unwrap();
        assert_eq!(m.topics, vec!["cv".to_string()]);
        assert_eq!(m.note, None);
        let bad = |f: fn(&mut NewMeeting), field: &str| {
            let mut m = good.clone();
            f(&mut m);
            match check_meeting(&m, today()).unwrap_err() {
                AppError::Invalid { field: got, .. } => assert_eq!(got, field),
                other => panic!("{other:?}"),
            }
        };
        bad(|m| m.minutes = 0, "minutes");
        bad(|m| m.minutes = 601, "minutes");
        bad(|m| m.mode = "carrier_pigeon".into(), "mode");
        bad(|m| m.topics = vec!["politics".into()], "topics");
        bad(|m| m.date = "2026-13-01".into(), "date");
        bad(|m| m.date = "2026-12-25".into(), "date");
        assert!(valid_idempotency_key(
            "3f2c9a1e-77aa-4c1b-9d1e-0a7b6c5d4e3f"
        ));
        assert!(!valid_idempotency_key("short"));
        assert!(!valid_idempotency_key("has space in it"));
        assert!(logs_meetings(DuoState::Active) && !logs_meetings(DuoState::Proposed));
    }
}
