//! Mentees, mentors, their matching profiles, and the offices they belong to.
use super::error::{locale_of, ApiError};
use super::extract::{answer, body, Caller, ListQuery};
use crate::state::ServerState;
use app::domain::intake::StepRequest;
use app::domain::matching::Profile;
use app::domain::validation::PersonPatch;
use app::error::{AppError, Invalid};
use app::matching::server as matching;
use app::model::{Mentee, Mentor, NewPerson, Office};
use app::people::server as people;
use app::people::{directory, edit, steps, DirectoryPage, DirectoryQuery};
use app::state::AppState;
use app::texts::office_name;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new()
        .routes(routes!(offices))
        .routes(routes!(list_mentees, create_mentee))
        .routes(routes!(get_mentee, patch_mentee))
        .routes(routes!(put_mentee_profile))
        .routes(routes!(list_mentors, create_mentor))
        .routes(routes!(get_mentor, patch_mentor))
        .routes(routes!(put_mentor_profile))
        .routes(routes!(directory))
        .routes(routes!(directory_csv))
        .routes(routes!(post_mentee_transition))
        .routes(routes!(post_mentor_transition))
}

/// The directory: the mentees and mentors of the caller's offices, searched, filtered, sorted
/// and paged in the database. Headquarters and mentors are refused.
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    params(DirectoryQuery),
    responses((status = 200, description = "One page and the total", body = DirectoryPage), ApiError)
)]
async fn directory(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<DirectoryQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    // A number that is not one (`page=two`) is a field error like any other.
    let Query(query) = query.map_err(|e| {
        let field = ["per_page", "min_days", "page"]
            .into_iter()
            .find(|f| e.body_text().contains(f))
            .unwrap_or("query");
        caller.fail(AppError::invalid(field, Invalid::Malformed))
    })?;
    answer(
        &caller,
        StatusCode::OK,
        directory::page(&state.db, &caller.who, &query).await,
    )
}

/// Changes any subset of a mentee's intake fields; `version`, when given, must be current.
#[utoipa::path(
    patch,
    path = "/api/v1/mentees/{id}",
    tag = "people",
    params(("id" = String, Path, description = "The mentee's id")),
    request_body = PersonPatch,
    responses((status = 200, description = "The mentee after the change", body = Mentee), ApiError)
)]
async fn patch_mentee(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<PersonPatch>, JsonRejection>,
) -> Result<Response, ApiError> {
    let patch = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        edit::patch_mentee(&state, &caller.who, &id, &patch).await,
    )
}

/// Changes any subset of a mentor's intake fields; `version`, when given, must be current.
#[utoipa::path(
    patch,
    path = "/api/v1/mentors/{id}",
    tag = "people",
    params(("id" = String, Path, description = "The mentor's id")),
    request_body = PersonPatch,
    responses((status = 200, description = "The mentor after the change", body = Mentor), ApiError)
)]
async fn patch_mentor(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<PersonPatch>, JsonRejection>,
) -> Result<Response, ApiError> {
    let patch = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        edit::patch_mentor(&state, &caller.who, &id, &patch).await,
    )
}

/// The directory's view (the same filters and order, every page) as CSV, cells safe from
/// spreadsheet formulas; the export is audited.
#[utoipa::path(
    get,
    path = "/api/v1/people.csv",
    tag = "people",
    params(DirectoryQuery),
    responses(
        (status = 200, description = "The people as a CSV attachment", content_type = "text/csv", body = String),
        ApiError,
    )
)]
async fn directory_csv(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<DirectoryQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) =
        query.map_err(|_| caller.fail(AppError::invalid("query", Invalid::Malformed)))?;
    let rows = directory::export_rows(&state.db, &caller.who, &query)
        .await
        .map_err(|e| caller.fail(e))?;
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
                    "attachment; filename=\"duo-people-{}.csv\"",
                    app::clock::today()
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// One step of a mentee's own path: `{"to", "reason"?, "note"?, "date"?}` → the mentee.
#[utoipa::path(
    post,
    path = "/api/v1/mentees/{id}/transitions",
    tag = "people",
    params(("id" = String, Path, description = "The mentee's id")),
    request_body = StepRequest,
    responses((status = 200, description = "The mentee after the step", body = Mentee), ApiError)
)]
async fn post_mentee_transition(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<StepRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        steps::step_mentee(&state, &caller.who, &id, &req).await,
    )
}

/// One step of a mentor's own path: `{"to", "reason"?, "note"?, "date"?}` → the mentor.
#[utoipa::path(
    post,
    path = "/api/v1/mentors/{id}/transitions",
    tag = "people",
    params(("id" = String, Path, description = "The mentor's id")),
    request_body = StepRequest,
    responses((status = 200, description = "The mentor after the step", body = Mentor), ApiError)
)]
async fn post_mentor_transition(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<StepRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        steps::step_mentor(&state, &caller.who, &id, &req).await,
    )
}

