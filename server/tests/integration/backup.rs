//! Backups and restores: a backup taken while writes continue restores into a fresh database
//! with every record, every figure and the append-only audit log; a database that is not empty
//! is refused; the nightly folder keeps the newest 14; the API's backups are for administrators;
//! the CLI backs up, restores, and refuses default credentials on a SurrealDB server.
use crate::common;

use app::auth::server::{open_session, principal_for_token};
use app::db::Db;
use app::metrics::server::dashboard;
use app::privacy::consent::record_consent;
use app::state::AppState;
use axum::http::StatusCode;
use common::router::{admin_token, app, call, proposed_duo, step, today, token};
use serde_json::{json, Value};
use server::backup::{self, BackupError, Backups, Source, KEPT};
use server::database::{self, Purpose};
use std::collections::BTreeMap;
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Every record of every table: table → record id → record.
type Records = BTreeMap<String, BTreeMap<String, Value>>;

async fn snapshot(db: &Db) -> Records {
    let mut all = Records::new();
    for table in backup::tables(db).await.unwrap() {
        let mut resp = db
            .query("SELECT * FROM type::table($t)")
            .bind(("t", table.clone()))
            .await
            .unwrap();
        let rows: Vec<Value> = resp.take(0).unwrap();
        let rows = rows.into_iter().map(|r| (r["id"].to_string(), r)).collect();
        all.insert(table, rows);
    }
    all
}

fn count(records: &Records, table: &str) -> usize {
    records.get(table).map_or(0, BTreeMap::len)
}

/// A programme with every kind of record, through the API: people, duos (one active with a
/// meeting and a goal), consents, audit entries, sessions.
async fn programme(app: &axum::Router, db: &Db) -> (String, String) {
    let admin = admin_token(app, db).await;
    let coord = token(app, "coord@test.example").await;
    for name in ["Backup", "Snapshot"] {
        let (duo, mentee, _) = proposed_duo(app, &coord, name).await;
        for body in [
            json!({"to": "intro_scheduled", "date": today(0), "place": "online"}),
            json!({"to": "intro_held"}),
            json!({"to": "agreed", "date": today(0)}),
            json!({"to": "active"}),
        ] {
            let (status, b) = step(app, &coord, &duo, body).await;
            assert_eq!(status, StatusCode::OK, "{b}");
        }
        let writes = [
            (
                format!("/api/v1/duos/{duo}/meetings"),
                json!({"date": today(0), "minutes": 45, "mode": "phone"}),
            ),
            (
                format!("/api/v1/duos/{duo}/goals"),
                json!({"title": "A first interview", "steps": ["Write the CV"]}),
            ),
            (
                format!("/api/v1/people/{mentee}/consents"),
                json!({"kind": "photos", "given": true}),
            ),
        ];
        for (uri, body) in writes {
            let (status, b) = call(app, "POST", &uri, Some(&coord), "en", Some(body)).await;
            assert_eq!(status, StatusCode::CREATED, "{uri}: {b}");
        }
    }
    // Proposed and waiting people too.
    proposed_duo(app, &coord, "Waiting").await;
    (admin, coord)
}

