//! Live events: the hub's order and catch-up, and the `/api/v1/events` stream's scoping and
//! resumption, through the real router.
use crate::common;

use app::live::hub::{CatchUp, EventHub};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use std::time::Duration;
use tower::ServiceExt;

#[tokio::test]
async fn the_hub_keeps_order_and_lets_clients_catch_up() {
    let hub = EventHub::new();
    let mut rx = hub.subscribe();
    hub.publish("duo.created", "liege", vec!["d1".into()], None);
    hub.publish("duo.dissolved", "liege", vec!["d1".into()], None);
    assert_eq!(rx.recv().await.unwrap().version, 1);
    assert_eq!(rx.recv().await.unwrap().version, 2);
    match hub.since(hub.epoch(), 1) {
        CatchUp::Missed(events) => assert_eq!(
            events.iter().map(|e| e.version).collect::<Vec<_>>(),
            vec![2]
        ),
        CatchUp::Resync => panic!("should catch up"),
    }
    assert!(matches!(hub.since("another-process", 1), CatchUp::Resync));
    for _ in 0..2000 {
        hub.publish("mentee.created", "ghent", vec![], None);
    }
    assert!(
        matches!(hub.since(hub.epoch(), 3), CatchUp::Resync),
        "too far behind: refetch"
    );
    assert!(matches!(hub.since(hub.epoch(), 2001), CatchUp::Missed(ref e) if e.len() == 1));
}

struct Stream {
    body: Body,
    buffer: String,
}

impl Stream {
    /// The next SSE message's (id, data), skipping keep-alive comments.
    async fn next(&mut self, wait: Duration) -> Option<(String, Value)> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let message: String = self.buffer.drain(..end + 2).collect();
                let mut id = String::new();
                let mut data = String::new();
                for line in message.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim());
                    }
                }
                if data.is_empty() {
                    continue;
                }
                return Some((id, serde_json::from_str(&data).unwrap()));
            }
            let frame = tokio::time::timeout(wait, self.body.frame())
                .await
                .ok()??
                .ok()?;
            if let Ok(bytes) = frame.into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }
}

async fn setup() -> (axum::Router, String, String) {
    let users = [
        ("liege@test.example", "liege"),
        ("ghent@test.example", "ghent"),
    ];
    let (router, mut tokens, _) = setup_with(&users).await;
    (router, tokens.remove(0), tokens.remove(0))
}

async fn setup_with(users: &[(&str, &str)]) -> (axum::Router, Vec<String>, app::state::AppState) {
    let db = server::schema::connect("mem://").await.unwrap();
    let mut tokens = Vec::new();
    for (email, office) in users.iter().copied() {
        app::auth::server::create_user(
            &db,
            app::auth::server::NewUser {
                email: email.into(),
                password: common::PASSWORD.into(),
                role: app::model::Role::Coordinator,
                offices: vec![office.into()],
                mentor: None,
                display_name: Some(email.split('@').next().unwrap().to_string()),
            },
        )
        .await
        .unwrap();
        tokens.push(
            app::auth::server::login(
                &app::state::AppState::new(db.clone()),
                email,
                common::PASSWORD,
                "test",
                None,
            )
            .await
            .unwrap()
            .0,
        );
    }
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .build();
    let state = app::state::AppState::new(db);
    let router = server::http::router(options, state.clone());
    (router, tokens, state)
}

async fn open(router: &axum::Router, token: &str, last_event_id: Option<&str>) -> Stream {
    open_at(router, "/api/v1/events", token, last_event_id).await
}

async fn open_at(
    router: &axum::Router,
    uri: &str,
    token: &str,
    last_event_id: Option<&str>,
) -> Stream {
    let mut req = Request::get(uri).header("authorization", format!("Bearer {token}"));
    if let Some(id) = last_event_id {
        req = req.header("last-event-id", id);
    }
    let resp = router
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "text/event-stream");
    Stream {
        body: resp.into_body(),
        buffer: String::new(),
    }
}

