//! Accounts through the API: signing in and out, invitations, single-use links, password
//! resets and the administrators' list of accounts.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::accounts::{
    server as accounts, Account, Invitation, InvitationRequest, LinkCreated, LinkInfo,
};
use app::auth::server::{client_addr, is_https, login as login_service, session_cookie};
use app::error::{AppError, Invalid};
use app::model::UserInfo;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(list_invitations, post_invitation))
        .routes(routes!(revoke_invitation))
        .routes(routes!(accept_invitation))
        .routes(routes!(get_link))
        .routes(routes!(post_reset_request))
        .routes(routes!(complete_reset))
        .routes(routes!(list_users))
        .routes(routes!(disable_user))
        .routes(routes!(enable_user))
        .routes(routes!(user_reset_link))
}

/// An email address and its password.
#[derive(Deserialize, ToSchema)]
struct Credentials {
    email: String,
    password: String,
}

/// A sign-in's answer: the new session's token and who signed in.
#[derive(Serialize, ToSchema)]
struct SignedIn {
    /// Send it as `Authorization: Bearer <token>`.
    token: String,
    user: UserInfo,
}

/// Signs in: a token for `Authorization: Bearer`, and the session cookie.
#[utoipa::path(
    post,
    path = "/api/v1/login",
    tag = "accounts",
    security(()),
    request_body = Credentials,
    responses(
        (status = 200, description = "Signed in; the session cookie is set too", body = SignedIn),
        ApiError,
    )
)]
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
    match login_service(&state, &creds.email, &creds.password, &from, None).await {
        Ok((token, user)) => signed_in(&headers, SignedIn { token, user }),
        Err(error) => ApiError::new(error, &headers).into_response(),
    }
}

/// A sign-in's answer: the body and the session cookie.
fn signed_in(headers: &HeaderMap, session: SignedIn) -> Response {
    let cookie = HeaderValue::from_str(&session_cookie(&session.token, is_https(headers)));
    let mut response = Json(session).into_response();
    if let Ok(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Ends the caller's session.
#[utoipa::path(
    post,
    path = "/api/v1/logout",
    tag = "accounts",
    responses(
        (status = 204, description = "Signed out; the session cookie is cleared"),
        ApiError,
    )
)]
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

/// Invites someone to an account (administrators; coordinators invite the mentors of their own
/// offices): the link is mailed when mail is set up.
#[utoipa::path(
    post,
    path = "/api/v1/invitations",
    tag = "accounts",
    request_body = InvitationRequest,
    responses(
        (status = 201, description = "The invitation's link, shown only this once", body = LinkCreated),
        ApiError,
    )
)]
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

/// The invitations and where they stand (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/invitations",
    tag = "accounts",
    responses((status = 200, description = "The invitations", body = [Invitation]), ApiError)
)]
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

/// Revokes an invitation not yet accepted (administrators).
#[utoipa::path(
    delete,
    path = "/api/v1/invitations/{id}",
    tag = "accounts",
    params(("id" = String, Path, description = "The invitation's id")),
    responses((status = 200, description = "The revoked invitation", body = Invitation), ApiError)
)]
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

/// What a link is for, before the person chooses a password (public: the link is the secret).
#[utoipa::path(
    get,
    path = "/api/v1/links/{token}",
    tag = "accounts",
    security(()),
    params(("token" = String, Path, description = "The secret of the link")),
    responses((status = 200, description = "What the link is for", body = LinkInfo), ApiError)
)]
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

/// The password chosen through a link.
#[derive(Deserialize, ToSchema)]
struct NewPassword {
    password: String,
}

/// Accepts an invitation: `{"password"}` → `{"token", "user"}` and a session cookie. The link
/// is single-use and expires.
#[utoipa::path(
    post,
    path = "/api/v1/invitations/{id}/accept",
    tag = "accounts",
    security(()),
    params(("id" = String, Path, description = "The secret of the invitation's link")),
    request_body = NewPassword,
    responses(
        (status = 200, description = "The account is ready and signed in", body = SignedIn),
        ApiError,
    )
)]
async fn accept_invitation(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    input: Result<Json<NewPassword>, JsonRejection>,
) -> Response {
    use_link(state, headers, token, input).await
}

/// Completes a password reset: `{"password"}` → `{"token", "user"}` and a session cookie. The
/// link is single-use and expires.
#[utoipa::path(
    post,
    path = "/api/v1/password-resets/{token}",
    tag = "accounts",
    security(()),
    params(("token" = String, Path, description = "The secret of the reset link")),
    request_body = NewPassword,
    responses(
        (status = 200, description = "The password is changed and the person signed in", body = SignedIn),
        ApiError,
    )
)]
async fn complete_reset(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(token): Path<String>,
    input: Result<Json<NewPassword>, JsonRejection>,
) -> Response {
    use_link(state, headers, token, input).await
}

/// Uses an invitation or reset link: sets the password and signs the person in.
async fn use_link(
    state: AppState,
    headers: HeaderMap,
    token: String,
    input: Result<Json<NewPassword>, JsonRejection>,
) -> Response {
    let Ok(Json(input)) = input else {
        return ApiError::new(AppError::invalid("body", Invalid::Malformed), &headers)
            .into_response();
    };
    let from = client_addr(&headers);
    match accounts::use_link(&state.db, &token, &input.password, &from).await {
        Ok((token, user)) => signed_in(&headers, SignedIn { token, user }),
        Err(e) => ApiError::new(e, &headers).into_response(),
    }
}

/// The address whose password is to be reset.
#[derive(Deserialize, ToSchema)]
struct ResetRequest {
    email: String,
}

/// `{"email"}` → 202 whether or not the address has an account (no account discovery).
#[utoipa::path(
    post,
    path = "/api/v1/password-resets",
    tag = "accounts",
    security(()),
    request_body = ResetRequest,
    responses(
        (status = 202, description = "A reset link is mailed if the address has an account; the body is `{}`"),
        ApiError,
    )
)]
async fn post_reset_request(
    State(state): State<AppState>,
    headers: HeaderMap,
    input: Result<Json<ResetRequest>, JsonRejection>,
) -> Response {
    let Ok(Json(input)) = input else {
        return ApiError::new(AppError::invalid("body", Invalid::Malformed), &headers)
            .into_response();
    };
    match accounts::request_reset(&state, &input.email, &client_addr(&headers)) {
        Ok(()) => (StatusCode::ACCEPTED, Json(json!({}))).into_response(),
        Err(e) => ApiError::new(e, &headers).into_response(),
    }
}

/// Every account (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/users",
    tag = "accounts",
    responses((status = 200, description = "The accounts", body = [Account]), ApiError)
)]
async fn list_users(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        accounts::list(&state.db, &caller.who).await,
    )
}

/// Disables an account: its sessions end and it cannot sign in (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/disable",
    tag = "accounts",
    params(("id" = String, Path, description = "The account's id")),
    responses((status = 200, description = "The account, disabled", body = Account), ApiError)
)]
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

/// Enables a disabled account again (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/enable",
    tag = "accounts",
    params(("id" = String, Path, description = "The account's id")),
    responses((status = 200, description = "The account, enabled", body = Account), ApiError)
)]
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

/// A password-reset link for an account, made by an administrator.
#[utoipa::path(
    post,
    path = "/api/v1/users/{id}/reset-link",
    tag = "accounts",
    params(("id" = String, Path, description = "The account's id")),
    responses(
        (status = 201, description = "The reset link, shown only this once", body = LinkCreated),
        ApiError,
    )
)]
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
