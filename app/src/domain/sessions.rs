//! Information sessions and the mentor training (DESIGN §1, steps 1 and 4): what a session is,
//! the checks of a new one and of an office's list of modules, and what an attendance changes.
//! Pure: the server reads the session, the person and their modules, asks [`plan_attendance`]
//! what follows, and writes it in one transaction.
use crate::domain::lifecycle::{clean_text, parse_planned_date};
use crate::domain::privacy::PersonKind;
use crate::domain::states::MentorState;
use crate::error::{AppError, Conflict, Invalid};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// The two kinds of session an office runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum SessionKind {
    /// A group information session, for future mentees and mentors alike.
    Info,
    /// One module of the mentor training.
    Training,
}

/// Every kind of session.
pub const SESSION_KINDS: [SessionKind; 2] = [SessionKind::Info, SessionKind::Training];

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Info => "info",
            SessionKind::Training => "training",
        }
    }

    pub fn parse(text: &str) -> Option<SessionKind> {
        match text {
            "info" => Some(SessionKind::Info),
            "training" => Some(SessionKind::Training),
            _ => None,
        }
    }
}

/// A session as an office schedules it: `{"kind", "module"?, "date", "time"?, "place"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewSession {
    /// `info` or `training`.
    pub kind: String,
    /// For a training session: the module's id (one of the office's modules).
    #[serde(default)]
    pub module: Option<String>,
    /// The day (`YYYY-MM-DD`), up to a year ahead or 400 days back (recorded afterwards).
    pub date: String,
    /// The starting time (`HH:MM`, Brussels time).
    #[serde(default)]
    pub time: Option<String>,
    /// Where it takes place (an address, a room, or "online").
    pub place: String,
}

/// A checked new session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionPlan {
    pub kind: SessionKind,
    pub module: Option<String>,
    pub date: NaiveDate,
    pub time: Option<String>,
    pub place: String,
}

/// The longest place or module title kept.
pub const PLACE_MAX: usize = 200;
/// The most modules an office's training has.
pub const MODULES_MAX: usize = 20;

/// Checks a new session against the office's active modules.
pub fn check_new_session(
    input: &NewSession,
    active_modules: &[String],
    today: NaiveDate,
) -> Result<SessionPlan, AppError> {
    let kind = SessionKind::parse(input.kind.trim())
        .ok_or_else(|| AppError::invalid("kind", Invalid::Unknown))?;
    let module = input
        .module
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    let module = match (kind, module) {
        (SessionKind::Info, None) => None,
        (SessionKind::Info, Some(_)) => return Err(AppError::invalid("module", Invalid::Unknown)),
        (SessionKind::Training, None) => {
            return Err(AppError::invalid("module", Invalid::Required))
        }
        (SessionKind::Training, Some(m)) if active_modules.iter().any(|a| a == m) => {
            Some(m.to_string())
        }
        (SessionKind::Training, Some(_)) => {
            return Err(AppError::invalid("module", Invalid::Unknown))
        }
    };
    let date = parse_planned_date("date", &input.date, today)?;
    let time = match input
        .time
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        None => None,
        Some(t) => Some(
            NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| AppError::invalid("time", Invalid::Malformed))?
                .format("%H:%M")
                .to_string(),
        ),
    };
    let place = clean_text("place", &Some(input.place.clone()), PLACE_MAX)?
        .ok_or_else(|| AppError::invalid("place", Invalid::Required))?;
    Ok(SessionPlan {
        kind,
        module,
        date,
        time,
        place,
    })
}

/// Checks an office's list of module titles, in their order: each one present, not too long,
/// no two alike, at most [`MODULES_MAX`].
pub fn check_module_titles(titles: &[String]) -> Result<Vec<String>, AppError> {
    if titles.len() > MODULES_MAX {
        return Err(AppError::invalid("modules", Invalid::TooLong));
    }
    let mut kept: Vec<String> = Vec::with_capacity(titles.len());
    for title in titles {
        let title = clean_text("title", &Some(title.clone()), PLACE_MAX)?
            .ok_or_else(|| AppError::invalid("title", Invalid::Required))?;
        if kept
            .iter()
            .any(|k| k.to_lowercase() == title.to_lowercase())
        {
            return Err(AppError::invalid("title", Invalid::Taken));
        }
        kept.push(title);
    }
    Ok(kept)
}