async fn create_mentee(router: &axum::Router, token: &str, office: &str) -> String {
    let body = json!({"first_name": "Live", "last_name": "Event", "office": office, "languages": ["fr"], "sectors": [], "state": "waiting"});
    let req = Request::post("/api/v1/mentees")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let resp = router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice::<Value>(&bytes).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn each_office_hears_only_its_own_changes_and_streams_resume() {
    let (router, liege, ghent) = setup().await;
    let wait = Duration::from_secs(5);
    let mut liege_stream = open(&router, &liege, None).await;
    let mut ghent_stream = open(&router, &ghent, None).await;
    assert_eq!(liege_stream.next(wait).await.unwrap().1["type"], "hello");
    assert_eq!(ghent_stream.next(wait).await.unwrap().1["type"], "hello");

    let id = create_mentee(&router, &liege, "liege").await;
    let (stream_id, event) = liege_stream
        .next(wait)
        .await
        .expect("liege hears its change");
    assert_eq!(event["type"], "mentee.created");
    assert_eq!(event["office"], "liege");
    assert_eq!(event["ids"], json!([format!("mentee:{id}")]));
    assert!(event["version"].as_u64().unwrap() >= 1);
    assert!(
        ghent_stream
            .next(Duration::from_millis(400))
            .await
            .is_none(),
        "Ghent never receives Liège's people"
    );

    // A client that dropped after `stream_id` gets what it missed when it comes back.
    let second = create_mentee(&router, &liege, "liege").await;
    let mut resumed = open(&router, &liege, Some(&stream_id)).await;
    let (_, missed) = resumed.next(wait).await.unwrap();
    assert_eq!(
        (missed["type"].as_str(), missed["ids"][0].as_str()),
        (
            Some("mentee.created"),
            Some(format!("mentee:{second}").as_str())
        )
    );
    // One from another server process (or too old) is told to refetch.
    let mut stale = open(&router, &liege, Some("otherprocess-3")).await;
    assert_eq!(stale.next(wait).await.unwrap().1["type"], "resync");

    // Without a session there is no stream.
    let resp = router
        .clone()
        .oneshot(Request::get("/api/v1/events").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

/// The next event of a given type, skipping the others.
async fn next_of(stream: &mut Stream, kind: &str) -> Value {
    loop {
        let (_, event) = stream
            .next(Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("no {kind} event"));
        if event["type"] == kind {
            return event;
        }
    }
}

#[tokio::test]
async fn a_board_shows_who_is_there_and_which_cards_they_hold() {
    let (router, tokens, state) = setup_with(&[
        ("anna@test.example", "liege"),
        ("bram@test.example", "liege"),
    ])
    .await;
    let mut anna = open_at(&router, "/api/v1/events?office=liege", &tokens[0], None).await;
    let hello = next_of(&mut anna, "hello").await;
    assert!(
        hello["actor"].is_string(),
        "hello says who the stream belongs to"
    );
    assert_eq!(
        next_of(&mut anna, "presence").await["names"],
        json!(["anna"])
    );

    let bram_stream = open_at(&router, "/api/v1/events?office=liege", &tokens[1], None).await;
    assert_eq!(
        next_of(&mut anna, "presence").await["names"],
        json!(["anna", "bram"])
    );

    // Bram picks up a card: Anna sees it held, and cannot take it while he has it.
    let bram = app::live::hub::Viewer {
        user: "bram-id".into(),
        name: "bram".into(),
        office: "liege".into(),
    };
    let anna_viewer = app::live::hub::Viewer {
        user: "anna-id".into(),
        name: "anna".into(),
        office: "liege".into(),
    };
    state.events.hold("liege", "card1", &bram).unwrap();
    let hold = next_of(&mut anna, "hold").await;
    assert_eq!(
        (hold["ids"].clone(), hold["names"].clone()),
        (json!(["card1"]), json!(["bram"]))
    );
    assert_eq!(
        state.events.hold("liege", "card1", &anna_viewer),
        Err(app::live::holds::HoldRefused::HeldBy("bram".into()))
    );
    state.events.release("liege", "card1", "bram-id");
    assert_eq!(next_of(&mut anna, "release").await["ids"], json!(["card1"]));

    // Bram's real session holds a card, then his tab goes away: the card is freed and he leaves.
    let bram_user = app::auth::server::principal_for_token(&state.db, &tokens[1])
        .await
        .unwrap()
        .unwrap()
        .user;
    let real_bram = app::live::hub::Viewer {
        user: bram_user.id,
        name: "bram".into(),
        office: "liege".into(),
    };
    state.events.hold("liege", "card2", &real_bram).unwrap();
    assert_eq!(next_of(&mut anna, "hold").await["ids"], json!(["card2"]));
    drop(bram_stream);
    assert_eq!(next_of(&mut anna, "release").await["ids"], json!(["card2"]));
    assert_eq!(
        next_of(&mut anna, "presence").await["names"],
        json!(["anna"])
    );
    assert!(state.events.holds("liege").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_made_on_one_instance_reach_the_screens_of_another() {
    use app::model::Role;
    use app::state::AppState;
    let db = server::schema::connect("mem://").await.unwrap();
    // Two app instances on one database, each with its own hub and change-feed follower.
    let (a, b) = (AppState::new(db.clone()), AppState::new(db.clone()));
    tokio::spawn(app::live::feed::follow(db.clone(), a.events.clone()));
    tokio::spawn(app::live::feed::follow(db.clone(), b.events.clone()));
    tokio::time::sleep(Duration::from_millis(150)).await;
    let (mut on_a, mut on_b) = (a.events.subscribe(), b.events.subscribe());
    let who = common::caller(&db, Role::Coordinator, &["liege"]).await;
    let wait = Duration::from_secs(3);

    let mentee =
        app::people::server::create_mentee(&a, &who, &common::person("liege", "Across", "waiting"))
            .await
            .unwrap();
    let heard_a = tokio::time::timeout(wait, on_a.recv())
        .await
        .unwrap()
        .unwrap();
    let heard_b = tokio::time::timeout(wait, on_b.recv())
        .await
        .unwrap()
        .unwrap();
    for e in [&heard_a, &heard_b] {
        assert_eq!(
            (e.kind.as_str(), e.office.as_str()),
            ("mentee.created", "liege")
        );
        assert_eq!(e.ids, vec![format!("mentee:{}", mentee.id)]);
        assert_eq!(e.actor.as_deref(), Some(who.user.id.as_str()));
    }

    let mentor = app::people::server::create_mentor(
        &b,
        &who,
        &common::person("liege", "Other", "available"),
    )
    .await
    .unwrap();
    let duo = app::duos::server::create_duo(&b, &who, &mentee.id, &mentor.id)
        .await
        .unwrap();
    let mut kinds_a = Vec::new();
    while kinds_a.len() < 2 {
        let e = tokio::time::timeout(wait, on_a.recv())
            .await
            .expect("A hears B's changes")
            .unwrap();
        kinds_a.push((e.kind.clone(), e.ids.first().cloned()));
    }
    assert_eq!(
        kinds_a,
        vec![
            (
                "mentor.created".to_string(),
                Some(format!("mentor:{}", mentor.id))
            ),
            ("draft.created".to_string(), Some(format!("duo:{}", duo.id)))
        ]
    );
    // Each instance announces a change once: its own feed does not repeat what it published.
    while let Ok(Ok(e)) = tokio::time::timeout(Duration::from_millis(300), on_b.recv()).await {
        assert_ne!(e.kind, "mentee.created", "B heard the mentee once already");
        assert!(["mentor.created", "draft.created"].contains(&e.kind.as_str()));
    }
    assert!(
        tokio::time::timeout(Duration::from_millis(300), on_a.recv())
            .await
            .is_err(),
        "no duplicates on A"
    );
    a.events.close();
    b.events.close();
}

#[tokio::test]
async fn a_mentor_hears_only_their_duo_and_headquarters_only_counts() {
    use app::model::Role;
    let db = server::schema::connect("mem://").await.unwrap();
    let state = app::state::AppState::new(db.clone());
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .build();
    let router = server::http::router(options, state.clone());
    let coordinator = common::caller(&db, Role::Coordinator, &["antwerp"]).await;
    let mentor_user = common::caller(&db, Role::Mentor, &["antwerp"]).await;
    let hq = common::caller(&db, Role::Hq, &[]).await;
    let own_mentor = mentor_user.user.mentor.clone().expect("linked mentor");
    db.query("UPDATE type::record('mentor', $id) SET state = 'available'")
        .bind(("id", own_mentor.clone()))
        .await
        .unwrap();
    let wait = Duration::from_secs(5);
    let mut mentor_stream = open(&router, &mentor_user.token, None).await;
    let mut hq_stream = open(&router, &hq.token, None).await;
    assert_eq!(next_of(&mut mentor_stream, "hello").await["type"], "hello");
    assert_eq!(next_of(&mut hq_stream, "hello").await["type"], "hello");

    // A duo of someone else: the mentor hears nothing; headquarters hear that figures changed,
    // and nothing of what, where or whose.
    let other_mentee = common::mentee(&db, &coordinator, "antwerp").await;
    let other_mentor = common::mentor(&db, &coordinator, "antwerp", 1).await;
    app::duos::server::create_duo(&state, &coordinator, &other_mentee.id, &other_mentor.id)
        .await
        .unwrap();
    let seen = next_of(&mut hq_stream, "figures.changed").await;
    assert_eq!(
        (seen["office"].as_str(), seen["ids"].clone()),
        (Some(""), json!([]))
    );
    assert!(
        seen.get("actor").is_none_or(Value::is_null),
        "no names or ids for headquarters"
    );
    assert!(
        mentor_stream
            .next(Duration::from_millis(400))
            .await
            .is_none(),
        "not the mentor's duo"
    );

    // Their own duo: drafted, the mentor hears nothing (the matching meeting has not decided);
    // proposed, they hear it.
    let mentee = common::mentee(&db, &coordinator, "antwerp").await;
    let duo = app::duos::server::create_duo(&state, &coordinator, &mentee.id, &own_mentor)
        .await
        .unwrap();
    assert_eq!(
        next_of(&mut hq_stream, "figures.changed").await["type"],
        "figures.changed"
    );
    assert!(
        mentor_stream
            .next(Duration::from_millis(400))
            .await
            .is_none(),
        "a draft is not the mentor's business yet"
    );
    propose(&state, &coordinator, &duo.id).await;
    let (_, event) = mentor_stream.next(wait).await.expect("the mentor's duo");
    assert_eq!(event["type"], "duo.transition");
    assert_eq!(event["ids"][0], format!("duo:{}", duo.id));
}

/// Record keys repeat across tables (the demo seeds have `mentee:liege_003` and
/// `mentor:liege_003`): a mentor whose record key is also the key of another duo's mentee must
/// not hear that duo. The first duo event their stream carries is their own duo's.
#[tokio::test]
async fn a_mentor_never_hears_a_duo_whose_keys_collide_with_their_own() {
    use app::model::Role;
    let db = server::schema::connect("mem://").await.unwrap();
    let state = app::state::AppState::new(db.clone());
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .build();
    let router = server::http::router(options, state.clone());
    let coordinator = common::caller(&db, Role::Coordinator, &["antwerp"]).await;

    // Another duo's mentee has the key `shared`; so does the mentor record of our mentor.
    let key = "shared";
    db.query(
        "CREATE type::record('mentee', $id) CONTENT {
             first_name: 'Clash', last_name: 'Mentee', office: 'antwerp', languages: ['fr'],
             sectors: ['F'], state: 'waiting', waiting_since: time::now(),
             created_at: time::now(), updated_at: time::now(), version: 1 };
         CREATE type::record('mentor', $id) CONTENT {
             first_name: 'Clash', last_name: 'Mentor', office: 'antwerp', languages: ['fr'],
             sectors: ['F'], state: 'available', capacity: 2, load: 0,
             available_since: time::now(), created_at: time::now(), updated_at: time::now(),
             version: 1 };",
    )
    .bind(("id", key))
    .await
    .unwrap()
    .check()
    .unwrap();
    app::auth::server::create_user(
        &db,
        app::auth::server::NewUser {
            email: "clash@test.example".into(),
            password: common::PASSWORD.into(),
            role: Role::Mentor,
            offices: vec!["antwerp".into()],
            mentor: Some(key.into()),
            display_name: None,
        },
    )
    .await
    .unwrap();
    let (token, _) = app::auth::server::login(
        &app::state::AppState::new(db.clone()),
        "clash@test.example",
        common::PASSWORD,
        "test",
        None,
    )
    .await
    .unwrap();
    let mut stream = open(&router, &token, None).await;
    assert_eq!(next_of(&mut stream, "hello").await["type"], "hello");

    // A duo of another mentor with the mentee `mentee:shared`, then one of our mentor's.
    let other_mentor = common::mentor(&db, &coordinator, "antwerp", 1).await;
    let other = app::duos::server::create_duo(&state, &coordinator, key, &other_mentor.id)
        .await
        .unwrap();
    propose(&state, &coordinator, &other.id).await;
    let mentee = common::mentee(&db, &coordinator, "antwerp").await;
    let own = app::duos::server::create_duo(&state, &coordinator, &mentee.id, key)
        .await
        .unwrap();
    propose(&state, &coordinator, &own.id).await;

    let (_, first) = stream
        .next(Duration::from_secs(5))
        .await
        .expect("the mentor's own duo");
    assert_eq!(first["type"], "duo.transition");
    assert_ne!(
        first["ids"][0],
        format!("duo:{}", other.id),
        "another duo reached the mentor through a colliding key"
    );
    assert_eq!(
        first["ids"],
        json!([
            format!("duo:{}", own.id),
            format!("mentee:{}", mentee.id),
            format!("mentor:{key}")
        ])
    );
}

/// A server on an embedded database is the only one that can hold it: it polls no change feed
/// (one on a SurrealDB server follows it; see `cluster.rs`).
#[test]
fn a_server_on_an_embedded_database_polls_no_change_feed() {
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    let mut serve = common::duo_binary()
        .args([
            "serve",
            "--db",
            &format!("surrealkv://{}", dir.path().join("db").display()),
            "--addr",
            &format!("127.0.0.1:{port}"),
        ])
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    common::wait_healthy(&format!("http://127.0.0.1:{port}/healthz"));
    serve.kill().unwrap();
    let out = serve.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("the change feed is not polled"), "{said}");
}

/// The matching meeting proposes a draft (what makes a duo its mentor's business).
async fn propose(state: &app::state::AppState, who: &app::auth::server::Principal, duo: &str) {
    let request = app::domain::lifecycle::TransitionRequest {
        to: "proposed".into(),
        ..Default::default()
    };
    app::duos::life::transition(state, who, duo, &request)
        .await
        .unwrap();
}

/// Other tables keep change feeds too (what the figures read), and SurrealDB counts a page's
/// limit over the whole database's feed: more than a page of writes that leave no outbox row
/// (a tool, a bulk update) must not hide the changes that follow from another instance.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_other_writes_does_not_hide_later_changes_from_another_instance() {
    use app::model::Role;
    use app::state::AppState;
    let db = server::schema::connect("mem://").await.unwrap();
    let (a, b) = (AppState::new(db.clone()), AppState::new(db.clone()));
    let who = common::caller(&db, Role::Coordinator, &["liege"]).await;
    let mentor = app::people::server::create_mentor(
        &a,
        &who,
        &common::person("liege", "Quiet", "available"),
    )
    .await
    .unwrap();
    tokio::spawn(app::live::feed::follow(db.clone(), b.events.clone()));
    tokio::time::sleep(Duration::from_millis(150)).await;
    let mut on_b = b.events.subscribe();
    // 1,100 transactions with no outbox row: more than a page of the feed.
    for n in 0..1100 {
        db.query("UPDATE type::record('mentor', $id) SET note = $note")
            .bind(("id", mentor.id.clone()))
            .bind(("note", format!("bulk {n}")))
            .await
            .unwrap()
            .check()
            .unwrap();
    }
    let mentee =
        app::people::server::create_mentee(&a, &who, &common::person("liege", "After", "waiting"))
            .await
            .unwrap();
    let heard = tokio::time::timeout(Duration::from_secs(5), on_b.recv())
        .await
        .expect("instance b hears the change after the bulk writes")
        .unwrap();
    assert_eq!(heard.ids, vec![format!("mentee:{}", mentee.id)]);
}
