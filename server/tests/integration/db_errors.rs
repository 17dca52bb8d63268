//! SurrealDB's errors sorted by their kind, not their wording: a lost race is retried (and
//! shown as a conflict at worst), never a 500, whatever words a new version uses.
use crate::common;

use app::db::{transact, write_error, WriteError};
use surrealdb::types::QueryError;
use surrealdb::Surreal;

/// Two transactions write the same record; the first commits, so the second lost the race:
/// its error is what SurrealDB really answers to a write conflict.
async fn lost_race(kind: &str) -> surrealdb::Error {
    let (db, _dir) = common::database(kind).await;
    let first = Surreal::clone(&db).begin().await.unwrap();
    let second = Surreal::clone(&db).begin().await.unwrap();
    let write = "UPSERT throttle:race SET failures = 1, last_at = time::now()";
    first.query(write).await.unwrap().check().unwrap();
    let second_write = second.query(write).await.and_then(|r| r.check());
    first.commit().await.unwrap();
    match second_write {
        Err(e) => e,
        Ok(_) => second
            .commit()
            .await
            .err()
            .expect("the second writer must lose the race"),
    }
}

#[tokio::test]
async fn a_real_write_conflict_is_retried_in_memory_and_on_surrealkv() {
    for kind in ["mem", "surrealkv"] {
        let e = lost_race(kind).await;
        assert!(
            matches!(write_error(e.clone()), WriteError::Retry),
            "{kind}: {e:?}"
        );
    }
}

#[tokio::test]
async fn errors_are_sorted_by_kind_whatever_their_words() {
    // A conflict worded differently by a later version is still a conflict…
    let reworded =
        surrealdb::Error::query("the write clashed".into(), QueryError::TransactionConflict);
    assert!(matches!(write_error(reworded), WriteError::Retry));
    // …and a failure that merely mentions the word is not one.
    let mention = surrealdb::Error::internal("Conflict between two field definitions".into());
    assert!(matches!(write_error(mention), WriteError::Failed(_)));
    let not_retryable = surrealdb::Error::query(
        "This transaction can be retried, it said".into(),
        QueryError::Cancelled,
    );
    assert!(matches!(write_error(not_retryable), WriteError::Failed(_)));
}

#[tokio::test]
async fn a_version_check_that_fails_inside_a_transaction_is_retried() {
    let (db, _dir) = common::database("mem").await;
    // The statement before the version check reports "not executed": the cause is the check.
    let outcome = transact(
        &db,
        format!(
            "UPSERT throttle:checked SET failures = 1, last_at = time::now();
             THROW '{}';",
            app::db::STALE
        ),
        |q| q,
    )
    .await;
    assert!(matches!(outcome, Err(WriteError::Retry)), "{outcome:?}");
}

#[tokio::test]
async fn a_surrealkv_folder_held_elsewhere_is_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("surrealkv://{}", dir.path().join("db").display());
    let _holder = server::schema::connect(&url).await.unwrap();
    let refused = server::schema::connect(&url)
        .await
        .err()
        .expect("a second open of the same folder is refused");
    assert!(
        server::schema::held_elsewhere(&refused),
        "not recognised: {refused:?}"
    );
    // Other failures are not taken for it, nor is a conflict.
    assert!(!app::db::held_by_another_process(
        &surrealdb::Error::internal("the disk is full".into())
    ));
    assert!(!app::db::held_by_another_process(&lost_race("mem").await));
}
