//! Server half of a duo's life: transitions with their effects on the mentee and the mentor, the
//! timeline, and meetings (idempotent, so a phone that retries after a lost answer logs one).
use crate::auth::server::Principal;
use crate::clock::today;
use crate::db::{first, read_error, rows, valid_key, Db, STALE};
use crate::domain::lifecycle::{
    check_meeting, logs_meetings, plan_transition, valid_idempotency_key, MentorNow, NewMeeting,
    TransitionRequest,
};
use crate::domain::states::DuoState;
use crate::duos::server::{load_duo, require_follows};
use crate::error::{AppError, Conflict, Invalid};
use crate::live::change::{commit_retrying, ChangeNote};
use crate::model::{Duo, Meeting, TimelineEntry};
use crate::people::server::{load_mentee, load_mentor};
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::state::AppState;

/// The duo's own date field that a step sets, if any.
fn date_field(from: DuoState, to: DuoState) -> Option<&'static str> {
    use DuoState::*;
    match to {
        Proposed => Some("proposed_on"),
        IntroScheduled => Some("intro_on"),
        IntroHeld => Some("intro_held_on"),
        Agreed => Some("agreed_on"),
        Active if from == Agreed => Some("started_on"),
        Declined | Completed | EndedEarly => Some("ended_on"),
        _ => None,
    }
}

/// Moves a duo one step along its state machine (coordinators of its office and admins).
pub async fn transition(
    app: &AppState,
    who: &Principal,
    duo_id: &str,
    req: &TransitionRequest,
) -> Result<Duo, AppError> {
    let db = &app.db;
    if !valid_key(duo_id) {
        return Err(AppError::NotFound);
    }
    let today = today();
    commit_retrying(app, || async {
        let duo = load_duo(db, duo_id).await?;
        who.require_people_of(&duo.office)?;
        let mentee = load_mentee(db, &duo.mentee).await?;
        let mentor = load_mentor(db, &duo.mentor).await?;
        let now = MentorNow {
            state: mentor.state,
            load: mentor.load,
            capacity: mentor.capacity,
        };
        let plan = plan_transition(duo.state, mentee.state, now, req, today)?;
        let starts = plan.from == DuoState::Agreed && plan.to == DuoState::Active;
        let mut sets = vec!["state = $to".to_string()];
        if let Some(field) = date_field(plan.from, plan.to) {
            sets.push(format!("{field} = $date"));
        }
        match plan.to {
            DuoState::IntroScheduled => sets.push("intro_place = $place".into()),
            DuoState::Declined | DuoState::Completed | DuoState::EndedEarly => {
                sets.push("closed_as = $to".into());
                sets.push("end_reason = $reason".into());
            }
            // Reopened: no longer closed.
            DuoState::Active if !plan.from.is_open() => {
                sets.push("closed_as = NONE, end_reason = NONE, ended_on = NONE".into());
            }
            _ => {}
        }
        let mentee_sql = match plan.mentee {
            Some(_) => format!(
                "LET $a = (UPDATE type::record('mentee', $mentee) SET state = $mentee_state,
                     version += 1, updated_at = time::now() WHERE version = $mentee_version);
                 IF array::len($a) = 0 {{ THROW '{STALE}' }};"
            ),
            None => String::new(),
        };
        let mentor_sql = match plan.mentor {
            Some(_) => format!(
                "LET $b = (UPDATE type::record('mentor', $mentor) SET state = $mentor_state,
                     load = $load, version += 1, updated_at = time::now()
                     WHERE version = $mentor_version);
                 IF array::len($b) = 0 {{ THROW '{STALE}' }};"
            ),
            None => String::new(),
        };
        let note = ChangeNote {
            kind: "duo.transition",
            office: duo.office.clone(),
            ids: crate::live::duo_ids(&duo.id, &duo.mentee, &duo.mentor),
            actor: Some(who.user.id.clone()),
        };
        let sql = format!(
            "LET $d = (UPDATE type::record('duo', $duo) SET {sets}, version += 1,
                 updated_at = time::now() WHERE version = $duo_version);
             IF array::len($d) = 0 {{ THROW '{STALE}' }};
             {mentee_sql}
             {mentor_sql}
             {plan_checkins}
             CREATE duo_event CONTENT {{
                 duo: $duo, kind: 'transition', from_state: $from, to_state: $to, actor: $actor,
                 at: time::now(), reason: $reason, note: $note, date: $date, place: $place
             }};
             {AUDIT}",
            sets = sets.join(", "),
            // A duo that starts gets its check-ins at 1, 3 and 6 months.
            plan_checkins = if starts {
                crate::duos::follow::PLAN_CHECKINS
            } else {
                ""
            },
        );
        let checkins: Vec<String> = crate::domain::followup::checkin_schedule(plan.date)
            .iter()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect();
        let (mentee_state, (load, mentor_state)) = (
            plan.mentee.unwrap_or(mentee.state),
            plan.mentor.unwrap_or((mentor.load, mentor.state)),
        );
        Ok(note.attempt(sql, move |q| {
            let q = q
                .bind(("duo", duo.id.clone()))
                .bind(("duo_version", duo.version))
                .bind(("from", plan.from.as_str().to_string()))
                .bind(("to", plan.to.as_str().to_string()))
                .bind(("date", plan.date.format("%Y-%m-%d").to_string()))
                .bind(("reason", plan.reason.clone()))
                .bind(("place", plan.place.clone()))
                .bind(("note", plan.note.clone()))
                .bind(("actor", who.user.id.clone()))
                .bind(("mentee", mentee.id.clone()))
                .bind(("mentee_version", mentee.version))
                .bind(("mentee_state", mentee_state.as_str().to_string()))
                .bind(("mentor", mentor.id.clone()))
                .bind(("mentor_version", mentor.version))
                .bind(("mentor_state", mentor_state.as_str().to_string()))
                .bind(("load", i64::from(load)))
                .bind(("office", duo.office.clone()))
                .bind(("checkins", checkins));
            let record = format!("duo:{}", duo.id);
            audit::bind(
                q,
                Actor::User(who),
                "update",
                &record,
                &["state", "reason", "note"],
            )
        }))
    })
    .await?;
    let duo = load_duo(db, duo_id).await?;
    // Both people hear of a proposal and of their introduction's day and place at once.
    if matches!(duo.state, DuoState::Proposed | DuoState::IntroScheduled) {
        crate::notify::sweep::announce_duo(app, &duo.office, &duo.id).await;
    }
    Ok(duo)
}

