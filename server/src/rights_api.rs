//! The JSON API of accounts and data protection: invitations and password resets, accounts,
//! a person's record, consents, eligibility, export and erasure, the audit log and retention.
use crate::api::{answer, body, signed_in, ApiError, Caller};
use crate::http::ServerState;
use app::accounts::{server as accounts, InvitationRequest};
use app::auth::server::client_addr;
use app::db::AppState;
use app::error::{AppError, Invalid};
use app::privacy::{audit, consent, retention, rights, AuditQuery};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<ServerState> {
    Router::new()
        .route(
            "/api/v1/invitations",
            get(list_invitations).post(post_invitation),
        )
        .route("/api/v1/invitations/{id}", delete(revoke_invitation))
        .route("/api/v1/invitations/{id}/accept", post(accept_link))
        .route("/api/v1/links/{token}", get(get_link))
        .route("/api/v1/password-resets", post(post_reset_request))
        .route("/api/v1/password-resets/{token}", post(accept_link))
        .route("/api/v1/users", get(list_users))
        .route("/api/v1/users/{id}/disable", post(disable_user))
        .route("/api/v1/users/{id}/enable", post(enable_user))
        .route("/api/v1/users/{id}/reset-link", post(user_reset_link))
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

async fn post_invitation(
    State(state): State<AppState>,
    headers: HeaderMap,
    caller: Caller,
    input: Result<Json<InvitationRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    let base = accounts::public_base(&headers);
    answer(
        &caller,
        StatusCode::CREATED,
        accounts::invite(&state.db, &caller.who, &input, &base).await,
    )
}

async fn list_invitations(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        accounts::invitations(&state.db, &caller.who).await,
    )
}

async fn revoke_invitation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        accounts::revoke_invitation(&state.db, &caller.who, &id).await,
    )
}

async fn get_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    match accounts::link_info(&state.db, &token).await {
        Ok(info) => Json(info).into_response(),
        Err(e) => ApiError::new(e, &headers).into_response(),
    }
}

#[derive(Deserialize)]
struct NewPassword {
    password: String,
}

/// Accepts an invitation or completes a reset: `{"password"}` → `{"token", "user"}` and a
/// session cookie. The link is single-use and expires.
async fn accept_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    input: Result<Json<NewPassword>, JsonRejection>,
) -> Response {
    let Ok(Json(input)) = input else {
        return ApiError::new(AppError::invalid("body", Invalid::Malformed), &headers)
            .into_response();
    };
    let from = client_addr(&headers);
    match accounts::use_link(&state.db, &token, &input.password, &from).await {
        Ok((session, user)) => signed_in(
            &headers,
            &session,
            json!({ "token": session, "user": user }),
        ),
        Err(e) => ApiError::new(e, &headers).into_response(),
    }
}

#[derive(Deserialize)]
struct ResetRequest {
    email: String,
}

/// `{"email"}` → 202 whether or not the address has an account (no account discovery).
async fn post_reset_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    input: Result<Json<ResetRequest>, JsonRejection>,
) -> Response {
    let Ok(Json(input)) = input else {
        return ApiError::new(AppError::invalid("body", Invalid::Malformed), &headers)
            .into_response();
    };
    match accounts::request_reset(&state.db, &input.email) {
        Ok(()) => (StatusCode::ACCEPTED, Json(json!({}))).into_response(),
        Err(e) => ApiError::new(e, &headers).into_response(),
    }
}

async fn list_users(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        accounts::list(&state.db, &caller.who).await,
    )
}

async fn disable_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        accounts::set_disabled(&state.db, &caller.who, &id, true).await,
    )
}

async fn enable_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        accounts::set_disabled(&state.db, &caller.who, &id, false).await,
    )
}

async fn user_reset_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let base = accounts::public_base(&headers);
    answer(
        &caller,
        StatusCode::CREATED,
        accounts::admin_reset_link(&state.db, &caller.who, &id, &base).await,
    )
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
