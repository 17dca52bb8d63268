//! Sign-in throttling, decided in the database. Each attempt is counted BEFORE its password is
//! checked, in the same transaction that reads the counters and decides, so parallel requests
//! and several instances on one database never get more checks than the limits allow: the
//! database's conflict detection is the arbiter (two attempts that share a counter cannot both
//! commit from the same reading), and the loser reads again.
use crate::auth::server::token_key;
use crate::db::{backoff, rows, transaction_failure, write_error, Db, WriteError};
use crate::domain::privacy::{
    remaining_wait, FAILURE_MEMORY_MILLIS, FREE_FAILURES_PER_ACCOUNT,
    FREE_FAILURES_PER_ACCOUNT_ADDRESS, FREE_FAILURES_PER_ADDRESS,
};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use surrealdb::engine::any::Any;
use surrealdb::Surreal;

/// The counters of one sign-in — the account from this address, the address, the account from
/// anywhere — each with the failures it tolerates. Keys are hashed: the table holds no email
/// or network address.
pub struct Counters {
    account_address: String,
    address: String,
    account: String,
}

impl Counters {
    pub fn of(email: &str, from: &str) -> Self {
        // An IPv6 caller counts by its /64, which one machine can fill with addresses.
        let from = crate::limits::network_of(from);
        Counters {
            account_address: token_key(&format!("account-address:{email}:{from}")),
            address: token_key(&format!("address:{from}")),
            account: token_key(&format!("account:{email}")),
        }
    }

    fn with_free_failures(&self) -> [(&str, u32); 3] {
        [
            (&self.account_address, FREE_FAILURES_PER_ACCOUNT_ADDRESS),
            (&self.address, FREE_FAILURES_PER_ADDRESS),
            (&self.account, FREE_FAILURES_PER_ACCOUNT),
        ]
    }
}

/// How many times a lost race for the counters is retried: each loss means another attempt
/// sharing a counter was counted, so a burst settles within the largest limit.
const DECISION_ATTEMPTS: u32 = 2 * FREE_FAILURES_PER_ACCOUNT + 8;

/// Counts this attempt as a failure, unless one of its counters says to wait first: `Ok(())`
/// lets the password be checked; otherwise `TooManyAttempts` says how long to wait. A success
/// takes its count back with [`forgive`].
pub async fn admit(db: &Db, counters: &Counters, now: DateTime<Utc>) -> Result<(), AppError> {
    for attempt in 0..DECISION_ATTEMPTS {
        match decide(db, counters, now).await {
            Ok(0) => return Ok(()),
            Ok(retry_after) => return Err(AppError::TooManyAttempts { retry_after }),
            Err(WriteError::Retry) => backoff(attempt.min(3)).await,
            Err(WriteError::Failed(e)) => return Err(e),
        }
    }
    Err(AppError::Busy)
}

#[derive(Deserialize)]
struct CounterRow {
    key: String,
    failures: i64,
    age: i64,
}

/// One transaction: reads the counters, and when none says to wait, counts the attempt on each.
/// Returns the seconds to wait (0: counted, go ahead).
async fn decide(db: &Db, counters: &Counters, now: DateTime<Utc>) -> Result<u64, WriteError> {
    let tx = Surreal::clone(db).begin().await.map_err(write_error)?;
    let read = bind_counters(
        tx.query(
            "SELECT record::id(id) AS key, failures,
                    IF last_at > $now { 0 } ELSE { duration::millis($now - last_at) } AS age
             FROM [type::record('throttle', $a), type::record('throttle', $b),
                   type::record('throttle', $c)]",
        ),
        counters,
        now,
    )
    .await;
    let wait = match read {
        Ok(mut resp) => rows::<CounterRow>(&mut resp, 0)
            .map(|rows| wait_for(counters, &rows))
            .map_err(WriteError::Failed),
        Err(e) => Err(write_error(e)),
    };
    let counted = match wait {
        Ok(0) => bind_counters(
            tx.query(
                "FOR $key IN [$a, $b, $c] {
                    UPSERT type::record('throttle', $key) SET
                        failures = IF last_at != NONE AND last_at > $now - 1d { failures + 1 } ELSE { 1 },
                        prev_at = last_at,
                        last_at = $now;
                };",
            ),
            counters,
            now,
        )
        .await
        .map_err(write_error)
        .and_then(|mut resp| transaction_failure(&mut resp).map_or(Ok(()), Err)),
        Ok(retry_after) => {
            let _ = tx.cancel().await;
            return Ok(retry_after);
        }
        Err(e) => Err(e),
    };
    match counted {
        Ok(()) => tx.commit().await.map(|_| 0).map_err(write_error),
        Err(e) => {
            let _ = tx.cancel().await;
            Err(e)
        }
    }
}

/// Binds `$a`, `$b`, `$c` (the counters' keys) and `$now`.
fn bind_counters<'a>(
    query: surrealdb::method::Query<'a, Any>,
    counters: &Counters,
    now: DateTime<Utc>,
) -> surrealdb::method::Query<'a, Any> {
    query
        .bind(("a", counters.account_address.clone()))
        .bind(("b", counters.address.clone()))
        .bind(("c", counters.account.clone()))
        .bind(("now", now))
}

/// The longest wait any of the counters imposes (a counter forgotten after a day imposes none).
fn wait_for(counters: &Counters, rows: &[CounterRow]) -> u64 {
    rows.iter()
        .filter(|r| r.age < FAILURE_MEMORY_MILLIS)
        .filter_map(|r| {
            let (_, free) = counters
                .with_free_failures()
                .into_iter()
                .find(|(key, _)| *key == r.key)?;
            Some(remaining_wait(
                r.failures.clamp(0, 1 << 20) as u32,
                free,
                r.age,
            ))
        })
        .max()
        .unwrap_or(0)
}

/// After a successful sign-in: the account's counters start again, and the address's takes
/// back the count of this attempt and its time, so a success never keeps the address's earlier
/// failures from fading.
pub async fn forgive(db: &Db, counters: &Counters) -> Result<(), AppError> {
    db.query(
        "DELETE type::record('throttle', $pair); DELETE type::record('throttle', $account);
         UPDATE type::record('throttle', $address) SET
             failures = math::max([failures - 1, 0]), last_at = prev_at ?? last_at, prev_at = NONE;",
    )
    .bind(("pair", counters.account_address.clone()))
    .bind(("account", counters.account.clone()))
    .bind(("address", counters.address.clone()))
    .await
    .and_then(|r| r.check())
    .map_err(crate::db::read_error)?;
    Ok(())
}

/// Takes back the count of an attempt whose password was never checked (the queue was full).
pub async fn uncount(db: &Db, counters: &Counters) -> Result<(), AppError> {
    bind_counters(
        db.query(
            "FOR $key IN [$a, $b, $c] {
                UPDATE type::record('throttle', $key) SET
                    failures = math::max([failures - 1, 0]), last_at = prev_at ?? last_at, prev_at = NONE;
            };",
        ),
        counters,
        Utc::now(),
    )
    .await
    .and_then(|r| r.check())
    .map_err(crate::db::read_error)?;
    Ok(())
}
