//! Request hardening in front of every route: the caller's address for the audit log and
//! sign-in throttling, refusal of cross-site writes made with the session cookie (CSRF), and
//! HSTS when Duo is reached over HTTPS (which only a trusted proxy can say).
use crate::api::ApiError;
use app::auth::server::{forwarded_https, CLIENT_ADDR_HEADER, HTTPS_HEADER, SESSION_COOKIE};
use app::error::AppError;
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// The policy of the JSON API: nothing may load, nothing may frame it.
pub const STRICT_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// The policy of static files: the service worker may fetch Duo's own pages and files, nothing
/// else; no plugin, no framing.
pub const FILES_CSP: &str =
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Two years, subdomains included (the duration the HSTS preload list asks for).
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Applies the rules above to one request.
pub async fn guard(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    let address = client_address(&request, app.trust_proxy);
    if let Ok(value) = HeaderValue::from_str(&address) {
        // Whatever a client sent under this name is replaced: only the server says who called.
        request.headers_mut().insert(CLIENT_ADDR_HEADER, value);
    }
    // Decided once here; the session cookie's `Secure` reads the same verdict (`is_https`).
    let https = forwarded_https(request.headers(), app.trust_proxy);
    request.headers_mut().remove(HTTPS_HEADER);
    if https {
        request
            .headers_mut()
            .insert(HTTPS_HEADER, HeaderValue::from_static("1"));
    }
    if is_cross_site_write(request.method(), request.headers()) {
        tracing::warn!(from = %address, path = %request.uri().path(), "cross-site write refused");
        return ApiError::new(AppError::CrossSite, request.headers()).into_response();
    }
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    if api {
        // JSON answers (and the API's own errors) may load nothing at all.
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(STRICT_CSP),
        );
    }
    if https {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

/// The peer's address, or — behind a proxy that Duo is told to trust (`DUO_TRUST_PROXY=1`) —
/// the address that proxy saw (the last hop of `X-Forwarded-For`).
fn client_address(request: &Request, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(last) = request
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| v.parse::<std::net::IpAddr>().is_ok())
        {
            return last.to_string();
        }
    }
    if request.headers().contains_key("x-forwarded-for") {
        // Behind a proxy without trusting it, every caller looks like the proxy: sign-in
        // throttling would then slow everyone together. Say so once.
        static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
            tracing::warn!(
                "requests come through a proxy (X-Forwarded-For) but DUO_TRUST_PROXY is not 1: \
                 audit addresses and sign-in throttling see the proxy's address"
            );
        }
    }
    request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Whether a request would change something with the browser's session cookie on behalf of
/// another site. Browsers say where a request comes from (`Sec-Fetch-Site`, else `Origin`);
/// a write whose origin is not Duo's own is refused. Requests with a Bearer token, or from
/// clients that send neither header (scripts, not browsers), cannot be forged this way. The
/// cookie is also `SameSite=Lax`, a second line.
pub fn is_cross_site_write(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(';')
                .any(|p| p.trim().starts_with(&format!("{SESSION_COOKIE}=")))
        });
    if bearer || !cookie {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => !same_origin(origin, headers),
        None => false,
    }
}

/// Whether `origin` is Duo's own: the host the request was sent to, or `DUO_PUBLIC_URL`.
fn same_origin(origin: &str, headers: &HeaderMap) -> bool {
    if origin == "null" {
        return false;
    }
    if let Ok(public) = std::env::var("DUO_PUBLIC_URL") {
        if origin.trim_end_matches('/') == public.trim_end_matches('/') {
            return true;
        }
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((host, origin_host), (Some(h), Some(o)) if h.eq_ignore_ascii_case(o))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        h
    }

    const COOKIE: (&str, &str) = ("cookie", "duo_session=abc");
    const HOST: (&str, &str) = ("host", "duo.example:3000");

    #[test]
    fn cookie_writes_from_other_sites_are_refused() {
        let post = Method::POST;
        assert!(is_cross_site_write(
            &post,
            &headers(&[COOKIE, HOST, ("origin", "https://evil.example")])
        ));
        assert!(is_cross_site_write(
            &post,
            &headers(&[COOKIE, HOST, ("sec-fetch-site", "cross-site")])
        ));
        assert!(is_cross_site_write(
            &post,
            &headers(&[COOKIE, HOST, ("sec-fetch-site", "same-site")])
        ));
        assert!(is_cross_site_write(
            &post,
            &headers(&[COOKIE, HOST, ("origin", "null")])
        ));
        assert!(is_cross_site_write(
            &Method::DELETE,
            &headers(&[COOKIE, HOST, ("origin", "http://duo.example:3001")])
        ));
    }

    #[test]
    fn own_site_reads_tokens_and_scripts_pass() {
        let post = Method::POST;
        assert!(!is_cross_site_write(
            &post,
            &headers(&[COOKIE, HOST, ("origin", "http://duo.example:3000")])
        ));
        assert!(!is_cross_site_write(
            &post,
            &headers(&[COOKIE, HOST, ("sec-fetch-site", "same-origin")])
        ));
        assert!(!is_cross_site_write(
            &Method::GET,
            &headers(&[COOKIE, HOST, ("origin", "https://evil.example")])
        ));
        assert!(!is_cross_site_write(
            &post,
            &headers(&[
                ("authorization", "Bearer x"),
                COOKIE,
                ("origin", "https://evil.example")
            ])
        ));
        assert!(!is_cross_site_write(
            &post,
            &headers(&[HOST, ("origin", "https://evil.example")])
        ));
        assert!(!is_cross_site_write(&post, &headers(&[COOKIE, HOST])));
    }
}
