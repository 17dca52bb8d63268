//! Headquarters' figures through the API: aggregates only, small cells hidden, scope per role,
//! and the CSV export of every table.
use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::router::{app, app_with, call, create, token};
use http_body_util::BodyExt;
use serde_json::json;
use std::io::Read;
use tower::ServiceExt;

#[tokio::test]
async fn figures_are_scoped_counted_and_small_cells_hidden() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    for i in 0..6 {
        create(
            &app,
            &coord,
            "mentees",
            json!({"first_name": "M", "last_name": format!("W{i}"), "office": "liege",
            "languages": ["fr"], "sectors": ["F"], "state": "waiting"}),
        )
        .await;
    }
    for i in 0..2 {
        create(
            &app,
            &coord,
            "mentors",
            json!({"first_name": "O", "last_name": format!("A{i}"), "office": "liege",
            "languages": ["fr"], "sectors": ["F"], "state": "available"}),
        )
        .await;
    }

    // A coordinator sees their office's exact figures.
    let (status, m) = call(&app, "GET", "/api/v1/metrics", Some(&coord), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(m["offices"].as_array().unwrap().len(), 1);
    assert_eq!(m["offices"][0]["office"], "liege");
    assert_eq!(m["total"]["waiting_mentees"], 6);
    assert_eq!(m["total"]["available_mentors"], 2);
    assert_eq!(m["total"]["open_duos"], 0);
    assert_eq!(m["total"]["active_duos"], 0);
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/metrics?office=ghent",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Headquarters: every office, no names anywhere, fewer than five shown as "<5".
    let hq = token(&app, "hq@test.example").await;
    let (status, m) = call(&app, "GET", "/api/v1/metrics", Some(&hq), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{m}");
    assert_eq!(m["offices"].as_array().unwrap().len(), 4);
    assert_eq!(m["total"]["waiting_mentees"], 6);
    assert_eq!(m["total"]["available_mentors"], "<5");
    assert_eq!(m["total"]["open_duos"], "<5");
    let liege = m["offices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["office"] == "liege")
        .unwrap()
        .clone();
    // Liège's six would tell that the other offices (hidden, under five) have none: the total
    // minus Liège is zero. So it is hidden too; the total, six, stays.
    assert_eq!(liege["waiting_mentees"], "<5");
    assert_eq!(liege["active_duos"], "<5");
    let text = m.to_string();
    assert!(
        !text.contains("W0") && !text.contains("A1"),
        "no name reaches headquarters"
    );
    let (status, one) = call(
        &app,
        "GET",
        "/api/v1/metrics?office=ghent&from=2026-01-01&to=2026-12-31",
        Some(&hq),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["offices"].as_array().unwrap().len(), 1);
    // Headquarters get whole calendar years: March is answered with the year (so far), so two
    // periods cannot be subtracted to isolate a month; a coordinator gets March.
    let today = app::clock::today();
    let year = chrono::Datelike::year(&today);
    let march = format!("/api/v1/metrics?from={year}-03-01&to={year}-03-31");
    let (status, hq_march) = call(&app, "GET", &march, Some(&hq), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{hq_march}");
    let year_end = chrono::NaiveDate::from_ymd_opt(year, 12, 31)
        .unwrap()
        .min(today);
    assert_eq!(
        (
            hq_march["period"]["from"].as_str(),
            hq_march["period"]["to"].as_str()
        ),
        (
            Some(format!("{year}-01-01").as_str()),
            Some(year_end.to_string().as_str())
        )
    );
    let (_, coord_march) = call(&app, "GET", &march, Some(&coord), "en", None).await;
    assert_eq!(coord_march["period"]["from"], format!("{year}-03-01"));
    assert_eq!(coord_march["period"]["to"], format!("{year}-03-31"));
    for bad in [
        "/api/v1/metrics?from=2026-13-01",
        "/api/v1/metrics?from=2026-12-01&to=2026-01-01",
        "/api/v1/metrics?office=paris",
    ] {
        let (status, body) = call(&app, "GET", bad, Some(&hq), "en", None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
    }

    // The CSV of a table: the same numbers, the same suppression.
    let req = axum::http::Request::builder()
        .uri("/api/v1/metrics/summary.csv")
        .header("authorization", format!("Bearer {hq}"))
        .body(axum::body::Body::empty())
        .unwrap();
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let resp = app.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let body = String::from_utf8(
        resp.into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    let mut lines = body.lines();
    assert!(lines.next().unwrap().starts_with("office,waiting_mentees,"));
    assert!(lines.next().unwrap().starts_with("total,6,"), "{body}");
    assert!(body.contains("<5"));
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/metrics/names.csv",
        Some(&hq),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Targets: set by an admin, shown as progress.
    let (status, _) = call(
        &app,
        "PUT",
        "/api/v1/targets",
        Some(&hq),
        "en",
        Some(json!({"year": 2026, "office": "liege", "mentees": 200, "mentors": 150})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    app::auth::server::create_user(
        &db,
        app::auth::server::NewUser {
            email: "admin@test.example".into(),
            password: common::PASSWORD.into(),
            role: app::model::Role::Admin,
            offices: vec![],
            mentor: None,
            display_name: None,
        },
    )
    .await
    .unwrap();
    let admin = token(&app, "admin@test.example").await;
    let year = app::clock::today()
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap();
    let (status, body) = call(
        &app,
        "PUT",
        "/api/v1/targets",
        Some(&admin),
        "en",
        Some(json!({"year": year, "office": "liege", "mentees": 200, "mentors": 150})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, m) = call(
        &app,
        "GET",
        "/api/v1/metrics?office=liege",
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(m["total"]["progress"]["mentee_target"], 200);
    assert_eq!(m["total"]["progress"]["mentees"], 6);

    // Mentors get no figures.
    let ghent = token(&app, "ghent@test.example").await;
    let (_, m) = call(&app, "GET", "/api/v1/metrics", Some(&ghent), "en", None).await;
    assert_eq!(
        m["total"]["waiting_mentees"], 0,
        "Ghent's coordinator sees Ghent only"
    );
}

/// Fifty dashboards asking at once after a change cost one reading of the programme, and each
/// distinct dashboard one computation; the next change is in the next answer; a card being
/// dragged (no record changed) costs nothing.
#[tokio::test]
async fn dashboards_share_one_reading_per_change() {
    let (app, state) = common::router::app_with(|s| s).await;
    let coord = token(&app, "coord@test.example").await;
    let hq = token(&app, "hq@test.example").await;
    let mentee = json!({"first_name": "M", "last_name": "W", "office": "liege",
        "languages": ["fr"], "sectors": ["F"], "state": "waiting"});
    create(&app, &coord, "mentees", mentee.clone()).await;
    let before = state.figures.readings();
    let asks = (0..50).map(|n| {
        let (app, who) = (app.clone(), if n % 2 == 0 { &hq } else { &coord });
        async move { call(&app, "GET", "/api/v1/metrics", Some(who), "en", None).await }
    });
    let answers = futures::future::join_all(asks).await;
    assert!(answers.iter().all(|(s, _)| *s == StatusCode::OK));
    assert_eq!(state.figures.readings(), before + 1);
    let coordinator_view = &answers[1].1;
    assert_eq!(coordinator_view["total"]["waiting_mentees"], 1);
    assert!(answers
        .iter()
        .skip(1)
        .step_by(2)
        .all(|(_, m)| m == coordinator_view));

    // A committed change: the very next answer holds it.
    create(&app, &coord, "mentees", mentee).await;
    let (_, m) = call(&app, "GET", "/api/v1/metrics", Some(&coord), "en", None).await;
    assert_eq!(m["total"]["waiting_mentees"], 2);
    assert_eq!(state.figures.readings(), before + 2);

    // Dragging a card announces a hold, not a change of records: the reading stands.
    let (status, _) = crate::limits::hold(&app, &coord, "card1").await;
    assert_eq!(status, StatusCode::OK);
    call(&app, "GET", "/api/v1/metrics", Some(&coord), "en", None).await;
    assert_eq!(state.figures.readings(), before + 2);
}

#[test]
fn a_reading_rests_four_times_its_length_at_most_two_seconds() {
    use app::metrics::shared::{rest_before_reading, MAX_REST};
    use std::time::Duration;
    let ms = Duration::from_millis;
    assert_eq!(rest_before_reading(ms(0)), ms(0));
    assert_eq!(rest_before_reading(ms(15)), ms(60));
    assert_eq!(rest_before_reading(ms(150)), ms(600));
    assert_eq!(rest_before_reading(ms(500)), MAX_REST);
    assert_eq!(rest_before_reading(Duration::from_secs(12)), MAX_REST);
}

/// Readings are paced: after a change, the next reading waits until the last one has rested
/// four times as long as it took, and its answer still holds the change.
#[tokio::test]
async fn readings_rest_between_changes() {
    use app::metrics::shared::rest_before_reading;
    let (app, state) = common::router::app_with(|s| s).await;
    let coord = token(&app, "coord@test.example").await;
    let mentee = json!({"first_name": "M", "last_name": "W", "office": "liege",
        "languages": ["fr"], "sectors": ["F"], "state": "waiting"});
    let mut last = None;
    for n in 1..=3 {
        create(&app, &coord, "mentees", mentee.clone()).await;
        let (_, m) = call(&app, "GET", "/api/v1/metrics", Some(&coord), "en", None).await;
        assert_eq!(
            m["total"]["waiting_mentees"], n,
            "the answer holds the change"
        );
        let (ended, took) = state.figures.last_reading().expect("a reading");
        if let Some((ended_before, took_before)) = last {
            let began = ended - took;
            assert!(
                began >= ended_before + rest_before_reading(took_before),
                "reading {n} began {:?} after the one before ended; it took {took_before:?}",
                began - ended_before
            );
        }
        last = Some((ended, took));
    }
}

/// The figures' copy of the programme follows the change feeds: after changes of every kind
/// (people registered, a duo made and moved, a draft undone and deleted, writes that no event
/// announces), the shared dashboard equals one computed from a whole new reading.
#[tokio::test]
async fn the_kept_copy_equals_a_whole_reading_after_changes() {
    let (app, state) = common::router::app_with(|s| s).await;
    server::demo::seed(&state.db).await.unwrap();
    let admin = common::caller(&state.db, app::model::Role::Admin, &[]).await;
    let shared = || app::metrics::server::dashboard(&state, &admin, None, None, None);
    let whole = || {
        let fresh = app::state::AppState::new(state.db.clone());
        let admin = admin.clone();
        async move {
            app::metrics::server::dashboard(&fresh, &admin, None, None, None)
                .await
                .unwrap()
        }
    };
    assert_eq!(shared().await.unwrap(), whole().await);
    let readings = state.figures.readings();

    let coord = token(&app, "coord@test.example").await;
    let (duo, _, _) = common::router::proposed_duo(&app, &coord, "Feed").await;
    let (undone, _, _) = common::router::draft_duo(&app, &coord, "Undone").await;
    let (status, body) = call(
        &app,
        "DELETE",
        &format!("/api/v1/duos/{undone}"),
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert!(status.is_success(), "{status} {body}");
    // A write no event announces (a tool on the database): the next announced change brings
    // it along, because the feed, not the event, says what changed.
    state
        .db
        .query(
            "UPDATE (SELECT VALUE id FROM mentor WHERE office = 'ghent' LIMIT 2) SET state = 'withdrawn';
             DELETE (SELECT VALUE id FROM outcome LIMIT 1);",
        )
        .await
        .unwrap()
        .check()
        .unwrap();
    let (status, body) = common::router::step(
        &app,
        &coord,
        &duo,
        json!({"to": "intro_scheduled", "date": common::router::today(3), "place": "online"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let kept = shared().await.unwrap();
    assert_eq!(state.figures.readings(), readings + 1);
    // Only what changed was read: the copy was read whole once, at first.
    assert_eq!(state.figures.whole_readings(), 1);
    assert_eq!(kept, whole().await);
}

/// A dashboard whose caller stops waiting at any point (a closed tab) leaves the copy of the
/// programme in place: the next dashboard brings it up to date instead of reading it whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_that_stops_waiting_keeps_the_copy() {
    let (app, state) = common::router::app_with(|s| s).await;
    server::demo::seed(&state.db).await.unwrap();
    let admin = common::caller(&state.db, app::model::Role::Admin, &[]).await;
    let coord = token(&app, "coord@test.example").await;
    let mentee = json!({"first_name": "M", "last_name": "W", "office": "liege",
        "languages": ["fr"], "sectors": ["F"], "state": "waiting"});
    app::metrics::server::dashboard(&state, &admin, None, None, None)
        .await
        .unwrap();
    assert_eq!(state.figures.whole_readings(), 1);
    // Each change, then a caller that gives up after a little longer each time, so some give up
    // while the copy is brought up to date and some while its rows are assembled.
    for wait_us in (0..40).map(|n| n * 250) {
        create(&app, &coord, "mentees", mentee.clone()).await;
        let _ = tokio::time::timeout(
            std::time::Duration::from_micros(wait_us),
            app::metrics::server::dashboard(&state, &admin, None, None, None),
        )
        .await;
    }
    let (status, before) = call(&app, "GET", "/api/v1/metrics", Some(&coord), "en", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        state.figures.whole_readings(),
        1,
        "the copy was read whole again"
    );
    // And it holds every change: one more mentee is one more waiting.
    create(&app, &coord, "mentees", mentee).await;
    let (_, after) = call(&app, "GET", "/api/v1/metrics", Some(&coord), "en", None).await;
    assert_eq!(
        after["total"]["waiting_mentees"].as_u64().unwrap(),
        before["total"]["waiting_mentees"].as_u64().unwrap() + 1
    );
    assert_eq!(state.figures.whole_readings(), 1);
}

/// The dashboard's answer as it leaves the server: `Content-Encoding` and the body's bytes.
async fn answer_in(app: &axum::Router, token: &str, accept: &str) -> (Option<String>, Vec<u8>) {
    let request = Request::get("/api/v1/metrics")
        .header("authorization", format!("Bearer {token}"))
        .header("accept-encoding", accept)
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let vary = response.headers().get("vary").map(|v| v.to_str().unwrap());
    assert!(
        vary.is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")),
        "caches keep one answer per coding: {vary:?}"
    );
    assert_eq!(response.headers()["cache-control"], "private, no-store");
    let coding = response
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_string());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (coding, body.to_vec())
}

/// Every open dashboard asks again after each change: the answer is written and compressed once
/// for all of them (the same bytes to each), in the best coding each client takes, the same
/// dashboard in every coding, and never the one from before the change.
#[tokio::test]
async fn the_dashboard_is_written_once_for_everyone_in_each_coding() {
    let (app, state) = app_with(|state| state).await;
    let coord = token(&app, "coord@test.example").await;
    let hq = token(&app, "hq@test.example").await;
    let new_mentee = |i: usize| {
        json!({"first_name": "M", "last_name": format!("Coded{i}"), "office": "liege",
            "languages": ["fr"], "sectors": ["F"], "state": "waiting"})
    };
    for i in 0..6 {
        create(&app, &coord, "mentees", new_mentee(i)).await;
    }
    let written = state.figures.dashboards_written();
    let (plain_coding, plain) = answer_in(&app, &hq, "identity").await;
    assert_eq!(plain_coding, None);
    let dashboard: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(dashboard["total"]["waiting_mentees"], 6);

    let (coding, brotli) = answer_in(&app, &hq, "gzip, deflate, br, zstd").await;
    assert_eq!(coding.as_deref(), Some("br"));
    let mut unbrotli = Vec::new();
    brotli::Decompressor::new(&brotli[..], 4096)
        .read_to_end(&mut unbrotli)
        .unwrap();
    assert_eq!(unbrotli, plain, "the same dashboard, compressed");
    assert!(brotli.len() < plain.len());
    // Another headquarters' tab: the very bytes written for the first.
    let (_, again) = answer_in(&app, &hq, "br").await;
    assert_eq!(again, brotli);

    let (coding, gzip) = answer_in(&app, &hq, "gzip;q=1, br;q=0").await;
    assert_eq!(coding.as_deref(), Some("gzip"));
    let mut ungzip = Vec::new();
    flate2::read::GzDecoder::new(&gzip[..])
        .read_to_end(&mut ungzip)
        .unwrap();
    assert_eq!(ungzip, plain);
    assert_eq!(
        state.figures.dashboards_written() - written,
        1,
        "four answers in three codings, one dashboard written"
    );

    // A change: the next answer holds it, in every coding.
    create(&app, &coord, "mentees", new_mentee(6)).await;
    let (_, plain) = answer_in(&app, &hq, "").await;
    let dashboard: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(dashboard["total"]["waiting_mentees"], 7);
    let (_, brotli) = answer_in(&app, &hq, "br").await;
    let mut unbrotli = Vec::new();
    brotli::Decompressor::new(&brotli[..], 4096)
        .read_to_end(&mut unbrotli)
        .unwrap();
    assert_eq!(unbrotli, plain);
}
