//! Types shared by the server, the JSON API and the browser (serde only; database rows stay
//! on the server and are mapped to these).
use crate::domain::matching::{Profile, Weights};
use crate::domain::states::{DuoState, MenteeState, MentorState};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Role {
    Admin,
    Hq,
    Coordinator,
    Mentor,
}

impl Role {
    /// Every role, in the order the schema lists them.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Hq, Role::Coordinator, Role::Mentor];

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Hq => "hq",
            Role::Coordinator => "coordinator",
            Role::Mentor => "mentor",
        }
    }

    /// Where a person of this role starts after signing in: their working page. A mentor goes
    /// straight to `/mentor` by a page load, which is served light (`ui::islands`); through `/`,
    /// the browser's router would draw it as part of the whole app.
    pub fn start_page(self) -> &'static str {
        match self {
            Role::Admin => "/",
            Role::Hq => "/dashboard",
            Role::Coordinator => "/board",
            Role::Mentor => "/mentor",
        }
    }
}

/// The signed-in person, as the UI and the API see them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserInfo {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Offices a coordinator works for (all offices for admins and headquarters).
    pub offices: Vec<String>,
    /// The mentor record of a mentor's account.
    pub mentor: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Office {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Mentee {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub office: String,
    pub languages: Vec<String>,
    pub sectors: Vec<String>,
    pub state: MenteeState,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub waiting_since: Option<String>,
    pub duo: Option<String>,
    #[serde(default)]
    pub profile: Profile,
    /// The coordinator's note of the intake.
    #[serde(default)]
    pub note: Option<String>,
    pub created_at: String,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Mentor {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub office: String,
    pub languages: Vec<String>,
    pub sectors: Vec<String>,
    pub state: MentorState,
    pub capacity: u32,
    pub load: u32,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub available_since: Option<String>,
    #[serde(default)]
    pub profile: Profile,
    /// The coordinator's note of the intake.
    #[serde(default)]
    pub note: Option<String>,
    pub created_at: String,
    pub version: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Duo {
    pub id: String,
    pub mentee: String,
    pub mentor: String,
    pub office: String,
    pub state: DuoState,
    pub created_at: String,
    pub created_by: Option<String>,
    /// The introduction's day (`YYYY-MM-DD`) and place, once scheduled.
    #[serde(default)]
    pub intro_on: Option<String>,
    #[serde(default)]
    pub intro_place: Option<String>,
    #[serde(default)]
    pub agreed_on: Option<String>,
    #[serde(default)]
    pub started_on: Option<String>,
    #[serde(default)]
    pub ended_on: Option<String>,
    /// Why it was declined or ended early.
    #[serde(default)]
    pub end_reason: Option<String>,
    /// How it closed (`declined`, `completed`, `ended_early`), kept when archived.
    #[serde(default)]
    pub closed_as: Option<String>,
    pub version: i64,
}

/// One line of a duo's timeline: a step of its life, or a meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// `created`, `transition`, `dissolved` or `meeting`.
    pub kind: String,
    /// The day it happened (`YYYY-MM-DD`).
    pub date: String,
    pub at: String,
    pub from_state: Option<DuoState>,
    pub to_state: Option<DuoState>,
    pub reason: Option<String>,
    pub place: Option<String>,
    /// For an introduction being scheduled: the day it will take place.
    #[serde(default)]
    pub scheduled_for: Option<String>,
    pub note: Option<String>,
    /// Who did it (display name).
    pub actor: Option<String>,
    pub meeting: Option<Meeting>,
}

/// A meeting of a duo's mentor and mentee.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub id: String,
    pub duo: String,
    pub date: String,
    pub minutes: u32,
    pub mode: String,
    pub topics: Vec<String>,
    pub note: Option<String>,
    pub logged_by: Option<String>,
    pub created_at: String,
}

/// A request to record a mentee or a mentor (the JSON API's body and the intake form's data).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewPerson {
    pub first_name: String,
    pub last_name: String,
    pub office: String,
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub sectors: Vec<String>,
    /// Mentors only: how many duos at once (default 1).
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Someone already past intake: `waiting` for a mentee, `available` for a mentor.
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// What matching needs beyond sectors and languages.
    #[serde(default)]
    pub profile: Profile,
    /// The coordinator's note of the intake (background, personality, what was agreed).
    #[serde(default)]
    pub note: Option<String>,
}

