//! Mailing notices, each once: a server claims a waiting notice in a write of its own (a
//! second server racing for it loses the claim), sends it, and records the result. A failed
//! send waits longer each time and is tried again, never dropped. A server that stops between
//! claiming and recording leaves a claim that expires, and the notice is sent then; its
//! Message-ID stays the same, so a mail client shows a copy sent twice in that window as one.
use super::text::{email, Reader};
use super::Notice;
use crate::db::{first, read_error, rows, Db};
use crate::domain::followup::Moment;
use crate::domain::notices::{retry_after_minutes, NoticeKind};
use crate::error::AppError;
use crate::state::AppState;
use serde::Deserialize;

/// How long a claim holds before another server may take the notice over.
pub const CLAIM_SECONDS: i64 = 120;
/// How many notices one round sends at most.
pub const ROUND: usize = 20;
/// The hours of the programme's day in which reminders and nudges are mailed: a notice made at
/// night waits in the outbox for the morning (it is in the inbox at once). What a person must
/// know to show up — a duo proposed, an introduction scheduled — goes whatever the hour.
pub const DAYTIME: std::ops::Range<u32> = 8..21;

/// How often the sender looks for work when nothing wakes it.
pub const IDLE: std::time::Duration = std::time::Duration::from_secs(30);

/// What a round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub failed: usize,
}

#[derive(Deserialize)]
struct ToSend {
    #[serde(flatten)]
    notice: Notice,
    recipient: String,
    language: String,
    attempts: u32,
    address: Option<String>,
}

/// Claims one notice for `me`; `false` when another server holds it or sent it already.
async fn claim(db: &Db, id: &str, me: &str) -> bool {
    let claimed = db
        .query(format!(
            "UPDATE type::record('notice', $id) SET mail = 'sending', claimed_by = $me,
                 claimed_until = time::now() + {CLAIM_SECONDS}s
             WHERE (mail IN ['pending', 'failed'] AND next_try <= time::now())
                 OR (mail = 'sending' AND claimed_until < time::now())
             RETURN VALUE record::id(id)"
        ))
        .bind(("id", id.to_string()))
        .bind(("me", me.to_string()))
        .await;
    match claimed {
        Ok(mut resp) => matches!(first::<String>(&mut resp, 0), Ok(Some(_))),
        // Another server's claim of the same notice committed first.
        Err(_) => false,
    }
}

/// Sends what is due now, at most [`ROUND`] notices. Each is claimed, mailed and recorded on its
/// own, so a stop at any point loses at most the claim in hand (which expires).
pub async fn send_due(app: &AppState) -> Result<Round, AppError> {
    send_due_at(app, chrono::Utc::now()).await
}

