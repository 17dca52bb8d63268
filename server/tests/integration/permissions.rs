//! The permission matrix: every JSON API route and every server function, called as every role
//! in and out of scope with a valid request (real records, a body the route accepts). An
//! allowed caller must get the route's documented success answer; a refused one exactly 401
//! (anonymous) or 403 (signed in, not allowed), or 404 where a line says the route hides what
//! exists. The test also reads the route table (the OpenAPI document) and the registry of
//! server functions, so a route or a function added without a valid request here fails it.
use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::router::{
    admin_token, app, app_with, call, mentor_account, proposed_duo, step, today, token,
};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use tower::ServiceExt;

mod api_requests;
mod fn_requests;
mod fresh;

/// The callers, in the order of every expectation string: anonymous, administrator,
/// headquarters, coordinator of Liège (in scope), coordinator of Ghent (out of scope), the
/// mentor of the duo under test, another mentor of Liège.
const ROLES: [&str; 7] = [
    "anonymous",
    "admin",
    "hq",
    "coordinator in",
    "coordinator out",
    "mentor own",
    "mentor other",
];

/// What one caller must get.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Access {
    /// The route's success answer.
    Allowed,
    /// 401 for the anonymous caller, 403 for a signed-in one.
    Refused,
    /// 404: the route does not tell this caller that the record exists.
    Hidden,
}

/// `a`: allowed, `d`: refused (401/403), `h`: hidden (404), one letter per role of [`ROLES`].
fn expectation(code: &str) -> [Access; 7] {
    assert_eq!(code.len(), 7, "one letter per role: {code}");
    let mut out = [Access::Refused; 7];
    for (i, c) in code.chars().enumerate() {
        out[i] = match c {
            'a' => Access::Allowed,
            'd' => Access::Refused,
            'h' => Access::Hidden,
            other => panic!("unknown letter {other} in {code}"),
        };
    }
    out
}

// Common shapes of expectations. A record out of scope is refused, not hidden (DESIGN.md §6
// asks for need-to-know access, which a 403 keeps), except a person's own notice, which does
// not exist for anyone else.
const PUBLIC: &str = "aaaaaaa";
const SIGNED_IN: &str = "daaaaaa";
const ADMIN: &str = "daddddd";
const OFFICE_AND_MENTOR: &str = "dadadad";
const COORDINATORS_IN: &str = "dadaddd";
/// The office's peer-exchange sessions: its coordinators and its mentors.
const OFFICE_PEOPLE: &str = "dadadaa";
/// One person's own notice: theirs alone; to anyone else it does not exist.
const OWN_NOTICE: &str = "dhhhhah";
/// Aggregates: headquarters too, but only for an office in the caller's scope.
const FIGURES: &str = "daaaddd";

/// The shared records and callers of the matrix: an active duo of Liège with a goal and a
/// check-in, a mentee and a mentor of a proposed duo, and one token per role of [`ROLES`].
pub struct World {
    app: Router,
    db: app::db::Db,
    admin: String,
    coord: String,
    mentee: String,
    mentor: String,
    duo: String,
    goal: String,
    checkin: String,
    weights: Value,
    tokens: Vec<Option<String>>,
}

