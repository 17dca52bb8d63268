//! The JSON API for integrations and scripts (`/api/v1/…`). It calls the same services as the
//! server functions, so there is one copy of every rule and every permission check. One module
//! per area; the error answer and what every handler shares sit in `error` and `extract`, which
//! import no area (the areas import them).
//!
//! Routes are added only with `utoipa_axum::routes!`, which registers a handler with the router
//! and its `#[utoipa::path]` in the OpenAPI document at once: the document
//! (`GET /api/v1/openapi.json`) and [`route_table`] therefore list exactly what the router serves.
use crate::state::ServerState;
use app::auth::server::SESSION_COOKIE;
use app::error::AppError;
use axum::http::HeaderMap;
use axum::{Json, Router};
use std::sync::OnceLock;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi as Document;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

mod accounts;
mod backups;
mod duos;
mod error;
mod events;
mod extract;
mod followup;
mod import;
mod matching;
mod meeting;
mod metrics;
mod notifications;
mod people;
mod rights;
mod sessions;
mod voice;

pub use error::ApiError;
pub use import::takes_a_file;

/// The document's frame: what the API is, its areas, and how a caller signs in. The paths
/// come from the handlers (see [`api`]).
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Duo JSON API",
        description = "The JSON API of Duo for integrations and scripts. Sign in with \
            `POST /api/v1/login`, then send the token as `Authorization: Bearer …` (or the \
            session cookie). Errors answer `{\"error\": {\"code\", \"message\"}}` in the \
            language of `Accept-Language`."
    ),
    tags(
        (name = "accounts", description = "Signing in and out, invitations, links, password resets, accounts"),
        (name = "people", description = "Mentees, mentors, their matching profiles, offices"),
        (name = "duos", description = "Duos, their transitions, timeline, meetings and goals"),
        (name = "follow-up", description = "Check-ins, outcomes, alerts, rematching, intervision sessions"),
        (name = "notifications", description = "A person's inbox and email settings; what became of the emails (administrators)"),
        (name = "matching", description = "Suggestions, an office's slate, matching weights"),
        (name = "metrics", description = "The programme's figures, as JSON or CSV, and yearly targets"),
        (name = "events", description = "The live stream of changes (Server-Sent Events)"),
        (name = "rights", description = "Consents, eligibility, export, erasure, audit log, retention"),
        (name = "backups", description = "Backups of the whole database"),
        (name = "sessions", description = "Information sessions, the mentor training's modules, attendance"),
        (name = "about", description = "This document"),
    ),
    components(schemas(error::ErrorBody)),
    modifiers(&SignIn),
    security(("bearer" = []), ("session" = [])),
)]
struct Frame;

/// The two ways to sign a request: a Bearer token from `POST /api/v1/login`, or the browser's
/// session cookie.
struct SignIn;

impl Modify for SignIn {
    fn modify(&self, document: &mut Document) {
        let components = document.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(SESSION_COOKIE))),
        );
    }
}

/// The API's routes and its OpenAPI document, built together from the same handlers.
fn api() -> OpenApiRouter<ServerState> {
    OpenApiRouter::with_openapi(Frame::openapi())
        .routes(routes!(openapi_json))
        .merge(accounts::routes())
        .merge(rights::routes())
        .merge(people::routes())
        .merge(import::routes())
        .merge(matching::routes())
        .merge(meeting::routes())
        .merge(duos::routes())
        .merge(followup::routes())
        .merge(notifications::routes())
        .merge(voice::routes())
        .merge(metrics::routes())
        .merge(events::routes())
        .merge(backups::routes())
        .merge(sessions::routes())
}

/// Every route of the API; any other `/api/…` path answers the API's 404.
pub fn routes() -> Router<ServerState> {
    let (router, _) = api().split_for_parts();
    router.fallback(|headers: HeaderMap| async move { ApiError::new(AppError::NotFound, &headers) })
}

/// The OpenAPI 3.1 document of the API (built once).
pub fn openapi() -> &'static Document {
    static DOCUMENT: OnceLock<Document> = OnceLock::new();
    DOCUMENT.get_or_init(|| api().into_openapi())
}

/// One route of the API: an HTTP method and a path template (`/api/v1/duos/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RouteInfo {
    pub method: &'static str,
    pub path: String,
}

impl std::fmt::Display for RouteInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Every route of the API, from the same registrations as the router (see the module's notes).
pub fn route_table() -> Vec<RouteInfo> {
    let mut table = Vec::new();
    for (path, item) in &openapi().paths.paths {
        let operations = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("DELETE", &item.delete),
            ("PATCH", &item.patch),
            ("HEAD", &item.head),
            ("OPTIONS", &item.options),
            ("TRACE", &item.trace),
        ];
        for (method, operation) in operations {
            if operation.is_some() {
                table.push(RouteInfo {
                    method,
                    path: path.clone(),
                });
            }
        }
    }
    table
}

/// This document: what the API offers and the shapes it reads and answers. Public, it holds no
/// data.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "about",
    security(()),
    responses((status = 200, description = "The OpenAPI 3.1 document of this API"))
)]
async fn openapi_json() -> Json<&'static Document> {
    Json(openapi())
}
