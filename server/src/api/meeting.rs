//! The weekly matching meeting: an office's draft duos with their scores, and the meeting's
//! decisions (propose or drop, with a minute) applied in one request.
use super::error::{error_detail, ApiError};
use super::extract::{body, Caller};
use crate::state::ServerState;
use app::domain::matching::Verdict;
use app::domain::meeting::DraftDecision;
use app::matching::texts as words;
use app::meeting::server as meeting;
use app::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new().routes(routes!(get_meeting, post_meeting))
}

/// The office's drafts, oldest first, each with its score and reasons in the caller's language
/// (or why matching would now exclude it).
#[utoipa::path(
    get,
    path = "/api/v1/offices/{slug}/meeting",
    tag = "matching",
    params(("slug" = String, Path, description = "The office's slug")),
    responses(
        (status = 200, description = "`{\"office\", \"drafts\": [{\"duo\", \"mentee\", \"mentee_name\", \"mentor\", \"mentor_name\", \"drafted_by\", \"days_waiting\", \"score\", \"criteria\": [{\"name\", \"label\", \"points\", \"max\", \"reason\"}], \"excluded\": [{\"code\", \"label\"}]}]}`"),
        ApiError,
    )
)]
async fn get_meeting(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let agenda = meeting::agenda(&state.db, &caller.who, &slug)
        .await
        .map_err(|e| caller.fail(e))?;
    let locale = caller.locale;
    let drafts: Vec<serde_json::Value> = agenda
        .items
        .iter()
        .map(|item| {
            let (score, criteria, excluded) = match &item.verdict {
                Verdict::Scored(s) => (
                    Some(s.score),
                    s.criteria
                        .iter()
                        .map(|c| {
                            json!({
                                "name": c.criterion.as_str(),
                                "label": words::criterion_name(locale, c.criterion),
                                "points": c.points,
                                "max": c.max,
                                "reason": words::reason_text(locale, &c.reason),
                            })
                        })
                        .collect(),
                    vec![],
                ),
                Verdict::Excluded { reasons } => (
                    None,
                    vec![],
                    reasons
                        .iter()
                        .map(|r| json!({"code": r.as_str(), "label": words::exclusion_text(locale, *r)}))
                        .collect(),
                ),
            };
            json!({
                "duo": item.duo.id,
                "mentee": item.duo.mentee.id,
                "mentee_name": item.duo.mentee.name(),
                "mentor": item.duo.mentor_id,
                "mentor_name": item.duo.mentor_name(),
                "drafted_by": item.drafted_by,
                "days_waiting": item.duo.mentee.days_waiting,
                "score": score,
                "criteria": criteria,
                "excluded": excluded,
            })
        })
        .collect();
    Ok(Json(json!({"office": agenda.office, "drafts": drafts})).into_response())
}

/// The meeting's decisions.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct Decisions {
    /// `[{"duo", "decision": "propose" | "drop", "minute"}]`, each draft once, at most 200.
    #[schema(value_type = Vec<Object>)]
    decisions: Vec<DraftDecision>,
}

/// Applies the meeting's decisions: each draft proposed (its mentor sees it now) or dropped (both
/// people are free again), the minute on its timeline. A list with a bad item changes nothing
/// (422); a decision that cannot be applied (decided by someone else first, say) is reported in
/// its item and the others apply.
#[utoipa::path(
    post,
    path = "/api/v1/offices/{slug}/meeting",
    tag = "matching",
    params(("slug" = String, Path, description = "The office's slug")),
    request_body = Decisions,
    responses(
        (status = 200, description = "`{\"office\", \"outcomes\": [{\"duo\", \"decision\", \"state\": \"proposed\" | null, \"error\": {\"code\", \"message\"} | null}]}`"),
        ApiError,
    )
)]
async fn post_meeting(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    input: Result<Json<Decisions>, JsonRejection>,
) -> Result<Response, ApiError> {
    let input = body(&caller, input)?;
    let outcomes = meeting::decide(&state, &caller.who, &slug, &input.decisions)
        .await
        .map_err(|e| caller.fail(e))?;
    let locale = caller.locale;
    let outcomes: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            json!({
                "duo": o.duo,
                "decision": o.decision,
                "state": o.state,
                "error": o.error.as_ref().map(|e| error_detail(e, locale)),
            })
        })
        .collect();
    Ok(Json(json!({"office": slug, "outcomes": outcomes})).into_response())
}
