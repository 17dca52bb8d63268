//! One reading of the programme per change, shared by every dashboard open on it.
//!
//! A committed change makes every open dashboard ask again. Without sharing, fifty dashboards
//! would read every table fifty times while coordinators write. Here the programme is brought
//! up to date once per announced change (a *generation*: the copy in memory re-reads only the
//! records that changed, see [`super::mirror`]), and each distinct dashboard (who may see what,
//! which period) is computed once per generation; everyone asking the same gets the same answer.
//!
//! Freshness: a generation records the hub's data version when its reading began, and serves
//! only requests that arrived when that version was current. Changes are announced after they
//! commit, so a browser that heard of a change and asks again always gets a reading that holds
//! it. Readings never overlap: requests that arrive during one wait for it to end, and the next
//! reading serves them all, however many changes came in between. Readings are paced: after
//! one, the next waits a few times as long as it took, so a programme that changes without
//! pause is not read without pause (see [`REST_PER_READING`]).
use super::answer::Answer;
use super::mirror::Mirror;
use crate::db::Db;
use crate::domain::metrics::Records;
use crate::error::AppError;
use crate::live::hub::EventHub;
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// A reading is used at most this long, even if no change was announced: a safety net for
/// writes that do not go through the hub (a tool on another machine, a restore).
pub const MAX_AGE: Duration = Duration::from_secs(30);

/// After a reading, the next one waits this many times as long as it took: while the
/// programme changes without pause, reading it takes at most a fifth of a core (for readings up
/// to [`MAX_REST`] / 4), and the writes that change it keep the machine (a reading of 100,000
/// people takes ~150 ms: dashboards then follow the changes every ~0.75 s; of 10,000, every
/// ~75 ms). A reading that failed rests the same, so a failing database is not asked by
/// every dashboard at once.
pub const REST_PER_READING: u32 = 4;

/// The longest rest between two readings, however long the last one took.
pub const MAX_REST: Duration = Duration::from_secs(2);

/// How long the next reading waits after one that took `took`.
pub fn rest_before_reading(took: Duration) -> Duration {
    (took * REST_PER_READING).min(MAX_REST)
}

/// Distinct dashboards kept per generation (offices × periods asked); beyond, each is computed
/// for its caller alone, so odd periods cannot fill the memory.
const KEPT_PER_GENERATION: usize = 64;

/// What makes two dashboards the same answer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DashboardKey {
    /// The offices the caller may choose from (their figures are computed).
    pub choices: Vec<String>,
    /// The one office asked for, if any.
    pub chosen: Option<String>,
    pub admin: bool,
    /// Small cells hidden (headquarters).
    pub suppressed: bool,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The records of the programme as read at one moment, and the dashboards computed from them.
pub struct Generation {
    /// The hub's data version when the reading began.
    version: u64,
    today: NaiveDate,
    read_at: Instant,
    records: Arc<Records>,
    dashboards: Mutex<HashMap<DashboardKey, Arc<OnceCell<Arc<Answer>>>>>,
    /// The process's count of dashboards written (see [`SharedFigures::dashboards_written`]).
    written: Arc<AtomicU64>,
}

impl Generation {
    /// The programme's day of the reading.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// The dashboard of `key` as it leaves the server, computed and written by the first
    /// caller; the others wait for it and get the same bytes. `compute` is told whether its
    /// answer is kept for others (`true`: once per generation and key) or is for its caller
    /// alone (beyond the kept ones: it must take a heavy place).
    pub async fn dashboard<F, Fut>(
        &self,
        key: DashboardKey,
        compute: F,
    ) -> Result<Arc<Answer>, AppError>
    where
        F: FnOnce(Arc<Records>, bool) -> Fut,
        Fut: std::future::Future<Output = Result<Answer, AppError>>,
    {
        let cell = {
            let mut kept = self.dashboards.lock().unwrap_or_else(|p| p.into_inner());
            match kept.get(&key) {
                Some(cell) => Some(cell.clone()),
                None if kept.len() < KEPT_PER_GENERATION => {
                    Some(kept.entry(key).or_default().clone())
                }
                None => None,
            }
        };
        match cell {
            Some(cell) => cell
                .get_or_try_init(|| self.written(compute(self.records.clone(), true)))
                .await
                .cloned(),
            None => self.written(compute(self.records.clone(), false)).await,
        }
    }

    /// A dashboard written by `computing`, counted.
    async fn written(
        &self,
        computing: impl std::future::Future<Output = Result<Answer, AppError>>,
    ) -> Result<Arc<Answer>, AppError> {
        let answer = computing.await?;
        self.written.fetch_add(1, Ordering::SeqCst);
        Ok(Arc::new(answer))
    }
}

/// Times a reading: when dropped (the reading done, failed or abandoned), it records when the
/// reading ended and how long it took, which the next one rests after.
struct Pace<'a> {
    figures: &'a SharedFigures,
    began: Instant,
}

