//! Bringing an office's spreadsheet in through the JSON API (and the page's server function):
//! checks that write nothing, all-or-nothing imports that name the rows to fix, probable
//! duplicates skipped, files as Belgian spreadsheets save them, 10,000 rows in one request, and
//! who may import.
use crate::common;

use axum::http::StatusCode;
use common::router::{admin_token, app, call, create, mentor_account, send, token};
use serde_json::{json, Value};

/// Posts a file to an import route; the status and the JSON answer.
async fn import(
    app: &axum::Router,
    token: Option<&str>,
    office: &str,
    kind: &str,
    file: impl Into<Vec<u8>>,
    dry_run: bool,
    lang: &str,
) -> (StatusCode, Value) {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("content-type", "text/csv"), ("accept-language", lang)];
    if let Some(auth) = auth.as_deref() {
        headers.push(("authorization", auth));
    }
    let query = if dry_run { "?dry_run=true" } else { "" };
    let body = String::from_utf8_lossy(&file.into()).into_owned();
    let answer = send(
        app,
        "POST",
        &format!("/api/v1/offices/{office}/import/{kind}{query}"),
        &headers,
        Some(body),
        None,
    )
    .await;
    (answer.status, answer.body)
}

/// The people of one kind in an office, by last name.
async fn people(app: &axum::Router, tok: &str, kind: &str, office: &str) -> Vec<Value> {
    let (status, list) = call(
        app,
        "GET",
        &format!("/api/v1/{kind}?office={office}"),
        Some(tok),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().unwrap().clone()
}

fn last_names(list: &[Value]) -> Vec<&str> {
    list.iter()
        .map(|p| p["last_name"].as_str().unwrap())
        .collect()
}

const GOOD: &str = "first_name,last_name,email,phone,languages,state\n\
                    Amina,Benali,amina@example.be,0470 12 34 56,fr|ar,intake_done\n\
                    Piet,Peeters,,,,\n\
                    Sofia,Martins,sofia@example.be,,pt,\n";

#[tokio::test]
async fn a_check_writes_nothing_and_says_what_an_import_would_create() {
    let (app, _) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let (status, report) = import(&app, Some(&coord), "liege", "mentees", GOOD, true, "en").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        report,
        json!({"created": 3, "errors": [], "duplicates": []})
    );
    assert!(people(&app, &coord, "mentees", "liege").await.is_empty());
}

#[tokio::test]
async fn one_bad_row_stops_the_whole_import_and_names_its_row_and_column() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let bad = GOOD.replace("sofia@example.be", "sofia-at-example.be");
    for dry_run in [true, false] {
        let (status, report) = import(
            &app,
            Some(&coord),
            "liege",
            "mentees",
            bad.clone(),
            dry_run,
            "fr",
        )
        .await;
        let want = if dry_run {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        assert_eq!(status, want, "{report}");
        assert_eq!(
            report["errors"],
            json!([{"row": 4, "field": "email", "message": "Saisissez une adresse e-mail comme nom@exemple.be."}]),
            "the form's own words, in the reader's language"
        );
        // A check counts the rows ready; an import with an error creates nobody.
        assert_eq!(report["created"], if dry_run { 2 } else { 0 });
    }
    assert!(people(&app, &coord, "mentees", "liege").await.is_empty());

    // Fixed: every row is created, as the intake form would have recorded it.
    let (status, report) = import(&app, Some(&coord), "liege", "mentees", GOOD, false, "en").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 3);
    let list = people(&app, &coord, "mentees", "liege").await;
    assert_eq!(last_names(&list), ["Benali", "Martins", "Peeters"]);
    let amina = &list[0];
    assert_eq!(amina["phone"], "+32470123456");
    assert_eq!(amina["languages"], json!(["fr", "ar"]));
    assert_eq!(amina["state"], "intake_done");
    assert!(amina["waiting_since"].is_null(), "{amina}");
    assert_eq!(amina["office"], "liege");
    assert_eq!(amina["version"], 1);
    assert_eq!(list[2]["state"], "registered");
    assert!(list[2]["waiting_since"].is_null());
    // Each person has their audit row, written with them.
    let mut resp = db
        .query(
            "SELECT count() AS n FROM audit WHERE action = 'create'
             AND string::starts_with(record, 'mentee:') GROUP ALL",
        )
        .await
        .unwrap();
    let n: Option<i64> = resp.take((0, "n")).unwrap();
    assert_eq!(n, Some(3));
    // The header's problems are on row 1 and name the column, in the caller's language.
    let typo = "first_name;lastname\nA;B\n";
    let (status, report) = import(&app, Some(&coord), "liege", "mentees", typo, false, "nl").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    assert_eq!(
        report["errors"],
        json!([
            {"row": 1, "field": "lastname", "message": "Onbekende kolom “lastname”: geef ze de naam van een kolom die Duo leest, of verwijder ze."},
            {"row": 1, "field": "last_name", "message": "De kolom “last_name” ontbreekt in de eerste rij."},
        ])
    );
}