#[tokio::test]
async fn a_backup_taken_during_writes_restores_every_record_and_figure() {
    let (app, db) = app().await;
    let (admin, _) = programme(&app, &db).await;
    let who = principal_for_token(&db, &admin).await.unwrap().unwrap();
    let person = {
        let mut r = db
            .query("SELECT VALUE record::id(id) FROM mentee LIMIT 1")
            .await
            .unwrap();
        let ids: Vec<String> = r.take(0).unwrap();
        format!("mentee:{}", ids[0])
    };
    for table in [
        "mentee", "mentor", "duo", "meeting", "consent", "audit", "session",
    ] {
        assert!(count(&snapshot(&db).await, table) > 0, "no {table} record");
    }

    // A writer keeps adding sessions, consents and their audit entries throughout.
    let written = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(tokio::sync::Notify::new());
    let writer = {
        let (state, who, person) = (AppState::new(db.clone()), who.clone(), person.clone());
        let (written, stop) = (written.clone(), stop.clone());
        tokio::spawn(async move {
            loop {
                let round = async {
                    open_session(&state.db, &who.user.id, "writer")
                        .await
                        .unwrap();
                    record_consent(&state, &who, &person, "photos", true)
                        .await
                        .unwrap();
                };
                tokio::select! {
                    _ = stop.notified() => return,
                    _ = round => { written.fetch_add(1, Ordering::SeqCst); }
                }
            }
        })
    };
    while written.load(Ordering::SeqCst) < 3 {
        tokio::task::yield_now().await;
    }
    let before = snapshot(&db).await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("duo.surql.gz");
    let bytes = backup::export(&db, &file).await.unwrap();
    let after_backup = written.load(Ordering::SeqCst);
    while written.load(Ordering::SeqCst) < after_backup + 3 {
        tokio::task::yield_now().await;
    }
    stop.notify_one();
    writer.await.unwrap();
    let last = snapshot(&db).await;
    assert!(count(&last, "session") > count(&before, "session"));
    assert_eq!(bytes, std::fs::metadata(&file).unwrap().len());

    let target = tempfile::tempdir().unwrap();
    let url = format!("surrealkv://{}", target.path().join("restored").display());
    let restored_db = database::open(&url, Purpose::Own).await.unwrap();
    backup::restore(&restored_db, &file).await.unwrap();
    let restored = snapshot(&restored_db).await;

    // Every record that existed when the backup began is there, unchanged.
    for (table, rows) in &before {
        for (id, row) in rows {
            assert_eq!(restored[table].get(id), Some(row), "{table} {id}");
        }
    }
    // And nothing that never existed: each restored record is one of the source's.
    for (table, rows) in &restored {
        for (id, row) in rows {
            assert_eq!(last[table].get(id), Some(row), "{table} {id}");
        }
    }
    // One snapshot: the writer's consents and their audit entries commit together.
    let consents_of = |records: &Records| {
        records["consent"]
            .values()
            .filter(|c| c["person"].to_string().contains(&person[7..]))
            .count()
    };
    let audited = |records: &Records| {
        records["audit"]
            .values()
            .filter(|a| a["action"] == "consent_given")
            .count()
    };
    assert_eq!(
        consents_of(&restored) - consents_of(&before),
        audited(&restored) - audited(&before)
    );
    assert!(server::schema::pending(&restored_db)
        .await
        .unwrap()
        .is_empty());

    // Every figure of the dashboard, as the same administrator (the session came back too).
    let again = principal_for_token(&restored_db, &admin)
        .await
        .unwrap()
        .expect("the administrator's session is restored");
    assert_eq!(
        dashboard(&restored_db, &again, None, None, None)
            .await
            .unwrap(),
        dashboard(&db, &who, None, None, None).await.unwrap()
    );

    // The audit log is still append-only.
    for statement in [
        "UPDATE audit SET actor_email = 'someone@else.example'",
        "DELETE audit",
        "UPSERT audit SET action = 'nothing'",
    ] {
        let result = restored_db.query(statement).await.unwrap().check();
        assert!(result.is_err(), "{statement} must fail after a restore");
    }
    assert_eq!(snapshot(&restored_db).await["audit"], restored["audit"]);
}

#[tokio::test]
async fn a_database_that_is_not_empty_is_refused_and_left_unchanged() {
    let (app, db) = app().await;
    programme(&app, &db).await;
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("duo.surql.gz");
    backup::export(&db, &file).await.unwrap();

    // A database that merely has Duo's schema is not empty either.
    for target in [db.clone(), server::schema::connect("mem://").await.unwrap()] {
        let before = snapshot(&target).await;
        let refused = backup::restore(&target, &file).await;
        assert!(
            matches!(refused, Err(BackupError::NotEmpty(_))),
            "{refused:?}"
        );
        assert_eq!(snapshot(&target).await, before);
    }
}

