//! Shared set-up of the integration tests: a migrated database, people and callers.
#![allow(dead_code)]
use app::auth::server::{create_user, login, principal_for_token, NewUser, Principal};
use app::db::Db;
use app::model::{Mentee, Mentor, NewPerson, Role};
use app::people::server::{create_mentee, create_mentor};
use app::state::AppState;
use std::sync::atomic::{AtomicUsize, Ordering};

pub mod router;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub const PASSWORD: &str = "correct horse battery";

/// A fresh, migrated database: in memory, or SurrealKV in a temporary folder.
pub async fn database(kind: &str) -> (Db, Option<tempfile::TempDir>) {
    // Server logs appear beside a failing test's output.
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_env_filter("info,surrealdb=warn")
        .try_init();
    match kind {
        "mem" => (
            server::schema::connect("mem://").await.expect("mem db"),
            None,
        ),
        "surrealkv" => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("surrealkv://{}", dir.path().join("db").display());
            (
                server::schema::connect(&url).await.expect("surrealkv db"),
                Some(dir),
            )
        }
        other => panic!("unknown database kind {other}"),
    }
}

/// A signed-in caller with a role and offices.
pub async fn caller(db: &Db, role: Role, offices: &[&str]) -> Principal {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let email = format!("{}{}@test.example", role.as_str(), n);
    let mentor = if role == Role::Mentor {
        let admin = Box::pin(caller(db, Role::Admin, &[])).await;
        Some(
            mentor(
                db,
                &admin,
                offices.first().copied().unwrap_or("brussels"),
                1,
            )
            .await
            .id,
        )
    } else {
        None
    };
    create_user(
        db,
        NewUser {
            email: email.clone(),
            password: PASSWORD.into(),
            role,
            offices: offices.iter().map(|o| o.to_string()).collect(),
            mentor,
            display_name: None,
        },
    )
    .await
    .expect("user");
    let (token, _) = login(&AppState::new(db.clone()), &email, PASSWORD, "test", None)
        .await
        .expect("login");
    principal_for_token(db, &token)
        .await
        .expect("session")
        .expect("live session")
}

pub fn person(office: &str, name: &str, state: &str) -> NewPerson {
    NewPerson {
        first_name: "Test".into(),
        last_name: name.into(),
        office: office.into(),
        languages: vec!["fr".into(), "nl".into()],
        sectors: vec!["F".into()],
        state: Some(state.into()),
        ..Default::default()
    }
}

pub async fn mentee(db: &Db, who: &Principal, office: &str) -> Mentee {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    create_mentee(
        &AppState::new(db.clone()),
        who,
        &person(office, &format!("Mentee{n}"), "waiting"),
    )
    .await
    .expect("mentee")
}

pub async fn mentor(db: &Db, who: &Principal, office: &str, capacity: u32) -> Mentor {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let p = NewPerson {
        capacity: Some(capacity),
        ..person(office, &format!("Mentor{n}"), "available")
    };
    create_mentor(&AppState::new(db.clone()), who, &p)
        .await
        .expect("mentor")
}

/// Counts rows of a query returning one number.
pub async fn count(db: &Db, sql: &str, bind: (&'static str, String)) -> i64 {
    let mut resp = db.query(sql).bind(bind).await.expect("query");
    let n: Option<i64> = resp.take(0).expect("count");
    n.unwrap_or(0)
}

/// A free TCP port on loopback, for a process the test starts.
/// The `duo` binary, started from the repository root as `make run` does: the site folder it
/// serves (and checks at start) is `target/site` there.
pub fn duo_binary() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_duo"));
    command.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    command
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An HTTP client that returns error statuses as responses, with a time limit.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(20)))
        .build()
        .into()
}

/// Waits until `url` answers 200 (a server the test started), for at most a minute.
pub fn wait_healthy(url: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        if agent().get(url).call().is_ok_and(|r| r.status() == 200) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("{url} did not answer");
}

/// Creates an admin account with the real `duo user add` command (password on stdin).
pub fn add_admin(db: &str, email: &str, password: &str) {
    let added = user_add(db, email, password);
    assert!(added.status.success(), "duo user add: {added:?}");
}

/// Runs the real `duo user add` for an admin, the password on stdin; what it answered.
pub fn user_add(db: &str, email: &str, password: &str) -> std::process::Output {
    use std::io::Write;
    let mut add = std::process::Command::new(env!("CARGO_BIN_EXE_duo"))
        .args([
            "user", "add", "--db", db, "--email", email, "--role", "admin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start duo user add");
    add.stdin
        .take()
        .unwrap()
        .write_all(password.as_bytes())
        .unwrap();
    add.wait_with_output().unwrap()
}

/// Everything logged to it while a test runs, as text (a log subscriber's writer).
#[derive(Clone, Default)]
pub struct CapturedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLog {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// What the code run by `work` logged, for the targets and levels of `filter` (an `EnvFilter`
/// directive). It runs on a runtime of this thread, so the engine's tasks log here too.
pub fn logs_of<F, Fut>(filter: &str, work: F) -> String
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let log = CapturedLog::default();
    let sink = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    tracing::subscriber::with_default(subscriber, || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(work())
    });
    log.text()
}
