//! Information sessions and the mentor training through the JSON API: an office's modules set
//! by an administrator, sessions scheduled, people registered and their attendance recorded; a
//! mentor who has attended every module becomes available, even when two modules are recorded
//! at the same moment; bad input and other offices change nothing.
use crate::common;

use axum::http::StatusCode;
use common::router::{admin_token, app, call, create, state_of, today, token};
use serde_json::{json, Value};

async fn put(
    app: &axum::Router,
    tok: &str,
    uri: &str,
    lang: &str,
    body: Value,
) -> (StatusCode, Value) {
    call(app, "PUT", uri, Some(tok), lang, Some(body)).await
}

async fn post(
    app: &axum::Router,
    tok: &str,
    uri: &str,
    lang: &str,
    body: Value,
) -> (StatusCode, Value) {
    call(app, "POST", uri, Some(tok), lang, Some(body)).await
}

async fn get(app: &axum::Router, tok: &str, uri: &str) -> (StatusCode, Value) {
    call(app, "GET", uri, Some(tok), "en", None).await
}

/// Liège's training: three modules, in order; answers their ids.
async fn three_modules(app: &axum::Router, admin: &str) -> Vec<String> {
    let (status, body) = put(
        app,
        admin,
        "/api/v1/offices/liege/modules",
        "en",
        json!({"titles": ["Listening", "The labour market", "Intercultural dialogue"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

async fn session(app: &axum::Router, coord: &str, body: Value) -> String {
    let (status, s) = post(app, coord, "/api/v1/offices/liege/sessions", "en", body).await;
    assert_eq!(status, StatusCode::CREATED, "{s}");
    s["id"].as_str().unwrap().to_string()
}

/// A mentor of Liège, accepted (ready to start the training).
async fn accepted_mentor(app: &axum::Router, coord: &str, name: &str) -> String {
    let m = create(
        app,
        coord,
        "mentors",
        json!({"first_name": name, "last_name": "Trainee", "office": "liege", "languages": ["fr"]}),
    )
    .await;
    let id = m["id"].as_str().unwrap().to_string();
    for to in ["intake_done", "accepted"] {
        let (status, body) = post(
            app,
            coord,
            &format!("/api/v1/mentors/{id}/transitions"),
            "en",
            json!({"to": to}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    id
}

async fn attend(
    app: &axum::Router,
    tok: &str,
    session: &str,
    person: &str,
    present: Value,
) -> (StatusCode, Value) {
    put(
        app,
        tok,
        &format!("/api/v1/sessions/{session}/attendance"),
        "en",
        json!({"person": person, "present": present}),
    )
    .await
}

#[tokio::test]
async fn a_mentor_attends_every_module_and_becomes_available() {
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;
    let coord = token(&app, "coord@test.example").await;
    let modules = three_modules(&app, &admin).await;
    let mentor = accepted_mentor(&app, &coord, "Marc").await;
    let who = format!("mentor:{mentor}");
    let sessions: Vec<String> = {
        let mut v = vec![];
        for (n, m) in modules.iter().enumerate() {
            v.push(
                session(
                    &app,
                    &coord,
                    json!({"kind": "training", "module": m, "date": today(-(10 - n as i64)), "time": "9:30", "place": "Rue Louvrex 1"}),
                )
                .await,
            );
        }
        v
    };
    // Registered first, then present: the first module starts the training.
    let (status, body) = attend(&app, &coord, &sessions[0], &who, Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (
            body["state"].as_str(),
            body["steps"].as_array().unwrap().len()
        ),
        (Some("accepted"), 0)
    );
    let (status, body) = attend(&app, &coord, &sessions[0], &who, json!(true)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["steps"], json!(["in_training"]));
    assert_eq!(
        state_of(&app, &coord, "mentors", &mentor).await,
        "in_training"
    );
    // Absent from the second, present at the third: still in training.
    attend(&app, &coord, &sessions[1], &who, json!(false)).await;
    let (_, body) = attend(&app, &coord, &sessions[2], &who, json!(true)).await;
    assert_eq!(body["state"], "in_training");
    // The second one corrected: every module attended, available.
    let (status, body) = attend(&app, &coord, &sessions[1], &who, json!(true)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["state"].as_str(), body["steps"].clone()),
        (Some("available"), json!(["available"]))
    );
    assert_eq!(
        state_of(&app, &coord, "mentors", &mentor).await,
        "available"
    );

    // The timeline says how, and the audit log who.
    let steps = common::count(
        &db,
        "RETURN count(SELECT VALUE id FROM person_event WHERE person = $p AND kind = 'training')",
        ("p", who.clone()),
    )
    .await;
    assert_eq!(steps, 2);
    // The session lists the mentor as present; the person's page lists the three sessions.
    let (status, detail) = get(&app, &coord, &format!("/api/v1/sessions/{}", sessions[1])).await;
    assert_eq!(status, StatusCode::OK, "{detail}");
    assert_eq!(detail["session"]["registered"], 1);
    assert_eq!(detail["session"]["present"], 1);
    assert_eq!(detail["session"]["module_title"], "The labour market");
    assert_eq!(detail["attendees"][0]["person"], who.as_str());
    assert_eq!(detail["attendees"][0]["present"], true);
    let (status, list) = get(&app, &coord, "/api/v1/offices/liege/sessions").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list.as_array().unwrap().len(), 3);
    // Past sessions, latest first.
    assert_eq!(list[0]["id"], sessions[2].as_str());
    assert_eq!(list[0]["time"], "09:30");

    // The person's page: the three sessions, latest first, and every module done.
    let coordinator = common::caller(&db, app::model::Role::Coordinator, &["liege"]).await;
    let mine = app::sessions::server::of_person(&db, &coordinator, &who)
        .await
        .unwrap();
    let days: Vec<&str> = mine
        .sessions
        .iter()
        .map(|s| s.session.date.as_str())
        .collect();
    assert_eq!(days, vec![today(-8), today(-9), today(-10)]);
    assert!(mine.sessions.iter().all(|s| s.present == Some(true)));
    let training = mine.training.unwrap();
    assert_eq!(training.len(), 3);
    assert!(training.iter().all(|(_, done)| *done));
    assert_eq!(training[0].0, "Listening");
    let ghent = common::caller(&db, app::model::Role::Coordinator, &["ghent"]).await;
    assert_eq!(
        app::sessions::server::of_person(&db, &ghent, &who)
            .await
            .unwrap_err(),
        app::error::AppError::Forbidden
    );
}

#[tokio::test]
async fn two_modules_recorded_at_once_still_complete_the_training() {
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;
    let coord = token(&app, "coord@test.example").await;
    let modules = three_modules(&app, &admin).await;
    for round in 0..5 {
        let mentor = accepted_mentor(&app, &coord, &format!("Racer{round}")).await;
        let who = format!("mentor:{mentor}");
        let mut sessions = vec![];
        for m in &modules {
            sessions.push(
                session(
                    &app,
                    &coord,
                    json!({"kind": "training", "module": m, "date": today(-1), "place": "Here"}),
                )
                .await,
            );
        }
        let (status, _) = attend(&app, &coord, &sessions[0], &who, json!(true)).await;
        assert_eq!(status, StatusCode::OK);
        // The two last modules at the very same moment: one of them sees the other.
        let handles: Vec<_> = sessions[1..]
            .iter()
            .map(|s| {
                let (app, coord, s, who) = (app.clone(), coord.clone(), s.clone(), who.clone());
                tokio::spawn(async move { attend(&app, &coord, &s, &who, json!(true)).await })
            })
            .collect();
        for h in handles {
            let (status, body) = h.await.unwrap();
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        assert_eq!(
            state_of(&app, &coord, "mentors", &mentor).await,
            "available",
            "round {round}"
        );
        let steps = common::count(
            &db,
            "RETURN count(SELECT VALUE id FROM person_event WHERE person = $p AND to_state = 'available')",
            ("p", who.clone()),
        )
        .await;
        assert_eq!(steps, 1, "exactly one step to available");
    }
}

#[tokio::test]
async fn bad_sessions_and_attendance_are_refused_and_change_nothing() {
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;
    let coord = token(&app, "coord@test.example").await;
    let modules = three_modules(&app, &admin).await;
    let refusals = [
        (
            json!({"kind": "party", "date": today(1), "place": "x"}),
            "kind",
        ),
        (
            json!({"kind": "training", "date": today(1), "place": "x"}),
            "module",
        ),
        (
            json!({"kind": "training", "module": "nope", "date": today(1), "place": "x"}),
            "module",
        ),
        (
            json!({"kind": "info", "date": "1/2/2027", "place": "x"}),
            "date",
        ),
        (
            json!({"kind": "info", "date": today(1), "time": "25:99", "place": "x"}),
            "time",
        ),
        (
            json!({"kind": "info", "date": today(1), "place": "  "}),
            "place",
        ),
    ];
    for (body, field) in refusals {
        let (status, answer) = post(
            &app,
            &coord,
            "/api/v1/offices/liege/sessions",
            "fr",
            body.clone(),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body} → {answer}"
        );
        assert!(
            answer["error"]["message"].as_str().unwrap().len() > 5,
            "{answer}"
        );
        assert_eq!(answer["error"]["field"], field, "{answer}");
    }
    assert_eq!(
        common::count(
            &db,
            "RETURN count(SELECT VALUE id FROM office_session)",
            ("x", String::new())
        )
        .await,
        0
    );

    let info = session(
        &app,
        &coord,
        json!({"kind": "info", "date": today(7), "place": "Rue Louvrex 1"}),
    )
    .await;
    let training = session(
        &app,
        &coord,
        json!({"kind": "training", "module": modules[0], "date": today(-1), "place": "Here"}),
    )
    .await;
    let mentee = create(
        &app,
        &coord,
        "mentees",
        json!({"first_name": "Amina", "last_name": "B", "office": "liege"}),
    )
    .await;
    let mentee = format!("mentee:{}", mentee["id"].as_str().unwrap());
    // A mentee registers for an information session ahead, but is not recorded before it.
    let (status, body) = attend(&app, &coord, &info, &mentee, Value::Null).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = attend(&app, &coord, &info, &mentee, json!(true)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("not_held"))
    );
    // Training modules are for mentors.
    let (status, body) = attend(&app, &coord, &training, &mentee, json!(true)).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("training_for_mentors"))
    );
    // A person of another office.
    let ghent = token(&app, "ghent@test.example").await;
    let other = create(
        &app,
        &ghent,
        "mentees",
        json!({"first_name": "Jan", "last_name": "G", "office": "ghent"}),
    )
    .await;
    let other = format!("mentee:{}", other["id"].as_str().unwrap());
    // Someone of another office is "not found", exactly like a key that does not exist.
    let (status, _) = attend(&app, &coord, &info, &other, Value::Null).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = attend(&app, &coord, &info, "mentee:nobody", Value::Null).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = put(
        &app,
        &coord,
        &format!("/api/v1/sessions/{info}/attendance"),
        "en",
        json!({"person": mentee, "came": true}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, detail) = get(&app, &coord, &format!("/api/v1/sessions/{info}")).await;
    assert_eq!(detail["held"], false);
    assert_eq!(detail["attendees"].as_array().unwrap().len(), 1);
    assert_eq!(detail["attendees"][0]["present"], Value::Null);

    // A recorded attendance is corrected, not removed; registering again keeps it.
    let mentor = accepted_mentor(&app, &coord, "Kept").await;
    let kept = format!("mentor:{mentor}");
    attend(&app, &coord, &training, &kept, json!(true)).await;
    let (status, body) = attend(&app, &coord, &training, &kept, Value::Null).await;
    assert_eq!(
        (status, body["present"].clone()),
        (StatusCode::OK, Value::Null),
        "{body}"
    );
    let (_, detail) = get(&app, &coord, &format!("/api/v1/sessions/{training}")).await;
    assert_eq!(detail["attendees"][0]["present"], true, "{detail}");
    assert_eq!(detail["held"], true);
    let (status, body) = call(
        &app,
        "DELETE",
        &format!("/api/v1/sessions/{training}/attendance/{kept}"),
        Some(&coord),
        "nl",
        None,
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::CONFLICT, Some("attendance_recorded")),
        "{body}"
    );
    // The training's first step is dated by the session, not by the day it was recorded.
    let mut resp = db
        .query("SELECT VALUE date FROM person_event WHERE person = $p AND kind = 'training'")
        .bind(("p", kept.clone()))
        .await
        .unwrap();
    let days: Vec<String> = resp.take(0).unwrap();
    assert_eq!(days, vec![today(-1)]);
    // The person's export (art. 15) holds their sessions.
    let (status, export) = get(&app, &admin, &format!("/api/v1/people/{kept}/export")).await;
    assert_eq!(status, StatusCode::OK, "{export}");
    assert_eq!(export["sessions"][0]["present"], true, "{export}");
    assert_eq!(export["sessions"][0]["details"]["kind"], "training");

    // Unregistering; a second time there is nothing to remove.
    let uri = format!("/api/v1/sessions/{info}/attendance/{mentee}");
    let (status, _) = call(&app, "DELETE", &uri, Some(&coord), "en", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = call(&app, "DELETE", &uri, Some(&coord), "en", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Other offices, headquarters: neither sees nor schedules Liège's sessions.
    let hq = token(&app, "hq@test.example").await;
    for tok in [&ghent, &hq] {
        let (status, _) = get(&app, tok, "/api/v1/offices/liege/sessions").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = get(&app, tok, &format!("/api/v1/sessions/{info}")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _) = post(
            &app,
            tok,
            "/api/v1/offices/liege/sessions",
            "en",
            json!({"kind": "info", "date": today(1), "place": "x"}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    // Only administrators set the training.
    let (status, _) = put(
        &app,
        &coord,
        "/api/v1/offices/liege/modules",
        "en",
        json!({"titles": ["Mine"]}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = get(&app, &coord, "/api/v1/offices/nowhere/sessions").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn modules_keep_their_identity_across_edits() {
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;
    let coord = token(&app, "coord@test.example").await;
    let before = three_modules(&app, &admin).await;
    // Reordered, one renamed (a new module), one left out (retired).
    let (status, after) = put(
        &app,
        &admin,
        "/api/v1/offices/liege/modules",
        "en",
        json!({"titles": ["intercultural dialogue", "Listening", "Coaching"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{after}");
    let ids: Vec<&str> = after
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids[0], before[2]);
    assert_eq!(ids[1], before[0]);
    assert!(!before.contains(&ids[2].to_string()));
    assert_eq!(after[0]["title"], "intercultural dialogue");
    assert_eq!(after[0]["position"], 1);
    let (_, listed) = get(&app, &coord, "/api/v1/offices/liege/modules").await;
    assert_eq!(listed, after);
    // A retired module can no longer be scheduled; duplicates and blanks are refused.
    let (status, _) = post(
        &app,
        &coord,
        "/api/v1/offices/liege/sessions",
        "en",
        json!({"kind": "training", "module": before[1], "date": today(3), "place": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for titles in [json!(["A", "a"]), json!(["A", ""])] {
        let (status, _) = put(
            &app,
            &admin,
            "/api/v1/offices/liege/modules",
            "en",
            json!({"titles": titles}),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (_, still) = get(&app, &coord, "/api/v1/offices/liege/modules").await;
    assert_eq!(still, after);
}
