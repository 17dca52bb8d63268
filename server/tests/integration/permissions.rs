//! The permission matrix: every JSON API route and every server function, called as every role
//! in and out of scope, allowed or denied exactly as written below. The test also reads the
//! router's route table and the registry of server functions, so a route or a function added
//! without a line here fails it.
use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::router::{
    admin_token, app, call, create, mentor_account, proposed_duo, step, today, token,
};
use leptos::server_fn::ServerFn;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use tower::ServiceExt;

/// The callers, in the order of every expectation string: anonymous, administrator,
/// headquarters, coordinator of Liège (in scope), coordinator of Ghent (out of scope), the
/// mentor of the duo under test, another mentor of Liège.
const ROLES: [&str; 7] = [
    "anonymous",
    "admin",
    "hq",
    "coordinator in",
    "coordinator out",
    "mentor own",
    "mentor other",
];

/// `a`: allowed (any answer but 401/403), `d`: denied (401 or 403).
fn expectation(code: &str) -> [bool; 7] {
    let mut out = [false; 7];
    for (i, c) in code.chars().enumerate() {
        out[i] = c == 'a';
    }
    out
}

// Common shapes of expectations.
const PUBLIC: &str = "aaaaaaa";
const SIGNED_IN: &str = "daaaaaa";
const ADMIN: &str = "daddddd";
const OFFICE_AND_MENTOR: &str = "dadadad";
const COORDINATORS_IN: &str = "dadaddd";
/// The office's peer-exchange sessions: its coordinators and its mentors.
const OFFICE_PEOPLE: &str = "dadadaa";
/// Aggregates: headquarters too, but only for an office in the caller's scope.
const FIGURES: &str = "daaaddd";

struct World {
    mentee: String,
    mentor: String,
    duo: String,
    proposed: String,
    proposed_for_undo: String,
    goal: String,
    checkin: String,
    erasable: String,
    erasable_by_fn: String,
    other_user: String,
    weights: Value,
    tokens: Vec<Option<String>>,
}

