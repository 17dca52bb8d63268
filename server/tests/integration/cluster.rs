//! Two `duo serve` processes on one SurrealDB server: every event reaches the screens of both,
//! and the invariants hold across instances. Needs `DUO_SURREAL_BIN` (a `surreal` binary);
//! `make test-cluster` builds one and runs this.
use crate::common;

use common::{add_admin, agent, free_port, wait_healthy};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "cluster password 1";

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn duo(args: &[&str]) -> Command {
    let mut c = common::duo_binary();
    c.args(args).stdout(Stdio::null()).stderr(Stdio::null());
    c
}

fn post(port: u16, path: &str, token: &str, body: Value) -> (u16, Value) {
    let mut resp = agent()
        .post(&format!("http://127.0.0.1:{port}{path}"))
        .header("authorization", &format!("Bearer {token}"))
        .send_json(body)
        .unwrap();
    (
        resp.status().as_u16(),
        resp.body_mut().read_json().unwrap_or(Value::Null),
    )
}

/// Reads an instance's event stream on a thread; events arrive on the channel.
fn listen(port: u16, token: &str) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    let url = format!("http://127.0.0.1:{port}/api/v1/events");
    let auth = format!("Bearer {token}");
    std::thread::spawn(move || {
        let streaming: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let resp = streaming
            .get(&url)
            .header("authorization", &auth)
            .call()
            .unwrap();
        for line in BufReader::new(resp.into_body().into_reader()).lines() {
            let Ok(line) = line else { return };
            if let Some(data) = line.strip_prefix("data:") {
                if let Ok(event) = serde_json::from_str::<Value>(data.trim()) {
                    if tx.send(event).is_err() {
                        return;
                    }
                }
            }
        }
    });
    rx
}

fn expect_event(rx: &mpsc::Receiver<Value>, kind: &str, id: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(e)
                if e["type"] == kind
                    && e["ids"]
                        .as_array()
                        .is_some_and(|ids| ids.iter().any(|i| i == id)) =>
            {
                return
            }
            Ok(_) => continue,
            Err(_) => break,
        }
    }
    panic!("no {kind} event for {id}");
}

