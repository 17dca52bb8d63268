//! Information sessions, the mentor training's modules, and attendance.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::domain::sessions::{AttendanceRequest, NewSession};
use app::sessions::{
    attendance, server as sessions, AttendanceResult, Session, SessionDetail, TrainingModule,
};
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(list_sessions, create_session))
        .routes(routes!(get_session))
        .routes(routes!(put_attendance))
        .routes(routes!(delete_attendance))
        .routes(routes!(get_modules, put_modules))
}

/// An office's sessions: the upcoming ones soonest first, then the past year's latest first.
#[utoipa::path(
    get,
    path = "/api/v1/offices/{slug}/sessions",
    tag = "sessions",
    params(("slug" = String, Path, description = "The office")),
    responses((status = 200, description = "The office's sessions", body = [Session]), ApiError)
)]
async fn list_sessions(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        sessions::sessions_of(&state.db, &caller.who, &slug).await,
    )
}

/// Schedules a session: `{"kind": "info"|"training", "module"?, "date", "time"?, "place"}`.
#[utoipa::path(
    post,
    path = "/api/v1/offices/{slug}/sessions",
    tag = "sessions",
    params(("slug" = String, Path, description = "The office")),
    request_body = NewSession,
    responses((status = 201, description = "The session", body = Session), ApiError)
)]
async fn create_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    input: Result<Json<NewSession>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        sessions::schedule(&state, &caller.who, &slug, &input).await,
    )
}

/// A session and the people registered for it.
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    params(("id" = String, Path, description = "The session's id")),
    responses((status = 200, description = "The session and its people", body = SessionDetail), ApiError)
)]
async fn get_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        sessions::detail(&state.db, &caller.who, &id).await,
    )
}

/// Registers a person (`present` absent or null) or records whether they came
/// (`{"person", "present"}`). A mentor who has now attended every module of their office's
/// training becomes `available`; the answer lists the steps taken.
#[utoipa::path(
    put,
    path = "/api/v1/sessions/{id}/attendance",
    tag = "sessions",
    params(("id" = String, Path, description = "The session's id")),
    request_body = AttendanceRequest,
    responses((status = 200, description = "The person's attendance and state", body = AttendanceResult), ApiError)
)]
async fn put_attendance(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<AttendanceRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        attendance::record(&state, &caller.who, &id, &req).await,
    )
}

/// Takes a person off a session's list.
#[utoipa::path(
    delete,
    path = "/api/v1/sessions/{id}/attendance/{person}",
    tag = "sessions",
    params(
        ("id" = String, Path, description = "The session's id"),
        ("person" = String, Path, description = "`mentee:key` or `mentor:key`")
    ),
    responses((status = 204, description = "Removed"), ApiError)
)]
async fn delete_attendance(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, person)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    attendance::unregister(&state, &caller.who, &id, &person)
        .await
        .map_err(|e| caller.fail(e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// An office's training modules, in order.
#[utoipa::path(
    get,
    path = "/api/v1/offices/{slug}/modules",
    tag = "sessions",
    params(("slug" = String, Path, description = "The office")),
    responses((status = 200, description = "The modules", body = [TrainingModule]), ApiError)
)]
async fn get_modules(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        sessions::modules(&state.db, &caller.who, &slug).await,
    )
}

/// The training's modules, in order: `{"titles": [...]}` (administrators).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct ModuleTitles {
    titles: Vec<String>,
}

/// Sets an office's training modules, in order (administrators). A title already known keeps
/// its module and the attendance recorded for it; a module left out is retired.
#[utoipa::path(
    put,
    path = "/api/v1/offices/{slug}/modules",
    tag = "sessions",
    params(("slug" = String, Path, description = "The office")),
    request_body = ModuleTitles,
    responses((status = 200, description = "The modules", body = [TrainingModule]), ApiError)
)]
async fn put_modules(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    input: Result<Json<ModuleTitles>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        sessions::set_modules(&state, &caller.who, &slug, &input.titles).await,
    )
}
