//! Backups of the whole database and their restore, used by `duo backup` / `duo restore`, the
//! nightly job of `duo serve` and `POST /api/v1/backups`. A backup is SurrealDB's own export
//! (a SurrealQL script of the schema and every record, read in one transaction, so it is a
//! consistent snapshot even while writes continue), gzip-compressed.
use crate::database::{self, ConnectError, Purpose};
use app::auth::server::Principal;
use app::db::Db;
use app::error::AppError;
use app::model::Role;
use chrono::{DateTime, Utc};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use futures::StreamExt;
use serde::Serialize;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use utoipa::ToSchema;

/// How many backups a running server keeps in its folder: the newest two weeks of nightly ones.
pub const KEPT: usize = 14;

/// Why a backup or a restore failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "the database is not empty (it has the tables {0:?}): restore into a new, empty \
         database; nothing was written"
    )]
    NotEmpty(Vec<String>),
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error(transparent)]
    Database(#[from] surrealdb::Error),
    #[error(transparent)]
    File(#[from] std::io::Error),
}

/// A backup written: its file name and size in bytes.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct BackupFile {
    pub name: String,
    pub bytes: u64,
}

/// Writes a backup of `db` to `out`. The file appears only once complete (written beside it,
/// then renamed), so a file with a backup's name is always whole.
pub async fn export(db: &Db, out: &Path) -> Result<u64, BackupError> {
    let folder = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let partial = tempfile::NamedTempFile::new_in(folder)?;
    // Database users and accesses are the operator's, not Duo's (none are defined by Duo).
    let mut chunks = db
        .export(())
        .with_config()
        .users(false)
        .accesses(false)
        .await?;
    let mut gzip = GzEncoder::new(BufWriter::new(partial), Compression::default());
    while let Some(chunk) = chunks.next().await {
        gzip.write_all(&chunk?)?;
    }
    let partial = gzip.finish()?.into_inner().map_err(|e| e.into_error())?;
    partial.as_file().sync_all()?;
    partial.persist(out).map_err(|e| e.error)?;
    Ok(std::fs::metadata(out)?.len())
}

/// The tables defined in `db`: none in a new database.
pub async fn tables(db: &Db) -> Result<Vec<String>, surrealdb::Error> {
    let mut info = db.query("INFO FOR DB").await?;
    let info: Option<serde_json::Value> = info.take(0)?;
    let mut names: Vec<String> = info
        .as_ref()
        .and_then(|i| i["tables"].as_object())
        .map(|tables| tables.keys().cloned().collect())
        .unwrap_or_default();
    names.sort();
    Ok(names)
}

/// Loads the backup `input` into `db`, which must be empty (no table at all): a backup never
/// mixes with other records. A database that is not empty is left as it is.
pub async fn restore(db: &Db, input: &Path) -> Result<(), BackupError> {
    let existing = tables(db).await?;
    if !existing.is_empty() {
        return Err(BackupError::NotEmpty(existing));
    }
    // SurrealDB imports a plain SurrealQL file: decompress to a temporary one first.
    let mut script = tempfile::NamedTempFile::new()?;
    let mut gzip = GzDecoder::new(BufReader::new(std::fs::File::open(input)?));
    std::io::copy(&mut gzip, &mut script)?;
    script.flush()?;
    db.import(script.path()).await?;
    Ok(())
}

/// Where a backup's records come from.
#[derive(Clone)]
pub enum Source {
    /// The database the server has open (an embedded engine is open in one process only).
    Open(Db),
    /// A SurrealDB server, reached anew for each backup (the SDK exports over HTTP, not over
    /// the WebSocket the app uses).
    Server(String),
}

/// The backups of a running server: in one folder, taken one at a time, the newest
/// [`KEPT`] kept.
#[derive(Clone)]
pub struct Backups {
    source: Source,
    folder: PathBuf,
    one_at_a_time: Arc<tokio::sync::Mutex<()>>,
}

impl Backups {
    pub fn new(source: Source, folder: impl Into<PathBuf>) -> Self {
        Backups {
            source,
            folder: folder.into(),
            one_at_a_time: Arc::default(),
        }
    }

    /// The backups of the database at `url`, as `duo serve` has it open as `db`.
    pub fn of(url: &str, db: &Db, folder: impl Into<PathBuf>) -> Self {
        let source = if database::is_server(url) {
            Source::Server(url.to_string())
        } else {
            Source::Open(db.clone())
        };
        Backups::new(source, folder)
    }

