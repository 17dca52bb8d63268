//! The HTTP server: SSR pages and server functions (Leptos), the JSON API, health, static files.
use crate::state::ServerState;
use app::app::{shell, App};
use app::state::AppState;
use axum::body::Body;
use axum::extract::Request;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower::ServiceExt;
use tower_http::body::Limited;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimit;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The largest request body accepted: forms and API bodies are small; anything larger is refused
/// with 413 before it is read. Imports take a spreadsheet, up to [`app::import::MAX_FILE_BYTES`].
pub const MAX_BODY: usize = 256 * 1024;

/// The whole application as one axum router.
pub fn router(leptos_options: LeptosOptions, app: AppState) -> Router {
    let routes = generate_route_list(App);
    let state = ServerState {
        leptos_options: leptos_options.clone(),
        app: app.clone(),
    };
    let pkg_dir = format!(
        "{}/{}",
        leptos_options.site_root, leptos_options.site_pkg_dir
    );
    // The app's own files. A release build made with `--precompress` ships .br and .gz files
    // beside them, served as they are; otherwise they are compressed on the fly. How long a
    // browser keeps one depends on whether its name is true to its content (`assets`).
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(&pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(axum::middleware::from_fn_with_state(
            crate::assets::TrueNames::read(std::path::Path::new(&pkg_dir)),
            crate::assets::cache_control,
        ));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(crate::api::routes())
        .nest("/pkg", pkg)
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let app = app.clone();
                move || provide_context(app.clone())
            },
            {
                let options = leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<ServerState, _>(shell))
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(axum::middleware::from_fn(limit_body))
        // Pages set their own policy with the nonce of their scripts (app::app::page_policy);
        // files (the service worker among them) may reach only Duo itself, framed by no one.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(crate::security::FILES_CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(axum::middleware::from_fn(only_file_headers_on_parts))
        .layer(axum::middleware::from_fn_with_state(
            app,
            crate::security::guard,
        ))
        .with_state(state)
}

/// The app's own files under /pkg (WebAssembly, the modules that load it, the style sheet; only
/// the build writes there, never a worker, a page or anything a person sends) go without a
/// content policy, a referrer policy and framing: those govern documents and workers, never a
/// module or WebAssembly a page loads, and on HTTP/1.1 they cost ~180 bytes on each of the
/// dozens of parts a first visit downloads. `nosniff` and their cache policy stay.
async fn only_file_headers_on_parts(request: Request, next: Next) -> Response {
    let part = request.uri().path().starts_with("/pkg/");
    let mut response = next.run(request).await;
    if part {
        let headers = response.headers_mut();
        for name in [
            header::CONTENT_SECURITY_POLICY,
            header::REFERRER_POLICY,
            header::X_FRAME_OPTIONS,
        ] {
            headers.remove(name);
        }
    }
    response
}

/// Refuses a body larger than its route takes (413 before it is read): [`MAX_BODY`], or a
/// spreadsheet's size for the imports.
async fn limit_body(request: Request, next: Next) -> Response {
    let limit = if crate::api::takes_a_file(request.uri().path()) {
        app::import::MAX_FILE_BYTES
    } else {
        MAX_BODY
    };
    let inner = tower::service_fn(move |request: axum::http::Request<Limited<Body>>| {
        let next = next.clone();
        async move { Ok::<_, std::convert::Infallible>(next.run(request.map(Body::new)).await) }
    });
    match RequestBodyLimit::new(inner, limit).oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(app): State<AppState>) -> impl IntoResponse {
    match app.db.query("RETURN 1").await.and_then(|r| r.check()) {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
