//! The directory read at office scale: each table of each office is read on its own, in index
//! order, and merged on the server. These tests hold that merge to the order a person expects
//! (the same on every page, nobody twice, nobody skipped, ties included) and the search index
//! to the answer of a plain "contains" over every person.
use crate::common;

use axum::http::StatusCode;
use common::router::{app, call, token};
use serde_json::{json, Value};

const LAST: [&str; 4] = ["Claes", "Aerts", "Maes", "Claessens"];
const FIRST: [&str; 3] = ["Ana", "Bram", "Zeno"];

/// 24 people: both kinds, two offices, many with the same name, the same state date or the
/// same creation instant; and one anonymised mentee nobody should find.
async fn seed(db: &app::db::Db) {
    let mut rows = Vec::new();
    for n in 0..24usize {
        rows.push(json!({
            "table": if n % 3 == 0 { "mentor" } else { "mentee" },
            "first": FIRST[n % 3], "last": LAST[(n / 3) % 4],
            "office": if n % 2 == 0 { "liege" } else { "ghent" },
            "email": format!("{}.{n}@example.be", FIRST[n % 3].to_lowercase()),
            "phone": format!("+32 470 55 {n:02} {n:02}"),
            // Four people share each state date; pairs share their creation instant.
            "since": format!("2026-0{}-01T08:00:00Z", 1 + n % 6),
            "created": format!("2026-02-{:02}T09:30:00.5Z", 1 + n / 2),
        }));
    }
    db.query(
        "FOR $r IN $rows {
             IF $r.table = 'mentee' {
                 CREATE mentee CONTENT {
                     first_name: $r.first, last_name: $r.last, office: $r.office,
                     languages: ['fr'], sectors: ['F'], state: 'waiting', email: $r.email,
                     phone: $r.phone, profile: {}, created_at: <datetime> $r.created,
                     updated_at: time::now(), version: 1, state_since: <datetime> $r.since
                 };
             } ELSE {
                 CREATE mentor CONTENT {
                     first_name: $r.first, last_name: $r.last, office: $r.office,
                     languages: ['fr'], sectors: ['F'], state: 'available', capacity: 1,
                     load: 0, email: $r.email, phone: $r.phone, profile: {},
                     created_at: <datetime> $r.created, updated_at: time::now(), version: 1,
                     state_since: <datetime> $r.since
                 };
             };
         };
         CREATE mentee CONTENT {
             first_name: 'Ana', last_name: 'Claes', office: 'liege', languages: ['fr'],
             sectors: ['F'], state: 'closed', profile: {}, created_at: time::now(),
             updated_at: time::now(), version: 1, anonymised_at: time::now()
         };",
    )
    .bind(("rows", rows))
    .await
    .unwrap()
    .check()
    .unwrap();
}

/// A coordinator of both offices.
async fn both_offices(app: &axum::Router, db: &app::db::Db) -> String {
    app::auth::server::create_user(
        db,
        app::auth::server::NewUser {
            email: "both@test.example".into(),
            password: common::PASSWORD.into(),
            role: app::model::Role::Coordinator,
            offices: vec!["liege".into(), "ghent".into()],
            mentor: None,
            display_name: None,
        },
    )
    .await
    .unwrap();
    token(app, "both@test.example").await
}

async fn page(app: &axum::Router, tok: &str, query: &str) -> Value {
    let (status, body) = call(
        app,
        "GET",
        &format!("/api/v1/people?{query}"),
        Some(tok),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    body
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["kind"].as_str().unwrap(),
                r["id"].as_str().unwrap()
            )
        })
        .collect()
}

#[tokio::test]
async fn paging_merges_both_kinds_and_every_office_in_one_order_without_a_gap() {
    let (app, db) = app().await;
    seed(&db).await;
    let tok = both_offices(&app, &db).await;
    for sort in ["name", "since", "recent"] {
        let all = page(&app, &tok, &format!("sort={sort}&per_page=200")).await;
        assert_eq!(
            all["total"], 24,
            "{sort}: the anonymised mentee is not listed"
        );
        let rows = all["items"].as_array().unwrap();
        // The order a person expects, ties broken the same way every time.
        for pair in rows.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let ordered = match sort {
                "name" => {
                    (a["last_name"].as_str(), a["first_name"].as_str())
                        <= (b["last_name"].as_str(), b["first_name"].as_str())
                }
                "since" => a["since"].as_str() <= b["since"].as_str(),
                _ => true,
            };
            assert!(ordered, "{sort}: {a} before {b}");
        }
        let everyone = ids(&all);
        for per_page in [1, 3, 5, 7] {
            let mut paged = Vec::new();
            for n in 1..=24usize.div_ceil(per_page) {
                let one = page(
                    &app,
                    &tok,
                    &format!("sort={sort}&per_page={per_page}&page={n}"),
                )
                .await;
                assert_eq!(one["total"], 24, "{sort} page {n} of {per_page}");
                paged.extend(ids(&one));
            }
            assert_eq!(
                paged, everyone,
                "{sort}, {per_page} a page: the same people in the same order"
            );
        }
    }
    // Newest first: the creation instants go down.
    let recent = page(&app, &tok, "sort=recent&per_page=200").await;
    let (_, first) = db_created(&db, &recent["items"][0]).await;
    let (_, last) = db_created(&db, &recent["items"][23]).await;
    assert!(first > last, "{first} then {last}");
    // Past the last page: nobody, and the count still right.
    let beyond = page(&app, &tok, "page=99").await;
    assert_eq!(
        (beyond["total"].clone(), ids(&beyond).len()),
        (json!(24), 0)
    );
    // One office at a time still works for a coordinator of both.
    assert_eq!(page(&app, &tok, "office=ghent").await["total"], 12);
    // Someone anonymised later leaves every list, search and count at once.
    db.query("UPDATE mentee SET anonymised_at = time::now() WHERE last_name = 'Aerts' AND office = 'ghent'")
        .await
        .unwrap()
        .check()
        .unwrap();
    for (query, total) in [
        ("", 22),
        ("q=aerts", 4),
        ("office=ghent&sort=recent", 10),
        ("sort=since&kind=mentee", 14),
    ] {
        let found = page(&app, &tok, query).await;
        assert_eq!(found["total"], total, "{query}: {found}");
        assert!(
            found["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| !(r["last_name"] == "Aerts"
                    && r["office"] == "ghent"
                    && r["kind"] == "mentee")),
            "{query}"
        );
    }
}

