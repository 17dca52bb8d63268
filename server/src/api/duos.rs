//! Duos and their life: transitions, the timeline, meetings and the action plan's goals.
use super::error::ApiError;
use super::extract::{answer, body, Caller, ListQuery};
use crate::state::ServerState;
use app::domain::followup::NewGoal;
use app::domain::lifecycle::{NewMeeting, TransitionRequest};
use app::duos::server as duos;
use app::duos::{follow, life};
use app::model::{Duo, Goal, Meeting, TimelineEntry};
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(list_duos, create_duo))
        .routes(routes!(get_duo, delete_duo))
        .routes(routes!(post_transition))
        .routes(routes!(get_timeline))
        .routes(routes!(list_meetings, post_meeting))
        .routes(routes!(list_goals, post_goal))
        .routes(routes!(put_step))
}

/// The mentee and the mentor of a proposed duo.
#[derive(Deserialize, ToSchema)]
struct NewDuo {
    mentee: String,
    mentor: String,
}

/// The duos of the caller's offices (their coordinators and administrators).
#[utoipa::path(
    get,
    path = "/api/v1/duos",
    tag = "duos",
    params(ListQuery),
    responses((status = 200, description = "The duos", body = [Duo]), ApiError)
)]
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

/// Proposes a duo of a waiting mentee and a mentor with room.
#[utoipa::path(
    post,
    path = "/api/v1/duos",
    tag = "duos",
    request_body = NewDuo,
    responses((status = 201, description = "The proposed duo", body = Duo), ApiError)
)]
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

/// One duo (its office's coordinators and its mentor).
#[utoipa::path(
    get,
    path = "/api/v1/duos/{id}",
    tag = "duos",
    params(("id" = String, Path, description = "The duo's id")),
    responses((status = 200, description = "The duo", body = Duo), ApiError)
)]
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

/// Dissolves a duo that has not started: the mentee waits again, the mentor gets the room back.
#[utoipa::path(
    delete,
    path = "/api/v1/duos/{id}",
    tag = "duos",
    params(("id" = String, Path, description = "The duo's id")),
    responses(
        (status = 200, description = "`{\"id\", \"dissolved\": true, \"state_before\"}`"),
        ApiError,
    )
)]
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
#[utoipa::path(
    post,
    path = "/api/v1/duos/{id}/transitions",
    tag = "duos",
    params(("id" = String, Path, description = "The duo's id")),
    request_body = TransitionRequest,
    responses((status = 200, description = "The duo after the step", body = Duo), ApiError)
)]
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

/// A duo's timeline: the steps of its life and its meetings, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/duos/{id}/timeline",
    tag = "duos",
    params(("id" = String, Path, description = "The duo's id")),
    responses((status = 200, description = "The timeline", body = [TimelineEntry]), ApiError)
)]
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

/// A duo's meetings.
#[utoipa::path(
    get,
    path = "/api/v1/duos/{id}/meetings",
    tag = "duos",
    params(("id" = String, Path, description = "The duo's id")),
    responses((status = 200, description = "The meetings", body = [Meeting]), ApiError)
)]
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
#[utoipa::path(
    post,
    path = "/api/v1/duos/{id}/meetings",
    tag = "duos",
    params(
        ("id" = String, Path, description = "The duo's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request log the meeting only once"),
    ),
    request_body = NewMeeting,
    responses(
        (status = 201, description = "The meeting, logged", body = Meeting),
        (status = 200, description = "The meeting this Idempotency-Key logged before", body = Meeting),
        ApiError,
    )
)]
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

/// The goals of a duo's career action plan.
#[utoipa::path(
    get,
    path = "/api/v1/duos/{id}/goals",
    tag = "duos",
    params(("id" = String, Path, description = "The duo's id")),
    responses((status = 200, description = "The goals", body = [Goal]), ApiError)
)]
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
#[utoipa::path(
    post,
    path = "/api/v1/duos/{id}/goals",
    tag = "duos",
    params(("id" = String, Path, description = "The duo's id")),
    request_body = NewGoal,
    responses((status = 201, description = "The new goal", body = Goal), ApiError)
)]
async fn post_goal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<NewGoal>, JsonRejection>,
) -> Result<Response, ApiError> {
    let goal = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        follow::add_goal(&state, &caller.who, &id, &goal).await,
    )
}

/// Whether a step of a goal is done.
#[derive(Deserialize, ToSchema)]
struct StepDone {
    done: bool,
}

/// Marks a step of a goal done or not done.
#[utoipa::path(
    put,
    path = "/api/v1/goals/{id}/steps/{index}",
    tag = "duos",
    params(
        ("id" = String, Path, description = "The goal's id"),
        ("index" = usize, Path, description = "The step's place in the goal, from 0"),
    ),
    request_body = StepDone,
    responses((status = 200, description = "The goal", body = Goal), ApiError)
)]
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
