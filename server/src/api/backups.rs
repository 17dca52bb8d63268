//! Backups on demand: an administrator asks the running server for a backup of the whole
//! database now (the nightly ones need no request).
use super::error::ApiError;
use super::extract::{answer, Caller};
use crate::backup::{BackupFile, Backups};
use crate::state::ServerState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new().routes(routes!(post_backup))
}

/// Writes a backup of the whole database into the server's backup folder (`DUO_BACKUP_DIR`)
/// now, keeping the newest 14 (administrators).
#[utoipa::path(
    post,
    path = "/api/v1/backups",
    tag = "backups",
    responses((status = 201, description = "The backup written: its file name and size", body = BackupFile), ApiError)
)]
async fn post_backup(State(backups): State<Backups>, caller: Caller) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::CREATED,
        backups.take_for(&caller.who).await,
    )
}
