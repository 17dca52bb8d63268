//! Data protection through the API: consents and the exit they start, eligibility without
//! origin, the append-only audit log, export, erasure that keeps every figure, and retention.
use crate::common;

use axum::http::StatusCode;
use axum::Router;
use common::router::{admin_token, app, call, proposed_duo, state_of, step, today, token};
use serde_json::{json, Value};

/// A Liège duo taken to `active`, with a meeting, a goal and an outcome carrying free text.
async fn active_duo(app: &Router, coord: &str, name: &str) -> (String, String, String) {
    let (duo, mentee, mentor) = proposed_duo(app, coord, name).await;
    for body in [
        json!({"to": "intro_scheduled", "date": today(0), "place": "Café des Arts, Liège"}),
        json!({"to": "intro_held", "note": "Samira spoke about her family"}),
        json!({"to": "agreed", "date": today(0)}),
        json!({"to": "active"}),
    ] {
        let (status, b) = step(app, coord, &duo, body).await;
        assert_eq!(status, StatusCode::OK, "{b}");
    }
    let (status, b) = call(
        app,
        "POST",
        &format!("/api/v1/duos/{duo}/meetings"),
        Some(coord),
        "en",
        Some(
            json!({"date": today(0), "minutes": 60, "mode": "in_person", "topics": ["cv"],
            "note": "Talked about her brother's health"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    let (status, b) = call(
        app,
        "POST",
        &format!("/api/v1/duos/{duo}/goals"),
        Some(coord),
        "en",
        Some(json!({"title": "Find a job near Samira's home", "steps": ["Call Samira's cousin"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    (duo, mentee, mentor)
}

fn all_text(v: &Value) -> String {
    v.to_string()
}

#[tokio::test]
async fn consents_are_separate_dated_versioned_and_withdrawal_starts_the_exit() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let ghent = token(&app, "ghent@test.example").await;
    let (duo, mentee, _) = active_duo(&app, &coord, "Consent").await;
    let url = format!("/api/v1/people/mentee:{mentee}/consents");
    for kind in ["participation", "eligibility_data", "photos"] {
        let (status, b) = call(
            &app,
            "POST",
            &url,
            Some(&coord),
            "en",
            Some(json!({"kind": kind, "given": true})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{b}");
    }
    let (status, e) = call(
        &app,
        "POST",
        &url,
        Some(&coord),
        "fr",
        Some(json!({"kind": "nationality", "given": true})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["field"], "kind");
    let (status, _) = call(
        &app,
        "POST",
        &url,
        Some(&ghent),
        "en",
        Some(json!({"kind": "photos", "given": true})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Withdrawing an optional consent changes nothing else.
    call(
        &app,
        "POST",
        &url,
        Some(&coord),
        "en",
        Some(json!({"kind": "photos", "given": false})),
    )
    .await;
    let (_, c) = call(&app, "GET", &url, Some(&coord), "en", None).await;
    let current: Vec<Value> = c["current"].as_array().unwrap().clone();
    let of = |k: &str| current.iter().find(|s| s["kind"] == k).unwrap().clone();
    assert_eq!(of("participation")["given"], true);
    assert_eq!(of("participation")["required"], true);
    assert_eq!(
        of("participation")["notice_version"],
        app::privacy::notice::NOTICE_VERSION
    );
    assert_eq!(of("photos")["given"], false);
    assert_eq!(of("testimonials")["given"], Value::Null);
    assert_eq!(
        c["history"].as_array().unwrap().len(),
        4,
        "the history is kept, never rewritten"
    );
    assert_eq!(state_of(&app, &coord, "mentees", &mentee).await, "in_duo");

    // Withdrawing participation ends the duo early and the mentee leaves the programme.
    let (status, b) = call(
        &app,
        "POST",
        &url,
        Some(&coord),
        "en",
        Some(json!({"kind": "participation", "given": false})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(
        state_of(&app, &coord, "mentees", &mentee).await,
        "withdrawn"
    );
    let (_, d) = call(
        &app,
        "GET",
        &format!("/api/v1/duos/{duo}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(d["state"], "ended_early");
    assert_eq!(d["end_reason"], "personal");
    let (_, p) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{mentee}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(p["withdrawn_on"], today(0));

    // The next retention run anonymises a withdrawn person at once.
    let admin = admin_token(&app, &db).await;
    let (status, report) = call(
        &app,
        "POST",
        "/api/v1/retention/run",
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert!(report["people"]
        .as_array()
        .unwrap()
        .contains(&json!(format!("mentee:{mentee}"))));
    let (_, p) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{mentee}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(p["first_name"], "Anonymised");
}

#[tokio::test]
async fn eligibility_keeps_only_the_criterion_and_no_field_can_hold_an_origin() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (_, mentee, mentor) = proposed_duo(&app, &coord, "Eligible").await;
    let url = format!("/api/v1/mentees/{mentee}/eligibility");
    let (status, e) = call(
        &app,
        "PUT",
        &url,
        Some(&coord),
        "en",
        Some(json!({"criterion": "born_in_morocco"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["field"], "criterion");
    let (status, v) = call(
        &app,
        "PUT",
        &url,
        Some(&coord),
        "en",
        Some(json!({"criterion": "second_generation"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["criterion"], "second_generation");
    assert_eq!(v["verified_on"], today(0));
    let (status, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/mentees/{mentor}/eligibility"),
        Some(&coord),
        "en",
        Some(json!({"criterion": "second_generation"})),
    )
    .await;
    assert_ne!(status, StatusCode::OK, "mentors have no eligibility data");

    // A client that sends an origin anyway: nothing of it is stored (the tables are schemafull
    // and have no such field), nor shown, nor used by matching.
    let (status, m) = call(
        &app,
        "POST",
        "/api/v1/mentees",
        Some(&coord),
        "en",
        Some(json!({
        "first_name": "Ali", "last_name": "Origin", "office": "liege", "languages": ["fr"],
        "sectors": ["F"], "state": "waiting", "nationality": "MA", "birthplace": "Tanger",
        "parent_birthplace": "Oujda"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let (status, stored) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{}", m["id"].as_str().unwrap()),
        Some(&coord),
        "en",
        None,
    )
    .await;
    // The record itself was read (an error answer would hold no origin either).
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(stored["last_name"], "Origin", "{stored}");
    let text = all_text(&stored);
    assert!(!text.contains("MA\"") && !text.contains("Tanger") && !text.contains("Oujda"));
    // Each table's field list was read (a known field is in it), so the words are searched in
    // real definitions, not in an empty answer.
    for (table, known) in [
        ("mentee", "office"),
        ("mentor", "office"),
        ("duo", "mentee"),
        ("user", "email"),
        ("consent", "kind"),
    ] {
        let mut r = db.query(format!("INFO FOR TABLE {table}")).await.unwrap();
        let info: Option<Value> = r.take(0).unwrap();
        let fields = info.unwrap()["fields"].to_string().to_lowercase();
        assert!(
            fields.contains(&format!("\"{known}\"")),
            "{table}: the field list was not read: {fields}"
        );
        for word in ["nation", "birth", "origin", "country", "ethnic"] {
            assert!(!fields.contains(word), "{table} has a field about {word}");
        }
    }
}

#[tokio::test]
async fn reads_and_writes_of_personal_data_are_audited_and_the_log_cannot_be_changed() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let admin = admin_token(&app, &db).await;
    let (duo, mentee, _) = active_duo(&app, &coord, "Audit").await;
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{mentee}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let record = format!("mentee:{mentee}");
    let (status, entries) = call(
        &app,
        "GET",
        &format!("/api/v1/audit?record={record}"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{entries}");
    let entries = entries.as_array().unwrap();
    let actions: Vec<&str> = entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"create") && actions.contains(&"read"),
        "{actions:?}"
    );
    let read = entries.iter().find(|e| e["action"] == "read").unwrap();
    assert_eq!(read["actor_email"], "coord@test.example");
    assert_eq!(read["role"], "coordinator");
    assert!(read["fields"].as_array().unwrap().contains(&json!("phone")));
    assert!(read["from"].is_string() && read["at"].as_str().unwrap().ends_with('Z'));
    // Writes of the duo (its steps, meetings, goals) are there too, by actor and by action.
    let (_, by_actor) = call(
        &app,
        "GET",
        &format!("/api/v1/audit?record=duo:{duo}&actor=coord@test.example"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert!(by_actor.as_array().unwrap().len() >= 6, "{by_actor}");
    let (_, dated) = call(
        &app,
        "GET",
        &format!(
            "/api/v1/audit?from={}&to={}&action=create",
            today(0),
            today(0)
        ),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert!(!dated.as_array().unwrap().is_empty());
    let (status, e) = call(
        &app,
        "GET",
        "/api/v1/audit?from=yesterday",
        Some(&admin),
        "fr",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        e["error"]["message"],
        "Saisissez la date au format AAAA-MM-JJ."
    );

    // Only administrators search it.
    for who in [&coord, &token(&app, "hq@test.example").await] {
        let (status, _) = call(&app, "GET", "/api/v1/audit", Some(who), "en", None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    // The database itself refuses to change or delete an entry.
    let before: usize = {
        let mut r = db
            .query("SELECT count() FROM audit GROUP ALL")
            .await
            .unwrap();
        let v: Option<Value> = r.take(0).unwrap();
        v.unwrap()["count"].as_u64().unwrap() as usize
    };
    for statement in [
        "UPDATE audit SET actor_email = 'someone@else.example'",
        "DELETE audit",
        "UPSERT audit SET action = 'nothing'",
    ] {
        let result = db.query(statement).await.unwrap().check();
        assert!(result.is_err(), "{statement} must fail");
    }
    let mut r = db.query("SELECT count() FROM audit WHERE actor_email = 'someone@else.example' GROUP ALL; SELECT count() FROM audit GROUP ALL").await.unwrap();
    let changed: Option<Value> = r.take(0).unwrap();
    assert_eq!(changed.map_or(0, |v| v["count"].as_u64().unwrap_or(0)), 0);
    let after: Option<Value> = r.take(1).unwrap();
    assert_eq!(after.unwrap()["count"].as_u64().unwrap() as usize, before);
}

#[tokio::test]
async fn export_holds_everything_about_the_person_and_is_scoped() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let admin = admin_token(&app, &db).await;
    let (duo, mentee, _) = active_duo(&app, &coord, "Export").await;
    call(
        &app,
        "POST",
        &format!("/api/v1/people/{mentee}/consents"),
        Some(&coord),
        "en",
        Some(json!({"kind": "participation", "given": true})),
    )
    .await;
    let (status, doc) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{mentee}/export"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["kind"], "mentee");
    assert_eq!(doc["record"]["last_name"], "Export");
    assert_eq!(doc["duos"][0]["id"], duo, "{doc}");
    assert_eq!(
        doc["meetings"][0]["note"],
        "Talked about her brother's health"
    );
    assert_eq!(doc["goals"][0]["title"], "Find a job near Samira's home");
    assert_eq!(doc["consents"][0]["kind"], "participation");
    assert!(doc["timeline"].as_array().unwrap().len() >= 4);
    assert!(doc["accesses"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["action"] == "create"));
    assert!(!all_text(&doc).contains("password_hash"));
    // The coordinator of the office may export too; others may not.
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/people/mentee:{mentee}/export"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for email in ["ghent@test.example", "hq@test.example"] {
        let t = token(&app, email).await;
        let (status, _) = call(
            &app,
            "GET",
            &format!("/api/v1/people/{mentee}/export"),
            Some(&t),
            "en",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{email}");
    }
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/people/nobody/export",
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn erasure_anonymises_everywhere_and_every_figure_stays_the_same() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let admin = admin_token(&app, &db).await;
    let hq = token(&app, "hq@test.example").await;
    let (duo, mentee, mentor) = active_duo(&app, &coord, "Erase").await;
    let (_, d2, _) = {
        let (d, m, o) = active_duo(&app, &coord, "Keep").await;
        (d, m, o)
    };
    let _ = d2;
    call(
        &app,
        "POST",
        &format!("/api/v1/duos/{duo}/outcomes"),
        Some(&coord),
        "en",
        Some(
            json!({"moment": "end", "situation": "job", "stable": true, "date": today(0),
            "note": "Hired by her uncle's bakery"}),
        ),
    )
    .await;
    // A mentor's account linked to the record.
    let mentor_token =
        common::router::mentor_account(&app, &db, &mentor, "erase.mentor@test.example").await;
    // The mentor logs a meeting themselves (their account name stands on it), and a second
    // invitation for them is still pending.
    let (status, b) = call(
        &app,
        "POST",
        &format!("/api/v1/duos/{duo}/meetings"),
        Some(&mentor_token),
        "en",
        Some(json!({"date": today(0), "minutes": 45, "mode": "phone"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(b["logged_by"], "erase.mentor");
    let (status, pending) = call(&app, "POST", "/api/v1/invitations", Some(&admin), "en",
        Some(json!({"email": "erase.mentor.second@test.example", "role": "mentor", "mentor": mentor}))).await;
    assert_eq!(status, StatusCode::CREATED, "{pending}");
    let pending_token = pending["link"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();

    let figures = |t: String| {
        let app = app.clone();
        async move {
            let (status, m) = call(&app, "GET", "/api/v1/metrics", Some(&t), "en", None).await;
            assert_eq!(status, StatusCode::OK, "{m}");
            let mut m = m;
            m.as_object_mut().unwrap().remove("generated_at");
            m
        }
    };
    let before = (
        figures(hq.clone()).await,
        figures(coord.clone()).await,
        figures(admin.clone()).await,
    );

    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/people/{mentee}/erase"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "erasure is an administrator's act"
    );
    for person in [format!("mentee:{mentee}"), format!("mentor:{mentor}")] {
        let (status, b) = call(
            &app,
            "POST",
            &format!("/api/v1/people/{person}/erase"),
            Some(&admin),
            "en",
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{b}");
    }
    let after = (
        figures(hq.clone()).await,
        figures(coord.clone()).await,
        figures(admin.clone()).await,
    );
    assert_eq!(before, after, "every figure is unchanged by erasure");

    let (_, doc) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{mentee}/export"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    let text = all_text(&doc);
    for secret in [
        "Erase",
        "Samira",
        "brother",
        "uncle",
        "cousin",
        "Café des Arts",
        "family",
        "Find a job near",
    ] {
        assert!(!text.contains(secret), "{secret} survived erasure: {text}");
    }
    let (_, mentor_doc) = call(
        &app,
        "GET",
        &format!("/api/v1/people/mentor:{mentor}/export"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert!(
        !mentor_doc.to_string().contains("erase.mentor"),
        "{mentor_doc}"
    );
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/links/{pending_token}"),
        None,
        "en",
        None,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::GONE,
        "a pending invitation of an erased mentor is gone"
    );
    assert_eq!(doc["record"]["first_name"], "Anonymised");
    assert_eq!(doc["record"]["email"], Value::Null);
    assert_eq!(
        doc["record"]["state"], "in_duo",
        "states stay for the figures"
    );
    assert_eq!(doc["outcomes"][0]["situation"], "job");
    let mut minutes: Vec<u64> = doc["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["minutes"].as_u64().unwrap())
        .collect();
    minutes.sort();
    assert_eq!(minutes, vec![45, 60], "meetings stay, only their notes go");
    // The mentor's account is closed and its address gone.
    let (status, _) = call(&app, "GET", "/api/v1/duos", Some(&mentor_token), "en", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, users) = call(&app, "GET", "/api/v1/users", Some(&admin), "en", None).await;
    assert!(!all_text(&users).contains("erase.mentor@"));
    // The other duo is untouched.
    let (_, other) = call(
        &app,
        "GET",
        "/api/v1/mentees?office=liege",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(all_text(&other).contains("Keep"));
    // Erasing again changes nothing more.
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/people/{mentee}/erase"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(figures(hq.clone()).await, before.0);
}

#[tokio::test]
async fn retention_anonymises_people_a_set_time_after_their_last_follow_up() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let admin = admin_token(&app, &db).await;
    let (old_duo, old, _) = active_duo(&app, &coord, "Old").await;
    let (recent_duo, recent, _) = active_duo(&app, &coord, "Recent").await;
    for duo in [&old_duo, &recent_duo] {
        let (status, b) = step(&app, &coord, duo, json!({"to": "completed"})).await;
        assert_eq!(status, StatusCode::OK, "{b}");
    }
    // The old duo's whole history lies three years back.
    db.query(
        "UPDATE type::record('mentee', $m) SET updated_at = time::now() - 1100d;
         UPDATE duo SET ended_on = '2023-01-10', last_meeting_on = '2023-01-05' WHERE record::id(id) = $d;
         UPDATE meeting SET date = '2023-01-05' WHERE duo = $d;",
    )
    .bind(("m", old.clone()))
    .bind(("d", old_duo.clone()))
    .await
    .unwrap()
    .check()
    .unwrap();

    let (status, r) = call(
        &app,
        "GET",
        "/api/v1/settings/retention",
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(r["months"], 24);
    let (status, e) = call(
        &app,
        "PUT",
        "/api/v1/settings/retention",
        Some(&admin),
        "en",
        Some(json!({"months": 0})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["field"], "months");
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/settings/retention",
        Some(&coord),
        "en",
        Some(json!({"months": 12})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/settings/retention",
        Some(&admin),
        "en",
        Some(json!({"months": 30})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    let (status, report) = call(
        &app,
        "POST",
        "/api/v1/retention/run",
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        report["people"],
        json!([format!("mentee:{old}")]),
        "{report}"
    );
    let (_, p) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{old}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(p["first_name"], "Anonymised");
    assert!(p["anonymised_at"].is_string());
    let (_, p) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{recent}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(p["last_name"], "Recent");
    // Running again finds nobody new; the entry in the audit log names the job, not a person.
    let (_, report) = call(
        &app,
        "POST",
        "/api/v1/retention/run",
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(report["anonymised"], 0);
    let (_, entries) = call(
        &app,
        "GET",
        &format!("/api/v1/audit?record=mentee:{old}&action=erase"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(entries[0]["role"], "system");
    assert_eq!(entries[0]["from"], "retention");
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/retention/run",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // The run also forgets ended sessions and stale sign-in counters.
    let hq = token(&app, "hq@test.example").await;
    db.query(
        "UPDATE session SET expires_at = time::now() - 1s WHERE user.email = 'hq@test.example';
         CREATE throttle:old SET failures = 3, last_at = time::now() - 2d;",
    )
    .await
    .unwrap()
    .check()
    .unwrap();
    call(
        &app,
        "POST",
        "/api/v1/retention/run",
        Some(&admin),
        "en",
        None,
    )
    .await;
    let mut r = db
        .query("SELECT VALUE id FROM session WHERE user.email = 'hq@test.example'; SELECT VALUE id FROM throttle:old;")
        .await
        .unwrap();
    let sessions: Vec<Value> = r.take(0).unwrap();
    let counters: Vec<Value> = r.take(1).unwrap();
    assert!(
        sessions.is_empty() && counters.is_empty(),
        "{sessions:?} {counters:?}"
    );
    let (status, _) = call(&app, "GET", "/api/v1/metrics", Some(&hq), "en", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn giving_a_required_consent_again_cancels_the_pending_anonymisation() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let admin = admin_token(&app, &db).await;
    let (_, mentee, _) = proposed_duo(&app, &coord, "Mistake").await;
    let url = format!("/api/v1/people/{mentee}/consents");
    for given in [true, false, true] {
        let (status, b) = call(
            &app,
            "POST",
            &url,
            Some(&coord),
            "en",
            Some(json!({"kind": "participation", "given": given})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{b}");
    }
    let (_, p) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{mentee}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(p["withdrawn_on"], Value::Null);
    let (_, report) = call(
        &app,
        "POST",
        "/api/v1/retention/run",
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert!(!report["people"].to_string().contains(&mentee), "{report}");
    let (_, p) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{mentee}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(p["last_name"], "Mistake");
}

/// The audit log's days are the programme's: a day begins at midnight in Brussels, an hour
/// before midnight UTC in winter and two in summer.
#[test]
fn a_day_of_the_programme_begins_at_midnight_in_brussels() {
    let start = |d: &str| {
        app::clock::local_day_start(chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
            .to_rfc3339()
    };
    assert_eq!(start("2026-12-04"), "2026-12-03T23:00:00+00:00");
    assert_eq!(start("2026-07-01"), "2026-06-30T22:00:00+00:00");
    // The nights summer time starts and ends.
    assert_eq!(start("2026-03-29"), "2026-03-28T23:00:00+00:00");
    assert_eq!(start("2026-10-25"), "2026-10-24T22:00:00+00:00");
}
