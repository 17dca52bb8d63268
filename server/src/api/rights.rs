//! Data protection through the API: a person's record, consents, eligibility, export and
//! erasure, the audit log and retention.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::db::AppState;
use app::error::{AppError, Invalid};
use app::privacy::{audit, consent, retention, rights, AuditQuery};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

/// The routes of this area.
pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/api/v1/people/{id}", get(get_person))
        .route(
            "/api/v1/people/{id}/consents",
            get(list_consents).post(post_consent),
        )
        .route("/api/v1/people/{id}/export", get(export_person))
        .route("/api/v1/people/{id}/erase", post(erase_person))
        .route("/api/v1/mentees/{id}/eligibility", put(put_eligibility))
        .route("/api/v1/audit", get(search_audit))
        .route(
            "/api/v1/settings/retention",
            get(get_retention).put(put_retention),
        )
        .route("/api/v1/retention/run", post(run_retention))
}

async fn get_person(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        consent::person_record(&state.db, &caller.who, &id).await,
    )
}

async fn list_consents(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let result = async {
        let person = consent::resolve_for(&state.db, &caller.who, &id).await?;
        let history = consent::history(&state.db, &person).await?;
        Ok(json!({
            "person": person.record(),
            "current": consent::statuses(person.kind, &history),
            "history": history,
        }))
    }
    .await;
    answer(&caller, StatusCode::OK, result)
}

#[derive(Deserialize)]
struct ConsentInput {
    kind: String,
    given: bool,
}

/// `{"kind", "given"}`: records a consent given or withdrawn; answers the current consents.
async fn post_consent(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<ConsentInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        consent::record_consent(&state, &caller.who, &id, &input.kind, input.given).await,
    )
}

async fn export_person(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let document = rights::export(&state.db, &caller.who, &id)
        .await
        .map_err(|e| caller.fail(e))?;
    let name = format!(
        "attachment; filename=\"duo-export-{}.json\"",
        document["id"].as_str().unwrap_or("person")
    );
    let mut response = Json(document).into_response();
    if let Ok(value) = axum::http::HeaderValue::from_str(&name) {
        response
            .headers_mut()
            .insert(axum::http::header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

async fn erase_person(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let result = rights::erase(&state, &caller.who, &id)
        .await
        .map(|()| json!({ "erased": true }));
    answer(&caller, StatusCode::OK, result)
}

#[derive(Deserialize)]
struct EligibilityInput {
    criterion: String,
}

async fn put_eligibility(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<EligibilityInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        consent::verify_eligibility(
            &state,
            &caller.who,
            &format!("mentee:{id}"),
            &input.criterion,
        )
        .await,
    )
}

async fn search_audit(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) =
        query.map_err(|_| caller.fail(AppError::invalid("limit", Invalid::Malformed)))?;
    answer(
        &caller,
        StatusCode::OK,
        audit::search(&state.db, &caller.who, &query).await,
    )
}

async fn get_retention(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    let result = if caller.who.role() == app::model::Role::Admin {
        retention::setting(&state.db).await
    } else {
        Err(AppError::Forbidden)
    };
    answer(&caller, StatusCode::OK, result)
}

#[derive(Deserialize)]
struct RetentionInput {
    months: i64,
}

async fn put_retention(
    State(state): State<AppState>,
    caller: Caller,
    input: Result<Json<RetentionInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        retention::set_setting(&state.db, &caller.who, input.months).await,
    )
}

async fn run_retention(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        retention::run_now(&state, &caller.who).await,
    )
}
