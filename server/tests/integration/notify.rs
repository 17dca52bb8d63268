//! Notifications: each trigger makes one notice per recipient, in their language; the sweep
//! made twice, or by two instances, makes nothing twice; each email is sent once even across a
//! restart and with two senders; a failing mail server is tried again; a kind turned off is not
//! mailed but stays in the inbox; the inbox API is the caller's own.
use crate::common::router::{app_with, call, draft_duo, mentor_account, step, today, token};
use app::notify::mailer::Mailer;
use app::notify::{outbox, sweep};
use app::state::AppState;
use axum::http::StatusCode;
use axum::Router;
use chrono::{TimeZone, Utc};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// What the test's SMTP server received, and how many sessions it must still refuse.
#[derive(Clone, Default)]
struct Inbox {
    messages: Arc<Mutex<Vec<String>>>,
    refuse: Arc<Mutex<u32>>,
}

impl Inbox {
    fn messages(&self) -> Vec<String> {
        self.messages.lock().unwrap().clone()
    }
    fn to(&self, address: &str) -> Vec<String> {
        let to = format!("To: {address}");
        self.messages()
            .into_iter()
            .filter(|m| m.lines().any(|l| l == to))
            .collect()
    }
}

/// A small SMTP server: accepts any number of sessions and keeps each message; while
/// `refuse` is above zero, a session's sender is refused (451) and the count goes down.
async fn smtp_server() -> (String, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let inbox = Inbox::default();
    let kept = inbox.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let (mut data, mut in_data) = (String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            kept.messages
                                .lock()
                                .unwrap()
                                .push(std::mem::take(&mut data));
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            data.push_str(&line);
                            data.push('\n');
                        }
                        continue;
                    }
                    let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 test\r\n",
                        "MAIL" => {
                            let mut refuse = kept.refuse.lock().unwrap();
                            if *refuse > 0 {
                                *refuse -= 1;
                                b"451 try again later\r\n"
                            } else {
                                b"250 ok\r\n"
                            }
                        }
                        "DATA" => {
                            in_data = true;
                            b"354 go on\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (url, inbox)
}

fn mailer(url: &str) -> Mailer {
    Mailer::new(
        url,
        "Duo <no-reply@duo.example>",
        "https://duo.example.org/",
    )
    .unwrap()
}

/// Today at noon in Brussels: daytime, whenever the tests run.
fn noon() -> chrono::DateTime<Utc> {
    use chrono::TimeZone;
    let day = app::clock::today().and_hms_opt(12, 0, 0).unwrap();
    app::clock::ZONE
        .from_local_datetime(&day)
        .unwrap()
        .with_timezone(&Utc)
}

/// Sends until nothing is left to send (at noon); returns how many were sent.
async fn send_all(state: &AppState) -> usize {
    let mut sent = 0;
    loop {
        let round = outbox::send_due_at(state, noon()).await.unwrap();
        sent += round.sent;
        if round.sent + round.failed == 0 {
            return sent;
        }
    }
}

async fn notices(db: &app::db::Db) -> Vec<Value> {
    let mut resp = db
        .query(
            "SELECT kind, recipient, user, language, mail, attempts, error, key, days, date,
                 place, name FROM notice ORDER BY key",
        )
        .await
        .unwrap();
    resp.take::<Vec<Value>>(0).unwrap()
}

fn of_kind<'a>(all: &'a [Value], kind: &str) -> Vec<&'a Value> {
    all.iter().filter(|n| n["kind"] == kind).collect()
}

