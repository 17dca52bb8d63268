//! Mentees and mentors: intake records office by office, their own steps through intake,
//! eligibility and training, and the directory of an office's people.
use crate::domain::privacy::PersonKind;
use serde::{Deserialize, Serialize};

pub use crate::domain::directory::DirectoryQuery;

pub mod api;
pub mod directory_view;
pub mod form;
pub mod names;
pub mod steps_view;

#[cfg(feature = "ssr")]
pub mod directory;
#[cfg(feature = "ssr")]
pub mod edit;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod steps;

/// One step on a person's timeline: who moved them from which state to which, when and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonStep {
    pub from_state: String,
    pub to_state: String,
    /// The day it happened (`YYYY-MM-DD`).
    pub date: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// The display name of who took the step.
    #[serde(default)]
    pub actor: Option<String>,
    /// When it was recorded.
    pub at: String,
}

/// A person's state, the steps their page offers from it, and their timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonPath {
    pub kind: PersonKind,
    pub id: String,
    pub state: String,
    /// The states the coordinator may move the person to now, the programme's next one first.
    pub next: Vec<String>,
    /// Mentees: whether the eligibility criterion is recorded (needed to become eligible).
    pub eligibility_recorded: bool,
    pub steps: Vec<PersonStep>,
}

/// One person in the directory.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DirectoryRow {
    pub id: String,
    pub kind: PersonKind,
    pub first_name: String,
    pub last_name: String,
    pub state: String,
    pub office: String,
    /// Since when they are in their current state (an instant, RFC 3339).
    pub since: String,
    /// The day of `since` in Europe/Brussels (`YYYY-MM-DD`), as pages show it.
    #[serde(default)]
    pub since_day: String,
}

/// One page of the directory and how many people match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DirectoryPage {
    pub total: u64,
    pub items: Vec<DirectoryRow>,
}

/// A person's record as the edit form shows it: the intake fields, the note and the version the
/// form was read at (sent back, so a save over someone else's is refused with their name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EditablePerson {
    pub kind: PersonKind,
    pub id: String,
    pub version: i64,
    pub person: crate::model::NewPerson,
}
