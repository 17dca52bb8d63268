//! Drafts and the weekly matching meeting: a drag makes a draft that only the office's
//! coordinators see; the meeting proposes or drops each with a minute; the mentor learns of a
//! duo once it is proposed and gets the mentee's contact details once the introduction is set.
use crate::common::router::{
    app, call, create, draft_duo, mentor_account, state_of, step, today, token,
};
use crate::common::{self, count};
use app::auth::server::principal_for_token;
use app::db::Db;
use app::model::Role;
use app::state::AppState;
use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;

/// The mentor's own page, as their phone loads it.
async fn mentors_page(db: &Db, token: &str) -> Option<app::mentor::MyDuo> {
    let who = principal_for_token(db, token).await.unwrap().unwrap();
    app::mentor::server::my_duo(db, &who).await.unwrap()
}

async fn meeting(app: &Router, token: &str, office: &str, body: Value) -> (StatusCode, Value) {
    call(
        app,
        "POST",
        &format!("/api/v1/offices/{office}/meeting"),
        Some(token),
        "en",
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_draft_is_invisible_to_its_mentor_until_proposed_and_contact_waits_for_the_introduction()
{
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let mentee = create(
        &app,
        &coord,
        "mentees",
        json!({"first_name": "Nadia", "last_name": "Haddad", "office": "liege", "languages": ["fr"],
            "sectors": ["F"], "state": "waiting", "email": "nadia@mail.example", "phone": "+32 470 12 34 56"}),
    )
    .await;
    let mentor = create(
        &app,
        &coord,
        "mentors",
        json!({"first_name": "Luc", "last_name": "Renard", "office": "liege", "languages": ["fr"],
            "sectors": ["F"], "state": "available"}),
    )
    .await;
    let (mentee, mentor) = (
        mentee["id"].as_str().unwrap(),
        mentor["id"].as_str().unwrap(),
    );
    let mentor_token = mentor_account(&app, &db, mentor, "luc@test.example").await;
    let (status, duo) = call(
        &app,
        "POST",
        "/api/v1/duos",
        Some(&coord),
        "en",
        Some(json!({"mentee": mentee, "mentor": mentor})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{duo}");
    assert_eq!(duo["state"], "draft");
    let duo = duo["id"].as_str().unwrap().to_string();

    // The draft holds both people.
    assert_eq!(state_of(&app, &coord, "mentees", mentee).await, "proposed");
    let (_, mentor_now) = call(
        &app,
        "GET",
        &format!("/api/v1/mentors/{mentor}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(mentor_now["load"], 1);

    // The mentor: no duo on their phone, and the draft's API answers as for anyone else's duo.
    assert!(
        mentors_page(&db, &mentor_token).await.is_none(),
        "no draft on the mentor's page"
    );
    for uri in [
        format!("/api/v1/duos/{duo}"),
        format!("/api/v1/duos/{duo}/timeline"),
        format!("/api/v1/duos/{duo}/meetings"),
        format!("/api/v1/duos/{duo}/goals"),
    ] {
        let (status, body) = call(&app, "GET", &uri, Some(&mentor_token), "en", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}: {body}");
        assert!(!body.to_string().contains("Nadia"), "{uri}: {body}");
    }
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/duos/{duo}/meetings"),
        Some(&mentor_token),
        "en",
        Some(json!({"date": today(0), "minutes": 30, "mode": "phone"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "no meeting logged on a draft"
    );

    // Proposed: the mentor sees the duo and the mentee's first name, not yet how to reach her.
    let (status, body) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "proposed", "note": "Both in logistics"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = mentors_page(&db, &mentor_token)
        .await
        .expect("the proposed duo");
    assert_eq!(page.mentee.first_name, "Nadia");
    assert_eq!((page.mentee.email, page.mentee.phone), (None, None));
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo}"),
        Some(&mentor_token),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // The introduction is scheduled: now the mentor can call and write.
    let (status, body) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "intro_scheduled", "date": today(2), "place": "online"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page = mentors_page(&db, &mentor_token).await.unwrap();
    assert_eq!(page.mentee.email.as_deref(), Some("nadia@mail.example"));
    assert_eq!(
        page.mentee.phone.as_deref(),
        Some("+32470123456"),
        "as stored, normalised"
    );
    // Each read of personal data is audited with what was shown.
    assert_eq!(
        count(&db, "RETURN count(SELECT * FROM audit WHERE record = $r AND role = 'mentor' AND 'phone' IN fields)",
            ("r", format!("mentee:{mentee}"))).await,
        1,
        "only the read after the introduction was scheduled showed the phone"
    );
}

#[tokio::test]
async fn thirty_coordinators_racing_for_one_mentee_make_exactly_one_draft() {
    const RACERS: usize = 30;
    let (db, _dir) = common::database("mem").await;
    let admin = common::caller(&db, Role::Admin, &[]).await;
    let mentee = common::mentee(&db, &admin, "liege").await;
    let mut racers = Vec::new();
    for _ in 0..RACERS {
        let who = common::caller(&db, Role::Coordinator, &["liege"]).await;
        let mentor = common::mentor(&db, &admin, "liege", 1).await;
        racers.push((Arc::new(who), mentor.id));
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (who, mentor) in racers {
        let (db, mentee) = (db.clone(), mentee.id.clone());
        tasks.spawn(async move {
            app::duos::server::create_duo(&AppState::new(db), &who, &mentee, &mentor).await
        });
    }
    let results = tasks.join_all().await;
    let won: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(won.len(), 1, "{results:?}");
    assert_eq!(won[0].state, app::domain::states::DuoState::Draft);
    for lost in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(
            lost.conflict_reason(),
            Some(app::error::Conflict::MenteeNotWaiting),
            "a loser is told the mentee was taken: {lost:?}"
        );
    }
    let sql = "RETURN count(SELECT * FROM duo WHERE mentee = type::record('mentee', $id))";
    assert_eq!(count(&db, sql, ("id", mentee.id.clone())).await, 1);
    let sql = "RETURN math::sum(SELECT VALUE load FROM mentor WHERE office = $office)";
    assert_eq!(
        count(&db, sql, ("office", "liege".to_string())).await,
        1,
        "one place taken in all"
    );
}

#[tokio::test]
async fn the_meeting_proposes_two_drafts_and_drops_one_with_its_minutes() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (a, _, _) = draft_duo(&app, &coord, "Alpha").await;
    let (b, _, _) = draft_duo(&app, &coord, "Beta").await;
    let (c, c_mentee, c_mentor) = draft_duo(&app, &coord, "Gamma").await;

    // The agenda: the three drafts, oldest first, each scored with its reasons.
    let (status, agenda) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/meeting",
        Some(&coord),
        "fr",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{agenda}");
    let ids: Vec<&str> = agenda["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["duo"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [a.as_str(), b.as_str(), c.as_str()]);
    let first = &agenda["drafts"][0];
    assert!(first["score"].as_u64().unwrap() > 0, "{first}");
    assert_eq!(first["mentee_name"], "Samira Alpha");
    assert_eq!(first["drafted_by"], "coord");
    let sector = first["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "sector")
        .unwrap();
    assert!(
        sector["label"].as_str().unwrap().contains("ecteur"),
        "in French: {sector}"
    );

    // A list with one bad item changes nothing.
    let (status, body) = meeting(
        &app,
        &coord,
        "liege",
        json!({"decisions": [
            {"duo": a, "decision": "propose"},
            {"duo": b, "decision": "maybe"},
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = meeting(
        &app,
        &coord,
        "liege",
        json!({"decisions": [
            {"duo": a, "decision": "propose"},
            {"duo": c, "decision": "drop", "minute": "x".repeat(501)},
        ]}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("minute"))
    );
    assert_eq!(
        state_of(&app, &coord, "duos", &a).await,
        "draft",
        "nothing applied"
    );

    // Another office's coordinator may not decide for Liège.
    let ghent = token(&app, "ghent@test.example").await;
    let (status, _) = meeting(
        &app,
        &ghent,
        "liege",
        json!({"decisions": [{"duo": a, "decision": "propose"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Propose all: two proposed, one dropped, in one request.
    let (status, body) = meeting(
        &app,
        &coord,
        "liege",
        json!({"decisions": [
            {"duo": a, "decision": "propose", "minute": "Both in logistics, both in Herstal."},
            {"duo": b, "decision": "propose"},
            {"duo": c, "decision": "drop", "minute": "Mentor abroad until March."},
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let outcomes = body["outcomes"].as_array().unwrap();
    assert_eq!(
        outcomes
            .iter()
            .map(|o| (o["state"].clone(), o["error"].clone()))
            .collect::<Vec<_>>(),
        [
            (json!("proposed"), Value::Null),
            (json!("proposed"), Value::Null),
            (Value::Null, Value::Null),
        ]
    );
    assert_eq!(state_of(&app, &coord, "duos", &a).await, "proposed");
    assert_eq!(state_of(&app, &coord, "duos", &b).await, "proposed");
    // The dropped draft frees both people.
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{c}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        state_of(&app, &coord, "mentees", &c_mentee).await,
        "waiting"
    );
    let (_, mentor) = call(
        &app,
        "GET",
        &format!("/api/v1/mentors/{c_mentor}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(
        (mentor["state"].as_str(), mentor["load"].as_u64()),
        (Some("available"), Some(0))
    );

    // The minute is on the proposed duo's timeline.
    let (_, timeline) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{a}/timeline"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    let proposed = timeline
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to_state"] == "proposed")
        .unwrap();
    assert_eq!(proposed["note"], "Both in logistics, both in Herstal.");

    // A list naming a duo that is gone is refused whole; deciding again about a duo no longer a
    // draft is told so in its item.
    let (status, body) = meeting(
        &app,
        &coord,
        "liege",
        json!({"decisions": [
            {"duo": a, "decision": "drop"},
            {"duo": c, "decision": "propose"},
        ]}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("duo")),
        "{body}"
    );
    let (status, body) = meeting(
        &app,
        &coord,
        "liege",
        json!({"decisions": [{"duo": a, "decision": "drop"}, {"duo": b, "decision": "propose"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["outcomes"][0]["error"]["code"], "transition");
    assert_eq!(body["outcomes"][1]["error"]["code"], "transition");
    assert_eq!(
        state_of(&app, &coord, "duos", &a).await,
        "proposed",
        "a proposed duo is not dropped here"
    );
    let (_, agenda) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/meeting",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(agenda["drafts"], json!([]));
}

#[tokio::test]
async fn a_draft_of_another_office_is_not_on_this_meetings_agenda() {
    let (app, db) = app().await;
    let admin = crate::common::router::admin_token(&app, &db).await;
    let (liege_draft, _, _) = draft_duo(&app, &admin, "Elsewhere").await;
    // Named at Ghent's meeting: the list is refused and the draft stays a draft.
    let (status, body) = meeting(
        &app,
        &admin,
        "ghent",
        json!({"decisions": [{"duo": liege_draft, "decision": "propose"}]}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("duo")),
        "{body}"
    );
    assert_eq!(state_of(&app, &admin, "duos", &liege_draft).await, "draft");
    let (status, body) = meeting(&app, &admin, "ghent", json!({"decisions": []})).await;
    assert_eq!(
        (status, body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("decisions"))
    );
    let (status, _) = meeting(
        &app,
        &admin,
        "atlantis",
        json!({"decisions": [{"duo": "x", "decision": "drop"}]}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Field names are translated.
    let (_, body) = call(
        &app,
        "POST",
        "/api/v1/offices/liege/meeting",
        Some(&admin),
        "fr",
        Some(json!({"decisions": []})),
    )
    .await;
    assert!(
        !body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("decisions"),
        "{body}"
    );
}

#[tokio::test]
async fn the_meetings_minutes_stay_with_the_coordinators_and_the_mentees_history() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (kept, _, mentor) = draft_duo(&app, &coord, "Kept").await;
    let (dropped, dropped_mentee, _) = draft_duo(&app, &coord, "Dropped").await;
    let mentor_token = mentor_account(&app, &db, &mentor, "kept@test.example").await;
    let (status, body) = meeting(
        &app,
        &coord,
        "liege",
        json!({"decisions": [
            {"duo": kept, "decision": "propose", "minute": "Mentee anxious about interviews."},
            {"duo": dropped, "decision": "drop", "minute": "Mentee moving to Namur in spring."},
        ]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The mentor sees the step, not the minute; the coordinator sees both.
    let (_, seen) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{kept}/timeline"),
        Some(&mentor_token),
        "en",
        None,
    )
    .await;
    assert!(
        seen.as_array()
            .unwrap()
            .iter()
            .any(|e| e["to_state"] == "proposed"),
        "{seen}"
    );
    assert!(!seen.to_string().contains("anxious"), "{seen}");
    let (_, full) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{kept}/timeline"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(full.to_string().contains("anxious"), "{full}");
    // The dropped draft's minute is on the mentee's own history: in their export, and gone
    // with their erasure.
    let (status, export) = call(
        &app,
        "GET",
        &format!("/api/v1/people/mentee:{dropped_mentee}/export"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{export}");
    assert!(export.to_string().contains("moving to Namur"), "{export}");
    assert_eq!(
        count(
            &db,
            "RETURN count(SELECT * FROM duo_event WHERE note CONTAINS 'Namur')",
            ("x", String::new())
        )
        .await,
        0,
        "no free text left on the events of a duo that is gone"
    );
}

/// A mentor whose duo closed is asked what next; a coordinator has meanwhile drafted a new duo
/// for them. Nothing the mentor does or reads tells them of the draft, and a pause drops it.
#[tokio::test]
async fn a_mentors_answer_after_a_duo_never_reveals_a_draft() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (duo, _, mentor) = crate::common::router::proposed_duo(&app, &coord, "Closed").await;
    for body in [
        json!({"to": "intro_scheduled", "date": today(0), "place": "online"}),
        json!({"to": "intro_held"}),
        json!({"to": "agreed", "date": today(0)}),
        json!({"to": "active"}),
        json!({"to": "completed"}),
    ] {
        let (status, answer) = step(&app, &coord, &duo, body).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    let mentor_token = mentor_account(&app, &db, &mentor, "after@test.example").await;
    let who = principal_for_token(&db, &mentor_token)
        .await
        .unwrap()
        .unwrap();
    let question = app::mentor::comeback::question(&db, &who)
        .await
        .unwrap()
        .expect("asked");
    assert_eq!(question.duo, duo);

    // A new draft for the same mentor.
    let mentee = create(
        &app,
        &coord,
        "mentees",
        json!({"first_name": "Yara", "last_name": "Next",
        "office": "liege", "languages": ["fr"], "sectors": ["F"], "state": "waiting"}),
    )
    .await;
    let mentee = mentee["id"].as_str().unwrap();
    let (status, draft) = call(
        &app,
        "POST",
        "/api/v1/duos",
        Some(&coord),
        "en",
        Some(json!({"mentee": mentee, "mentor": mentor})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{draft}");
    let draft = draft["id"].as_str().unwrap().to_string();

    // The mentor pauses: accepted as if there were no draft, and the draft is dropped.
    let state = AppState::new(db.clone());
    let pause = app::domain::comeback::NextAnswer {
        next: app::domain::comeback::NextStep::Pause,
        until: Some(today(30)),
        rating: None,
        comment: Some("Un beau parcours".into()),
    };
    // The closing evaluation is part of the answer: without a rating nothing is recorded.
    assert_eq!(
        app::mentor::comeback::answer(&state, &who, &duo, &pause).await,
        Err(app::error::AppError::invalid(
            "rating",
            app::error::Invalid::Required
        ))
    );
    assert!(app::mentor::comeback::question(&db, &who)
        .await
        .unwrap()
        .is_some());
    let pause = app::domain::comeback::NextAnswer {
        rating: Some(4),
        ..pause
    };
    app::mentor::comeback::answer(&state, &who, &duo, &pause)
        .await
        .unwrap();
    let evaluation = app::mentor::comeback::evaluation_of(&db, &duo)
        .await
        .unwrap()
        .expect("the mentor's evaluation is kept");
    assert_eq!(
        (evaluation.rating, evaluation.comment.as_deref()),
        (4, Some("Un beau parcours"))
    );
    // And counts among the mentors satisfied with their duo.
    let (_, m) = call(&app, "GET", "/api/v1/metrics", Some(&coord), "en", None).await;
    assert_eq!(
        m["total"]["satisfaction"]["mentors_satisfied"],
        json!({"n": 1, "of": 1, "percent": 100.0}),
        "{m}"
    );
    let (_, after) = call(
        &app,
        "GET",
        &format!("/api/v1/mentors/{mentor}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(
        (after["state"].as_str(), after["load"].as_u64()),
        (Some("paused"), Some(0)),
        "{after}"
    );
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{draft}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "the draft was dropped");
    assert_eq!(state_of(&app, &coord, "mentees", mentee).await, "waiting");
    // Asked once.
    assert!(app::mentor::comeback::question(&db, &who)
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        app::mentor::comeback::answer(&state, &who, &duo, &pause).await,
        Err(app::error::AppError::conflict(
            app::error::Conflict::Answered
        ))
    );
    // The answer is on the duo's timeline; the pause ends by itself on its day.
    let (_, timeline) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo}/timeline"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(
        timeline
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "mentor_next" && e["reason"] == "pause"),
        "{timeline}"
    );
    assert_eq!(
        app::mentor::comeback::wake_paused(&state).await.unwrap(),
        0,
        "not yet"
    );
    db.query("UPDATE type::record('mentor', $id) SET paused_until = $day")
        .bind(("id", mentor.clone()))
        .bind(("day", today(0)))
        .await
        .unwrap();
    assert_eq!(app::mentor::comeback::wake_paused(&state).await.unwrap(), 1);
    assert_eq!(
        state_of(&app, &coord, "mentors", &mentor).await,
        "available"
    );
}
