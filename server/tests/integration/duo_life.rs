//! A duo's life through the JSON API: every step with its effects on the mentee and the mentor,
//! the timeline, meetings (idempotent, also under concurrency) and who may see or do what.
use crate::common;

use axum::http::StatusCode;
use common::router::{app, call, mentor_account, proposed_duo, state_of, step, today, token};
use serde_json::{json, Value};

#[tokio::test]
async fn a_duo_lives_from_introduction_to_its_end_and_people_follow() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (duo, mentee, mentor) = proposed_duo(&app, &coord, "Path").await;

    // The introduction needs its date; then it is held, agreed and the duo starts.
    let (status, body) = step(&app, &coord, &duo, json!({"to": "intro_scheduled"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "date");
    let (status, d) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "intro_scheduled", "date": today(3), "place": "online"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["state"], "intro_scheduled");
    assert_eq!(d["intro_on"], today(3));
    assert_eq!(d["intro_place"], "online");
    assert_eq!(
        step(&app, &coord, &duo, json!({"to": "intro_held"}))
            .await
            .0,
        StatusCode::OK
    );
    let (_, d) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "agreed", "date": today(0)}),
    )
    .await;
    assert_eq!(d["agreed_on"], today(0));
    assert_eq!(state_of(&app, &coord, "mentees", &mentee).await, "proposed");
    let (_, d) = step(&app, &coord, &duo, json!({"to": "active"})).await;
    assert_eq!(d["state"], "active");
    assert_eq!(d["started_on"], today(0));
    assert_eq!(state_of(&app, &coord, "mentees", &mentee).await, "in_duo");
    assert_eq!(state_of(&app, &coord, "mentors", &mentor).await, "in_duo");

    // An illegal step is refused with a clear, translated error, and changes nothing.
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/v1/duos/{duo}/transitions"),
        Some(&coord),
        "fr",
        Some(json!({"to": "intro_held"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "transition");
    assert_eq!(
        body["error"]["message"],
        "Cette étape n’est pas possible à ce stade."
    );
    let (status, body) = step(&app, &coord, &duo, json!({"to": "dancing"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "to");
    assert_eq!(state_of(&app, &coord, "duos", &duo).await, "active");

    // A pause, back, then an early end needs its reason from the list.
    assert_eq!(
        step(&app, &coord, &duo, json!({"to": "on_hold"})).await.0,
        StatusCode::OK
    );
    assert_eq!(state_of(&app, &coord, "mentees", &mentee).await, "on_hold");
    assert_eq!(
        step(&app, &coord, &duo, json!({"to": "active"})).await.0,
        StatusCode::OK
    );
    let (status, body) = step(&app, &coord, &duo, json!({"to": "ended_early"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "reason");
    let (status, d) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "ended_early", "reason": "found_job",
        "note": "Hired as a site assistant"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["end_reason"], "found_job");
    assert_eq!(d["closed_as"], "ended_early");
    assert_eq!(
        state_of(&app, &coord, "mentees", &mentee).await,
        "duo_ended"
    );
    let (_, m) = call(
        &app,
        "GET",
        &format!("/api/v1/mentors/{mentor}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(
        (m["state"].as_str(), m["load"].as_i64()),
        (Some("available"), Some(0))
    );

    // A coordinator may reopen it; then it completes and is archived.
    let (status, d) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "active", "note": "Reopened: new contract fell through"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["closed_as"], Value::Null);
    assert_eq!(state_of(&app, &coord, "mentors", &mentor).await, "in_duo");
    assert_eq!(
        step(&app, &coord, &duo, json!({"to": "completed"})).await.0,
        StatusCode::OK
    );
    assert_eq!(
        step(&app, &coord, &duo, json!({"to": "archived"})).await.0,
        StatusCode::OK
    );

    // The timeline tells it all, in order, with who, when, from, to and why.
    let (status, timeline) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo}/timeline"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{timeline}");
    let steps: Vec<(Value, Value)> = timeline
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] != "meeting")
        .map(|e| (e["from_state"].clone(), e["to_state"].clone()))
        .collect();
    let expected = [
        (Value::Null, json!("draft")),
        (json!("draft"), json!("proposed")),
        (json!("proposed"), json!("intro_scheduled")),
        (json!("intro_scheduled"), json!("intro_held")),
        (json!("intro_held"), json!("agreed")),
        (json!("agreed"), json!("active")),
        (json!("active"), json!("on_hold")),
        (json!("on_hold"), json!("active")),
        (json!("active"), json!("ended_early")),
        (json!("ended_early"), json!("active")),
        (json!("active"), json!("completed")),
        (json!("completed"), json!("archived")),
    ];
    assert_eq!(steps, expected, "{timeline}");
    let scheduled = timeline
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to_state"] == "intro_scheduled")
        .unwrap();
    assert_eq!(scheduled["scheduled_for"], today(3));
    assert_eq!(
        scheduled["date"],
        today(0),
        "listed on the day it was recorded"
    );
    let early = timeline
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to_state"] == "ended_early")
        .unwrap();
    assert_eq!(early["reason"], "found_job");
    assert_eq!(early["note"], "Hired as a site assistant");
    assert!(early["actor"].is_string(), "who did it: {early}");
}

