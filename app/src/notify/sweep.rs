//! Finding what is due: every few minutes the sweep reads each office's duos, asks
//! `domain::notices` what is due today, and makes the notices not yet made (each is unique by
//! its key, so a sweep run twice or on two instances makes nothing twice). A step that
//! proposes a duo or schedules its introduction sweeps that duo at once.
use super::server::{account_language, make, NewNotice};
use crate::db::{read_error, rows, Db};
use crate::domain::followup::alerts;
use crate::domain::notices::{
    digest_week, due_for_duo, first_mail_state, mailed, mentee_language, notice_key, Audience,
    DueNotice, NoticeKind,
};
use crate::duos::facts::{office_facts, DuoFactsRow};
use crate::error::AppError;
use crate::model::{DuoAlert, Role};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

/// How often the sweep runs.
pub const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// An account that may receive an office's notices.
#[derive(Clone, Debug, Deserialize)]
struct Account {
    id: String,
    role: Role,
    mentor: Option<String>,
    language: Option<String>,
    #[serde(default)]
    mail_off: Vec<String>,
    offices: Vec<String>,
}

impl Account {
    fn wants_mail(&self, kind: NoticeKind) -> bool {
        let off: Vec<NoticeKind> = self
            .mail_off
            .iter()
            .filter_map(|k| NoticeKind::parse(k))
            .collect();
        mailed(kind, &off)
    }
}

/// The enabled accounts of an office's coordinators and of its mentors.
async fn accounts_of(db: &Db, office: &str) -> Result<Vec<Account>, AppError> {
    let mut resp = db
        .query(
            "SELECT record::id(id) AS id, role, mentor, language, mail_off, offices FROM user
             WHERE disabled = false AND (
                 (role = 'coordinator' AND $office IN offices)
                 OR (role = 'mentor' AND mentor != NONE
                     AND type::record('mentor', mentor).office = $office))",
        )
        .bind(("office", office.to_string()))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// The notice of `due` for one recipient.
struct Facts<'a> {
    office: &'a str,
    duo: &'a DuoFactsRow,
    due: &'a DueNotice,
    mailer: bool,
}

impl Facts<'_> {
    fn notice(&self, recipient: String, user: Option<String>, language: String) -> NewNotice {
        let d = self.duo;
        NewNotice {
            key: notice_key(self.due.kind, &d.id, &self.due.occasion, &recipient),
            kind: self.due.kind,
            office: self.office.to_string(),
            duo: Some(d.id.clone()),
            recipient,
            user,
            language,
            name: None,
            date: self.due.date.map(|d| d.format("%Y-%m-%d").to_string()),
            place: match self.due.kind {
                NoticeKind::IntroScheduled | NoticeKind::IntroTomorrow => d.intro_place.clone(),
                _ => None,
            },
            days: self.due.days,
            moment: self.due.moment.clone(),
            lines: vec![],
            mail: "no_address",
        }
    }

    /// The notice for the duo's mentor: in their inbox when they have an account, by email
    /// to their account's address (or to the address on their record when they have none).
    fn for_mentor(&self, accounts: &[Account]) -> Option<NewNotice> {
        let d = self.duo;
        let kind = self.due.kind;
        let name = Some(d.mentee_first_name.clone());
        match accounts
            .iter()
            .find(|a| a.role == Role::Mentor && a.mentor.as_deref() == Some(&d.mentor))
        {
            Some(a) => Some(NewNotice {
                name,
                mail: first_mail_state(true, a.wants_mail(kind), self.mailer),
                ..self.notice(
                    crate::live::record_id("user", &a.id),
                    Some(a.id.clone()),
                    account_language(a.language.as_deref(), &a.offices),
                )
            }),
            None if d.mentor_has_email => Some(NewNotice {
                name,
                mail: first_mail_state(true, true, self.mailer),
                ..self.notice(
                    crate::live::record_id("mentor", &d.mentor),
                    None,
                    crate::domain::notices::office_language(self.office).to_string(),
                )
            }),
            None => None,
        }
    }

    /// The notice for the mentee: by email only (they have no account), naming their mentor
    /// by first name.
    fn for_mentee(&self) -> Option<NewNotice> {
        let d = self.duo;
        d.mentee_has_email.then(|| NewNotice {
            name: Some(d.mentor_first_name.clone()),
            mail: first_mail_state(true, true, self.mailer),
            ..self.notice(
                crate::live::record_id("mentee", &d.mentee),
                None,
                mentee_language(&d.mentee_languages, self.office).to_string(),
            )
        })
    }

    fn for_coordinators(&self, accounts: &[Account]) -> Vec<NewNotice> {
        let d = self.duo;
        accounts
            .iter()
            .filter(|a| a.role == Role::Coordinator)
            .map(|a| NewNotice {
                name: Some(format!("{} — {}", d.mentee_name, d.mentor_name)),
                mail: first_mail_state(true, a.wants_mail(self.due.kind), self.mailer),
                ..self.notice(
                    crate::live::record_id("user", &a.id),
                    Some(a.id.clone()),
                    account_language(a.language.as_deref(), &a.offices),
                )
            })
            .collect()
    }
}

