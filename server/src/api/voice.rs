//! The mentee's own voice: the link's question and answer (public: the token is the
//! permission), and for the duo's coordinators, new links, the answers, and their confirmation.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::domain::voice::VoiceAnswer;
use app::error::{AppError, Invalid};
use app::state::AppState;
use app::voice::server as voice;
use app::voice::{SelfReport, VoiceLink, VoiceQuestion};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(get_question, post_answer))
        .routes(routes!(post_link))
        .routes(routes!(list_reports))
        .routes(routes!(post_confirm))
}

/// What a mentee's link asks: their first name and the moment (no sign-in). 410 for a link
/// used, expired or unknown alike.
#[utoipa::path(
    get,
    path = "/api/v1/voice/{token}",
    tag = "follow-up",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, description = "The question", body = VoiceQuestion), ApiError)
)]
async fn get_question(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    match voice::question(&state.db, &token).await {
        Ok(q) => (StatusCode::OK, Json(q)).into_response(),
        Err(e) => ApiError::new(e, &headers).into_response(),
    }
}

/// The mentee's answer `{"situation", "stable", "in_touch", "rating", "comment"}` (no sign-in;
/// once per link).
#[utoipa::path(
    post,
    path = "/api/v1/voice/{token}",
    tag = "follow-up",
    params(("token" = String, Path, description = "The link's token")),
    request_body = VoiceAnswer,
    responses((status = 204, description = "Recorded"), ApiError)
)]
async fn post_answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    input: Result<Json<VoiceAnswer>, JsonRejection>,
) -> Response {
    let Ok(Json(a)) = input else {
        return ApiError::new(AppError::invalid("body", Invalid::Malformed), &headers)
            .into_response();
    };
    match voice::answer(&state, &token, &a).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => ApiError::new(e, &headers).into_response(),
    }
}

/// The moment a new link is for.
#[derive(Deserialize, ToSchema)]
struct NewLink {
    /// `end`, `6m` or `12m`.
    moment: String,
}

/// A new single-use link for the duo's mentee `{"moment"}`, with its QR code. Every link of a
/// moment works until the mentee answered through one of them.
#[utoipa::path(
    post,
    path = "/api/v1/duos/{id}/voice-links",
    tag = "follow-up",
    params(("id" = String, Path, description = "The duo's id")),
    request_body = NewLink,
    responses((status = 201, description = "The link, shown once", body = VoiceLink), ApiError)
)]
async fn post_link(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    input: Result<Json<NewLink>, JsonRejection>,
) -> Result<Response, ApiError> {
    let n = body(&caller, input)?;
    let base = app::accounts::server::public_base(&headers);
    answer(
        &caller,
        StatusCode::CREATED,
        voice::issue_link(&state, &caller.who, &base, &id, &n.moment).await,
    )
}

/// What the duo's mentee answered, by moment.
#[utoipa::path(
    get,
    path = "/api/v1/duos/{id}/self-reports",
    tag = "follow-up",
    params(("id" = String, Path, description = "The duo's id")),
    responses((status = 200, description = "The answers", body = [SelfReport]), ApiError)
)]
async fn list_reports(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        voice::reports(&state.db, &caller.who, &id).await,
    )
}

/// Confirms a self-reported outcome: it is recorded as the outcome of its moment.
#[utoipa::path(
    post,
    path = "/api/v1/self-reports/{id}/confirm",
    tag = "follow-up",
    params(("id" = String, Path, description = "The answer's id")),
    responses((status = 200, description = "The answer, confirmed", body = SelfReport), ApiError)
)]
async fn post_confirm(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        voice::confirm(&state, &caller.who, &id).await,
    )
}
