//! Server functions of the inbox and the email settings. Authorisation is in the services.
use super::{Inbox, MailSettings, NewMailSettings, Notice, SentNotice};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The caller's notices, newest first, and how many are unread.
#[server(prefix = "/fn")]
pub async fn load_inbox() -> Result<Inbox, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::notify::server::inbox(&state.db, &who).await
}

/// How many of the caller's notices are unread (the bell).
#[server(prefix = "/fn")]
pub async fn unread_notices() -> Result<u32, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::notify::server::unread(&state.db, &who).await
}

/// Marks one of the caller's notices read.
#[server(prefix = "/fn")]
pub async fn read_notice(id: String) -> Result<Notice, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::notify::server::mark_read(&state, &who, &id).await
}

/// Marks all the caller's notices read.
#[server(prefix = "/fn")]
pub async fn read_all_notices() -> Result<(), AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::notify::server::mark_all_read(&state, &who).await
}

/// The caller's email settings.
#[server(prefix = "/fn")]
pub async fn load_mail_settings() -> Result<MailSettings, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::notify::server::settings(&state, &who).await
}

/// Changes the caller's email settings.
#[server(prefix = "/fn", input = Json)]
pub async fn save_mail_settings(settings: NewMailSettings) -> Result<MailSettings, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::notify::server::save_settings(&state, &who, &settings).await
}

/// The latest notices and their emails (administrators).
#[server(prefix = "/fn")]
pub async fn load_sent_notices() -> Result<Vec<SentNotice>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::notify::server::sent(&state.db, &who).await
}
