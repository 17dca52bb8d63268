//! Backups of the whole database and their restore.
//!
//! A backup is SurrealDB's own export (schema, users, records), taken in one read transaction
//! so it is consistent while writes go on, compressed with gzip. It holds everyone's personal
//! data, so it is readable by its owner only (0600, its folder 0700). It is written under a
//! temporary name, synced, then renamed, so a crash never leaves half a file under a backup's
//! name (and a temporary file left by a crash is swept at the next backup). A running server
//! keeps the last [`KEEP`] nightly backups and, apart from them, the last [`KEEP`] that
//! administrators asked for (none older than [`MAX_AGE_DAYS`] days), so asking often can never
//! push the nightly ones out.
use crate::auth::server::Principal;
use crate::db::Db;
use crate::error::AppError;
use crate::model::Role;
use crate::privacy::audit::{self, Actor};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use futures::future::BoxFuture;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How many backups of each kind a server keeps.
pub const KEEP: usize = 14;
/// The oldest backup a server keeps, in days: people erased since are gone from backups too.
pub const MAX_AGE_DAYS: u64 = 30;
const PARTIAL: &str = ".partial";

/// Why a backup or a restore failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("database: {0}")]
    Database(#[from] surrealdb::Error),
    #[error("file: {0}")]
    File(#[from] std::io::Error),
    /// A restore goes into an empty database only: it would mix two programmes otherwise.
    #[error("the database is not empty ({0} tables): restore into an empty database")]
    NotEmpty(usize),
    /// The connection to export from could not be opened.
    #[error("connecting: {0}")]
    Connect(String),
}

/// Who asked for a backup: the nightly schedule or an administrator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Nightly,
    Manual,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Nightly => "nightly-",
            Kind::Manual => "manual-",
        }
    }
}

/// A backup written into the server's backup folder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BackupFile {
    /// The file's name in the backup folder (`manual-20261202T101500.000Z.surql.gz`).
    pub file: String,
    /// Its size, compressed.
    pub bytes: u64,
    /// When the export's snapshot was taken (RFC 3339, UTC).
    pub at: String,
}

/// Opens a fresh connection to export from (signed in anew each time, so an expired token or a
/// restarted database server never stops the nightly backups).
pub type Connector = Arc<dyn Fn() -> BoxFuture<'static, Result<Db, String>> + Send + Sync>;

/// The server's backup folder (`DUO_BACKUP_DIR`), and the one backup it takes at a time.
pub struct Backups {
    dir: PathBuf,
    running: tokio::sync::Mutex<()>,
    /// Where exports are read from when it is not the app's own connection: SurrealDB exports
    /// over HTTP, not over the WebSocket the app uses.
    source: Option<Connector>,
}

impl Backups {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Backups {
            dir: dir.into(),
            running: tokio::sync::Mutex::new(()),
            source: None,
        }
    }

    /// The same folder, exporting through a connection `connect` opens for each backup.
    pub fn reading(self, connect: Connector) -> Self {
        Backups {
            source: Some(connect),
            ..self
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Creates a folder for backups, readable by its owner only.
pub fn private_folder(dir: &Path) -> std::io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// A file only its owner may read, created anew.
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    // A leftover of a crash under the same name is replaced; the mode applies to a new file,
    // so a leftover is removed first.
    let _ = std::fs::remove_file(path);
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Removes a temporary file when dropped, unless it was kept: a backup or restore stopped half
/// way (an error, a cancelled request, Ctrl-C) leaves nothing behind.
struct Temporary(Option<PathBuf>);

impl Temporary {
    fn keep(mut self) -> PathBuf {
        self.0.take().unwrap_or_default()
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes a compressed export of the whole database to `out` (which must not exist yet) and
/// returns its size.
pub async fn export_to(db: &Db, out: &Path) -> Result<u64, BackupError> {
    if out.exists() {
        let taken = format!("{} exists already: choose another name", out.display());
        return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, taken).into());
    }
    let partial = Temporary(Some(partial_name(out)));
    let path = partial.0.clone().unwrap_or_default();
    write_export(db, &path).await?;
    let written = partial.keep();
    if let Err(e) = std::fs::rename(&written, out) {
        let _ = std::fs::remove_file(&written);
        return Err(e.into());
    }
    sync_folder(out);
    Ok(std::fs::metadata(out)?.len())
}

fn partial_name(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(PARTIAL);
    out.with_file_name(name)
}

/// Streams the export into gzip on a blocking thread, so compressing and writing never hold up
/// the server's request workers.
async fn write_export(db: &Db, partial: &Path) -> Result<(), BackupError> {
    let file = private_file(partial)?;
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(16);
    let writer = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        let mut gzip = GzEncoder::new(
            std::io::BufWriter::new(file),
            flate2::Compression::default(),
        );
        for chunk in receive {
            gzip.write_all(&chunk)?;
        }
        let file = gzip.finish()?.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()
    });
    let read = async {
        let mut chunks = db.export(()).await?;
        while let Some(chunk) = chunks.next().await {
            if send.send(chunk?).is_err() {
                break; // the writer failed; its error is the one to report
            }
        }
        Ok::<(), BackupError>(())
    }
    .await;
    drop(send);
    let written = writer
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    read?;
    written?;
    Ok(())
}

/// The rename of a finished backup survives a crash only once its folder is synced too.
fn sync_folder(file: &Path) {
    let dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
}

/// How many tables the database holds (a fresh one holds none).
pub async fn table_count(db: &Db) -> Result<usize, BackupError> {
    let mut info = db.query("RETURN object::len((INFO FOR DB).tables)").await?;
    let count: Option<i64> = info.take(0)?;
    Ok(count.unwrap_or(0).max(0) as usize)
}

