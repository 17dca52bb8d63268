//! Matching through the JSON API: suggestions with reasons, the slate (a proposal that writes
//! nothing), office weights and matching profiles, each permission-checked and validated.
use crate::common;

use axum::http::StatusCode;
use axum::Router;
use common::router::{app, call, token};
use serde_json::{json, Value};

async fn create(app: &Router, token: &str, kind: &str, body: Value) -> String {
    common::router::create(app, token, kind, body).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn mentee(last: &str, languages: &[&str], sectors: &[&str], profile: Value) -> Value {
    json!({"first_name": "Amal", "last_name": last, "office": "liege", "languages": languages,
           "sectors": sectors, "state": "waiting", "profile": profile})
}

fn mentor(
    last: &str,
    languages: &[&str],
    sectors: &[&str],
    capacity: u32,
    profile: Value,
) -> Value {
    json!({"first_name": "Marc", "last_name": last, "office": "liege", "languages": languages,
           "sectors": sectors, "state": "available", "capacity": capacity, "profile": profile})
}

async fn duo_count(app: &Router, token: &str) -> usize {
    let (status, duos) = call(
        app,
        "GET",
        "/api/v1/duos?office=liege",
        Some(token),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    duos.as_array().unwrap().len()
}

#[tokio::test]
async fn suggestions_rank_mentors_and_explain_each_criterion() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let amal = create(
        &app,
        &coord,
        "mentees",
        mentee(
            "Haddad",
            &["fr", "ar"],
            &["F"],
            json!({
                "career_plan": true, "support": ["interview", "network"], "availability": 7,
                "postcode": "4000", "online": true
            }),
        ),
    )
    .await;
    // 35 sector + 20 support + 13 (two common slots of three) + 10 same postcode + 5 (Arabic too).
    let builder = create(&app, &coord, "mentors", mentor("Builder", &["fr", "ar"], &["F"], 1, json!({
        "years_experience": 20, "support": ["interview", "network"], "availability": 3, "postcode": "4000"
    }))).await;
    // 14 generalist of another sector + 0 support + 7 (one slot) + 8 (same area) + 0 + 0.
    let teacher = create(&app, &coord, "mentors", mentor("Teacher", &["fr"], &["P"], 1, json!({
        "generalist": true, "support": ["cv"], "availability": 4, "postcode": "4020", "online": true
    }))).await;
    let dutch = create(
        &app,
        &coord,
        "mentors",
        mentor("Dutch", &["nl"], &["F"], 1, json!({})),
    )
    .await;

    let uri = format!("/api/v1/mentees/{amal}/suggestions?limit=5");
    let (status, list) = call(&app, "GET", &uri, Some(&coord), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2, "the Dutch-only mentor is excluded: {list:?}");
    assert!(list.iter().all(|s| s["mentor"] != dutch.as_str()));
    assert_eq!(list[0]["mentor"], builder.as_str());
    assert_eq!(list[0]["score"], 83);
    assert_eq!(list[1]["mentor"], teacher.as_str());
    assert_eq!(list[1]["score"], 29);
    let criteria = list[0]["criteria"].as_array().unwrap();
    let names: Vec<&str> = criteria
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "sector",
            "support",
            "availability",
            "distance",
            "languages",
            "waiting"
        ]
    );
    assert_eq!(
        criteria[0],
        json!({"name": "sector", "label": "Sector", "points": 35, "max": 35,
        "reason": "worked 20 years in Construction, the sector sought"})
    );
    assert_eq!(criteria[4]["reason"], "both speak French and Arabic");
    let sum: u64 = criteria.iter().map(|c| c["points"].as_u64().unwrap()).sum();
    assert_eq!(
        sum, 83,
        "with the default weights the points add up to the score"
    );

    // The same reasons in French and Dutch.
    let (_, fr) = call(&app, "GET", &uri, Some(&coord), "fr-BE", None).await;
    assert_eq!(
        fr[0]["criteria"][4]["reason"],
        "parlent tous deux français et arabe"
    );
    assert_eq!(
        fr[1]["criteria"][0]["reason"],
        "un mentor généraliste, mais pas du secteur recherché"
    );
    let (_, nl) = call(&app, "GET", &uri, Some(&coord), "nl", None).await;
    assert_eq!(
        nl[0]["criteria"][1]["reason"],
        "kan helpen met sollicitatiegesprekken en professioneel netwerk"
    );

    // limit: honoured, and checked.
    let (_, one) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{amal}/suggestions?limit=1"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(one.as_array().unwrap().len(), 1);
    for bad in ["0", "201", "many"] {
        let (status, body) = call(
            &app,
            "GET",
            &format!("/api/v1/mentees/{amal}/suggestions?limit={bad}"),
            Some(&coord),
            "en",
            None,
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "limit={bad}: {body}"
        );
        assert_eq!(body["error"]["field"], "limit");
    }

    // Scope: another office's coordinator and headquarters see nothing; unknown ids are 404.
    let ghent = token(&app, "ghent@test.example").await;
    let (status, _) = call(&app, "GET", &uri, Some(&ghent), "en", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let hq = token(&app, "hq@test.example").await;
    let (status, _) = call(&app, "GET", &uri, Some(&hq), "en", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(&app, "GET", &uri, None, "en", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/mentees/nobody/suggestions",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_slate_is_a_proposal_that_respects_every_filter() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let early = create(
        &app,
        &coord,
        "mentees",
        mentee("Early", &["fr"], &["F"], json!({"career_plan": true})),
    )
    .await;
    let late = create(
        &app,
        &coord,
        "mentees",
        mentee("Late", &["fr"], &["F"], json!({"career_plan": true})),
    )
    .await;
    let dutch = create(
        &app,
        &coord,
        "mentees",
        mentee("Dutch", &["nl"], &["F"], json!({})),
    )
    .await;
    let two = create(
        &app,
        &coord,
        "mentors",
        mentor("Two", &["fr"], &["F"], 2, json!({})),
    )
    .await;

    let before = duo_count(&app, &coord).await;
    let (status, slate) = call(
        &app,
        "POST",
        "/api/v1/offices/liege/slate",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{slate}");
    assert_eq!(
        duo_count(&app, &coord).await,
        before,
        "the slate writes nothing"
    );
    let pairs = slate["pairs"].as_array().unwrap();
    assert_eq!(
        pairs.len(),
        2,
        "capacity two: both French speakers get the mentor: {slate}"
    );
    assert!(pairs.iter().all(|p| p["mentor"] == two.as_str()));
    let total: u64 = pairs.iter().map(|p| p["score"].as_u64().unwrap()).sum();
    assert_eq!(slate["total_score"], total);
    assert_eq!(
        slate["unmatched"],
        json!([{
            "mentee": dutch,
            "reason": "no available mentor fits: no shared language",
            "detail": {"kind": "no_mentor_fits", "reasons": ["no_shared_language"]}
        }])
    );

    // A pairing that failed before is never proposed again.
    db.query(
        "CREATE duo CONTENT { mentee: type::record('mentee', $a), mentor: type::record('mentor', $b),
             office: 'liege', state: 'declined', created_at: time::now(), updated_at: time::now(),
             created_by: NONE, version: 1 }",
    )
    .bind(("a", early.clone()))
    .bind(("b", two.clone()))
    .await
    .unwrap()
    .check()
    .unwrap();
    let (_, slate) = call(
        &app,
        "POST",
        "/api/v1/offices/liege/slate",
        Some(&coord),
        "fr",
        None,
    )
    .await;
    let pairs = slate["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0]["mentee"], late.as_str());
    let early_left = slate["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["mentee"] == early.as_str())
        .unwrap()
        .clone();
    assert_eq!(early_left["detail"]["reasons"], json!(["failed_before"]));
    assert_eq!(
        early_left["reason"],
        "aucun mentor disponible ne convient : déjà associés, sans succès"
    );

    // A coordinator accepts the proposal: it becomes a duo like any other.
    let (status, duo) = call(
        &app,
        "POST",
        "/api/v1/duos",
        Some(&coord),
        "en",
        Some(json!({"mentee": late, "mentor": two})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{duo}");
    let (_, slate) = call(
        &app,
        "POST",
        "/api/v1/offices/liege/slate",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(slate["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["mentee"] != late.as_str()));

    // Scope and input.
    let ghent = token(&app, "ghent@test.example").await;
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/offices/liege/slate",
        Some(&ghent),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(
        &app,
        "POST",
        "/api/v1/offices/paris/slate",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, empty) = call(
        &app,
        "POST",
        "/api/v1/offices/ghent/slate",
        Some(&ghent),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        empty,
        json!({"office": "ghent", "total_score": 0, "pairs": [], "unmatched": []})
    );
}

#[tokio::test]
async fn weights_and_profiles_are_validated_and_scoped() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let defaults = json!({"sector": 35, "support": 20, "availability": 20, "distance": 10, "languages": 5, "waiting": 10});
    let (status, weights) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/weights",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(weights, defaults);

    let zero = json!({"sector": 0, "support": 0, "availability": 0, "distance": 0, "languages": 0, "waiting": 0});
    let too_much = json!({"sector": 101, "support": 20, "availability": 20, "distance": 10, "languages": 5, "waiting": 10});
    for bad in [zero, too_much] {
        let (status, body) = call(
            &app,
            "PUT",
            "/api/v1/offices/liege/weights",
            Some(&coord),
            "nl",
            Some(bad),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["field"], "weights");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Gewichten"),
            "{body}"
        );
    }
    let (_, unchanged) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/weights",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(unchanged, defaults, "a refused change changes nothing");

    // Nearness counts most in this office: the ranking follows.
    let amal = create(
        &app,
        &coord,
        "mentees",
        mentee(
            "Near",
            &["fr"],
            &["F"],
            json!({"career_plan": true, "postcode": "4000"}),
        ),
    )
    .await;
    let far = create(
        &app,
        &coord,
        "mentors",
        mentor("Far", &["fr"], &["F"], 1, json!({"postcode": "4800"})),
    )
    .await;
    let near = create(
        &app,
        &coord,
        "mentors",
        mentor("Near", &["fr"], &["Q"], 1, json!({"postcode": "4000"})),
    )
    .await;
    let uri = format!("/api/v1/mentees/{amal}/suggestions");
    let (_, list) = call(&app, "GET", &uri, Some(&coord), "en", None).await;
    assert_eq!(
        list[0]["mentor"],
        far.as_str(),
        "by default the sector sought wins"
    );
    let nearness = json!({"sector": 5, "support": 10, "availability": 10, "distance": 60, "languages": 5, "waiting": 10});
    let (status, saved) = call(
        &app,
        "PUT",
        "/api/v1/offices/liege/weights",
        Some(&coord),
        "en",
        Some(nearness.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(saved, nearness);
    let (_, list) = call(&app, "GET", &uri, Some(&coord), "en", None).await;
    assert_eq!(list[0]["mentor"], near.as_str());
    assert_eq!(list[0]["criteria"][3]["max"], 60);

    let ghent = token(&app, "ghent@test.example").await;
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/offices/liege/weights",
        Some(&ghent),
        "en",
        Some(defaults.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let hq = token(&app, "hq@test.example").await;
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/offices/liege/weights",
        Some(&hq),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Profiles: bad input is refused with the field named, and changes nothing.
    let profile_uri = format!("/api/v1/mentees/{amal}/profile");
    for (bad, field) in [
        (json!({"postcode": "12"}), "postcode"),
        (json!({"support": ["origin"]}), "support"),
        (json!({"availability": 1 << 21}), "availability"),
        (json!({"gender_wish": "robot"}), "gender_wish"),
    ] {
        let (status, body) = call(&app, "PUT", &profile_uri, Some(&coord), "fr", Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["error"]["field"], field);
    }
    let (_, stored) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{amal}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(stored["profile"]["postcode"], "4000");
    let version = stored["version"].as_i64().unwrap();
    let (status, saved) = call(&app, "PUT", &profile_uri, Some(&coord), "en",
        Some(json!({"career_plan": true, "support": ["cv"], "postcode": " 4020 ", "version": version}))).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["postcode"], "4020");
    // The same form saved again from the old version: someone else saved first.
    let (status, body) = call(
        &app,
        "PUT",
        &profile_uri,
        Some(&coord),
        "en",
        Some(json!({"support": [], "version": version})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, stored) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{amal}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(stored["profile"]["support"], json!(["cv"]));
    let (status, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/mentors/{near}/profile"),
        Some(&ghent),
        "en",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
