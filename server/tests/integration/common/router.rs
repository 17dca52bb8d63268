//! The JSON API through the real router, in-process (no network).
use app::db::Db;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// The whole router on a fresh in-memory database with three accounts: a coordinator of Liège
/// (`coord@`), one of Ghent (`ghent@`) and headquarters (`hq@`).
pub async fn app() -> (Router, Db) {
    let (router, state) = app_with(|state| state).await;
    (router, state.db)
}

/// [`app`] with the server's state as `configure` makes it (a trusted proxy, say); returns the
/// state too, for the test to reach what the server holds.
pub async fn app_with(
    configure: impl FnOnce(app::state::AppState) -> app::state::AppState,
) -> (Router, app::state::AppState) {
    let db = server::schema::connect("mem://").await.unwrap();
    for (email, role, office) in [
        ("coord@test.example", "coordinator", "liege"),
        ("ghent@test.example", "coordinator", "ghent"),
        ("hq@test.example", "hq", ""),
    ] {
        app::auth::server::create_user(
            &db,
            app::auth::server::NewUser {
                email: email.into(),
                password: super::PASSWORD.into(),
                role: app::model::Role::parse(role).unwrap(),
                offices: if office.is_empty() {
                    vec![]
                } else {
                    vec![office.into()]
                },
                mentor: None,
                display_name: None,
            },
        )
        .await
        .unwrap();
    }
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .build();
    let state = configure(app::state::AppState::new(db));
    (server::http::router(options, state.clone()), state)
}

/// One request through the router: the status and the JSON body (or the text as a string).
pub async fn call(
    app: &Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    lang: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("accept-language", lang);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req
            .header("content-type", "application/json")
            .body(Body::from(b.to_string()))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    };
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, value)
}

/// Signs in through the API and returns the bearer token.
pub async fn token(app: &Router, email: &str) -> String {
    let (status, body) = call(
        app,
        "POST",
        "/api/v1/login",
        None,
        "en",
        Some(json!({"email": email, "password": super::PASSWORD})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user"]["email"], email);
    body["token"].as_str().unwrap().to_string()
}

/// Creates a record through the API (`kind`: mentees, mentors, duos) and returns it; fails the
/// test unless the answer is 201.
pub async fn create(app: &Router, token: &str, kind: &str, body: Value) -> Value {
    let (status, created) = call(
        app,
        "POST",
        &format!("/api/v1/{kind}"),
        Some(token),
        "en",
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created
}

/// What [`send`] answers: the status, the headers and the body (JSON, or the text as a string).
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

/// One request with any headers, an optional raw body, and the network peer it comes from.
pub async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<String>,
    peer: Option<&str>,
) -> Answer {
    let mut req = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let mut req = req
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .unwrap();
    if let Some(peer) = peer {
        let addr: std::net::SocketAddr = peer.parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
    }
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()));
    Answer {
        status,
        headers,
        body,
    }
}

/// An administrator's bearer token (the account is created on the spot).
pub async fn admin_token(app: &Router, db: &Db) -> String {
    let email = format!("admin{}@test.example", app::db::new_key());
    app::auth::server::create_user(
        db,
        app::auth::server::NewUser {
            email: email.clone(),
            password: super::PASSWORD.into(),
            role: app::model::Role::Admin,
            offices: vec![],
            mentor: None,
            display_name: Some("Ada Admin".into()),
        },
    )
    .await
    .unwrap();
    token(app, &email).await
}

/// A draft duo in Liège, as a drag on the board makes it; returns (duo, mentee, mentor) ids.
pub async fn draft_duo(app: &Router, coord: &str, name: &str) -> (String, String, String) {
    let mentee = create(
        app,
        coord,
        "mentees",
        json!({"first_name": "Samira", "last_name": name,
        "office": "liege", "languages": ["fr"], "sectors": ["F"], "state": "waiting"}),
    )
    .await;
    let mentor = create(
        app,
        coord,
        "mentors",
        json!({"first_name": "Jean", "last_name": name,
        "office": "liege", "languages": ["fr"], "sectors": ["F"], "state": "available"}),
    )
    .await;
    let duo = create(
        app,
        coord,
        "duos",
        json!({"mentee": mentee["id"], "mentor": mentor["id"]}),
    )
    .await;
    assert_eq!(duo["state"], "draft", "a new duo is a draft: {duo}");
    (
        duo["id"].as_str().unwrap().into(),
        mentee["id"].as_str().unwrap().into(),
        mentor["id"].as_str().unwrap().into(),
    )
}

/// A new duo of Liège that the matching meeting proposed: (duo, mentee, mentor).
pub async fn proposed_duo(app: &Router, coord: &str, name: &str) -> (String, String, String) {
    let (duo, mentee, mentor) = draft_duo(app, coord, name).await;
    let (status, body) = step(app, coord, &duo, json!({"to": "proposed"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "proposed");
    (duo, mentee, mentor)
}

pub async fn step(app: &Router, coord: &str, duo: &str, body: Value) -> (StatusCode, Value) {
    call(
        app,
        "POST",
        &format!("/api/v1/duos/{duo}/transitions"),
        Some(coord),
        "en",
        Some(body),
    )
    .await
}

pub async fn state_of(app: &Router, coord: &str, kind: &str, id: &str) -> String {
    let (status, v) = call(
        app,
        "GET",
        &format!("/api/v1/{kind}/{id}"),
        Some(coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    v["state"].as_str().unwrap().to_string()
}

/// A day counted from today in Europe/Brussels, as the server counts (between midnight in
/// Brussels and midnight UTC the two differ).
pub fn today(offset_days: i64) -> String {
    (app::clock::today() + chrono::Duration::days(offset_days))
        .format("%Y-%m-%d")
        .to_string()
}

/// A mentor's account linked to their mentor record; returns its token.
pub async fn mentor_account(app: &Router, db: &Db, mentor: &str, email: &str) -> String {
    app::auth::server::create_user(
        db,
        app::auth::server::NewUser {
            email: email.into(),
            password: super::PASSWORD.into(),
            role: app::model::Role::Mentor,
            offices: vec!["liege".into()],
            mentor: Some(mentor.into()),
            display_name: None,
        },
    )
    .await
    .unwrap();
    token(app, email).await
}
