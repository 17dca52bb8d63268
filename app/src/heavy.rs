//! CPU-bound work (the slate solver and the large read it needs, ranking a pool, the figures of
//! a whole programme) runs off the async runtime that answers requests, on a runtime of its own
//! whose threads run at background priority, a few jobs at a time: requests that only read or
//! write never wait behind a computation. Beyond the places, a job waits its turn for a bounded
//! time, then the caller is answered busy.
//!
//! Why a runtime of its own: the slate of a large office starts with a read of thousands of
//! cards, and an embedded database reads on the thread that awaits the query; on the request
//! runtime that read held a worker for a quarter of a second. Why background priority: off the
//! runtime is not enough on a small machine. With two cores, a computation shares a core with
//! the request threads whenever requests come in, and the kernel gives each its turn; a
//! request then waits a time slice behind it. A lower priority (nice) lets the kernel run a
//! request's thread as soon as it wakes; the computation gets every cycle the requests leave.
use crate::error::AppError;
use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::runtime::Runtime;
use tokio::sync::Semaphore;

/// How long a job waits for a place before its caller is answered busy.
pub const MAX_WAIT: Duration = Duration::from_secs(30);

/// The nice value of the computations' threads (0 is the request runtime's, 19 the lowest):
/// requests come first, and a computation is never starved while the server is merely busy.
pub const NICE: i32 = 10;

/// Jobs at once: every core but one, so the runtime always keeps a core (at least one job).
pub fn places_at_once() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().saturating_sub(1))
        .unwrap_or(1)
        .max(1)
}

fn places() -> Arc<Semaphore> {
    static PLACES: OnceLock<Arc<Semaphore>> = OnceLock::new();
    PLACES
        .get_or_init(|| Arc::new(Semaphore::new(places_at_once())))
        .clone()
}

/// The computations' runtime: a worker per place and one more for the figures' reading (one
/// at a time, under its own lock), every thread (workers and the blocking pool) at background
/// priority. Its workers only read: the computations themselves go to its blocking pool, so a
/// reading never waits behind a solver, and a slate's read always finds a worker even while
/// the figures read the whole programme. Kept for the life of the process.
fn background() -> &'static Runtime {
    static BACKGROUND: OnceLock<Runtime> = OnceLock::new();
    BACKGROUND.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(places_at_once() + 1)
            .thread_name("duo-heavy")
            .on_thread_start(lower_priority)
            .enable_all()
            .build()
            .expect("the computations' runtime starts")
    })
}

async fn place() -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
    tokio::time::timeout(MAX_WAIT, places().acquire_owned())
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(|_| AppError::Internal)
}

fn failed(error: tokio::task::JoinError) -> AppError {
    tracing::error!(error = %error, "a computation failed");
    AppError::Internal
}

/// Runs `work` at background priority once a place is free, and gives back its result. The
/// place is held until the work ends, even if the caller stops waiting (a closed connection).
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let place = place().await?;
    background()
        .spawn_blocking(move || {
            let result = work();
            drop(place);
            result
        })
        .await
        .map_err(failed)
}

/// Runs the job `work` makes (reads, then a computation) on the computations' runtime once a
/// place is free: the reads it awaits are done by that runtime's threads, at background
/// priority; its computation goes to [`in_background`]. The place is held until the job
/// ends, even if the caller stops waiting.
pub async fn run_async<T, F>(work: impl FnOnce() -> F + Send + 'static) -> Result<T, AppError>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    let place = place().await?;
    background()
        .spawn(async move {
            let result = work().await;
            drop(place);
            result
        })
        .await
        .map_err(failed)
}

/// Runs the job `work` makes on the computations' runtime without waiting for a place: only
/// for a job that something else already runs one at a time (the figures' reading holds its
/// own lock: the runtime keeps one worker for it), and that must not queue behind a slate. It
/// leaves long computations to [`in_background`].
pub async fn in_background_async<T, F>(
    work: impl FnOnce() -> F + Send + 'static,
) -> Result<T, AppError>
where
    T: Send + 'static,
    F: Future<Output = T> + Send + 'static,
{
    background().spawn(work()).await.map_err(failed)
}

/// Runs `work` at background priority without waiting for a place: only for work that
/// something else already bounds (the figures' reading holds its own lock; a generation
/// computes each distinct dashboard once, 64 at most), and that must not queue behind a slate.
pub async fn in_background<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    background().spawn_blocking(work).await.map_err(failed)
}

/// Lowers the calling thread's priority to [`NICE`]. On Linux each thread has its own nice
/// value, set through its thread id; elsewhere the work runs at normal priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: plain system calls on the calling thread's own id; no memory is shared.
        let done = unsafe {
            let thread = libc::gettid() as libc::id_t;
            libc::setpriority(libc::PRIO_PROCESS, thread, NICE)
        };
        if done != 0 {
            tracing::warn!(
                error = %std::io::Error::last_os_error(),
                "computations run at normal priority"
            );
        }
    }
}

/// The nice value of the calling thread (Linux), for tests.
#[cfg(target_os = "linux")]
pub fn current_nice() -> i32 {
    // SAFETY: as above. getpriority may answer -1 for a real nice of -1: errno is not needed
    // here, where the values compared are 0 and NICE.
    unsafe { libc::getpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t) }
}
