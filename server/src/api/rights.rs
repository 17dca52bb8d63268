//! Data protection through the API: a person's record, consents, eligibility, export and
//! erasure, the audit log and retention.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::error::{AppError, Invalid};
use app::privacy::{
    audit, consent, retention, rights, AuditEntry, AuditQuery, ConsentStatus, Eligibility,
    PersonRecord, Retention, RetentionReport,
};
use app::state::AppState;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
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
        .routes(routes!(get_person))
        .routes(routes!(list_consents, post_consent))
        .routes(routes!(export_person))
        .routes(routes!(erase_person))
        .routes(routes!(put_eligibility))
        .routes(routes!(search_audit))
        .routes(routes!(get_retention, put_retention))
        .routes(routes!(run_retention))
}

/// A person's record as the coordinators' record page shows it.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}",
    tag = "rights",
    params(("id" = String, Path, description = "The person: `mentee:…`, `mentor:…` or a bare id")),
    responses((status = 200, description = "The person's record", body = PersonRecord), ApiError)
)]
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

/// A person's consents: `{"person", "current": [..], "history": [..]}`.
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/consents",
    tag = "rights",
    params(("id" = String, Path, description = "The person: `mentee:…`, `mentor:…` or a bare id")),
    responses(
        (status = 200, description = "`{\"person\", \"current\": [consent status], \"history\": [consent given or withdrawn]}`"),
        ApiError,
    )
)]
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

/// A consent given or withdrawn.
#[derive(Deserialize, ToSchema)]
struct ConsentInput {
    kind: String,
    given: bool,
}

/// `{"kind", "given"}`: records a consent given or withdrawn; answers the current consents.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/consents",
    tag = "rights",
    params(("id" = String, Path, description = "The person: `mentee:…`, `mentor:…` or a bare id")),
    request_body = ConsentInput,
    responses(
        (status = 201, description = "The person's current consents", body = [ConsentStatus]),
        ApiError,
    )
)]
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

/// Everything Duo holds about a person, as one JSON document to download (right of access).
#[utoipa::path(
    get,
    path = "/api/v1/people/{id}/export",
    tag = "rights",
    params(("id" = String, Path, description = "The person: `mentee:…` or `mentor:…`")),
    responses(
        (status = 200, description = "The person's data as a JSON attachment (`Content-Disposition`)"),
        ApiError,
    )
)]
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

/// Erases a person: their record is anonymised for good (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/erase",
    tag = "rights",
    params(("id" = String, Path, description = "The person: `mentee:…`, `mentor:…` or a bare id")),
    responses((status = 200, description = "`{\"erased\": true}`"), ApiError)
)]
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

/// The eligibility criterion a coordinator verified.
#[derive(Deserialize, ToSchema)]
struct EligibilityInput {
    criterion: String,
}

/// Records which eligibility criterion a coordinator verified for a mentee (nothing else).
#[utoipa::path(
    put,
    path = "/api/v1/mentees/{id}/eligibility",
    tag = "rights",
    params(("id" = String, Path, description = "The mentee's id")),
    request_body = EligibilityInput,
    responses((status = 200, description = "The verified criterion", body = Eligibility), ApiError)
)]
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

/// Searches the audit log (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "rights",
    params(AuditQuery),
    responses((status = 200, description = "The matching lines, newest first", body = [AuditEntry]), ApiError)
)]
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

/// How long the records of people who left are kept before anonymisation (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/settings/retention",
    tag = "rights",
    responses((status = 200, description = "The retention setting", body = Retention), ApiError)
)]
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

/// A new retention period.
#[derive(Deserialize, ToSchema)]
struct RetentionInput {
    months: i64,
}

/// Changes the retention period (administrators).
#[utoipa::path(
    put,
    path = "/api/v1/settings/retention",
    tag = "rights",
    request_body = RetentionInput,
    responses((status = 200, description = "The new retention setting", body = Retention), ApiError)
)]
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

/// Anonymises now the records whose retention period is over (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/retention/run",
    tag = "rights",
    responses((status = 200, description = "What the run anonymised", body = RetentionReport), ApiError)
)]
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
