//! The programme's figures: the dashboard as JSON, its tables as CSV, and yearly targets.
use super::error::ApiError;
use super::extract::{answer, body, Caller};
use crate::state::ServerState;
use app::error::AppError;
use app::metrics::answer::Coding;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(get_metrics))
        .routes(routes!(get_metrics_csv))
        .routes(routes!(put_target))
}

/// The scope and period of the figures.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct MetricsQuery {
    /// One office (its slug); every office of the caller when not given.
    office: Option<String>,
    /// The first day (`YYYY-MM-DD`).
    from: Option<String>,
    /// The last day (`YYYY-MM-DD`).
    to: Option<String>,
}

/// The programme's figures: `{"period", "suppressed", "total": {...}, "offices": [{"office", ...}]}`;
/// for headquarters every count of fewer than five people is `"<5"`.
#[utoipa::path(
    get,
    path = "/api/v1/metrics",
    tag = "metrics",
    params(MetricsQuery),
    responses(
        (status = 200, description = "`{\"period\", \"suppressed\", \"total\": {...}, \"offices\": [{\"office\", ...}]}`"),
        ApiError,
    )
)]
async fn get_metrics(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Query(q): Query<MetricsQuery>,
) -> Result<Response, ApiError> {
    let dashboard = app::metrics::server::answer(
        &state,
        &caller.who,
        q.office.as_deref(),
        q.from.as_deref(),
        q.to.as_deref(),
    )
    .await
    .map_err(|e| caller.fail(e))?;
    // The body written once for everyone who asks the same, in the best coding the client
    // takes. The compression layer leaves an answer that has its coding alone, and compresses
    // one written as JSON only (an answer for its caller alone).
    let wanted = Coding::negotiate(
        headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok()),
    );
    let (coding, body) = dashboard.body(wanted);
    let mut response = (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::VARY, "accept-encoding"),
            // The figures as of now: never kept by a browser or a proxy.
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        body,
    )
        .into_response();
    if let Some(coding) = coding.header() {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    Ok(response)
}

/// One table of the dashboard as CSV: `/api/v1/metrics/summary.csv` (also funnel, outcomes,
/// waiting, supply), with the same scope and suppression as the JSON.
#[utoipa::path(
    get,
    path = "/api/v1/metrics/{table}",
    tag = "metrics",
    params(
        ("table" = String, Path, description = "The table: `summary.csv`, `funnel.csv`, `outcomes.csv`, `waiting.csv` or `supply.csv`"),
        MetricsQuery,
    ),
    responses(
        (status = 200, description = "The table as a CSV attachment", content_type = "text/csv", body = String),
        ApiError,
    )
)]
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
        &state,
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
                    d.period.from, d.period.to
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// A yearly target of an office.
#[derive(Deserialize, ToSchema)]
struct TargetInput {
    year: i32,
    office: String,
    mentees: u32,
    mentors: u32,
}

/// Sets a yearly target `{"year", "office", "mentees", "mentors"}` (admins).
#[utoipa::path(
    put,
    path = "/api/v1/targets",
    tag = "metrics",
    request_body = TargetInput,
    responses((status = 200, description = "The target as saved", body = TargetInput), ApiError)
)]
async fn put_target(
    State(state): State<AppState>,
    caller: Caller,
    input: Result<Json<TargetInput>, JsonRejection>,
) -> Result<Response, ApiError> {
    let t = body(&caller, input)?;
    answer(&caller, StatusCode::OK, app::metrics::server::set_target(&state, &caller.who, t.year, &t.office, t.mentees, t.mentors).await.map(|_| json!({"year": t.year, "office": t.office, "mentees": t.mentees, "mentors": t.mentors})))
}