/// [`send_due`] as at `now` (which decides whether it is daytime in the programme).
pub async fn send_due_at(
    app: &AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Round, AppError> {
    let Some(mailer) = app.mailer.clone() else {
        return Ok(Round::default());
    };
    let me = app.events.origin().to_string();
    let hour = {
        use chrono::Timelike;
        now.with_timezone(&crate::clock::ZONE).hour()
    };
    let kinds: Vec<&str> = NoticeKind::ALL
        .iter()
        .filter(|k| k.essential() || DAYTIME.contains(&hour))
        .map(|k| k.as_str())
        .collect();
    let mut resp = app
        .db
        .query(format!(
            "SELECT VALUE record::id(id) FROM notice
             WHERE kind IN $kinds AND ((mail IN ['pending', 'failed'] AND next_try <= time::now())
                 OR (mail = 'sending' AND claimed_until < time::now()))
             LIMIT {ROUND}"
        ))
        .bind(("kinds", kinds))
        .await
        .map_err(read_error)?;
    let ids: Vec<String> = rows(&mut resp, 0)?;
    let mut round = Round::default();
    for id in ids {
        if !claim(&app.db, &id, &me).await {
            continue;
        }
        let mut resp = app
            .db
            .query(
                "SELECT record::id(id) AS id, kind, time::format(created_at, '%+') AS created_at,
                     NONE AS read_at, office, duo, name, date, place, days, moment, lines,
                     recipient, language, attempts,
                     (IF string::starts_with(recipient, 'user:')
                         THEN type::record('user', string::split(recipient, ':')[1]).email
                         ELSE IF string::starts_with(recipient, 'mentee:')
                         THEN type::record('mentee', string::split(recipient, ':')[1]).email
                         ELSE type::record('mentor', string::split(recipient, ':')[1]).email
                     END) AS address
                 FROM type::record('notice', $id)",
            )
            .bind(("id", id.clone()))
            .await
            .map_err(read_error)?;
        let Some(n) = first::<ToSend>(&mut resp, 0)? else {
            continue;
        };
        let Some(address) = n.address.filter(|a| !a.trim().is_empty()) else {
            // The person's address was removed (or the person erased) since.
            record(&app.db, &id, &me, "no_address", None, n.attempts).await?;
            continue;
        };
        let locale = crate::texts::locale_of_code(&n.language);
        let reader = match n.recipient.split(':').next() {
            Some("mentee") => Reader::Mentee,
            Some("user") => Reader::Account,
            // A mentor without an account: an account's words, no links into Duo.
            _ => Reader::Person,
        };
        // The mentee's own link is made now, as the email goes: only its hash is kept.
        let own_link = match (
            n.notice.kind,
            n.notice.duo.as_deref(),
            n.notice.moment.as_deref(),
        ) {
            (NoticeKind::MenteeVoice, Some(duo), Some(moment)) => {
                let Some(moment) = Moment::parse(moment) else {
                    record(&app.db, &id, &me, "off", None, n.attempts).await?;
                    continue;
                };
                let base = mailer.base_url.clone();
                match crate::voice::server::new_link(app, &base, duo, &n.notice.office, moment)
                    .await?
                {
                    Some(link) => Some(link),
                    None => {
                        // Answered already (through a link the coordinator handed over).
                        record(&app.db, &id, &me, "off", None, n.attempts).await?;
                        continue;
                    }
                }
            }
            _ => None,
        };
        let (subject, text) = email(
            locale,
            &n.notice,
            reader,
            &mailer.base_url,
            own_link.as_deref(),
        );
        let message_id = format!("<notice-{id}@duo>");
        match mailer
            .send(&address, &subject, text, Some(message_id))
            .await
        {
            Ok(()) => {
                record(&app.db, &id, &me, "sent", None, n.attempts + 1).await?;
                round.sent += 1;
            }
            Err(error) => {
                let domain = crate::domain::validation::email_domain(&address);
                tracing::warn!(notice = %id, to_domain = domain, %error, "sending a notice failed; it will be tried again");
                record(
                    &app.db,
                    &id,
                    &me,
                    "failed",
                    Some(without_addresses(&error)),
                    n.attempts + 1,
                )
                .await?;
                round.failed += 1;
            }
        }
    }
    Ok(round)
}

/// A mail server's error as administrators may read it: words that hold an `@` (addresses)
/// are masked, so the list of sent notices names no one.
fn without_addresses(error: &str) -> String {
    error
        .split_whitespace()
        .map(|w| if w.contains('@') { "<address>" } else { w })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Records what became of a claimed notice, if `me` still holds the claim.
async fn record(
    db: &Db,
    id: &str,
    me: &str,
    state: &str,
    error: Option<String>,
    attempts: u32,
) -> Result<(), AppError> {
    let wait = retry_after_minutes(attempts);
    let error: Option<String> = error.map(|e| e.chars().take(300).collect());
    db.query(format!(
        "UPDATE type::record('notice', $id) SET mail = $state, attempts = $attempts,
             error = $error, claimed_by = NONE, claimed_until = NONE,
             sent_at = (IF $state = 'sent' THEN time::now() ELSE sent_at END),
             next_try = (IF $state = 'failed' THEN time::now() + {wait}m ELSE next_try END)
         WHERE claimed_by = $me RETURN NONE"
    ))
    .bind(("id", id.to_string()))
    .bind(("me", me.to_string()))
    .bind(("state", state.to_string()))
    .bind(("error", error))
    .bind(("attempts", i64::from(attempts)))
    .await
    .and_then(|r| r.check())
    .map_err(read_error)?;
    Ok(())
}

/// Sends notices for as long as the server runs: when new ones are made, and every
/// [`IDLE`] for those waiting to be tried again.
pub async fn deliver_forever(app: AppState) {
    loop {
        match send_due(&app).await {
            // A full round: there may be more waiting.
            Ok(round) if round.sent + round.failed >= ROUND => continue,
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "the notice sender failed; trying again later"),
        }
        let _ = tokio::time::timeout(IDLE, app.notices_waiting.notified()).await;
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_mail_servers_error_names_no_one() {
        assert_eq!(
            super::without_addresses("550 5.1.1 <samira@mail.example>: unknown user"),
            "550 5.1.1 <address> unknown user"
        );
    }
}