/// The notices due for an office's duos today (and its digest, when `week` is due).
fn office_notices(
    office: &str,
    duos: &[DuoFactsRow],
    accounts: &[Account],
    today: NaiveDate,
    week: Option<&str>,
    mailer: bool,
) -> Vec<NewNotice> {
    let mut out = Vec::new();
    for duo in duos.iter().filter(|d| !d.anonymised) {
        for due in due_for_duo(&duo.facts, duo.proposed_on, today) {
            let facts = Facts {
                office,
                duo,
                due: &due,
                mailer,
            };
            match due.kind.audience() {
                Audience::BothPeople => {
                    out.extend(facts.for_mentor(accounts));
                    out.extend(facts.for_mentee());
                }
                Audience::Mentor => out.extend(facts.for_mentor(accounts)),
                Audience::Coordinators => out.extend(facts.for_coordinators(accounts)),
                Audience::Mentee => out.extend(facts.for_mentee()),
            }
        }
    }
    if let Some(week) = week {
        let lines: Vec<DuoAlert> = duos
            .iter()
            .filter(|d| !d.anonymised)
            .flat_map(|d| {
                alerts(&d.facts, today).into_iter().map(|alert| DuoAlert {
                    duo: d.id.clone(),
                    mentee_name: d.mentee_name.clone(),
                    mentor_name: d.mentor_name.clone(),
                    state: d.facts.state,
                    alert,
                })
            })
            .collect();
        // An empty week sends nothing: the digest is a list to act on.
        if !lines.is_empty() {
            for a in accounts.iter().filter(|a| a.role == Role::Coordinator) {
                let recipient = crate::live::record_id("user", &a.id);
                out.push(NewNotice {
                    key: notice_key(NoticeKind::WeeklyDigest, office, week, &recipient),
                    kind: NoticeKind::WeeklyDigest,
                    office: office.to_string(),
                    duo: None,
                    recipient,
                    user: Some(a.id.clone()),
                    language: account_language(a.language.as_deref(), &a.offices),
                    name: None,
                    date: Some(today.format("%Y-%m-%d").to_string()),
                    place: None,
                    days: None,
                    moment: None,
                    lines: lines.clone(),
                    mail: first_mail_state(true, a.wants_mail(NoticeKind::WeeklyDigest), mailer),
                });
            }
        }
    }
    out
}

/// Makes every notice due at `now` in every office: each office's duos and accounts are read
/// once; notices already made are left as they are.
pub async fn sweep(app: &AppState, now: DateTime<Utc>) -> Result<(), AppError> {
    let local = now.with_timezone(&crate::clock::ZONE).naive_local();
    let today = crate::clock::local_date(now);
    let week = digest_week(local);
    for office in crate::domain::reference::OFFICES {
        let duos = office_facts(&app.db, office, None, today).await?;
        let accounts = accounts_of(&app.db, office).await?;
        let notices = office_notices(
            office,
            &duos,
            &accounts,
            today,
            week.as_deref(),
            app.mailer.is_some(),
        );
        make(app, notices).await?;
    }
    Ok(())
}

/// Makes the notices one duo is due now (after a step that proposed it or scheduled its
/// introduction), so the people hear of it at once rather than at the next sweep. A failure is
/// logged, never the step's: the next sweep makes what this one could not.
pub async fn announce_duo(app: &AppState, office: &str, duo: &str) {
    let today = crate::clock::today();
    let made = async {
        let duos = office_facts(&app.db, office, Some(duo), today).await?;
        let accounts = accounts_of(&app.db, office).await?;
        let notices = office_notices(office, &duos, &accounts, today, None, app.mailer.is_some());
        make(app, notices).await
    };
    if let Err(error) = made.await {
        tracing::warn!(%error, duo, "notices of a step not made now: the next sweep makes them");
    }
}

/// Sweeps now, then every [`SWEEP_EVERY`], for as long as the server runs.
pub async fn sweep_every(app: AppState) {
    loop {
        if let Err(error) = sweep(&app, Utc::now()).await {
            tracing::warn!(%error, "notification sweep failed; trying again later");
        }
        tokio::time::sleep(SWEEP_EVERY).await;
    }
}