/// Offices and their names in the caller's language (reference data, no personal data).
#[utoipa::path(
    get,
    path = "/api/v1/offices",
    tag = "people",
    security(()),
    responses((status = 200, description = "Every office", body = [Office]))
)]
async fn offices(headers: HeaderMap) -> Json<Vec<Office>> {
    let locale = locale_of(&headers);
    Json(
        app::domain::reference::OFFICES
            .iter()
            .map(|slug| Office {
                slug: slug.to_string(),
                name: office_name(locale, slug),
            })
            .collect(),
    )
}

/// The mentees of the caller's offices (their coordinators and administrators).
#[utoipa::path(
    get,
    path = "/api/v1/mentees",
    tag = "people",
    params(ListQuery),
    responses((status = 200, description = "The mentees", body = [Mentee]), ApiError)
)]
async fn list_mentees(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        people::list_mentees(
            &state.db,
            &caller.who,
            q.office.as_deref(),
            q.state.as_deref(),
        )
        .await,
    )
}

/// Records a mentee.
#[utoipa::path(
    post,
    path = "/api/v1/mentees",
    tag = "people",
    request_body = NewPerson,
    responses((status = 201, description = "The new mentee", body = Mentee), ApiError)
)]
async fn create_mentee(
    State(state): State<AppState>,
    caller: Caller,
    input: Result<Json<NewPerson>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        people::create_mentee(&state, &caller.who, &input).await,
    )
}

/// One mentee.
#[utoipa::path(
    get,
    path = "/api/v1/mentees/{id}",
    tag = "people",
    params(("id" = String, Path, description = "The mentee's id")),
    responses((status = 200, description = "The mentee", body = Mentee), ApiError)
)]
async fn get_mentee(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        people::get_mentee(&state.db, &caller.who, &id).await,
    )
}

/// The mentors of the caller's offices (their coordinators and administrators).
#[utoipa::path(
    get,
    path = "/api/v1/mentors",
    tag = "people",
    params(ListQuery),
    responses((status = 200, description = "The mentors", body = [Mentor]), ApiError)
)]
async fn list_mentors(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        people::list_mentors(
            &state.db,
            &caller.who,
            q.office.as_deref(),
            q.state.as_deref(),
        )
        .await,
    )
}

/// Records a mentor.
#[utoipa::path(
    post,
    path = "/api/v1/mentors",
    tag = "people",
    request_body = NewPerson,
    responses((status = 201, description = "The new mentor", body = Mentor), ApiError)
)]
async fn create_mentor(
    State(state): State<AppState>,
    caller: Caller,
    input: Result<Json<NewPerson>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        people::create_mentor(&state, &caller.who, &input).await,
    )
}

/// One mentor.
#[utoipa::path(
    get,
    path = "/api/v1/mentors/{id}",
    tag = "people",
    params(("id" = String, Path, description = "The mentor's id")),
    responses((status = 200, description = "The mentor", body = Mentor), ApiError)
)]
async fn get_mentor(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        people::get_mentor(&state.db, &caller.who, &id).await,
    )
}

/// A profile replacement; `version`, when given, must be the record's current version.
#[derive(Deserialize, ToSchema)]
struct ProfileUpdate {
    #[serde(flatten)]
    profile: Profile,
    version: Option<i64>,
}

/// Saves a matching profile (mentee or mentor).
async fn put_profile(
    state: AppState,
    caller: Caller,
    side: matching::Side,
    id: String,
    input: Result<Json<ProfileUpdate>, JsonRejection>,
) -> Result<Response, ApiError> {
    let update = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        matching::save_profile(
            &state,
            &caller.who,
            side,
            &id,
            &update.profile,
            update.version,
        )
        .await,
    )
}

/// Replaces a mentee's matching profile.
#[utoipa::path(
    put,
    path = "/api/v1/mentees/{id}/profile",
    tag = "people",
    params(("id" = String, Path, description = "The mentee's id")),
    request_body = ProfileUpdate,
    responses((status = 200, description = "The saved profile", body = Profile), ApiError)
)]
async fn put_mentee_profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<ProfileUpdate>, JsonRejection>,
) -> Result<Response, ApiError> {
    put_profile(state, caller, matching::Side::Mentee, id, input).await
}

/// Replaces a mentor's matching profile.
#[utoipa::path(
    put,
    path = "/api/v1/mentors/{id}/profile",
    tag = "people",
    params(("id" = String, Path, description = "The mentor's id")),
    request_body = ProfileUpdate,
    responses((status = 200, description = "The saved profile", body = Profile), ApiError)
)]
async fn put_mentor_profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<ProfileUpdate>, JsonRejection>,
) -> Result<Response, ApiError> {
    put_profile(state, caller, matching::Side::Mentor, id, input).await
}
