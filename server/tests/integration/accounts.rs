//! Accounts through the API: invitations and password resets by single-use expiring links,
//! password rules, disabling at once, session rotation, and sign-in throttling.
use crate::common;

use axum::http::StatusCode;
use common::router::{admin_token, app, call, send, token};
use serde_json::json;

fn link_token(link: &serde_json::Value) -> String {
    link["link"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn an_invitation_link_works_once_and_expires() {
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;
    let coord = token(&app, "coord@test.example").await;
    let invite = json!({"email": "New.Coord@Test.example", "role": "coordinator",
        "offices": ["liege"], "name": "Nora New"});

    // Only administrators invite.
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        Some(&coord),
        "en",
        Some(invite.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, e) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        Some(&admin),
        "fr",
        Some(json!({"email": "not-an-address", "role": "coordinator", "offices": ["liege"]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["field"], "email");
    assert_eq!(
        e["error"]["message"],
        "Saisissez une adresse e-mail comme nom@exemple.be."
    );
    let (status, e) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        Some(&admin),
        "en",
        Some(json!({"email": "coord@test.example", "role": "coordinator", "offices": ["liege"]})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an existing account: {e}"
    );

    let (status, link) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        Some(&admin),
        "en",
        Some(invite.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    assert_eq!(link["email"], "new.coord@test.example");
    assert_eq!(
        link["mailed"], false,
        "no mail server in tests: the link is shown and logged"
    );
    assert!(link["link"].as_str().unwrap().contains("/welcome/"));
    let secret = link_token(&link);
    // The secret is stored only as a hash.
    let mut r = db
        .query("SELECT VALUE record::id(id) FROM account_link")
        .await
        .unwrap();
    let keys: Vec<String> = r.take(0).unwrap();
    assert!(!keys.contains(&secret));

    let (status, info) = call(
        &app,
        "GET",
        &format!("/api/v1/links/{secret}"),
        None,
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        info,
        json!({"purpose": "invitation", "email": "new.coord@test.example"})
    );

    // A refused password leaves the link usable; a common one is refused with its reason.
    let accept = format!("/api/v1/invitations/{secret}/accept");
    let (status, e) = call(
        &app,
        "POST",
        &accept,
        None,
        "en",
        Some(json!({"password": "short"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["field"], "password");
    let (status, e) = call(
        &app,
        "POST",
        &accept,
        None,
        "nl",
        Some(json!({"password": "Password123"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["problem"], "common");
    assert!(e["error"]["message"]
        .as_str()
        .unwrap()
        .contains("gelekte wachtwoorden"));

    let (status, signed) = call(
        &app,
        "POST",
        &accept,
        None,
        "en",
        Some(json!({"password": "a long walk by the Meuse"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{signed}");
    assert_eq!(signed["user"]["role"], "coordinator");
    assert_eq!(signed["user"]["display_name"], "Nora New");
    let session = signed["token"].as_str().unwrap();
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/mentees?office=liege",
        Some(session),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Single use.
    let (status, e) = call(
        &app,
        "POST",
        &accept,
        None,
        "en",
        Some(json!({"password": "another long sentence"})),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(e["error"]["code"], "link_expired");
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/links/{secret}"),
        None,
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::GONE);

    // Expiry: a link past its time is refused even if never used.
    let (_, link) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        Some(&admin),
        "en",
        Some(json!({"email": "late@test.example", "role": "hq"})),
    )
    .await;
    db.query(
        "UPDATE account_link SET expires_at = time::now() - 1s WHERE email = 'late@test.example'",
    )
    .await
    .unwrap();
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/invitations/{}/accept", link_token(&link)),
        None,
        "en",
        Some(json!({"password": "a long walk by the Meuse"})),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    // Guessing a link is no better than a malformed one.
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/links/{}", "0".repeat(64)),
        None,
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_ends_sessions_works_once_and_expires() {
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;
    let old_session = token(&app, "coord@test.example").await;

    // Asking never tells whether an account exists.
    for email in ["coord@test.example", "nobody@test.example"] {
        let (status, body) = call(
            &app,
            "POST",
            "/api/v1/password-resets",
            None,
            "en",
            Some(json!({"email": email})),
        )
        .await;
        assert_eq!(status, StatusCode::ACCEPTED);
        assert_eq!(body, json!({}));
    }
    let (_, users) = call(&app, "GET", "/api/v1/users", Some(&admin), "en", None).await;
    let id = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "coord@test.example")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, link) = call(
        &app,
        "POST",
        &format!("/api/v1/users/{id}/reset-link"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    assert!(link["link"].as_str().unwrap().contains("/reset/"));
    let url = format!("/api/v1/password-resets/{}", link_token(&link));
    let (status, signed) = call(
        &app,
        "POST",
        &url,
        None,
        "en",
        Some(json!({"password": "the river runs to Liège"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{signed}");

    // Every earlier session ended; the old password no longer opens; the new one does.
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/mentees",
        Some(&old_session),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/login",
        None,
        "en",
        Some(json!({"email": "coord@test.example", "password": common::PASSWORD})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/login",
        None,
        "en",
        Some(json!({"email": "coord@test.example", "password": "the river runs to Liège"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Once only; and a fresh link expires.
    let (status, _) = call(
        &app,
        "POST",
        &url,
        None,
        "en",
        Some(json!({"password": "yet another sentence"})),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    let (_, link) = call(
        &app,
        "POST",
        &format!("/api/v1/users/{id}/reset-link"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    db.query("UPDATE account_link SET expires_at = time::now() - 1s WHERE purpose = 'reset'")
        .await
        .unwrap();
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/password-resets/{}", link_token(&link)),
        None,
        "en",
        Some(json!({"password": "yet another sentence"})),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn a_disabled_account_is_out_at_once_and_admins_cannot_lock_themselves_out() {
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;
    let coord = token(&app, "coord@test.example").await;
    let (_, users) = call(&app, "GET", "/api/v1/users", Some(&admin), "en", None).await;
    let find = |email: &str| {
        users
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["email"] == email)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let id = find("coord@test.example");
    let (status, _) = call(&app, "GET", "/api/v1/users", Some(&coord), "en", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/users/{id}/disable"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, account) = call(
        &app,
        "POST",
        &format!("/api/v1/users/{id}/disable"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(account["disabled"], true);
    let (status, _) = call(&app, "GET", "/api/v1/mentees", Some(&coord), "en", None).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the open session ended with the account"
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/login",
        None,
        "en",
        Some(json!({"email": "coord@test.example", "password": common::PASSWORD})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/users/{id}/enable"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    token(&app, "coord@test.example").await;

    let me = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["role"] == "admin")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/users/{me}/disable"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn signing_in_opens_a_fresh_session_and_the_form_ends_the_one_it_replaces() {
    let (app, _db) = app().await;
    // The API hands out a new token at every sign-in; scripts may hold several.
    let first = token(&app, "coord@test.example").await;
    let second = token(&app, "coord@test.example").await;
    assert_ne!(first, second);
    for t in [&first, &second] {
        let (status, _) = call(&app, "GET", "/api/v1/mentees", Some(t), "en", None).await;
        assert_eq!(status, StatusCode::OK);
    }
    // The sign-in form (a server function) replaces the browser's cookie and ends the session it
    // carried, so a cookie fixed or stolen before sign-in is worth nothing after.
    let path = <app::auth::api::SignIn as leptos::server_fn::ServerFn>::PATH;
    let cookie = format!("duo_session={first}");
    let answer = send(
        &app,
        "POST",
        path,
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("cookie", &cookie),
            ("sec-fetch-site", "same-origin"),
        ],
        Some(format!(
            "email=coord%40test.example&password={}",
            common::PASSWORD.replace(' ', "+")
        )),
        None,
    )
    .await;
    assert!(
        answer.status.is_success() || answer.status.is_redirection(),
        "{}",
        answer.body
    );
    let set_cookie = answer.headers["set-cookie"].to_str().unwrap();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"));
    assert!(
        !set_cookie.contains(&first),
        "a new token, never the presented one"
    );
    let (status, _) = call(&app, "GET", "/api/v1/mentees", Some(&first), "en", None).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the replaced session ended"
    );
    let (status, _) = call(&app, "GET", "/api/v1/mentees", Some(&second), "en", None).await;
    assert_eq!(status, StatusCode::OK, "other sessions stay");
}

/// The sign-in and sign-out server functions send a plain HTML form on with a redirect, and leave
/// a call from the WebAssembly to its page, which reloads itself (with a redirect too, the browser
/// navigated twice and the second navigation cut short whatever the reader opened between).
#[tokio::test]
async fn only_a_plain_form_is_redirected_after_signing_in_or_out() {
    let (app, _db) = app().await;
    let form = format!(
        "email=coord%40test.example&password={}",
        common::PASSWORD.replace(' ', "+")
    );
    let sign_in = <app::auth::api::SignIn as leptos::server_fn::ServerFn>::PATH;
    let sign_out = <app::auth::api::SignOut as leptos::server_fn::ServerFn>::PATH;
    let from = |accept: &'static str, body: Option<String>, path: &'static str| {
        let app = app.clone();
        async move {
            send(
                &app,
                "POST",
                path,
                &[
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("accept", accept),
                    ("sec-fetch-site", "same-origin"),
                ],
                body,
                None,
            )
            .await
        }
    };
    // A browser's own form submission accepts HTML: 302 to the person's start page (a
    // coordinator's board: `Role::start_page`), then to sign-in.
    let plain = from(
        "text/html,application/xhtml+xml,*/*;q=0.8",
        Some(form.clone()),
        sign_in,
    )
    .await;
    assert_eq!(plain.status, StatusCode::FOUND, "{}", plain.body);
    assert_eq!(plain.headers["location"], "/board");
    assert!(plain.headers.get("set-cookie").is_some());
    let out = from("text/html", Some(String::new()), sign_out).await;
    assert_eq!(out.status, StatusCode::FOUND, "{}", out.body);
    assert_eq!(out.headers["location"], "/login");
    // The WebAssembly's call: the answer, no redirect of any kind.
    for (path, body) in [(sign_in, Some(form)), (sign_out, Some(String::new()))] {
        let called = from("application/json", body, path).await;
        assert_eq!(called.status, StatusCode::OK, "{path}: {}", called.body);
        assert!(called.headers.get("location").is_none(), "{path}");
        assert!(called.headers.get("serverfnredirect").is_none(), "{path}");
    }
}

async fn sign_in(
    app: &axum::Router,
    email: &str,
    password: &str,
    peer: &str,
) -> common::router::Answer {
    let body = json!({"email": email, "password": password}).to_string();
    send(
        app,
        "POST",
        "/api/v1/login",
        &[
            ("content-type", "application/json"),
            ("accept-language", "fr"),
        ],
        Some(body),
        Some(peer),
    )
    .await
}

#[tokio::test]
async fn failed_sign_ins_slow_down_per_account_and_address_per_address_and_per_account() {
    let (app, db) = app().await;
    // Five failures on one account from one address are free; the sixth attempt from there
    // must wait, even with the right password, and says how long in the caller's language.
    for _ in 0..5 {
        let a = sign_in(&app, "coord@test.example", "wrong guess!", "10.0.0.1:5000").await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    }
    let a = sign_in(
        &app,
        "coord@test.example",
        common::PASSWORD,
        "10.0.0.1:5001",
    )
    .await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS, "{}", a.body);
    assert_eq!(a.body["error"]["code"], "too_many_attempts");
    assert_eq!(a.headers["retry-after"], "1");
    assert!(a.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("Patientez 1 seconde avant"));
    // The account's owner elsewhere is not locked out by that; nor is another account.
    assert_eq!(
        sign_in(
            &app,
            "coord@test.example",
            common::PASSWORD,
            "10.0.1.1:5000"
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        sign_in(
            &app,
            "ghent@test.example",
            common::PASSWORD,
            "10.0.0.1:5000"
        )
        .await
        .status,
        StatusCode::OK
    );
    // After the wait the right password opens from there too.
    db.query("UPDATE throttle SET last_at = time::now() - 2s")
        .await
        .unwrap();
    assert_eq!(
        sign_in(
            &app,
            "coord@test.example",
            common::PASSWORD,
            "10.0.0.1:5000"
        )
        .await
        .status,
        StatusCode::OK
    );

    // Twenty failures from one address over many accounts: that address waits, others do not.
    for i in 0..20 {
        let a = sign_in(
            &app,
            &format!("guess{i}@test.example"),
            "wrong guess!",
            "192.0.2.9:4000",
        )
        .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    }
    let a = sign_in(&app, "hq@test.example", common::PASSWORD, "192.0.2.9:4001").await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        sign_in(&app, "hq@test.example", common::PASSWORD, "192.0.2.10:4000")
            .await
            .status,
        StatusCode::OK
    );

    // Fifty failures on one account from fifty addresses: the account waits from anywhere.
    for i in 0..50 {
        let a = sign_in(
            &app,
            "ghent@test.example",
            "wrong guess!",
            &format!("10.9.0.{i}:4000"),
        )
        .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    }
    let a = sign_in(
        &app,
        "ghent@test.example",
        common::PASSWORD,
        "10.8.0.1:4000",
    )
    .await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);

    // Parallel guesses are counted one by one: of twelve at once on a fresh account and
    // address, at most the five free ones are even checked.
    let guesses =
        (0..12).map(|_| sign_in(&app, "hq@test.example", "wrong guess!", "172.16.0.1:4000"));
    let answers = futures::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|a| a.status == StatusCode::UNAUTHORIZED)
        .count();
    let slowed = answers
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked + slowed, 12);
    // Five free, then each needs a wait that the burst does not give (a slow machine may let
    // one or two more through as the waits pass).
    assert!(
        checked <= 8,
        "{checked} of 12 parallel guesses were checked"
    );

    // The table keeps no address or email in clear.
    let mut r = db
        .query("SELECT VALUE record::id(id) FROM throttle")
        .await
        .unwrap();
    let keys: Vec<String> = r.take(0).unwrap();
    assert!(keys
        .iter()
        .all(|k| k.len() == 64 && !k.contains('@') && !k.contains('.')));
}

#[tokio::test]
async fn administrators_follow_and_revoke_invitations() {
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;
    let mut secrets = Vec::new();
    for email in [
        "used@test.example",
        "waiting@test.example",
        "revoked@test.example",
    ] {
        let (status, link) = call(
            &app,
            "POST",
            "/api/v1/invitations",
            Some(&admin),
            "en",
            Some(json!({"email": email, "role": "hq"})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
        assert_eq!(link["id"].as_str().unwrap().len(), 64);
        secrets.push((link["id"].as_str().unwrap().to_string(), link_token(&link)));
    }
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/invitations/{}/accept", secrets[0].1),
        None,
        "en",
        Some(json!({"password": "a long walk by the Meuse"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/invitations/{}", secrets[2].0),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The id names the link; it does not open it.
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/links/{}", secrets[1].0),
        None,
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/links/{}", secrets[2].1),
        None,
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::GONE, "a revoked link no longer works");
    let (status, _) = call(
        &app,
        "DELETE",
        &format!("/api/v1/invitations/{}", secrets[0].0),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an accepted invitation cannot be revoked"
    );
    let (_, list) = call(&app, "GET", "/api/v1/invitations", Some(&admin), "en", None).await;
    let status_of = |email: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|i| i["email"] == email)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status_of("used@test.example"), "accepted");
    assert_eq!(status_of("waiting@test.example"), "pending");
    assert_eq!(status_of("revoked@test.example"), "expired");
}