/// `{"person", "present"}`: registers a person for a session (`present` absent or null) or
/// records whether they came.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AttendanceRequest {
    /// `mentee:key` or `mentor:key`.
    pub person: String,
    /// `true` came, `false` did not; absent or `null`: registered, not held yet.
    #[serde(default)]
    pub present: Option<bool>,
}

/// What the rules need to know to record an attendance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendanceFacts {
    pub session_kind: SessionKind,
    pub session_date: NaiveDate,
    pub session_office: String,
    pub person_kind: PersonKind,
    pub person_office: String,
    /// The mentor's state (`None` for a mentee).
    pub mentor_state: Option<MentorState>,
    /// The office's active modules, in order.
    pub modules: Vec<String>,
    /// The modules this person attended, this session not counted.
    pub attended: Vec<String>,
    /// The module this session teaches.
    pub session_module: Option<String>,
}

/// What an attendance changes beyond its own row: the mentor's steps through training.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendancePlan {
    /// The mentor's steps, in order (`accepted → in_training`, then `in_training → available`).
    pub steps: Vec<(MentorState, MentorState)>,
}

/// Checks an attendance and says which steps of the mentor's machine it takes: attending a
/// first module starts the training of an accepted mentor; attending the last one missing makes
/// a mentor in training available.
pub fn plan_attendance(
    facts: &AttendanceFacts,
    present: Option<bool>,
    today: NaiveDate,
) -> Result<AttendancePlan, AppError> {
    if facts.person_office != facts.session_office {
        return Err(AppError::conflict(Conflict::SessionOffice));
    }
    if facts.session_kind == SessionKind::Training && facts.person_kind != PersonKind::Mentor {
        return Err(AppError::conflict(Conflict::TrainingForMentors));
    }
    if present.is_some() && facts.session_date > today {
        return Err(AppError::conflict(Conflict::NotHeld));
    }
    let mut steps = Vec::new();
    let (Some(true), SessionKind::Training, Some(mut state)) =
        (present, facts.session_kind, facts.mentor_state)
    else {
        return Ok(AttendancePlan { steps });
    };
    if state == MentorState::Accepted {
        steps.push((MentorState::Accepted, MentorState::InTraining));
        state = MentorState::InTraining;
    }
    let progress = training_progress(
        &facts.modules,
        &facts.attended,
        facts.session_module.as_deref(),
    );
    if state == MentorState::InTraining && progress.complete() {
        steps.push((MentorState::InTraining, MentorState::Available));
    }
    Ok(AttendancePlan { steps })
}

/// Where a mentor stands in their office's training.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingProgress {
    /// The office's active modules, in order, each with whether it is attended.
    pub modules: Vec<(String, bool)>,
}

impl TrainingProgress {
    /// Every module attended (an office without modules has no training to complete here).
    pub fn complete(&self) -> bool {
        !self.modules.is_empty() && self.modules.iter().all(|(_, done)| *done)
    }

    pub fn done(&self) -> usize {
        self.modules.iter().filter(|(_, done)| *done).count()
    }
}