/// Loads a backup into an empty database; refuses one that holds any table. The file is read
/// whole first, so a damaged or cut-off gzip is refused before anything is written; the
/// unpacked copy is private and removed on every way out.
pub async fn restore_from(db: &Db, input: &Path) -> Result<(), BackupError> {
    let tables = table_count(db).await?;
    if tables > 0 {
        return Err(BackupError::NotEmpty(tables));
    }
    let plain = Temporary(Some(std::env::temp_dir().join(format!(
        "duo-restore-{}-{}.surql",
        std::process::id(),
        Utc::now().timestamp_nanos_opt().unwrap_or_default()
    ))));
    let path = plain.0.clone().unwrap_or_default();
    let (from, to) = (input.to_path_buf(), path.clone());
    tokio::task::spawn_blocking(move || unpack(&from, &to))
        .await
        .map_err(|e| std::io::Error::other(e.to_string()))??;
    db.import(&path).await?;
    drop(plain);
    Ok(())
}

/// Decompresses a backup; gzip's checksum and length catch a damaged or cut-off file.
fn unpack(input: &Path, plain: &Path) -> Result<(), BackupError> {
    let mut gzip = GzDecoder::new(std::io::BufReader::new(std::fs::File::open(input)?));
    let mut out = std::io::BufWriter::new(private_file(plain)?);
    std::io::copy(&mut gzip, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Takes a backup into the server's folder and drops the oldest of its kind beyond [`KEEP`].
/// One backup runs at a time; a second asked for meanwhile is answered busy. The work runs on
/// its own task: a caller who stops waiting (a closed connection) does not cut it short.
pub async fn take(app: &AppState, kind: Kind) -> Result<BackupFile, AppError> {
    let Some(backups) = app.backups.clone() else {
        return Err(AppError::NotConfigured);
    };
    let db = app.db.clone();
    tokio::spawn(async move { take_into(&backups, &db, kind).await })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the backup task failed");
            AppError::Internal
        })?
}

async fn take_into(backups: &Backups, app_db: &Db, kind: Kind) -> Result<BackupFile, AppError> {
    let Ok(_running) = backups.running.try_lock() else {
        return Err(AppError::Busy);
    };
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, dir = %backups.dir.display(), "backup failed: {what}");
        AppError::Internal
    };
    private_folder(&backups.dir).map_err(|e| failed("creating the folder", &e))?;
    sweep_partials(&backups.dir);
    let source = match &backups.source {
        Some(connect) => connect().await.map_err(|e| failed("connecting", &e))?,
        None => app_db.clone(),
    };
    let now = Utc::now();
    let file = format!(
        "{}{}.surql.gz",
        kind.prefix(),
        now.format("%Y%m%dT%H%M%S%.3fZ")
    );
    let bytes = export_to(&source, &backups.dir.join(&file))
        .await
        .map_err(|e| failed("export", &e))?;
    rotate(&backups.dir, kind).map_err(|e| failed("rotation", &e))?;
    tracing::info!(file, bytes, "backup written");
    Ok(BackupFile {
        file,
        bytes,
        at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    })
}

/// An administrator's backup, now; written to the audit log.
pub async fn take_now(app: &AppState, who: &Principal) -> Result<BackupFile, AppError> {
    if who.role() != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let backup = take(app, Kind::Manual).await?;
    let record = format!("backup:{}", backup.file);
    audit::record(&app.db, Actor::User(who), "backup", &record, &[]).await;
    Ok(backup)
}

/// The backups of one kind in a folder, oldest first (their names sort by time).
pub fn list(dir: &Path, kind: Kind) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(kind.prefix()) && n.ends_with(".surql.gz"))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Keeps the newest [`KEEP`] of a kind, none older than [`MAX_AGE_DAYS`].
fn rotate(dir: &Path, kind: Kind) -> std::io::Result<()> {
    let found = list(dir, kind)?;
    let too_many = found.len().saturating_sub(KEEP);
    let max_age = Duration::from_secs(MAX_AGE_DAYS * 24 * 3600);
    for (i, path) in found.iter().enumerate() {
        if i < too_many || age(path).is_some_and(|a| a > max_age) {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}

/// Temporary files of backups that a crash stopped half way.
fn sweep_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        if name.to_str().is_some_and(|n| n.ends_with(PARTIAL)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn age(path: &Path) -> Option<Duration> {
    let written: DateTime<Utc> = std::fs::metadata(path).ok()?.modified().ok()?.into();
    Some((Utc::now() - written).to_std().unwrap_or(Duration::ZERO))
}

/// How long ago the newest nightly backup in the folder was written (none: `None`).
fn newest_age(dir: &Path) -> Option<Duration> {
    age(&list(dir, Kind::Nightly).ok()?.pop()?)
}

/// The hour of the night (Europe/Brussels) of the nightly backup.
const NIGHTLY_HOUR: u32 = 2;

/// The nightly backups of a running server: one at start when the newest is more than a day
/// old (a server restarted every evening still gets its backup), then one every night at 02:00
/// Europe/Brussels. A failed one is tried again an hour later.
pub async fn nightly(app: AppState) {
    const DAY: Duration = Duration::from_secs(24 * 3600);
    let Some(dir) = app.backups.as_ref().map(|b| b.dir.clone()) else {
        return;
    };
    if newest_age(&dir).is_some_and(|age| age < DAY) {
        crate::clock::sleep_until_local_hour(NIGHTLY_HOUR).await;
    }
    loop {
        if take(&app, Kind::Nightly).await.is_err() {
            tracing::error!("the nightly backup failed; it is tried again in an hour");
            tokio::time::sleep(Duration::from_secs(3600)).await;
            let _ = take(&app, Kind::Nightly).await;
        }
        crate::clock::sleep_until_local_hour(NIGHTLY_HOUR).await;
    }
}
