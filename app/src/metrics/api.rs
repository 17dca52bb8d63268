//! Server functions of the dashboard.
use crate::error::AppError;
use crate::metrics::Dashboard;
use leptos::prelude::*;

/// The dashboard as the API gives it: for headquarters, small cells are hidden before anything
/// leaves the server.
#[server(prefix = "/fn")]
pub async fn load_dashboard(
    office: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Dashboard, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::metrics::server::dashboard(
        &state,
        &who,
        office.as_deref(),
        from.as_deref(),
        to.as_deref(),
    )
    .await
}

/// Sets an office's targets for a year (admins).
#[server(prefix = "/fn")]
pub async fn save_target(
    year: i32,
    office: String,
    mentees: u32,
    mentors: u32,
) -> Result<(), AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::metrics::server::set_target(&state, &who, year, &office, mentees, mentors).await
}
