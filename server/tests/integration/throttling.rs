//! Sign-in throttling under bursts: parallel wrong passwords get exactly as many password
//! checks as the limits allow (5 per account and address, 20 per address, 50 per account),
//! whatever the pattern and however many instances share the database.
use crate::common;

use axum::http::StatusCode;
use axum::Router;
use common::router::send;
use serde_json::json;

/// The account the guesses aim at, on a fresh in-memory database.
async fn database() -> app::db::Db {
    let (db, _) = common::database("mem").await;
    app::auth::server::create_user(
        &db,
        app::auth::server::NewUser {
            email: "target@test.example".into(),
            password: common::PASSWORD.into(),
            role: app::model::Role::Hq,
            offices: vec![],
            mentor: None,
            display_name: None,
        },
    )
    .await
    .unwrap();
    db
}

/// One instance of Duo on the database: its own router, state and database session.
fn instance(db: &app::db::Db) -> Router {
    let session = std::sync::Arc::new(surrealdb::Surreal::clone(db));
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .build();
    server::http::router(options, app::state::AppState::new(session))
}

/// Sends every (email, address) guess at once, spread over the instances in turn, and returns
/// how many were checked (401) — every other answer must be a refusal to try yet (429).
async fn burst(instances: &[Router], guesses: Vec<(String, String)>) -> usize {
    let sent = guesses.iter().enumerate().map(|(i, (email, from))| {
        let body = json!({"email": email, "password": "wrong guess!"}).to_string();
        let router = &instances[i % instances.len()];
        async move {
            send(
                router,
                "POST",
                "/api/v1/login",
                &[("content-type", "application/json")],
                Some(body),
                Some(from),
            )
            .await
        }
    });
    let answers = futures::future::join_all(sent).await;
    for a in &answers {
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&a.status),
            "{} {}",
            a.status,
            a.body
        );
    }
    answers
        .iter()
        .filter(|a| a.status == StatusCode::UNAUTHORIZED)
        .count()
}

fn one_account_one_address() -> Vec<(String, String)> {
    (0..50)
        .map(|_| ("target@test.example".into(), "10.1.0.1:4000".into()))
        .collect()
}

fn many_accounts_one_address() -> Vec<(String, String)> {
    (0..50)
        .map(|i| (format!("nobody{i}@test.example"), "10.2.0.1:4000".into()))
        .collect()
}

#[tokio::test]
async fn a_burst_on_one_account_from_one_address_gets_five_checks() {
    let db = database().await;
    let duo = instance(&db);
    assert_eq!(burst(&[duo], one_account_one_address()).await, 5);
}

#[tokio::test]
async fn a_burst_on_many_accounts_from_one_address_gets_twenty_checks() {
    let db = database().await;
    let duo = instance(&db);
    assert_eq!(burst(&[duo], many_accounts_one_address()).await, 20);
}

#[tokio::test]
async fn a_burst_on_one_account_from_many_addresses_stops_at_fifty_checks() {
    let db = database().await;
    let duo = instance(&db);
    // Thirty failures one by one, each from its own address: all checked.
    for i in 0..30 {
        let guess = vec![("target@test.example".to_string(), format!("10.3.0.{i}:4000"))];
        assert_eq!(burst(std::slice::from_ref(&duo), guess).await, 1);
    }
    // Then fifty at once from fifty more addresses: only twenty are left to the account.
    let guesses = (0..50)
        .map(|i| ("target@test.example".to_string(), format!("10.4.0.{i}:4000")))
        .collect();
    assert_eq!(burst(&[duo], guesses).await, 20);
}

#[tokio::test]
async fn bursts_spread_over_two_instances_get_no_more_checks() {
    let db = database().await;
    let instances = [instance(&db), instance(&db)];
    assert_eq!(burst(&instances, one_account_one_address()).await, 5);
    assert_eq!(burst(&instances, many_accounts_one_address()).await, 20);
}
