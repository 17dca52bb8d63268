//! Server half of a person's own steps (intake, eligibility, training, breaks, withdrawal): a
//! fresh read, the pure rule of [`crate::domain::intake`], and one versioned transaction with its
//! timeline row, its audit row and its outbox row. Lost races are retried; a step someone else
//! has just taken is refused with their name.
use crate::auth::server::Principal;
use crate::clock::today;
use crate::db::{first, read_error, rows, valid_key, Db, STALE};
use crate::domain::intake::{
    offered_mentee_steps, offered_mentor_steps, plan_mentee_step, plan_mentor_step, PersonFacts,
    StepRequest,
};
use crate::domain::privacy::PersonKind;
use crate::domain::states::{MenteeState, MentorState};
use crate::error::{AppError, Conflict};
use crate::live::change::{commit_retrying, ChangeNote};
use crate::people::{PersonPath, PersonStep};
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::state::AppState;
use serde::Deserialize;

/// A person as their steps see them.
#[derive(Deserialize)]
struct Current {
    office: String,
    state: String,
    version: i64,
    eligibility_recorded: bool,
    open_duos: i64,
    has_languages: bool,
}

async fn current(db: &Db, kind: PersonKind, id: &str) -> Result<Current, AppError> {
    if !valid_key(id) {
        return Err(AppError::NotFound);
    }
    let (eligibility, open) = match kind {
        PersonKind::Mentee => (
            "eligibility != NONE",
            "count(SELECT VALUE id FROM duo WHERE mentee = $parent.id AND state IN $open)",
        ),
        PersonKind::Mentor => ("false", "load"),
    };
    let open_states: Vec<&str> = crate::domain::states::DuoState::open_states()
        .map(|s| s.as_str())
        .collect();
    let mut resp = db
        .query(format!(
            "SELECT office, state, version, ({eligibility}) AS eligibility_recorded,
                    ({open}) AS open_duos, (array::len(languages) > 0) AS has_languages
             FROM type::record($table, $id) WHERE anonymised_at = NONE"
        ))
        .bind(("table", kind.table()))
        .bind(("id", id.to_string()))
        .bind(("open", open_states))
        .await
        .map_err(read_error)?;
    first(&mut resp, 0)?.ok_or(AppError::NotFound)
}

/// The date fields that follow a person's state: entering the waiting list or becoming
/// available starts the board's clock; leaving them stops it.
fn clock_fields(kind: PersonKind, from: &str, to: &str) -> &'static str {
    match (kind, from, to) {
        // Back from a break by hand: the pause's end date no longer holds.
        (PersonKind::Mentor, "paused", "available") => {
            ", available_since = time::now(), paused_until = NONE"
        }
        (PersonKind::Mentor, "paused", _) => ", paused_until = NONE",
        (PersonKind::Mentee, _, "waiting") => ", waiting_since = time::now()",
        (PersonKind::Mentee, "waiting", _) => ", waiting_since = NONE",
        (PersonKind::Mentor, _, "available") => ", available_since = time::now()",
        (PersonKind::Mentor, "available", _) => ", available_since = NONE",
        _ => "",
    }
}

/// Takes one step of a person's machine (coordinators of their office and administrators).
pub async fn take_step(
    app: &AppState,
    who: &Principal,
    kind: PersonKind,
    id: &str,
    req: &StepRequest,
) -> Result<PersonStep, AppError> {
    let db = &app.db;
    let today = today();
    let table = kind.table();
    let result = commit_retrying(app, || async {
        let person = current(db, kind, id).await?;
        who.require_people_of(&person.office)?;
        let facts = PersonFacts {
            eligibility_recorded: person.eligibility_recorded,
            open_duos: u32::try_from(person.open_duos).unwrap_or(u32::MAX),
            has_languages: person.has_languages,
        };
        let (from, to, date, reason, note) = match kind {
            PersonKind::Mentee => {
                let from = MenteeState::parse(&person.state).ok_or(AppError::Internal)?;
                let p = plan_mentee_step(from, facts, req, today)?;
                (p.from.as_str(), p.to.as_str(), p.date, p.reason, p.note)
            }
            PersonKind::Mentor => {
                let from = MentorState::parse(&person.state).ok_or(AppError::Internal)?;
                let p = plan_mentor_step(from, facts, req, today)?;
                (p.from.as_str(), p.to.as_str(), p.date, p.reason, p.note)
            }
        };
        let change = ChangeNote {
            kind: match kind {
                PersonKind::Mentee => "mentee.step",
                PersonKind::Mentor => "mentor.step",
            },
            office: person.office.clone(),
            ids: vec![crate::live::record_id(table, id)],
            actor: Some(who.user.id.clone()),
        };
        let sql = format!(
            "LET $p = (UPDATE type::record($table, $id) SET state = $to,
                 updated_by = $by, version += 1, updated_at = time::now(){clock}
                 WHERE version = $version);
             IF array::len($p) = 0 {{ THROW '{STALE}' }};
             CREATE person_event CONTENT {{
                 person: $person, office: $office, kind: 'step', from_state: $from, to_state: $to,
                 reason: $reason, note: $note, date: $date, actor: $actor, at: time::now()
             }};
             {AUDIT}",
            clock = clock_fields(kind, from, to),
        );
        let step = PersonStep {
            from_state: from.to_string(),
            to_state: to.to_string(),
            date: date.format("%Y-%m-%d").to_string(),
            reason: reason.clone(),
            note: note.clone(),
            actor: Some(who.user.display_name.clone()),
            at: String::new(),
        };
        let record = crate::live::record_id(table, id);
        let day = step.date.clone();
        let (from, to) = (from.to_string(), to.to_string());
        let version = person.version;
        let office = person.office.clone();
        Ok(change
            .attempt(sql, move |q| {
                let q = q
                    .bind(("table", table))
                    .bind(("id", id.to_string()))
                    .bind(("version", version))
                    .bind(("person", record.clone()))
                    .bind(("office", office))
                    .bind(("from", from))
                    .bind(("to", to))
                    .bind(("reason", reason))
                    .bind(("note", note))
                    .bind(("date", day))
                    .bind(("actor", who.user.id.clone()))
                    .bind(("by", who.user.display_name.clone()));
                audit::bind(
                    q,
                    Actor::User(who),
                    "update",
                    &record,
                    &["state", "reason", "note"],
                )
            })
            .answering(step))
    })
    .await;
    match result {
        // Someone took a step a moment ago and this one no longer fits: say who.
        Err(AppError::Conflict {
            reason: Conflict::Transition,
            by: None,
        }) => Err(AppError::conflict_by(
            Conflict::Transition,
            recent_actor(db, kind, id, req.to.trim()).await,
        )),
        Ok(mut step) => {
            step.at = chrono::Utc::now().to_rfc3339();
            Ok(step)
        }
        other => other,
    }
}