const MEETING_FIELDS: &str = "record::id(id) AS id, duo, date, minutes, mode, topics, note, \
     logged_by, created_at";

/// The meetings of a duo, newest first (its office's coordinators and its own mentor).
pub async fn meetings(db: &Db, who: &Principal, duo_id: &str) -> Result<Vec<Meeting>, AppError> {
    let duo = load_duo(db, duo_id).await?;
    require_follows(who, &duo)?;
    meetings_of(db, &duo.id).await
}

/// The rows of one duo in a table, for a caller whose access is already checked.
pub(crate) async fn rows_of_duo<T: serde::de::DeserializeOwned>(
    db: &Db,
    select: String,
    duo: &str,
) -> Result<Vec<T>, AppError> {
    let mut resp = db
        .query(select)
        .bind(("duo", duo.to_string()))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// A duo's meetings, newest first, without checking who asks.
pub async fn meetings_of(db: &Db, duo: &str) -> Result<Vec<Meeting>, AppError> {
    let select = format!(
        "SELECT {MEETING_FIELDS} FROM meeting WHERE duo = $duo ORDER BY date DESC, created_at DESC"
    );
    rows_of_duo(db, select, duo).await
}

/// Logs a meeting. With an idempotency key, the same key again answers the meeting it made
/// (`created == false`) instead of making another.
pub async fn log_meeting(
    app: &AppState,
    who: &Principal,
    duo_id: &str,
    input: &NewMeeting,
    key: Option<&str>,
) -> Result<(Meeting, bool), AppError> {
    let db = &app.db;
    let key = match key {
        Some(k) if valid_idempotency_key(k) => k.to_string(),
        Some(_) => return Err(AppError::invalid("idempotency_key", Invalid::Malformed)),
        None => crate::db::new_key(),
    };
    let duo = load_duo(db, duo_id).await?;
    require_follows(who, &duo)?;
    if let Some(done) = meeting_by_key(db, &duo.id, &key).await? {
        return Ok((done, false));
    }
    if !logs_meetings(duo.state) {
        return Err(AppError::conflict(Conflict::NotStarted));
    }
    let meeting = check_meeting(input, today())?;
    let id = crate::db::new_key();
    let note = ChangeNote {
        kind: "meeting.logged",
        office: duo.office.clone(),
        ids: crate::live::duo_ids(&duo.id, &duo.mentee, &duo.mentor),
        actor: Some(who.user.id.clone()),
    };
    let sql = format!(
        "CREATE type::record('meeting', $id) CONTENT {{
             duo: $duo, office: $office, date: $date, minutes: $minutes, mode: $mode,
             topics: $topics, note: $note, key: $key, logged_by: $by, created_at: time::now()
         }};
         UPDATE type::record('duo', $duo) SET last_meeting_on =
             IF last_meeting_on = NONE OR last_meeting_on < $date {{ $date }} ELSE {{ last_meeting_on }};
         {AUDIT}"
    );
    let written = note
        .commit(app, &sql, AppError::Busy, |q| {
            let q = q
                .bind(("id", id.clone()))
                .bind(("duo", duo.id.clone()))
                .bind(("office", duo.office.clone()))
                .bind(("date", meeting.date.format("%Y-%m-%d").to_string()))
                .bind(("minutes", i64::from(meeting.minutes)))
                .bind(("mode", meeting.mode.clone()))
                .bind(("topics", meeting.topics.clone()))
                .bind(("note", meeting.note.clone()))
                .bind(("key", key.clone()))
                .bind(("by", who.user.display_name.clone()));
            let record = format!("duo:{}", duo.id);
            audit::bind(q, Actor::User(who), "create", &record, &["meeting"])
        })
        .await;
    match written {
        Ok(()) => {
            let made = meeting_by_key(db, &duo.id, &key)
                .await?
                .ok_or(AppError::Internal)?;
            Ok((made, true))
        }
        // The same key raced in from another request (the unique index refused this one).
        Err(e) => match meeting_by_key(db, &duo.id, &key).await? {
            Some(done) => Ok((done, false)),
            None => Err(e),
        },
    }
}

