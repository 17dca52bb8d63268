//! The mentee's own voice: a single-use link records one answer, refuses a second use, an
//! expired link and a guessed token alike, shows nothing beyond the first name; the
//! coordinator confirms the answer and only then does it count as the outcome.
use crate::common::router::{app, call, create, step, today, token};
use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};

/// An active duo of Liège whose mentee is "Amal Bensaïd": (duo, coordinator's token).
async fn active_duo(app: &Router) -> (String, String) {
    let coord = token(app, "coord@test.example").await;
    let mentee = create(
        app,
        &coord,
        "mentees",
        json!({"first_name": "Amal", "last_name": "Bensaïd",
        "office": "liege", "languages": ["nl"], "sectors": ["F"], "state": "waiting",
        "email": "amal@mail.example", "phone": "+32 470 00 00 01"}),
    )
    .await;
    let mentor = create(
        app,
        &coord,
        "mentors",
        json!({"first_name": "Luc", "last_name": "Dupont",
        "office": "liege", "languages": ["fr", "nl"], "sectors": ["F"], "state": "available"}),
    )
    .await;
    let duo = create(
        app,
        &coord,
        "duos",
        json!({"mentee": mentee["id"], "mentor": mentor["id"]}),
    )
    .await;
    let duo = duo["id"].as_str().unwrap().to_string();
    for body in [
        json!({"to": "proposed"}),
        json!({"to": "intro_scheduled", "date": today(0), "place": "online"}),
        json!({"to": "intro_held"}),
        json!({"to": "agreed", "date": today(0)}),
        json!({"to": "active"}),
    ] {
        let (status, v) = step(app, &coord, &duo, body).await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
    (duo, coord)
}

async fn link(app: &Router, coord: &str, duo: &str, moment: &str) -> String {
    let (status, v) = call(
        app,
        "POST",
        &format!("/api/v1/duos/{duo}/voice-links"),
        Some(coord),
        "en",
        Some(json!({"moment": moment})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    assert!(
        v["qr_svg"].as_str().unwrap().starts_with("<?xml")
            || v["qr_svg"].as_str().unwrap().contains("<svg"),
        "{v}"
    );
    v["link"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string()
}

async fn ask(app: &Router, token: &str) -> (StatusCode, Value) {
    call(
        app,
        "GET",
        &format!("/api/v1/voice/{token}"),
        None,
        "nl",
        None,
    )
    .await
}

async fn answer(app: &Router, token: &str, body: Value) -> (StatusCode, Value) {
    call(
        app,
        "POST",
        &format!("/api/v1/voice/{token}"),
        None,
        "nl",
        Some(body),
    )
    .await
}

#[tokio::test]
async fn a_link_records_one_answer_shows_only_the_first_name_and_then_stops() {
    let (app, db) = app().await;
    let (duo, coord) = active_duo(&app).await;
    let token = link(&app, &coord, &duo, "6m").await;

    let (status, q) = ask(&app, &token).await;
    assert_eq!(status, StatusCode::OK, "{q}");
    assert_eq!(
        q,
        json!({"first_name": "Amal", "moment": "6m"}),
        "nothing beyond the first name"
    );

    // A wrong answer changes nothing and leaves the link usable.
    let (status, e) = answer(&app, &token, json!({"situation": "job", "in_touch": true})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["field"], "stable", "{e}");
    assert!(!e["error"]["message"].as_str().unwrap().is_empty(), "{e}");
    let (status, e) = answer(
        &app,
        &token,
        json!({"situation": "not_reached", "in_touch": true}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");

    // Two answers sent at once: exactly one is kept.
    let good = json!({"situation": "job", "stable": true, "in_touch": true});
    let (a, b) = tokio::join!(
        answer(&app, &token, good.clone()),
        answer(&app, &token, good.clone())
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::NO_CONTENT, StatusCode::GONE],
        "{a:?} {b:?}"
    );
    assert_eq!(
        crate::common::count(
            &db,
            "RETURN count(SELECT * FROM self_report WHERE duo = $d)",
            ("d", duo.clone())
        )
        .await,
        1
    );
    // Used: the page and a second answer are refused.
    assert_eq!(ask(&app, &token).await.0, StatusCode::GONE);
    assert_eq!(answer(&app, &token, good.clone()).await.0, StatusCode::GONE);
    // A new link for a moment already answered is refused.
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/duos/{duo}/voice-links"),
        Some(&coord),
        "en",
        Some(json!({"moment": "6m"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Guessed and malformed tokens get the same answer as a used one.
    let guess = "ab".repeat(32);
    assert_eq!(ask(&app, &guess).await.0, StatusCode::GONE);
    assert_eq!(answer(&app, &guess, good.clone()).await.0, StatusCode::GONE);
    assert_eq!(ask(&app, "not-a-token").await.0, StatusCode::GONE);

    // Only the hash is stored: the token appears nowhere in the database.
    let mut resp = db.query("SELECT * FROM voice_link").await.unwrap();
    let stored: Vec<Value> = resp.take(0).unwrap();
    assert!(!serde_json::to_string(&stored).unwrap().contains(&token));
}

#[tokio::test]
async fn links_of_one_moment_work_until_one_is_answered_and_an_expired_link_never() {
    let (app, db) = app().await;
    let (duo, coord) = active_duo(&app).await;
    // A QR code shown at the last meeting and the link mailed the same day both open the page.
    let shown = link(&app, &coord, &duo, "end").await;
    let mailed = link(&app, &coord, &duo, "end").await;
    assert_eq!(ask(&app, &shown).await.0, StatusCode::OK);
    assert_eq!(ask(&app, &mailed).await.0, StatusCode::OK);
    let (status, _) = answer(&app, &mailed, json!({"situation": "studies", "rating": 5})).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // Answered through one: the other is closed too, and a second answer is refused.
    assert_eq!(ask(&app, &shown).await.0, StatusCode::GONE);
    let (status, _) = answer(
        &app,
        &shown,
        json!({"situation": "job", "stable": true, "rating": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);

    let later = link(&app, &coord, &duo, "6m").await;
    db.query("UPDATE voice_link SET expires_at = time::now() - 1s")
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(ask(&app, &later).await.0, StatusCode::GONE);
    let (status, _) = answer(
        &app,
        &later,
        json!({"situation": "studies", "in_touch": true}),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(
        crate::common::count(
            &db,
            "RETURN count(SELECT * FROM self_report WHERE duo = $d)",
            ("d", duo)
        )
        .await,
        1
    );
}

#[tokio::test]
async fn the_coordinator_confirms_the_answer_and_only_then_it_is_the_outcome() {
    let (app, db) = app().await;
    let (duo, coord) = active_duo(&app).await;
    let token = link(&app, &coord, &duo, "end").await;
    let (status, _) = answer(
        &app,
        &token,
        json!({"situation": "training", "rating": 4,
        "comment": "  Luc m'a beaucoup aidé  "}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        crate::common::count(
            &db,
            "RETURN count(SELECT * FROM outcome WHERE duo = $d)",
            ("d", duo.clone())
        )
        .await,
        0,
        "not counted before it is confirmed"
    );

    let (status, reports) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo}/self-reports"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reports}");
    let report = &reports[0];
    assert_eq!(
        (report["situation"].as_str(), report["rating"].as_i64()),
        (Some("training"), Some(4))
    );
    assert_eq!(report["comment"], "Luc m'a beaucoup aidé");
    assert!(report["confirmed_by"].is_null());
    // Ghent's coordinator sees nothing of it.
    let ghent = crate::common::router::token(&app, "ghent@test.example").await;
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo}/self-reports"),
        Some(&ghent),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let id = report["id"].as_str().unwrap();
    let (status, confirmed) = call(
        &app,
        "POST",
        &format!("/api/v1/self-reports/{id}/confirm"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{confirmed}");
    assert!(confirmed["confirmed_by"].is_string());
    let (_, recorded) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo}/outcomes"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(recorded[0]["moment"], "end");
    assert_eq!(recorded[0]["situation"], "training");
    assert_eq!(recorded[0]["date"], today(0));
}

#[tokio::test]
async fn erasing_the_mentee_takes_their_sentence_and_their_links_and_the_export_holds_their_answers(
) {
    let (app, db) = app().await;
    let (duo, coord) = active_duo(&app).await;
    let used = link(&app, &coord, &duo, "end").await;
    let (status, _) = answer(
        &app,
        &used,
        json!({"situation": "studies", "rating": 5,
        "comment": "Amal Bensaïd thanks Luc"}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let waiting = link(&app, &coord, &duo, "6m").await;
    // The mentor's closing sentence names the mentee too.
    db.query(
        "UPDATE type::record('duo', $d) SET mentor_rating = 5, mentor_comment = 'Amal did great'",
    )
    .bind(("d", duo.clone()))
    .await
    .unwrap()
    .check()
    .unwrap();
    let mut resp = db
        .query("SELECT VALUE record::id(mentee) FROM type::record('duo', $d)")
        .bind(("d", duo.clone()))
        .await
        .unwrap();
    let mentee: Option<String> = resp.take(0).unwrap();
    let person = format!("mentee:{}", mentee.unwrap());
    let admin = crate::common::router::admin_token(&app, &db).await;
    let (status, export) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{person}/export"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{export}");
    assert_eq!(
        export["self_reports"][0]["comment"],
        "Amal Bensaïd thanks Luc"
    );
    // Each copy holds what its person said, not what the other said of the duo.
    let duo_copy = &export["duos"][0];
    assert!(duo_copy.get("mentor_comment").is_none(), "{duo_copy}");
    assert!(duo_copy.get("mentor_rating").is_none(), "{duo_copy}");
    let mut resp = db
        .query("SELECT VALUE record::id(mentor) FROM type::record('duo', $d)")
        .bind(("d", duo.clone()))
        .await
        .unwrap();
    let mentor: Option<String> = resp.take(0).unwrap();
    let (status, mentor_copy) = call(
        &app,
        "GET",
        &format!("/api/v1/people/mentor:{}/export", mentor.unwrap()),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{mentor_copy}");
    assert_eq!(mentor_copy["self_reports"], json!([]), "{mentor_copy}");
    assert_eq!(mentor_copy["duos"][0]["mentor_comment"], "Amal did great");

    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/people/{person}/erase"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let mut resp = db.query("SELECT * OMIT id FROM self_report").await.unwrap();
    let reports: Vec<Value> = resp.take(0).unwrap();
    assert_eq!(
        reports.len(),
        1,
        "the answer's categories stay, as an outcome's do"
    );
    assert!(
        reports[0].get("comment").is_none_or(|c| c.is_null()),
        "{reports:?}"
    );
    assert_eq!(
        ask(&app, &waiting).await.0,
        StatusCode::GONE,
        "links not used stop working"
    );
    let mut resp = db
        .query("SELECT VALUE [mentor_rating, mentor_comment] FROM type::record('duo', $d)")
        .bind(("d", duo.clone()))
        .await
        .unwrap();
    let kept: Vec<Value> = resp.take(0).unwrap();
    assert_eq!(
        kept,
        vec![json!([5, null])],
        "the rating stays, the sentence goes"
    );
}

/// What mentees answer reaches the dashboard as aggregates: exact for their coordinator, and for
/// headquarters a share of fewer than five people is "<5", its percent hidden, in the JSON and
/// the CSV alike.
#[tokio::test]
async fn answers_reach_the_dashboard_and_headquarters_never_see_a_small_share() {
    let (app, _db) = app().await;
    let (duo, coord) = active_duo(&app).await;
    let end = link(&app, &coord, &duo, "end").await;
    let (status, v) = answer(
        &app,
        &end,
        json!({"situation": "job", "stable": true, "rating": 5}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{v}");
    let later = link(&app, &coord, &duo, "6m").await;
    let (status, v) = answer(
        &app,
        &later,
        json!({"situation": "job", "stable": true, "in_touch": false}),
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{v}");

    let (status, m) = call(&app, "GET", "/api/v1/metrics", Some(&coord), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{m}");
    let s = &m["total"]["satisfaction"];
    assert_eq!(
        s["mentees_satisfied"],
        json!({"n": 1, "of": 1, "percent": 100.0})
    );
    assert_eq!(
        s["in_touch_six_months"],
        json!({"n": 0, "of": 1, "percent": 0.0})
    );
    assert_eq!(
        s["mentors_satisfied"],
        json!({"n": 0, "of": 0, "percent": null})
    );

    let hq = token(&app, "hq@test.example").await;
    let (status, m) = call(&app, "GET", "/api/v1/metrics", Some(&hq), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{m}");
    for scope in std::iter::once(&m["total"]).chain(m["offices"].as_array().unwrap()) {
        for share in ["mentees_satisfied", "in_touch_six_months"] {
            let p = &scope["satisfaction"][share];
            assert_eq!((&p["n"], &p["of"]), (&json!("<5"), &json!("<5")), "{p}");
            assert!(p["percent"].is_null(), "{p}");
        }
    }
    let (status, csv) = call(
        &app,
        "GET",
        "/api/v1/metrics/satisfaction.csv",
        Some(&hq),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = csv.as_str().unwrap_or_default().to_string();
    let total = text.lines().nth(1).unwrap_or_default();
    assert!(total.starts_with("total,<5,<5,,<5,<5,,<5,<5,"), "{text}");
}
