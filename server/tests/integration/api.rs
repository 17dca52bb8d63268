//! The JSON API end to end through the real router (in-process, no network): statuses, error
//! bodies in the caller's language, authentication and scoping.
use crate::common;

use axum::http::StatusCode;
use common::router::{app, call, token};
use serde_json::{json, Value};

fn person(office: &str, last: &str, state: &str) -> Value {
    json!({"first_name": "Api", "last_name": last, "office": office, "languages": ["fr"], "sectors": ["G"], "state": state})
}

#[tokio::test]
async fn health_offices_and_sign_in() {
    let (app, _) = app().await;
    let (status, _) = call(&app, "GET", "/healthz", None, "en", None).await;
    assert_eq!(status, StatusCode::OK);
    let (status, offices) = call(&app, "GET", "/api/v1/offices", None, "nl", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(offices.as_array().unwrap().len(), 4);
    assert!(offices
        .as_array()
        .unwrap()
        .contains(&json!({"slug": "liege", "name": "Luik"})));

    let (status, body) = call(
        &app,
        "POST",
        "/api/v1/login",
        None,
        "fr",
        Some(json!({"email": "coord@test.example", "password": "nope nope nope"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "bad_credentials");
    assert_eq!(
        body["error"]["message"],
        "Cette adresse e-mail et ce mot de passe ne correspondent pas."
    );

    let (status, body) = call(&app, "GET", "/api/v1/mentees", None, "en", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthenticated");
    let (status, _) = call(&app, "GET", "/api/v1/mentees", Some("0000"), "en", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn people_and_duos_through_the_api() {
    let (app, _) = app().await;
    let t = token(&app, "coord@test.example").await;
    let (status, mentee) = call(
        &app,
        "POST",
        "/api/v1/mentees",
        Some(&t),
        "en",
        Some(person("liege", "Mentee", "waiting")),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{mentee}");
    assert_eq!(mentee["state"], "waiting");
    let mentee_id = mentee["id"].as_str().unwrap().to_string();
    let mut mentor_body = person("liege", "Mentor", "available");
    mentor_body["capacity"] = json!(1);
    let (status, mentor) = call(
        &app,
        "POST",
        "/api/v1/mentors",
        Some(&t),
        "en",
        Some(mentor_body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{mentor}");
    assert_eq!(
        (mentor["capacity"].as_i64(), mentor["load"].as_i64()),
        (Some(1), Some(0))
    );
    let mentor_id = mentor["id"].as_str().unwrap().to_string();

    let (status, got) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{mentee_id}"),
        Some(&t),
        "en",
        None,
    )
    .await;
    assert_eq!(
        (status, got["last_name"].as_str()),
        (StatusCode::OK, Some("Mentee"))
    );
    let (status, list) = call(
        &app,
        "GET",
        "/api/v1/mentees?office=liege&state=waiting",
        Some(&t),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["id"] == mentee_id.as_str()));
    let (status, list) = call(
        &app,
        "GET",
        "/api/v1/mentors?state=available",
        Some(&t),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);

    let (status, duo) = call(
        &app,
        "POST",
        "/api/v1/duos",
        Some(&t),
        "en",
        Some(json!({"mentee": mentee_id, "mentor": mentor_id})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{duo}");
    assert_eq!(
        duo["state"], "draft",
        "a new duo waits for the matching meeting"
    );
    assert_eq!(duo["mentee"], mentee_id.as_str());
    let duo_id = duo["id"].as_str().unwrap().to_string();

    let (status, body) = call(
        &app,
        "POST",
        "/api/v1/duos",
        Some(&t),
        "nl",
        Some(json!({"mentee": mentee_id, "mentor": mentor_id})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "mentee_not_waiting");
    assert_eq!(
        body["error"]["message"],
        "coord heeft deze mentee net gekoppeld."
    );

    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo_id}"),
        Some(&t),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/duos/{duo_id}"),
        Some(&t),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo_id}"),
        Some(&t),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, again) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{mentee_id}"),
        Some(&t),
        "en",
        None,
    )
    .await;
    assert_eq!(again["state"], "waiting");
}

#[tokio::test]
async fn scope_and_validation() {
    let (app, _) = app().await;
    let liege = token(&app, "coord@test.example").await;
    let ghent = token(&app, "ghent@test.example").await;
    let hq = token(&app, "hq@test.example").await;
    let (_, mentee) = call(
        &app,
        "POST",
        "/api/v1/mentees",
        Some(&liege),
        "en",
        Some(person("liege", "Scoped", "waiting")),
    )
    .await;
    let id = mentee["id"].as_str().unwrap();

    let (status, body) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{id}"),
        Some(&ghent),
        "en",
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("forbidden"))
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/mentees",
        Some(&ghent),
        "en",
        Some(person("liege", "Intruder", "waiting")),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&app, "GET", "/api/v1/mentees", Some(&hq), "en", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "headquarters sees no names");

    let (status, body) = call(
        &app,
        "POST",
        "/api/v1/mentees",
        Some(&liege),
        "fr",
        Some(person("liege", "", "waiting")),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "invalid");
    assert_eq!(body["error"]["field"], "last_name");
    assert_eq!(body["error"]["message"], "« Nom » est obligatoire.");
    let (status, body) = call(
        &app,
        "POST",
        "/api/v1/mentees",
        Some(&liege),
        "en",
        Some(json!({"first_name": 3})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("invalid"))
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/duos",
        Some(&liege),
        "en",
        Some(json!({"mentee": id, "mentor": "x y"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/nothing-here",
        Some(&liege),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn oversized_bodies_are_refused_and_pages_cannot_be_framed() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;
    let (app, _) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let huge = format!(
        "{{\"first_name\": \"{}\"}}",
        "x".repeat(server::http::MAX_BODY + 1)
    );
    // Announced as too large: refused (413 from the limit, or 422 "too long" when the extractor
    // meets the limit first), never read whole.
    let req = Request::builder()
        .method("POST")
        .uri("/api/v1/mentees")
        .header("authorization", format!("Bearer {coord}"))
        .header("content-type", "application/json")
        .header("content-length", huge.len().to_string())
        .body(Body::from(huge.clone()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    assert!(
        matches!(
            resp.status(),
            StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNPROCESSABLE_ENTITY
        ),
        "{}",
        resp.status()
    );
    // Streamed: cut at the limit and refused with the field named, in the caller's language.
    let value: serde_json::Value = serde_json::from_str(&huge).unwrap();
    let (status, body) = call(
        &app,
        "POST",
        "/api/v1/mentees",
        Some(&coord),
        "fr",
        Some(value),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "body");
    assert_eq!(body["error"]["problem"], "too_long");
    let (status, list) = call(
        &app,
        "GET",
        "/api/v1/mentees?office=liege",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 0, "nothing was written");
    let resp = app
        .oneshot(
            Request::builder()
                .uri("/healthz")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert_eq!(resp.headers()["x-content-type-options"], "nosniff");
}

/// The API describes itself: a public OpenAPI 3.1 document whose paths are exactly the routes
/// the router serves.
#[tokio::test]
async fn the_api_describes_itself() {
    let (app, _) = app().await;
    let (status, document) = call(&app, "GET", "/api/v1/openapi.json", None, "en", None).await;
    assert_eq!(status, StatusCode::OK, "{document}");
    let version = document["openapi"].as_str().unwrap_or_default();
    assert!(version.starts_with("3.1"), "OpenAPI version {version}");
    let paths = document["paths"].as_object().expect("paths");

    let table = server::api::route_table();
    for route in &table {
        let operation = &paths
            .get(&route.path)
            .unwrap_or_else(|| panic!("{route} is not in the document"))
            [route.method.to_lowercase()];
        assert!(operation.is_object(), "{route} is not in the document");
        // The router serves the path: a method it does not take answers 405, not the API's 404.
        let concrete = route
            .path
            .split('/')
            .map(|part| if part.starts_with('{') { "x" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        // TRACE: a method no route of the API takes.
        let (status, _) = call(&app, "TRACE", &concrete, None, "en", None).await;
        assert_eq!(
            status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{route} is not routed"
        );
    }
    let routed_paths: std::collections::BTreeSet<&str> =
        table.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths.len(), routed_paths.len(), "paths of the document");
    let operations: usize = paths
        .values()
        .map(|item| {
            [
                "get", "put", "post", "delete", "patch", "head", "options", "trace",
            ]
            .iter()
            .filter(|method| item.get(**method).is_some())
            .count()
        })
        .sum();
    assert_eq!(operations, table.len(), "operations of the document");
}

/// The document and the route table are complete only if every route reaches the router through
/// `routes!` (which registers the handler and its documentation at once): no module of the API
/// adds a route by hand.
#[test]
fn api_routes_are_added_only_with_their_documentation() {
    let mut modules = 0;
    for entry in std::fs::read_dir("src/api").unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        modules += 1;
        for by_hand in [".route(", ".nest(", ".route_service(", ".nest_service("] {
            assert!(
                !source.contains(by_hand),
                "{} adds a route by hand ({by_hand}): use routes!",
                path.display()
            );
        }
        let plain_routers = source.matches("Router::new(").count();
        let documented = source.matches("OpenApiRouter::new(").count();
        assert_eq!(
            plain_routers,
            documented,
            "{} builds a plain axum Router",
            path.display()
        );
    }
    assert!(modules >= 10, "the API's modules were read ({modules})");
}