/// Who took this very step a moment ago (the last step, to the same state, within ten
/// minutes): the race this request lost.
async fn recent_actor(db: &Db, kind: PersonKind, id: &str, to: &str) -> Option<String> {
    let mut resp = db
        .query(
            "SELECT VALUE (SELECT VALUE display_name FROM ONLY type::record('user', $parent.actor))
             FROM person_event WHERE person = $person AND at > time::now() - 10m
                 AND to_state = $to
             ORDER BY at DESC LIMIT 1",
        )
        .bind(("person", crate::live::record_id(kind.table(), id)))
        .bind(("to", to.to_string()))
        .await
        .ok()?;
    first::<Option<String>>(&mut resp, 0)
        .ok()
        .flatten()
        .flatten()
}

/// A person's steps, oldest first, for a caller whose access is already checked.
pub async fn steps_of(db: &Db, kind: PersonKind, id: &str) -> Result<Vec<PersonStep>, AppError> {
    let mut resp = db
        .query(
            "SELECT from_state, to_state, date, reason, note, <string> at AS at,
                 (IF actor { (SELECT VALUE display_name FROM ONLY type::record('user', $parent.actor)) } ELSE { NONE }) AS actor
             FROM person_event WHERE person = $person ORDER BY at ASC",
        )
        .bind(("person", crate::live::record_id(kind.table(), id)))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// A person's state, the steps their page offers and their timeline (coordinators of their
/// office and administrators). `reference` is `mentee:key`, `mentor:key` or a bare key.
pub async fn path(db: &Db, who: &Principal, reference: &str) -> Result<PersonPath, AppError> {
    let person = crate::privacy::consent::resolve_for(db, who, reference).await?;
    let now = current(db, person.kind, &person.id).await?;
    let facts = PersonFacts {
        eligibility_recorded: now.eligibility_recorded,
        open_duos: u32::try_from(now.open_duos).unwrap_or(u32::MAX),
        has_languages: now.has_languages,
    };
    let next: Vec<String> = match person.kind {
        PersonKind::Mentee => MenteeState::parse(&now.state)
            .map(|s| offered_mentee_steps(s, facts))
            .unwrap_or_default()
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        PersonKind::Mentor => MentorState::parse(&now.state)
            .map(|s| offered_mentor_steps(s, facts))
            .unwrap_or_default()
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
    };
    Ok(PersonPath {
        kind: person.kind,
        steps: steps_of(db, person.kind, &person.id).await?,
        id: person.id,
        state: now.state,
        next,
        eligibility_recorded: now.eligibility_recorded,
    })
}

/// [`take_step`] for a person named by reference (the page's server function).
pub async fn take_step_of(
    app: &AppState,
    who: &Principal,
    reference: &str,
    req: &StepRequest,
) -> Result<PersonPath, AppError> {
    let person = crate::privacy::consent::resolve_for(&app.db, who, reference).await?;
    take_step(app, who, person.kind, &person.id, req).await?;
    path(&app.db, who, &person.record()).await
}

/// A mentee's step through the JSON API: the mentee after it.
pub async fn step_mentee(
    app: &AppState,
    who: &Principal,
    id: &str,
    req: &StepRequest,
) -> Result<crate::model::Mentee, AppError> {
    take_step(app, who, PersonKind::Mentee, id, req).await?;
    crate::people::server::load_mentee(&app.db, id).await
}

/// A mentor's step through the JSON API: the mentor after it.
pub async fn step_mentor(
    app: &AppState,
    who: &Principal,
    id: &str,
    req: &StepRequest,
) -> Result<crate::model::Mentor, AppError> {
    take_step(app, who, PersonKind::Mentor, id, req).await?;
    crate::people::server::load_mentor(&app.db, id).await
}
