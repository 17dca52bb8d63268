//! Duos and their life: transitions, the timeline, meetings and the action plan's goals.
use super::error::ApiError;
use super::extract::{answer, body, Caller, ListQuery};
use crate::state::ServerState;
use app::db::AppState;
use app::domain::lifecycle::{NewMeeting, TransitionRequest};
use app::duos::server as duos;
use app::duos::{follow, life};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

/// The routes of this area.
pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/api/v1/duos", get(list_duos).post(create_duo))
        .route("/api/v1/duos/{id}", get(get_duo).delete(delete_duo))
        .route("/api/v1/duos/{id}/transitions", post(post_transition))
        .route("/api/v1/duos/{id}/timeline", get(get_timeline))
        .route(
            "/api/v1/duos/{id}/meetings",
            get(list_meetings).post(post_meeting),
        )
        .route("/api/v1/duos/{id}/goals", get(list_goals).post(post_goal))
        .route("/api/v1/goals/{id}/steps/{index}", put(put_step))
}

#[derive(Deserialize)]
struct NewDuo {
    mentee: String,
    mentor: String,
}

async fn list_duos(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        duos::list_duos(
            &state.db,
            &caller.who,
            q.office.as_deref(),
            q.state.as_deref(),
        )
        .await,
    )
}

async fn create_duo(
    State(state): State<AppState>,
    caller: Caller,
    input: Result<Json<NewDuo>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        duos::create_duo(&state, &caller.who, &input.mentee, &input.mentor).await,
    )
}

async fn get_duo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        duos::get_duo(&state.db, &caller.who, &id).await,
    )
}

async fn delete_duo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let duo = duos::dissolve_duo(&state, &caller.who, &id)
        .await
        .map_err(|e| caller.fail(e))?;
    Ok(Json(json!({ "id": duo.id, "dissolved": true, "state_before": duo.state })).into_response())
}

/// One step of a duo's life: `{"to", "reason"?, "date"?, "place"?, "note"?}` → the duo.
async fn post_transition(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<TransitionRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        life::transition(&state, &caller.who, &id, &req).await,
    )
}

async fn get_timeline(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        life::timeline(&state.db, &caller.who, &id).await,
    )
}

async fn list_meetings(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        life::meetings(&state.db, &caller.who, &id).await,
    )
}

/// Logs a meeting `{"date", "minutes", "mode", "topics"?, "note"?}`: 201 with the meeting; the
/// same `Idempotency-Key` again answers 200 with the meeting it made (and makes no other).
async fn post_meeting(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    input: Result<Json<NewMeeting>, JsonRejection>,
) -> Result<Response, ApiError> {
    let meeting = body(&caller, input)?;
    let key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().unwrap_or_default().to_string());
    let (made, created) = life::log_meeting(&state, &caller.who, &id, &meeting, key.as_deref())
        .await
        .map_err(|e| caller.fail(e))?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(made)).into_response())
}

async fn list_goals(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::goals(&state.db, &caller.who, &id).await,
    )
}

/// A goal of the action plan `{"title", "steps": [..]}` (the duo's mentor or a coordinator).
async fn post_goal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<app::domain::followup::NewGoal>, JsonRejection>,
) -> Result<Response, ApiError> {
    let goal = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        follow::add_goal(&state, &caller.who, &id, &goal).await,
    )
}

#[derive(Deserialize)]
struct StepDone {
    done: bool,
}

async fn put_step(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, index)): Path<(String, usize)>,
    input: Result<Json<StepDone>, JsonRejection>,
) -> Result<Response, ApiError> {
    let step = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        follow::set_step(&state, &caller.who, &id, index, step.done).await,
    )
}