async fn db_created(db: &app::db::Db, row: &Value) -> (String, String) {
    let mut r = db
        .query("SELECT VALUE <string> created_at FROM type::record($t, $id)")
        .bind(("t", row["kind"].as_str().unwrap().to_string()))
        .bind(("id", row["id"].as_str().unwrap().to_string()))
        .await
        .unwrap();
    let v: Vec<String> = r.take(0).unwrap();
    (row["id"].to_string(), v[0].clone())
}

/// Whatever is typed, the index finds exactly the people a plain "contains" would: parts of
/// words, one letter, digits, a word with a sign, two words.
#[tokio::test]
async fn the_search_index_finds_exactly_what_contains_would() {
    let (app, db) = app().await;
    seed(&db).await;
    let tok = both_offices(&app, &db).await;
    let all = page(&app, &tok, "per_page=200").await;
    let everyone: Vec<(String, String)> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                format!(
                    "{}:{}",
                    r["kind"].as_str().unwrap(),
                    r["id"].as_str().unwrap()
                ),
                format!(
                    "{} {}",
                    r["first_name"].as_str().unwrap(),
                    r["last_name"].as_str().unwrap()
                )
                .to_lowercase(),
            )
        })
        .collect();
    let mut emails = std::collections::HashMap::new();
    let mut r = db
        .query("SELECT VALUE [record::tb(id) + ':' + record::id(id), email] FROM mentee, mentor WHERE anonymised_at = NONE")
        .await
        .unwrap();
    let pairs: Vec<(String, String)> = r.take(0).unwrap();
    for (id, email) in pairs {
        emails.insert(id, email);
    }
    for typed in [
        "cla",
        "laes",
        "z",
        "a",
        "ae",
        "zeno claessens",
        "CLAES ana",
        "ssens",
        "bram.1",
        "xyz",
        "ana.12",
        "o'brien",
        "x\\'y",
        "55 07",
    ] {
        let found = page(
            &app,
            &tok,
            &format!(
                "per_page=200&q={}",
                typed
                    .replace('\\', "%5C")
                    .replace('\'', "%27")
                    .replace(' ', "%20")
            ),
        )
        .await;
        let mut got = ids(&found);
        got.sort();
        let mut expected: Vec<String> = everyone
            .iter()
            .filter(|(id, name)| {
                let text = format!("{name} {}", emails[id]).replace(['.', '@'], "-");
                typed
                    .to_lowercase()
                    .split_whitespace()
                    .all(|w| text.contains(&w.replace(['.', '@'], "-")))
            })
            .map(|(id, _)| id.clone())
            .collect();
        expected.sort();
        if typed == "55 07" {
            // A phone number: digits anywhere in the number.
            expected = vec![];
            for (id, _) in &everyone {
                let mut r = db
                    .query("SELECT VALUE phone FROM type::record($t, $k)")
                    .bind(("t", id.split(':').next().unwrap().to_string()))
                    .bind(("k", id.split(':').nth(1).unwrap().to_string()))
                    .await
                    .unwrap();
                let phone: Vec<String> = r.take(0).unwrap();
                if phone[0].replace(' ', "").contains("5507") {
                    expected.push(id.clone());
                }
            }
            expected.sort();
            assert_eq!(expected.len(), 1, "one number holds 55 07");
        }
        assert_eq!(got, expected, "{typed}");
        assert_eq!(found["total"], expected.len(), "{typed}");
    }
}

/// Words of any alphabet are folded as the search key is: a name in Chinese characters, a
/// modifier apostrophe, a sharp s.
#[tokio::test]
async fn words_of_any_alphabet_are_found_as_they_are_written() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    for (first, last) in [("伟", "王"), ("Seán", "Oʼbrien"), ("Jürgen", "Groß")] {
        common::router::create(
            &app,
            &coord,
            "mentees",
            json!({"first_name": first, "last_name": last, "office": "liege"}),
        )
        .await;
    }
    let _ = db;
    for (typed, expected) in [
        ("王", vec!["王"]),
        ("伟 王", vec!["王"]),
        ("wang", vec!["王"]),
        ("Oʼbrien", vec!["Oʼbrien"]),
        ("o'brien", vec!["Oʼbrien"]),
        ("sean", vec!["Oʼbrien"]),
        ("Groß", vec!["Groß"]),
        ("gross", vec!["Groß"]),
        ("ー", vec!["Groß", "Oʼbrien", "王"]),
    ] {
        let found = page(&app, &coord, &format!("q={}", urlencode(typed))).await;
        let names: Vec<&str> = found["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["last_name"].as_str().unwrap())
            .collect();
        assert_eq!(names, expected, "{typed}");
    }
}

fn urlencode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
