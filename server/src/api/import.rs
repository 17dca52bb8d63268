//! Bringing an office's spreadsheet in: `POST /api/v1/offices/{slug}/import/mentees` and
//! `/mentors`, with the file as the body (`text/csv`). The service is the page's
//! (`app::import::server`); the answer is its report in the caller's language.
use super::error::ApiError;
use super::extract::Caller;
use crate::state::ServerState;
use app::domain::privacy::PersonKind;
use app::error::{AppError, Invalid};
use app::import::{server as import, ImportReport, MAX_FILE_BYTES};
use app::state::AppState;
use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(import_mentees))
        .routes(routes!(import_mentors))
}

/// Whether a request goes to an import (which takes files up to
/// [`app::import::MAX_FILE_BYTES`], not the usual small bodies): the API's two routes and the
/// page's server function.
pub fn takes_a_file(path: &str) -> bool {
    use leptos::server_fn::ServerFn;
    let api = path
        .strip_prefix("/api/v1/offices/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(_, rest)| matches!(rest, "import/mentees" | "import/mentors"));
    api || path == <app::import::api::ImportPeople as ServerFn>::PATH
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportQuery {
    /// `true`: check the file and report, write nothing.
    dry_run: Option<bool>,
}

/// Checks or imports a file: 200 with the report (a check, or an import that wrote its
/// people); 422 with the same report when a real import found errors and wrote nothing.
async fn import(
    state: AppState,
    caller: Caller,
    kind: PersonKind,
    slug: String,
    query: Result<Query<ImportQuery>, QueryRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    let Query(query) =
        query.map_err(|_| caller.fail(AppError::invalid("dry_run", Invalid::Malformed)))?;
    let file = axum::body::to_bytes(body, MAX_FILE_BYTES)
        .await
        .map_err(|_| caller.fail(AppError::invalid("body", Invalid::TooLong)))?;
    let dry_run = query.dry_run.unwrap_or(false);
    let outcome = import::import_people(&state, &caller.who, kind, &slug, file.to_vec(), dry_run)
        .await
        .map_err(|e| caller.fail(e))?;
    let status = if outcome.dry_run || outcome.written() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, Json(ImportReport::of(outcome, caller.locale))).into_response())
}

/// Imports an office's mentees from a spreadsheet saved as CSV (`,` or `;`, UTF-8 with or
/// without BOM, a header row naming the columns in any order — at least `first_name` and
/// `last_name` —, lists in a cell separated by `|`, at most 10,000 rows and 8 MiB). With
/// `dry_run=true` nothing is written. A real import is all or nothing: with any error it writes
/// nobody and answers **422 with the same report**, whose `errors` say which rows and columns to
/// fix (header problems on row 1; the first 1,000 problems, `more_errors` counting the rest).
/// Mentees are imported as `registered`, `intake_done`, `ineligible` or `referred`; later states
/// are taken from the person's record. Probable duplicates (same email, same phone, or same name
/// and postcode, among the mentees of the offices the caller sees or earlier rows) are skipped,
/// not created.
#[utoipa::path(
    post,
    path = "/api/v1/offices/{slug}/import/mentees",
    tag = "people",
    params(("slug" = String, Path, description = "The office's slug"), ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The spreadsheet"),
    responses(
        (status = 200, description = "The report: people created (or, in a check, to be created), errors, duplicates; 422 carries the same report when a real import found errors", body = ImportReport),
        ApiError,
    )
)]
async fn import_mentees(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    query: Result<Query<ImportQuery>, QueryRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    import(state, caller, PersonKind::Mentee, slug, query, body).await
}

/// Imports an office's mentors from a spreadsheet saved as CSV: the same file rules and answers
/// as the mentees' import, with a `capacity` column besides; mentors are imported as
/// `registered`, `intake_done`, `accepted`, `rejected` or `in_training`.
#[utoipa::path(
    post,
    path = "/api/v1/offices/{slug}/import/mentors",
    tag = "people",
    params(("slug" = String, Path, description = "The office's slug"), ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The spreadsheet"),
    responses(
        (status = 200, description = "The report: people created (or, in a check, to be created), errors, duplicates; 422 carries the same report when a real import found errors", body = ImportReport),
        ApiError,
    )
)]
async fn import_mentors(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    query: Result<Query<ImportQuery>, QueryRejection>,
    body: Body,
) -> Result<Response, ApiError> {
    import(state, caller, PersonKind::Mentor, slug, query, body).await
}
