//! The HTTP hardening of every response and request: the pages' Content-Security-Policy with a
//! fresh nonce on every inline script, the other headers, HSTS over HTTPS only, and the refusal
//! of cross-site writes made with the session cookie (API routes and server functions alike).
use crate::common;

use axum::http::StatusCode;
use common::router::{app, send, token};
use serde_json::json;

fn header<'a>(a: &'a common::router::Answer, name: &str) -> &'a str {
    a.headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test]
async fn pages_allow_only_their_own_scripts_by_nonce_and_nothing_inline() {
    let (app, _db) = app().await;
    let first = send(&app, "GET", "/login", &[], None, None).await;
    assert_eq!(first.status, StatusCode::OK);
    let csp = header(&first, "content-security-policy").to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy")
        .to_string();
    assert!(nonce.len() >= 16, "{nonce}");
    for directive in [
        "default-src 'self'",
        "'wasm-unsafe-eval'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{directive} missing from {csp}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    // Every inline script of the page carries this response's nonce (an empty placeholder that
    // the i18n layer writes is never run: browsers skip empty inline scripts before the policy).
    let html = first.body.as_str().unwrap();
    let scripts: Vec<&str> = html.split("<script").skip(1).collect();
    assert!(scripts.len() >= 2);
    for script in scripts {
        let (tag, rest) = script.split_once('>').unwrap();
        let code = rest.split("</script>").next().unwrap();
        if code.is_empty() && !tag.contains("src=") {
            continue;
        }
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "script without the nonce: <script{tag}>{code}"
        );
    }
    // The privacy notice is linked from the page.
    assert!(html.contains("href=\"/privacy\""));
    // A new response, a new nonce.
    let second = send(&app, "GET", "/login", &[], None, None).await;
    assert_ne!(header(&second, "content-security-policy"), csp);

    for a in [
        &first,
        &send(&app, "GET", "/api/v1/offices", &[], None, None).await,
    ] {
        assert_eq!(header(a, "x-content-type-options"), "nosniff");
        assert_eq!(
            header(a, "referrer-policy"),
            "strict-origin-when-cross-origin"
        );
        assert_eq!(header(a, "x-frame-options"), "DENY");
        assert_eq!(
            header(a, "strict-transport-security"),
            "",
            "no HSTS over plain HTTP"
        );
    }
    let api = send(&app, "GET", "/api/v1/offices", &[], None, None).await;
    assert!(header(&api, "content-security-policy").starts_with("default-src 'none'"));
    let unknown_api = send(&app, "GET", "/api/v1/nothing-here", &[], None, None).await;
    assert!(header(&unknown_api, "content-security-policy").starts_with("default-src 'none'"));
}

