//! What the server hands to every request (server functions, SSR and the JSON API): the database,
//! the hub that announces committed changes, the limits on work from outside, and how the server
//! is reached. Built once at start (`duo serve`) and in tests.
use crate::db::Db;
use std::sync::Arc;

/// What the server hands to every request (server functions, SSR and the JSON API).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// Where committed changes are announced to connected screens.
    pub events: Arc<crate::live::hub::EventHub>,
    /// The bounded queue in front of Argon2: the process's own, unless a test sets one.
    pub passwords: Arc<crate::auth::passwords::PasswordWork>,
    /// "Now" for sign-in throttling: the system's, unless a test stops it.
    pub clock: crate::clock::Clock,
    /// The counters behind the limits on work from outside (see [`crate::limits`]).
    pub limits: Arc<crate::limits::Limits>,
    /// Password resets waiting for their worker.
    pub resets: Arc<crate::accounts::server::ResetQueue>,
    /// Whether requests come through a reverse proxy Duo trusts (`DUO_TRUST_PROXY=1`): only
    /// then do its `X-Forwarded-For` and `X-Forwarded-Proto` count.
    pub trust_proxy: bool,
    /// The folder of nightly and requested backups (`DUO_BACKUP_DIR`); none: no backups.
    pub backups: Option<Arc<crate::backups::Backups>>,
    /// The mail server notifications go out through (`DUO_SMTP_URL`); none: inbox only.
    pub mailer: Option<Arc<crate::notify::mailer::Mailer>>,
    /// Wakes the mail sender when new notices are waiting.
    pub notices_waiting: Arc<tokio::sync::Notify>,
    /// The latest reading of the programme, shared by every open dashboard.
    pub figures: Arc<crate::metrics::shared::SharedFigures>,
}

impl AppState {
    /// The state of a server reached directly (no trusted proxy).
    pub fn new(db: Db) -> Self {
        AppState {
            db,
            events: Arc::new(crate::live::hub::EventHub::new()),
            passwords: crate::auth::passwords::PasswordWork::shared(),
            clock: crate::clock::Clock::default(),
            limits: Arc::new(crate::limits::Limits::default()),
            resets: Arc::new(crate::accounts::server::ResetQueue::new()),
            trust_proxy: false,
            backups: None,
            mailer: None,
            notices_waiting: Arc::new(tokio::sync::Notify::new()),
            figures: Arc::default(),
        }
    }

    /// The same state behind a reverse proxy that Duo trusts (or not).
    pub fn trusting_proxy(self, trust_proxy: bool) -> Self {
        AppState {
            trust_proxy,
            ..self
        }
    }

    /// The same state, backing up into a folder (nightly and when an administrator asks).
    pub fn backing_up(self, backups: crate::backups::Backups) -> Self {
        AppState {
            backups: Some(Arc::new(backups)),
            ..self
        }
    }

    /// The same state, mailing notifications through `mailer`.
    pub fn mailing(self, mailer: crate::notify::mailer::Mailer) -> Self {
        AppState {
            mailer: Some(Arc::new(mailer)),
            ..self
        }
    }
}
