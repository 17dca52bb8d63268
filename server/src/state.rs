//! The state every handler may ask for. It sits in its own module, below both the HTTP router
//! and the JSON API, so neither has to import the other to name it.
use app::state::AppState;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

/// Everything a handler may ask for.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
}
