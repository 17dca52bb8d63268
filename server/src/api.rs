//! The JSON API for integrations and scripts (`/api/v1/…`). It calls the same services as the
//! server functions, so there is one copy of every rule and every permission check.
use crate::http::ServerState;
use app::auth::server::{
    client_addr, is_https, login as login_service, principal, session_cookie, Principal,
};
use app::db::AppState;
use app::domain::followup::NewOutcome;
use app::domain::lifecycle::{NewMeeting, TransitionRequest};
use app::domain::matching::{Profile, Weights};
use app::duos::server as duos;
use app::duos::{follow, life};
use app::error::{AppError, Invalid};
use app::i18n::Locale;
use app::matching::server as matching;
use app::matching::texts as words;
use app::model::{NewPerson, Office};
use app::people::server as people;
use app::texts::{error_message, locale_from_accept_language, office_name};
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

pub fn routes() -> Router<ServerState> {
    Router::new()
        .route("/api/v1/login", post(login))
        .route("/api/v1/logout", post(logout))
        .merge(crate::rights_api::routes())
        .route("/api/v1/offices", get(offices))
        .route("/api/v1/mentees", get(list_mentees).post(create_mentee))
        .route("/api/v1/mentees/{id}", get(get_mentee))
        .route("/api/v1/mentees/{id}/suggestions", get(suggestions))
        .route("/api/v1/mentees/{id}/profile", put(put_mentee_profile))
        .route("/api/v1/mentors/{id}/profile", put(put_mentor_profile))
        .route("/api/v1/offices/{slug}/slate", post(slate))
        .route(
            "/api/v1/offices/{slug}/weights",
            get(get_weights).put(put_weights),
        )
        .route("/api/v1/mentors", get(list_mentors).post(create_mentor))
        .route("/api/v1/mentors/{id}", get(get_mentor))
        .route("/api/v1/duos", get(list_duos).post(create_duo))
        .route("/api/v1/duos/{id}", get(get_duo).delete(delete_duo))
        .route("/api/v1/duos/{id}/transitions", post(post_transition))
        .route("/api/v1/duos/{id}/timeline", get(get_timeline))
        .route(
            "/api/v1/duos/{id}/meetings",
            get(list_meetings).post(post_meeting),
        )
        .route("/api/v1/duos/{id}/goals", get(list_goals).post(post_goal))
        .route("/api/v1/goals/{id}/steps/{index}", put(put_step))
        .route("/api/v1/duos/{id}/checkins", get(list_checkins))
        .route("/api/v1/checkins/{id}", put(put_checkin))
        .route("/api/v1/checkins/{id}/report", post(post_checkin_report))
        .route(
            "/api/v1/duos/{id}/outcomes",
            get(list_outcomes).post(post_outcome),
        )
        .route("/api/v1/offices/{slug}/alerts", get(office_alerts))
        .route(
            "/api/v1/offices/{slug}/intervisions",
            get(list_intervisions).post(post_intervision),
        )
        .route("/api/v1/mentees/{id}/rematch", post(post_rematch))
        .route("/api/v1/metrics", get(get_metrics))
        .route("/api/v1/metrics/{table}", get(get_metrics_csv))
        .route("/api/v1/targets", put(put_target))
        .route("/api/v1/events", get(events))
        .fallback(|headers: HeaderMap| async move { ApiError::new(AppError::NotFound, &headers) })
}

/// The caller's language, from `Accept-Language`.
pub(crate) fn locale_of(headers: &HeaderMap) -> Locale {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(locale_from_accept_language)
        .unwrap_or(Locale::en)
}

/// An error as the API answers it: `{"error": {"code", "message"}}` with the right status.
pub struct ApiError {
    error: AppError,
    locale: Locale,
}