async fn world(app: &Router, db: &app::db::Db) -> World {
    let admin = admin_token(app, db).await;
    let coord = token(app, "coord@test.example").await;
    let (duo, _, duo_mentor) = proposed_duo(app, &coord, "Matrix").await;
    for body in [
        json!({"to": "intro_scheduled", "date": today(0), "place": "online"}),
        json!({"to": "intro_held"}),
        json!({"to": "agreed", "date": today(0)}),
        json!({"to": "active"}),
    ] {
        assert_eq!(step(app, &coord, &duo, body).await.0, StatusCode::OK);
    }
    let (_, mentee, mentor) = proposed_duo(app, &coord, "Proposed").await;
    let (_, goal) = call(
        app,
        "POST",
        &format!("/api/v1/duos/{duo}/goals"),
        Some(&coord),
        "en",
        Some(json!({"title": "CV", "steps": ["Write it"]})),
    )
    .await;
    let (_, checkins) = call(
        app,
        "GET",
        &format!("/api/v1/duos/{duo}/checkins"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    let other_mentor = common::router::create(
        app,
        &coord,
        "mentors",
        json!({"first_name": "Other", "last_name": "Mentor",
        "office": "liege", "languages": ["fr"], "state": "available"}),
    )
    .await;
    let (_, weights) = call(
        app,
        "GET",
        "/api/v1/offices/liege/weights",
        Some(&coord),
        "en",
        None,
    )
    .await;
    let tokens = vec![
        None,
        Some(admin.clone()),
        Some(token(app, "hq@test.example").await),
        Some(coord.clone()),
        Some(token(app, "ghent@test.example").await),
        Some(mentor_account(app, db, &duo_mentor, "own.mentor@test.example").await),
        Some(
            mentor_account(
                app,
                db,
                other_mentor["id"].as_str().unwrap(),
                "other.mentor@test.example",
            )
            .await,
        ),
    ];
    World {
        app: app.clone(),
        db: db.clone(),
        admin,
        coord,
        mentee,
        mentor,
        duo,
        goal: goal["id"].as_str().unwrap().to_string(),
        checkin: checkins[0]["id"].as_str().unwrap().to_string(),
        weights,
        tokens,
    }
}

/// The status of one request, without reading the body (the live stream never ends).
async fn status_of(
    app: &Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<String>,
    content_type: &str,
) -> (StatusCode, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", content_type);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = app
        .clone()
        .oneshot(
            req.body(body.map(Body::from).unwrap_or_else(Body::empty))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = resp.status();
    if uri.starts_with("/api/v1/events") {
        return (status, Value::Null);
    }
    use http_body_util::BodyExt;
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// A request's body as sent: JSON, or the text itself for a route that reads text (a JSON
/// string is an import's CSV file).
fn body_text(body: &Value) -> String {
    match body {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Routes as the router declares them (its route table, read from the OpenAPI document built
/// together with the router): `METHOD path-template`, the sign-out last (it ends the caller's
/// session).
fn declared_routes() -> Vec<server::api::RouteInfo> {
    let mut routes = server::api::route_table();
    routes.sort_by_key(|r| r.to_string() == "POST /api/v1/logout");
    routes
}

/// The success answers the OpenAPI document gives for one operation (its 2xx statuses).
fn documented_success(method: &str, path: &str) -> BTreeSet<u16> {
    let item = &server::api::openapi().paths.paths[path];
    let operation = match method {
        "GET" => &item.get,
        "POST" => &item.post,
        "PUT" => &item.put,
        "DELETE" => &item.delete,
        "PATCH" => &item.patch,
        other => panic!("{other} {path}: a method the matrix does not send"),
    };
    let operation = operation.as_ref().expect("a documented operation");
    operation
        .responses
        .responses
        .keys()
        .filter_map(|status| status.parse::<u16>().ok())
        .filter(|status| (200..300).contains(status))
        .collect()
}

/// The one success a valid request of the matrix must get. A route documenting several (a
/// meeting answers 200 only when its `Idempotency-Key` was used before) names it here.
fn success_of(route: &server::api::RouteInfo) -> u16 {
    let documented = documented_success(route.method, &route.path);
    let chosen = match route.to_string().as_str() {
        "POST /api/v1/duos/{id}/meetings" => Some(201),
        _ => None,
    };
    match chosen {
        Some(status) => {
            assert!(
                documented.contains(&status),
                "{route}: {status} is not documented"
            );
            status
        }
        None => {
            assert_eq!(
                documented.len(),
                1,
                "{route}: documented successes {documented:?}"
            );
            *documented.first().unwrap()
        }
    }
}

#[tokio::test]
async fn every_api_route_as_every_role() {
    // A server with a backup folder, so an administrator's backup succeeds.
    let folder = tempfile::tempdir().unwrap();
    let (app, state) = app_with(|s| s.backing_up(app::backups::Backups::new(folder.path()))).await;
    let db = state.db.clone();
    let w = world(&app, &db).await;
    let routes = declared_routes();
    let mut without_request = Vec::new();
    let mut wrong = Vec::new();
    for route in &routes {
        let template = route.to_string();
        let Some(first) = api_requests::valid_request(&template, &w).await else {
            without_request.push(template);
            continue;
        };
        let expected = expectation(first.who);
        let success = success_of(route);
        // Refused callers first, so that an allowed write cannot hide a refusal.
        let mut order: Vec<usize> = (0..7).collect();
        order.sort_by_key(|i| expected[*i] == Access::Allowed);
        let mut next = Some(first);
        for i in order {
            // A fresh request (and fresh records) for every caller.
            let request = match next.take() {
                Some(request) => request,
                None => api_requests::valid_request(&template, &w).await.unwrap(),
            };
            let token = if template == "POST /api/v1/login" {
                None
            } else {
                w.tokens[i].as_deref()
            };
            let want = match expected[i] {
                Access::Allowed => success,
                Access::Refused if token.is_none() => 401,
                Access::Refused => 403,
                Access::Hidden => 404,
            };
            let (status, answer) = status_of(
                &app,
                route.method,
                &request.uri,
                token,
                request.body.as_ref().map(body_text),
                "application/json",
            )
            .await;
            if status.as_u16() != want {
                wrong.push(format!(
                    "{template} as {}: want {want}, got {status} {answer}",
                    ROLES[i]
                ));
            }
        }
    }
    assert!(
        without_request.is_empty(),
        "routes without a valid request in the matrix (permissions/api_requests.rs): {without_request:?}"
    );
    assert!(
        wrong.is_empty(),
        "permission matrix broken:\n{}",
        wrong.join("\n")
    );
}

#[tokio::test]
async fn every_server_function_as_every_role() {
    let (app, db) = app().await;
    let w = world(&app, &db).await;
    let mut paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // Signing in and out last: both end the session the caller presents, which every other
    // call still needs.
    let ends_sessions = [
        <app::auth::api::SignIn as leptos::server_fn::ServerFn>::PATH,
        <app::auth::api::SignOut as leptos::server_fn::ServerFn>::PATH,
    ];
    paths.sort_by_key(|p| ends_sessions.iter().position(|e| e == p));
    let mut without_call = Vec::new();
    let mut wrong = Vec::new();
    for path in paths {
        let Some(first) = fn_requests::valid_call(path, &w).await else {
            without_call.push(path);
            continue;
        };
        let expected = expectation(first.who);
        let mut order: Vec<usize> = (0..7).collect();
        order.sort_by_key(|i| expected[*i] == Access::Allowed);
        let mut next = Some(first);
        for i in order {
            let call = match next.take() {
                Some(call) => call,
                None => fn_requests::valid_call(path, &w).await.unwrap(),
            };
            let token = w.tokens[i].as_deref();
            let (status, answer) = status_of(
                &app,
                "POST",
                path,
                token,
                Some(call.body),
                call.content_type,
            )
            .await;
            let code = answer.get("code").and_then(Value::as_str);
            let right = match expected[i] {
                Access::Allowed => status == StatusCode::OK,
                Access::Refused if token.is_none() => code == Some("unauthenticated"),
                Access::Refused => code == Some("forbidden"),
                Access::Hidden => code == Some("not_found"),
            };
            if !right {
                wrong.push(format!(
                    "{path} as {}: want {:?}, got {status} {answer}",
                    ROLES[i], expected[i]
                ));
            }
        }
    }
    assert!(
        without_call.is_empty(),
        "server functions without a valid call in the matrix (permissions/fn_requests.rs): {without_call:?}"
    );
    assert!(
        wrong.is_empty(),
        "permission matrix broken:\n{}",
        wrong.join("\n")
    );
}

/// A random JSON value: the field names the API knows, wrong types, huge and odd strings.
fn random_value(rng: &mut impl rand::Rng, depth: u32) -> Value {
    const KEYS: [&str; 24] = [
        "first_name",
        "last_name",
        "office",
        "languages",
        "sectors",
        "state",
        "email",
        "phone",
        "profile",
        "mentee",
        "mentor",
        "to",
        "reason",
        "date",
        "note",
        "minutes",
        "mode",
        "topics",
        "kind",
        "given",
        "criterion",
        "months",
        "password",
        "title",
    ];
    const STRINGS: [&str; 10] = [
        "",
        "liege",
        "<img src=x onerror=alert(1)>",
        "=1+1",
        "9999-99-99",
        "2026-02-30",
        "\u{0}\u{202e}",
        "waiting",
        "+32 470 12 34 56",
        "ééééééééééééééééééééééééééééé",
    ];
    match rng.random_range(0..if depth > 2 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => json!(rng.random::<bool>()),
        2 => json!(rng.random::<i64>()),
        3 => json!(rng.random::<f64>() * 1e12),
        4 => {
            if rng.random_bool(0.2) {
                json!("x".repeat(rng.random_range(0..70_000)))
            } else {
                json!(STRINGS[rng.random_range(0..STRINGS.len())])
            }
        }
        5 => Value::Array(
            (0..rng.random_range(0..4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut object = serde_json::Map::new();
            for _ in 0..rng.random_range(0..8) {
                let key = KEYS[rng.random_range(0..KEYS.len())];
                object.insert(key.to_string(), random_value(rng, depth + 1));
            }
            Value::Object(object)
        }
    }
}

#[tokio::test]
async fn random_bodies_get_clear_errors_never_a_failure() {
    use rand::SeedableRng;
    let (app, db) = app().await;
    let w = world(&app, &db).await;
    let (m, o, d, g, c) = (&w.mentee, &w.mentor, &w.duo, &w.goal, &w.checkin);
    let admin = w.tokens[1].clone().unwrap();
    let writes = [
        ("POST", "/api/v1/login".to_string()),
        ("POST", "/api/v1/mentees".into()),
        ("POST", "/api/v1/mentors".into()),
        ("PUT", format!("/api/v1/mentees/{m}/profile")),
        ("PUT", format!("/api/v1/mentors/{o}/profile")),
        ("PUT", "/api/v1/offices/liege/weights".into()),
        ("POST", "/api/v1/duos".into()),
        ("POST", format!("/api/v1/duos/{d}/transitions")),
        ("POST", format!("/api/v1/duos/{d}/meetings")),
        ("POST", format!("/api/v1/duos/{d}/goals")),
        ("PUT", format!("/api/v1/goals/{g}/steps/0")),
        ("PUT", format!("/api/v1/checkins/{c}")),
        ("POST", format!("/api/v1/checkins/{c}/report")),
        ("POST", format!("/api/v1/duos/{d}/outcomes")),
        ("POST", "/api/v1/offices/liege/intervisions".into()),
        ("PUT", "/api/v1/targets".into()),
        ("POST", "/api/v1/invitations".into()),
        (
            "POST",
            format!("/api/v1/invitations/{}/accept", "0".repeat(64)),
        ),
        ("POST", "/api/v1/password-resets".into()),
        ("POST", format!("/api/v1/people/{m}/consents")),
        ("PUT", format!("/api/v1/mentees/{m}/eligibility")),
        ("PUT", "/api/v1/settings/retention".into()),
    ];
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for (method, uri) in &writes {
        for round in 0..25 {
            let body = if round == 0 {
                "{not json".to_string()
            } else {
                random_value(&mut rng, 0).to_string()
            };
            let (status, answer) = status_of(
                &app,
                method,
                uri,
                Some(&admin),
                Some(body.clone()),
                "application/json",
            )
            .await;
            assert!(
                status.is_success() || status.is_client_error(),
                "{method} {uri} with {}: {status} {answer}",
                body.chars().take(300).collect::<String>()
            );
            if status.is_client_error() && status != StatusCode::PAYLOAD_TOO_LARGE {
                let message = answer["error"]["message"].as_str().unwrap_or("");
                assert!(!message.is_empty(), "{method} {uri}: {status} {answer}");
            }
        }
    }
}
