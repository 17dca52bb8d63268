//! The JSON API for integrations and scripts (`/api/v1/…`). It calls the same services as the
//! server functions, so there is one copy of every rule and every permission check. One module
//! per area; the error answer and what every handler shares sit in `error` and `extract`, which
//! import no area (the areas import them).
use crate::state::ServerState;
use app::error::AppError;
use axum::http::HeaderMap;
use axum::Router;

mod accounts;
mod duos;
pub mod error;
mod events;
pub mod extract;
mod followup;
mod matching;
mod metrics;
mod people;
mod rights;

pub use error::ApiError;

/// Every route of the API; any other `/api/…` path answers the API's 404.
pub fn routes() -> Router<ServerState> {
    Router::new()
        .merge(accounts::routes())
        .merge(rights::routes())
        .merge(people::routes())
        .merge(matching::routes())
        .merge(duos::routes())
        .merge(followup::routes())
        .merge(metrics::routes())
        .merge(events::routes())
        .fallback(|headers: HeaderMap| async move { ApiError::new(AppError::NotFound, &headers) })
}
