//! The password rules wherever a password is set (an invitation accepted, a reset, an account
//! created by the server or by `duo user add`): the list of common passwords is the server's
//! 20,000-entry list, not the few dozen words the first version had.
use crate::common;

use axum::http::StatusCode;
use common::router::{admin_token, app, call};
use serde_json::json;

/// On the 20,000-entry list, long enough to pass the length rule, and not on the first
/// version's 44-word list.
const LISTED: [&str; 6] = [
    "basketball",
    "tinkerbell",
    "hellokitty",
    "Liverpool1",
    "iloveyou123",
    "manchester",
];

fn secret_of(link: &serde_json::Value) -> String {
    let link = link["link"].as_str().unwrap();
    link.rsplit('/').next().unwrap().to_string()
}

#[tokio::test]
async fn common_passwords_are_refused_with_the_reason_wherever_a_password_is_set() {
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;

    // Accepting an invitation.
    let (status, link) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        Some(&admin),
        "en",
        Some(json!({"email": "lina@test.example", "role": "coordinator", "offices": ["liege"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    let accept = format!("/api/v1/invitations/{}/accept", secret_of(&link));
    for (password, lang, reason) in [
        (LISTED[0], "fr", "trop courant"),
        (LISTED[1], "nl", "te gewoon"),
        (LISTED[2], "en", "too common"),
        (LISTED[3], "en", "too common"),
    ] {
        let (status, e) = call(
            &app,
            "POST",
            &accept,
            None,
            lang,
            Some(json!({ "password": password })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{password}: {e}");
        assert_eq!(e["error"]["problem"], "common", "{password}");
        let message = e["error"]["message"].as_str().unwrap();
        assert!(message.contains(reason), "{password}: {message}");
    }
    let (status, signed) = call(
        &app,
        "POST",
        &accept,
        None,
        "en",
        Some(json!({"password": "seven swans over the Ourthe"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a strong passphrase is accepted: {signed}"
    );
    let id = signed["user"]["id"].as_str().unwrap().to_string();

    // A password reset.
    let (status, reset) = call(
        &app,
        "POST",
        &format!("/api/v1/users/{id}/reset-link"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{reset}");
    let url = format!("/api/v1/password-resets/{}", secret_of(&reset));
    let (status, e) = call(
        &app,
        "POST",
        &url,
        None,
        "fr",
        Some(json!({"password": LISTED[4]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("trop courant"));
    let (status, e) = call(
        &app,
        "POST",
        &url,
        None,
        "en",
        Some(json!({"password": "a heron on the Lesse at dawn"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{e}");

    // An account the server creates (as `duo user add` and invitations do).
    let created = app::auth::server::create_user(
        &db,
        app::auth::server::NewUser {
            email: "yara@test.example".into(),
            password: LISTED[5].into(),
            role: app::model::Role::Hq,
            offices: vec![],
            mentor: None,
            display_name: None,
        },
    )
    .await;
    assert!(
        matches!(
            created,
            Err(app::error::AppError::Invalid {
                problem: app::error::Invalid::Common,
                ..
            })
        ),
        "{created:?}"
    );
}

#[test]
fn duo_user_add_refuses_a_common_password() {
    let add = |password: &str| common::user_add("mem://", "root@test.example", password);
    let refused = add("tinkerbell\n");
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("too common"), "{said}");
    assert!(add("a kingfisher on the Vesdre\n").status.success());
}
