//! Server functions of a duo's page.
use crate::domain::followup::{CheckinReport, NewGoal, NewOutcome};
use crate::domain::lifecycle::TransitionRequest;
use crate::error::AppError;
use crate::model::{Checkin, Duo, DuoAlert, Goal, Outcome, TimelineEntry};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// Everything a coordinator's duo page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuoPageData {
    pub duo: Duo,
    /// The mentee's own state (a mentee whose duo ended may wait for another match).
    pub mentee_state: crate::domain::states::MenteeState,
    pub mentee_name: String,
    pub mentor_name: String,
    pub timeline: Vec<TimelineEntry>,
    pub goals: Vec<Goal>,
    pub checkins: Vec<Checkin>,
    pub outcomes: Vec<Outcome>,
    /// What the mentee answered through their own links.
    pub self_reports: Vec<crate::voice::SelfReport>,
    /// What the mentor said of the duo once it closed.
    pub mentor_evaluation: Option<crate::mentor::MentorEvaluation>,
}

#[server(prefix = "/fn")]
pub async fn load_duo_page(id: String) -> Result<DuoPageData, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    let duo = crate::duos::server::load_duo(&state.db, &id).await?;
    who.require_people_of(&duo.office)?;
    let mentee = crate::people::server::load_mentee(&state.db, &duo.mentee).await?;
    let mentor = crate::people::server::load_mentor(&state.db, &duo.mentor).await?;
    // One read of the duo, checked once; then its parts.
    let timeline = crate::duos::life::timeline_of(&state.db, &who, &duo).await?;
    let goals = crate::duos::follow::goals_of(&state.db, &duo.id).await?;
    let checkins = crate::duos::follow::checkins_of(&state.db, &duo.id).await?;
    let outcomes = crate::duos::follow::outcomes_of(&state.db, &duo.id).await?;
    let self_reports = crate::voice::server::reports_of(&state.db, &duo.id).await?;
    let mentor_evaluation = crate::mentor::comeback::evaluation_of(&state.db, &duo.id).await?;
    for record in [
        format!("mentee:{}", mentee.id),
        format!("mentor:{}", mentor.id),
    ] {
        crate::privacy::audit::read(
            &state.db,
            &who,
            &record,
            &["first_name", "last_name", "duo"],
        )
        .await;
    }
    Ok(DuoPageData {
        mentee_state: mentee.state,
        duo,
        mentee_name: format!("{} {}", mentee.first_name, mentee.last_name),
        mentor_name: format!("{} {}", mentor.first_name, mentor.last_name),
        timeline,
        goals,
        checkins,
        outcomes,
        self_reports,
        mentor_evaluation,
    })
}

/// Moves the duo one step along its life.
#[server(prefix = "/fn", input = Json)]
pub async fn move_duo(id: String, request: TransitionRequest) -> Result<Duo, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::life::transition(&state, &who, &id, &request).await
}

#[server(prefix = "/fn", input = Json)]
pub async fn add_goal(duo: String, goal: NewGoal) -> Result<Goal, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::follow::add_goal(&state, &who, &duo, &goal).await
}

/// Checks off (or reopens) a step of a goal: the duo's mentor or a coordinator.
#[server(prefix = "/fn")]
pub async fn check_step(goal: String, index: usize, done: bool) -> Result<Goal, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::follow::set_step(&state, &who, &goal, index, done).await
}

#[server(prefix = "/fn", input = Json)]
pub async fn report_checkin(id: String, report: CheckinReport) -> Result<Checkin, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::follow::record_checkin(&state, &who, &id, &report).await
}

#[server(prefix = "/fn")]
pub async fn reschedule_checkin(id: String, due_on: String) -> Result<Checkin, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::follow::move_checkin(&state, &who, &id, &due_on).await
}

#[server(prefix = "/fn", input = Json)]
pub async fn save_outcome(duo: String, outcome: NewOutcome) -> Result<Outcome, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::follow::record_outcome(&state, &who, &duo, &outcome).await
}

/// An office's follow-up list, with the offices the caller may switch to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AlertsData {
    pub office: String,
    pub offices: Vec<String>,
    pub alerts: Vec<DuoAlert>,
    pub intervisions: Vec<crate::model::Intervision>,
}

#[server(prefix = "/fn")]
pub async fn load_alerts(office: Option<String>) -> Result<AlertsData, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    let office = who.office_or_first(office)?;
    let alerts = crate::duos::follow::office_alerts(&state.db, &who, &office).await?;
    let intervisions = crate::duos::follow::intervisions(&state.db, &who, &office).await?;
    Ok(AlertsData {
        office,
        offices: who.people_offices(),
        alerts,
        intervisions,
    })
}

/// Schedules a peer-exchange session for the office's mentors.
#[server(prefix = "/fn", input = Json)]
pub async fn schedule_intervision(
    office: String,
    session: crate::domain::followup::NewIntervision,
) -> Result<crate::model::Intervision, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::follow::schedule_intervision(&state, &who, &office, &session).await
}

/// Puts the duo's mentee back on the waiting list for another match.
#[server(prefix = "/fn")]
pub async fn rematch_mentee(mentee: String) -> Result<crate::model::Mentee, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::follow::rematch(&state, &who, &mentee).await
}
