//! Follows the database's change feed, so that this instance announces the changes that other
//! instances committed on the same database (its own are announced at once, after commit).
//!
//! Several tables keep a feed (the `change` outbox, and what the figures read: migration 15),
//! and SurrealDB counts a page's `LIMIT` over the whole database's feed before it keeps one
//! table's entries. So the feed is read for the whole database, page after page, each page
//! starting at the last versionstamp of the one before (a transaction's entries may straddle
//! two pages), until a page brings nothing newer.
use super::hub::EventHub;
use crate::db::Db;
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

/// How often the feed is read: the delay of a change made on another instance.
pub const POLL: Duration = Duration::from_millis(40);
/// Old outbox rows are removed this often (the feed itself expires after an hour).
const SWEEP_EVERY: u32 = 1500;
/// Entries of the feed read at once (SurrealDB's most).
const PAGE: u32 = 1000;

/// The entries of one transaction.
#[derive(Deserialize)]
pub struct Batch {
    pub versionstamp: u64,
    pub changes: Vec<serde_json::Value>,
}

/// Where a reading of the feed starts.
#[derive(Clone, Copy, Debug)]
pub enum Since {
    Stamp(u64),
    Time(chrono::DateTime<chrono::Utc>),
}

/// One page of the whole database's feed, from `since` (inclusive).
pub async fn page(db: &Db, since: Since) -> Result<Vec<Batch>, surrealdb::Error> {
    // SHOW CHANGES takes a literal, not a parameter; both are our own values.
    let since = match since {
        Since::Stamp(v) => v.to_string(),
        Since::Time(t) => format!(
            "d\"{}\"",
            t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
        ),
    };
    let mut resp = db
        .query(format!(
            "SHOW CHANGES FOR DATABASE SINCE {since} LIMIT {PAGE}"
        ))
        .await?;
    let values: Vec<serde_json::Value> = resp.take(0)?;
    Ok(values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

/// Every entry of the feed from `since` to its end, each given once to `each` with its
/// versionstamp; answers the last versionstamp seen (`None`: the feed had nothing).
pub async fn read_to_end(
    db: &Db,
    since: Since,
    mut each: impl FnMut(u64, &serde_json::Value),
) -> Result<Option<u64>, surrealdb::Error> {
    let mut since = since;
    let mut last: Option<u64> = None;
    // What was given of the last versionstamp, which the next page starts with again.
    let mut given: HashSet<String> = HashSet::new();
    loop {
        let batches = page(db, since).await?;
        let newest = batches.last().map(|b| b.versionstamp);
        let mut newest_given = HashSet::new();
        for batch in &batches {
            for change in &batch.changes {
                let identity = format!("{}:{change}", batch.versionstamp);
                let again = Some(batch.versionstamp) == last && given.contains(&identity);
                if !again {
                    each(batch.versionstamp, change);
                }
                if Some(batch.versionstamp) == newest {
                    newest_given.insert(identity);
                }
            }
        }
        given = newest_given;
        match newest {
            Some(n) if Some(n) != last => {
                last = Some(n);
                since = Since::Stamp(n);
            }
            _ => return Ok(last),
        }
    }
}

/// The outbox row a feed entry wrote, if it is one.
fn outbox_row(change: &serde_json::Value) -> Option<Change> {
    let row = change.get("update")?;
    row.get("id")?.as_str()?.strip_prefix("change:")?;
    serde_json::from_value(row.clone()).ok()
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
    let mut since = match read_to_end(&db, Since::Stamp(0), |_, _| {}).await {
        Ok(Some(v)) => v + 1,
        _ => 0,
    };
    let mut ticks = 0u32;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = closing.wait_for(|c| *c) => return,
        }
        let mut heard = Vec::new();
        match read_to_end(&db, Since::Stamp(since), |_, change| {
            if let Some(c) = outbox_row(change) {
                heard.push(c);
            }
        })
        .await
        {
            Ok(last) => {
                if let Some(v) = last {
                    since = since.max(v + 1);
                }
                for c in heard {
                    if c.origin != hub.origin() {
                        hub.publish(&c.kind, &c.office, c.ids, c.actor);
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