async fn meeting_by_key(db: &Db, duo: &str, key: &str) -> Result<Option<Meeting>, AppError> {
    let mut resp = db
        .query(format!(
            "SELECT {MEETING_FIELDS} FROM meeting WHERE duo = $duo AND key = $key LIMIT 1"
        ))
        .bind(("duo", duo.to_string()))
        .bind(("key", key.to_string()))
        .await
        .map_err(read_error)?;
    first(&mut resp, 0)
}

/// A duo's life in order: its steps and its meetings, oldest first.
pub async fn timeline(
    db: &Db,
    who: &Principal,
    duo_id: &str,
) -> Result<Vec<TimelineEntry>, AppError> {
    let duo = load_duo(db, duo_id).await?;
    require_follows(who, &duo)?;
    timeline_of(db, who, &duo).await
}

/// The timeline of a duo whose access is checked; check-ins only for its coordinators.
pub async fn timeline_of(
    db: &Db,
    who: &Principal,
    duo: &crate::model::Duo,
) -> Result<Vec<TimelineEntry>, AppError> {
    let mut resp = db
        .query(
            "SELECT kind, from_state, to_state, reason, place, note, at,
                 (IF to_state = 'intro_scheduled' { NONE } ELSE { date }) AS date,
                 (IF to_state = 'intro_scheduled' { date } ELSE { NONE }) AS scheduled_for,
                 (IF actor { (SELECT VALUE display_name FROM ONLY type::record('user', $parent.actor)) } ELSE { NONE }) AS actor
             FROM duo_event WHERE duo = $duo ORDER BY at ASC;",
        )
        .bind(("duo", duo.id.clone()))
        .await
        .map_err(read_error)?;
    let mut entries: Vec<TimelineEntry> = rows::<serde_json::Value>(&mut resp, 0)?
        .into_iter()
        .map(|mut v| {
            v["meeting"] = serde_json::Value::Null;
            // A step with no date of its own happened on its instant's day in Brussels (not in
            // UTC: after 23:00 or 22:00 UTC it is already tomorrow there).
            if v["date"].as_str().is_none() {
                let day = v["at"].as_str().map(crate::clock::local_day);
                v["date"] = day.map_or(serde_json::Value::Null, serde_json::Value::String);
            }
            serde_json::from_value(v).map_err(|_| AppError::Internal)
        })
        .collect::<Result<_, _>>()?;
    let coordinator = who.sees_people_of(&duo.office);
    // The matching meeting's minute (on the step out of `draft`) is the coordinators' own talk
    // about the two people: the mentor sees that the duo was proposed, not what was said.
    if !coordinator {
        for e in entries
            .iter_mut()
            .filter(|e| e.from_state == Some(DuoState::Draft))
        {
            e.note = None;
        }
    }
    // Check-ins done (coordinators only: they are theirs).
    if coordinator {
        for c in crate::duos::follow::checkins_of(db, &duo.id).await? {
            let Some(done) = c.done_on.clone() else {
                continue;
            };
            entries.push(TimelineEntry {
                kind: "checkin".into(),
                date: done.clone(),
                at: done,
                from_state: None,
                to_state: None,
                reason: c.mood.clone(),
                place: None,
                scheduled_for: None,
                note: c.note.clone(),
                actor: c.done_by.clone(),
                meeting: None,
            });
        }
    }
    for m in meetings_of(db, &duo.id).await? {
        entries.push(TimelineEntry {
            kind: "meeting".into(),
            date: m.date.clone(),
            at: m.created_at.clone(),
            from_state: None,
            to_state: None,
            reason: None,
            place: None,
            scheduled_for: None,
            note: m.note.clone(),
            actor: m.logged_by.clone(),
            meeting: Some(m),
        });
    }
    entries.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.at.cmp(&b.at)));
    Ok(entries)
}
