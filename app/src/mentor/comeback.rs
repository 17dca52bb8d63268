//! Server half of "what next" after a duo: the question a mentor's phone asks once the
//! programme closed their duo, their answer (which moves their state), and the task that brings
//! paused mentors back on the day their pause ends.
use crate::auth::server::Principal;
use crate::clock::today;
use crate::db::{first, read_error, rows, valid_key, Db, STALE};
use crate::domain::comeback::{plan_next, NextAnswer, NextStep};
use crate::domain::states::MentorState;
use crate::error::AppError;
use crate::live::change::{commit_retrying, ChangeNote};
use crate::mentor::{MentorEvaluation, NextQuestion};
use crate::model::Role;
use crate::people::server::load_mentor;
use crate::state::AppState;
use std::time::Duration;

/// How long after its end a closed duo still asks its mentor (then the coordinator takes over).
pub const ASKS_FOR_DAYS: i64 = 60;

fn own_mentor(who: &Principal) -> Result<Option<String>, AppError> {
    if who.user.role != Role::Mentor {
        return Err(AppError::Forbidden);
    }
    Ok(who.user.mentor.clone())
}

/// The question for the signed-in mentor: their latest duo the programme closed in the last
/// [`ASKS_FOR_DAYS`] days that they have not answered about, if any.
pub async fn question(db: &Db, who: &Principal) -> Result<Option<NextQuestion>, AppError> {
    let Some(mentor) = own_mentor(who)? else {
        return Ok(None);
    };
    let since = (today() - chrono::Duration::days(ASKS_FOR_DAYS))
        .format("%Y-%m-%d")
        .to_string();
    let mut resp = db
        .query(
            "SELECT record::id(id) AS duo, state AS closed_as, ended_on,
                 mentee.first_name AS mentee_first_name
             FROM duo WHERE mentor = type::record('mentor', $mentor)
                 AND state IN ['completed', 'ended_early'] AND mentor_next = NONE
                 AND ended_on >= $since
             ORDER BY ended_on DESC LIMIT 1;",
        )
        .bind(("mentor", mentor))
        .bind(("since", since))
        .await
        .map_err(read_error)?;
    first(&mut resp, 0)
}

