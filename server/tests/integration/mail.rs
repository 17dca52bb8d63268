//! Invitation links by SMTP: with `DUO_SMTP_URL` set, the link goes out by mail (here to a small
//! SMTP server in the test) and the administrator is told so.
use crate::common;

use axum::http::StatusCode;
use common::router::{admin_token, app, call};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accepts one SMTP session and returns the message's data.
async fn smtp_server(listener: TcpListener) -> String {
    let (socket, _) = listener.accept().await.unwrap();
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 test ESMTP\r\n").await.unwrap();
    let mut data = String::new();
    let mut in_data = false;
    while let Some(line) = lines.next_line().await.unwrap() {
        if in_data {
            if line == "." {
                in_data = false;
                write.write_all(b"250 queued\r\n").await.unwrap();
            } else {
                data.push_str(&line);
                data.push('\n');
            }
            continue;
        }
        let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 test\r\n",
            "DATA" => {
                in_data = true;
                b"354 go on\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await.unwrap();
                break;
            }
            _ => b"250 ok\r\n",
        };
        write.write_all(reply).await.unwrap();
    }
    data
}

/// Marks the child process that alone runs with a mail server configured.
const CHILD: &str = "DUO_MAIL_TEST_CHILD";

/// The mail settings come from the environment, which every test of this binary shares: the
/// test runs again in a child process of its own, so no other test sees a mail server.
#[test]
fn an_invitation_is_mailed_when_a_mail_server_is_configured() {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "mail::mailed_in_a_process_of_its_own",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && printed.contains("1 passed"),
        "{printed}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
#[ignore = "run in a child process by an_invitation_is_mailed_when_a_mail_server_is_configured"]
async fn mailed_in_a_process_of_its_own() {
    if std::env::var(CHILD).as_deref() != Ok("1") {
        // Run with --ignored in the shared process: its mail settings would reach the other
        // tests. Its parent test runs it where it belongs.
        eprintln!("skipped: runs in a process of its own through its parent test");
        return;
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    // Only this child process has a mail server: the other tests run without one.
    unsafe {
        std::env::set_var("DUO_SMTP_URL", format!("smtp://127.0.0.1:{port}"));
        std::env::set_var("DUO_MAIL_FROM", "Duo <no-reply@duo.example>");
        std::env::set_var("DUO_PUBLIC_URL", "https://duo.example.org/");
    }
    let server = tokio::spawn(smtp_server(listener));
    let (app, db) = app().await;
    let admin = admin_token(&app, &db).await;
    let (status, link) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        Some(&admin),
        "en",
        Some(json!({"email": "mailed@test.example", "role": "hq"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{link}");
    assert_eq!(link["mailed"], true);
    let url = link["link"].as_str().unwrap();
    assert!(url.starts_with("https://duo.example.org/welcome/"), "{url}");
    let message = server.await.unwrap();
    assert!(message.contains("To: mailed@test.example"), "{message}");
    assert!(
        message.contains("From: Duo <no-reply@duo.example>"),
        "{message}"
    );
    // The body may be folded (quoted-printable): compare without soft line breaks.
    let body = message.replace("=\n", "");
    assert!(body.contains(url), "the link is in the mail: {message}");
    assert!(
        body.contains("Vous =C3=AAtes invit") || body.contains("Vous êtes invit"),
        "{message}"
    );
}