#[tokio::test]
async fn a_declined_introduction_puts_the_mentee_back_and_the_pair_is_never_proposed_again() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (duo, mentee, mentor) = proposed_duo(&app, &coord, "Declined").await;
    let (status, body) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "declined", "reason": "because"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "reason");
    let (status, d) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "declined", "reason": "no_click", "note": "No common ground"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(state_of(&app, &coord, "mentees", &mentee).await, "waiting");
    assert_eq!(
        state_of(&app, &coord, "mentors", &mentor).await,
        "available"
    );
    let (_, list) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{mentee}/suggestions"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|s| s["mentor"] != mentor.as_str()),
        "{list}"
    );
}

#[tokio::test]
async fn meetings_are_logged_once_per_key_even_when_retried_at_once() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (duo, _, mentor) = proposed_duo(&app, &coord, "Meet").await;
    let uri = format!("/api/v1/duos/{duo}/meetings");
    let meeting = json!({"date": today(0), "minutes": 90, "mode": "in_person", "topics": ["cv"]});

    // Not before the duo has started.
    let (status, body) = call(
        &app,
        "POST",
        &uri,
        Some(&coord),
        "en",
        Some(meeting.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    for to in ["intro_scheduled", "intro_held", "agreed", "active"] {
        let (status, body) = step(&app, &coord, &duo, json!({"to": to, "date": today(0)})).await;
        assert_eq!(status, StatusCode::OK, "{to}: {body}");
    }

    let mentor_token = mentor_account(&app, &db, &mentor, "jean@test.example").await;
    let post = |key: &'static str, body: Value| {
        let app = app.clone();
        let uri = uri.clone();
        let mentor_token = mentor_token.clone();
        async move {
            let req = axum::http::Request::builder()
                .method("POST")
                .uri(&uri)
                .header("authorization", format!("Bearer {mentor_token}"))
                .header("content-type", "application/json")
                .header("idempotency-key", key)
                .body(axum::body::Body::from(body.to_string()))
                .unwrap();
            use http_body_util::BodyExt;
            use tower::ServiceExt;
            let resp = app.oneshot(req).await.unwrap();
            let status = resp.status();
            let bytes = resp.into_body().collect().await.unwrap().to_bytes();
            (status, serde_json::from_slice::<Value>(&bytes).unwrap())
        }
    };
    let (status, first) = post("phone-7f3a-0001", meeting.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let (status, again) = post("phone-7f3a-0001", meeting.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["id"], first["id"]);

    // Eight copies of one offline meeting arriving together make one meeting.
    let racing: Vec<_> = (0..8)
        .map(|_| post("phone-7f3a-0002", meeting.clone()))
        .collect();
    let results = futures::future::join_all(racing).await;
    let created = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "{results:?}");
    assert!(results.iter().all(|(s, _)| s.is_success()), "{results:?}");
    let ids: std::collections::HashSet<_> =
        results.iter().map(|(_, m)| m["id"].to_string()).collect();
    assert_eq!(ids.len(), 1);

    // Bad input: refused with the field, and nothing written.
    for (bad, field) in [
        (
            json!({"date": "tomorrow", "minutes": 60, "mode": "online"}),
            "date",
        ),
        (
            json!({"date": today(0), "minutes": 0, "mode": "online"}),
            "minutes",
        ),
        (
            json!({"date": today(0), "minutes": 60, "mode": "telepathy"}),
            "mode",
        ),
        (
            json!({"date": today(5), "minutes": 60, "mode": "online"}),
            "date",
        ),
    ] {
        let (status, body) = call(&app, "POST", &uri, Some(&coord), "nl", Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["field"], field);
    }
    let (status, body) = call(
        &app,
        "POST",
        &uri,
        Some(&coord),
        "en",
        Some(json!({"minutes": 60})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (_, list) = call(&app, "GET", &uri, Some(&coord), "en", None).await;
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    assert_eq!(list[0]["minutes"], 90);
    assert_eq!(list[0]["topics"], json!(["cv"]));
}

#[tokio::test]
async fn a_mentor_sees_and_logs_only_their_own_duo() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (duo_a, _, mentor_a) = proposed_duo(&app, &coord, "Alpha").await;
    let (duo_b, _, mentor_b) = proposed_duo(&app, &coord, "Beta").await;
    for duo in [&duo_a, &duo_b] {
        for to in ["intro_scheduled", "intro_held", "agreed", "active"] {
            assert_eq!(
                step(&app, &coord, duo, json!({"to": to, "date": today(0)}))
                    .await
                    .0,
                StatusCode::OK
            );
        }
    }
    let a = mentor_account(&app, &db, &mentor_a, "alpha@test.example").await;
    let _b = mentor_account(&app, &db, &mentor_b, "beta@test.example").await;
    let meeting = json!({"date": today(0), "minutes": 60, "mode": "phone"});

    assert_eq!(
        call(
            &app,
            "GET",
            &format!("/api/v1/duos/{duo_a}"),
            Some(&a),
            "en",
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        call(
            &app,
            "GET",
            &format!("/api/v1/duos/{duo_a}/timeline"),
            Some(&a),
            "en",
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        call(
            &app,
            "POST",
            &format!("/api/v1/duos/{duo_a}/meetings"),
            Some(&a),
            "en",
            Some(meeting.clone())
        )
        .await
        .0,
        StatusCode::CREATED
    );
    for (method, path, body) in [
        ("GET", format!("/api/v1/duos/{duo_b}"), None),
        ("GET", format!("/api/v1/duos/{duo_b}/meetings"), None),
        ("GET", format!("/api/v1/duos/{duo_b}/timeline"), None),
        (
            "POST",
            format!("/api/v1/duos/{duo_b}/meetings"),
            Some(meeting.clone()),
        ),
        // A mentor logs meetings but does not move duos along, even their own.
        (
            "POST",
            format!("/api/v1/duos/{duo_a}/transitions"),
            Some(json!({"to": "on_hold"})),
        ),
        ("GET", "/api/v1/duos".to_string(), None),
    ] {
        let (status, body) = call(&app, method, &path, Some(&a), "en", body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {path}: {body}");
    }
    let (_, list) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo_b}/meetings"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(
        list.as_array().unwrap().len(),
        0,
        "mentor A wrote nothing into B's duo"
    );

    // Other offices and headquarters do not see duos.
    let ghent = token(&app, "ghent@test.example").await;
    let hq = token(&app, "hq@test.example").await;
    for t in [&ghent, &hq] {
        assert_eq!(
            call(
                &app,
                "GET",
                &format!("/api/v1/duos/{duo_a}/meetings"),
                Some(t),
                "en",
                None
            )
            .await
            .0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            step(&app, t, &duo_a, json!({"to": "on_hold"})).await.0,
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn goals_check_ins_outcomes_and_the_alert_list() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (duo, _, mentor) = proposed_duo(&app, &coord, "Follow").await;

    // Not started: no outcome yet; an introduction not scheduled for weeks shows as an alert.
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/duos/{duo}/outcomes"),
        Some(&coord),
        "en",
        Some(json!({"moment": "end", "situation": "job", "stable": true, "date": today(0)})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    // Counted from the day the matching meeting proposed it.
    db.query(
        "UPDATE type::record('duo', $id) SET created_at = time::now() - 25d, proposed_on = $day",
    )
    .bind(("day", today(-20)))
    .bind(("id", duo.clone()))
    .await
    .unwrap()
    .check()
    .unwrap();
    let (status, list) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/alerts",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let mine: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["duo"] == duo.as_str())
        .collect();
    assert_eq!(mine.len(), 1, "{list}");
    assert_eq!(mine[0]["alert"]["kind"], "intro_not_scheduled");
    assert_eq!(mine[0]["mentee_name"], "Samira Follow");

    // It starts: three check-ins are planned, at 1, 3 and 6 months.
    for to in ["intro_scheduled", "intro_held", "agreed", "active"] {
        assert_eq!(
            step(&app, &coord, &duo, json!({"to": to, "date": today(-30)}))
                .await
                .0,
            StatusCode::OK,
            "{to}"
        );
    }
    let (_, checkins) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo}/checkins"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    let checkins = checkins.as_array().unwrap().clone();
    assert_eq!(checkins.len(), 3, "{checkins:?}");
    let started = app::clock::today() - chrono::Duration::days(30);
    let expected: Vec<String> = app::domain::followup::checkin_schedule(started)
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    let due: Vec<&str> = checkins
        .iter()
        .map(|c| c["due_on"].as_str().unwrap())
        .collect();
    assert_eq!(due, expected);
    // Started 30 days ago without a meeting: quiet, and the first check-in (1 month) is due.
    let (_, list) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/alerts",
        Some(&coord),
        "en",
        None,
    )
    .await;
    let kinds: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["duo"] == duo.as_str())
        .map(|a| a["alert"]["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"quiet"), "{list}");

    // The check-in: moved, then recorded; bad input changes nothing.
    let first = checkins[0]["id"].as_str().unwrap().to_string();
    let (status, moved) = call(
        &app,
        "PUT",
        &format!("/api/v1/checkins/{first}"),
        Some(&coord),
        "en",
        Some(json!({"due_on": today(-2)})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["due_on"], today(-2));
    let (_, list) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/alerts",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|a| a["duo"] == duo.as_str() && a["alert"]["kind"] == "checkin_overdue"),
        "{list}"
    );
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/v1/checkins/{first}/report"),
        Some(&coord),
        "en",
        Some(json!({"date": today(0), "mood": "ecstatic"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, done) = call(
        &app,
        "POST",
        &format!("/api/v1/checkins/{first}/report"),
        Some(&coord),
        "en",
        Some(json!({"date": today(0), "mood": "going_well", "note": "CV sent to three firms"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["done_on"], today(0));

    // A meeting today: no longer quiet, no overdue check-in.
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/duos/{duo}/meetings"),
        Some(&coord),
        "en",
        Some(json!({"date": today(0), "minutes": 60, "mode": "online"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, list) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/alerts",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|a| a["duo"] != duo.as_str()),
        "{list}"
    );

    // The action plan: the mentor adds a goal and checks off a step; the coordinator sees it.
    let mentor_token = mentor_account(&app, &db, &mentor, "follow@test.example").await;
    let (status, goal) = call(&app, "POST", &format!("/api/v1/duos/{duo}/goals"), Some(&mentor_token), "en",
        Some(json!({"title": "Find a job in construction", "steps": ["Update the CV", "Visit two sites"]}))).await;
    assert_eq!(status, StatusCode::CREATED, "{goal}");
    let gid = goal["id"].as_str().unwrap();
    let (status, goal) = call(
        &app,
        "PUT",
        &format!("/api/v1/goals/{gid}/steps/0"),
        Some(&mentor_token),
        "en",
        Some(json!({"done": true})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{goal}");
    assert_eq!(goal["steps"][0]["done"], true);
    assert_eq!(goal["steps"][0]["done_on"], today(0));
    let (status, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/goals/{gid}/steps/9"),
        Some(&coord),
        "en",
        Some(json!({"done": true})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, goals) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo}/goals"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(goals[0]["steps"][1]["done"], false);
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/v1/duos/{duo}/goals"),
        Some(&coord),
        "en",
        Some(json!({"title": "  "})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // Check-ins and outcomes are the coordinators' own.
    assert_eq!(
        call(
            &app,
            "GET",
            &format!("/api/v1/duos/{duo}/checkins"),
            Some(&mentor_token),
            "en",
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "GET",
            &format!("/api/v1/duos/{duo}/outcomes"),
            Some(&mentor_token),
            "en",
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "GET",
            "/api/v1/offices/liege/alerts",
            Some(&mentor_token),
            "en",
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    // It ends: the end outcome is due, then recorded (a job must say whether it is stable).
    assert_eq!(
        step(
            &app,
            &coord,
            &duo,
            json!({"to": "ended_early", "reason": "found_job"})
        )
        .await
        .0,
        StatusCode::OK
    );
    let (_, list) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/alerts",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|a| a["duo"] == duo.as_str()
                && a["alert"]["kind"] == "outcome_due"
                && a["alert"]["moment"] == "end"),
        "{list}"
    );
    let uri = format!("/api/v1/duos/{duo}/outcomes");
    let (status, body) = call(
        &app,
        "POST",
        &uri,
        Some(&coord),
        "en",
        Some(json!({"moment": "end", "situation": "job", "date": today(0)})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "stable");
    let (status, o) = call(
        &app,
        "POST",
        &uri,
        Some(&coord),
        "en",
        Some(json!({"moment": "end", "situation": "job", "stable": false, "date": today(0)})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{o}");
    // Corrected the same day: still one outcome for that moment.
    let (_, o) = call(
        &app,
        "POST",
        &uri,
        Some(&coord),
        "en",
        Some(json!({"moment": "end", "situation": "job", "stable": true, "date": today(0)})),
    )
    .await;
    assert_eq!(o["stable"], true);
    let (_, all) = call(&app, "GET", &uri, Some(&coord), "en", None).await;
    assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
    let (_, list) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/alerts",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|a| a["duo"] != duo.as_str()),
        "{list}"
    );
}

#[tokio::test]
async fn intervision_sessions_reach_the_offices_mentors() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (_, _, mentor) = proposed_duo(&app, &coord, "Peer").await;
    let uri = "/api/v1/offices/liege/intervisions";
    let (status, body) = call(
        &app,
        "POST",
        uri,
        Some(&coord),
        "en",
        Some(json!({"date": today(-1), "place": "Liège office"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = call(&app, "POST", uri, Some(&coord), "en", Some(json!({"date": today(7), "time": "18:30", "place": "Liège office", "topic": "First weeks"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let mentor_token = mentor_account(&app, &db, &mentor, "peer@test.example").await;
    let (status, list) = call(&app, "GET", uri, Some(&mentor_token), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    assert_eq!(list[0]["time"], "18:30");
    assert_eq!(list[0]["topic"], "First weeks");
    // Not another office's sessions, and mentors do not schedule.
    assert_eq!(
        call(
            &app,
            "GET",
            "/api/v1/offices/ghent/intervisions",
            Some(&mentor_token),
            "en",
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        call(
            &app,
            "POST",
            uri,
            Some(&mentor_token),
            "en",
            Some(json!({"date": today(3), "place": "Café"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let ghent = token(&app, "ghent@test.example").await;
    assert_eq!(
        call(
            &app,
            "POST",
            uri,
            Some(&ghent),
            "en",
            Some(json!({"date": today(3), "place": "Café"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
}