/// The office's modules with those attended marked, `also` counted as attended.
pub fn training_progress(
    modules: &[String],
    attended: &[String],
    also: Option<&str>,
) -> TrainingProgress {
    TrainingProgress {
        modules: modules
            .iter()
            .map(|m| {
                let done = attended.iter().any(|a| a == m) || also == Some(m.as_str());
                (m.clone(), done)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
    }

    fn session(kind: &str, module: Option<&str>) -> NewSession {
        NewSession {
            kind: kind.into(),
            module: module.map(Into::into),
            date: "2026-12-10".into(),
            time: Some("9:30".into()),
            place: "  Rue Royale 10  ".into(),
        }
    }

    fn modules() -> Vec<String> {
        vec!["m1".into(), "m2".into(), "m3".into()]
    }

    fn field(e: AppError) -> (String, Invalid) {
        match e {
            AppError::Invalid { field, problem } => (field, problem),
            other => panic!("not a field error: {other:?}"),
        }
    }

    #[test]
    fn a_new_session_is_checked_and_cleaned() {
        let plan =
            check_new_session(&session("training", Some("m2")), &modules(), today()).unwrap();
        assert_eq!(plan.kind, SessionKind::Training);
        assert_eq!(plan.module.as_deref(), Some("m2"));
        assert_eq!(plan.time.as_deref(), Some("09:30"));
        assert_eq!(plan.place, "Rue Royale 10");
        let info = check_new_session(&session("info", Some("")), &[], today()).unwrap();
        assert_eq!((info.kind, info.module), (SessionKind::Info, None));
    }

    #[test]
    fn a_bad_session_names_its_field() {
        let m = modules();
        let cases: Vec<(NewSession, &str, Invalid)> = vec![
            (session("workshop", None), "kind", Invalid::Unknown),
            (session("training", None), "module", Invalid::Required),
            (
                session("training", Some("gone")),
                "module",
                Invalid::Unknown,
            ),
            (session("info", Some("m1")), "module", Invalid::Unknown),
            (
                NewSession {
                    date: "10/12/2026".into(),
                    ..session("info", None)
                },
                "date",
                Invalid::Malformed,
            ),
            (
                NewSession {
                    date: "2028-01-01".into(),
                    ..session("info", None)
                },
                "date",
                Invalid::OutOfRange,
            ),
            (
                NewSession {
                    time: Some("25:00".into()),
                    ..session("info", None)
                },
                "time",
                Invalid::Malformed,
            ),
            (
                NewSession {
                    place: "   ".into(),
                    ..session("info", None)
                },
                "place",
                Invalid::Required,
            ),
            (
                NewSession {
                    place: "x".repeat(201),
                    ..session("info", None)
                },
                "place",
                Invalid::TooLong,
            ),
        ];
        for (input, name, problem) in cases {
            let e = check_new_session(&input, &m, today()).unwrap_err();
            assert_eq!(field(e), (name.to_string(), problem), "{input:?}");
        }
    }

    #[test]
    fn module_titles_are_present_distinct_and_few() {
        let ok = check_module_titles(&[" Listening ".into(), "The labour market".into()]).unwrap();
        assert_eq!(ok, vec!["Listening", "The labour market"]);
        let e = check_module_titles(&["Listening".into(), "listening".into()]).unwrap_err();
        assert_eq!(field(e), ("title".into(), Invalid::Taken));
        let e = check_module_titles(&["".into()]).unwrap_err();
        assert_eq!(field(e), ("title".into(), Invalid::Required));
        let many: Vec<String> = (0..=MODULES_MAX).map(|n| format!("M{n}")).collect();
        assert_eq!(field(check_module_titles(&many).unwrap_err()).0, "modules");
        assert!(check_module_titles(&[]).unwrap().is_empty());
    }

    fn facts(
        state: Option<MentorState>,
        attended: &[&str],
        module: Option<&str>,
    ) -> AttendanceFacts {
        AttendanceFacts {
            session_kind: if module.is_some() {
                SessionKind::Training
            } else {
                SessionKind::Info
            },
            session_date: today(),
            session_office: "liege".into(),
            person_kind: if state.is_some() {
                PersonKind::Mentor
            } else {
                PersonKind::Mentee
            },
            person_office: "liege".into(),
            mentor_state: state,
            modules: modules(),
            attended: attended.iter().map(|s| s.to_string()).collect(),
            session_module: module.map(Into::into),
        }
    }

    #[test]
    fn the_first_module_starts_the_training_and_the_last_one_ends_it() {
        use MentorState::*;
        let plan = |f: &AttendanceFacts, p| plan_attendance(f, p, today()).unwrap().steps;
        assert_eq!(
            plan(&facts(Some(Accepted), &[], Some("m1")), Some(true)),
            vec![(Accepted, InTraining)]
        );
        assert_eq!(
            plan(&facts(Some(InTraining), &["m1"], Some("m2")), Some(true)),
            vec![]
        );
        assert_eq!(
            plan(
                &facts(Some(InTraining), &["m1", "m3"], Some("m2")),
                Some(true)
            ),
            vec![(InTraining, Available)]
        );
        // Every module at once (recorded afterwards): both steps.
        assert_eq!(
            plan(
                &facts(Some(Accepted), &["m1", "m3"], Some("m2")),
                Some(true)
            ),
            vec![(Accepted, InTraining), (InTraining, Available)]
        );
        // A module attended twice changes nothing more.
        assert_eq!(
            plan(
                &facts(Some(InTraining), &["m1", "m2"], Some("m2")),
                Some(true)
            ),
            vec![]
        );
        // Absent, registered, or an information session: no step.
        assert_eq!(
            plan(
                &facts(Some(Accepted), &["m1", "m3"], Some("m2")),
                Some(false)
            ),
            vec![]
        );
        assert_eq!(
            plan(&facts(Some(Accepted), &["m1", "m3"], Some("m2")), None),
            vec![]
        );
        assert_eq!(plan(&facts(Some(Accepted), &[], None), Some(true)), vec![]);
    }

    #[test]
    fn only_accepted_and_training_mentors_move() {
        for &state in MentorState::ALL {
            let steps = plan_attendance(
                &facts(Some(state), &["m1", "m3"], Some("m2")),
                Some(true),
                today(),
            )
            .unwrap()
            .steps;
            match state {
                MentorState::Accepted | MentorState::InTraining => {
                    assert_eq!(steps.last().map(|s| s.1), Some(MentorState::Available))
                }
                _ => assert!(steps.is_empty(), "{state:?} moved: {steps:?}"),
            }
        }
    }

    #[test]
    fn an_office_without_modules_never_completes_a_training() {
        let mut f = facts(Some(MentorState::InTraining), &[], Some("m1"));
        f.modules.clear();
        assert!(plan_attendance(&f, Some(true), today())
            .unwrap()
            .steps
            .is_empty());
        assert!(!training_progress(&[], &[], None).complete());
    }

    #[test]
    fn attendance_is_refused_where_it_cannot_be() {
        let mut f = facts(Some(MentorState::InTraining), &[], Some("m1"));
        f.person_office = "ghent".into();
        assert_eq!(
            plan_attendance(&f, None, today())
                .unwrap_err()
                .conflict_reason(),
            Some(Conflict::SessionOffice)
        );
        let mentee = AttendanceFacts {
            session_kind: SessionKind::Training,
            ..facts(None, &[], None)
        };
        assert_eq!(
            plan_attendance(&mentee, None, today())
                .unwrap_err()
                .conflict_reason(),
            Some(Conflict::TrainingForMentors)
        );
        let mut ahead = facts(Some(MentorState::InTraining), &[], Some("m1"));
        ahead.session_date = today() + chrono::Days::new(1);
        assert_eq!(
            plan_attendance(&ahead, Some(true), today())
                .unwrap_err()
                .conflict_reason(),
            Some(Conflict::NotHeld)
        );
        assert_eq!(
            plan_attendance(&ahead, Some(false), today())
                .unwrap_err()
                .conflict_reason(),
            Some(Conflict::NotHeld)
        );
        // Registering ahead is what registration is for.
        assert!(plan_attendance(&ahead, None, today()).is_ok());
    }

    #[test]
    fn progress_counts_each_module_once() {
        let p = training_progress(
            &modules(),
            &["m2".into(), "m2".into(), "old".into()],
            Some("m3"),
        );
        assert_eq!(p.done(), 2);
        assert!(!p.complete());
        assert_eq!(p.modules[0], ("m1".to_string(), false));
    }

    proptest! {
        #[test]
        fn a_training_completes_exactly_when_every_module_is_attended(
            attended in proptest::collection::vec(0usize..5, 0..8),
            this in 0usize..5,
        ) {
            let all = modules();
            let name = |n: usize| format!("m{}", n + 1);
            let attended: Vec<String> = attended.into_iter().map(name).collect();
            let mut f = facts(Some(MentorState::InTraining), &[], None);
            f.session_kind = SessionKind::Training;
            f.attended = attended.clone();
            f.session_module = Some(name(this));
            let steps = plan_attendance(&f, Some(true), today()).unwrap().steps;
            let every = all.iter().all(|m| attended.contains(m) || *m == name(this));
            prop_assert_eq!(steps == vec![(MentorState::InTraining, MentorState::Available)], every);
        }
    }
}