impl ApiError {
    pub(crate) fn new(error: AppError, headers: &HeaderMap) -> Self {
        ApiError {
            error,
            locale: locale_of(headers),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = json!({
            "error": {
                "code": self.error.code(),
                "message": error_message(self.locale, &self.error),
            }
        });
        if let AppError::Invalid { field, problem } = &self.error {
            body["error"]["field"] = json!(field);
            body["error"]["problem"] = json!(problem);
        }
        let mut response = (status, Json(body)).into_response();
        if let AppError::TooManyAttempts { retry_after } = self.error {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

/// A signed-in caller (Bearer token or session cookie) and their language.
pub struct Caller {
    pub(crate) who: Principal,
    pub(crate) locale: Locale,
}

impl Caller {
    pub(crate) fn fail(&self, error: AppError) -> ApiError {
        ApiError {
            error,
            locale: self.locale,
        }
    }
}

impl FromRequestParts<ServerState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Self::Rejection> {
        let locale = locale_of(&parts.headers);
        match principal(&state.app.db, &parts.headers).await {
            Ok(who) => Ok(Caller { who, locale }),
            Err(error) => Err(ApiError { error, locale }),
        }
    }
}

/// A JSON body, or a clear 422 when it is not one (or is larger than the server accepts).
pub(crate) fn body<T>(
    caller: &Caller,
    body: Result<Json<T>, JsonRejection>,
) -> Result<T, ApiError> {
    body.map(|Json(v)| v).map_err(|rejection| {
        let problem = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Invalid::TooLong
        } else {
            Invalid::Malformed
        };
        caller.fail(AppError::invalid("body", problem))
    })
}

#[derive(Deserialize)]
struct Credentials {
    email: String,
    password: String,
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    creds: Result<Json<Credentials>, JsonRejection>,
) -> Response {
    let Ok(Json(creds)) = creds else {
        return ApiError::new(AppError::invalid("body", Invalid::Malformed), &headers)
            .into_response();
    };
    // Scripts may hold several tokens at once: a sign-in here never ends another session (the
    // browser's sign-in form does end the one its cookie carried).
    let from = client_addr(&headers);
    match login_service(&state.db, &creds.email, &creds.password, &from, None).await {
        Ok((token, user)) => signed_in(&headers, &token, json!({ "token": token, "user": user })),
        Err(error) => ApiError::new(error, &headers).into_response(),
    }
}

/// A sign-in's answer: the body and the session cookie.
pub(crate) fn signed_in(headers: &HeaderMap, token: &str, body: serde_json::Value) -> Response {
    let mut response = Json(body).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&session_cookie(token, is_https(headers))) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// Ends the caller's session.
async fn logout(State(state): State<AppState>, caller: Caller) -> Result<Response, ApiError> {
    app::auth::server::logout(&state.db, &caller.who.token)
        .await
        .map_err(|e| caller.fail(e))?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(cookie) = HeaderValue::from_str(&session_cookie("", false)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
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

#[derive(Deserialize)]
struct ListQuery {
    office: Option<String>,
    state: Option<String>,
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

#[derive(Deserialize)]
struct NewDuo {
    mentee: String,
    mentor: String,
}

async fn list_duos(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<ListQuery>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        duos::list_duos(
            &state.db,
            &caller.who,
            q.office.as_deref(),
            q.state.as_deref(),
        )
        .await,
    )
}

async fn create_duo(
    State(state): State<AppState>,
    caller: Caller,
    input: Result<Json<NewDuo>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        duos::create_duo(&state, &caller.who, &input.mentee, &input.mentor).await,
    )
}

async fn get_duo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        duos::get_duo(&state.db, &caller.who, &id).await,
    )
}

async fn delete_duo(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let duo = duos::dissolve_duo(&state, &caller.who, &id)
        .await
        .map_err(|e| caller.fail(e))?;
    Ok(Json(json!({ "id": duo.id, "dissolved": true, "state_before": duo.state })).into_response())
}

/// One step of a duo's life: `{"to", "reason"?, "date"?, "place"?, "note"?}` → the duo.
async fn post_transition(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<TransitionRequest>, JsonRejection>,
) -> Result<Response, ApiError> {
    let req = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        life::transition(&state, &caller.who, &id, &req).await,
    )
}

async fn get_timeline(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        life::timeline(&state.db, &caller.who, &id).await,
    )
}

