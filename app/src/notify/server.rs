//! Server half of notifications: making notices (once each, whatever runs twice), a person's
//! inbox and email settings, and what administrators see of the emails.
use super::{Inbox, KindSetting, MailSettings, NewMailSettings, Notice, SentNotice};
use crate::auth::server::Principal;
use crate::db::{
    backoff, first, read_error, rows, transact, valid_key, WriteError, WRITE_ATTEMPTS,
};
use crate::domain::notices::NoticeKind;
use crate::error::{AppError, Invalid};
use crate::model::{DuoAlert, Role};
use crate::state::AppState;
use serde::{Deserialize, Serialize};

/// How many notices the inbox shows.
pub const INBOX_SIZE: usize = 100;

/// A notice to make for one recipient. Its record key is derived from `key`, so making it again
/// (a second sweep, another instance, a retried step) finds it there and does nothing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewNotice {
    pub key: String,
    pub kind: NoticeKind,
    pub office: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duo: Option<String>,
    /// `user:key` (an account), `mentee:key` or `mentor:key` (a person without an account).
    pub recipient: String,
    /// The account whose inbox holds it; none for a mentee (email only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    pub language: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moment: Option<String>,
    pub lines: Vec<DuoAlert>,
    /// What becomes of its email at first (see `domain::notices::MAIL_STATES`).
    pub mail: &'static str,
}

/// A notice's record key: a digest of its unique key (keys hold `|` and dates; record keys
/// stay short and plain).
pub fn notice_id(key: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// Makes the notices that do not exist yet, in one transaction with its live-event row (the
/// `change` table), so every instance's screens hear of the new ones (the bell counts live).
/// Only the accounts with a new notice are told. A race with another instance making the same
/// notice is retried and then finds it made.
pub async fn make(app: &AppState, notices: Vec<NewNotice>) -> Result<(), AppError> {
    if notices.is_empty() {
        return Ok(());
    }
    let rows: Vec<serde_json::Value> = notices
        .iter()
        .map(|n| {
            let mut v = serde_json::to_value(n).expect("a notice always serialises");
            v["id"] = serde_json::Value::String(notice_id(&n.key));
            v
        })
        .collect();
    // The notices already made are left alone, and their readers are not told again.
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut resp = app
        .db
        .query("SELECT VALUE record::id(id) FROM $ids.map(|$i| type::record('notice', $i))")
        .bind(("ids", ids))
        .await
        .map_err(read_error)?;
    let existing: std::collections::HashSet<String> = crate::db::rows::<String>(&mut resp, 0)?
        .into_iter()
        .collect();
    let fresh: Vec<&NewNotice> = notices
        .iter()
        .filter(|n| !existing.contains(&notice_id(&n.key)))
        .collect();
    if fresh.is_empty() {
        return Ok(());
    }
    let mut users: Vec<String> = fresh
        .iter()
        .filter_map(|n| n.user.as_ref().map(|u| crate::live::record_id("user", u)))
        .collect();
    users.sort();
    users.dedup();
    let rows: Vec<serde_json::Value> = rows
        .into_iter()
        .filter(|r| !existing.contains(r["id"].as_str().unwrap_or_default()))
        .collect();
    let sql = "FOR $n IN $rows {
            IF !record::exists(type::record('notice', $n.id)) {
                CREATE type::record('notice', $n.id) CONTENT {
                    key: $n.key, kind: $n.kind, office: $n.office, duo: $n.duo,
                    recipient: $n.recipient, user: $n.user, language: $n.language,
                    name: $n.name, date: $n.date, place: $n.place, days: $n.days,
                    moment: $n.moment, lines: $n.lines, mail: $n.mail, attempts: 0,
                    next_try: time::now(), created_at: time::now()
                };
            };
        };
        IF array::len($users) > 0 {
            CREATE change CONTENT {
                kind: $kind, office: '', ids: $users, actor: NONE,
                origin: $origin, at: time::now()
            };
        };"
    .to_string();
    for attempt in 0..WRITE_ATTEMPTS {
        let (batch, listeners) = (rows.clone(), users.clone());
        let origin = app.events.origin().to_string();
        match transact(&app.db, sql.clone(), move |q| {
            q.bind(("rows", batch))
                .bind(("users", listeners))
                .bind(("origin", origin))
                .bind(("kind", crate::live::NOTICE))
        })
        .await
        {
            Ok(()) => {
                if !users.is_empty() {
                    app.events
                        .publish(crate::live::NOTICE, "", users.clone(), None);
                }
                app.notices_waiting.notify_one();
                return Ok(());
            }
            Err(WriteError::Retry) => backoff(attempt).await,
            Err(WriteError::Failed(e)) => return Err(e),
        }
    }
    Err(AppError::Busy)
}

