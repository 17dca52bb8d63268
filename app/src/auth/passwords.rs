//! The bounded queue in front of Argon2. A password hash or check takes ~19 MiB and a core for a
//! moment, so a burst of sign-ins must neither run them all at once nor pile up without end:
//! a few run at once on the blocking pool, a bounded number wait a bounded time for their turn,
//! and every other one is answered "busy" (503) at once.
use crate::error::AppError;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How much password work one server takes on.
#[derive(Clone, Copy, Debug)]
pub struct PasswordLimits {
    /// Hashes and checks running at once.
    pub at_once: usize,
    /// Requests that may wait for a turn beyond those running; one more is answered "busy".
    pub waiting: usize,
    /// The longest a request waits for its turn before it is answered "busy".
    pub max_wait: Duration,
}

impl Default for PasswordLimits {
    fn default() -> Self {
        PasswordLimits {
            at_once: 4,
            waiting: 64,
            max_wait: Duration::from_secs(10),
        }
    }
}

/// The queue itself, with a count of the password checks it has run (for tests and metrics).
pub struct PasswordWork {
    limits: PasswordLimits,
    turns: Arc<Semaphore>,
    /// Requests holding a place: running or waiting.
    places: Arc<AtomicUsize>,
    checks: AtomicU64,
}

/// A place in the queue, given back when the work is over (or given up).
struct Place(Arc<AtomicUsize>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl PasswordWork {
    pub fn new(limits: PasswordLimits) -> Self {
        PasswordWork {
            limits,
            turns: Arc::new(Semaphore::new(limits.at_once.max(1))),
            places: Arc::new(AtomicUsize::new(0)),
            checks: AtomicU64::new(0),
        }
    }

    /// The queue of this process, with the default limits: every state built by
    /// [`crate::state::AppState::new`] and the account services share it, since what it guards
    /// is the process's memory and cores.
    pub fn shared() -> Arc<PasswordWork> {
        static SHARED: OnceLock<Arc<PasswordWork>> = OnceLock::new();
        SHARED
            .get_or_init(|| Arc::new(PasswordWork::new(PasswordLimits::default())))
            .clone()
    }

    /// Password checks (Argon2 verifications) started so far.
    pub fn checks(&self) -> u64 {
        self.checks.load(Ordering::Acquire)
    }

    /// Hashes a password with Argon2id (the crate's OWASP-recommended defaults).
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        let turn = self.turn().await?;
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let salt = SaltString::generate(&mut OsRng);
            Argon2::default()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
        })
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(|_| AppError::Internal)
    }

    /// Whether a password matches a stored hash.
    pub async fn verify(&self, password: String, hash: String) -> Result<bool, AppError> {
        let turn = self.turn().await?;
        self.checks.fetch_add(1, Ordering::AcqRel);
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            PasswordHash::new(&hash).is_ok_and(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
        })
        .await
        .map_err(|_| AppError::Internal)
    }

    /// Waits for a turn: a place in the queue first (or "busy" at once when it is full), then a
    /// turn within the longest wait (or "busy"). Both are held by the blocking work itself, so
    /// a request that goes away does not free its turn while its hash still runs.
    async fn turn(&self) -> Result<(Place, OwnedSemaphorePermit), AppError> {
        let capacity = self.limits.at_once.max(1) + self.limits.waiting;
        self.places
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |taken| {
                (taken < capacity).then_some(taken + 1)
            })
            .map_err(|_| AppError::Busy)?;
        let place = Place(self.places.clone());
        let permit = tokio::time::timeout(self.limits.max_wait, self.turns.clone().acquire_owned())
            .await
            .map_err(|_| AppError::Busy)?
            .map_err(|_| AppError::Internal)?;
        Ok((place, permit))
    }
}
