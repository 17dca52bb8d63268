//! How the dashboard page gets its figures, and the server functions of the dashboard.
use crate::error::AppError;
use crate::metrics::Dashboard;
use leptos::prelude::*;

/// The dashboard as the API gives it: for headquarters, small cells are hidden before anything
/// leaves the server. The page's first drawing calls it on the server (see [`fetch_dashboard`]).
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

/// The dashboard for the page. On the server (the page's first drawing), the shared dashboard
/// itself. In the browser (live refreshes, another office or period, a visit after another page),
/// the JSON API's answer: written and compressed once per change for every dashboard open (see
/// `metrics::answer`), where each server function's answer would be written and compressed
/// again. The same rules and permissions decide both.
pub async fn fetch_dashboard(
    office: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Dashboard, AppError> {
    #[cfg(feature = "hydrate")]
    {
        // Single-threaded in the browser: the wrapper only says so to the resource.
        send_wrapper::SendWrapper::new(from_api(office, from, to)).await
    }
    #[cfg(not(feature = "hydrate"))]
    {
        load_dashboard(office, from, to).await
    }
}

/// `GET /api/v1/metrics` with the session's cookie; an error answer (`{"error": {"code", …}}`)
/// becomes the error it names, else the one its status means.
#[cfg(feature = "hydrate")]
async fn from_api(
    office: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Dashboard, AppError> {
    #[derive(serde::Deserialize)]
    struct Failed {
        error: AppError,
    }
    let unreachable = |e: gloo_net::Error| AppError::Transport {
        message: e.to_string(),
    };
    let asked = [("office", office), ("from", from), ("to", to)];
    let response = gloo_net::http::Request::get("/api/v1/metrics")
        .query(asked.iter().filter_map(|(k, v)| Some((*k, v.as_deref()?))))
        .send()
        .await
        .map_err(unreachable)?;
    // Read as bytes (`serde_json::from_slice`), as the page's first answer is: one reader of
    // the dashboard in the WebAssembly, not two (see `ui::loaded`).
    let body = response.binary().await;
    if response.ok() {
        let body = body.map_err(unreachable)?;
        return serde_json::from_slice::<Dashboard>(&body).map_err(|e| AppError::Transport {
            message: e.to_string(),
        });
    }
    let failed = body
        .ok()
        .and_then(|b| serde_json::from_slice::<Failed>(&b).ok());
    Err(match failed {
        Some(failed) => failed.error,
        None => match response.status() {
            401 => AppError::Unauthenticated,
            403 => AppError::Forbidden,
            429 | 503 => AppError::Busy,
            _ => AppError::Internal,
        },
    })
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
