//! The mentor's phone: their duo, their mentee's essentials, logging a meeting in a few taps
//! (also offline: kept on the phone and sent once, by idempotency key), their history and their
//! coordinator.
//!
//! `view` puts the page together: `meetings` holds the log and its sending, `meeting_form` the
//! form, `panels` the rest; `queue` keeps unsent meetings on the phone, for the signed-in
//! account only; `session_end` drops what the phone keeps when the session is over; `islands`
//! hydrates the page served as islands (`ui::islands`).
pub mod api;
#[cfg(feature = "ssr")]
pub mod comeback;
#[cfg(feature = "mentor-islands")]
pub mod islands;
mod meeting_form;
mod meetings;
mod next_view;
mod panels;
pub mod queue;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "hydrate")]
pub mod session_end;
pub mod view;

use crate::domain::states::DuoState;
use crate::model::Meeting;
use serde::{Deserialize, Serialize};

/// What a mentor needs of their mentee, and nothing more (no last name, no eligibility data).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MenteeForMentor {
    pub first_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub sectors: Vec<String>,
    pub languages: Vec<String>,
}

/// The coordinator to call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub email: String,
}

/// The mentor's current duo as their phone shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyDuo {
    pub id: String,
    pub state: DuoState,
    pub started_on: Option<String>,
    pub intro_on: Option<String>,
    pub intro_place: Option<String>,
    pub mentee: MenteeForMentor,
    pub meetings: Vec<Meeting>,
    /// The career action plan, which mentor and coordinator share.
    pub goals: Vec<crate::model::Goal>,
    pub coordinator: Option<Contact>,
    /// The office's coming peer-exchange sessions.
    pub intervisions: Vec<crate::model::Intervision>,
}

/// The question a mentor's phone asks once the programme closed their duo: what next?
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NextQuestion {
    pub duo: String,
    pub mentee_first_name: String,
    /// `completed` or `ended_early`.
    pub closed_as: DuoState,
    pub ended_on: Option<String>,
}

/// The mentor's closing evaluation of a duo, as its coordinators see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentorEvaluation {
    /// 1 to 5.
    pub rating: u8,
    #[serde(default)]
    pub comment: Option<String>,
    /// The day they gave it (`YYYY-MM-DD`).
    pub on: String,
}
