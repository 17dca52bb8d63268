//! Accounts through the API: signing in and out, invitations, single-use links, password
//! resets and the administrators' list of accounts.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::accounts::{server as accounts, InvitationRequest};
use app::auth::server::{client_addr, is_https, login as login_service, session_cookie};
use app::db::AppState;
use app::error::{AppError, Invalid};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

/// The routes of this area.
pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/api/v1/login", post(login))
        .route("/api/v1/logout", post(logout))
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
}

#[derive(Deserialize)]
struct Credentials {
    email: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    creds: Result<Json<Credentials>, JsonRejection>,
) -> Response {
    let Ok(Json(creds)) = creds else {
        return ApiError::new(AppError::invalid("body", Invalid::Malformed), &headers)
            .into_response();
    };
    // Scripts may hold several tokens at once: a sign-in here never ends another session (the
    // browser's sign-in form does end the one its cookie carried).
    let from = client_addr(&headers);
    match login_service(&state.db, &creds.email, &creds.password, &from, None).await {
        Ok((token, user)) => signed_in(&headers, &token, json!({ "token": token, "user": user })),
        Err(error) => ApiError::new(error, &headers).into_response(),
    }
}

/// A sign-in's answer: the body and the session cookie.
fn signed_in(headers: &HeaderMap, token: &str, body: serde_json::Value) -> Response {
    let mut response = Json(body).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&session_cookie(token, is_https(headers))) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Ends the caller's session.
async fn logout(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    app::auth::server::logout(&state.db, &caller.who.token)
        .await
        .map_err(|e| caller.fail(e))?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(cookie) = HeaderValue::from_str(&session_cookie("", false)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
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
