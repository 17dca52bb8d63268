//! Follows the `change` table's change feed, so that this instance announces the changes that
//! other instances committed on the same database (its own are announced at once, after commit).
use super::hub::EventHub;
use crate::db::Db;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

/// How often the feed is read: the delay of a change made on another instance.
pub const POLL: Duration = Duration::from_millis(40);
/// Old outbox rows are removed this often (the feed itself expires after an hour).
const SWEEP_EVERY: u32 = 1500;

#[derive(Deserialize)]
struct Batch {
    versionstamp: u64,
    changes: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Change {
    kind: String,
    office: String,
    ids: Vec<String>,
    actor: Option<String>,
    origin: String,
}

/// Reads the feed until the hub closes. Starts at the feed's end: what happened before this
/// instance started is in the database, read by every page and board when it loads.
pub async fn follow(db: Db, hub: Arc<EventHub>) {
    let mut closing = hub.closing();
    let mut since = match latest(&db).await {
        Some(v) => v + 1,
        None => 0,
    };
    let mut ticks = 0u32;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = closing.wait_for(|c| *c) => return,
        }
        match read(&db, since).await {
            Ok(batches) => {
                for batch in batches {
                    since = since.max(batch.versionstamp + 1);
                    for change in batch.changes {
                        let Some(row) = change.get("update").cloned() else {
                            continue;
                        };
                        let Ok(c) = serde_json::from_value::<Change>(row) else {
                            continue;
                        };
                        if c.origin != hub.origin() {
                            hub.publish(&c.kind, &c.office, c.ids, c.actor);
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "reading the change feed failed; retrying"),
        }
        ticks = ticks.wrapping_add(1);
        if ticks % SWEEP_EVERY == 0 {
            let _ = db.query("DELETE change WHERE at < time::now() - 1h").await;
        }
    }
}

async fn read(db: &Db, since: u64) -> Result<Vec<Batch>, surrealdb::Error> {
    // SHOW CHANGES takes a literal versionstamp, not a parameter; it is our own number.
    let mut resp = db
        .query(format!(
            "SHOW CHANGES FOR TABLE change SINCE {since} LIMIT 1000"
        ))
        .await?;
    let values: Vec<serde_json::Value> = resp.take(0)?;
    Ok(values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

/// The newest versionstamp of the feed, if it has any entry.
async fn latest(db: &Db) -> Option<u64> {
    let mut since = 0;
    let mut last = None;
    // The feed keeps an hour at most: walk it in pages to its end.
    loop {
        let batches = read(db, since).await.ok()?;
        let Some(end) = batches.last().map(|b| b.versionstamp) else {
            return last;
        };
        let full = batches.len() == 1000;
        last = Some(end);
        since = end + 1;
        if !full {
            return last;
        }
    }
}
