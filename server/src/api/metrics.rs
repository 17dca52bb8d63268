//! The programme's figures: the dashboard as JSON, its tables as CSV, and yearly targets.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::db::AppState;
use app::error::AppError;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

/// The routes of this area.
pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/api/v1/metrics", get(get_metrics))
        .route("/api/v1/metrics/{table}", get(get_metrics_csv))
        .route("/api/v1/targets", put(put_target))
}

#[derive(Deserialize)]
struct MetricsQuery {
    office: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// The programme's figures: `{"period", "suppressed", "total": {...}, "offices": [{"office", ...}]}`;
/// for headquarters every count of fewer than five people is `"<5"`.
async fn get_metrics(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<MetricsQuery>,
) -> Result<Response, ApiError> {
    let d = app::metrics::server::dashboard(
        &state.db,
        &caller.who,
        q.office.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )
    .await
    .map_err(|e| caller.fail(e))?;
    Ok(Json(app::metrics::dashboard_json(&d)).into_response())
}

/// One table of the dashboard as CSV: `/api/v1/metrics/summary.csv` (also funnel, outcomes,
/// waiting, supply), with the same scope and suppression as the JSON.
async fn get_metrics_csv(
    State(state): State<AppState>,
    caller: Caller,
    Path(table): Path<String>,
    Query(q): Query<MetricsQuery>,
) -> Result<Response, ApiError> {
    let name = table.strip_suffix(".csv").unwrap_or(&table).to_string();
    if !app::metrics::TABLES.contains(&name.as_str()) {
        return Err(caller.fail(AppError::NotFound));
    }
    let d = app::metrics::server::dashboard(
        &state.db,
        &caller.who,
        q.office.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )
    .await
    .map_err(|e| caller.fail(e))?;
    let rows =
        app::metrics::table_rows(&d, &name).ok_or_else(|| caller.fail(AppError::NotFound))?;
    let mut out = csv::Writer::from_writer(Vec::new());
    for r in rows {
        out.write_record(&r)
            .map_err(|_| caller.fail(AppError::Internal))?;
    }
    let bytes = out
        .into_inner()
        .map_err(|_| caller.fail(AppError::Internal))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"duo-{name}-{}-{}.csv\"",
                    d.from, d.to
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Deserialize)]
struct TargetInput {
    year: i32,
    office: String,
    mentees: u32,
    mentors: u32,
}

/// Sets a yearly target `{"year", "office", "mentees", "mentors"}` (admins).
async fn put_target(
    State(state): State<AppState>,
    caller: Caller,
    input: Result<Json<TargetInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    let t = body(&caller, input)?;
    answer(&caller, StatusCode::OK, app::metrics::server::set_target(&state, &caller.who, t.year, &t.office, t.mentees, t.mentors).await.map(|_| json!({"year": t.year, "office": t.office, "mentees": t.mentees, "mentors": t.mentors})))
}