/// A Liège duo whose mentee reads Dutch and has an address, and whose mentor has an account:
/// (router, state, coordinator's token, mentor's token, duo).
async fn proposed(
    state: impl FnOnce(AppState) -> AppState,
) -> (Router, AppState, String, String, String) {
    let (app, state) = app_with(state).await;
    let coord = token(&app, "coord@test.example").await;
    let (duo, mentee, mentor) = draft_duo(&app, &coord, "Peeters").await;
    let mentor_token = mentor_account(&app, &state.db, &mentor, "jean@test.example").await;
    state
        .db
        .query("UPDATE type::record('mentee', $m) SET languages = ['ar', 'nl'], email = 'samira@mail.example'")
        .bind(("m", mentee))
        .await
        .unwrap()
        .check()
        .unwrap();
    // A draft is nobody's business but the coordinators': no notice yet.
    assert!(notices(&state.db).await.is_empty());
    let (status, v) = step(&app, &coord, &duo, json!({"to": "proposed"})).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    (app, state, coord, mentor_token, duo)
}

/// Brings a duo to `active`, started `days` ago with no meeting since, its first check-in due
/// yesterday.
async fn active_since(app: &Router, state: &AppState, coord: &str, duo: &str, days: i64) {
    let now = crate::common::router::state_of(app, coord, "duos", duo).await;
    for body in [
        json!({"to": "intro_scheduled", "date": today(1), "place": "Maison de l'emploi"}),
        json!({"to": "intro_held"}),
        json!({"to": "agreed", "date": today(0)}),
        json!({"to": "active"}),
    ] {
        if now == "intro_scheduled" && body["to"] == "intro_scheduled" {
            continue;
        }
        let (status, v) = step(app, coord, duo, body).await;
        assert_eq!(status, StatusCode::OK, "{v}");
    }
    state
        .db
        .query(
            "UPDATE type::record('duo', $duo) SET started_on = $start, last_meeting_on = NONE;
             UPDATE checkin SET due_on = $yesterday WHERE duo = $duo AND due_on = (
                 SELECT VALUE due_on FROM checkin WHERE duo = $duo ORDER BY due_on LIMIT 1)[0];",
        )
        .bind(("duo", duo.to_string()))
        .bind(("start", today(-days)))
        .bind(("yesterday", today(-1)))
        .await
        .unwrap()
        .check()
        .unwrap();
}

