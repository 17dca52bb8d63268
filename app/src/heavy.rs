//! CPU-bound work (the slate solver, ranking a pool, the figures of a whole programme) runs off
//! the async runtime, on the blocking pool, a few jobs at a time: requests that only read or
//! write never wait behind a computation. Beyond the places, a job waits its turn for a bounded
//! time, then the caller is answered busy.
use crate::error::AppError;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::Semaphore;

/// How long a job waits for a place before its caller is answered busy.
pub const MAX_WAIT: Duration = Duration::from_secs(30);

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

/// Runs `work` on the blocking pool once a place is free, and gives back its result. The place
/// is held until the work ends, even if the caller stops waiting (a closed connection).
pub async fn run<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let place = tokio::time::timeout(MAX_WAIT, places().acquire_owned())
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        let result = work();
        drop(place);
        result
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "a computation failed");
        AppError::Internal
    })
}