const NOTICE_FIELDS: &str = "record::id(id) AS id, kind, time::format(created_at, '%+') AS \
     created_at, (IF read_at != NONE THEN time::format(read_at, '%+') END) AS read_at, office, \
     duo, name, date, place, days, moment, lines";

/// The notice with the programme's day it was made on.
fn with_day(notice: Notice) -> Notice {
    Notice {
        day: crate::clock::local_day(&notice.created_at),
        ..notice
    }
}

/// The caller's inbox, newest first (the latest [`INBOX_SIZE`]), and how many are unread.
pub async fn inbox(db: &crate::db::Db, who: &Principal) -> Result<Inbox, AppError> {
    let mut resp = db
        .query(format!(
            "SELECT {NOTICE_FIELDS} FROM notice WHERE user = $user
                 ORDER BY created_at DESC LIMIT {INBOX_SIZE};
             SELECT VALUE count() FROM notice WHERE user = $user AND read_at = NONE GROUP ALL;"
        ))
        .bind(("user", who.user.id.clone()))
        .await
        .map_err(read_error)?;
    let notices: Vec<Notice> = rows::<Notice>(&mut resp, 0)?
        .into_iter()
        .map(with_day)
        .collect();
    let unread: Option<u32> = first(&mut resp, 1)?;
    Ok(Inbox {
        notices,
        unread: unread.unwrap_or(0),
    })
}

/// How many of the caller's notices are unread (the bell).
pub async fn unread(db: &crate::db::Db, who: &Principal) -> Result<u32, AppError> {
    let mut resp = db
        .query("SELECT VALUE count() FROM notice WHERE user = $user AND read_at = NONE GROUP ALL")
        .bind(("user", who.user.id.clone()))
        .await
        .map_err(read_error)?;
    Ok(first::<u32>(&mut resp, 0)?.unwrap_or(0))
}

/// Marks one of the caller's notices read; `NotFound` for anyone else's (never "forbidden":
/// that would tell a guesser the notice exists).
pub async fn mark_read(app: &AppState, who: &Principal, id: &str) -> Result<Notice, AppError> {
    if !valid_key(id) {
        return Err(AppError::NotFound);
    }
    let mut resp = app
        .db
        .query(format!(
            "UPDATE type::record('notice', $id) SET read_at = read_at ?? time::now()
                 WHERE user = $user RETURN NONE;
             SELECT {NOTICE_FIELDS} FROM type::record('notice', $id) WHERE user = $user;"
        ))
        .bind(("id", id.to_string()))
        .bind(("user", who.user.id.clone()))
        .await
        .map_err(read_error)?;
    let notice: Option<Notice> = first(&mut resp, 1)?;
    let notice = with_day(notice.ok_or(AppError::NotFound)?);
    announce_to(app, &who.user.id);
    Ok(notice)
}