#[tokio::test]
async fn probable_duplicates_are_reported_and_skipped_the_others_created() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let ghent = token(&app, "ghent@test.example").await;
    let admin = admin_token(&app, &db).await;
    // Already recorded: one in Ghent (an office the Liège coordinator does not see) by email,
    // one in Liège by phone, one by name and postcode, and one erased (anonymised: no longer
    // anybody).
    let by_email = create(
        &app,
        &ghent,
        "mentees",
        json!({"first_name": "Nadia", "last_name": "Amrani",
        "office": "ghent", "email": "nadia@example.be"}),
    )
    .await;
    let by_phone = create(
        &app,
        &coord,
        "mentees",
        json!({"first_name": "Yusuf", "last_name": "Kaya",
        "office": "liege", "phone": "+32 470 99 88 77"}),
    )
    .await;
    let by_name = create(
        &app,
        &coord,
        "mentees",
        json!({"first_name": "Élodie", "last_name": "Dupré",
        "office": "liege", "profile": {"postcode": "4000"}}),
    )
    .await;
    let erased = create(
        &app,
        &coord,
        "mentees",
        json!({"first_name": "Old", "last_name": "Record",
        "office": "liege", "email": "gone@example.be"}),
    )
    .await;
    let (status, answer) = call(
        &app,
        "POST",
        &format!("/api/v1/people/{}/erase", erased["id"].as_str().unwrap()),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert!(status.is_success(), "{answer}");
    // A mentor with the same email is another kind of record: not a duplicate of a mentee.
    create(
        &app,
        &coord,
        "mentors",
        json!({"first_name": "Marc", "last_name": "Dubois",
        "office": "liege", "email": "marc@example.be"}),
    )
    .await;

    let file = "first_name;last_name;email;phone;postcode\n\
                Nadia;Amrani;NADIA@example.be;;\n\
                Yusuf;Kaya-Demir;;0470/99.88.77;\n\
                ELODIE;dupre;;;4000\n\
                Elodie;Dupré;;;4020\n\
                Marc;Dubois;marc@example.be;;\n\
                Old;Record;gone@example.be;;\n\
                Marc;Dubois;Marc@Example.be;;\n";
    let id = |v: &Value| format!("mentee:{}", v["id"].as_str().unwrap());
    // An administrator sees every office: the Ghent mentee is a duplicate for them.
    let (status, report) = import(&app, Some(&admin), "liege", "mentees", file, true, "en").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        report["duplicates"],
        json!([
            {"row": 2, "existing": id(&by_email)},
            {"row": 3, "existing": id(&by_phone)},
            {"row": 4, "existing": id(&by_name)},
            {"row": 8, "existing": "row 6"},
        ])
    );
    assert_eq!(report["created"], 3);
    // The Liège coordinator does not see Ghent: the answer must not tell them who is registered
    // there, so Nadia is no duplicate for them and is created in Liège.
    let expected = json!([
        {"row": 3, "existing": id(&by_phone)},
        {"row": 4, "existing": id(&by_name)},
        {"row": 8, "existing": "row 6"},
    ]);
    let (status, report) = import(&app, Some(&coord), "liege", "mentees", file, true, "en").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["duplicates"], expected);
    assert_eq!(report["created"], 4);
    assert!(
        !report
            .to_string()
            .contains(by_email["id"].as_str().unwrap()),
        "{report}"
    );
    let (status, report) = import(&app, Some(&coord), "liege", "mentees", file, false, "en").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        report,
        json!({"created": 4, "errors": [], "duplicates": expected})
    );
    let list = people(&app, &coord, "mentees", "liege").await;
    let names: Vec<String> = list
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p["first_name"].as_str().unwrap(),
                p["last_name"].as_str().unwrap()
            )
        })
        .collect();
    for name in ["Nadia Amrani", "Elodie Dupré", "Marc Dubois", "Old Record"] {
        assert_eq!(
            names.iter().filter(|n| *n == name).count(),
            1,
            "{name} created once: {names:?}"
        );
    }
    // Importing the same file again creates nobody: every row is someone recorded now.
    let (status, report) = import(&app, Some(&coord), "liege", "mentees", file, false, "en").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 0);
    assert_eq!(report["duplicates"].as_array().unwrap().len(), 7);
}

