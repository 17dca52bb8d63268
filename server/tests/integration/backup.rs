//! Backups: taken while writes go on, restored into a fresh database, they hold every record and
//! every figure of the moment they were taken; a restore refuses a database that holds anything;
//! a damaged file changes nothing; the server's own backups keep their count.
use crate::common::router::{admin_token, call};
use crate::common::{add_admin, user_add};
use app::backups::{self, Kind};
use app::db::Db;
use app::state::AppState;
use axum::http::StatusCode;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Gives up loudly instead of hanging when something never finishes.
async fn within<T>(what: &str, seconds: u64, work: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(seconds), work)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish within {seconds} s"))
}

fn router(state: AppState) -> axum::Router {
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("duo")
        .build();
    server::http::router(options, state)
}

/// How many records of a table match a condition.
async fn tally(db: &Db, table: &str, condition: &str) -> i64 {
    let mut r = db
        .query(format!(
            "RETURN count(SELECT * FROM `{table}` WHERE {condition})"
        ))
        .await
        .unwrap();
    let n: Option<i64> = r.take(0).unwrap();
    n.unwrap_or(0)
}

async fn rows(db: &Db, sql: &str) -> Vec<Value> {
    let mut r = db.query(sql).await.unwrap();
    r.take(0).unwrap()
}

/// Every table of the database with all its records, in id order.
async fn everything(db: &Db) -> Vec<(String, Vec<Value>)> {
    let mut tables: Vec<String> = rows(db, "RETURN object::keys((INFO FOR DB).tables)")
        .await
        .into_iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    tables.sort();
    let mut all = Vec::new();
    for table in tables {
        let records = rows(db, &format!("SELECT * FROM `{table}` ORDER BY id")).await;
        all.push((table, records));
    }
    all
}

/// The whole dashboard as an administrator sees it (exact figures, every office).
async fn figures(db: &Db) -> Value {
    let admin = crate::common::caller(db, app::model::Role::Admin, &[]).await;
    let dashboard = app::metrics::server::dashboard(
        &app::state::AppState::new(db.clone()),
        &admin,
        None,
        None,
        None,
    )
    .await
    .unwrap();
    serde_json::to_value(dashboard).unwrap()
}

