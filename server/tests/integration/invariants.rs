//! The programme's invariants, enforced by the services and the database together, under
//! concurrent writers, on the in-memory engine and on SurrealKV.
use crate::common;

use app::domain::states::{DuoState, MenteeState, MentorState};
use app::duos::server::{create_duo, dissolve_duo};
use app::error::{AppError, Conflict, Invalid};
use app::model::Role;
use app::people::server::{create_mentee, get_mentee, list_mentees, load_mentee, load_mentor};
use app::state::AppState;
use common::*;
use std::sync::Arc;

const RACERS: usize = 30;

fn is_lost_race(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Conflict {
            reason: Conflict::MenteeNotWaiting
                | Conflict::MentorFull
                | Conflict::MentorNotAvailable
                | Conflict::Stale,
            ..
        }
    )
}

async fn many_coordinators_race_for_one_mentee(kind: &str) {
    let (db, _dir) = database(kind).await;
    let who = Arc::new(caller(&db, Role::Coordinator, &["liege"]).await);
    let mentee = mentee(&db, &who, "liege").await;
    let mut mentors = Vec::new();
    for _ in 0..RACERS {
        mentors.push(mentor(&db, &who, "liege", 1).await);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for m in &mentors {
        let (db, who, mentee_id, mentor_id) =
            (db.clone(), who.clone(), mentee.id.clone(), m.id.clone());
        tasks.spawn(async move {
            create_duo(&AppState::new(db.clone()), &who, &mentee_id, &mentor_id).await
        });
    }
    let results: Vec<_> = tasks.join_all().await;
    let wins: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(wins.len(), 1, "exactly one coordinator wins: {results:?}");
    for r in &results {
        if let Err(e) = r {
            assert!(is_lost_race(e), "losers get a clear conflict, got {e:?}");
        }
    }
    let winner = wins[0];
    assert_eq!(winner.state, DuoState::Draft, "a drag makes a draft");
    assert_eq!(
        count(
            &db,
            "RETURN count(SELECT * FROM duo WHERE mentee = type::record('mentee', $id))",
            ("id", mentee.id.clone())
        )
        .await,
        1
    );
    let mentee_now = load_mentee(&db, &mentee.id).await.unwrap();
    assert_eq!(mentee_now.state, MenteeState::Proposed);
    assert_eq!(mentee_now.duo.as_deref(), Some(winner.id.as_str()));
    let mut total_load = 0;
    for m in &mentors {
        let now = load_mentor(&db, &m.id).await.unwrap();
        total_load += now.load;
        if now.id == winner.mentor {
            assert_eq!((now.load, now.state), (1, MentorState::Proposed));
        } else {
            assert_eq!(
                (now.load, now.state),
                (0, MentorState::Available),
                "nothing half-written"
            );
        }
    }
    assert_eq!(total_load, 1);
}

async fn many_mentees_race_for_one_mentor(kind: &str, capacity: u32) {
    let (db, _dir) = database(kind).await;
    let who = Arc::new(caller(&db, Role::Coordinator, &["ghent"]).await);
    let mentor = mentor(&db, &who, "ghent", capacity).await;
    let mut mentees = Vec::new();
    for _ in 0..RACERS {
        mentees.push(mentee(&db, &who, "ghent").await);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for m in &mentees {
        let (db, who, mentee_id, mentor_id) =
            (db.clone(), who.clone(), m.id.clone(), mentor.id.clone());
        tasks.spawn(async move {
            create_duo(&AppState::new(db.clone()), &who, &mentee_id, &mentor_id).await
        });
    }
    let results: Vec<_> = tasks.join_all().await;
    let wins = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(
        wins, capacity as usize,
        "the mentor's capacity is never exceeded: {results:?}"
    );
    for r in &results {
        if let Err(e) = r {
            assert!(is_lost_race(e), "losers get a clear conflict, got {e:?}");
        }
    }
    let now = load_mentor(&db, &mentor.id).await.unwrap();
    assert_eq!(now.load, capacity);
    assert_eq!(now.state, MentorState::Proposed);
    assert_eq!(
        count(
            &db,
            "RETURN count(SELECT * FROM duo WHERE mentor = type::record('mentor', $id))",
            ("id", mentor.id.clone())
        )
        .await,
        i64::from(capacity)
    );
    let mut proposed = 0;
    for m in &mentees {
        match load_mentee(&db, &m.id).await.unwrap().state {
            MenteeState::Proposed => proposed += 1,
            MenteeState::Waiting => {}
            other => panic!("unexpected mentee state {other}"),
        }
    }
    assert_eq!(
        proposed, capacity as usize,
        "every losing mentee is still waiting"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_coordinators_race_for_one_mentee_in_memory() {
    many_coordinators_race_for_one_mentee("mem").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_coordinators_race_for_one_mentee_on_surrealkv() {
    many_coordinators_race_for_one_mentee("surrealkv").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_mentees_race_for_one_mentor_in_memory() {
    many_mentees_race_for_one_mentor("mem", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_mentees_race_for_one_mentor_on_surrealkv() {
    many_mentees_race_for_one_mentor("surrealkv", 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_mentor_of_capacity_two_takes_exactly_two() {
    many_mentees_race_for_one_mentor("mem", 2).await;
}

#[tokio::test]
async fn undoing_a_duo_puts_both_back_on_the_board() {
    let (db, _dir) = database("mem").await;
    let who = caller(&db, Role::Coordinator, &["brussels"]).await;
    let mentee = mentee(&db, &who, "brussels").await;
    let mentor = mentor(&db, &who, "brussels", 1).await;
    let duo = create_duo(&AppState::new(db.clone()), &who, &mentee.id, &mentor.id)
        .await
        .unwrap();
    // The same pair again is refused: the mentee is taken, and we learn by whom.
    let refused = create_duo(&AppState::new(db.clone()), &who, &mentee.id, &mentor.id)
        .await
        .unwrap_err();
    assert_eq!(
        refused,
        AppError::conflict_by(
            Conflict::MenteeNotWaiting,
            Some(who.user.display_name.clone())
        )
    );
    dissolve_duo(&AppState::new(db.clone()), &who, &duo.id)
        .await
        .unwrap();
    let m = load_mentee(&db, &mentee.id).await.unwrap();
    assert_eq!((m.state, m.duo), (MenteeState::Waiting, None));
    let t = load_mentor(&db, &mentor.id).await.unwrap();
    assert_eq!((t.state, t.load), (MentorState::Available, 0));
    assert_eq!(
        dissolve_duo(&AppState::new(db.clone()), &who, &duo.id)
            .await
            .unwrap_err(),
        AppError::NotFound
    );
    assert_eq!(
        count(
            &db,
            "RETURN count(SELECT * FROM duo_event WHERE duo = $id)",
            ("id", duo.id.clone())
        )
        .await,
        2
    );
    // And they can be matched again.
    create_duo(&AppState::new(db.clone()), &who, &mentee.id, &mentor.id)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_started_duo_cannot_be_undone() {
    let (db, _dir) = database("mem").await;
    let who = caller(&db, Role::Coordinator, &["brussels"]).await;
    let mentee = mentee(&db, &who, "brussels").await;
    let mentor = mentor(&db, &who, "brussels", 1).await;
    let duo = create_duo(&AppState::new(db.clone()), &who, &mentee.id, &mentor.id)
        .await
        .unwrap();
    db.query("UPDATE type::record('duo', $id) SET state = 'active'")
        .bind(("id", duo.id.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    assert_eq!(
        dissolve_duo(&AppState::new(db.clone()), &who, &duo.id)
            .await
            .unwrap_err(),
        AppError::conflict(Conflict::DuoStarted)
    );
    assert_eq!(
        load_mentee(&db, &mentee.id).await.unwrap().state,
        MenteeState::Proposed
    );
}

#[tokio::test]
async fn people_of_other_offices_are_out_of_reach() {
    let (db, _dir) = database("mem").await;
    let admin = caller(&db, Role::Admin, &[]).await;
    let liege = caller(&db, Role::Coordinator, &["liege"]).await;
    let hq = caller(&db, Role::Hq, &[]).await;
    let mentor_role = caller(&db, Role::Mentor, &["ghent"]).await;
    let ghent_mentee = mentee(&db, &admin, "ghent").await;
    let ghent_mentor = mentor(&db, &admin, "ghent", 1).await;

    assert_eq!(
        create_mentee(
            &AppState::new(db.clone()),
            &liege,
            &person("ghent", "Outsider", "waiting")
        )
        .await
        .unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        get_mentee(&db, &liege, &ghent_mentee.id).await.unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        create_duo(
            &AppState::new(db.clone()),
            &liege,
            &ghent_mentee.id,
            &ghent_mentor.id
        )
        .await
        .unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        list_mentees(&db, &liege, Some("ghent"), None)
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    // The coordinator's list holds their office's mentee and not the other office's (a list
    // that came back empty would prove nothing).
    let liege_mentee = mentee(&db, &admin, "liege").await;
    let listed: Vec<String> = list_mentees(&db, &liege, None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(listed, vec![liege_mentee.id.clone()]);
    assert!(!listed.contains(&ghent_mentee.id));
    // Headquarters sees aggregates only; a mentor sees only their own duo.
    assert_eq!(
        list_mentees(&db, &hq, None, None).await.unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        get_mentee(&db, &mentor_role, &ghent_mentee.id)
            .await
            .unwrap_err(),
        AppError::Forbidden
    );
    assert_eq!(
        create_duo(
            &AppState::new(db.clone()),
            &mentor_role,
            &ghent_mentee.id,
            &ghent_mentor.id
        )
        .await
        .unwrap_err(),
        AppError::Forbidden
    );
    // Nothing was written by the refused calls.
    assert_eq!(
        load_mentee(&db, &ghent_mentee.id).await.unwrap().state,
        MenteeState::Waiting
    );
    assert_eq!(
        count(
            &db,
            "RETURN count(SELECT * FROM duo WHERE office = $o)",
            ("o", "ghent".into())
        )
        .await,
        0
    );
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    let (db, _dir) = database("mem").await;
    let who = caller(&db, Role::Coordinator, &["antwerp"]).await;
    let before = count(
        &db,
        "RETURN count(SELECT * FROM mentee)",
        ("x", String::new()),
    )
    .await;
    let mut bad = person("antwerp", "", "waiting");
    assert_eq!(
        create_mentee(&AppState::new(db.clone()), &who, &bad)
            .await
            .unwrap_err(),
        AppError::invalid("last_name", Invalid::Required)
    );
    bad = person("antwerp", "Ok", "in_duo");
    assert_eq!(
        create_mentee(&AppState::new(db.clone()), &who, &bad)
            .await
            .unwrap_err(),
        AppError::invalid("state", Invalid::Unknown)
    );
    assert_eq!(
        count(
            &db,
            "RETURN count(SELECT * FROM mentee)",
            ("x", String::new())
        )
        .await,
        before
    );
    let mentee = mentee(&db, &who, "antwerp").await;
    assert_eq!(
        create_duo(&AppState::new(db.clone()), &who, &mentee.id, "no such; id")
            .await
            .unwrap_err(),
        AppError::invalid("mentor", Invalid::Malformed)
    );
    assert_eq!(
        create_duo(&AppState::new(db.clone()), &who, &mentee.id, "nosuchmentor")
            .await
            .unwrap_err(),
        AppError::NotFound
    );
}

#[tokio::test]
async fn a_duo_stays_within_one_office() {
    let (db, _dir) = database("mem").await;
    let who = caller(&db, Role::Coordinator, &["antwerp", "ghent"]).await;
    let mentee = mentee(&db, &who, "antwerp").await;
    let mentor = mentor(&db, &who, "ghent", 1).await;
    assert_eq!(
        create_duo(&AppState::new(db.clone()), &who, &mentee.id, &mentor.id)
            .await
            .unwrap_err(),
        AppError::conflict(Conflict::DifferentOffice)
    );
}

#[tokio::test]
async fn sessions_and_passwords() {
    let (db, _dir) = database("mem").await;
    let who = caller(&db, Role::Coordinator, &["liege"]).await;
    assert_eq!(
        app::auth::server::login(
            &app::state::AppState::new(db.clone()),
            &who.user.email,
            "wrong password!",
            "test",
            None
        )
        .await
        .unwrap_err(),
        AppError::BadCredentials
    );
    assert_eq!(
        app::auth::server::login(
            &app::state::AppState::new(db.clone()),
            "nobody@test.example",
            PASSWORD,
            "test",
            None
        )
        .await
        .unwrap_err(),
        AppError::BadCredentials
    );
    app::auth::server::logout(&db, &who.token).await.unwrap();
    assert!(
        app::auth::server::principal_for_token(&db, &who.token)
            .await
            .unwrap()
            .is_none(),
        "signed out"
    );
    let stored: Vec<String> = db
        .query("SELECT VALUE password_hash FROM user")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert!(
        stored.iter().all(|h| h.starts_with("$argon2id$")),
        "only Argon2id hashes are stored"
    );
}