impl<'a> Pace<'a> {
    fn start(figures: &'a SharedFigures) -> Self {
        Self {
            figures,
            began: Instant::now(),
        }
    }
}

impl Drop for Pace<'_> {
    fn drop(&mut self) {
        *self
            .figures
            .last_reading
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = Some((Instant::now(), self.began.elapsed()));
    }
}

/// The latest reading of the programme, shared by the whole process.
#[derive(Default)]
pub struct SharedFigures {
    latest: Mutex<Option<Arc<Generation>>>,
    /// Held while reading: one reading at a time. Holds the copy of the records it updates.
    /// A reading runs on the computations' runtime, so a caller that stops waiting neither
    /// loses the copy nor lets the next reading in early.
    reading: Arc<tokio::sync::Mutex<Option<Mirror>>>,
    /// When the last reading ended and how long it took (see [`rest_before_reading`]).
    last_reading: Mutex<Option<(Instant, Duration)>>,
    readings: AtomicU64,
    whole_readings: AtomicU64,
    /// Dashboards written, shared by every generation.
    written: Arc<AtomicU64>,
}

impl SharedFigures {
    /// How many generations were made since the process started: readings of the programme,
    /// whole or only of what changed (see [`Self::whole_readings`]).
    pub fn readings(&self) -> u64 {
        self.readings.load(Ordering::SeqCst)
    }

    /// How many of those read every table whole (the first, and any the change feeds could
    /// not replace); the others read only what changed.
    pub fn whole_readings(&self) -> u64 {
        self.whole_readings.load(Ordering::SeqCst)
    }

    /// How many dashboards were written (published as JSON, and compressed when shared) since
    /// the process started: one per generation and distinct dashboard asked for, however many
    /// asked for it and in whichever coding.
    pub fn dashboards_written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }

    /// A reading that holds every change announced before this call (the hub's data version as
    /// it is now), read now if there is none. The reading (what changed, from the database, and the
    /// rows put together) is a computation: it runs on the computations' runtime, at
    /// background priority, so the writes that caused it are not slowed by it.
    pub async fn generation(
        self: &Arc<Self>,
        db: &Db,
        events: &Arc<EventHub>,
    ) -> Result<Arc<Generation>, AppError> {
        let wanted = events.data_version();
        let today = crate::clock::today();
        if let Some(g) = self.fresh(wanted, today) {
            return Ok(g);
        }
        let (shared, db, events) = (self.clone(), db.clone(), events.clone());
        crate::heavy::in_background_async(move || async move {
            shared.read(&db, &events, wanted, today).await
        })
        .await?
    }

    async fn read(
        &self,
        db: &Db,
        events: &EventHub,
        wanted: u64,
        today: NaiveDate,
    ) -> Result<Arc<Generation>, AppError> {
        let mut mirror = self.reading.clone().lock_owned().await;
        // Someone may have read while this request waited its turn.
        if let Some(g) = self.fresh(wanted, today) {
            return Ok(g);
        }
        if let Some((ended, took)) = self.last_reading() {
            tokio::time::sleep_until((ended + rest_before_reading(took)).into()).await;
        }
        // Read after the rest: every change announced while this request waited is held.
        // The reading is timed, failed or not, before the lock is released (dropped first).
        let pace = Pace::start(self);
        let version = events.data_version();
        let up_to_date = match mirror.as_mut() {
            Some(m) => m.sync(db).await?,
            None => false,
        };
        if !up_to_date {
            *mirror = Some(Mirror::read(db).await?);
            self.whole_readings.fetch_add(1, Ordering::SeqCst);
        }
        let targets = Mirror::targets(db, today.year()).await?;
        // Not behind the heavy places: the lock already lets one assembly run at a time, and
        // a dashboard must not wait for a slate's place. The copy (the lock's guard) goes with
        // the computation and comes back with the rows: the lock is released only once the new
        // generation is the latest (below), or a request waiting for it would read again.
        let (records, mirror) = crate::heavy::in_background(move || {
            let records = mirror.as_ref().map(|m| m.assemble(&targets));
            (records, mirror)
        })
        .await?;
        let records = records.ok_or(AppError::Internal)?;
        self.readings.fetch_add(1, Ordering::SeqCst);
        drop(pace);
        let generation = Arc::new(Generation {
            version,
            today,
            read_at: Instant::now(),
            records: Arc::new(records),
            dashboards: Mutex::default(),
            written: self.written.clone(),
        });
        *self.latest.lock().unwrap_or_else(|p| p.into_inner()) = Some(generation.clone());
        drop(mirror);
        Ok(generation)
    }

    /// When the last reading ended and how long it took.
    pub fn last_reading(&self) -> Option<(Instant, Duration)> {
        *self.last_reading.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn fresh(&self, wanted: u64, today: NaiveDate) -> Option<Arc<Generation>> {
        let latest = self
            .latest
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()?;
        (latest.version >= wanted && latest.today == today && latest.read_at.elapsed() < MAX_AGE)
            .then_some(latest)
    }
}
