//! The one place that owns the database handle and turns SurrealDB answers into Duo's types.
use crate::error::AppError;
use serde::de::DeserializeOwned;
use surrealdb::engine::any::Any;
use surrealdb::types::QueryError;
use surrealdb::Surreal;

/// A SurrealDB connection of any engine: `surrealkv://`, `mem://` or `ws://`. Shared behind an
/// `Arc`: cloning a `Surreal` client opens a new session on the server (at most 256 per
/// connection), so requests share one session and only a transaction gets its own.
pub type Db = std::sync::Arc<Surreal<Any>>;

/// Marker thrown inside a transaction when a version check finds the record changed.
pub const STALE: &str = "duo:stale";

/// Why a write transaction failed.
#[derive(Debug)]
pub enum WriteError {
    /// Another writer won the race: re-read and try again.
    Retry,
    Failed(AppError),
}

impl WriteError {
    /// The error to show once retrying is over: a lost race becomes `if_lost`.
    pub fn or(self, if_lost: AppError) -> AppError {
        match self {
            WriteError::Failed(e) => e,
            WriteError::Retry => if_lost,
        }
    }
}

/// Sorts a SurrealDB error into "try again" (optimistic conflicts) and real failures, by the
/// error's kind, which the SDK keeps across versions and transports (never by its wording).
pub fn write_error(e: surrealdb::Error) -> WriteError {
    if lost_race(&e) {
        WriteError::Retry
    } else {
        tracing::error!(error = %e, "database write failed");
        WriteError::Failed(AppError::Internal)
    }
}

/// Whether an error, or one it was caused by, says another writer won: a transaction conflict,
/// or our own version check's [`STALE`] (a `THROW`, whose words are ours).
fn lost_race(e: &surrealdb::Error) -> bool {
    std::iter::successors(Some(e), |e| e.cause()).any(|e| {
        e.query_details() == Some(&QueryError::TransactionConflict)
            || (e.is_thrown() && e.message().contains(STALE))
            || embedded_commit_conflict(e)
    })
}

/// A conflict found when an embedded transaction commits. The one other place (with
/// [`held_by_another_process`]) that reads SurrealDB's wording, because the kind is lost there:
/// surrealdb-engine-local 3.3 turns every commit failure into an `Internal` error holding the
/// datastore's text (`std_error_to_types_error`), while statements inside the transaction keep
/// the `TransactionConflict` kind. The test `a_real_write_conflict_is_retried_in_memory_and_on_surrealkv`
/// provokes real conflicts on both engines, so an upgrade that changes this fails there.
fn embedded_commit_conflict(e: &surrealdb::Error) -> bool {
    e.is_internal() && e.message().starts_with("Transaction conflict:")
}

/// Whether opening an embedded database failed because another process holds it.
///
/// The one place that reads SurrealDB's wording, because no kind says it: SurrealKV reports its
/// held lock file only as text ("Database at … is already locked by another process"), and
/// surrealdb 3.3 passes datastore failures on as `Internal` errors with no details
/// (`KvsError::Datastore(String)`). The test `a_surrealkv_folder_held_elsewhere_is_recognised`
/// pins this against the real engine, so an upgrade that changes it fails there.
pub fn held_by_another_process(e: &surrealdb::Error) -> bool {
    std::iter::successors(Some(e), |e| e.cause())
        .any(|e| e.is_internal() && e.message().contains("locked by another process"))
}

/// Runs statements as one transaction through the SDK's transactions, which behave the same on
/// the embedded engines and on a SurrealDB server (where `BEGIN` inside a query shares the
/// connection's session with concurrent requests). A failed statement cancels everything.
pub async fn transact<F>(db: &Db, sql: String, bind: F) -> Result<(), WriteError>
where
    F: for<'a> FnOnce(surrealdb::method::Query<'a, Any>) -> surrealdb::method::Query<'a, Any>,
{
    let tx = Surreal::clone(db).begin().await.map_err(write_error)?;
    let failure = match bind(tx.query(sql)).await {
        Ok(mut resp) => transaction_failure(&mut resp),
        Err(e) => Some(write_error(e)),
    };
    match failure {
        None => tx.commit().await.map(|_| ()).map_err(write_error),
        Some(failure) => {
            let _ = tx.cancel().await;
            Err(failure)
        }
    }
}

