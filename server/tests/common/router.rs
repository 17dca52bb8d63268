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
    (
        server::http::router(options, app::db::AppState::new(db.clone())),
        db,
    )
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
