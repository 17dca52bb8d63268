//! Sign-in throttling under bursts: parallel wrong passwords get exactly as many password
//! checks as the limits allow (5 per account and address, 20 per address, 50 per account),
//! whatever the pattern and however many instances share the database; and the bounded queue
//! in front of Argon2 answers "busy" beyond its places instead of piling requests up.
use crate::common;

use app::auth::passwords::{PasswordLimits, PasswordWork};
use app::db::Db;
use app::error::AppError;
use app::i18n::Locale;
use axum::http::StatusCode;
use axum::Router;
use common::router::{send, Answer};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// The account the guesses aim at, on a fresh in-memory database.
async fn database() -> Db {
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

/// A queue roomy enough that every admitted guess is checked: the throttle alone decides.
fn roomy_queue() -> Arc<PasswordWork> {
    Arc::new(PasswordWork::new(PasswordLimits {
        at_once: 4,
        waiting: 100,
        max_wait: Duration::from_secs(600),
    }))
}

/// One instance of Duo on the database: its own router, state, database session and queue of
/// password work, with its clock stopped at `now` (so no wait ever runs out during a burst,
/// however slow the machine).
fn instance(db: &Db, passwords: Arc<PasswordWork>, now: chrono::DateTime<chrono::Utc>) -> Router {
    let mut state = app::state::AppState::new(Arc::new(surrealdb::Surreal::clone(db)));
    state.passwords = passwords;
    state.clock = app::clock::Clock::stopped_at(now);
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .build();
    server::http::router(options, state)
}

/// The instances of a test and the password checks they have run between them.
struct Instances {
    routers: Vec<Router>,
    queues: Vec<Arc<PasswordWork>>,
}

impl Instances {
    fn on(db: &Db, count: usize) -> Self {
        Self::at(db, count, chrono::Utc::now())
    }

    /// Instances whose clocks stand at `now`.
    fn at(db: &Db, count: usize, now: chrono::DateTime<chrono::Utc>) -> Self {
        let queues: Vec<_> = (0..count).map(|_| roomy_queue()).collect();
        Instances {
            routers: queues
                .iter()
                .map(|q| instance(db, q.clone(), now))
                .collect(),
            queues,
        }
    }

    fn checks(&self) -> u64 {
        self.queues.iter().map(|q| q.checks()).sum()
    }

    /// Sends every (email, address) guess at once, spread over the instances in turn, and
    /// returns how many were answered as checked (401); every other answer must be a refusal
    /// to try yet (429).
    async fn burst(&self, guesses: Vec<(String, String)>) -> u64 {
        let sent = guesses.iter().enumerate().map(|(i, (email, from))| {
            sign_in(
                &self.routers[i % self.routers.len()],
                email,
                "wrong guess!",
                from,
                "en",
            )
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
            .count() as u64
    }
}

async fn sign_in(router: &Router, email: &str, password: &str, from: &str, lang: &str) -> Answer {
    let body = json!({"email": email, "password": password}).to_string();
    send(
        router,
        "POST",
        "/api/v1/login",
        &[
            ("content-type", "application/json"),
            ("accept-language", lang),
        ],
        Some(body),
        Some(from),
    )
    .await
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
    let duo = Instances::on(&db, 1);
    assert_eq!(duo.burst(one_account_one_address()).await, 5);
    assert_eq!(duo.checks(), 5);
}

#[tokio::test]
async fn a_burst_on_many_accounts_from_one_address_gets_twenty_checks() {
    let db = database().await;
    let duo = Instances::on(&db, 1);
    assert_eq!(duo.burst(many_accounts_one_address()).await, 20);
    assert_eq!(duo.checks(), 20);
}

#[tokio::test]
async fn a_burst_on_one_account_from_many_addresses_stops_at_fifty_checks() {
    let db = database().await;
    let duo = Instances::on(&db, 1);
    // Thirty failures one by one, each from its own address: all checked.
    for i in 0..30 {
        let guess = vec![(
            "target@test.example".to_string(),
            format!("10.3.0.{i}:4000"),
        )];
        assert_eq!(duo.burst(guess).await, 1);
    }
    // Then fifty at once from fifty more addresses: only twenty are left to the account.
    let guesses = (0..50)
        .map(|i| {
            (
                "target@test.example".to_string(),
                format!("10.4.0.{i}:4000"),
            )
        })
        .collect();
    assert_eq!(duo.burst(guesses).await, 20);
    assert_eq!(duo.checks(), 50);
}

#[tokio::test]
async fn bursts_spread_over_two_instances_get_no_more_checks() {
    let db = database().await;
    let two = Instances::on(&db, 2);
    assert_eq!(two.burst(one_account_one_address()).await, 5);
    assert_eq!(two.checks(), 5);
    assert_eq!(two.burst(many_accounts_one_address()).await, 20);
    assert_eq!(two.checks(), 25);
}

/// A stored hash whose cost (60 passes instead of 2) makes its check take a long moment.
const SLOW_HASH: &str = "$argon2id$v=19$m=19456,t=60,p=1$c29tZXNhbHRzb21lc2FsdA$3yO1Ey0yXUN0MHuY1FbcsOaRBq5Jd7tEj0HwLJSGMbs";

#[tokio::test]
async fn sign_ins_beyond_the_password_queue_are_answered_busy_in_their_language() {
    let db = database().await;
    db.query("UPDATE user SET password_hash = $slow WHERE email = 'target@test.example'")
        .bind(("slow", SLOW_HASH))
        .await
        .unwrap()
        .check()
        .unwrap();
    // One check at a time, two places to wait, a short wait.
    let queue = Arc::new(PasswordWork::new(PasswordLimits {
        at_once: 1,
        waiting: 2,
        max_wait: Duration::from_millis(50),
    }));
    let duo = instance(&db, queue.clone(), chrono::Utc::now());
    let slow = tokio::spawn({
        let duo = duo.clone();
        async move {
            sign_in(
                &duo,
                "target@test.example",
                common::PASSWORD,
                "10.5.0.1:4000",
                "en",
            )
            .await
        }
    });
    // Once the slow check holds the only turn…
    while queue.checks() == 0 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // …six more sign-ins at once (each its own account and address, so the throttle lets them
    // all through): two wait their bounded time, four find no place; none is checked.
    let langs = [("fr", Locale::fr), ("nl", Locale::nl), ("en", Locale::en)];
    let answers = futures::future::join_all((0..6).map(|i| {
        let (lang, _) = langs[i % 3];
        let (email, from) = (
            format!("nobody{i}@test.example"),
            format!("10.6.0.{i}:4000"),
        );
        let duo = &duo;
        async move { sign_in(duo, &email, "wrong guess!", &from, lang).await }
    }))
    .await;
    for (i, a) in answers.iter().enumerate() {
        let (_, locale) = langs[i % 3];
        assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.body);
        assert_eq!(
            a.headers.get("retry-after").and_then(|v| v.to_str().ok()),
            Some("5"),
            "a busy answer says when to come back"
        );
        assert_eq!(a.body["error"]["code"], "busy");
        assert_eq!(
            a.body["error"]["message"],
            app::texts::error_message(locale, &AppError::Busy)
        );
    }
    assert_eq!(queue.checks(), 1, "only the slow check ran");
    // An attempt turned away as busy checked nothing, so it counts for nothing: only the slow
    // attempt's three counters hold a failure.
    let counted: Vec<i64> = db
        .query("SELECT VALUE failures FROM throttle")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(counted.iter().sum::<i64>(), 3, "{counted:?}");
    // The slow check ends (a wrong password against that hash) and the queue is free again.
    assert_eq!(slow.await.unwrap().status, StatusCode::UNAUTHORIZED);
    let after = sign_in(
        &duo,
        "nobody9@test.example",
        "wrong guess!",
        "10.7.0.1:4000",
        "en",
    )
    .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(queue.checks(), 2);
}

/// A sign-in that turns out right gives the address counter back its age with its count: the
/// address's earlier failures still fade a day after the last of them. (Before, the success
/// left the counter dated now, so failures from an office's shared address never faded while
/// someone there signed in every day.)
#[tokio::test]
async fn a_success_never_keeps_an_address_s_old_failures_alive() {
    let db = database().await;
    let start = chrono::Utc::now() - chrono::Duration::hours(26);
    let burst_at = |hours: i64, minutes: i64| {
        Instances::at(
            &db,
            1,
            start + chrono::Duration::hours(hours) + chrono::Duration::minutes(minutes),
        )
    };
    assert_eq!(burst_at(0, 0).burst(many_accounts_one_address()).await, 20);
    // 23 hours later someone at that address signs in rightly.
    let later = burst_at(23, 0);
    let ok = sign_in(
        &later.routers[0],
        "target@test.example",
        common::PASSWORD,
        "10.2.0.1:4000",
        "en",
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    // A day and a minute after the failures, the address starts afresh: 20 checks again.
    assert_eq!(burst_at(24, 1).burst(many_accounts_one_address()).await, 20);
}

/// An IPv6 caller counts by its /64: fifty guesses at fifty accounts from fifty addresses of one
/// /64 get the address's twenty checks, as from one address (one machine can hold them all).
#[tokio::test]
async fn addresses_of_one_ipv6_64_count_as_one() {
    let db = database().await;
    let guesses = (0..50)
        .map(|i| {
            (
                format!("nobody{i}@test.example"),
                format!("[2001:db8:5:6:{i:x}::1]:4000"),
            )
        })
        .collect();
    assert_eq!(Instances::on(&db, 1).burst(guesses).await, 20);
    // Another /64 is another address.
    let elsewhere = vec![(
        "someone@test.example".to_string(),
        "[2001:db8:5:7::1]:4000".to_string(),
    )];
    assert_eq!(Instances::on(&db, 1).burst(elsewhere).await, 1);
}
