//! Fresh records for the permission matrix: a request that changes state gets its own record
//! each time it is sent, so one caller's success cannot make the next caller's request fail.
use crate::common;

use super::World;
use axum::http::StatusCode;
use common::router::{call, create, draft_duo, proposed_duo, step, today};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};

static SERIAL: AtomicUsize = AtomicUsize::new(0);

/// A name no other record of the test has.
pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}", SERIAL.fetch_add(1, Ordering::Relaxed))
}

/// A new waiting mentee of Liège; its id.
pub async fn mentee(w: &World) -> String {
    let body = json!({"first_name": "Fresh", "last_name": unique("Mentee"), "office": "liege",
        "languages": ["fr"], "sectors": ["F"], "state": "waiting"});
    id(&create(&w.app, &w.coord, "mentees", body).await)
}

/// A new available mentor of Liège; its id.
pub async fn mentor(w: &World) -> String {
    let body = json!({"first_name": "Fresh", "last_name": unique("Mentor"), "office": "liege",
        "languages": ["fr"], "sectors": ["F"], "state": "available"});
    id(&create(&w.app, &w.coord, "mentors", body).await)
}

/// A new draft duo of Liège: (duo, mentee, mentor).
pub async fn draft(w: &World) -> (String, String, String) {
    draft_duo(&w.app, &w.coord, &unique("Draft")).await
}

/// A new proposed duo of Liège: (duo, mentee, mentor).
pub async fn proposed(w: &World) -> (String, String, String) {
    proposed_duo(&w.app, &w.coord, &unique("Pair")).await
}

/// A new active duo of Liège; its id.
pub async fn active(w: &World) -> String {
    let (duo, _, _) = proposed(w).await;
    activate(w, &duo).await;
    duo
}

