//! The audit log: who read or wrote which person's data, when and from where (GDPR art. 5(2),
//! 30, 32). Rows are only ever created; the schema makes the database refuse any change.
use super::{AuditEntry, AuditQuery};
use crate::auth::server::Principal;
use crate::db::{read_error, rows, Db};
use crate::error::{AppError, Invalid};
use crate::model::Role;

/// Who did something: a signed-in person, or Duo itself (the retention job).
#[derive(Clone, Copy, Debug)]
pub enum Actor<'a> {
    User(&'a Principal),
    System(&'static str),
}

impl Actor<'_> {
    fn parts(&self) -> (Option<String>, String, String) {
        match self {
            Actor::User(who) => (
                Some(who.user.id.clone()),
                who.user.role.as_str().to_string(),
                who.from.clone(),
            ),
            Actor::System(job) => (None, "system".into(), job.to_string()),
        }
    }
}

/// The statement that writes one audit row, for use inside a write's own transaction; bind its
/// parameters with [`bind`]. The actor is kept by account id only; their address is looked up
/// when the log is read, so an erased account's address leaves the log with it.
pub const AUDIT: &str = "CREATE audit CONTENT {
    at: time::now(), actor: $audit_actor, actor_email: NONE, role: $audit_role,
    action: $audit_action, record: $audit_record, fields: $audit_fields, from: $audit_from
};";

/// Binds the parameters of [`AUDIT`].
pub fn bind<'a>(
    q: surrealdb::method::Query<'a, surrealdb::engine::any::Any>,
    actor: Actor<'_>,
    action: &str,
    record: &str,
    fields: &[&str],
) -> surrealdb::method::Query<'a, surrealdb::engine::any::Any> {
    let (id, role, from) = actor.parts();
    q.bind(("audit_actor", id))
        .bind(("audit_role", role))
        .bind(("audit_action", action.to_string()))
        .bind(("audit_record", record.to_string()))
        .bind((
            "audit_fields",
            fields.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
        ))
        .bind(("audit_from", from))
}

/// The actor's current address, read from their account.
const ACTOR_EMAIL: &str = "IF actor != NONE { (SELECT VALUE email FROM ONLY type::record('user', $parent.actor)) } ELSE { NONE } AS actor_email";

/// Records a read or a write that has happened. A failure to record is logged loudly; the
/// caller's answer is not withheld for it (writes that must not happen unaudited use [`AUDIT`]
/// inside their transaction instead).
pub async fn record(db: &Db, actor: Actor<'_>, action: &str, record: &str, fields: &[&str]) {
    let result = bind(db.query(AUDIT), actor, action, record, fields)
        .await
        .and_then(|r| r.check());
    if let Err(e) = result {
        tracing::error!(error = %e, action, record, "could not write the audit log");
    }
}

/// Records that the caller read a person's data.
pub async fn read(db: &Db, who: &Principal, record: &str, fields: &[&str]) {
    self::record(db, Actor::User(who), "read", record, fields).await
}

/// The newest entries matching a search (administrators only).
pub async fn search(db: &Db, who: &Principal, q: &AuditQuery) -> Result<Vec<AuditEntry>, AppError> {
    if who.role() != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(AppError::invalid("limit", Invalid::OutOfRange));
    }
    // Days are the programme's (Brussels): `from` counts from its midnight there, `to` up to
    // the next midnight there.
    let day = |field: &str, value: &Option<String>, after: i64| match value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => Ok(None),
        Some(v) => chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map(|d| {
                let start = crate::clock::local_day_start(d + chrono::Duration::days(after));
                Some(start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            })
            .map_err(|_| AppError::invalid(field, Invalid::Malformed)),
    };
    let from = day("from", &q.from, 0)?;
    let to = day("to", &q.to, 1)?;
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| v.chars().take(200).collect::<String>())
    };
    let mut resp = db
        .query(format!(
            "SELECT time::format(at, '%Y-%m-%dT%H:%M:%SZ') AS at, actor, {ACTOR_EMAIL}, role,
                    action, record, fields, from
             FROM audit
             WHERE ($record = NONE OR record = $record)
               AND ($actor = NONE OR actor = $actor
                    OR actor IN (SELECT VALUE record::id(id) FROM user WHERE email = $actor))
               AND ($action = NONE OR action = $action)
               AND ($from = NONE OR at >= <datetime>$from)
               AND ($to = NONE OR at < <datetime>$to)
             ORDER BY at DESC LIMIT $limit"
        ))
        .bind(("record", text(&q.record)))
        .bind(("actor", text(&q.actor).map(|a| a.to_lowercase())))
        .bind(("action", text(&q.action)))
        .bind(("from", from))
        .bind(("to", to))
        .bind(("limit", i64::from(limit)))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// Every entry about one record, oldest first (for the person's export: who saw their data).
pub async fn about(db: &Db, record: &str) -> Result<Vec<AuditEntry>, AppError> {
    let mut resp = db
        .query(format!(
            "SELECT time::format(at, '%Y-%m-%dT%H:%M:%SZ') AS at, actor, {ACTOR_EMAIL}, role,
                    action, record, fields, from
             FROM audit WHERE record = $record ORDER BY at"
        ))
        .bind(("record", record.to_string()))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}