#[tokio::test]
async fn a_bom_semicolons_and_quoted_cells_as_belgian_spreadsheets_save_them() {
    let (app, _) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let mut file = vec![0xef, 0xbb, 0xbf];
    file.extend_from_slice(
        "Last name;First name;Sectors;Note;Availability;Online;Capacity;State;Languages\r\n\
         \"Van den Broeck; sr\";Luc;F|q;\"Retired engineer\r\nprefers mornings\";mon_morning|wed_morning;ja;2;in_training;nl|fr\r\n\
         Janssens;An;;;;;;;\r\n"
            .as_bytes(),
    );
    let (status, report) = import(&app, Some(&coord), "liege", "mentors", file, false, "en").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["created"], 2);
    let list = people(&app, &coord, "mentors", "liege").await;
    assert_eq!(last_names(&list), ["Janssens", "Van den Broeck; sr"]);
    let luc = &list[1];
    assert_eq!(
        luc["first_name"], "Luc",
        "the BOM is not part of the first column's name"
    );
    assert_eq!(luc["sectors"], json!(["F", "Q"]));
    assert_eq!(luc["languages"], json!(["nl", "fr"]));
    assert_eq!(luc["note"], "Retired engineer\r\nprefers mornings");
    assert_eq!(luc["capacity"], 2);
    assert_eq!(luc["state"], "in_training");
    assert!(luc["available_since"].is_null());
    assert_eq!(luc["profile"]["online"], true);
    assert_eq!(luc["profile"]["availability"], 1 | (1 << 6));
    assert_eq!(list[0]["capacity"], 1);
}

