//! Mentees, mentors, their matching profiles, and the offices they belong to.
use super::error::{locale_of, ApiError};
use super::extract::{answer, body, Caller, ListQuery};
use crate::state::ServerState;
use app::db::AppState;
use app::domain::matching::Profile;
use app::matching::server as matching;
use app::model::{NewPerson, Office};
use app::people::server as people;
use app::texts::office_name;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;

/// The routes of this area.
pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/api/v1/offices", get(offices))
        .route("/api/v1/mentees", get(list_mentees).post(create_mentee))
        .route("/api/v1/mentees/{id}", get(get_mentee))
        .route("/api/v1/mentees/{id}/profile", put(put_mentee_profile))
        .route("/api/v1/mentors", get(list_mentors).post(create_mentor))
        .route("/api/v1/mentors/{id}", get(get_mentor))
        .route("/api/v1/mentors/{id}/profile", put(put_mentor_profile))
}

/// Offices and their names in the caller's language (reference data, no personal data).
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
#[derive(Deserialize)]
struct ProfileUpdate {
    #[serde(flatten)]
    profile: Profile,
    version: Option<i64>,
}

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

async fn put_mentee_profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<ProfileUpdate>, JsonRejection>,
) -> Result<Response, ApiError> {
    put_profile(state, caller, matching::Side::Mentee, id, input).await
}

async fn put_mentor_profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<ProfileUpdate>, JsonRejection>,
) -> Result<Response, ApiError> {
    put_profile(state, caller, matching::Side::Mentor, id, input).await
}
