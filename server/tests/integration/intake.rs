//! A person's own steps through the JSON API (intake, eligibility, referral, training, breaks,
//! withdrawal), enforced on the server with their timeline and audit rows; and the directory:
//! search (case, accents, parts of words, phone numbers), filters, sorting, paging and scope.
use crate::common;

use axum::http::StatusCode;
use common::router::{app, call, create, proposed_duo, state_of, token};
use serde_json::{json, Value};

async fn person_step(
    app: &axum::Router,
    tok: &str,
    kind: &str,
    id: &str,
    lang: &str,
    body: Value,
) -> (StatusCode, Value) {
    call(
        app,
        "POST",
        &format!("/api/v1/{kind}/{id}/transitions"),
        Some(tok),
        lang,
        Some(body),
    )
    .await
}

fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_mentee_goes_from_registration_to_the_waiting_list_step_by_step() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let mentee = create(
        &app,
        &coord,
        "mentees",
        json!({"first_name": "Amina", "last_name": "Benali", "office": "liege", "languages": ["fr"]}),
    )
    .await;
    assert_eq!(mentee["state"], "registered", "no state given: registered");
    let id = id_of(&mentee);

    // Not in the machine: from registered straight to the waiting list.
    let (status, body) =
        person_step(&app, &coord, "mentees", &id, "fr", json!({"to": "waiting"})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "transition");
    assert_eq!(
        body["error"]["message"],
        "Cette étape n’est pas possible à ce stade."
    );
    assert_eq!(state_of(&app, &coord, "mentees", &id).await, "registered");

    let (status, body) = person_step(
        &app,
        &coord,
        "mentees",
        &id,
        "en",
        json!({"to": "intake_done", "note": "Wants to work in construction", "date": common::router::today(-2)}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "intake_done");
    assert_eq!(body["version"], 2);

    // Eligible only once the criterion is recorded; the refusal says so in the reader's language.
    let (status, body) = person_step(
        &app,
        &coord,
        "mentees",
        &id,
        "nl",
        json!({"to": "eligible"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "eligibility_unverified");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Registreer eerst"));
    let (status, _) = call(
        &app,
        "PUT",
        &format!("/api/v1/mentees/{id}/eligibility"),
        Some(&coord),
        "en",
        Some(json!({"criterion": "second_generation"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    for to in ["eligible", "waiting"] {
        let (status, body) =
            person_step(&app, &coord, "mentees", &id, "en", json!({"to": to})).await;
        assert_eq!(status, StatusCode::OK, "{to}: {body}");
        assert_eq!(body["state"], to);
    }
    // On the waiting list, with its clock started: the board shows the card.
    let mentee = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{id}"),
        Some(&coord),
        "en",
        None,
    )
    .await
    .1;
    assert!(mentee["waiting_since"].is_string(), "{mentee}");
    let (_, board) = call(
        &app,
        "GET",
        "/api/v1/mentees?office=liege&state=waiting",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(board
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["id"] == id.as_str()));

    // The timeline has each step with who, when, and the note; the audit log has each change.
    let mut resp = db
        .query(
            "SELECT from_state, to_state, date, note, actor FROM person_event
             WHERE person = $p ORDER BY at",
        )
        .bind(("p", format!("mentee:{id}")))
        .await
        .unwrap();
    let events: Vec<Value> = resp.take(0).unwrap();
    let path: Vec<(&str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["from_state"].as_str().unwrap(),
                e["to_state"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        path,
        [
            ("registered", "intake_done"),
            ("intake_done", "eligible"),
            ("eligible", "waiting")
        ]
    );
    assert_eq!(events[0]["note"], "Wants to work in construction");
    assert_eq!(events[0]["date"], common::router::today(-2));
    assert!(events.iter().all(|e| e["actor"].is_string()));
    let mut resp = db
        .query("SELECT VALUE action FROM audit WHERE record = $r AND action = 'update'")
        .bind(("r", format!("mentee:{id}")))
        .await
        .unwrap();
    let updates: Vec<String> = resp.take(0).unwrap();
    assert!(updates.len() >= 3, "{updates:?}");
}

#[tokio::test]
async fn a_referral_names_the_organisation_and_bad_input_changes_nothing() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let id = id_of(
        &create(
            &app,
            &coord,
            "mentees",
            json!({"first_name": "Yusuf", "last_name": "Kaya", "office": "liege", "languages": ["tr", "fr"], "state": "intake_done"}),
        )
        .await,
    );
    for (body, field) in [
        (json!({"to": "referred"}), "reason"),
        (json!({"to": "referred", "reason": "  "}), "reason"),
        (json!({"to": "hired"}), "to"),
        (json!({"to": "ineligible", "date": "2099-01-01"}), "date"),
        (json!({"to": "ineligible", "date": "yesterday"}), "date"),
        (
            json!({"to": "ineligible", "note": "x".repeat(2001)}),
            "note",
        ),
    ] {
        let (status, answer) = person_step(&app, &coord, "mentees", &id, "en", body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["error"]["field"], field);
    }
    let (status, answer) = call(
        &app,
        "POST",
        &format!("/api/v1/mentees/{id}/transitions"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(status.is_client_error(), "{answer}");
    assert_eq!(state_of(&app, &coord, "mentees", &id).await, "intake_done");
    let mut resp = db
        .query("SELECT * OMIT id FROM person_event")
        .await
        .unwrap();
    let none: Vec<Value> = resp.take(0).unwrap();
    assert!(none.is_empty(), "a refused step leaves no trace: {none:?}");

    let (status, body) = person_step(
        &app,
        &coord,
        "mentees",
        &id,
        "en",
        json!({"to": "referred", "reason": "VDAB Antwerpen"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mut resp = db
        .query("SELECT VALUE reason FROM person_event")
        .await
        .unwrap();
    let reasons: Vec<Option<String>> = resp.take(0).unwrap();
    assert_eq!(reasons, [Some("VDAB Antwerpen".to_string())]);
}

#[tokio::test]
async fn a_mentor_goes_through_training_breaks_and_back() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let id = id_of(
        &create(
            &app,
            &coord,
            "mentors",
            json!({"first_name": "Marc", "last_name": "Dubois", "office": "liege", "languages": ["fr"]}),
        )
        .await,
    );
    for to in [
        "intake_done",
        "accepted",
        "in_training",
        "available",
        "paused",
        "available",
        "alumni",
        "available",
        "withdrawn",
    ] {
        let (status, body) =
            person_step(&app, &coord, "mentors", &id, "en", json!({"to": to})).await;
        assert_eq!(status, StatusCode::OK, "{to}: {body}");
        assert_eq!(body["state"], to);
        assert_eq!(
            body["available_since"].is_string(),
            to == "available",
            "{to}: the board's clock follows availability"
        );
    }
    // Withdrawn is the end of the road.
    let (status, body) = person_step(
        &app,
        &coord,
        "mentors",
        &id,
        "en",
        json!({"to": "available"}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["code"].clone()),
        (StatusCode::CONFLICT, json!("transition"))
    );

    // Rejected after intake, and training cannot be skipped.
    let other = id_of(
        &create(
            &app,
            &coord,
            "mentors",
            json!({"first_name": "Anne", "last_name": "Claes", "office": "liege", "languages": ["nl"], "state": "intake_done"}),
        )
        .await,
    );
    let (status, _) = person_step(
        &app,
        &coord,
        "mentors",
        &other,
        "en",
        json!({"to": "available"}),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, body) = person_step(
        &app,
        &coord,
        "mentors",
        &other,
        "en",
        json!({"to": "rejected", "reason": "no availability"}),
    )
    .await;
    assert_eq!(
        (status, body["state"].clone()),
        (StatusCode::OK, json!("rejected"))
    );
}

#[tokio::test]
async fn people_in_a_duo_leave_through_the_duo() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (_duo, mentee, mentor) = proposed_duo(&app, &coord, "Peeters").await;
    for (kind, id, to) in [
        ("mentees", &mentee, "withdrawn"),
        ("mentors", &mentor, "withdrawn"),
    ] {
        let (status, body) = person_step(&app, &coord, kind, id, "en", json!({"to": to})).await;
        assert_eq!(status, StatusCode::CONFLICT, "{kind} {to}: {body}");
        assert_eq!(body["error"]["code"], "in_duo");
    }
    assert_eq!(state_of(&app, &coord, "mentees", &mentee).await, "proposed");
}

#[tokio::test]
async fn steps_are_for_the_office_s_coordinators_only() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let ghent = token(&app, "ghent@test.example").await;
    let hq = token(&app, "hq@test.example").await;
    let id = id_of(
        &create(
            &app,
            &coord,
            "mentees",
            json!({"first_name": "Lina", "last_name": "Haddad", "office": "liege", "languages": ["ar", "nl"]}),
        )
        .await,
    );
    for tok in [&ghent, &hq] {
        let (status, _) = person_step(
            &app,
            tok,
            "mentees",
            &id,
            "en",
            json!({"to": "intake_done"}),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = person_step(
        &app,
        &coord,
        "mentees",
        "nobody",
        "en",
        json!({"to": "intake_done"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A mentee's id is not a mentor's.
    let (status, _) = person_step(
        &app,
        &coord,
        "mentors",
        &id,
        "en",
        json!({"to": "intake_done"}),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let admin = common::router::admin_token(&app, &db).await;
    let (status, _) = person_step(
        &app,
        &admin,
        "mentees",
        &id,
        "en",
        json!({"to": "intake_done"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

/// Twenty coordinators take the same step at once: one wins, the others are told who did.
#[tokio::test]
async fn racing_coordinators_take_one_step_and_the_others_learn_who() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let id = id_of(
        &create(
            &app,
            &coord,
            "mentees",
            json!({"first_name": "Omar", "last_name": "Said", "office": "liege", "languages": ["fr"]}),
        )
        .await,
    );
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (app, coord, id) = (app.clone(), coord.clone(), id.clone());
            tokio::spawn(async move {
                person_step(
                    &app,
                    &coord,
                    "mentees",
                    &id,
                    "en",
                    json!({"to": "intake_done"}),
                )
                .await
            })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            StatusCode::OK => won += 1,
            StatusCode::CONFLICT => {
                assert_eq!(body["error"]["code"], "transition", "{body}");
                assert!(
                    body["error"]["message"]
                        .as_str()
                        .unwrap()
                        .contains("has just changed"),
                    "{body}"
                );
            }
            other => panic!("{other}: {body}"),
        }
    }
    assert_eq!(won, 1);
    let mentee = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{id}"),
        Some(&coord),
        "en",
        None,
    )
    .await
    .1;
    assert_eq!(
        (mentee["state"].clone(), mentee["version"].clone()),
        (json!("intake_done"), json!(2))
    );
}

async fn directory(app: &axum::Router, tok: &str, query: &str) -> (StatusCode, Value) {
    call(
        app,
        "GET",
        &format!("/api/v1/people?{query}"),
        Some(tok),
        "en",
        None,
    )
    .await
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["first_name"].as_str().unwrap(),
                r["last_name"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn the_directory_finds_people_by_any_part_of_their_name_email_or_phone() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let ghent = token(&app, "ghent@test.example").await;
    let hq = token(&app, "hq@test.example").await;
    for (kind, first, last, email, phone, office, langs, sectors) in [
        (
            "mentees",
            "Élodie",
            "Dupré",
            "elodie.d@example.be",
            "+32 470 12 34 56",
            "liege",
            ["fr"],
            ["F"],
        ),
        (
            "mentees",
            "Jan",
            "Peeters",
            "jan@example.be",
            "0485 99 88 77",
            "liege",
            ["nl"],
            ["Q"],
        ),
        (
            "mentors",
            "Zoë",
            "Vandenbroucke",
            "zoe@example.be",
            "",
            "liege",
            ["nl"],
            ["F"],
        ),
        (
            "mentors",
            "Hélène",
            "Martin",
            "helene@example.be",
            "",
            "ghent",
            ["fr"],
            ["F"],
        ),
    ] {
        let mut body = json!({"first_name": first, "last_name": last, "office": office,
            "email": email, "languages": langs, "sectors": sectors});
        if !phone.is_empty() {
            body["phone"] = json!(phone);
        }
        create(
            &app,
            if office == "ghent" { &ghent } else { &coord },
            kind,
            body,
        )
        .await;
    }

    let (status, all) = directory(&app, &coord, "").await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(all["total"], 3, "only Liège for its coordinator: {all}");
    assert_eq!(
        names(&all),
        ["Élodie Dupré", "Jan Peeters", "Zoë Vandenbroucke"]
    );
    let row = &all["items"][0];
    for field in [
        "id",
        "kind",
        "first_name",
        "last_name",
        "state",
        "office",
        "since",
    ] {
        assert!(!row[field].is_null(), "{field}: {row}");
    }
    assert_eq!(
        (row["kind"].clone(), row["state"].clone()),
        (json!("mentee"), json!("registered"))
    );

    for (q, expected) in [
        ("elodie", vec!["Élodie Dupré"]),
        ("DUPR", vec!["Élodie Dupré"]),
        ("dupre%20elo", vec!["Élodie Dupré"]),
        ("zoe", vec!["Zoë Vandenbroucke"]),
        ("broucke", vec!["Zoë Vandenbroucke"]),
        ("jan%40example", vec!["Jan Peeters"]),
        ("0470%2012%2034", vec!["Élodie Dupré"]),
        ("%2B32470123456", vec!["Élodie Dupré"]),
        ("0485998877", vec!["Jan Peeters"]),
        ("helene", vec![]),
        ("nobody", vec![]),
    ] {
        let (status, page) = directory(&app, &coord, &format!("q={q}")).await;
        assert_eq!(status, StatusCode::OK, "{q}: {page}");
        assert_eq!(names(&page), expected, "{q}");
        assert_eq!(page["total"], expected.len(), "{q}");
    }
    for (query, expected) in [
        ("kind=mentor", vec!["Zoë Vandenbroucke"]),
        ("kind=mentee&sector=Q", vec!["Jan Peeters"]),
        ("language=nl", vec!["Jan Peeters", "Zoë Vandenbroucke"]),
        (
            "state=registered&kind=mentee",
            vec!["Élodie Dupré", "Jan Peeters"],
        ),
        ("min_days=3", vec![]),
        ("per_page=2&page=2", vec!["Zoë Vandenbroucke"]),
    ] {
        let (status, page) = directory(&app, &coord, query).await;
        assert_eq!(status, StatusCode::OK, "{query}: {page}");
        assert_eq!(names(&page), expected, "{query}");
    }
    let (_, paged) = directory(&app, &coord, "per_page=2&page=2").await;
    assert_eq!(paged["total"], 3, "the total counts every page");

    // Ghent's coordinator sees Ghent; asking for Liège is refused; headquarters never sees it.
    let (_, theirs) = directory(&app, &ghent, "").await;
    assert_eq!(names(&theirs), ["Hélène Martin"]);
    assert_eq!(
        directory(&app, &ghent, "office=liege").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(directory(&app, &hq, "").await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        call(&app, "GET", "/api/v1/people", None, "en", None)
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    for (query, field) in [
        ("page=0", "page"),
        ("page=two", "page"),
        ("per_page=1000", "per_page"),
        ("kind=robot", "kind"),
        ("kind=mentor&state=waiting", "state"),
        ("sort=age", "sort"),
    ] {
        let (status, body) = directory(&app, &coord, query).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["error"]["field"], field, "{query}");
    }
}

#[tokio::test]
async fn the_directory_knows_since_when_and_follows_every_change_of_state() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (duo, mentee, _mentor) = proposed_duo(&app, &coord, "Since").await;
    // Backdate the mentee's stage, as an old record would be.
    db.query("UPDATE type::record('mentee', $id) SET state_since = time::now() - 40d")
        .bind(("id", mentee.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let (_, old) = directory(&app, &coord, "kind=mentee&min_days=30").await;
    assert_eq!(old["total"], 1, "{old}");
    // A duo's step moves the mentee (declined: back to waiting), and the clock restarts.
    let (status, _) = common::router::step(
        &app,
        &coord,
        &duo,
        json!({"to": "declined", "reason": "no_click"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state_of(&app, &coord, "mentees", &mentee).await, "waiting");
    let (_, old) = directory(&app, &coord, "kind=mentee&min_days=30").await;
    assert_eq!(old["total"], 0, "{old}");
    let (_, by_since) = directory(&app, &coord, "sort=since").await;
    assert_eq!(by_since["total"], 2);
}

/// Coordinators invite the mentors of their own offices to the mentor app, and nobody else.
#[tokio::test]
async fn coordinators_invite_the_mentors_of_their_own_offices() {
    let (app, _db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let ghent = token(&app, "ghent@test.example").await;
    let mentor = id_of(
        &create(
            &app,
            &coord,
            "mentors",
            json!({"first_name": "Paul", "last_name": "Lambert", "office": "liege",
                "email": "paul.lambert@example.be", "languages": ["fr"], "state": "available"}),
        )
        .await,
    );
    let invite = |email: &str, role: &str, offices: Value| json!({"email": email, "role": role, "offices": offices, "mentor": mentor, "name": "Paul"});
    // Ghent's coordinator may not invite Liège's mentor; a coordinator invites no other role.
    for (tok, body) in [
        (
            &ghent,
            invite("paul1@example.be", "mentor", json!(["ghent"])),
        ),
        (
            &coord,
            invite("boss@example.be", "coordinator", json!(["liege"])),
        ),
        (&coord, invite("hq2@example.be", "hq", json!([]))),
    ] {
        let (status, answer) = call(
            &app,
            "POST",
            "/api/v1/invitations",
            Some(tok),
            "en",
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    }
    // The account gets the mentor's office, whatever the request says.
    let (status, link) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        Some(&coord),
        "en",
        Some(invite(
            "paul.lambert@example.be",
            "mentor",
            json!(["ghent", "brussels"]),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    let secret = link["link"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let (status, accepted) = call(
        &app,
        "POST",
        &format!("/api/v1/invitations/{secret}/accept"),
        None,
        "en",
        Some(json!({"password": "a long and private sentence 42"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{accepted}");
    assert_eq!(accepted["user"]["role"], "mentor");
    assert_eq!(accepted["user"]["offices"], json!(["liege"]));
    assert_eq!(accepted["user"]["mentor"], mentor.as_str());
}

/// A record is completed field by field after the intake; two coordinators saving one record at
/// once: the second is told who saved first, and the first one's change is kept.
#[tokio::test]
async fn a_record_is_edited_field_by_field_and_concurrent_saves_name_the_winner() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let ghent = token(&app, "ghent@test.example").await;
    let created = create(
        &app,
        &coord,
        "mentees",
        json!({"first_name": "Nadia", "last_name": "Amrani", "office": "liege",
            "phone": "0470 12 34 56", "note": "Half the interview done"}),
    )
    .await;
    let id = id_of(&created);
    assert_eq!(
        created["phone"], "+32470123456",
        "a Belgian number is stored in E.164"
    );
    assert_eq!(created["note"], "Half the interview done");
    let patch = |body: Value, tok: &str, lang: &str| {
        let (app, tok, lang, id) = (app.clone(), tok.to_string(), lang.to_string(), id.clone());
        async move {
            call(
                &app,
                "PATCH",
                &format!("/api/v1/mentees/{id}"),
                Some(&tok),
                &lang,
                Some(body),
            )
            .await
        }
    };
    let (status, m) = patch(
        json!({"languages": ["fr", "ar"], "sectors": ["Q"], "email": "Nadia@Example.be",
            "phone": null, "profile": {"postcode": "4020", "support": ["cv"]}, "version": 1}),
        &coord,
        "en",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(m["languages"], json!(["fr", "ar"]));
    assert_eq!(m["email"], "nadia@example.be");
    assert!(m["phone"].is_null(), "null clears: {m}");
    assert_eq!(m["note"], "Half the interview done", "left out: kept");
    assert_eq!(m["profile"]["postcode"], "4020");
    assert_eq!(m["version"], 2);

    // A second coordinator still on version 1 is refused, told who saved first, in French.
    let (status, body) = patch(json!({"last_name": "Amrani-B", "version": 1}), &coord, "fr").await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "stale");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("a enregistré cette fiche avant vous"),
        "{body}"
    );
    let (_, now) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{id}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(
        (now["last_name"].clone(), now["version"].clone()),
        (json!("Amrani"), json!(2))
    );

    // Bad input names its field and changes nothing.
    for (body, field) in [
        (json!({"first_name": " "}), "first_name"),
        (json!({"email": "nadia-at-example"}), "email"),
        (json!({"sectors": ["ZZ"]}), "sectors"),
        (json!({"profile": {"availability": "mornings"}}), "profile"),
    ] {
        let (status, answer) = patch(body, &coord, "en").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["error"]["field"], field);
    }
    assert_eq!(
        patch(json!({"note": "x"}), &ghent, "en").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        patch(json!({"office": "ghent"}), &coord, "en").await.0,
        StatusCode::FORBIDDEN
    );
    let (_, now) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{id}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(now["version"], 2, "{now}");

    // Parallel saves without a version: each lands, none is lost.
    let saves: Vec<_> = [
        json!({"note": "Prefers mornings"}),
        json!({"sectors": ["F", "Q"]}),
    ]
    .into_iter()
    .map(|b| tokio::spawn(patch(b, &coord, "en")))
    .collect();
    for s in saves {
        assert_eq!(s.await.unwrap().0, StatusCode::OK);
    }
    let (_, now) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{id}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(
        (now["note"].clone(), now["sectors"].clone()),
        (json!("Prefers mornings"), json!(["F", "Q"]))
    );
    // The new name is what the directory finds.
    let (_, found) = directory(&app, &coord, "q=nadia%40example").await;
    assert_eq!(found["total"], 1);
    let mut resp = db
        .query("SELECT VALUE fields FROM audit WHERE record = $r AND action = 'update'")
        .bind(("r", format!("mentee:{id}")))
        .await
        .unwrap();
    let audited: Vec<Vec<String>> = resp.take(0).unwrap();
    assert!(
        audited.iter().any(|f| f.contains(&"email".to_string())),
        "{audited:?}"
    );
}

/// The directory's view exports as CSV: the same filters, every page, no cell a formula.
#[tokio::test]
async fn the_directory_exports_its_view_without_formulas() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    for (first, last) in [
        ("=HYPERLINK(\"http://x\")", "Evil"),
        ("Ana", "Lopes"),
        ("Bram", "Maes"),
    ] {
        create(
            &app,
            &coord,
            "mentees",
            json!({"first_name": first, "last_name": last, "office": "liege"}),
        )
        .await;
    }
    create(
        &app,
        &coord,
        "mentors",
        json!({"first_name": "Carl", "last_name": "Noel", "office": "liege"}),
    )
    .await;
    let (status, body) = call(
        &app,
        "GET",
        "/api/v1/people.csv?kind=mentee",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = body.as_str().unwrap().to_string();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(&headers[..4], ["id", "kind", "first_name", "last_name"]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r[3].as_str()).collect();
    assert_eq!(names, ["Evil", "Lopes", "Maes"], "mentees only, by name");
    assert_eq!(
        rows[0][2], "'=HYPERLINK(\"http://x\")",
        "a formula stays text"
    );
    let ghent = token(&app, "ghent@test.example").await;
    assert_eq!(
        call(
            &app,
            "GET",
            "/api/v1/people.csv?office=liege",
            Some(&ghent),
            "en",
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let mut resp = db
        .query(
            "SELECT count() FROM audit WHERE action = 'export' AND record = 'directory' GROUP ALL",
        )
        .await
        .unwrap();
    let audited: Option<Value> = resp.take(0).unwrap();
    assert_eq!(audited.unwrap()["count"], 1);
}

/// The intake needs a language; a withdrawal by a step is not a withdrawn consent: the record
/// stays until retention's own time, and an erased record can no longer be edited.
#[tokio::test]
async fn withdrawing_is_not_erasing_and_erased_records_stay_erased() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let admin = common::router::admin_token(&app, &db).await;
    let id = id_of(
        &create(
            &app,
            &coord,
            "mentees",
            json!({"first_name": "Sara", "last_name": "Bakkali", "office": "liege"}),
        )
        .await,
    );
    let (status, body) = person_step(
        &app,
        &coord,
        "mentees",
        &id,
        "en",
        json!({"to": "intake_done"}),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("languages")),
        "{body}"
    );
    let (status, _) = person_step(
        &app,
        &coord,
        "mentees",
        &id,
        "en",
        json!({"to": "withdrawn", "reason": "moved to Lyon"}),
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
    assert!(
        !report["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == &json!(format!("mentee:{id}"))),
        "{report}"
    );
    let (_, still) = call(
        &app,
        "GET",
        &format!("/api/v1/mentees/{id}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(
        (still["first_name"].clone(), still["state"].clone()),
        (json!("Sara"), json!("withdrawn"))
    );

    // Erased: the record cannot be written back, by the API or the form's function.
    let (status, _) = call(
        &app,
        "POST",
        &format!("/api/v1/people/mentee:{id}/erase"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert!(status.is_success());
    let (status, _) = call(
        &app,
        "PATCH",
        &format!("/api/v1/mentees/{id}"),
        Some(&coord),
        "en",
        Some(json!({"first_name": "Sara", "email": "sara@example.be"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A field the patch does not know is refused, not ignored.
    let other = id_of(
        &create(
            &app,
            &coord,
            "mentees",
            json!({"first_name": "Ines", "last_name": "Costa", "office": "liege"}),
        )
        .await,
    );
    let (status, _) = call(
        &app,
        "PATCH",
        &format!("/api/v1/mentees/{other}"),
        Some(&coord),
        "en",
        Some(json!({"state": "waiting"})),
    )
    .await;
    assert!(status.is_client_error());
    let (status, body) = call(
        &app,
        "PATCH",
        &format!("/api/v1/mentees/{other}"),
        Some(&coord),
        "en",
        Some(json!({"capacity": 2})),
    )
    .await;
    assert_eq!(
        (status, body["error"]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("capacity"))
    );
    assert_eq!(
        state_of(&app, &coord, "mentees", &other).await,
        "registered"
    );
}
