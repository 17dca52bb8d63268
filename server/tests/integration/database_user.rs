//! Least privilege in the database: the schema is migrated by the owner, the app signs in as a
//! database user with the EDITOR role and everything it does works, while users, other
//! databases and the owner's powers stay out of its reach. An embedded engine with
//! authentication switched on enforces the same roles as a SurrealDB server.
use app::db::Db;
use app::model::Role;
use app::state::AppState;
use std::sync::Arc;
use surrealdb::opt::auth::{Database, Root};
use surrealdb::opt::Config;

const APP_USER: &str = "duo_app";
const APP_PASS: &str = "a long app password";

/// The owner's connection (root) and the app's (the database user), on one engine.
async fn owner_and_app() -> (Db, Db) {
    let owner = Root {
        username: "owner".into(),
        password: "the owner's password".into(),
    };
    let config = Config::new().user(owner.clone());
    let raw = surrealdb::engine::any::connect(("mem://", config))
        .await
        .unwrap();
    raw.signin(owner).await.unwrap();
    raw.use_ns(server::schema::NAMESPACE)
        .use_db(server::schema::DATABASE)
        .await
        .unwrap();
    let owner: Db = Arc::new(raw);
    server::schema::migrate(&owner).await.unwrap();
    // The README's statement.
    owner
        .query(format!(
            "DEFINE USER {APP_USER} ON DATABASE PASSWORD '{APP_PASS}' ROLES EDITOR"
        ))
        .await
        .unwrap()
        .check()
        .unwrap();
    // A clone is a new session on the same engine; it signs in as the app.
    let app = (*owner).clone();
    app.signin(Database {
        namespace: server::schema::NAMESPACE.into(),
        database: server::schema::DATABASE.into(),
        username: APP_USER.into(),
        password: APP_PASS.into(),
    })
    .await
    .unwrap();
    app.use_ns(server::schema::NAMESPACE)
        .use_db(server::schema::DATABASE)
        .await
        .unwrap();
    (owner, Arc::new(app))
}

#[tokio::test]
async fn the_app_does_its_work_as_a_database_editor_and_nothing_more() {
    let (owner, app) = owner_and_app().await;
    // The schema the owner applied is what the app needs.
    assert!(server::schema::pending(&app).await.unwrap().is_empty());
    // Its work: demo data (people, duos, meetings, consents), an account, a sign-in, the
    // dashboard, a backup.
    server::demo::seed(&app).await.unwrap();
    let admin = crate::common::caller(&app, Role::Admin, &[]).await;
    let state = AppState::new(app.clone());
    let dashboard = app::metrics::server::dashboard(&state, &admin, None, None, None)
        .await
        .unwrap();
    assert!(serde_json::to_value(&dashboard).unwrap()["total"].is_object());
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("b.surql.gz");
    let bytes = app::backups::export_to(&state.db, &file).await.unwrap();
    assert!(bytes > 0);

    // What it may not do: make or change users, reach another database, act as owner.
    for refused in [
        "DEFINE USER intruder ON DATABASE PASSWORD 'x' ROLES OWNER",
        "DEFINE USER intruder ON ROOT PASSWORD 'x' ROLES OWNER",
        "REMOVE USER duo_app ON DATABASE",
        "ALTER USER duo_app ON DATABASE ROLES OWNER",
    ] {
        let answer = app.query(refused).await.and_then(|r| r.check());
        assert!(answer.is_err(), "the app could run: {refused}");
    }
    let elsewhere = app
        .query("USE DB other; CREATE secret SET note = 'x';")
        .await
        .and_then(|r| r.check());
    assert!(elsewhere.is_err(), "the app reached another database");
    let mut users = owner
        .query("RETURN object::keys((INFO FOR DB).users)")
        .await
        .unwrap();
    let users: Vec<String> = users.take(0).unwrap();
    assert_eq!(users, vec![APP_USER.to_string()]);
    // The probe `connect` runs against a server: the editor may not manage users, the owner may.
    assert!(!server::schema::may_manage_users(&app).await);
    assert!(server::schema::may_manage_users(&owner).await);
    // A limit of SurrealDB's roles, said in the README: an editor may change the schema.
    let schema_change = app
        .query("DEFINE FIELD IF NOT EXISTS probe ON setting TYPE option<string>")
        .await
        .and_then(|r| r.check());
    assert!(schema_change.is_ok(), "{schema_change:?}");
}