#[tokio::test]
async fn each_trigger_makes_one_notice_per_recipient_in_their_language_and_never_twice() {
    let (app, state, coord, mentor_token, duo) = proposed(|s| s).await;
    // The proposal was announced when it was made, before any sweep.
    let all = notices(&state.db).await;
    let proposed = of_kind(&all, "duo_proposed");
    assert_eq!(proposed.len(), 2, "{all:#?}");
    let to_mentee = proposed
        .iter()
        .find(|n| n["recipient"].as_str().unwrap().starts_with("mentee:"))
        .unwrap();
    assert_eq!(to_mentee["language"], "nl");
    assert_eq!(
        to_mentee["name"], "Jean",
        "the mentee reads their mentor's first name"
    );
    assert!(to_mentee["user"].is_null(), "a mentee has no inbox");
    let to_mentor = proposed.iter().find(|n| !n["user"].is_null()).unwrap();
    assert_eq!(
        to_mentor["language"], "fr",
        "a Liège account is written to in French"
    );
    assert_eq!(to_mentor["name"], "Samira");
    // No mail server here: inbox only, and nothing is waiting to be mailed.
    assert!(all.iter().all(|n| n["mail"] == "no_server"), "{all:#?}");

    // The introduction tomorrow: announced to both, and the reminder too.
    let (status, v) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "intro_scheduled", "date": today(1), "place": "Maison de l'emploi"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    sweep::sweep(&state, noon()).await.unwrap();
    sweep::sweep(&state, noon()).await.unwrap();
    let all = notices(&state.db).await;
    assert_eq!(of_kind(&all, "intro_scheduled").len(), 2, "{all:#?}");
    assert_eq!(of_kind(&all, "intro_tomorrow").len(), 2, "{all:#?}");
    let intro = of_kind(&all, "intro_scheduled")[0];
    assert_eq!(intro["place"], "Maison de l'emploi");
    assert_eq!(intro["date"], today(1));
    assert_eq!(of_kind(&all, "duo_proposed").len(), 2, "nothing made twice");

    // The mentor's inbox holds theirs, newest first, in the caller's language.
    let (status, inbox) = call(
        &app,
        "GET",
        "/api/v1/notifications",
        Some(&mentor_token),
        "nl",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{inbox}");
    let kinds: Vec<&str> = inbox
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3, "{inbox}");
    assert_eq!(
        kinds.last(),
        Some(&"duo_proposed"),
        "oldest last: {kinds:?}"
    );
    let first = &inbox[0];
    assert_eq!(first["read"], false);
    assert!(first["title"].as_str().unwrap().len() > 5, "{first}");
    assert_eq!(first["link"], "/mentor");
    // The coordinator has none of these: they are the duo's people's.
    let (_, theirs) = call(
        &app,
        "GET",
        "/api/v1/notifications",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(theirs, json!([]));

    // Active for 40 days without a meeting, a check-in due yesterday: the mentor is nudged,
    // the coordinators hear of the quiet duo and of the check-in.
    active_since(&app, &state, &coord, &duo, 40).await;
    sweep::sweep(&state, noon()).await.unwrap();
    sweep::sweep(&state, noon()).await.unwrap();
    let all = notices(&state.db).await;
    let quiet = of_kind(&all, "quiet_mentor");
    assert_eq!(quiet.len(), 1, "{all:#?}");
    assert_eq!(quiet[0]["days"], 40);
    assert!(!quiet[0]["user"].is_null(), "the mentor's own inbox");
    assert_eq!(
        of_kind(&all, "quiet_coordinator").len(),
        1,
        "one Liège coordinator"
    );
    assert_eq!(of_kind(&all, "checkin_due").len(), 1, "{all:#?}");
    assert_eq!(of_kind(&all, "checkin_due")[0]["date"], today(-1));
    // Ghent's coordinator hears nothing of Liège.
    let ghent = token(&app, "ghent@test.example").await;
    let (_, theirs) = call(
        &app,
        "GET",
        "/api/v1/notifications",
        Some(&ghent),
        "en",
        None,
    )
    .await;
    assert_eq!(theirs, json!([]));

    // Monday 7 December 2026, 08:30 in Brussels: the weekly digest, once per coordinator.
    let monday = Utc.with_ymd_and_hms(2026, 12, 7, 7, 30, 0).unwrap();
    sweep::sweep(&state, monday).await.unwrap();
    sweep::sweep(&state, monday).await.unwrap();
    let all = notices(&state.db).await;
    let digest = of_kind(&all, "weekly_digest");
    assert_eq!(digest.len(), 1, "{all:#?}");
    let (_, inbox) = call(
        &app,
        "GET",
        "/api/v1/notifications",
        Some(&coord),
        "en",
        None,
    )
    .await;
    let text = inbox
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "weekly_digest")
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        text.contains("Samira Peeters — Jean Peeters: No meeting for"),
        "{text}"
    );
    // 07:59 that Monday: not yet.
    let early = Utc.with_ymd_and_hms(2026, 12, 14, 6, 59, 0).unwrap();
    sweep::sweep(&state, early).await.unwrap();
    assert_eq!(of_kind(&notices(&state.db).await, "weekly_digest").len(), 1);
}