#[tokio::test]
async fn the_programmes_later_stages_are_not_imported() {
    let (app, _) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let message = "This stage cannot be imported: take the person there from their record.";
    let mentees = "first_name,last_name,languages,state\n\
                   Amina,Benali,fr,waiting\n\
                   Piet,Peeters,nl,eligible\n\
                   Sofia,Martins,pt,referred\n";
    let (status, report) =
        import(&app, Some(&coord), "liege", "mentees", mentees, false, "en").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{report}");
    assert_eq!(
        report,
        json!({"created": 0, "duplicates": [], "errors": [
            {"row": 2, "field": "state", "message": message},
            {"row": 3, "field": "state", "message": message},
        ]})
    );
    let mentors = "first_name,last_name,languages,state\n\
                   Marc,Dubois,fr,available\n\
                   Jan,Claes,nl,in_duo\n\
                   Luc,Janssens,nl,in_training\n";
    let (status, report) =
        import(&app, Some(&coord), "liege", "mentors", mentors, true, "fr").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let fr = "Cette étape ne peut pas être importée : faites-y passer la personne depuis sa fiche.";
    assert_eq!(
        report["errors"],
        json!([
            {"row": 2, "field": "state", "message": fr},
            {"row": 3, "field": "state", "message": fr},
        ])
    );
    assert_eq!(report["created"], 1);
    assert!(people(&app, &coord, "mentees", "liege").await.is_empty());
    // Once fixed, the states before the rules are recorded as they are.
    let fixed = mentees
        .replace("waiting", "intake_done")
        .replace("eligible", "ineligible");
    let (status, report) = import(&app, Some(&coord), "liege", "mentees", fixed, false, "en").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let list = people(&app, &coord, "mentees", "liege").await;
    let states: Vec<&str> = list.iter().map(|p| p["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["intake_done", "referred", "ineligible"]);
}

#[tokio::test]
async fn a_file_of_many_bad_rows_lists_the_first_thousand_errors_and_counts_the_rest() {
    let (app, _) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let mut file = String::from("first_name,last_name,email\n");
    for i in 0..1_005 {
        file.push_str(&format!("A{i},B,not-an-email-{i}\n"));
    }
    let (status, report) = import(&app, Some(&coord), "liege", "mentees", file, false, "en").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(report["errors"].as_array().unwrap().len(), 1_000);
    assert_eq!(report["more_errors"], 5);
    assert_eq!(report["errors"][999]["row"], 1_001);
    assert_eq!(report["created"], 0);
}

/// A file of `rows` people, each different from the others.
fn big_file(rows: usize) -> String {
    let mut text =
        String::from("first_name;last_name;email;phone;languages;sectors;postcode;note\n");
    for i in 0..rows {
        text.push_str(&format!(
            "Person{i};Imported{i};person{i}@example.be;+3247{i:07};fr|nl;F|Q;{pc};Intake at the job fair, row {i}\n",
            pc = 1000 + i % 9000
        ));
    }
    text
}

#[tokio::test]
async fn ten_thousand_rows_import_in_one_request() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let file = big_file(10_000);
    assert!(file.len() > 256 * 1024, "larger than other bodies may be");
    let started = std::time::Instant::now();
    let (status, report) = import(
        &app,
        Some(&coord),
        "liege",
        "mentees",
        file.clone(),
        false,
        "en",
    )
    .await;
    let took = started.elapsed();
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        report.to_string().chars().take(500).collect::<String>()
    );
    assert_eq!(report["created"], 10_000);
    assert_eq!(report["errors"], json!([]));
    eprintln!("10,000 rows ({} bytes) imported in {took:?}", file.len());
    let mut resp = db
        .query("SELECT count() AS n FROM mentee WHERE office = 'liege' GROUP ALL")
        .await
        .unwrap();
    let n: Option<i64> = resp.take((0, "n")).unwrap();
    assert_eq!(n, Some(10_000));
    // The same file through the page's server function (a JSON body of over a megabyte): a
    // check now finds every row recorded.
    let path = <app::import::api::ImportPeople as leptos::server_fn::ServerFn>::PATH;
    let auth = format!("Bearer {coord}");
    let body = json!({"kind": "mentee", "office": "liege", "csv": file, "dry_run": true});
    let started = std::time::Instant::now();
    let answer = common::router::send(
        &app,
        "POST",
        path,
        &[
            ("content-type", "application/json"),
            ("authorization", &auth),
        ],
        Some(body.to_string()),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    eprintln!(
        "the same 10,000 rows checked against 10,000 recorded in {:?}",
        started.elapsed()
    );
    assert_eq!(answer.body["created"], 0);
    assert_eq!(answer.body["duplicates"].as_array().unwrap().len(), 10_000);
    assert_eq!(answer.body["rows"].as_array().unwrap().len(), 10_000);
    // One row more than an import takes: one clear error, on the row past the limit.
    let (status, report) = import(
        &app,
        Some(&coord),
        "ghent",
        "mentees",
        big_file(10_001),
        true,
        "en",
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{report}");
    let admin = admin_token(&app, &db).await;
    let (status, report) = import(
        &app,
        Some(&admin),
        "ghent",
        "mentees",
        big_file(10_001),
        true,
        "en",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        report["errors"],
        json!([{"row": 10_002, "field": "",
            "message": "The file has more than 10,000 people: split it into several files."}])
    );
    // Other routes keep their small limit.
    let (status, answer) = call(
        &app,
        "POST",
        "/api/v1/mentees",
        Some(&coord),
        "en",
        Some(json!({"first_name": "x".repeat(300 * 1024)})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["field"], "body");
    assert_eq!(answer["error"]["problem"], "too_long");
}

#[tokio::test]
async fn only_the_offices_coordinators_and_administrators_may_import() {
    let (app, db) = app().await;
    let coord = token(&app, "coord@test.example").await;
    let admin = admin_token(&app, &db).await;
    let mentor = create(
        &app,
        &coord,
        "mentors",
        json!({"first_name": "Jean", "last_name": "Mentor",
        "office": "liege", "languages": ["fr"], "state": "available"}),
    )
    .await;
    let callers = [
        (None, StatusCode::UNAUTHORIZED),
        (
            Some(token(&app, "ghent@test.example").await),
            StatusCode::FORBIDDEN,
        ),
        (
            Some(token(&app, "hq@test.example").await),
            StatusCode::FORBIDDEN,
        ),
        (
            Some(mentor_account(&app, &db, mentor["id"].as_str().unwrap(), "m@test.example").await),
            StatusCode::FORBIDDEN,
        ),
    ];
    for kind in ["mentees", "mentors"] {
        for (who, want) in &callers {
            for dry_run in [true, false] {
                let (status, answer) =
                    import(&app, who.as_deref(), "liege", kind, GOOD, dry_run, "en").await;
                assert_eq!(status, *want, "{kind} {who:?}: {answer}");
                assert!(answer["error"]["message"].is_string());
            }
        }
    }
    // Nothing was written by the refused callers.
    assert!(people(&app, &coord, "mentees", "liege").await.is_empty());
    // An administrator may import into any office; an unknown office is named.
    let (status, report) = import(&app, Some(&admin), "ghent", "mentees", GOOD, false, "en").await;
    assert_eq!(
        (status, report["created"].clone()),
        (StatusCode::OK, json!(3))
    );
    let (status, answer) = import(&app, Some(&admin), "paris", "mentees", GOOD, true, "en").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["field"], "office");
    let answer = send(
        &app,
        "POST",
        "/api/v1/offices/liege/import/mentees?dry_run=maybe",
        &[("authorization", &format!("Bearer {coord}"))],
        Some(GOOD.into()),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["error"]["field"], "dry_run");
    let message = answer.body["error"]["message"].as_str().unwrap();
    assert!(
        !message.contains("dry_run"),
        "the field is named in words: {message}"
    );
}