#[tokio::test]
async fn cookie_writes_from_another_site_are_refused_everywhere() {
    let (app, _db) = app().await;
    let session = token(&app, "coord@test.example").await;
    let cookie = format!("duo_session={session}");
    let mentee = json!({"first_name": "Forged", "last_name": "Request", "office": "liege",
        "languages": ["fr"], "sectors": ["F"], "state": "waiting"})
    .to_string();
    let json_type = ("content-type", "application/json");
    let host = ("host", "duo.example");

    // From another site, with the victim's cookie: refused, and nothing is written.
    for from in [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ] {
        let a = send(
            &app,
            "POST",
            "/api/v1/mentees",
            &[
                json_type,
                host,
                ("cookie", &cookie),
                from,
                ("accept-language", "nl"),
            ],
            Some(mentee.clone()),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{from:?}");
        assert_eq!(a.body["error"]["code"], "cross_site");
        assert_eq!(
            a.body["error"]["message"],
            "Dit verzoek kwam van een andere site en werd geweigerd."
        );
    }
    // A server function (the board's own writes) is guarded the same way.
    let a = send(
        &app,
        "POST",
        <app::auth::api::SignOut as leptos::server_fn::ServerFn>::PATH,
        &[
            host,
            ("cookie", &cookie),
            ("origin", "https://evil.example"),
        ],
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(
        &app,
        "GET",
        "/api/v1/mentees?office=liege",
        &[("cookie", &cookie)],
        None,
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        !a.body.to_string().contains("Forged"),
        "the forged writes changed nothing"
    );

    // From Duo's own pages, or with a token, or from a script: allowed.
    for headers in [
        vec![
            json_type,
            host,
            ("cookie", cookie.as_str()),
            ("origin", "http://duo.example"),
        ],
        vec![
            json_type,
            host,
            ("cookie", cookie.as_str()),
            ("sec-fetch-site", "same-origin"),
        ],
        vec![
            json_type,
            ("authorization", &format!("Bearer {session}")),
            ("origin", "https://evil.example"),
        ],
        vec![json_type, ("cookie", cookie.as_str())],
    ] {
        let a = send(
            &app,
            "POST",
            "/api/v1/mentees",
            &headers,
            Some(mentee.clone()),
            None,
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED, "{headers:?}: {}", a.body);
    }
}

#[tokio::test]
async fn a_client_cannot_choose_the_address_the_audit_log_records() {
    let (app, db) = app().await;
    let session = token(&app, "coord@test.example").await;
    let a = send(
        &app,
        "GET",
        "/api/v1/mentees?office=liege",
        &[
            ("authorization", &format!("Bearer {session}")),
            ("x-duo-client-addr", "1.2.3.4"),
        ],
        None,
        Some("198.51.100.7:5555"),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let mentee = common::router::create(
        &app,
        &session,
        "mentees",
        json!({"first_name": "A", "last_name": "B",
        "office": "liege", "languages": ["fr"], "state": "waiting"}),
    )
    .await;
    send(
        &app,
        "GET",
        &format!("/api/v1/mentees/{}", mentee["id"].as_str().unwrap()),
        &[
            ("authorization", &format!("Bearer {session}")),
            ("x-duo-client-addr", "1.2.3.4"),
        ],
        None,
        Some("198.51.100.7:5555"),
    )
    .await;
    let mut r = db
        .query("SELECT VALUE from FROM audit WHERE action = 'read'")
        .await
        .unwrap();
    let from: Vec<String> = r.take(0).unwrap();
    assert_eq!(from, vec!["198.51.100.7".to_string()]);
}

/// What a request to `/privacy` and a sign-in answer when they say they came over HTTPS
/// (`X-Forwarded-Proto: https`): whether HSTS is sent, and whether the session cookie is Secure.
async fn forwarded_https(app: &axum::Router) -> (bool, bool) {
    let page = send(
        app,
        "GET",
        "/privacy",
        &[("x-forwarded-proto", "https")],
        None,
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    let body = json!({"email": "coord@test.example", "password": common::PASSWORD}).to_string();
    let login = send(
        app,
        "POST",
        "/api/v1/login",
        &[
            ("content-type", "application/json"),
            ("x-forwarded-proto", "https"),
        ],
        Some(body),
        None,
    )
    .await;
    assert_eq!(login.status, StatusCode::OK, "{}", login.body);
    assert!(header(&login, "set-cookie").starts_with("duo_session="));
    (
        header(&page, "strict-transport-security").starts_with("max-age=63072000"),
        header(&login, "set-cookie").contains("; Secure"),
    )
}

/// Anyone can send `X-Forwarded-Proto`: without a proxy Duo is told to trust, it means nothing.
#[tokio::test]
async fn forwarded_https_is_ignored_unless_the_proxy_is_trusted() {
    let (app, _db) = app().await;
    assert_eq!(
        forwarded_https(&app).await,
        (false, false),
        "(HSTS, Secure cookie) from an untrusted X-Forwarded-Proto"
    );
    // Nor can a client write the server's own verdict.
    let forged = send(&app, "GET", "/privacy", &[("x-duo-https", "1")], None, None).await;
    assert_eq!(header(&forged, "strict-transport-security"), "");
}

/// Behind a proxy Duo is told to trust (`DUO_TRUST_PROXY=1`, given through the server's state so
/// no test changes the process's environment), its `X-Forwarded-Proto: https` turns on HSTS and
/// the session cookie's `Secure`.
#[tokio::test]
async fn a_trusted_proxy_says_when_requests_came_over_https() {
    let (app, _state) = common::router::app_with(|state| state.trusting_proxy(true)).await;
    assert_eq!(forwarded_https(&app).await, (true, true));
    // Plain HTTP through the same proxy: neither.
    let plain = send(
        &app,
        "GET",
        "/privacy",
        &[("x-forwarded-proto", "http")],
        None,
        None,
    )
    .await;
    assert_eq!(header(&plain, "strict-transport-security"), "");
}

/// Sign-ins (good and bad), a password reset someone asks for, and an invitation write no email
/// address to the log at info level. The whole test runs on one thread under its own log
/// subscriber, so the server's background work logs there too.
#[test]
fn no_email_address_reaches_the_log_at_info_level() {
    let log = common::CapturedLog::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer({
            let log = log.clone();
            move || log.clone()
        })
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (app, state) = common::router::app_with(|state| state).await;
            tokio::spawn(app::accounts::server::send_requested_resets(state.clone()));
            let admin = common::router::admin_token(&app, &state.db).await;
            token(&app, "coord@test.example").await;
            let wrong = json!({"email": "ghent@test.example", "password": "not the password"});
            let denied = send(
                &app,
                "POST",
                "/api/v1/login",
                &[("content-type", "application/json")],
                Some(wrong.to_string()),
                None,
            )
            .await;
            assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
            let reset = send(
                &app,
                "POST",
                "/api/v1/password-resets",
                &[("content-type", "application/json")],
                Some(json!({"email": "coord@test.example"}).to_string()),
                None,
            )
            .await;
            assert_eq!(reset.status, StatusCode::ACCEPTED);
            let invitation = json!({"email": "invitee@test.example", "role": "hq"});
            let (status, _) = common::router::call(
                &app,
                "POST",
                "/api/v1/invitations",
                Some(&admin),
                "en",
                Some(invitation),
            )
            .await;
            assert_eq!(status, StatusCode::CREATED);
            // The reset is prepared in the background: wait until it has been logged.
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !log.text().contains("password reset requested") {
                assert!(
                    std::time::Instant::now() < deadline,
                    "the reset was never prepared:\n{}",
                    log.text()
                );
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        });
    });
    let text = log.text();
    assert!(text.contains("hand this link over"), "{text}");
    assert!(!text.contains("@test.example"), "{text}");
}

/// The app's files under /pkg are modules and WebAssembly a page loads: they keep `nosniff` and
/// their cache policy, and go without a policy, a referrer policy and framing, which govern
/// documents and workers only. Every other answer (the service worker, an SVG that can be opened
/// as a document, a refusal) keeps all three.
#[tokio::test]
async fn the_apps_files_carry_the_headers_that_apply_to_them() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    let part = "chunk_7.AAAAAAAAAAAAAAAAAAAAAA.wasm";
    std::fs::write(site.path().join("pkg").join(part), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(
        site.path().join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .site_root(site.path().to_str().unwrap())
        .build();
    let db = server::schema::connect("mem://").await.unwrap();
    let app = server::http::router(options, app::state::AppState::new(db));

    let wasm = send(&app, "GET", &format!("/pkg/{part}"), &[], None, None).await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(header(&wasm, "x-content-type-options"), "nosniff");
    // Its cache policy still applies (`no-cache` here: the name is not true to this content).
    assert_eq!(header(&wasm, "cache-control"), "no-cache");
    for absent in [
        "content-security-policy",
        "x-frame-options",
        "referrer-policy",
    ] {
        assert_eq!(header(&wasm, absent), "", "{absent} on a part of the app");
    }
    // A file whose name is true to its content is kept for a year, without what only a file
    // that may change needs.
    let content = b"\0asm\x01\0\0\0\x00\x01";
    let kept = format!("chunk_8.{}.wasm", server::assets::hash_of(content));
    std::fs::write(site.path().join("pkg").join(&kept), content).unwrap();
    let app = server::http::router(
        leptos::prelude::LeptosOptions::builder()
            .output_name("duo")
            .site_root(site.path().to_str().unwrap())
            .build(),
        app::state::AppState::new(server::schema::connect("mem://").await.unwrap()),
    );
    let immutable = send(&app, "GET", &format!("/pkg/{kept}"), &[], None, None).await;
    assert_eq!(immutable.status, StatusCode::OK);
    assert_eq!(
        header(&immutable, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&immutable, "last-modified"), "");
    assert_eq!(header(&immutable, "accept-ranges"), "");
    assert_eq!(header(&immutable, "x-content-type-options"), "nosniff");
    // A file that may change keeps its date, to be asked for again.
    assert_ne!(header(&wasm, "last-modified"), "");
    let missing = send(&app, "GET", "/pkg/nothing.js", &[], None, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, "x-content-type-options"), "nosniff");

    // A request refused before it is read still carries every header.
    let too_big = (server::http::MAX_BODY + 1).to_string();
    let refused = send(
        &app,
        "POST",
        "/api/v1/mentees",
        &[
            ("content-length", too_big.as_str()),
            ("content-type", "application/json"),
        ],
        None,
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(!header(&refused, "content-security-policy").is_empty());
    assert_eq!(header(&refused, "x-frame-options"), "DENY");

    let worker = send(&app, "GET", "/sw.js", &[], None, None).await;
    assert_eq!(worker.status, StatusCode::OK);
    assert_eq!(
        header(&worker, "content-security-policy"),
        server::security::FILES_CSP
    );
    assert_eq!(header(&worker, "x-frame-options"), "DENY");
    assert_eq!(
        header(&worker, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    assert_eq!(header(&worker, "x-content-type-options"), "nosniff");
}
