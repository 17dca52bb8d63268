//! No unbounded work from outside: password-reset requests, card holds and event streams each
//! have limits per account and per address, and an over-limit request gets 429 with the API's
//! error shape (a translated message and a `Retry-After`).
use crate::common;

use app::limits::{
    HOLDS_PER_ACCOUNT, RESETS_PER_ACCOUNT, RESETS_PER_ADDRESS, RESET_QUEUE, STREAMS_PER_ACCOUNT,
};
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use common::router::{app_with, send, token, Answer};
use serde_json::json;
use tower::ServiceExt;

/// Asks for a password reset of `email` from the network address `peer`.
async fn ask_reset(app: &axum::Router, email: &str, peer: &str) -> Answer {
    send(
        app,
        "POST",
        "/api/v1/password-resets",
        &[
            ("content-type", "application/json"),
            ("accept-language", "nl"),
        ],
        Some(json!({ "email": email }).to_string()),
        Some(peer),
    )
    .await
}

/// The answer is the JSON API's 429, in the caller's language, with a `Retry-After`.
fn assert_too_many(a: &Answer) {
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.body);
    assert_eq!(a.body["error"]["code"], "too_many_requests");
    assert_eq!(
        a.body["error"]["message"],
        "Te veel verzoeken. Wacht even en probeer het dan opnieuw."
    );
    let retry: u64 = a.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry >= 1, "{retry}");
}

#[tokio::test]
async fn reset_requests_are_limited_per_address() {
    let (app, _state) = app_with(|s| s).await;
    for n in 0..RESETS_PER_ADDRESS {
        let a = ask_reset(
            &app,
            &format!("person{n}@test.example"),
            "198.51.100.1:1000",
        )
        .await;
        assert_eq!(a.status, StatusCode::ACCEPTED, "request {n}: {}", a.body);
    }
    assert_too_many(&ask_reset(&app, "one-more@test.example", "198.51.100.1:1001").await);
    // Another address is not held back by this one.
    let other = ask_reset(&app, "one-more@test.example", "198.51.100.2:1000").await;
    assert_eq!(other.status, StatusCode::ACCEPTED);
}

#[tokio::test]
async fn reset_requests_are_limited_per_target_account() {
    let (app, _state) = app_with(|s| s).await;
    for n in 0..RESETS_PER_ACCOUNT {
        let a = ask_reset(&app, "coord@test.example", &format!("203.0.113.{n}:1000")).await;
        assert_eq!(a.status, StatusCode::ACCEPTED, "request {n}: {}", a.body);
    }
    // From yet another address, the same account: refused (an address that has no account is
    // counted the same way, so the answer tells nothing about accounts).
    assert_too_many(&ask_reset(&app, "coord@test.example", "203.0.113.200:1000").await);
    let other = ask_reset(&app, "ghent@test.example", "203.0.113.201:1000").await;
    assert_eq!(other.status, StatusCode::ACCEPTED);
}

/// Requests wait in one bounded queue for one worker: with the worker stopped, the queue fills
/// to its bound and the next request is refused; nothing else piles up.
#[tokio::test]
async fn reset_requests_wait_in_a_bounded_queue() {
    let (app, state) = app_with(|s| s).await;
    for n in 0..RESET_QUEUE {
        let peer = format!("10.0.{}.{}:1000", n / 200, n % 200);
        let a = ask_reset(&app, &format!("queued{n}@test.example"), &peer).await;
        assert_eq!(a.status, StatusCode::ACCEPTED, "request {n}: {}", a.body);
    }
    assert_eq!(state.resets.pending(), RESET_QUEUE);
    assert_too_many(&ask_reset(&app, "overflow@test.example", "10.9.9.9:1000").await);
    assert_eq!(state.resets.pending(), RESET_QUEUE);

    // Once the worker runs, the queue empties and requests are taken again.
    tokio::spawn(app::accounts::server::send_requested_resets(state.clone()));
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while state.resets.pending() > 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "the queue never emptied"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let a = ask_reset(&app, "after@test.example", "10.9.9.10:1000").await;
    assert_eq!(a.status, StatusCode::ACCEPTED);
}

/// Opens the event stream with `token`; the response (its body is the stream).
async fn open_stream(app: &axum::Router, token: &str) -> Response<Body> {
    let req = Request::get("/api/v1/events")
        .header("authorization", format!("Bearer {token}"))
        .header("accept-language", "nl")
        .body(Body::empty())
        .unwrap();
    app.clone().oneshot(req).await.unwrap()
}

#[tokio::test]
async fn an_account_has_a_bounded_number_of_event_streams() {
    use http_body_util::BodyExt;
    let (app, _state) = app_with(|s| s).await;
    let coord = token(&app, "coord@test.example").await;
    let mut open = Vec::new();
    for n in 0..STREAMS_PER_ACCOUNT {
        let stream = open_stream(&app, &coord).await;
        assert_eq!(stream.status(), StatusCode::OK, "stream {n}");
        open.push(stream);
    }
    let refused = open_stream(&app, &coord).await;
    let status = refused.status();
    let headers = refused.headers().clone();
    let bytes = refused.into_body().collect().await.unwrap().to_bytes();
    assert_too_many(&Answer {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap(),
    });
    // Another account has streams of its own.
    let ghent = token(&app, "ghent@test.example").await;
    assert_eq!(open_stream(&app, &ghent).await.status(), StatusCode::OK);
    // Closing one frees its slot.
    drop(open.pop());
    assert_eq!(open_stream(&app, &coord).await.status(), StatusCode::OK);
}

/// Picks up `card` on Liège's board through the board's server function.
pub(crate) async fn hold(
    app: &axum::Router,
    token: &str,
    card: &str,
) -> (StatusCode, serde_json::Value) {
    use http_body_util::BodyExt;
    let path = <app::board::api::HoldCard as leptos::server_fn::ServerFn>::PATH;
    let req = Request::post(path)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!("office=liege&card={card}")))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or_default())
}

#[tokio::test]
async fn an_account_holds_a_bounded_number_of_cards() {
    let (app, state) = app_with(|s| s).await;
    let coord = token(&app, "coord@test.example").await;
    for n in 0..HOLDS_PER_ACCOUNT {
        let (status, body) = hold(&app, &coord, &format!("card{n}")).await;
        assert_eq!((status, body), (StatusCode::OK, serde_json::Value::Null));
    }
    let (status, body) = hold(&app, &coord, "one-more").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["code"], "too_many_requests");
    assert_eq!(state.events.holds("liege").len(), HOLDS_PER_ACCOUNT);
    // Putting a card down frees a place.
    let principal = app::auth::server::principal_for_token(&state.db, &coord)
        .await
        .unwrap()
        .unwrap();
    state.events.release("liege", "card0", &principal.user.id);
    assert_eq!(hold(&app, &coord, "one-more").await.0, StatusCode::OK);
}

/// A hold that outlived its lifetime (a tab that vanished mid-drag) is dropped: it neither
/// shows on the board nor counts against its holder.
#[tokio::test]
async fn expired_holds_are_dropped() {
    let (app, state) = app_with(|s| app::state::AppState {
        events: std::sync::Arc::new(app::live::hub::EventHub::with_hold_lifetime(
            std::time::Duration::ZERO,
        )),
        ..s
    })
    .await;
    let coord = token(&app, "coord@test.example").await;
    for n in 0..HOLDS_PER_ACCOUNT * 3 {
        let (status, body) = hold(&app, &coord, &format!("card{n}")).await;
        assert_eq!((status, body), (StatusCode::OK, serde_json::Value::Null));
    }
    assert!(state.events.holds("liege").is_empty());
}
