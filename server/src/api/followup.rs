//! The follow-up of duos: check-ins, outcomes, the office's alerts, rematching a mentee, and
//! the mentors' intervision sessions.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::domain::followup::{CheckinReport, NewIntervision, NewOutcome};
use app::duos::follow;
use app::model::{Checkin, DuoAlert, Intervision, Mentee, Outcome};
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(list_checkins))
        .routes(routes!(put_checkin))
        .routes(routes!(post_checkin_report))
        .routes(routes!(list_outcomes, post_outcome))
        .routes(routes!(office_alerts))
        .routes(routes!(list_intervisions, post_intervision))
        .routes(routes!(post_rematch))
}

/// A duo's check-ins, done and to come (its office's coordinators).
#[utoipa::path(
    get,
    path = "/api/v1/duos/{id}/checkins",
    tag = "follow-up",
    params(("id" = String, Path, description = "The duo's id")),
    responses((status = 200, description = "The check-ins", body = [Checkin]), ApiError)
)]
async fn list_checkins(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::checkins(&state.db, &caller.who, &id).await,
    )
}

/// The new day of a check-in.
#[derive(Deserialize, ToSchema)]
struct MoveCheckin {
    /// `YYYY-MM-DD`.
    due_on: String,
}

/// Moves a check-in `{"due_on"}`.
#[utoipa::path(
    put,
    path = "/api/v1/checkins/{id}",
    tag = "follow-up",
    params(("id" = String, Path, description = "The check-in's id")),
    request_body = MoveCheckin,
    responses((status = 200, description = "The check-in", body = Checkin), ApiError)
)]
async fn put_checkin(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<MoveCheckin>, JsonRejection>,
) -> Result<Response, ApiError> {
    let m = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        follow::move_checkin(&state, &caller.who, &id, &m.due_on).await,
    )
}

/// Records a check-in `{"date", "mood": going_well|some_concerns|needs_help, "note"?}`.
#[utoipa::path(
    post,
    path = "/api/v1/checkins/{id}/report",
    tag = "follow-up",
    params(("id" = String, Path, description = "The check-in's id")),
    request_body = CheckinReport,
    responses((status = 200, description = "The check-in, done", body = Checkin), ApiError)
)]
async fn post_checkin_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<CheckinReport>, JsonRejection>,
) -> Result<Response, ApiError> {
    let report = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        follow::record_checkin(&state, &caller.who, &id, &report).await,
    )
}

/// The mentee's situations recorded after a duo.
#[utoipa::path(
    get,
    path = "/api/v1/duos/{id}/outcomes",
    tag = "follow-up",
    params(("id" = String, Path, description = "The duo's id")),
    responses((status = 200, description = "The outcomes", body = [Outcome]), ApiError)
)]
async fn list_outcomes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::outcomes(&state.db, &caller.who, &id).await,
    )
}

/// Records the mentee's situation `{"moment": end|6m|12m, "situation", "stable"?, "date", "note"?}`.
#[utoipa::path(
    post,
    path = "/api/v1/duos/{id}/outcomes",
    tag = "follow-up",
    params(("id" = String, Path, description = "The duo's id")),
    request_body = NewOutcome,
    responses((status = 201, description = "The outcome, recorded", body = Outcome), ApiError)
)]
async fn post_outcome(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<NewOutcome>, JsonRejection>,
) -> Result<Response, ApiError> {
    let outcome = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        follow::record_outcome(&state, &caller.who, &id, &outcome).await,
    )
}

/// The office's follow-up list: `[{"duo", "mentee_name", "mentor_name", "state", "alert": {"kind", ...}}]`.
#[utoipa::path(
    get,
    path = "/api/v1/offices/{slug}/alerts",
    tag = "follow-up",
    params(("slug" = String, Path, description = "The office's slug")),
    responses((status = 200, description = "The duos that need attention", body = [DuoAlert]), ApiError)
)]
async fn office_alerts(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::office_alerts(&state.db, &caller.who, &slug).await,
    )
}

/// Puts a mentee whose duo ended back on the waiting list.
#[utoipa::path(
    post,
    path = "/api/v1/mentees/{id}/rematch",
    tag = "follow-up",
    params(("id" = String, Path, description = "The mentee's id")),
    responses((status = 200, description = "The mentee, waiting again", body = Mentee), ApiError)
)]
async fn post_rematch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::rematch(&state, &caller.who, &id).await,
    )
}

/// The office's coming intervision sessions (its coordinators and mentors).
#[utoipa::path(
    get,
    path = "/api/v1/offices/{slug}/intervisions",
    tag = "follow-up",
    params(("slug" = String, Path, description = "The office's slug")),
    responses((status = 200, description = "The coming sessions", body = [Intervision]), ApiError)
)]
async fn list_intervisions(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::intervisions(&state.db, &caller.who, &slug).await,
    )
}

/// Schedules a session `{"date", "time"?, "place", "topic"?}`.
#[utoipa::path(
    post,
    path = "/api/v1/offices/{slug}/intervisions",
    tag = "follow-up",
    params(("slug" = String, Path, description = "The office's slug")),
    request_body = NewIntervision,
    responses((status = 201, description = "The session, scheduled", body = Intervision), ApiError)
)]
async fn post_intervision(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    input: Result<Json<NewIntervision>, JsonRejection>,
) -> Result<Response, ApiError> {
    let session = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        follow::schedule_intervision(&state, &caller.who, &slug, &session).await,
    )
}
