//! Backups through the API: an administrator asks the server for one now (the nightly ones run
//! by themselves when `DUO_BACKUP_DIR` is set).
use super::error::ApiError;
use super::extract::{answer, Caller};
use crate::state::ServerState;
use app::backups::{self, BackupFile};
use app::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new().routes(routes!(post_backup))
}

/// Takes a backup of the whole database now, into the server's backup folder (administrators).
/// The last 14 asked for are kept, apart from the nightly ones. 409 `not_configured` when the
/// server has no `DUO_BACKUP_DIR`; 503 `busy` while another backup runs.
#[utoipa::path(
    post,
    path = "/api/v1/backups",
    tag = "backups",
    responses(
        (status = 201, description = "The backup written", body = BackupFile),
        ApiError
    )
)]
async fn post_backup(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::CREATED,
        backups::take_now(&state, &caller.who).await,
    )
}
