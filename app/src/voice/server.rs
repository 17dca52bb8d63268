//! Server half of the mentee's voice: making links (only their hash is kept), the question a
//! link opens, the answer (once), and the coordinators' confirmation as the outcome.
use super::{SelfReport, VoiceLink, VoiceQuestion};
use crate::auth::server::{new_token, token_key, Principal};
use crate::db::{first, read_error, rows, transact, Db, STALE};
use crate::domain::followup::{Moment, NewOutcome};
use crate::domain::voice::{check_answer, VoiceAnswer, LINK_DAYS};
use crate::duos::server::load_duo;
use crate::error::{AppError, Conflict, Invalid};
use crate::live::change::ChangeNote;
use crate::state::AppState;
use serde::Deserialize;

/// A link's record key: its token's hash. A token that is not one of ours is refused as a
/// link that no longer works (nothing tells a guesser more).
fn link_key(token: &str) -> Result<String, AppError> {
    if token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(token_key(token))
    } else {
        Err(AppError::LinkExpired)
    }
}

/// The link as a QR code, in SVG.
pub fn qr_svg(link: &str) -> String {
    qrcode::QrCode::new(link.as_bytes())
        .map(|code| {
            code.render::<qrcode::render::svg::Color>()
                .min_dimensions(220, 220)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

async fn answered(db: &Db, duo: &str, moment: Moment) -> Result<bool, AppError> {
    let mut resp = db
        .query("SELECT VALUE id FROM self_report WHERE duo = $duo AND moment = $moment")
        .bind(("duo", duo.to_string()))
        .bind(("moment", moment.as_str().to_string()))
        .await
        .map_err(read_error)?;
    Ok(!rows::<serde_json::Value>(&mut resp, 0)?.is_empty())
}

/// Makes a new link for a duo's mentee at `moment`, under `base` (where Duo is reached). Earlier
/// links for that moment keep working (a QR code shown at the last meeting and the email sent the
/// same day both open the page) until one of them is answered: one answer per moment.
/// `None` once the mentee answered for that moment.
pub async fn new_link(
    app: &AppState,
    base: &str,
    duo: &str,
    office: &str,
    moment: Moment,
) -> Result<Option<String>, AppError> {
    if answered(&app.db, duo, moment).await? {
        return Ok(None);
    }
    let token = new_token();
    let sql = format!(
        "CREATE type::record('voice_link', $key) CONTENT {{
             duo: $duo, office: $office, moment: $moment, created_at: time::now(),
             expires_at: time::now() + {LINK_DAYS}d
         }};"
    );
    let (key, duo_id, office, moment_code) = (
        token_key(&token),
        duo.to_string(),
        office.to_string(),
        moment.as_str().to_string(),
    );
    transact(&app.db, sql, move |q| {
        q.bind(("key", key))
            .bind(("duo", duo_id))
            .bind(("office", office))
            .bind(("moment", moment_code))
    })
    .await
    .map_err(|e| e.or(AppError::Busy))?;
    Ok(Some(format!(
        "{}/voice/{token}",
        base.trim_end_matches('/')
    )))
}

/// A link for a coordinator to hand over (copy, or show as a QR code): for a duo that started,
/// at a moment the mentee has not answered yet.
pub async fn issue_link(
    app: &AppState,
    who: &Principal,
    base: &str,
    duo_id: &str,
    moment: &str,
) -> Result<VoiceLink, AppError> {
    let duo = load_duo(&app.db, duo_id).await?;
    who.require_people_of(&duo.office)?;
    let moment =
        Moment::parse(moment).ok_or_else(|| AppError::invalid("moment", Invalid::Unknown))?;
    if duo.started_on.is_none() {
        return Err(AppError::conflict(Conflict::NotStarted));
    }
    let link = new_link(app, base, &duo.id, &duo.office, moment)
        .await?
        .ok_or_else(|| AppError::conflict(Conflict::Answered))?;
    let expires_on = (crate::clock::today() + chrono::Duration::days(LINK_DAYS))
        .format("%Y-%m-%d")
        .to_string();
    Ok(VoiceLink {
        qr_svg: qr_svg(&link),
        link,
        expires_on,
    })
}

#[derive(Deserialize)]
struct LiveLink {
    duo: String,
    office: String,
    moment: Moment,
    mentee: String,
    first_name: String,
}

async fn live_link(db: &Db, key: &str) -> Result<LiveLink, AppError> {
    let mut resp = db
        .query(
            "SELECT duo, office, moment, record::id(type::record('duo', duo).mentee) AS mentee,
                 type::record('duo', duo).mentee.first_name AS first_name
             FROM type::record('voice_link', $key)
             WHERE used_at = NONE AND expires_at > time::now()
                 AND array::len(SELECT VALUE id FROM self_report WHERE duo = $parent.duo AND moment = $parent.moment) = 0",
        )
        .bind(("key", key.to_string()))
        .await
        .map_err(read_error)?;
    first::<LiveLink>(&mut resp, 0)?.ok_or(AppError::LinkExpired)
}

/// What a link's page shows: the first name and the moment; `LinkExpired` for a link used,
/// expired or unknown alike.
pub async fn question(db: &Db, token: &str) -> Result<VoiceQuestion, AppError> {
    let link = live_link(db, &link_key(token)?).await?;
    Ok(VoiceQuestion {
        first_name: link.first_name,
        moment: link.moment,
    })
}

/// Records the mentee's answer and uses the link up, in one transaction: of two answers sent
/// at once, exactly one is kept; the other is told the link no longer works.
pub async fn answer(app: &AppState, token: &str, input: &VoiceAnswer) -> Result<(), AppError> {
    let key = link_key(token)?;
    let link = live_link(&app.db, &key).await?;
    let a = check_answer(link.moment, input)?;
    let note = ChangeNote {
        kind: "self_report.received",
        office: link.office.clone(),
        ids: vec![crate::live::record_id("duo", &link.duo)],
        actor: None,
    };
    let sql = format!(
        "LET $used = (UPDATE type::record('voice_link', $key) SET used_at = time::now()
             WHERE used_at = NONE AND expires_at > time::now());
         IF array::len($used) = 0 {{ THROW '{STALE}' }};
         -- Another link of the same moment was answered first.
         IF array::len(SELECT VALUE id FROM self_report WHERE duo = $duo AND moment = $moment) > 0 {{
             THROW '{STALE}'
         }};
         CREATE self_report CONTENT {{
             duo: $duo, mentee: $mentee, office: $office, moment: $moment, situation: $situation,
             stable: $stable, in_touch: $in_touch, rating: $rating, comment: $comment,
             answered_on: $today, answered_at: time::now()
         }};"
    );
    note.commit(app, &sql, AppError::LinkExpired, |q| {
        q.bind(("key", key.clone()))
            .bind(("duo", link.duo.clone()))
            .bind(("mentee", link.mentee.clone()))
            .bind(("office", link.office.clone()))
            .bind(("moment", link.moment.as_str().to_string()))
            .bind(("situation", a.situation.clone()))
            .bind(("stable", a.stable))
            .bind(("in_touch", a.in_touch))
            .bind(("rating", a.rating.map(i64::from)))
            .bind(("comment", a.comment.clone()))
            .bind((
                "today",
                crate::clock::today().format("%Y-%m-%d").to_string(),
            ))
    })
    .await
}