/// The outcome of a multi-statement transaction's errors: a statement that fails makes every
/// other one report "not executed due to a failed transaction", so look at the cause.
pub fn transaction_failure(resp: &mut surrealdb::IndexedResults) -> Option<WriteError> {
    let mut errors: Vec<(usize, surrealdb::Error)> = resp.take_errors().into_iter().collect();
    if errors.is_empty() {
        return None;
    }
    errors.sort_by_key(|(index, _)| *index);
    let cause = errors
        .iter()
        .position(|(_, e)| e.query_details() != Some(&QueryError::NotExecuted))
        .unwrap_or(0);
    Some(write_error(errors.swap_remove(cause).1))
}

/// A read failed: log it, tell the user something honest.
pub fn read_error(e: surrealdb::Error) -> AppError {
    tracing::error!(error = %e, "database read failed");
    AppError::Internal
}

/// Takes the rows of one statement of a response, mapped to a serde type.
pub fn rows<T: DeserializeOwned>(
    resp: &mut surrealdb::IndexedResults,
    index: usize,
) -> Result<Vec<T>, AppError> {
    let values: Vec<serde_json::Value> = resp.take(index).map_err(read_error)?;
    values
        .into_iter()
        // A statement that found nothing answers NONE rather than an empty list.
        .filter(|v| !v.is_null())
        .map(|v| {
            serde_json::from_value(v).map_err(|e| {
                tracing::error!(error = %e, "unexpected row shape");
                AppError::Internal
            })
        })
        .collect()
}

/// Takes the first row of one statement, if any.
pub fn first<T: DeserializeOwned>(
    resp: &mut surrealdb::IndexedResults,
    index: usize,
) -> Result<Option<T>, AppError> {
    Ok(rows(resp, index)?.into_iter().next())
}

/// How many times a write that lost a race is retried before the user is told.
pub const WRITE_ATTEMPTS: u32 = 8;

/// A short, growing, jittered pause between attempts, so racing writers spread out.
pub async fn backoff(attempt: u32) {
    use rand::Rng;
    let base = 2u64 << attempt.min(6);
    let jitter = rand::rng().random_range(0..=base);
    tokio::time::sleep(std::time::Duration::from_millis(base + jitter)).await;
}

/// Record keys come from URLs and bodies: accept only what SurrealDB generates or we seed.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A new record key, chosen before the write so the transaction needs no read-back.
pub fn new_key() -> String {
    use rand::distr::{Alphanumeric, SampleString};
    Alphanumeric
        .sample_string(&mut rand::rng(), 20)
        .to_lowercase()
}

/// One record of a table by key, projected with `fields`; `NotFound` for a malformed or unknown key.
pub async fn load_one<T: DeserializeOwned>(
    db: &Db,
    table: &'static str,
    fields: &str,
    id: &str,
) -> Result<T, AppError> {
    if !valid_key(id) {
        return Err(AppError::NotFound);
    }
    let mut resp = db
        .query(format!("SELECT {fields} FROM type::record($table, $id)"))
        .bind(("table", table))
        .bind(("id", id.to_string()))
        .await
        .map_err(read_error)?;
    first(&mut resp, 0)?.ok_or(AppError::NotFound)
}

/// The records of a table in some offices, optionally in one state, newest or by name.
pub async fn list_in_offices<T: DeserializeOwned>(
    db: &Db,
    table: &'static str,
    fields: &str,
    offices: Vec<String>,
    state: Option<String>,
    order: &str,
) -> Result<Vec<T>, AppError> {
    let mut resp = db
        .query(format!(
            "SELECT {fields} FROM type::table($table) WHERE office IN $offices AND ($state = NONE OR state = $state) ORDER BY {order}"
        ))
        .bind(("table", table))
        .bind(("offices", offices))
        .bind(("state", state))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}
