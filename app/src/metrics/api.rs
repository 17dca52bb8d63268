//! Server functions of the dashboard.
use crate::error::AppError;
use crate::metrics::Dashboard;
use leptos::prelude::*;

#[server(prefix = "/fn")]
pub async fn load_dashboard(
    office: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Dashboard, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::metrics::server::dashboard(
        &state.db,
        &who,
        office.as_deref(),
        from.as_deref(),
        to.as_deref(),
    )
    .await
}
