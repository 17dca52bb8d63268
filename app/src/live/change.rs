//! The one write path of every change that screens must hear about: the change's statements, its
//! outbox row and (when the caller adds it) its audit row commit as one transaction, and only then
//! is the change announced on this instance's hub. Other instances announce it from the outbox.
use crate::db::{backoff, transact, WriteError, WRITE_ATTEMPTS};
use crate::error::{AppError, Conflict};
use crate::state::AppState;
use surrealdb::engine::any::Any;
use surrealdb::method::Query;

/// The statement that records a change in the outbox, inside the transaction that makes it.
/// Binds: `$change_kind`, `$change_office`, `$change_ids`, `$change_actor`, `$change_origin`.
const OUTBOX: &str = "CREATE change CONTENT {
    kind: $change_kind, office: $change_office, ids: $change_ids, actor: $change_actor,
    origin: $change_origin, at: time::now()
};";

/// A change to announce: recorded with [`OUTBOX`] inside the transaction that makes it (for
/// the other instances), then published on this instance's hub once committed.
pub struct ChangeNote {
    pub kind: &'static str,
    pub office: String,
    pub ids: Vec<String>,
    pub actor: Option<String>,
}

impl ChangeNote {
    /// Binds the outbox statement's parameters.
    fn bind<'r>(&self, query: Query<'r, Any>, app: &AppState) -> Query<'r, Any> {
        query
            .bind(("change_kind", self.kind.to_string()))
            .bind(("change_office", self.office.clone()))
            .bind(("change_ids", self.ids.clone()))
            .bind(("change_actor", self.actor.clone()))
            .bind(("change_origin", app.events.origin().to_string()))
    }

    /// Runs `sql` and the outbox row as one transaction, without announcing anything yet.
    async fn write(
        &self,
        app: &AppState,
        sql: &str,
        bind: impl for<'r> FnOnce(Query<'r, Any>) -> Query<'r, Any>,
    ) -> Result<(), WriteError> {
        transact(&app.db, format!("{sql}\n{OUTBOX}"), |q| {
            self.bind(bind(q), app)
        })
        .await
    }

    /// Announces the committed change to this instance's screens.
    fn publish(self, app: &AppState) {
        app.events
            .publish(self.kind, &self.office, self.ids, self.actor);
    }

    /// Runs `sql` with the outbox as one transaction, then announces the change. A write that
    /// loses a race to another writer fails with `if_lost`.
    pub async fn commit(
        self,
        app: &AppState,
        sql: &str,
        if_lost: AppError,
        bind: impl for<'r> FnOnce(Query<'r, Any>) -> Query<'r, Any>,
    ) -> Result<(), AppError> {
        self.write(app, sql, bind)
            .await
            .map_err(|e| e.or(if_lost))?;
        self.publish(app);
        Ok(())
    }

    /// One attempt for [`commit_retrying`]: this change, made by `sql` with `bind`'s parameters.
    pub fn attempt<B>(self, sql: String, bind: B) -> Attempt<(), B>
    where
        B: for<'r> FnOnce(Query<'r, Any>) -> Query<'r, Any>,
    {
        Attempt {
            note: self,
            sql,
            bind,
            value: (),
        }
    }
}

/// One attempt of a write guarded by versions, built from that attempt's own fresh read: the
/// change to announce, its statements (which `THROW` [`crate::db::STALE`] when a version moved),
/// their parameters, and what the caller gets once it is committed.
pub struct Attempt<T, B> {
    note: ChangeNote,
    sql: String,
    bind: B,
    value: T,
}

impl<B> Attempt<(), B> {
    /// What the caller gets once this attempt is the one committed.
    pub fn answering<T>(self, value: T) -> Attempt<T, B> {
        Attempt {
            note: self.note,
            sql: self.sql,
            bind: self.bind,
            value,
        }
    }
}

/// [`ChangeNote::commit`] for the duo writes that several people race for (a mentee taken, a
/// mentor's last place, a duo's next step). Each round calls `attempt` to re-read the records
/// and re-check the rules, then commits what it built; a round that lost the race (a version
/// moved underneath, or the database reported a conflict) waits a little and starts over, so
/// exactly one of the racing writers wins and the others see the winner's result when they re-read. A refusal of the rules
/// or any other failure ends at once; when every round is lost, the caller gets a `stale`
/// conflict (409). Only the round that commits is announced.
pub async fn commit_retrying<T, B, F, Fut>(app: &AppState, mut attempt: F) -> Result<T, AppError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Attempt<T, B>, AppError>>,
    B: for<'r> FnOnce(Query<'r, Any>) -> Query<'r, Any>,
{
    for round in 0..WRITE_ATTEMPTS {
        let Attempt {
            note,
            sql,
            bind,
            value,
        } = attempt().await?;
        match note.write(app, &sql, bind).await {
            Ok(()) => {
                note.publish(app);
                return Ok(value);
            }
            Err(WriteError::Failed(error)) => return Err(error),
            Err(WriteError::Retry) => backoff(round).await,
        }
    }
    Err(AppError::conflict(Conflict::Stale))
}
