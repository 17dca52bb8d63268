//! Information sessions and the mentor training (DESIGN §1, steps 1 and 4): each office
//! schedules sessions, registers people and records who came; a mentor who has attended every
//! module of their office's training becomes available.
use crate::domain::privacy::PersonKind;
use crate::domain::sessions::SessionKind;
use serde::{Deserialize, Serialize};

pub mod api;
pub mod detail_view;
pub mod list_view;
pub mod modules_view;
pub mod person_view;
pub mod register_view;
pub mod schedule_view;

#[cfg(feature = "ssr")]
pub mod attendance;
#[cfg(feature = "ssr")]
pub mod server;

/// One module of an office's mentor training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrainingModule {
    pub id: String,
    pub title: String,
    /// Its place in the training, from 1.
    pub position: i64,
}

/// A session of an office.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Session {
    pub id: String,
    pub office: String,
    pub kind: SessionKind,
    /// For a training session: the module's id and title.
    #[serde(default)]
    pub module: Option<String>,
    #[serde(default)]
    pub module_title: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`, Brussels time.
    #[serde(default)]
    pub time: Option<String>,
    pub place: String,
    /// People registered (whatever their attendance).
    pub registered: i64,
    /// People recorded as present.
    pub present: i64,
}

/// A person registered for a session, and whether they came (`None`: not recorded yet).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Attendee {
    /// `mentee:key` or `mentor:key`.
    pub person: String,
    pub kind: PersonKind,
    pub first_name: String,
    pub last_name: String,
    pub state: String,
    #[serde(default)]
    pub present: Option<bool>,
}

/// A session with the people registered for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionDetail {
    pub session: Session,
    pub attendees: Vec<Attendee>,
    /// Whether the session's day has come (in Brussels): only then is attendance recorded.
    #[serde(default)]
    pub held: bool,
}

/// An office's training modules and its sessions, soonest upcoming first then the past.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfficeSessions {
    pub office: String,
    /// The offices the caller may choose from.
    pub offices: Vec<String>,
    pub modules: Vec<TrainingModule>,
    pub sessions: Vec<Session>,
    /// Whether the caller may change the modules (administrators).
    pub may_edit_modules: bool,
    /// Today in Brussels (`YYYY-MM-DD`): sessions from today on are upcoming.
    pub today: String,
}

/// What recording an attendance did: the person's state after it and the steps it took.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AttendanceResult {
    pub person: String,
    #[serde(default)]
    pub present: Option<bool>,
    pub state: String,
    /// States the person moved through because of it (`in_training`, `available`).
    pub steps: Vec<String>,
}

/// A person's sessions and, for a mentor, where they stand in the training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonSessions {
    pub sessions: Vec<PersonSession>,
    /// Mentors: each module of their office's training, in order, with whether it is attended.
    #[serde(default)]
    pub training: Option<Vec<(String, bool)>>,
}

/// One session of a person's, with their attendance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonSession {
    pub session: Session,
    #[serde(default)]
    pub present: Option<bool>,
}
