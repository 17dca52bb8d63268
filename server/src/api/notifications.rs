//! A person's notifications: their inbox (newest first), reading them, their email settings;
//! and for administrators, what became of the emails.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::model::Role;
use app::notify::server as notify;
use app::notify::text::{body as notice_body, path, title, Reader};
use app::notify::{MailSettings, NewMailSettings, Notice, SentNotice};
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(list_notifications))
        .routes(routes!(read_notification))
        .routes(routes!(read_all_notifications))
        .routes(routes!(get_settings, put_settings))
        .routes(routes!(sent_notifications))
}

/// A notice with its words in the caller's language (`Accept-Language`).
#[derive(Serialize, ToSchema)]
struct NoticeOut {
    #[serde(flatten)]
    notice: Notice,
    /// Whether it was read.
    read: bool,
    title: String,
    text: String,
    /// Where it leads in Duo.
    link: String,
}

fn out(caller: &Caller, notice: Notice) -> NoticeOut {
    let locale = caller.locale;
    let to_mentor = caller.who.role() == Role::Mentor;
    NoticeOut {
        read: notice.read_at.is_some(),
        title: title(locale, &notice, Reader::Account),
        text: notice_body(locale, &notice, Reader::Account),
        link: path(&notice, to_mentor),
        notice,
    }
}

/// The caller's own notifications, newest first (the latest 100).
#[utoipa::path(
    get,
    path = "/api/v1/notifications",
    tag = "notifications",
    responses((status = 200, description = "The caller's notices, newest first", body = [NoticeOut]), ApiError)
)]
async fn list_notifications(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    let inbox = notify::inbox(&state.db, &caller.who).await.map(|inbox| {
        inbox
            .notices
            .into_iter()
            .map(|n| out(&caller, n))
            .collect::<Vec<_>>()
    });
    answer(&caller, StatusCode::OK, inbox)
}

/// Marks one of the caller's notifications read (404 for anyone else's).
#[utoipa::path(
    post,
    path = "/api/v1/notifications/{id}/read",
    tag = "notifications",
    params(("id" = String, Path, description = "The notice's id")),
    responses((status = 200, description = "The notice, read", body = NoticeOut), ApiError)
)]
async fn read_notification(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let read = notify::mark_read(&state, &caller.who, &id)
        .await
        .map(|n| out(&caller, n));
    answer(&caller, StatusCode::OK, read)
}

/// Marks all the caller's notifications read.
#[utoipa::path(
    post,
    path = "/api/v1/notifications/read-all",
    tag = "notifications",
    responses((status = 204, description = "All read"), ApiError)
)]
async fn read_all_notifications(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    let done = notify::mark_all_read(&state, &caller.who).await;
    answer(&caller, StatusCode::NO_CONTENT, done)
}

/// The caller's email settings: the language Duo writes in, and which kinds are mailed.
#[utoipa::path(
    get,
    path = "/api/v1/notifications/settings",
    tag = "notifications",
    responses((status = 200, description = "The settings", body = MailSettings), ApiError)
)]
async fn get_settings(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        notify::settings(&state, &caller.who).await,
    )
}

/// Changes the caller's email settings `{"language", "turned_off": [kind…]}`; essential kinds
/// cannot be turned off (422, nothing changed).
#[utoipa::path(
    put,
    path = "/api/v1/notifications/settings",
    tag = "notifications",
    request_body = NewMailSettings,
    responses((status = 200, description = "The settings", body = MailSettings), ApiError)
)]
async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    input: Result<Json<NewMailSettings>, JsonRejection>,
) -> Result<Response, ApiError> {
    let new = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        notify::save_settings(&state, &caller.who, &new).await,
    )
}

/// The latest 200 notices and what became of their emails (administrators).
#[utoipa::path(
    get,
    path = "/api/v1/admin/notifications",
    tag = "notifications",
    responses((status = 200, description = "The latest notices", body = [SentNotice]), ApiError)
)]
async fn sent_notifications(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        notify::sent(&state.db, &caller.who).await,
    )
}