/// Marks all the caller's notices read.
pub async fn mark_all_read(app: &AppState, who: &Principal) -> Result<(), AppError> {
    app.db
        .query("UPDATE notice SET read_at = time::now() WHERE user = $user AND read_at = NONE RETURN NONE")
        .bind(("user", who.user.id.clone()))
        .await
        .and_then(|r| r.check())
        .map_err(read_error)?;
    announce_to(app, &who.user.id);
    Ok(())
}

/// Tells the account's other screens (this instance) that their inbox changed. Reading is the
/// person's own business: no outbox row, another instance's screen catches up on its next load.
fn announce_to(app: &AppState, user: &str) {
    app.events.publish(
        crate::live::NOTICE,
        "",
        vec![crate::live::record_id("user", user)],
        None,
    );
}

#[derive(Deserialize)]
struct UserPrefs {
    language: Option<String>,
    #[serde(default)]
    mail_off: Vec<String>,
    offices: Vec<String>,
}

fn parse_kinds(codes: &[String]) -> Vec<NoticeKind> {
    codes.iter().filter_map(|c| NoticeKind::parse(c)).collect()
}

/// The language an account is written to in: their choice, else their office's region's.
pub fn account_language(chosen: Option<&str>, offices: &[String]) -> String {
    match chosen {
        Some(l @ ("fr" | "nl" | "en")) => l.to_string(),
        _ => crate::domain::notices::office_language(offices.first().map_or("", |o| o.as_str()))
            .to_string(),
    }
}

/// The caller's email settings.
pub async fn settings(app: &AppState, who: &Principal) -> Result<MailSettings, AppError> {
    let prefs: UserPrefs =
        crate::db::load_one(&app.db, "user", "language, mail_off, offices", &who.user.id).await?;
    let off = parse_kinds(&prefs.mail_off);
    Ok(MailSettings {
        language: account_language(prefs.language.as_deref(), &prefs.offices),
        kinds: NoticeKind::received_by(who.role())
            .into_iter()
            .map(|kind| KindSetting {
                kind,
                essential: kind.essential(),
                mailed: crate::domain::notices::mailed(kind, &off),
            })
            .collect(),
        mail_configured: app.mailer.is_some(),
    })
}

/// Changes the caller's email settings. An essential kind cannot be turned off, nor a kind the
/// caller does not receive: either is refused whole (422), nothing changed.
pub async fn save_settings(
    app: &AppState,
    who: &Principal,
    new: &NewMailSettings,
) -> Result<MailSettings, AppError> {
    if !matches!(new.language.as_str(), "fr" | "nl" | "en") {
        return Err(AppError::invalid("language", Invalid::Unknown));
    }
    let received = NoticeKind::received_by(who.role());
    if new
        .turned_off
        .iter()
        .any(|k| k.essential() || !received.contains(k))
    {
        return Err(AppError::invalid("kind", Invalid::Unknown));
    }
    let mut off: Vec<String> = new
        .turned_off
        .iter()
        .map(|k| k.as_str().to_string())
        .collect();
    off.sort();
    off.dedup();
    app.db
        .query("UPDATE type::record('user', $id) SET language = $language, mail_off = $off RETURN NONE")
        .bind(("id", who.user.id.clone()))
        .bind(("language", new.language.clone()))
        .bind(("off", off))
        .await
        .and_then(|r| r.check())
        .map_err(read_error)?;
    settings(app, who).await
}

/// The latest notices and what became of their emails (administrators).
pub async fn sent(db: &crate::db::Db, who: &Principal) -> Result<Vec<SentNotice>, AppError> {
    if who.role() != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let mut resp = db
        .query(
            "SELECT record::id(id) AS id, kind, office,
                 string::split(recipient, ':')[0] AS recipient_kind, language, mail, attempts,
                 error, time::format(created_at, '%+') AS created_at,
                 (IF sent_at != NONE THEN time::format(sent_at, '%+') END) AS sent_at,
                 (IF mail = 'failed' THEN time::format(next_try, '%+') END) AS next_try
             FROM notice ORDER BY created_at DESC LIMIT 200",
        )
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}