#[tokio::test]
async fn a_fresh_database_misses_every_migration_until_migrated() {
    let db = server::schema::open("mem://").await.unwrap();
    let all: Vec<u32> = server::schema::migrations()
        .iter()
        .map(|(v, _, _)| *v)
        .collect();
    assert_eq!(server::schema::pending(&db).await.unwrap(), all);
    server::schema::migrate(&db).await.unwrap();
    assert!(server::schema::pending(&db).await.unwrap().is_empty());
}

#[test]
fn the_app_refuses_missing_and_default_credentials_for_a_server() {
    use server::schema::{app_credentials, CredentialProblem};
    let some = |s: &str| Some(s.to_string());
    assert_eq!(app_credentials(None, None), Err(CredentialProblem::Missing));
    assert_eq!(
        app_credentials(some("duo"), None),
        Err(CredentialProblem::Missing)
    );
    assert_eq!(
        app_credentials(some(""), some("x")),
        Err(CredentialProblem::Missing)
    );
    assert_eq!(
        app_credentials(some("root"), some("root")),
        Err(CredentialProblem::Default)
    );
    assert_eq!(
        app_credentials(some("duo_app"), some("s3cret long")),
        Ok(("duo_app".into(), "s3cret long".into()))
    );
}

/// `duo serve` against a SurrealDB server without credentials stops at once and says why, before
/// it tries to connect (nothing listens on the port).
#[test]
fn serve_refuses_a_server_without_a_database_user() {
    for (user, pass) in [(None, None), (Some("root"), Some("root"))] {
        let mut serve = crate::common::duo_binary();
        serve
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--db",
                "http://127.0.0.1:9",
            ])
            .env_remove("DUO_DB_USER")
            .env_remove("DUO_DB_PASS");
        if let (Some(u), Some(p)) = (user, pass) {
            serve.env("DUO_DB_USER", u).env("DUO_DB_PASS", p);
        }
        let out = serve.output().unwrap();
        assert!(!out.status.success());
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("DUO_DB_USER"), "{said}");
    }
}

/// An embedded SurrealKV database is opened with every commit synced (`sync=every`), and the
/// engine says it applied that mode.
#[test]
fn an_embedded_database_syncs_every_commit() {
    assert_eq!(
        server::schema::durable("surrealkv://data"),
        "surrealkv://data?sync=every"
    );
    assert_eq!(
        server::schema::durable("surrealkv://data?versioned=true"),
        "surrealkv://data?versioned=true&sync=every"
    );
    assert_eq!(server::schema::durable("mem://"), "mem://");
    let dir = tempfile::tempdir().unwrap();
    let url = format!("surrealkv://{}", dir.path().join("db").display());
    let said = crate::common::logs_of("surrealdb::core::kvs::surrealkv=info", || async move {
        server::schema::connect(&url).await.unwrap();
    });
    assert!(
        said.contains("Sync mode: every transaction commit"),
        "the engine did not report its sync mode: {said}"
    );
    // The engine reads the setting from the URL (every commit is also its default): another
    // mode given there is what it applies.
    let other = format!(
        "surrealkv://{}?sync=never",
        dir.path().join("other").display()
    );
    let said = crate::common::logs_of("surrealdb::core::kvs::surrealkv=info", || async move {
        server::schema::connect(&other).await.unwrap();
    });
    assert!(said.contains("Sync mode: never"), "{said}");
}
