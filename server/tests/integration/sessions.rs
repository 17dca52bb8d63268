//! The end of a session as the phone sees it: a server function called without a live session
//! answers 401 (not 500), which is how the service worker (`public/sw.js`) knows to drop the
//! mentor's page it keeps and to tell the app to drop the meetings waiting on the phone.
use crate::common;

use axum::http::StatusCode;
use common::router::{app, mentor_account, proposed_duo, send, token};
use leptos::server_fn::ServerFn;

/// Calls a server function with no arguments, as the hydrated page does, with the session
/// cookie `session` if any.
async fn call_fn(app: &axum::Router, path: &str, session: Option<&str>) -> common::router::Answer {
    let cookie = session.map(|s| format!("duo_session={s}"));
    let mut headers = vec![
        ("content-type", "application/x-www-form-urlencoded"),
        ("sec-fetch-site", "same-origin"),
    ];
    if let Some(cookie) = cookie.as_deref() {
        headers.push(("cookie", cookie));
    }
    send(app, "POST", path, &headers, Some(String::new()), None).await
}

#[tokio::test]
async fn a_server_function_called_after_the_session_ended_answers_401() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (_, _, mentor) = proposed_duo(&app, &coord, "Phone").await;
    let session = mentor_account(&app, &db, &mentor, "phone.mentor@test.example").await;
    let my_duo = <app::mentor::api::LoadMyDuo as ServerFn>::PATH;

    let live = call_fn(&app, my_duo, Some(&session)).await;
    assert_eq!(live.status, StatusCode::OK, "{}", live.body);

    // The session ends on the server (expired or signed out elsewhere): the same cookie now
    // gets 401, and so does a call with no cookie at all.
    app::auth::server::logout(&db, &session).await.unwrap();
    let ended = call_fn(&app, my_duo, Some(&session)).await;
    assert_eq!(ended.status, StatusCode::UNAUTHORIZED, "{}", ended.body);
    assert!(
        ended.body.to_string().contains("unauthenticated"),
        "{}",
        ended.body
    );
    let anonymous = call_fn(&app, my_duo, None).await;
    assert_eq!(
        anonymous.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        anonymous.body
    );

    // "Who is signed in?" answers "nobody" normally: the sign-in page is no session's end.
    let who = <app::auth::api::CurrentUser as ServerFn>::PATH;
    let nobody = call_fn(&app, who, None).await;
    assert_eq!(nobody.status, StatusCode::OK, "{}", nobody.body);
}
