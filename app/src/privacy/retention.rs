//! Retention: people whose programme is over are anonymised a configurable number of months
//! after their last follow-up (DESIGN §6), by a daily job of the server and by
//! `duo retention run`. People who withdrew a required consent are anonymised at the next run.
use super::audit::{self, Actor};
use super::consent::PersonRef;
use super::rights::anonymise;
use super::{Retention, RetentionReport};
use crate::auth::server::Principal;
use crate::db::{first, read_error, rows, Db};
use crate::domain::privacy::{
    check_retention_months, retention_due, PersonKind, DEFAULT_RETENTION_MONTHS,
    MENTEE_DONE_STATES, MENTOR_DONE_STATES,
};
use crate::error::AppError;
use crate::model::Role;
use crate::state::AppState;
use chrono::NaiveDate;
use serde::Deserialize;

/// The retention setting (the default until an administrator sets one).
pub async fn setting(db: &Db) -> Result<Retention, AppError> {
    let mut resp = db
        .query("SELECT VALUE retention_months FROM ONLY setting:retention")
        .await
        .map_err(read_error)?;
    let months: Option<i64> = first(&mut resp, 0)?;
    Ok(Retention {
        months: months
            .and_then(|m| u32::try_from(m).ok())
            .unwrap_or(DEFAULT_RETENTION_MONTHS),
    })
}

/// Changes the retention setting (administrators).
pub async fn set_setting(db: &Db, who: &Principal, months: i64) -> Result<Retention, AppError> {
    if who.role() != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let months = check_retention_months(months)?;
    db.query("UPSERT setting:retention SET retention_months = $months, updated_at = time::now()")
        .bind(("months", i64::from(months)))
        .await
        .and_then(|r| r.check())
        .map_err(read_error)?;
    audit::record(
        db,
        Actor::User(who),
        "update",
        "setting:retention",
        &["retention_months"],
    )
    .await;
    Ok(Retention { months })
}

#[derive(Deserialize)]
struct Candidate {
    id: String,
    office: String,
    withdrawn_on: Option<String>,
    /// Days of everything that counts as follow-up: the record's last change, the duos' ends
    /// and last meetings, outcomes and check-ins.
    days: Vec<Option<String>>,
}

impl Candidate {
    fn last_follow_up(&self) -> Option<NaiveDate> {
        self.days
            .iter()
            .flatten()
            .filter_map(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
            .max()
    }
}

/// The people due for anonymisation on `today`.
pub async fn due(db: &Db, months: u32, today: NaiveDate) -> Result<Vec<PersonRef>, AppError> {
    let mut due = Vec::new();
    for (kind, states) in [
        (PersonKind::Mentee, &MENTEE_DONE_STATES[..]),
        (PersonKind::Mentor, &MENTOR_DONE_STATES[..]),
    ] {
        let side = kind.table();
        let mut resp = db
            .query(format!(
                "SELECT record::id(id) AS id, office, withdrawn_on, array::flatten([
                    [<string> updated_at, withdrawn_on],
                    (SELECT VALUE ended_on FROM duo WHERE {side} = $parent.id),
                    (SELECT VALUE last_meeting_on FROM duo WHERE {side} = $parent.id),
                    (SELECT VALUE date FROM outcome WHERE duo IN
                        (SELECT VALUE record::id(id) FROM duo WHERE {side} = $parent.id)),
                    (SELECT VALUE done_on FROM checkin WHERE duo IN
                        (SELECT VALUE record::id(id) FROM duo WHERE {side} = $parent.id))
                 ]) AS days
                 FROM type::table($table) WHERE anonymised_at = NONE AND state IN $states"
            ))
            .bind(("table", side))
            .bind(("states", states.to_vec()))
            .await
            .map_err(read_error)?;
        let candidates: Vec<Candidate> = rows(&mut resp, 0)?;
        for c in candidates {
            let withdrawn = c.withdrawn_on.is_some();
            let Some(last) = c.last_follow_up() else {
                continue;
            };
            if retention_due(last, months, today, withdrawn) {
                due.push(PersonRef {
                    kind,
                    id: c.id,
                    office: c.office,
                });
            }
        }
    }
    Ok(due)
}

/// Anonymises everyone due today. Safe to run at any time and from several instances: a
/// person already anonymised is no longer a candidate, and anonymising twice changes nothing.
pub async fn run(app: &AppState, today: NaiveDate) -> Result<RetentionReport, AppError> {
    let months = setting(&app.db).await?.months;
    let people = due(&app.db, months, today).await?;
    let mut done = Vec::with_capacity(people.len());
    for person in &people {
        // One record that fails (logged) does not hold back everyone else due today.
        match anonymise(app, Actor::System("retention"), person).await {
            Ok(()) => done.push(person.record()),
            Err(e) => {
                tracing::error!(person = %person.record(), error = %e, "retention: not anonymised")
            }
        }
    }
    if !done.is_empty() {
        tracing::info!(count = done.len(), months, "retention: people anonymised");
    }
    forget_expired(&app.db).await?;
    Ok(RetentionReport {
        anonymised: done.len(),
        people: done,
    })
}

/// Deletes what has no use left: ended sessions, account links a month past their expiry (kept
/// that long to answer "link expired" rather than "unknown"), sign-in counters older than a day,
/// notices older than 13 months (a year of history for the inbox and the mail log), mentees'
/// links a month past their expiry.
async fn forget_expired(db: &Db) -> Result<(), AppError> {
    db.query(
        "DELETE session WHERE expires_at < time::now();
         DELETE account_link WHERE expires_at < time::now() - 30d;
         DELETE throttle WHERE last_at < time::now() - 1d;
         DELETE notice WHERE created_at < time::now() - 395d;
         DELETE voice_link WHERE expires_at < time::now() - 30d;",
    )
    .await
    .and_then(|r| r.check())
    .map_err(read_error)?;
    Ok(())
}

/// Runs retention now at an administrator's request.
pub async fn run_now(app: &AppState, who: &Principal) -> Result<RetentionReport, AppError> {
    if who.role() != Role::Admin {
        return Err(AppError::Forbidden);
    }
    run(app, crate::clock::today()).await
}
