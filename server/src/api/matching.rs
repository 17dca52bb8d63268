//! Matching: a mentee's best mentors, an office's optimal slate, and the office's weights.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::domain::matching::Weights;
use app::error::{AppError, Invalid};
use app::matching::server as matching;
use app::matching::texts as words;
use app::state::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(suggestions))
        .routes(routes!(slate))
        .routes(routes!(get_weights, put_weights))
}

/// How many suggestions to return.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct SuggestionsQuery {
    /// From 1 to 200; 10 when not given.
    limit: Option<usize>,
}

/// The number of suggestions when `limit` is not given, and the most one call returns.
const SUGGESTIONS_DEFAULT: usize = 10;
const SUGGESTIONS_MAX: usize = 200;

/// The best mentors for a mentee, best first: `[{"mentor", "score", "criteria": [{"name",
/// "points", "max", "reason"}]}]`, reasons in the caller's language.
#[utoipa::path(
    get,
    path = "/api/v1/mentees/{id}/suggestions",
    tag = "matching",
    params(("id" = String, Path, description = "The mentee's id"), SuggestionsQuery),
    responses(
        (status = 200, description = "`[{\"mentor\", \"mentor_name\", \"score\", \"criteria\": [{\"name\", \"label\", \"points\", \"max\", \"reason\"}]}]`, best first"),
        ApiError,
    )
)]
async fn suggestions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    query: Result<Query<SuggestionsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Ok(Query(query)) = query else {
        return Err(caller.fail(AppError::invalid("limit", Invalid::Malformed)));
    };
    let limit = query.limit.unwrap_or(SUGGESTIONS_DEFAULT);
    if !(1..=SUGGESTIONS_MAX).contains(&limit) {
        return Err(caller.fail(AppError::invalid("limit", Invalid::OutOfRange)));
    }
    let list = matching::suggestions(&state.db, &caller.who, &id, limit)
        .await
        .map_err(|e| caller.fail(e))?;
    let locale = caller.locale;
    let body: Vec<serde_json::Value> = list
        .iter()
        .map(|s| {
            json!({
                "mentor": s.mentor,
                "mentor_name": s.mentor_name,
                "score": s.score,
                "criteria": s.criteria.iter().map(|c| json!({
                    "name": c.criterion.as_str(),
                    "label": words::criterion_name(locale, c.criterion),
                    "points": c.points,
                    "max": c.max,
                    "reason": words::reason_text(locale, &c.reason),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(body).into_response())
}

/// The optimal slate of an office: `{"total_score", "pairs": [{"mentee", "mentor", "score"}],
/// "unmatched": [{"mentee", "reason"}]}`. A proposal only: nothing is written.
#[utoipa::path(
    post,
    path = "/api/v1/offices/{slug}/slate",
    tag = "matching",
    params(("slug" = String, Path, description = "The office's slug")),
    responses(
        (status = 200, description = "`{\"office\", \"total_score\", \"pairs\": [{\"mentee\", \"mentor\", \"score\"}], \"unmatched\": [{\"mentee\", \"reason\", \"detail\"}]}`"),
        ApiError,
    )
)]
async fn slate(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let slate = matching::slate(&state.db, &caller.who, &slug)
        .await
        .map_err(|e| caller.fail(e))?;
    let locale = caller.locale;
    Ok(Json(json!({
        "office": slug,
        "total_score": slate.total_score,
        "pairs": slate.pairs,
        "unmatched": slate.unmatched.iter().map(|u| json!({
            "mentee": u.mentee,
            "reason": words::unmatched_text(locale, &u.reason),
            "detail": u.reason,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

/// The office's matching weights (its coordinators and administrators).
#[utoipa::path(
    get,
    path = "/api/v1/offices/{slug}/weights",
    tag = "matching",
    params(("slug" = String, Path, description = "The office's slug")),
    responses((status = 200, description = "The weights", body = Weights), ApiError)
)]
async fn get_weights(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    if !app::domain::reference::is_office(&slug) {
        return Err(caller.fail(AppError::invalid("office", Invalid::Unknown)));
    }
    caller
        .who
        .require_people_of(&slug)
        .map_err(|e| caller.fail(e))?;
    answer(
        &caller,
        StatusCode::OK,
        app::offices::server::office_weights(&state.db, &slug).await,
    )
}

/// Changes the office's matching weights.
#[utoipa::path(
    put,
    path = "/api/v1/offices/{slug}/weights",
    tag = "matching",
    params(("slug" = String, Path, description = "The office's slug")),
    request_body = Weights,
    responses((status = 200, description = "The saved weights", body = Weights), ApiError)
)]
async fn put_weights(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    input: Result<Json<Weights>, JsonRejection>,
) -> Result<Response, ApiError> {
    let weights = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        matching::save_weights(&state, &caller.who, &slug, weights).await,
    )
}