async fn list_meetings(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        life::meetings(&state.db, &caller.who, &id).await,
    )
}

/// Logs a meeting `{"date", "minutes", "mode", "topics"?, "note"?}`: 201 with the meeting; the
/// same `Idempotency-Key` again answers 200 with the meeting it made (and makes no other).
async fn post_meeting(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    input: Result<Json<NewMeeting>, JsonRejection>,
) -> Result<Response, ApiError> {
    let meeting = body(&caller, input)?;
    let key = headers
        .get("idempotency-key")
        .map(|v| v.to_str().unwrap_or_default().to_string());
    let (made, created) = life::log_meeting(&state, &caller.who, &id, &meeting, key.as_deref())
        .await
        .map_err(|e| caller.fail(e))?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(made)).into_response())
}

/// Answers a service's result as JSON with `status`, or its error in the caller's language.
pub(crate) fn answer<T: serde::Serialize>(
    caller: &Caller,
    status: StatusCode,
    result: Result<T, AppError>,
) -> Result<Response, ApiError> {
    result
        .map(|v| (status, Json(v)).into_response())
        .map_err(|e| caller.fail(e))
}

async fn list_goals(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::goals(&state.db, &caller.who, &id).await,
    )
}

/// A goal of the action plan `{"title", "steps": [..]}` (the duo's mentor or a coordinator).
async fn post_goal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<app::domain::followup::NewGoal>, JsonRejection>,
) -> Result<Response, ApiError> {
    let goal = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        follow::add_goal(&state, &caller.who, &id, &goal).await,
    )
}

#[derive(Deserialize)]
struct StepDone {
    done: bool,
}

async fn put_step(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, index)): Path<(String, usize)>,
    input: Result<Json<StepDone>, JsonRejection>,
) -> Result<Response, ApiError> {
    let step = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        follow::set_step(&state, &caller.who, &id, index, step.done).await,
    )
}

async fn list_checkins(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::checkins(&state.db, &caller.who, &id).await,
    )
}

#[derive(Deserialize)]
struct MoveCheckin {
    due_on: String,
}

/// Moves a check-in `{"due_on"}`.
async fn put_checkin(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<MoveCheckin>, JsonRejection>,
) -> Result<Response, ApiError> {
    let m = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        follow::move_checkin(&state, &caller.who, &id, &m.due_on).await,
    )
}

/// Records a check-in `{"date", "mood": going_well|some_concerns|needs_help, "note"?}`.
async fn post_checkin_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<app::domain::followup::CheckinReport>, JsonRejection>,
) -> Result<Response, ApiError> {
    let report = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        follow::record_checkin(&state, &caller.who, &id, &report).await,
    )
}

async fn list_outcomes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::outcomes(&state.db, &caller.who, &id).await,
    )
}

/// Records the mentee's situation `{"moment": end|6m|12m, "situation", "stable"?, "date", "note"?}`.
async fn post_outcome(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    input: Result<Json<NewOutcome>, JsonRejection>,
) -> Result<Response, ApiError> {
    let outcome = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        follow::record_outcome(&state, &caller.who, &id, &outcome).await,
    )
}

/// The office's follow-up list: `[{"duo", "mentee_name", "mentor_name", "state", "alert": {"kind", ...}}]`.
async fn office_alerts(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::office_alerts(&state.db, &caller.who, &slug).await,
    )
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
    Ok(Json(d).into_response())
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
                    d.period.from, d.period.to
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

/// Puts a mentee whose duo ended back on the waiting list.
async fn post_rematch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::rematch(&state, &caller.who, &id).await,
    )
}

/// The office's coming intervision sessions (its coordinators and mentors).
async fn list_intervisions(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    answer(
        &caller,
        StatusCode::OK,
        follow::intervisions(&state.db, &caller.who, &slug).await,
    )
}

/// Schedules a session `{"date", "time"?, "place", "topic"?}`.
async fn post_intervision(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    input: Result<Json<app::domain::followup::NewIntervision>, JsonRejection>,
) -> Result<Response, ApiError> {
    let session = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::CREATED,
        follow::schedule_intervision(&state, &caller.who, &slug, &session).await,
    )
}