/// Records the signed-in mentor's answer about their closed duo (what next, and their closing
/// evaluation) and moves their state.
///
/// Drafts are not the mentor's to know of: the answer is planned on their situation as they see
/// it (their load without drafts), nothing in the reply depends on a draft, and a pause or a
/// stop drops the drafts that hold a place of theirs (their mentees wait again), in the same
/// transaction.
pub async fn answer(
    app: &AppState,
    who: &Principal,
    duo_id: &str,
    answer: &NextAnswer,
) -> Result<(), AppError> {
    let db = &app.db;
    let Some(mentor_id) = own_mentor(who)? else {
        return Err(AppError::Forbidden);
    };
    if !valid_key(duo_id) {
        return Err(AppError::NotFound);
    }
    let today = today();
    commit_retrying(app, || async {
        let duo = crate::duos::server::load_duo(db, duo_id).await?;
        // Only their own duo; another's answers as any duo that is not theirs.
        if duo.mentor != mentor_id {
            return Err(AppError::Forbidden);
        }
        let answered = answered(db, duo_id).await?;
        let mentor = load_mentor(db, &mentor_id).await?;
        // Read after the mentor: a new draft bumps the mentor's version, which the write checks.
        let drafts = drafts_of(db, &mentor_id).await?;
        let seen_load = mentor.load.saturating_sub(drafts.len() as u32);
        let seen_state = match mentor.state {
            // Held by drafts alone, they are as free as the close of their duo left them.
            MentorState::Proposed if seen_load < mentor.capacity => MentorState::Available,
            state => state,
        };
        let plan = plan_next(duo.state, answered, seen_state, seen_load, answer, today)?;
        let leaving = plan.next != NextStep::Another;
        let (load, drop_drafts) = if leaving && !drafts.is_empty() {
            (seen_load, DROP_DRAFTS)
        } else {
            (mentor.load, "")
        };
        let state = plan.mentor.unwrap_or(mentor.state);
        let mentor_sql = match plan.mentor {
            Some(to) => format!(
                "{drop_drafts}
                 LET $m = (UPDATE type::record('mentor', $mentor) SET state = $state, load = $load,
                     paused_until = $until, version += 1, updated_at = time::now(){clock}
                     WHERE version = $mentor_version);
                 IF array::len($m) = 0 {{ THROW '{STALE}' }};
                 CREATE person_event CONTENT {{
                     person: $person, office: $office, kind: 'step', from_state: $from,
                     to_state: $state, date: $day, actor: $by, at: time::now()
                 }};",
                clock = match to {
                    MentorState::Available => ", available_since = time::now()",
                    _ => ", available_since = NONE",
                }
            ),
            // A new end to a pause already running, or drafts to drop.
            None if plan.until.is_some() || !drop_drafts.is_empty() => format!(
                "{drop_drafts}
                 LET $m = (UPDATE type::record('mentor', $mentor) SET paused_until = $until ?? paused_until,
                     load = $load, version += 1, updated_at = time::now() WHERE version = $mentor_version);
                 IF array::len($m) = 0 {{ THROW '{STALE}' }};"
            ),
            None => String::new(),
        };
        let sql = format!(
            "LET $d = (UPDATE type::record('duo', $duo) SET mentor_next = $next, mentor_next_on = $day,
                 mentor_rating = $rating, mentor_comment = $comment, version += 1, updated_at = time::now()
                 WHERE version = $duo_version AND mentor_next = NONE);
             IF array::len($d) = 0 {{ THROW '{STALE}' }};
             {mentor_sql}
             CREATE duo_event CONTENT {{
                 duo: $duo, kind: 'mentor_next', actor: $by, at: time::now(), reason: $next, date: $day
             }};"
        );
        let note = ChangeNote {
            kind: "mentor.step",
            office: mentor.office.clone(),
            ids: vec![
                crate::live::record_id("mentor", &mentor.id),
                crate::live::record_id("duo", &duo.id),
            ],
            actor: Some(who.user.id.clone()),
        };
        let (from, until) = (mentor.state, plan.until.map(|d| d.format("%Y-%m-%d").to_string()));
        let (rating, comment) = (plan.evaluation.rating, plan.evaluation.comment);
        Ok(note
            .attempt(sql, move |q| {
                q.bind(("duo", duo.id.clone()))
                    .bind(("duo_version", duo.version))
                    .bind(("next", plan.next.as_str()))
                    .bind(("rating", i64::from(rating)))
                    .bind(("comment", comment.clone()))
                    .bind(("day", today.format("%Y-%m-%d").to_string()))
                    .bind(("mentor", mentor.id.clone()))
                    .bind(("mentor_version", mentor.version))
                    .bind(("person", crate::live::record_id("mentor", &mentor.id)))
                    .bind(("office", mentor.office.clone()))
                    .bind(("from", from.as_str()))
                    .bind(("state", state.as_str()))
                    .bind(("until", until))
                    .bind(("load", i64::from(load)))
                    .bind(("drafts", drafts.clone()))
                    .bind(("by", who.user.id.clone()))
            }))
    })
    .await
}

/// Drops the drafts `$drafts` (keys) of a mentor who is pausing or stopping: each mentee waits
/// again. The mentor's own write (with its version check) follows in the same transaction.
const DROP_DRAFTS: &str = "FOR $key IN $drafts {
         LET $d = type::record('duo', $key);
         UPDATE (SELECT VALUE mentee FROM $d) SET state = 'waiting', duo = NONE, version += 1,
             updated_at = time::now() WHERE duo = $key;
         DELETE $d WHERE state = 'draft';
         CREATE duo_event CONTENT {
             duo: $key, kind: 'dissolved', from_state: 'draft', reason: 'mentor_unavailable',
             actor: $by, at: time::now()
         };
     };";

