//! Server functions of sign-in. Each checks the caller on the server.
use crate::error::AppError;
use crate::model::UserInfo;
use leptos::prelude::*;

/// The caller of the current server function or SSR request.
#[cfg(feature = "ssr")]
pub async fn request_principal() -> Result<crate::auth::server::Principal, AppError> {
    let state = use_context::<crate::state::AppState>().ok_or(AppError::Internal)?;
    let headers: axum::http::HeaderMap = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Internal)?;
    crate::auth::server::principal(&state.db, &headers).await
}

/// The server's state and the caller, which every server function starts from.
#[cfg(feature = "ssr")]
pub async fn request_context(
) -> Result<(crate::state::AppState, crate::auth::server::Principal), AppError> {
    let state = use_context::<crate::state::AppState>().ok_or(AppError::Internal)?;
    match request_principal().await {
        Ok(principal) => Ok((state, principal)),
        Err(AppError::Unauthenticated) => {
            answer_401_to_a_server_call();
            Err(AppError::Unauthenticated)
        }
        Err(e) => Err(e),
    }
}

/// A server function called with no live session answers 401 (not the default 500), so the
/// phone's service worker sees the session is over and drops what it keeps. A page rendered on
/// the server keeps its own answer (its redirect to the sign-in page).
#[cfg(feature = "ssr")]
fn answer_401_to_a_server_call() {
    let server_call = use_context::<axum::http::request::Parts>()
        .is_some_and(|request| request.uri.path().starts_with("/fn/"));
    if let (true, Some(response)) = (server_call, use_context::<leptos_axum::ResponseOptions>()) {
        response.set_status(axum::http::StatusCode::UNAUTHORIZED);
    }
}

/// Sends a plain HTML form (a page whose WebAssembly has not loaded yet) on to `path`. A call
/// from the WebAssembly gets no redirect: its page reloads itself there (`ui::reload_at`), which
/// also reads the new session afresh. With both, the browser navigated twice, and the second
/// navigation cut short whatever the reader had opened in between. A form is told apart as
/// `leptos_axum::redirect` does it: it accepts HTML.
#[cfg(feature = "ssr")]
fn redirect_a_plain_form(path: &str) {
    let plain_form = use_context::<axum::http::request::Parts>().is_some_and(|request| {
        request
            .headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    });
    if plain_form {
        leptos_axum::redirect(path);
    }
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) -> Result<(), AppError> {
    let response = expect_context::<leptos_axum::ResponseOptions>();
    let header = axum::http::HeaderValue::from_str(value).map_err(|_| AppError::Internal)?;
    response.append_header(axum::http::header::SET_COOKIE, header);
    Ok(())
}

/// Gives a server function's answer the JSON API's status when its error is a limit reached:
/// 429 with `Retry-After` (other errors keep the server functions' usual answer).
#[cfg(feature = "ssr")]
pub fn answer_over_limit<T>(result: &Result<T, AppError>) {
    if let Err(AppError::TooManyRequests { retry_after }) = result {
        let response = expect_context::<leptos_axum::ResponseOptions>();
        response.set_status(axum::http::StatusCode::TOO_MANY_REQUESTS);
        response.insert_header(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(*retry_after),
        );
    }
}

/// Who is signed in, if anyone: the pages decide what to show from it.
#[server(prefix = "/fn")]
pub async fn current_user() -> Result<Option<UserInfo>, AppError> {
    match request_principal().await {
        Ok(p) => Ok(Some(p.user)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Signs in with email and password, sets the session cookie and goes to the start page.
#[server(prefix = "/fn")]
pub async fn sign_in(email: String, password: String) -> Result<UserInfo, AppError> {
    let state = use_context::<crate::state::AppState>().ok_or(AppError::Internal)?;
    let headers: axum::http::HeaderMap = leptos_axum::extract()
        .await
        .map_err(|_| AppError::Internal)?;
    let from = crate::auth::server::client_addr(&headers);
    let previous = crate::auth::server::token_from_headers(&headers);
    let (token, user) =
        crate::auth::server::login(&state, &email, &password, &from, previous.as_deref()).await?;
    start_session(&headers, &token)?;
    redirect_a_plain_form(user.role.start_page());
    Ok(user)
}

/// Stores a new session in the browser's cookie (`Secure` when served over HTTPS).
#[cfg(feature = "ssr")]
pub fn start_session(headers: &axum::http::HeaderMap, token: &str) -> Result<(), AppError> {
    set_cookie(&crate::auth::server::session_cookie(
        token,
        crate::auth::server::is_https(headers),
    ))
}

/// Ends the session and goes back to the sign-in page.
#[server(prefix = "/fn")]
pub async fn sign_out() -> Result<(), AppError> {
    let state = use_context::<crate::state::AppState>().ok_or(AppError::Internal)?;
    if let Ok(p) = request_principal().await {
        crate::auth::server::logout(&state.db, &p.token).await?;
    }
    set_cookie(&crate::auth::server::session_cookie("", false))?;
    redirect_a_plain_form("/login");
    Ok(())
}