#[derive(Deserialize)]
struct SuggestionsQuery {
    limit: Option<usize>,
}

/// The number of suggestions when `limit` is not given, and the most one call returns.
const SUGGESTIONS_DEFAULT: usize = 10;
const SUGGESTIONS_MAX: usize = 200;

/// The best mentors for a mentee, best first: `[{"mentor", "score", "criteria": [{"name",
/// "points", "max", "reason"}]}]`, reasons in the caller's language.
async fn suggestions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    query: Result<Query<SuggestionsQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Ok(Query(query)) = query else {
        return Err(caller.fail(AppError::invalid("limit", Invalid::Malformed)));
    };
    let limit = query.limit.unwrap_or(SUGGESTIONS_DEFAULT);
    if !(1..=SUGGESTIONS_MAX).contains(&limit) {
        return Err(caller.fail(AppError::invalid("limit", Invalid::OutOfRange)));
    }
    let list = matching::suggestions(&state.db, &caller.who, &id, limit)
        .await
        .map_err(|e| caller.fail(e))?;
    let locale = caller.locale;
    let body: Vec<serde_json::Value> = list
        .iter()
        .map(|s| {
            json!({
                "mentor": s.mentor,
                "mentor_name": s.mentor_name,
                "score": s.score,
                "criteria": s.criteria.iter().map(|c| json!({
                    "name": c.criterion.as_str(),
                    "label": words::criterion_name(locale, c.criterion),
                    "points": c.points,
                    "max": c.max,
                    "reason": words::reason_text(locale, &c.reason),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(body).into_response())
}

/// The optimal slate of an office: `{"total_score", "pairs": [{"mentee", "mentor", "score"}],
/// "unmatched": [{"mentee", "reason"}]}`. A proposal only: nothing is written.
async fn slate(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let slate = matching::slate(&state.db, &caller.who, &slug)
        .await
        .map_err(|e| caller.fail(e))?;
    let locale = caller.locale;
    Ok(Json(json!({
        "office": slug,
        "total_score": slate.total_score,
        "pairs": slate.pairs,
        "unmatched": slate.unmatched.iter().map(|u| json!({
            "mentee": u.mentee,
            "reason": words::unmatched_text(locale, &u.reason),
            "detail": u.reason,
        })).collect::<Vec<_>>(),
    }))
    .into_response())
}

async fn get_weights(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    if !app::domain::reference::is_office(&slug) {
        return Err(caller.fail(AppError::invalid("office", Invalid::Unknown)));
    }
    caller
        .who
        .require_people_of(&slug)
        .map_err(|e| caller.fail(e))?;
    answer(
        &caller,
        StatusCode::OK,
        matching::office_weights(&state.db, &slug).await,
    )
}

async fn put_weights(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    input: Result<Json<Weights>, JsonRejection>,
) -> Result<Response, ApiError> {
    let weights = body(&caller, input)?;
    answer(
        &caller,
        StatusCode::OK,
        matching::save_weights(&state, &caller.who, &slug, weights).await,
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

#[derive(Deserialize)]
struct EventsQuery {
    /// The office whose board this stream serves: the caller then shows as present on it.
    office: Option<String>,
}

/// The live stream (Server-Sent Events): the changes the caller may see, as JSON with `"type"`,
/// `"version"` and the changed `"ids"`; resumes after `Last-Event-ID`. Coordinators and admins
/// get their offices' events; a mentor those of their own duos; headquarters gets them without
/// ids or names (aggregates only). With `?office=`, the caller is present on that board.
async fn events(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Query(query): Query<EventsQuery>,
) -> Result<Response, ApiError> {
    use app::live::hub::{CatchUp, Viewer};
    use app::live::{parse_stream_id, stream_id, LiveEvent};
    use app::model::Role;
    use axum::response::sse::{Event, KeepAlive, Sse};
    use futures::StreamExt;
    use tokio::sync::broadcast::error::RecvError;

    let user = caller.who.user.clone();
    let offices = caller.who.people_offices();
    let role = user.role;
    let mentor = user.mentor.clone();
    if offices.is_empty() && role != Role::Hq && mentor.is_none() {
        return Err(caller.fail(AppError::Forbidden));
    }
    let visible = move |e: &LiveEvent| -> Option<LiveEvent> {
        match role {
            Role::Hq => Some(LiveEvent {
                ids: vec![],
                names: vec![],
                actor: None,
                ..e.clone()
            }),
            Role::Mentor => {
                let own = e.kind.starts_with("duo.")
                    && mentor.as_ref().is_some_and(|m| e.ids.contains(m));
                own.then(|| e.clone())
            }
            Role::Admin | Role::Coordinator => offices.contains(&e.office).then(|| e.clone()),
        }
    };
    let hub = state.events.clone();
    let to_sse = |e: &LiveEvent| {
        Event::default()
            .id(stream_id(&e.epoch, e.version))
            .data(serde_json::to_string(e).unwrap_or_default())
    };
    let marker = {
        let hub = hub.clone();
        move |kind: &str, actor: Option<String>| LiveEvent {
            kind: kind.to_string(),
            version: hub.version(),
            epoch: hub.epoch().to_string(),
            office: String::new(),
            ids: vec![],
            actor,
            names: vec![],
        }
    };
    // Subscribe first, then catch up: nothing published in between is lost (duplicates are skipped).
    let receiver = hub.subscribe();
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(parse_stream_id);
    let mut first: Vec<LiveEvent> = match last {
        // `hello` tells the client who it is, so it can tell its own moves from others'.
        None => vec![marker("hello", Some(user.id.clone()))],
        Some((epoch, version)) => match hub.since(epoch, version) {
            CatchUp::Missed(events) => events.iter().filter_map(&visible).collect(),
            CatchUp::Resync => vec![marker("resync", Some(user.id.clone()))],
        },
    };
    let sent = first
        .iter()
        .map(|e| e.version)
        .max()
        .unwrap_or(0)
        .max(last.map(|(_, v)| v).unwrap_or(0));
    // On a board: join its presence, and learn which cards others hold right now.
    let board = query.office.filter(|o| caller.who.sees_people_of(o));
    let presence = board.as_ref().map(|office| {
        for (card, name, holder) in hub.holds(office) {
            first.push(LiveEvent {
                kind: "hold".into(),
                office: office.clone(),
                ids: vec![card],
                names: vec![name],
                actor: Some(holder),
                ..marker("hold", None)
            });
        }
        hub.join(Viewer {
            user: user.id.clone(),
            name: user.display_name.clone(),
            office: office.clone(),
        })
    });
    let head = futures::stream::iter(
        first
            .iter()
            .map(to_sse)
            .map(Ok::<_, std::convert::Infallible>)
            .collect::<Vec<_>>(),
    );
    let closing = hub.closing();
    let tail = futures::stream::unfold(
        (receiver, closing, sent, presence),
        move |(mut receiver, mut closing, mut sent, presence)| {
            let visible = visible.clone();
            let marker = marker.clone();
            async move {
                loop {
                    let next = tokio::select! {
                        next = receiver.recv() => next,
                        _ = closing.wait_for(|c| *c) => return None,
                    };
                    let event = match next {
                        Ok(e) if e.version <= sent => continue,
                        Ok(e) => match visible(&e) {
                            Some(e) => e,
                            None => continue,
                        },
                        // Too slow to keep up: tell the client to refetch.
                        Err(RecvError::Lagged(_)) => marker("resync", None),
                        Err(RecvError::Closed) => return None,
                    };
                    sent = sent.max(event.version);
                    // `presence` stays alive with the stream: dropping it leaves the board.
                    return Some((Ok(to_sse(&event)), (receiver, closing, sent, presence)));
                }
            }
        },
    );
    Ok(Sse::new(head.chain(tail))
        .keep_alive(KeepAlive::default())
        .into_response())
}