/// The keys of a mentor's drafts.
async fn drafts_of(db: &Db, mentor: &str) -> Result<Vec<String>, AppError> {
    let mut resp = db
        .query(
            "SELECT VALUE record::id(id) FROM duo
             WHERE mentor = type::record('mentor', $mentor) AND state = 'draft';",
        )
        .bind(("mentor", mentor.to_string()))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// The mentor's closing evaluation of a duo, once given (for its coordinators' page).
pub async fn evaluation_of(db: &Db, duo_id: &str) -> Result<Option<MentorEvaluation>, AppError> {
    let mut resp = db
        .query(
            "SELECT mentor_rating AS rating, mentor_comment AS comment, mentor_next_on AS on
             FROM type::record('duo', $duo) WHERE mentor_rating != NONE;",
        )
        .bind(("duo", duo_id.to_string()))
        .await
        .map_err(read_error)?;
    first(&mut resp, 0)
}

async fn answered(db: &Db, duo_id: &str) -> Result<bool, AppError> {
    let mut resp = db
        .query("RETURN (SELECT VALUE mentor_next FROM ONLY type::record('duo', $duo)) != NONE;")
        .bind(("duo", duo_id.to_string()))
        .await
        .map_err(read_error)?;
    Ok(first::<bool>(&mut resp, 0)?.unwrap_or(false))
}

/// Brings back every paused mentor whose pause ended on or before today: available again, on
/// the board. Each is one versioned write (several instances may run this at once). Answers
/// how many came back.
pub async fn wake_paused(app: &AppState) -> Result<usize, AppError> {
    let day = today().format("%Y-%m-%d").to_string();
    let mut resp = app
        .db
        .query(
            "SELECT VALUE record::id(id) FROM mentor
             WHERE state = 'paused' AND paused_until != NONE AND paused_until <= $day;",
        )
        .bind(("day", day.clone()))
        .await
        .map_err(read_error)?;
    let due: Vec<String> = rows(&mut resp, 0)?;
    let mut back = 0;
    for id in due {
        let woke = commit_retrying(app, || async {
            let mentor = load_mentor(&app.db, &id).await?;
            let note = ChangeNote {
                kind: "mentor.step",
                office: mentor.office.clone(),
                ids: vec![crate::live::record_id("mentor", &mentor.id)],
                actor: None,
            };
            let sql = format!(
                "LET $m = (UPDATE type::record('mentor', $mentor) SET state = 'available',
                     available_since = time::now(), paused_until = NONE, version += 1,
                     updated_at = time::now()
                     WHERE version = $version AND state = 'paused' AND paused_until <= $day);
                 IF array::len($m) = 0 {{ THROW '{STALE}' }};
                 CREATE person_event CONTENT {{
                     person: $person, office: $office, kind: 'step', from_state: 'paused',
                     to_state: 'available', date: $day, at: time::now()
                 }};"
            );
            let (day, office) = (day.clone(), mentor.office.clone());
            Ok(note.attempt(sql, move |q| {
                q.bind(("mentor", mentor.id.clone()))
                    .bind(("version", mentor.version))
                    .bind(("day", day))
                    .bind(("person", crate::live::record_id("mentor", &mentor.id)))
                    .bind(("office", office))
            }))
        })
        .await;
        match woke {
            Ok(()) => back += 1,
            // Someone else moved them first (a coordinator, another instance): nothing to do.
            Err(e) => {
                tracing::info!(mentor = %id, error = %e, "a paused mentor was not brought back")
            }
        }
    }
    Ok(back)
}

/// Runs [`wake_paused`] now and then every `period`, for the server's life.
pub async fn wake_paused_every(app: AppState, period: Duration) {
    loop {
        match wake_paused(&app).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(mentors = n, "paused mentors are available again"),
            Err(e) => tracing::warn!(error = %e, "bringing paused mentors back failed"),
        }
        tokio::time::sleep(period).await;
    }
}
