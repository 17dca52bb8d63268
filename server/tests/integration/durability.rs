//! An acknowledged write survives `kill -9` of the server and a restart on the same SurrealKV
//! folder. Runs the real `duo` binary.
use crate::common;

use common::{add_admin, agent, free_port, wait_healthy};
use serde_json::{json, Value};
use std::process::{Child, Stdio};

const PASSWORD: &str = "durable password 1";

fn start(db: &str, port: u16) -> Child {
    let child = common::duo_binary()
        .args(["serve", "--db", db, "--addr", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start duo");
    wait_healthy(&format!("http://127.0.0.1:{port}/healthz"));
    child
}

fn post(port: u16, path: &str, token: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = agent().post(&format!("http://127.0.0.1:{port}{path}"));
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    let mut resp = req.send_json(body).expect("request");
    (
        resp.status().as_u16(),
        resp.body_mut().read_json().unwrap_or(Value::Null),
    )
}

fn get(port: u16, path: &str, token: &str) -> (u16, Value) {
    let mut resp = agent()
        .get(&format!("http://127.0.0.1:{port}{path}"))
        .header("authorization", &format!("Bearer {token}"))
        .call()
        .expect("request");
    (
        resp.status().as_u16(),
        resp.body_mut().read_json().unwrap_or(Value::Null),
    )
}

#[test]
fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("surrealkv://{}", dir.path().join("db").display());

    add_admin(&db, "admin@test.example", PASSWORD);

    let port = free_port();
    let mut server = start(&db, port);
    let (status, login) = post(
        port,
        "/api/v1/login",
        None,
        json!({"email": "admin@test.example", "password": PASSWORD}),
    );
    assert_eq!(status, 200);
    let token = login["token"].as_str().unwrap().to_string();

    let mut mentees = Vec::new();
    let mut duos = Vec::new();
    for i in 0..12 {
        let person = |state: &str| json!({"first_name": "Durable", "last_name": format!("N{i}"), "office": "brussels", "languages": ["fr"], "sectors": [], "state": state});
        let (s1, mentee) = post(port, "/api/v1/mentees", Some(&token), person("waiting"));
        let (s2, mentor) = post(port, "/api/v1/mentors", Some(&token), person("available"));
        assert_eq!((s1, s2), (201, 201));
        mentees.push(mentee["id"].as_str().unwrap().to_string());
        if i % 2 == 0 {
            let (s3, duo) = post(
                port,
                "/api/v1/duos",
                Some(&token),
                json!({"mentee": mentee["id"], "mentor": mentor["id"]}),
            );
            assert_eq!(s3, 201);
            duos.push(duo["id"].as_str().unwrap().to_string());
        }
    }
    // No graceful shutdown: SIGKILL right after the last acknowledgement.
    server.kill().unwrap();
    server.wait().unwrap();

    let port = free_port();
    let mut server = start(&db, port);
    for id in &mentees {
        let (status, _) = get(port, &format!("/api/v1/mentees/{id}"), &token);
        assert_eq!(status, 200, "mentee {id} survived, and so did the session");
    }
    for id in &duos {
        let (status, duo) = get(port, &format!("/api/v1/duos/{id}"), &token);
        assert_eq!(
            (status, duo["state"].as_str()),
            (200, Some("draft")),
            "duo {id} survived"
        );
    }
    server.kill().unwrap();
    server.wait().unwrap();
}