/// Moves a proposed duo to active, step by step.
pub async fn activate(w: &World, duo: &str) {
    for body in [
        json!({"to": "intro_scheduled", "date": today(0), "place": "online"}),
        json!({"to": "intro_held"}),
        json!({"to": "agreed", "date": today(0)}),
        json!({"to": "active"}),
    ] {
        let (status, answer) = step(&w.app, &w.coord, duo, body).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
}

/// The first check-in of a new active duo; its id.
pub async fn checkin(w: &World) -> String {
    let duo = active(w).await;
    let uri = format!("/api/v1/duos/{duo}/checkins");
    let (status, checkins) = call(&w.app, "GET", &uri, Some(&w.coord), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{checkins}");
    id(&checkins[0])
}

/// A new pending invitation: (its id, the secret of its link).
pub async fn invitation(w: &World) -> (String, String) {
    let email = format!("{}@test.example", unique("invited"));
    let body = json!({"email": email, "role": "hq"});
    let (status, link) = call(
        &w.app,
        "POST",
        "/api/v1/invitations",
        Some(&w.admin),
        "en",
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    (id(&link), secret(&link))
}

/// A new headquarters account; its id.
pub async fn user(w: &World) -> String {
    let created = app::auth::server::create_user(
        &w.db,
        app::auth::server::NewUser {
            email: format!("{}@test.example", unique("account")),
            password: common::PASSWORD.into(),
            role: app::model::Role::Hq,
            offices: vec![],
            mentor: None,
            display_name: None,
        },
    )
    .await
    .expect("account");
    created.id
}

/// The secret of a new reset link for a new account.
pub async fn reset_secret(w: &World) -> String {
    let uri = format!("/api/v1/users/{}/reset-link", user(w).await);
    let (status, link) = call(&w.app, "POST", &uri, Some(&w.admin), "en", None).await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    secret(&link)
}

/// A password no list of common passwords holds.
pub fn new_password() -> String {
    format!("a long walk by the Meuse {}", unique("n"))
}

fn id(record: &Value) -> String {
    record["id"].as_str().expect("an id").to_string()
}

/// The secret at the end of a link (`…/welcome/<secret>`).
fn secret(link: &Value) -> String {
    let url = link["link"].as_str().expect("a link");
    url.rsplit('/').next().unwrap().to_string()
}

/// A new information session of Liège next week; its id.
pub async fn session(w: &World) -> String {
    let body = json!({"kind": "info", "date": today(7), "place": unique("Room ")});
    let (status, answer) = call(
        &w.app,
        "POST",
        "/api/v1/offices/liege/sessions",
        Some(&w.coord),
        "en",
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    id(&answer)
}

/// A new session of Liège with a new mentee registered for it: (session, `mentee:key`).
pub async fn registration(w: &World) -> (String, String) {
    let session = session(w).await;
    let person = format!("mentee:{}", mentee(w).await);
    let (status, answer) = call(
        &w.app,
        "PUT",
        &format!("/api/v1/sessions/{session}/attendance"),
        Some(&w.coord),
        "en",
        Some(json!({"person": person})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    (session, person)
}

/// A duo of the matrix's own mentor (the mentor of the shared active duo) that the programme
/// closed, as the database holds one, for their "what next" answer; its id.
pub async fn closed_duo_of_own_mentor(w: &World) -> String {
    let key = unique("closed");
    w.db.query(
        "LET $d = (SELECT mentor, mentee, office FROM ONLY type::record('duo', $duo));
         CREATE type::record('duo', $key) CONTENT {
             mentee: $d.mentee, mentor: $d.mentor, office: $d.office, state: 'completed',
             closed_as: 'completed', started_on: $start, ended_on: $end,
             created_at: time::now() - 200d, updated_at: time::now(), version: 1
         };",
    )
    .bind(("duo", w.duo.clone()))
    .bind(("key", key.clone()))
    .bind(("start", today(-190)))
    .bind(("end", today(-2)))
    .await
    .unwrap()
    .check()
    .unwrap();
    key
}

/// A new notice in the inbox of the duo's own mentor (the matrix's "mentor own"); its id.
pub async fn notice_of_own_mentor(w: &World) -> String {
    let token = w.tokens[5].as_deref().expect("the own mentor is signed in");
    let who = app::auth::server::principal_for_token(&w.db, token)
        .await
        .unwrap()
        .unwrap();
    let key = unique("matrix-notice");
    let id = app::notify::server::notice_id(&key);
    w.db.query(
        "CREATE type::record('notice', $id) CONTENT {
            key: $key, kind: 'quiet_mentor', office: 'liege', recipient: $recipient,
            user: $user, language: 'fr', days: 15, mail: 'no_server', next_try: time::now(),
            created_at: time::now()
        }",
    )
    .bind(("id", id.clone()))
    .bind(("key", key))
    .bind(("recipient", format!("user:{}", who.user.id)))
    .bind(("user", who.user.id.clone()))
    .await
    .unwrap()
    .check()
    .unwrap();
    id
}

/// A new single-use link of a new active duo's mentee at 6 months; its token.
pub async fn voice_token(w: &World) -> String {
    let duo = active(w).await;
    let (status, link) = call(
        &w.app,
        "POST",
        &format!("/api/v1/duos/{duo}/voice-links"),
        Some(&w.coord),
        "en",
        Some(json!({"moment": "6m"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    link["link"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

/// A new answer of a mentee through their link, not yet confirmed; its id.
pub async fn self_report(w: &World) -> String {
    let token = voice_token(w).await;
    let (status, body) = call(
        &w.app,
        "POST",
        &format!("/api/v1/voice/{token}"),
        None,
        "en",
        Some(json!({"situation": "studies", "in_touch": true})),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let mut resp = w
        .db
        .query("SELECT VALUE record::id(id) FROM self_report WHERE confirmed_at = NONE ORDER BY answered_at DESC LIMIT 1")
        .await
        .unwrap();
    let ids: Vec<String> = resp.take(0).unwrap();
    ids[0].clone()
}