async fn world(app: &Router, db: &app::db::Db) -> World {
    let admin = admin_token(app, db).await;
    let coord = token(app, "coord@test.example").await;
    let (duo, _, duo_mentor) = proposed_duo(app, &coord, "Matrix").await;
    for body in [
        json!({"to": "intro_scheduled", "date": today(0), "place": "online"}),
        json!({"to": "intro_held"}),
        json!({"to": "agreed", "date": today(0)}),
        json!({"to": "active"}),
    ] {
        assert_eq!(step(app, &coord, &duo, body).await.0, StatusCode::OK);
    }
    let (proposed, mentee, mentor) = proposed_duo(app, &coord, "Proposed").await;
    let (proposed_for_undo, _, _) = proposed_duo(app, &coord, "Undo").await;
    let (_, goal) = call(
        app,
        "POST",
        &format!("/api/v1/duos/{duo}/goals"),
        Some(&coord),
        "en",
        Some(json!({"title": "CV", "steps": ["Write it"]})),
    )
    .await;
    let (_, checkins) = call(
        app,
        "GET",
        &format!("/api/v1/duos/{duo}/checkins"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    let person = |name: &str| {
        json!({"first_name": "Era", "last_name": name, "office": "liege",
        "languages": ["fr"], "state": "waiting"})
    };
    let erasable = create(app, &coord, "mentees", person("Sable")).await;
    let erasable_by_fn = create(app, &coord, "mentees", person("Fn")).await;
    let other_mentor = create(
        app,
        &coord,
        "mentors",
        json!({"first_name": "Other", "last_name": "Mentor",
        "office": "liege", "languages": ["fr"], "state": "available"}),
    )
    .await;
    let (_, weights) = call(
        app,
        "GET",
        "/api/v1/offices/liege/weights",
        Some(&coord),
        "en",
        None,
    )
    .await;
    app::auth::server::create_user(
        db,
        app::auth::server::NewUser {
            email: "throwaway@test.example".into(),
            password: common::PASSWORD.into(),
            role: app::model::Role::Hq,
            offices: vec![],
            mentor: None,
            display_name: None,
        },
    )
    .await
    .unwrap();
    let (_, users) = call(app, "GET", "/api/v1/users", Some(&admin), "en", None).await;
    let other_user = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "throwaway@test.example")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let tokens = vec![
        None,
        Some(admin),
        Some(token(app, "hq@test.example").await),
        Some(coord),
        Some(token(app, "ghent@test.example").await),
        Some(mentor_account(app, db, &duo_mentor, "own.mentor@test.example").await),
        Some(
            mentor_account(
                app,
                db,
                other_mentor["id"].as_str().unwrap(),
                "other.mentor@test.example",
            )
            .await,
        ),
    ];
    World {
        mentee,
        mentor,
        duo,
        proposed,
        proposed_for_undo,
        goal: goal["id"].as_str().unwrap().to_string(),
        checkin: checkins[0]["id"].as_str().unwrap().to_string(),
        erasable: erasable["id"].as_str().unwrap().to_string(),
        erasable_by_fn: erasable_by_fn["id"].as_str().unwrap().to_string(),
        other_user,
        weights,
        tokens,
    }
}

/// The status of one request, without reading the body (the live stream never ends).
async fn status_of(
    app: &Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Option<String>,
    content_type: &str,
) -> (StatusCode, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", content_type);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = app
        .clone()
        .oneshot(
            req.body(body.map(Body::from).unwrap_or_else(Body::empty))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = resp.status();
    if uri.starts_with("/api/v1/events") {
        return (status, Value::Null);
    }
    use http_body_util::BodyExt;
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// Routes as the router declares them (its route table, built together with the router):
/// `METHOD path-template`.
fn declared_routes() -> BTreeSet<String> {
    server::api::route_table()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[tokio::test]
async fn every_api_route_as_every_role() {
    let (app, db) = app().await;
    let w = world(&app, &db).await;
    let (m, o, d, g, c) = (&w.mentee, &w.mentor, &w.duo, &w.goal, &w.checkin);
    let profile = json!({"profile": {"postcode": "4000"}});
    let person = json!({"first_name": "New", "last_name": "Person", "office": "liege", "languages": ["fr"], "state": "waiting"});
    let mentor_person = json!({"first_name": "New", "last_name": "Mentor", "office": "liege", "languages": ["fr"], "state": "available"});
    let bogus = "0".repeat(64);
    // (template as declared, concrete request, body, who may)
    let table: Vec<(&str, String, Option<Value>, &str)> = vec![
        (
            "POST /api/v1/login",
            "/api/v1/login".into(),
            Some(json!({"email": "hq@test.example", "password": common::PASSWORD})),
            PUBLIC,
        ),
        (
            "GET /api/v1/offices",
            "/api/v1/offices".into(),
            None,
            PUBLIC,
        ),
        (
            "GET /api/v1/openapi.json",
            "/api/v1/openapi.json".into(),
            None,
            PUBLIC,
        ),
        (
            "GET /api/v1/mentees",
            "/api/v1/mentees?office=liege".into(),
            None,
            COORDINATORS_IN,
        ),
        (
            "POST /api/v1/mentees",
            "/api/v1/mentees".into(),
            Some(person.clone()),
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/mentees/{id}",
            format!("/api/v1/mentees/{m}"),
            None,
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/mentees/{id}/suggestions",
            format!("/api/v1/mentees/{m}/suggestions"),
            None,
            COORDINATORS_IN,
        ),
        (
            "PUT /api/v1/mentees/{id}/profile",
            format!("/api/v1/mentees/{m}/profile"),
            Some(profile.clone()),
            COORDINATORS_IN,
        ),
        (
            "PUT /api/v1/mentors/{id}/profile",
            format!("/api/v1/mentors/{o}/profile"),
            Some(profile.clone()),
            COORDINATORS_IN,
        ),
        (
            "POST /api/v1/offices/{slug}/slate",
            "/api/v1/offices/liege/slate".into(),
            None,
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/offices/{slug}/weights",
            "/api/v1/offices/liege/weights".into(),
            None,
            COORDINATORS_IN,
        ),
        (
            "PUT /api/v1/offices/{slug}/weights",
            "/api/v1/offices/liege/weights".into(),
            Some(w.weights.clone()),
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/mentors",
            "/api/v1/mentors?office=liege".into(),
            None,
            COORDINATORS_IN,
        ),
        (
            "POST /api/v1/mentors",
            "/api/v1/mentors".into(),
            Some(mentor_person),
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/mentors/{id}",
            format!("/api/v1/mentors/{o}"),
            None,
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/duos",
            "/api/v1/duos?office=liege".into(),
            None,
            COORDINATORS_IN,
        ),
        (
            "POST /api/v1/duos",
            "/api/v1/duos".into(),
            Some(json!({"mentee": m, "mentor": o})),
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/duos/{id}",
            format!("/api/v1/duos/{d}"),
            None,
            OFFICE_AND_MENTOR,
        ),
        (
            "DELETE /api/v1/duos/{id}",
            format!("/api/v1/duos/{}", w.proposed),
            None,
            COORDINATORS_IN,
        ),
        (
            "POST /api/v1/duos/{id}/transitions",
            format!("/api/v1/duos/{d}/transitions"),
            Some(json!({"to": "dancing"})),
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/duos/{id}/timeline",
            format!("/api/v1/duos/{d}/timeline"),
            None,
            OFFICE_AND_MENTOR,
        ),
        (
            "GET /api/v1/duos/{id}/meetings",
            format!("/api/v1/duos/{d}/meetings"),
            None,
            OFFICE_AND_MENTOR,
        ),
        (
            "POST /api/v1/duos/{id}/meetings",
            format!("/api/v1/duos/{d}/meetings"),
            Some(json!({"date": today(0), "minutes": 30, "mode": "phone"})),
            OFFICE_AND_MENTOR,
        ),
        (
            "GET /api/v1/duos/{id}/goals",
            format!("/api/v1/duos/{d}/goals"),
            None,
            OFFICE_AND_MENTOR,
        ),
        (
            "POST /api/v1/duos/{id}/goals",
            format!("/api/v1/duos/{d}/goals"),
            Some(json!({"title": "Interview"})),
            OFFICE_AND_MENTOR,
        ),
        (
            "PUT /api/v1/goals/{id}/steps/{index}",
            format!("/api/v1/goals/{g}/steps/0"),
            Some(json!({"done": true})),
            OFFICE_AND_MENTOR,
        ),
        (
            "GET /api/v1/duos/{id}/checkins",
            format!("/api/v1/duos/{d}/checkins"),
            None,
            COORDINATORS_IN,
        ),
        (
            "PUT /api/v1/checkins/{id}",
            format!("/api/v1/checkins/{c}"),
            Some(json!({"due_on": today(30)})),
            COORDINATORS_IN,
        ),
        (
            "POST /api/v1/checkins/{id}/report",
            format!("/api/v1/checkins/{c}/report"),
            Some(json!({"date": today(0), "mood": "good"})),
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/duos/{id}/outcomes",
            format!("/api/v1/duos/{d}/outcomes"),
            None,
            COORDINATORS_IN,
        ),
        (
            "POST /api/v1/duos/{id}/outcomes",
            format!("/api/v1/duos/{d}/outcomes"),
            Some(json!({"moment": "end", "situation": "studies", "date": today(0)})),
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/offices/{slug}/alerts",
            "/api/v1/offices/liege/alerts".into(),
            None,
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/offices/{slug}/intervisions",
            "/api/v1/offices/liege/intervisions".into(),
            None,
            OFFICE_PEOPLE,
        ),
        (
            "POST /api/v1/offices/{slug}/intervisions",
            "/api/v1/offices/liege/intervisions".into(),
            Some(json!({"date": today(10), "place": "Office"})),
            COORDINATORS_IN,
        ),
        (
            "POST /api/v1/mentees/{id}/rematch",
            format!("/api/v1/mentees/{m}/rematch"),
            None,
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/metrics",
            "/api/v1/metrics?office=liege".into(),
            None,
            FIGURES,
        ),
        (
            "GET /api/v1/metrics/{table}",
            "/api/v1/metrics/summary.csv?office=liege".into(),
            None,
            FIGURES,
        ),
        (
            "PUT /api/v1/targets",
            "/api/v1/targets".into(),
            Some(json!({"year": 2026, "office": "liege", "mentees": 10, "mentors": 8})),
            ADMIN,
        ),
        (
            "GET /api/v1/events",
            "/api/v1/events".into(),
            None,
            SIGNED_IN,
        ),
        (
            "GET /api/v1/invitations",
            "/api/v1/invitations".into(),
            None,
            ADMIN,
        ),
        (
            "DELETE /api/v1/invitations/{id}",
            format!("/api/v1/invitations/{}", "0".repeat(64)),
            None,
            ADMIN,
        ),
        (
            "POST /api/v1/invitations",
            "/api/v1/invitations".into(),
            Some(json!({"email": "someone@test.example", "role": "hq"})),
            ADMIN,
        ),
        (
            "POST /api/v1/invitations/{id}/accept",
            format!("/api/v1/invitations/{bogus}/accept"),
            Some(json!({"password": "a long sentence here"})),
            PUBLIC,
        ),
        (
            "GET /api/v1/links/{token}",
            format!("/api/v1/links/{bogus}"),
            None,
            PUBLIC,
        ),
        (
            "POST /api/v1/password-resets",
            "/api/v1/password-resets".into(),
            Some(json!({"email": "nobody@test.example"})),
            PUBLIC,
        ),
        (
            "POST /api/v1/password-resets/{token}",
            format!("/api/v1/password-resets/{bogus}"),
            Some(json!({"password": "a long sentence here"})),
            PUBLIC,
        ),
        ("GET /api/v1/users", "/api/v1/users".into(), None, ADMIN),
        (
            "POST /api/v1/users/{id}/disable",
            format!("/api/v1/users/{}/disable", w.other_user),
            None,
            ADMIN,
        ),
        (
            "POST /api/v1/users/{id}/enable",
            format!("/api/v1/users/{}/enable", w.other_user),
            None,
            ADMIN,
        ),
        (
            "POST /api/v1/users/{id}/reset-link",
            format!("/api/v1/users/{}/reset-link", w.other_user),
            None,
            ADMIN,
        ),
        (
            "GET /api/v1/people/{id}",
            format!("/api/v1/people/{m}"),
            None,
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/people/{id}/consents",
            format!("/api/v1/people/{m}/consents"),
            None,
            COORDINATORS_IN,
        ),
        (
            "POST /api/v1/people/{id}/consents",
            format!("/api/v1/people/{m}/consents"),
            Some(json!({"kind": "photos", "given": true})),
            COORDINATORS_IN,
        ),
        (
            "GET /api/v1/people/{id}/export",
            format!("/api/v1/people/mentee:{m}/export"),
            None,
            COORDINATORS_IN,
        ),
        (
            "PUT /api/v1/mentees/{id}/eligibility",
            format!("/api/v1/mentees/{m}/eligibility"),
            Some(json!({"criterion": "first_generation"})),
            COORDINATORS_IN,
        ),
        ("GET /api/v1/audit", "/api/v1/audit".into(), None, ADMIN),
        (
            "GET /api/v1/settings/retention",
            "/api/v1/settings/retention".into(),
            None,
            ADMIN,
        ),
        (
            "PUT /api/v1/settings/retention",
            "/api/v1/settings/retention".into(),
            Some(json!({"months": 24})),
            ADMIN,
        ),
        (
            "POST /api/v1/retention/run",
            "/api/v1/retention/run".into(),
            None,
            ADMIN,
        ),
        (
            "POST /api/v1/backups",
            "/api/v1/backups".into(),
            None,
            ADMIN,
        ),
        (
            "POST /api/v1/people/{id}/erase",
            format!("/api/v1/people/{}/erase", w.erasable),
            None,
            ADMIN,
        ),
        // Last: it ends the caller's session.
        (
            "POST /api/v1/logout",
            "/api/v1/logout".into(),
            None,
            SIGNED_IN,
        ),
    ];

    let listed: BTreeSet<String> = table.iter().map(|(t, ..)| t.to_string()).collect();
    assert_eq!(listed.len(), table.len(), "a route is listed twice");
    let declared = declared_routes();
    let missing: Vec<_> = declared.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "routes without a line in the matrix: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "lines for routes that do not exist: {stale:?}"
    );

    let mut wrong = Vec::new();
    for (template, uri, body, who) in &table {
        let method = template.split(' ').next().unwrap();
        let expected = expectation(who);
        // Denied callers first, so that an allowed write cannot hide a denial.
        let mut order: Vec<usize> = (0..7).collect();
        order.sort_by_key(|i| expected[*i]);
        for i in order {
            let token = if *template == "POST /api/v1/login" {
                None
            } else {
                w.tokens[i].as_deref()
            };
            let (status, answer) = status_of(
                &app,
                method,
                uri,
                token,
                body.as_ref().map(Value::to_string),
                "application/json",
            )
            .await;
            let denied = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
            if denied == expected[i] {
                wrong.push(format!("{template} as {}: {status} {answer}", ROLES[i]));
            }
            assert_ne!(
                status,
                StatusCode::INTERNAL_SERVER_ERROR,
                "{template} as {}: {answer}",
                ROLES[i]
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "permission matrix broken:\n{}",
        wrong.join("\n")
    );
}

#[tokio::test]
async fn every_server_function_as_every_role() {
    use app::accounts::api as accounts;
    use app::auth::api as auth;
    use app::board::api as board;
    use app::duos::api as duos;
    use app::matching::api as matching;
    use app::mentor::api as mentor;
    use app::metrics::api as metrics;
    use app::privacy::api as privacy;

    let (app, db) = app().await;
    let w = world(&app, &db).await;
    let (m, o, d, g, c) = (&w.mentee, &w.mentor, &w.duo, &w.goal, &w.checkin);
    let form = |pairs: &[(&str, &str)]| -> (String, &'static str) {
        (
            pairs
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{k}={}",
                        v.replace(' ', "+").replace('@', "%40").replace(':', "%3A")
                    )
                })
                .collect::<Vec<_>>()
                .join("&"),
            "application/x-www-form-urlencoded",
        )
    };
    let json_body = |v: Value| -> (String, &'static str) { (v.to_string(), "application/json") };
    let bogus = "0".repeat(64);
    let day = today(30);
    let table: Vec<(&str, (String, &str), &str)> = vec![
        (
            board::LoadBoard::PATH,
            form(&[("office", "liege")]),
            COORDINATORS_IN,
        ),
        (
            board::ProposeDuo::PATH,
            form(&[("mentee", m), ("mentor", o)]),
            COORDINATORS_IN,
        ),
        (
            board::UndoDuo::PATH,
            form(&[("duo", &w.proposed_for_undo)]),
            COORDINATORS_IN,
        ),
        (
            board::HoldCard::PATH,
            form(&[("office", "liege"), ("card", m)]),
            COORDINATORS_IN,
        ),
        (
            board::ReleaseCard::PATH,
            form(&[("office", "liege"), ("card", m)]),
            COORDINATORS_IN,
        ),
        (
            matching::ProposeSlate::PATH,
            form(&[("office", "liege")]),
            COORDINATORS_IN,
        ),
        (
            matching::SaveWeights::PATH,
            json_body(json!({"office": "liege", "weights": w.weights})),
            COORDINATORS_IN,
        ),
        (
            matching::SaveProfile::PATH,
            json_body(json!({"mentor": false, "id": m, "profile": {}})),
            COORDINATORS_IN,
        ),
        (auth::CurrentUser::PATH, form(&[]), PUBLIC),
        (
            auth::SignIn::PATH,
            form(&[
                ("email", "hq@test.example"),
                ("password", "wrong password here"),
            ]),
            PUBLIC,
        ),
        (duos::LoadDuoPage::PATH, form(&[("id", d)]), COORDINATORS_IN),
        (
            duos::MoveDuo::PATH,
            json_body(json!({"id": d, "request": {"to": "dancing"}})),
            COORDINATORS_IN,
        ),
        (
            duos::AddGoal::PATH,
            json_body(json!({"duo": d, "goal": {"title": "Network"}})),
            OFFICE_AND_MENTOR,
        ),
        (
            duos::CheckStep::PATH,
            form(&[("goal", g), ("index", "0"), ("done", "true")]),
            OFFICE_AND_MENTOR,
        ),
        (
            duos::ReportCheckin::PATH,
            json_body(json!({"id": c, "report": {"date": today(0), "mood": "good"}})),
            COORDINATORS_IN,
        ),
        (
            duos::RescheduleCheckin::PATH,
            form(&[("id", c), ("due_on", &day)]),
            COORDINATORS_IN,
        ),
        (
            duos::SaveOutcome::PATH,
            json_body(
                json!({"duo": d, "outcome": {"moment": "end", "situation": "studies", "date": today(0)}}),
            ),
            COORDINATORS_IN,
        ),
        (
            duos::LoadAlerts::PATH,
            form(&[("office", "liege")]),
            COORDINATORS_IN,
        ),
        (
            duos::ScheduleIntervision::PATH,
            json_body(json!({"office": "liege", "session": {"date": today(9), "place": "Office"}})),
            COORDINATORS_IN,
        ),
        (
            duos::RematchMentee::PATH,
            form(&[("mentee", m)]),
            COORDINATORS_IN,
        ),
        (
            metrics::LoadDashboard::PATH,
            form(&[("office", "liege")]),
            FIGURES,
        ),
        (
            metrics::SaveTarget::PATH,
            form(&[
                ("year", "2026"),
                ("office", "liege"),
                ("mentees", "5"),
                ("mentors", "4"),
            ]),
            ADMIN,
        ),
        (mentor::LoadMyDuo::PATH, form(&[]), "dddddaa"),
        (
            mentor::SendMeeting::PATH,
            json_body(
                json!({"duo": d, "meeting": {"date": today(0), "minutes": 45, "mode": "online"}, "key": "matrix-key-1"}),
            ),
            OFFICE_AND_MENTOR,
        ),
        (
            privacy::LoadPerson::PATH,
            form(&[("id", m)]),
            COORDINATORS_IN,
        ),
        (
            privacy::RecordConsent::PATH,
            form(&[("id", m), ("kind", "photos"), ("given", "true")]),
            COORDINATORS_IN,
        ),
        (
            privacy::VerifyEligibility::PATH,
            form(&[("id", m), ("criterion", "first_generation")]),
            COORDINATORS_IN,
        ),
        (
            privacy::SearchAudit::PATH,
            json_body(json!({"query": {}})),
            ADMIN,
        ),
        (privacy::LoadRetention::PATH, form(&[]), ADMIN),
        (
            privacy::SaveRetention::PATH,
            form(&[("months", "24")]),
            ADMIN,
        ),
        (privacy::RunRetention::PATH, form(&[]), ADMIN),
        (
            privacy::ErasePerson::PATH,
            form(&[("id", &w.erasable_by_fn)]),
            ADMIN,
        ),
        (
            accounts::InvitePerson::PATH,
            json_body(json!({"request": {"email": "fn.invite@test.example", "role": "hq"}})),
            ADMIN,
        ),
        (accounts::LoadAccounts::PATH, form(&[]), ADMIN),
        (accounts::LoadInvitations::PATH, form(&[]), ADMIN),
        (
            accounts::RevokeInvitation::PATH,
            form(&[("id", &"0".repeat(64))]),
            ADMIN,
        ),
        (
            accounts::SetAccountDisabled::PATH,
            form(&[("id", &w.other_user), ("disabled", "false")]),
            ADMIN,
        ),
        (
            accounts::MakeResetLink::PATH,
            form(&[("id", &w.other_user)]),
            ADMIN,
        ),
        (accounts::LoadLink::PATH, form(&[("token", &bogus)]), PUBLIC),
        (
            accounts::UseAccountLink::PATH,
            form(&[
                ("token", &bogus),
                ("password", "a long sentence"),
                ("confirm", "a long sentence"),
            ]),
            PUBLIC,
        ),
        (
            accounts::ForgotPassword::PATH,
            form(&[("email", "nobody@test.example")]),
            PUBLIC,
        ),
        // Last: it ends the caller's session.
        (auth::SignOut::PATH, form(&[]), PUBLIC),
    ];

    let listed: BTreeSet<&str> = table.iter().map(|(p, ..)| *p).collect();
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p)
        .collect();
    let missing: Vec<_> = registered.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "server functions without a line in the matrix: {missing:?}"
    );

    let mut wrong = Vec::new();
    for (path, (body, content_type), who) in &table {
        let expected = expectation(who);
        let mut order: Vec<usize> = (0..7).collect();
        order.sort_by_key(|i| expected[*i]);
        for i in order {
            let (_, answer) = status_of(
                &app,
                "POST",
                path,
                w.tokens[i].as_deref(),
                Some(body.clone()),
                content_type,
            )
            .await;
            let code = answer.get("code").and_then(Value::as_str).unwrap_or("");
            let denied = matches!(code, "unauthenticated" | "forbidden");
            if denied == expected[i] {
                wrong.push(format!("{path} as {}: {answer}", ROLES[i]));
            }
            if code == "internal" || code == "network" {
                wrong.push(format!("{path} as {}: failed: {answer}", ROLES[i]));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "permission matrix broken:\n{}",
        wrong.join("\n")
    );
}

/// A random JSON value: the field names the API knows, wrong types, huge and odd strings.
fn random_value(rng: &mut impl rand::Rng, depth: u32) -> Value {
    const KEYS: [&str; 24] = [
        "first_name",
        "last_name",
        "office",
        "languages",
        "sectors",
        "state",
        "email",
        "phone",
        "profile",
        "mentee",
        "mentor",
        "to",
        "reason",
        "date",
        "note",
        "minutes",
        "mode",
        "topics",
        "kind",
        "given",
        "criterion",
        "months",
        "password",
        "title",
    ];
    const STRINGS: [&str; 10] = [
        "",
        "liege",
        "<img src=x onerror=alert(1)>",
        "=1+1",
        "9999-99-99",
        "2026-02-30",
        "\u{0}\u{202e}",
        "waiting",
        "+32 470 12 34 56",
        "ééééééééééééééééééééééééééééé",
    ];
    match rng.random_range(0..if depth > 2 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => json!(rng.random::<bool>()),
        2 => json!(rng.random::<i64>()),
        3 => json!(rng.random::<f64>() * 1e12),
        4 => {
            if rng.random_bool(0.2) {
                json!("x".repeat(rng.random_range(0..70_000)))
            } else {
                json!(STRINGS[rng.random_range(0..STRINGS.len())])
            }
        }
        5 => Value::Array(
            (0..rng.random_range(0..4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut object = serde_json::Map::new();
            for _ in 0..rng.random_range(0..8) {
                let key = KEYS[rng.random_range(0..KEYS.len())];
                object.insert(key.to_string(), random_value(rng, depth + 1));
            }
            Value::Object(object)
        }
    }
}

#[tokio::test]
async fn random_bodies_get_clear_errors_never_a_failure() {
    use rand::SeedableRng;
    let (app, db) = app().await;
    let w = world(&app, &db).await;
    let (m, o, d, g, c) = (&w.mentee, &w.mentor, &w.duo, &w.goal, &w.checkin);
    let admin = w.tokens[1].clone().unwrap();
    let writes = [
        ("POST", "/api/v1/login".to_string()),
        ("POST", "/api/v1/mentees".into()),
        ("POST", "/api/v1/mentors".into()),
        ("PUT", format!("/api/v1/mentees/{m}/profile")),
        ("PUT", format!("/api/v1/mentors/{o}/profile")),
        ("PUT", "/api/v1/offices/liege/weights".into()),
        ("POST", "/api/v1/duos".into()),
        ("POST", format!("/api/v1/duos/{d}/transitions")),
        ("POST", format!("/api/v1/duos/{d}/meetings")),
        ("POST", format!("/api/v1/duos/{d}/goals")),
        ("PUT", format!("/api/v1/goals/{g}/steps/0")),
        ("PUT", format!("/api/v1/checkins/{c}")),
        ("POST", format!("/api/v1/checkins/{c}/report")),
        ("POST", format!("/api/v1/duos/{d}/outcomes")),
        ("POST", "/api/v1/offices/liege/intervisions".into()),
        ("PUT", "/api/v1/targets".into()),
        ("POST", "/api/v1/invitations".into()),
        (
            "POST",
            format!("/api/v1/invitations/{}/accept", "0".repeat(64)),
        ),
        ("POST", "/api/v1/password-resets".into()),
        ("POST", format!("/api/v1/people/{m}/consents")),
        ("PUT", format!("/api/v1/mentees/{m}/eligibility")),
        ("PUT", "/api/v1/settings/retention".into()),
    ];
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for (method, uri) in &writes {
        for round in 0..25 {
            let body = if round == 0 {
                "{not json".to_string()
            } else {
                random_value(&mut rng, 0).to_string()
            };
            let (status, answer) = status_of(
                &app,
                method,
                uri,
                Some(&admin),
                Some(body.clone()),
                "application/json",
            )
            .await;
            assert!(
                status.is_success() || status.is_client_error(),
                "{method} {uri} with {}: {status} {answer}",
                body.chars().take(300).collect::<String>()
            );
            if status.is_client_error() && status != StatusCode::PAYLOAD_TOO_LARGE {
                let message = answer["error"]["message"].as_str().unwrap_or("");
                assert!(!message.is_empty(), "{method} {uri}: {status} {answer}");
            }
        }
    }
}