#[test]
fn two_instances_on_one_surrealdb_server() {
    let surreal = std::env::var("DUO_SURREAL_BIN")
        .expect("DUO_SURREAL_BIN: a surreal binary (make test-cluster builds one)");
    let db_port = free_port();
    let _surreal = Killed(
        Command::new(surreal)
            .args([
                "start",
                "--bind",
                &format!("127.0.0.1:{db_port}"),
                "--user",
                "root",
                "--pass",
                "root",
                "memory",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start surreal"),
    );
    wait_healthy(&format!("http://127.0.0.1:{db_port}/health"));
    let db = format!("ws://127.0.0.1:{db_port}");

    // As the README says: the owner migrates and creates the app's database user; Duo then
    // runs as that user only.
    let migrated = duo(&["migrate", "--db", &db])
        .env("DUO_DB_OWNER_PASS", "root")
        .status()
        .unwrap();
    assert!(migrated.success(), "duo migrate");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let owner = server::schema::open_as_owner(&db, "root", "root")
            .await
            .unwrap();
        owner
            .query("DEFINE USER duo_app ON DATABASE PASSWORD 'cluster app password' ROLES EDITOR")
            .await
            .unwrap()
            .check()
            .unwrap();
    });
    std::env::set_var("DUO_DB_USER", "duo_app");
    std::env::set_var("DUO_DB_PASS", "cluster app password");

    add_admin(&db, "admin@test.example", PASSWORD);

    let (a, b) = (free_port(), free_port());
    let backup_dir = tempfile::tempdir().unwrap();
    let _a = Killed(
        duo(&["serve", "--db", &db, "--addr", &format!("127.0.0.1:{a}")])
            .env("DUO_BACKUP_DIR", backup_dir.path())
            .spawn()
            .unwrap(),
    );
    let _b = Killed(
        duo(&["serve", "--db", &db, "--addr", &format!("127.0.0.1:{b}")])
            .spawn()
            .unwrap(),
    );
    wait_healthy(&format!("http://127.0.0.1:{a}/healthz"));
    wait_healthy(&format!("http://127.0.0.1:{b}/healthz"));

    let mut login = agent()
        .post(&format!("http://127.0.0.1:{a}/api/v1/login"))
        .send_json(json!({"email": "admin@test.example", "password": PASSWORD}))
        .unwrap();
    assert_eq!(login.status(), 200);
    let token = login.body_mut().read_json::<Value>().unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();

    let on_a = listen(a, &token);
    let on_b = listen(b, &token);
    std::thread::sleep(Duration::from_millis(500));

    let person = |state: &str| json!({"first_name": "Cluster", "last_name": "Test", "office": "ghent", "languages": ["nl"], "sectors": [], "state": state});
    let (status, mentee) = post(a, "/api/v1/mentees", &token, person("waiting"));
    assert_eq!(status, 201);
    let mentee_id = mentee["id"].as_str().unwrap().to_string();
    // Events name records by their full id (`table:key`).
    let mentee_record = format!("mentee:{mentee_id}");
    expect_event(&on_a, "mentee.created", &mentee_record);
    expect_event(&on_b, "mentee.created", &mentee_record);

    // Coordinators on both instances race for one mentee: exactly one duo.
    let mut mentors = Vec::new();
    for _ in 0..10 {
        let (status, mentor) = post(b, "/api/v1/mentors", &token, person("available"));
        assert_eq!(status, 201);
        mentors.push(mentor["id"].as_str().unwrap().to_string());
    }
    let racers: Vec<_> = mentors
        .iter()
        .enumerate()
        .map(|(i, mentor)| {
            let (token, mentee, mentor) = (token.clone(), mentee_id.clone(), mentor.clone());
            let port = if i % 2 == 0 { a } else { b };
            std::thread::spawn(move || {
                post(
                    port,
                    "/api/v1/duos",
                    &token,
                    json!({"mentee": mentee, "mentor": mentor}),
                )
            })
        })
        .collect();
    let results: Vec<(u16, Value)> = racers.into_iter().map(|t| t.join().unwrap()).collect();
    let won: Vec<&Value> = results
        .iter()
        .filter(|(s, _)| *s == 201)
        .map(|(_, d)| d)
        .collect();
    assert_eq!(
        won.len(),
        1,
        "exactly one duo across instances: {results:?}"
    );
    assert!(
        results.iter().all(|(s, _)| *s == 201 || *s == 409),
        "{results:?}"
    );
    let duo_record = format!("duo:{}", won[0]["id"].as_str().unwrap());
    expect_event(&on_a, "draft.created", &duo_record);
    expect_event(&on_b, "draft.created", &duo_record);

    // The running server backs itself up on request, over a connection of its own (HTTP).
    let (status, backup) = post(a, "/api/v1/backups", &token, json!({}));
    assert_eq!(status, 201, "{backup}");
    assert!(backup_dir
        .path()
        .join(backup["file"].as_str().unwrap())
        .exists());

    // A backup of the server while Duo runs on it (as the app's user, over HTTP), restored
    // into an embedded database, holds the duo just made.
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("cluster.surql.gz");
    let backed = duo(&["backup", "--db", &db, "--out", file.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(backed.success(), "duo backup of the server");
    let copy = format!("surrealkv://{}", folder.path().join("copy").display());
    let restored = duo(&["restore", "--db", &copy, "--in", file.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(restored.success(), "duo restore");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let copy = server::schema::connect(&copy).await.unwrap();
        let mut found = copy
            .query("SELECT VALUE record::id(id) FROM type::record($duo)")
            .bind(("duo", duo_record.clone()))
            .await
            .unwrap();
        let found: Vec<String> = found.take(0).unwrap();
        assert_eq!(found.len(), 1, "the duo is in the restored copy");
    });
}