/// A programme with every kind of record: people, duos, meetings, goals, check-ins, outcomes
/// and consents (the demo), accounts and their sessions, and an audit log.
async fn programme() -> (Db, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("surrealkv://{}", dir.path().join("db").display());
    let db = server::schema::connect(&url).await.unwrap();
    server::demo::seed(&db).await.unwrap();
    let app = router(AppState::new(db.clone()));
    let admin = admin_token(&app, &db).await;
    // A read of a person's record and a consent given are written to the audit log.
    let mentee = "mentee:brussels_000";
    let (status, _) = call(
        &app,
        "GET",
        &format!("/api/v1/people/{mentee}"),
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = call(
        &app,
        "POST",
        &format!("/api/v1/people/{mentee}/consents"),
        Some(&admin),
        "en",
        Some(json!({"kind": "photos", "given": true})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // A meeting and a goal of an active duo.
    let duo = rows(
        &db,
        "SELECT VALUE record::id(id) FROM duo WHERE state = 'active' LIMIT 1",
    )
    .await
    .pop()
    .expect("the demo has an active duo");
    let duo = duo.as_str().unwrap();
    for (what, body) in [
        (
            "meetings",
            json!({"date": app::clock::today().to_string(), "minutes": 45, "mode": "phone"}),
        ),
        ("goals", json!({"title": "Prepare two interviews"})),
    ] {
        let (status, answer) = call(
            &app,
            "POST",
            &format!("/api/v1/duos/{duo}/{what}"),
            Some(&admin),
            "en",
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED, "{what}: {answer}");
    }
    for table in [
        "mentee", "mentor", "duo", "meeting", "goal", "consent", "audit", "session", "user",
    ] {
        assert!(
            tally(&db, table, "true").await > 0,
            "the programme has no {table} record"
        );
    }
    (db, dir)
}

/// Writes mentees `w_00000`, `w_00001`… one transaction each, until told to stop.
fn writer(db: Db, written: Arc<AtomicUsize>, stop: Arc<AtomicBool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while !stop.load(Ordering::SeqCst) {
            let n = written.load(Ordering::SeqCst);
            // A copy of a demo mentee (SurrealQL keeps its dates typed).
            db.query(
                "CREATE type::record('mentee', $id)
                 CONTENT (SELECT * OMIT id FROM ONLY mentee:brussels_001)",
            )
            .bind(("id", format!("w_{n:05}")))
            .await
            .unwrap()
            .check()
            .unwrap();
            written.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
}

async fn wait_for(written: &AtomicUsize, at_least: usize) {
    within("the writer", 60, async {
        while written.load(Ordering::SeqCst) < at_least {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_every_record_and_figure() {
    let (db, dir) = programme().await;
    let written = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writing = writer(db.clone(), written.clone(), stop.clone());
    wait_for(&written, 5).await;

    let file = dir.path().join("programme.surql.gz");
    let before = written.load(Ordering::SeqCst);
    let bytes = within("the backup", 120, backups::export_to(&db, &file))
        .await
        .unwrap();
    let after = written.load(Ordering::SeqCst);
    // Writes went on after the backup: the writer keeps going past it.
    wait_for(&written, after + 5).await;
    stop.store(true, Ordering::SeqCst);
    within("the writer's end", 30, writing).await.unwrap();
    assert!(bytes > 0 && std::fs::metadata(&file).unwrap().len() == bytes);
    assert!(
        !dir.path().join("programme.surql.gz.partial").exists(),
        "the partial file is renamed"
    );

    let restored = server::schema::open("mem://").await.unwrap();
    within("the restore", 120, backups::restore_from(&restored, &file))
        .await
        .unwrap();

    // The backup is one moment: the writer's mentees up to some k, none after, no gap.
    let mut ids: Vec<String> = rows(
        &restored,
        "SELECT VALUE record::id(id) FROM mentee WHERE string::starts_with(record::id(id), 'w_')",
    )
    .await
    .into_iter()
    .map(|v| v.as_str().unwrap().to_string())
    .collect();
    ids.sort();
    let k = ids.len();
    assert!(
        (before..=after).contains(&k),
        "{k} written mentees, not between {before} and {after}"
    );
    assert_eq!(ids, (0..k).map(|n| format!("w_{n:05}")).collect::<Vec<_>>());

    // The original as it was at that moment: the writer's later mentees taken out again.
    let total = written.load(Ordering::SeqCst);
    for n in k..total {
        db.query("DELETE type::record('mentee', $id)")
            .bind(("id", format!("w_{n:05}")))
            .await
            .unwrap()
            .check()
            .unwrap();
    }
    let original = everything(&db).await;
    let copy = everything(&restored).await;
    assert_eq!(
        original
            .iter()
            .map(|(t, r)| (t.clone(), r.len()))
            .collect::<Vec<_>>(),
        copy.iter()
            .map(|(t, r)| (t.clone(), r.len()))
            .collect::<Vec<_>>(),
        "the same tables with the same number of records"
    );
    for ((table, a), (_, b)) in original.iter().zip(&copy) {
        assert_eq!(a, b, "the records of {table} differ");
    }
    assert_eq!(
        figures(&db).await,
        figures(&restored).await,
        "every figure is the same"
    );

    // The audit log is still append-only in the copy.
    let audit = tally(&restored, "audit", "true").await;
    for change in ["UPDATE audit SET action = 'forged'", "DELETE audit"] {
        let refused = restored.query(change).await.unwrap().check();
        assert!(refused.is_err(), "{change} was accepted");
    }
    assert_eq!(tally(&restored, "audit", "action != 'forged'").await, audit);
    // And the copy is a working Duo: its schema is current and it takes new records.
    assert!(server::schema::pending(&restored).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_restore_refuses_a_database_that_holds_anything_and_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let source = server::schema::connect("mem://").await.unwrap();
    let file = dir.path().join("b.surql.gz");
    backups::export_to(&source, &file).await.unwrap();

    // A database with Duo's schema in it is not empty: nothing is loaded into it.
    let busy = server::schema::connect("mem://").await.unwrap();
    let before = everything(&busy).await;
    let refused = backups::restore_from(&busy, &file).await;
    assert!(
        matches!(refused, Err(backups::BackupError::NotEmpty(n)) if n > 0),
        "{refused:?}"
    );
    assert_eq!(everything(&busy).await, before);

    // A cut-off file is refused before anything is written.
    let bytes = std::fs::read(&file).unwrap();
    let cut = dir.path().join("cut.surql.gz");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let empty = server::schema::open("mem://").await.unwrap();
    assert!(backups::restore_from(&empty, &cut).await.is_err());
    assert_eq!(backups::table_count(&empty).await.unwrap(), 0);
    // The whole file goes in.
    backups::restore_from(&empty, &file).await.unwrap();
    assert!(server::schema::pending(&empty).await.unwrap().is_empty());
}

#[tokio::test]
async fn administrators_back_up_through_the_api_and_the_server_keeps_fourteen_of_each_kind() {
    let dir = tempfile::tempdir().unwrap();
    // A folder the server makes itself.
    let folder = dir.path().join("backups");
    let db = server::schema::connect("mem://").await.unwrap();
    let state = AppState::new(db.clone()).backing_up(backups::Backups::new(&folder));
    let app = router(state.clone());
    let admin = admin_token(&app, &db).await;

    // Nightly ones that an administrator's many backups must not push out.
    for _ in 0..3 {
        backups::take(&state, Kind::Nightly).await.unwrap();
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    for _ in 0..16 {
        let (status, body) = call(&app, "POST", "/api/v1/backups", Some(&admin), "fr", None).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert!(folder.join(body["file"].as_str().unwrap()).exists());
        assert!(body["bytes"].as_u64().unwrap() > 0);
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert_eq!(
        backups::list(&folder, Kind::Manual).unwrap().len(),
        backups::KEEP
    );
    assert_eq!(backups::list(&folder, Kind::Nightly).unwrap().len(), 3);
    // Everyone's personal data is in them: readable by their owner only.
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for file in backups::list(&folder, Kind::Manual).unwrap() {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
    assert_eq!(mode(&folder), 0o700);
    let audited = tally(&db, "audit", "action = 'backup'").await;
    assert_eq!(audited, 16);

    // Only administrators; a server without a folder says so, translated.
    let coordinator = crate::common::caller(&db, app::model::Role::Coordinator, &["liege"]).await;
    assert_eq!(
        backups::take_now(&state, &coordinator).await,
        Err(app::error::AppError::Forbidden)
    );
    let (status, body) = call(&app, "POST", "/api/v1/backups", None, "en", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    let bare = router(AppState::new(db.clone()));
    let (status, body) = call(&bare, "POST", "/api/v1/backups", Some(&admin), "nl", None).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "not_configured");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("back-ups"));
}

/// The real commands: `duo backup` of an embedded database, `duo restore` into a new one, and
/// `duo restore` refusing a database that holds data.
#[test]
fn the_backup_and_restore_commands_round_trip_an_embedded_database() {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("surrealkv://{}", dir.path().join("source").display());
    add_admin(&source, "admin@example.org", "a long enough passphrase");
    let file = dir.path().join("backup.surql.gz");
    let duo = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_duo"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = duo(&["backup", "--db", &source, "--out", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let target = format!("surrealkv://{}", dir.path().join("target").display());
    let out = duo(&["restore", "--db", &target, "--in", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The account came along: adding it again is refused as taken.
    let again = user_add(&target, "admin@example.org", "a long enough passphrase");
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("is already in use"), "{said}");
    // A second restore into the now full database is refused and says why.
    let out = duo(&["restore", "--db", &target, "--in", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
}
