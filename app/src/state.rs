//! What the server hands to every request (server functions, SSR and the JSON API): the database
//! and the hub that announces committed changes. Built once at start (`duo serve`) and in tests.
use crate::db::Db;

/// What the server hands to every request (server functions, SSR and the JSON API).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Where committed changes are announced to connected screens.
    pub events: std::sync::Arc<crate::live::hub::EventHub>,
    /// The bounded queue in front of Argon2: the process's own, unless a test sets one.
    pub passwords: std::sync::Arc<crate::auth::passwords::PasswordWork>,
    /// "Now" for sign-in throttling: the system's, unless a test stops it.
    pub clock: crate::clock::Clock,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        AppState {
            db,
            events: std::sync::Arc::new(crate::live::hub::EventHub::new()),
            passwords: crate::auth::passwords::PasswordWork::shared(),
            clock: crate::clock::Clock::default(),
        }
    }
}