/// A waiting mentee on the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MenteeCard {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub sectors: Vec<String>,
    pub languages: Vec<String>,
    pub days_waiting: i64,
    #[serde(default)]
    pub profile: Profile,
}

/// A mentor with free capacity on the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentorCard {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub sectors: Vec<String>,
    pub languages: Vec<String>,
    pub capacity: u32,
    pub load: u32,
    pub days_available: i64,
    #[serde(default)]
    pub profile: Profile,
}

/// An open duo on the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuoCard {
    pub id: String,
    pub state: DuoState,
    pub mentee: MenteeCard,
    pub mentor_id: String,
    pub mentor_first_name: String,
    pub mentor_last_name: String,
    pub mentor_sectors: Vec<String>,
    pub mentor_languages: Vec<String>,
    pub mentor_capacity: u32,
    pub mentor_load: u32,
    #[serde(default)]
    pub mentor_profile: Profile,
    pub days_open: i64,
}

/// Everything one office's board shows, loaded in one round trip.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardData {
    pub office: String,
    /// Offices the viewer may switch to.
    pub offices: Vec<String>,
    pub mentees: Vec<MenteeCard>,
    pub mentors: Vec<MentorCard>,
    pub duos: Vec<DuoCard>,
    /// Pairs (mentee, mentor) of this office that were tried and did not work: matching
    /// excludes them.
    #[serde(default)]
    pub failed_pairs: Vec<(String, String)>,
    /// The office's matching weights.
    #[serde(default)]
    pub weights: Weights,
}

impl MenteeCard {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

impl MentorCard {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

impl DuoCard {
    pub fn mentor_name(&self) -> String {
        format!("{} {}", self.mentor_first_name, self.mentor_last_name)
    }
}

/// A goal of the career action plan, with its steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Goal {
    pub id: String,
    pub duo: String,
    pub title: String,
    pub steps: Vec<GoalStep>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GoalStep {
    pub text: String,
    pub done: bool,
    #[serde(default)]
    pub done_on: Option<String>,
    #[serde(default)]
    pub done_by: Option<String>,
}

/// A scheduled check-in of a coordinator with a duo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Checkin {
    pub id: String,
    pub duo: String,
    pub due_on: String,
    pub done_on: Option<String>,
    pub mood: Option<String>,
    pub note: Option<String>,
    pub done_by: Option<String>,
}

/// The mentee's situation at one moment after the duo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub id: String,
    pub duo: String,
    pub moment: crate::domain::followup::Moment,
    pub situation: String,
    pub stable: Option<bool>,
    pub date: String,
    pub note: Option<String>,
    pub recorded_by: Option<String>,
}

/// One alert of an office's follow-up list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DuoAlert {
    pub duo: String,
    pub mentee_name: String,
    pub mentor_name: String,
    pub state: DuoState,
    pub alert: crate::domain::followup::Alert,
}

/// A peer-exchange session for an office's mentors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Intervision {
    pub id: String,
    pub office: String,
    pub date: String,
    pub time: Option<String>,
    pub place: String,
    pub topic: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_starts_on_its_working_page() {
        let starts: Vec<_> = Role::ALL.into_iter().map(Role::start_page).collect();
        assert_eq!(starts, ["/", "/dashboard", "/board", "/mentor"]);
        // A mentor's start page is loaded as a page of its own, served light.
        assert!(crate::ui::islands::served_as_islands(
            Role::Mentor.start_page()
        ));
    }
}
