//! Following a duo: scheduled check-ins, the mentee's outcome at the end and at 6 and 12 months
//! after the start, and the alerts a coordinator acts on. Pure: the server passes the facts and
//! today's date.
use crate::domain::states::DuoState;
use crate::error::{AppError, Invalid};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Check-ins after the start, in months (the programme's default; each can be moved).
pub const CHECKIN_MONTHS: [u32; 3] = [1, 3, 6];
/// Days without a meeting after which an active duo "goes quiet".
pub const QUIET_DAYS: i64 = 14;
/// Days a proposed duo may wait for its introduction to be scheduled.
pub const INTRO_WAIT_DAYS: i64 = 14;

/// The check-in days of a duo that started on `started`.
pub fn checkin_schedule(started: NaiveDate) -> Vec<NaiveDate> {
    CHECKIN_MONTHS
        .iter()
        .filter_map(|m| started.checked_add_months(Months::new(*m)))
        .collect()
}

/// When an outcome is recorded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Moment {
    /// When the duo closes.
    #[default]
    End,
    /// Six months after the duo's start.
    #[serde(rename = "6m")]
    SixMonths,
    /// Twelve months after the duo's start.
    #[serde(rename = "12m")]
    TwelveMonths,
}

impl Moment {
    pub const ALL: [Moment; 3] = [Moment::End, Moment::SixMonths, Moment::TwelveMonths];

    pub fn as_str(self) -> &'static str {
        match self {
            Moment::End => "end",
            Moment::SixMonths => "6m",
            Moment::TwelveMonths => "12m",
        }
    }

    pub fn parse(text: &str) -> Option<Moment> {
        Moment::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

/// The mentee's situation, as the programme reports it.
pub const SITUATIONS: [&str; 6] = [
    "job",
    "training",
    "internship",
    "studies",
    "still_searching",
    "not_reached",
];

/// An outcome as a coordinator records it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewOutcome {
    /// `end`, `6m` or `12m`.
    pub moment: String,
    pub situation: String,
    /// For a job: a contract of three months or more, or permanent.
    #[serde(default)]
    pub stable: Option<bool>,
    /// The day the situation was established (`YYYY-MM-DD`).
    pub date: String,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOutcome {
    pub moment: Moment,
    pub situation: String,
    pub stable: Option<bool>,
    pub date: NaiveDate,
    pub note: Option<String>,
}

pub fn check_outcome(o: &NewOutcome, today: NaiveDate) -> Result<ValidOutcome, AppError> {
    let moment = Moment::parse(o.moment.trim())
        .ok_or_else(|| AppError::invalid("moment", Invalid::Unknown))?;
    if !SITUATIONS.contains(&o.situation.as_str()) {
        return Err(AppError::invalid("situation", Invalid::Unknown));
    }
    // Stability is a property of a job only; for a job it must be said.
    let stable = match (o.situation.as_str(), o.stable) {
        ("job", None) => return Err(AppError::invalid("stable", Invalid::Required)),
        ("job", s) => s,
        _ => None,
    };
    let date = crate::domain::lifecycle::parse_date("date", &o.date, today)?;
    let note = match o.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) if n.chars().count() > crate::domain::lifecycle::NOTE_MAX => {
            return Err(AppError::invalid("note", Invalid::TooLong))
        }
        n => n.map(str::to_string),
    };
    Ok(ValidOutcome {
        moment,
        situation: o.situation.clone(),
        stable,
        date,
        note,
    })
}

/// A goal of the career action plan: a title and its steps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewGoal {
    pub title: String,
    #[serde(default)]
    pub steps: Vec<String>,
}

/// The short form of a check-in: when, how it goes, a note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CheckinReport {
    pub date: String,
    pub mood: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A peer-exchange (intervision) session that an office schedules for its mentors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewIntervision {
    pub date: String,
    /// `HH:MM`, optional.
    #[serde(default)]
    pub time: Option<String>,
    pub place: String,
    #[serde(default)]
    pub topic: Option<String>,
}

/// Checks a session: a day from today to a year ahead, a time as HH:MM, a place.
pub fn check_intervision(
    s: &NewIntervision,
    today: NaiveDate,
) -> Result<(NaiveDate, Option<String>, String, Option<String>), AppError> {
    let date = NaiveDate::parse_from_str(s.date.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::invalid("date", Invalid::Malformed))?;
    if !(0..=366).contains(&(date - today).num_days()) {
        return Err(AppError::invalid("date", Invalid::OutOfRange));
    }
    let time = match s.time.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        None => None,
        Some(t) => Some(
            chrono::NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| AppError::invalid("time", Invalid::Malformed))?
                .format("%H:%M")
                .to_string(),
        ),
    };
    let place = s.place.split_whitespace().collect::<Vec<_>>().join(" ");
    if place.is_empty() {
        return Err(AppError::invalid("place", Invalid::Required));
    }
    if place.chars().count() > 200 {
        return Err(AppError::invalid("place", Invalid::TooLong));
    }
    let topic = s
        .topic
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string);
    if topic.as_ref().is_some_and(|t| t.chars().count() > 200) {
        return Err(AppError::invalid("topic", Invalid::TooLong));
    }
    Ok((date, time, place, topic))
}