const REPORT_FIELDS: &str = "record::id(id) AS id, duo, moment, situation, stable, in_touch, \
     rating, comment, answered_on, confirmed_by";

/// What the duo's mentee answered, by moment (the duo's coordinators).
pub async fn reports(db: &Db, who: &Principal, duo_id: &str) -> Result<Vec<SelfReport>, AppError> {
    let duo = load_duo(db, duo_id).await?;
    who.require_people_of(&duo.office)?;
    reports_of(db, &duo.id).await
}

/// A duo's self-reported answers, without checking who asks.
pub async fn reports_of(db: &Db, duo: &str) -> Result<Vec<SelfReport>, AppError> {
    let mut resp = db
        .query(format!(
            "SELECT {REPORT_FIELDS} FROM self_report WHERE duo = $duo ORDER BY answered_at"
        ))
        .bind(("duo", duo.to_string()))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// Confirms what the mentee said as the outcome of that moment (recorded as a coordinator
/// records one, dated the day the mentee answered), so the figures count it.
pub async fn confirm(
    app: &AppState,
    who: &Principal,
    report_id: &str,
) -> Result<SelfReport, AppError> {
    let report: SelfReport =
        crate::db::load_one(&app.db, "self_report", REPORT_FIELDS, report_id).await?;
    let duo = load_duo(&app.db, &report.duo).await?;
    who.require_people_of(&duo.office)?;
    crate::duos::follow::record_outcome(
        app,
        who,
        &duo.id,
        &NewOutcome {
            moment: report.moment.as_str().to_string(),
            situation: report.situation.clone(),
            stable: report.stable,
            date: report.answered_on.clone(),
            note: None,
        },
    )
    .await?;
    app.db
        .query("UPDATE type::record('self_report', $id) SET confirmed_at = time::now(), confirmed_by = $by")
        .bind(("id", report_id.to_string()))
        .bind(("by", who.user.display_name.clone()))
        .await
        .and_then(|r| r.check())
        .map_err(read_error)?;
    crate::db::load_one(&app.db, "self_report", REPORT_FIELDS, report_id).await
}
