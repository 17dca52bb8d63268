//! Server functions of sessions: the pages' entry points, each one service call.
use super::{
    AttendanceResult, OfficeSessions, PersonSessions, Session, SessionDetail, TrainingModule,
};
use crate::domain::sessions::{AttendanceRequest, NewSession};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// An office's modules and sessions (the caller's first office when none is named).
#[server(prefix = "/fn")]
pub async fn load_office_sessions(office: Option<String>) -> Result<OfficeSessions, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::office_sessions(&state.db, &who, office).await
}

/// Schedules a session in an office.
#[server(prefix = "/fn", input = Json)]
pub async fn schedule_session(office: String, session: NewSession) -> Result<Session, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::schedule(&state, &who, &office, &session).await
}

/// A session and the people registered for it.
#[server(prefix = "/fn")]
pub async fn load_session(id: String) -> Result<SessionDetail, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::detail(&state.db, &who, &id).await
}

/// Registers a person for a session or records whether they came.
#[server(prefix = "/fn", input = Json)]
pub async fn record_attendance(
    id: String,
    attendance: AttendanceRequest,
) -> Result<AttendanceResult, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::attendance::record(&state, &who, &id, &attendance).await
}

/// Takes a person off a session's list.
#[server(prefix = "/fn")]
pub async fn unregister_person(id: String, person: String) -> Result<(), AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::attendance::unregister(&state, &who, &id, &person).await
}

/// Sets an office's training modules, in order (administrators).
#[server(prefix = "/fn", input = Json)]
pub async fn save_training_modules(
    office: String,
    titles: Vec<String>,
) -> Result<Vec<TrainingModule>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::set_modules(&state, &who, &office, &titles).await
}

/// A person's sessions and, for a mentor, their training so far.
#[server(prefix = "/fn")]
pub async fn load_person_sessions(id: String) -> Result<PersonSessions, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::of_person(&state.db, &who, &id).await
}