#[tokio::test]
async fn the_inbox_is_the_callers_own_and_reading_is_counted() {
    let (app, state, coord, mentor_token, _duo) = proposed(|s| s).await;
    let (_, inbox) = call(
        &app,
        "GET",
        "/api/v1/notifications",
        Some(&mentor_token),
        "en",
        None,
    )
    .await;
    let id = inbox[0]["id"].as_str().unwrap().to_string();
    let who = app::auth::server::principal_for_token(&state.db, &mentor_token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        app::notify::server::unread(&state.db, &who).await.unwrap(),
        1
    );
    // Someone else's notice is not found, and stays unread.
    let path = format!("/api/v1/notifications/{id}/read");
    let (status, _) = call(&app, "POST", &path, Some(&coord), "en", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        app::notify::server::unread(&state.db, &who).await.unwrap(),
        1
    );
    let (status, _) = call(
        &app,
        "POST",
        "/api/v1/notifications/nope!/read",
        Some(&mentor_token),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, read) = call(&app, "POST", &path, Some(&mentor_token), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{read}");
    assert_eq!(read["read"], true);
    assert_eq!(
        app::notify::server::unread(&state.db, &who).await.unwrap(),
        0
    );
    // Anonymous callers get nothing.
    let (status, _) = call(&app, "GET", "/api/v1/notifications", None, "en", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_email_goes_once_in_the_readers_language_across_a_restart_and_two_senders() {
    let (url, smtp) = smtp_server().await;
    let (app, state, coord, _mentor_token, duo) = proposed(|s| s.mailing(mailer(&url))).await;
    let (status, _) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "intro_scheduled", "date": today(5), "place": "Kantoor Luik"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let made = notices(&state.db).await;
    assert_eq!(made.len(), 4, "{made:#?}");
    assert!(made.iter().all(|n| n["mail"] == "pending"), "{made:#?}");

    // One notice was being sent by an instance that stopped (its claim expired), one is held
    // by an instance still at work, one was sent before the restart.
    let keys: Vec<String> = made
        .iter()
        .map(|n| n["key"].as_str().unwrap().to_string())
        .collect();
    state
        .db
        .query(
            "UPDATE notice SET mail = 'sending', claimed_by = 'gone', claimed_until = time::now() - 1m WHERE key = $a;
             UPDATE notice SET mail = 'sending', claimed_by = 'busy', claimed_until = time::now() + 1h WHERE key = $b;
             UPDATE notice SET mail = 'sent', sent_at = time::now() WHERE key = $c;",
        )
        .bind(("a", keys[0].clone()))
        .bind(("b", keys[1].clone()))
        .bind(("c", keys[2].clone()))
        .await
        .unwrap()
        .check()
        .unwrap();

    // After the restart, two instances send at once on the same database.
    let other = AppState::new(state.db.clone()).mailing(mailer(&url));
    let (a, b) = tokio::join!(send_all(&state), send_all(&other));
    assert_eq!(
        a + b,
        2,
        "the expired claim and the untouched notice, each once"
    );
    assert_eq!(smtp.messages().len(), 2);
    // The sweep, again, makes nothing new to send.
    sweep::sweep(&state, noon()).await.unwrap();
    assert_eq!(send_all(&state).await, 0);
    assert_eq!(smtp.messages().len(), 2);

    // The mentee reads Dutch, with no link into Duo; the mentor French, with links.
    let to_mentee = smtp.to("samira@mail.example");
    let to_mentor = smtp.to("jean@test.example");
    let mentee_keys: Vec<&String> = keys[..2]
        .iter()
        .filter(|k| k.contains("|mentee:"))
        .collect();
    assert_eq!(to_mentee.len(), mentee_keys.len(), "{:#?}", smtp.messages());
    assert_eq!(to_mentee.len() + to_mentor.len(), 2);
    for message in to_mentee {
        let body = message.replace("=\n", "");
        assert!(
            body.contains("Goeddag") || body.contains("Subject: Duo"),
            "{body}"
        );
        assert!(!body.contains("https://duo.example.org"), "{body}");
    }
    let all = notices(&state.db).await;
    let sent = all.iter().filter(|n| n["mail"] == "sent").count();
    assert_eq!(sent, 3, "{all:#?}");
    assert_eq!(
        all.iter().filter(|n| n["mail"] == "sending").count(),
        1,
        "the busy claim is left"
    );
}

#[tokio::test]
async fn a_failing_mail_server_is_tried_again_and_a_kind_turned_off_stays_in_the_inbox() {
    let (url, smtp) = smtp_server().await;
    let (app, state, coord, mentor_token, duo) = proposed(|s| s.mailing(mailer(&url))).await;

    // The mentor turns the nudges off; the essential kinds cannot be.
    let (status, v) = call(
        &app,
        "PUT",
        "/api/v1/notifications/settings",
        Some(&mentor_token),
        "fr",
        Some(json!({"language": "nl", "turned_off": ["duo_proposed"]})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let (status, settings) = call(
        &app,
        "PUT",
        "/api/v1/notifications/settings",
        Some(&mentor_token),
        "fr",
        Some(json!({"language": "nl", "turned_off": ["quiet_mentor"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["language"], "nl");
    let nudge = settings["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "quiet_mentor")
        .unwrap();
    assert_eq!(nudge["mailed"], false);

    // The server refuses the first two sessions: both proposal emails fail, wait, are tried
    // again later, and go.
    *smtp.refuse.lock().unwrap() = 2;
    assert_eq!(send_all(&state).await, 0);
    let all = notices(&state.db).await;
    for n in &all {
        assert_eq!(
            (n["mail"].as_str(), n["attempts"].as_i64()),
            (Some("failed"), Some(1)),
            "{n}"
        );
        assert!(n["error"].as_str().unwrap().contains("451"), "{n}");
    }
    assert_eq!(send_all(&state).await, 0, "not before their next try");
    state
        .db
        .query("UPDATE notice SET next_try = time::now()")
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(send_all(&state).await, 2);
    let all = notices(&state.db).await;
    assert!(
        all.iter()
            .all(|n| n["mail"] == "sent" && n["attempts"] == 2),
        "{all:#?}"
    );

    // At night only what a person needs to show up is mailed: the introduction's eve waits.
    let midnight = noon() - chrono::Duration::hours(12);
    let (status, _) = step(
        &app,
        &coord,
        &duo,
        json!({"to": "intro_scheduled", "date": today(1), "place": "Kantoor"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    sweep::sweep(&state, noon()).await.unwrap();
    outbox::send_due_at(&state, midnight).await.unwrap();
    let waiting = notices(&state.db).await;
    assert!(
        of_kind(&waiting, "intro_scheduled")
            .iter()
            .all(|n| n["mail"] == "sent"),
        "{waiting:#?}"
    );
    assert!(
        of_kind(&waiting, "intro_tomorrow")
            .iter()
            .all(|n| n["mail"] == "pending"),
        "{waiting:#?}"
    );
    assert_eq!(
        send_all(&state).await,
        2,
        "the eve's reminders go in the morning"
    );

    // Quiet for 20 days: the nudge is made, in the inbox, not mailed.
    active_since(&app, &state, &coord, &duo, 20).await;
    let before = smtp.messages().len();
    sweep::sweep(&state, noon()).await.unwrap();
    send_all(&state).await;
    let all = notices(&state.db).await;
    let nudge = of_kind(&all, "quiet_mentor");
    assert_eq!(nudge.len(), 1, "{all:#?}");
    assert_eq!(nudge[0]["mail"], "off");
    assert_eq!(nudge[0]["language"], "nl", "the mentor's chosen language");
    let mailed_since: Vec<String> = smtp.messages()[before..].to_vec();
    assert!(
        mailed_since.iter().all(|m| !m.contains("Hoe gaat het met")),
        "no nudge was mailed: {mailed_since:#?}"
    );
    let (_, inbox) = call(
        &app,
        "GET",
        "/api/v1/notifications",
        Some(&mentor_token),
        "nl",
        None,
    )
    .await;
    assert!(
        inbox
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "quiet_mentor"),
        "{inbox}"
    );

    // Administrators see what was sent and what failed; nobody else does.
    let (status, _) = call(
        &app,
        "GET",
        "/api/v1/admin/notifications",
        Some(&coord),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = crate::common::router::admin_token(&app, &state.db).await;
    let (status, sent) = call(
        &app,
        "GET",
        "/api/v1/admin/notifications",
        Some(&admin),
        "en",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert!(sent.as_array().unwrap().iter().any(|n| n["mail"] == "off"));
    assert!(
        sent.as_array()
            .unwrap()
            .iter()
            .all(|n| n.get("recipient").is_none()),
        "no one named"
    );
}

#[tokio::test]
async fn erasing_a_person_takes_their_notices_and_their_line_of_the_weekly_list() {
    let (app, state, coord, _mentor_token, duo) = proposed(|s| s).await;
    active_since(&app, &state, &coord, &duo, 30).await;
    // Another quiet duo of the office, by other people.
    let (other, _, _) = crate::common::router::proposed_duo(&app, &coord, "Lambert").await;
    active_since(&app, &state, &coord, &other, 30).await;
    let monday = Utc.with_ymd_and_hms(2026, 12, 7, 7, 30, 0).unwrap();
    sweep::sweep(&state, noon()).await.unwrap();
    sweep::sweep(&state, monday).await.unwrap();
    let made = notices(&state.db).await;
    assert!(
        made.iter().any(|n| n["kind"] == "weekly_digest"),
        "{made:#?}"
    );
    assert!(made
        .iter()
        .any(|n| n["recipient"].as_str().unwrap().starts_with("mentee:")));
    let mut resp = state
        .db
        .query("SELECT VALUE record::id(mentee) FROM type::record('duo', $d)")
        .bind(("d", duo.clone()))
        .await
        .unwrap();
    let mentee: Option<String> = resp.take(0).unwrap();
    let admin = crate::common::router::admin_token(&app, &state.db).await;
    let path = format!("/api/v1/people/mentee:{}/erase", mentee.unwrap());
    let (status, v) = call(&app, "POST", &path, Some(&admin), "en", None).await;
    assert_eq!(status, StatusCode::OK, "{v}");
    // Their notices go; the weekly list keeps the other duo's line only.
    let left = notices(&state.db).await;
    assert!(!left.is_empty());
    let text = serde_json::to_string(&left).unwrap();
    assert!(!text.contains("Peeters"), "{text}");
    let mut resp = state
        .db
        .query("SELECT VALUE lines FROM notice WHERE kind = 'weekly_digest'")
        .await
        .unwrap();
    let lists: Vec<Vec<Value>> = resp.take(0).unwrap();
    assert_eq!(lists.len(), 1);
    assert!(!lists[0].is_empty());
    assert!(
        lists[0].iter().all(|l| l["duo"] == other.as_str()),
        "{lists:#?}"
    );
}

#[tokio::test]
async fn the_mentee_is_mailed_their_own_link_once_and_it_opens_their_question() {
    let (url, smtp) = smtp_server().await;
    let (app, state, coord, _mentor_token, duo) = proposed(|s| s.mailing(mailer(&url))).await;
    // Started six months and ten days ago: the 6-month answer is due.
    active_since(&app, &state, &coord, &duo, 6 * 31 + 10).await;
    sweep::sweep(&state, noon()).await.unwrap();
    sweep::sweep(&state, noon()).await.unwrap();
    let all = notices(&state.db).await;
    let own = of_kind(&all, "mentee_voice");
    assert_eq!(own.len(), 1, "{all:#?}");
    assert_eq!(own[0]["language"], "nl");
    send_all(&state).await;
    let to_mentee = smtp.to("samira@mail.example");
    let message = to_mentee
        .iter()
        .map(|m| m.replace("=\n", "").replace("=3D", "="))
        .find(|m| m.contains("/voice/"))
        .expect("the link went to the mentee");
    let token: String = message
        .split("/voice/")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    assert_eq!(token.len(), 64, "{message}");
    let (status, q) = call(
        &app,
        "GET",
        &format!("/api/v1/voice/{token}"),
        None,
        "nl",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{q}");
    assert_eq!(q, json!({"first_name": "Samira", "moment": "6m"}));
    // Nothing of the token is kept with the notice.
    let stored = serde_json::to_string(&notices(&state.db).await).unwrap();
    assert!(!stored.contains(&token));
}
