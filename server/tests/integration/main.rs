//! Every integration test of the server in one binary: SurrealDB and the app are compiled and
//! linked once instead of once per file. Each module is one area; `common` holds the shared
//! set-up (a migrated database, people, callers, the router).
mod common;

mod accounts;
mod api;
mod backup;
mod clock;
mod database_user;
mod db_errors;
mod directory;
mod duo_life;
mod durability;
mod hardening;
mod heavy;
mod import;
mod intake;
mod invariants;
mod language;
mod limits;
mod live;
mod mail;
mod matching;
mod meeting;
mod metrics;
mod notify;
mod passwords;
mod permissions;
mod privacy;
mod sessions;
mod sessions_training;
mod throttling;
mod voice;

// Two `duo serve` processes on one SurrealDB server: needs `DUO_SURREAL_BIN` (`make test-cluster`).
#[cfg(feature = "cluster-tests")]
mod cluster;