/// How a check-in went, as the coordinator notes it.
pub const CHECKIN_MOODS: [&str; 3] = ["going_well", "some_concerns", "needs_help"];

/// What the alerts read of one duo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuoFacts {
    pub state: DuoState,
    pub created: NaiveDate,
    pub intro_on: Option<NaiveDate>,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub closed_as: Option<DuoState>,
    pub last_meeting: Option<NaiveDate>,
    /// Check-ins not yet done, by due day.
    pub open_checkins: Vec<NaiveDate>,
    pub outcomes: Vec<Moment>,
}

/// Something a coordinator should act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Alert {
    /// An active duo without a meeting for `days` days.
    Quiet { days: i64 },
    /// A check-in due on `due` not done.
    CheckinOverdue { due: String },
    /// The introduction was planned for `planned` and is not marked held.
    IntroNotHeld { planned: String },
    /// Proposed `days` ago and no introduction scheduled yet.
    IntroNotScheduled { days: i64 },
    /// The mentee's outcome at `moment` is due since `due`.
    OutcomeDue { moment: Moment, due: String },
}

/// `YYYY-MM-DD` (chrono's `Display` of a date; its `format` interpreter stays out of the browser).
fn iso(d: NaiveDate) -> String {
    d.to_string()
}

/// The alerts of one duo today, most urgent kinds first.
pub fn alerts(f: &DuoFacts, today: NaiveDate) -> Vec<Alert> {
    use DuoState::*;
    let mut out = Vec::new();
    if f.state == Active {
        let since = f.last_meeting.or(f.started_on).unwrap_or(f.created);
        let days = (today - since).num_days();
        if days >= QUIET_DAYS {
            out.push(Alert::Quiet { days });
        }
    }
    if matches!(f.state, Active | OnHold) {
        if let Some(due) = f.open_checkins.iter().filter(|d| **d < today).min() {
            out.push(Alert::CheckinOverdue { due: iso(*due) });
        }
    }
    if f.state == IntroScheduled {
        if let Some(planned) = f.intro_on.filter(|d| *d < today) {
            out.push(Alert::IntroNotHeld {
                planned: iso(planned),
            });
        }
    }
    if f.state == Proposed {
        let days = (today - f.created).num_days();
        if days >= INTRO_WAIT_DAYS {
            out.push(Alert::IntroNotScheduled { days });
        }
    }
    // Outcomes: at the end of a duo that ran, and 6 and 12 months after its start.
    let ran = f.started_on.is_some();
    let closed = matches!(f.closed_as, Some(Completed | EndedEarly))
        || matches!(f.state, Completed | EndedEarly);
    if ran && closed && !f.outcomes.contains(&Moment::End) {
        if let Some(end) = f.ended_on {
            out.push(Alert::OutcomeDue {
                moment: Moment::End,
                due: iso(end),
            });
        }
    }
    if let Some(start) = f.started_on {
        for (moment, months) in [(Moment::SixMonths, 6), (Moment::TwelveMonths, 12)] {
            let due = start.checked_add_months(Months::new(months));
            if let Some(due) = due.filter(|d| *d <= today) {
                if !f.outcomes.contains(&moment) {
                    out.push(Alert::OutcomeDue {
                        moment,
                        due: iso(due),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn active(started: NaiveDate) -> DuoFacts {
        DuoFacts {
            state: DuoState::Active,
            created: started - chrono::Duration::days(20),
            intro_on: None,
            started_on: Some(started),
            ended_on: None,
            closed_as: None,
            last_meeting: None,
            open_checkins: checkin_schedule(started),
            outcomes: vec![],
        }
    }

    #[test]
    fn check_ins_fall_one_three_and_six_months_after_the_start() {
        assert_eq!(
            checkin_schedule(d(2026, 1, 31)),
            vec![d(2026, 2, 28), d(2026, 4, 30), d(2026, 7, 31)]
        );
    }

    #[test]
    fn a_quiet_duo_an_overdue_check_in_and_late_introductions_raise_alerts() {
        let today = d(2026, 11, 29);
        let mut f = active(d(2026, 10, 1));
        f.last_meeting = Some(d(2026, 11, 16));
        assert_eq!(
            alerts(&f, today),
            vec![Alert::CheckinOverdue {
                due: "2026-11-01".into()
            }]
        );
        f.last_meeting = Some(d(2026, 11, 15));
        assert_eq!(alerts(&f, today)[0], Alert::Quiet { days: 14 });
        f.open_checkins = vec![d(2027, 1, 1)];
        f.last_meeting = Some(today);
        assert!(alerts(&f, today).is_empty());
        // No meeting ever: quiet since the start.
        f.last_meeting = None;
        assert_eq!(alerts(&f, today), vec![Alert::Quiet { days: 59 }]);

        let mut intro = active(d(2026, 11, 1));
        intro.state = DuoState::IntroScheduled;
        intro.started_on = None;
        intro.intro_on = Some(d(2026, 11, 20));
        assert_eq!(
            alerts(&intro, today),
            vec![Alert::IntroNotHeld {
                planned: "2026-11-20".into()
            }]
        );
        intro.intro_on = Some(d(2026, 12, 2));
        assert!(alerts(&intro, today).is_empty());

        let mut proposed = intro.clone();
        proposed.state = DuoState::Proposed;
        proposed.created = d(2026, 11, 10);
        assert_eq!(
            alerts(&proposed, today),
            vec![Alert::IntroNotScheduled { days: 19 }]
        );
        proposed.created = d(2026, 11, 20);
        assert!(alerts(&proposed, today).is_empty());
    }

    #[test]
    fn outcomes_are_due_at_the_end_and_six_and_twelve_months_after_the_start() {
        let today = d(2026, 11, 29);
        let mut f = active(d(2025, 11, 29));
        f.open_checkins.clear();
        f.last_meeting = Some(today);
        assert_eq!(
            alerts(&f, today),
            vec![
                Alert::OutcomeDue {
                    moment: Moment::SixMonths,
                    due: "2026-05-29".into()
                },
                Alert::OutcomeDue {
                    moment: Moment::TwelveMonths,
                    due: "2026-11-29".into()
                },
            ]
        );
        f.outcomes = vec![Moment::SixMonths];
        f.state = DuoState::Completed;
        f.closed_as = Some(DuoState::Completed);
        f.ended_on = Some(d(2026, 6, 1));
        assert_eq!(
            alerts(&f, today),
            vec![
                Alert::OutcomeDue {
                    moment: Moment::End,
                    due: "2026-06-01".into()
                },
                Alert::OutcomeDue {
                    moment: Moment::TwelveMonths,
                    due: "2026-11-29".into()
                },
            ]
        );
        f.outcomes = vec![Moment::End, Moment::SixMonths, Moment::TwelveMonths];
        assert!(alerts(&f, today).is_empty());
        // A duo declined at the introduction never ran: no outcome is asked for.
        let mut declined = active(d(2025, 1, 1));
        declined.state = DuoState::Declined;
        declined.started_on = None;
        declined.closed_as = Some(DuoState::Declined);
        declined.ended_on = Some(d(2025, 1, 10));
        assert!(alerts(&declined, today).is_empty());
    }

    #[test]
    fn intervision_sessions_are_checked() {
        let today = d(2026, 11, 29);
        let ok = NewIntervision {
            date: "2026-12-10".into(),
            time: Some("18:30".into()),
            place: " Rue  Haute 12 ".into(),
            topic: None,
        };
        let (date, time, place, _) = check_intervision(&ok, today).unwrap();
        assert_eq!(
            (date, time.as_deref(), place.as_str()),
            (d(2026, 12, 10), Some("18:30"), "Rue Haute 12")
        );
        let past = NewIntervision {
            date: "2026-11-01".into(),
            ..ok.clone()
        };
        assert_eq!(
            check_intervision(&past, today).unwrap_err(),
            AppError::invalid("date", Invalid::OutOfRange)
        );
        let late = NewIntervision {
            time: Some("25:00".into()),
            ..ok.clone()
        };
        assert_eq!(
            check_intervision(&late, today).unwrap_err(),
            AppError::invalid("time", Invalid::Malformed)
        );
        let nowhere = NewIntervision {
            place: " ".into(),
            ..ok
        };
        assert_eq!(
            check_intervision(&nowhere, today).unwrap_err(),
            AppError::invalid("place", Invalid::Required)
        );
    }

    #[test]
    fn outcomes_are_checked() {
        let today = d(2026, 11, 29);
        let job = NewOutcome {
            moment: "6m".into(),
            situation: "job".into(),
            stable: Some(true),
            date: "2026-11-20".into(),
            note: None,
        };
        let ok = check_outcome(&job, today).unwrap();
        assert_eq!((ok.moment, ok.stable), (Moment::SixMonths, Some(true)));
        let mut no_stability = job.clone();
        no_stability.stable = None;
        assert_eq!(
            check_outcome(&no_stability, today).unwrap_err(),
            AppError::invalid("stable", Invalid::Required)
        );
        let training = NewOutcome {
            situation: "training".into(),
            stable: Some(true),
            ..job.clone()
        };
        assert_eq!(
            check_outcome(&training, today).unwrap().stable,
            None,
            "stability is about jobs only"
        );
        let mut bad = job.clone();
        bad.situation = "rich".into();
        assert_eq!(
            check_outcome(&bad, today).unwrap_err(),
            AppError::invalid("situation", Invalid::Unknown)
        );
        let mut bad = job.clone();
        bad.moment = "3m".into();
        assert_eq!(
            check_outcome(&bad, today).unwrap_err(),
            AppError::invalid("moment", Invalid::Unknown)
        );
        let mut bad = job;
        bad.date = "2027-01-01".into();
        assert_eq!(
            check_outcome(&bad, today).unwrap_err(),
            AppError::invalid("date", Invalid::OutOfRange)
        );
    }
}
