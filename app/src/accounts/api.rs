//! Server functions of accounts: invitations, links, password resets, the admin's list.
use super::{Account, Invitation, InvitationRequest, LinkCreated, LinkInfo};
use crate::error::AppError;
use crate::model::UserInfo;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
async fn request_headers() -> Result<axum::http::HeaderMap, AppError> {
    leptos_axum::extract().await.map_err(|_| AppError::Internal)
}

#[cfg(feature = "ssr")]
fn app_state() -> Result<crate::state::AppState, AppError> {
    use_context::<crate::state::AppState>().ok_or(AppError::Internal)
}

/// An administrator invites someone by email address; a coordinator, a mentor of their offices.
#[server(prefix = "/fn", input = Json)]
pub async fn invite_person(request: InvitationRequest) -> Result<LinkCreated, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    let base = super::server::public_base(&request_headers().await?);
    super::server::invite(&state.db, &who, &request, &base).await
}

/// Every account (administrators).
#[server(prefix = "/fn")]
pub async fn load_accounts() -> Result<Vec<Account>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::list(&state.db, &who).await
}

/// Disables an account at once, or enables it again (administrators).
#[server(prefix = "/fn")]
pub async fn set_account_disabled(id: String, disabled: bool) -> Result<Account, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::set_disabled(&state.db, &who, &id, disabled).await
}

/// A password-reset link for an account, to hand over (administrators).
#[server(prefix = "/fn")]
pub async fn make_reset_link(id: String) -> Result<LinkCreated, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    let base = super::server::public_base(&request_headers().await?);
    super::server::admin_reset_link(&state.db, &who, &id, &base).await
}

/// What an invitation or reset link is for (no sign-in needed: the link is the credential).
#[server(prefix = "/fn")]
pub async fn load_link(token: String) -> Result<LinkInfo, AppError> {
    super::server::link_info(&app_state()?.db, &token).await
}

/// Chooses a password with a link, then signs in.
#[server(prefix = "/fn")]
pub async fn use_account_link(
    token: String,
    password: String,
    confirm: String,
) -> Result<UserInfo, AppError> {
    if password != confirm {
        return Err(AppError::invalid(
            "confirm",
            crate::error::Invalid::Malformed,
        ));
    }
    let headers = request_headers().await?;
    let from = crate::auth::server::client_addr(&headers);
    let (session, user) =
        super::server::use_link(&app_state()?.db, &token, &password, &from).await?;
    crate::auth::api::start_session(&headers, &session)?;
    Ok(user)
}

/// Asks for a password-reset link by email. The answer never tells whether the address has an
/// account.
#[server(prefix = "/fn")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let headers = request_headers().await?;
    let from = crate::auth::server::client_addr(&headers);
    let result = super::server::request_reset(&app_state()?, &email, &from);
    crate::auth::api::answer_over_limit(&result);
    result
}

/// The recent invitations and where each stands (administrators).
#[server(prefix = "/fn")]
pub async fn load_invitations() -> Result<Vec<Invitation>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::invitations(&state.db, &who).await
}

/// Withdraws an unused invitation (administrators).
#[server(prefix = "/fn")]
pub async fn revoke_invitation(id: String) -> Result<Invitation, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::revoke_invitation(&state.db, &who, &id).await
}