#[tokio::test]
async fn the_backup_folder_keeps_the_newest_fourteen() {
    let db = server::schema::connect("mem://").await.unwrap();
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("notes.txt"), "not a backup").unwrap();
    let backups = Backups::new(Source::Open(db), folder.path());
    let start = chrono::Utc::now();
    let mut names = Vec::new();
    for night in 0..(KEPT as i64 + 3) {
        let file = backups
            .take(start + chrono::Duration::days(night))
            .await
            .unwrap();
        names.push(file.name);
    }
    let mut left: Vec<String> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    let mut expected = names[3..].to_vec();
    expected.push("notes.txt".into());
    assert_eq!(left, expected);
}

#[tokio::test]
async fn administrators_ask_for_a_backup_and_no_one_else() {
    let (_, db) = app().await;
    let folder = tempfile::tempdir().unwrap();
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .build();
    let router = server::http::router_with(
        options,
        AppState::new(db.clone()),
        Backups::new(Source::Open(db.clone()), folder.path()),
    );
    let coord = token(&router, "coord@test.example").await;
    let (status, _) = call(&router, "POST", "/api/v1/backups", Some(&coord), "en", None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0);

    let admin = admin_token(&router, &db).await;
    let (status, body) = call(&router, "POST", "/api/v1/backups", Some(&admin), "en", None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let path = folder.path().join(body["name"].as_str().unwrap());
    assert_eq!(
        body["bytes"].as_u64(),
        Some(std::fs::metadata(&path).unwrap().len())
    );
    let mut script = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(&path).unwrap())
        .read_to_string(&mut script)
        .unwrap();
    assert!(script.contains("DEFINE TABLE audit"), "{script:.300}");
}

/// The `duo` binary with no database credentials from the caller's environment.
fn duo(args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_duo"));
    command.args(args);
    for var in [
        "DUO_DB_USER",
        "DUO_DB_PASS",
        "DUO_DB_OWNER_USER",
        "DUO_DB_OWNER_PASS",
        "DUO_SMTP_URL",
    ] {
        command.env_remove(var);
    }
    command
}

#[test]
fn the_cli_backs_up_and_restores_into_an_empty_database_only() {
    let folder = tempfile::tempdir().unwrap();
    let source = format!("surrealkv://{}", folder.path().join("source").display());
    let empty = format!("surrealkv://{}", folder.path().join("empty").display());
    let file = folder.path().join("duo.surql.gz");
    let file = file.to_str().unwrap();
    common::add_admin(&source, "admin@test.example", common::PASSWORD);

    let backed_up = duo(&["backup", "--db", &source, "--out", file])
        .output()
        .unwrap();
    assert!(backed_up.status.success(), "{backed_up:?}");
    let restored = duo(&["restore", "--db", &empty, "--in", file])
        .output()
        .unwrap();
    assert!(restored.status.success(), "{restored:?}");
    let refused = duo(&["restore", "--db", &source, "--in", file])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("not empty"),
        "{refused:?}"
    );

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let db = server::schema::connect(&empty).await.unwrap();
        let mut r = db.query("SELECT VALUE email FROM user").await.unwrap();
        let emails: Vec<String> = r.take(0).unwrap();
        assert_eq!(emails, ["admin@test.example"]);
    });
}

#[test]
fn the_cli_refuses_a_server_with_default_or_missing_credentials() {
    // Nothing listens there: the refusal comes before any connection.
    let url = "ws://127.0.0.1:9";
    let runs = [
        (vec!["serve", "--db", url], "DUO_DB_USER", "DUO_DB_PASS"),
        (
            vec!["migrate", "--db", url],
            "DUO_DB_OWNER_USER",
            "DUO_DB_OWNER_PASS",
        ),
    ];
    for (args, user, pass) in runs {
        let missing = duo(&args).output().unwrap();
        assert!(!missing.status.success());
        let said = String::from_utf8_lossy(&missing.stderr);
        assert!(said.contains(user) && said.contains(pass), "{said}");
        let default = duo(&args)
            .env(user, "root")
            .env(pass, "root")
            .output()
            .unwrap();
        assert!(!default.status.success());
        let said = String::from_utf8_lossy(&default.stderr);
        assert!(said.contains("root/root"), "{said}");
    }
}