    /// The folder of the nightly backups: `DUO_BACKUP_DIR`, or `backups`.
    pub fn folder_from_env() -> PathBuf {
        std::env::var_os("DUO_BACKUP_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("backups"))
    }

    /// Takes a backup now into the folder, then deletes the oldest beyond [`KEPT`].
    pub async fn take(&self, now: DateTime<Utc>) -> Result<BackupFile, BackupError> {
        let _alone = self.one_at_a_time.lock().await;
        std::fs::create_dir_all(&self.folder)?;
        let name = file_name(now);
        let path = self.folder.join(&name);
        let bytes = match &self.source {
            Source::Open(db) => export(db, &path).await?,
            Source::Server(url) => {
                let db = database::open(&database::export_address(url), Purpose::Run).await?;
                export(&db, &path).await?
            }
        };
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&self.folder)? {
            if let Some(name) = entry?.file_name().to_str() {
                names.push(name.to_string());
            }
        }
        for old in to_remove(&names, KEPT) {
            std::fs::remove_file(self.folder.join(old))?;
        }
        Ok(BackupFile { name, bytes })
    }

    /// A backup asked for by an administrator (no one else may).
    pub async fn take_for(&self, who: &Principal) -> Result<BackupFile, AppError> {
        if who.role() != Role::Admin {
            return Err(AppError::Forbidden);
        }
        self.take(Utc::now()).await.map_err(|e| {
            tracing::error!(error = %e, "the backup failed");
            AppError::Internal
        })
    }
}

/// A backup's file name: `duo-20261202T013000.000Z.surql.gz`; names sort by time.
pub fn file_name(at: DateTime<Utc>) -> String {
    format!("duo-{}.surql.gz", at.format("%Y%m%dT%H%M%S%.3fZ"))
}

/// Whether a file of the folder is one of Duo's backups (other files are never touched).
fn is_backup(name: &str) -> bool {
    name.starts_with("duo-") && name.ends_with(".surql.gz")
}

/// The backups to delete so that the newest `keep` remain, oldest first.
pub fn to_remove(names: &[String], keep: usize) -> Vec<String> {
    let mut backups: Vec<&String> = names.iter().filter(|n| is_backup(n)).collect();
    backups.sort();
    let surplus = backups.len().saturating_sub(keep);
    backups.into_iter().take(surplus).cloned().collect()
}

/// Takes a backup every 24 hours after start, for as long as the server runs.
pub fn schedule_nightly(backups: Backups) {
    tokio::spawn(async move {
        let day = std::time::Duration::from_secs(24 * 3600);
        let mut every_day = tokio::time::interval_at(tokio::time::Instant::now() + day, day);
        loop {
            every_day.tick().await;
            match backups.take(Utc::now()).await {
                Ok(file) => tracing::info!(name = file.name, bytes = file.bytes, "backup written"),
                Err(e) => tracing::error!(error = %e, "the backup failed; it runs again tomorrow"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn night(day: u32) -> String {
        file_name(Utc.with_ymd_and_hms(2026, 11, day, 1, 30, 0).unwrap())
    }

    #[test]
    fn rotation_keeps_exactly_the_newest_fourteen() {
        // Listed in no particular order, as a folder lists them, with files that are not ours.
        let mut names: Vec<String> = (1..=20).rev().map(night).collect();
        names.swap(3, 17);
        names.push("notes.txt".into());
        names.push("duo-manual.surql".into());
        let removed = to_remove(&names, KEPT);
        assert_eq!(removed, (1..=6).map(night).collect::<Vec<_>>());
        let kept: Vec<&String> = names
            .iter()
            .filter(|n| is_backup(n) && !removed.contains(n))
            .collect();
        assert_eq!(kept.len(), KEPT);
    }

    #[test]
    fn rotation_removes_nothing_while_there_are_fourteen_or_fewer() {
        let names: Vec<String> = (1..=14).map(night).collect();
        assert!(to_remove(&names, KEPT).is_empty());
        assert!(to_remove(&[], KEPT).is_empty());
    }

    #[test]
    fn names_sort_by_time() {
        let earlier = file_name(Utc.with_ymd_and_hms(2026, 9, 30, 23, 0, 0).unwrap());
        let later = file_name(Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap());
        assert!(earlier < later);
        assert_eq!(later, "duo-20261001T000000.000Z.surql.gz");
    }
}
