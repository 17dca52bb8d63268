//! The follow-up of duos: check-ins, outcomes, the office's alerts, rematching a mentee, and
//! the mentors' intervision sessions.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::db::AppState;
use app::domain::followup::NewOutcome;
use app::duos::follow;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;

/// The routes of this area.
pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/api/v1/duos/{id}/checkins", get(list_checkins))
        .route("/api/v1/checkins/{id}", put(put_checkin))
        .route("/api/v1/checkins/{id}/report", post(post_checkin_report))
        .route(
            "/api/v1/duos/{id}/outcomes",
            get(list_outcomes).post(post_outcome),
        )
        .route("/api/v1/offices/{slug}/alerts", get(office_alerts))
        .route(
            "/api/v1/offices/{slug}/intervisions",
            get(list_intervisions).post(post_intervision),
        )
        .route("/api/v1/mentees/{id}/rematch", post(post_rematch))
}

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

#[derive(Deserialize)]
struct MoveCheckin {
    due_on: String,
}

/// Moves a check-in `{"due_on"}`.
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
async fn post_checkin_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<app::domain::followup::CheckinReport>, JsonRejection>,
) -> Result<Response, ApiError> {
    let report = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        follow::record_checkin(&state, &caller.who, &id, &report).await,
    )
}

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
async fn post_intervision(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    input: Result<Json<app::domain::followup::NewIntervision>, JsonRejection>,
) -> Result<Response, ApiError> {
    let session = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        follow::schedule_intervision(&state, &caller.who, &slug, &session).await,
    )
}
