//! Registering people for a session and recording who came: a fresh read of the session, the
//! person and their modules, the pure rule of [`crate::domain::sessions`], and one transaction
//! with the attendance row, the mentor's steps through training (timeline rows included), the
//! audit row and the outbox row. A mentor's record is guarded by its version and its training
//! counter, so two modules recorded at once cannot both miss the training's completion.
use super::server::{attendance_key, session_for};
use super::AttendanceResult;
use crate::auth::server::Principal;
use crate::clock::today;
use crate::db::{first, read_error, rows, Db, STALE};
use crate::domain::privacy::PersonKind;
use crate::domain::sessions::{plan_attendance, AttendanceFacts, AttendanceRequest, SessionKind};
use crate::domain::states::MentorState;
use crate::error::AppError;
use crate::live::change::{commit_retrying, ChangeNote};
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::privacy::consent::{resolve, PersonRef};
use crate::state::AppState;
use serde::Deserialize;

/// A person as an attendance sees them.
#[derive(Deserialize)]
struct Current {
    office: String,
    state: String,
    version: i64,
    training_seq: i64,
}

async fn current(db: &Db, kind: PersonKind, id: &str) -> Result<Current, AppError> {
    let mut resp = db
        .query(
            "SELECT office, state, version, training_seq ?? 0 AS training_seq
             FROM type::record($table, $id) WHERE anonymised_at = NONE",
        )
        .bind(("table", kind.table()))
        .bind(("id", id.to_string()))
        .await
        .map_err(read_error)?;
    first(&mut resp, 0)?.ok_or(AppError::NotFound)
}

/// The training modules a mentor attended, this session left out.
async fn modules_attended(db: &Db, person: &str, session: &str) -> Result<Vec<String>, AppError> {
    let mut resp = db
        .query(
            "LET $keys = SELECT VALUE session FROM attendance
                 WHERE person = $person AND present = true AND session != $of_session;
             SELECT VALUE module FROM array::map($keys, |$k| type::record('office_session', $k))
                 WHERE module != NONE;",
        )
        .bind(("person", person.to_string()))
        .bind(("of_session", session.to_string()))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 1)
}

/// A person the caller may see; anyone else is "not found", so a key from another office
/// tells nothing about who is there.
fn visible_person(who: &Principal, person: PersonRef) -> Result<PersonRef, AppError> {
    if who.sees_people_of(&person.office) {
        Ok(person)
    } else {
        Err(AppError::NotFound)
    }
}

/// Registers a person for a session (`present` absent: registering again keeps what is
/// recorded) or records whether they came.
pub async fn record(
    app: &AppState,
    who: &Principal,
    session_id: &str,
    req: &AttendanceRequest,
) -> Result<AttendanceResult, AppError> {
    let db = &app.db;
    let session = session_for(db, who, session_id).await?;
    let person = visible_person(who, resolve(db, &req.person).await?)?;
    let record = person.record();
    let session_kind = session.kind;
    let session_date = chrono::NaiveDate::parse_from_str(&session.date, "%Y-%m-%d")
        .map_err(|_| AppError::Internal)?;
    commit_retrying(app, || async {
        let now = current(db, person.kind, &person.id).await?;
        let mentor_state = match person.kind {
            PersonKind::Mentee => None,
            PersonKind::Mentor => Some(MentorState::parse(&now.state).ok_or(AppError::Internal)?),
        };
        let (modules, attended) = if session_kind == SessionKind::Training {
            let modules: Vec<String> = super::server::modules_of(db, &session.office)
                .await?
                .into_iter()
                .map(|m| m.id)
                .collect();
            (modules, modules_attended(db, &record, &session.id).await?)
        } else {
            (vec![], vec![])
        };
        let facts = AttendanceFacts {
            session_kind,
            session_date,
            session_office: session.office.clone(),
            person_kind: person.kind,
            person_office: now.office.clone(),
            mentor_state,
            modules,
            attended,
            session_module: session.module.clone(),
        };
        let plan = plan_attendance(&facts, req.present, today())?;
        let steps: Vec<(String, String)> = plan
            .steps
            .iter()
            .map(|(from, to)| (from.as_str().to_string(), to.as_str().to_string()))
            .collect();
        let state_after = steps.last().map(|s| s.1.clone()).unwrap_or(now.state.clone());
        // A mentor's record is the guard: its training counter moves with every attendance,
        // its version only when the state does.
        let guard = match person.kind {
            PersonKind::Mentee => String::new(),
            PersonKind::Mentor => {
                let moves = if steps.is_empty() {
                    String::new()
                } else {
                    let available = if state_after == "available" {
                        ", available_since = time::now()"
                    } else {
                        ""
                    };
                    format!(
                        ", state = $state_after, version += 1, updated_by = $by,
                         updated_at = time::now(){available}"
                    )
                };
                format!(
                    "LET $p = (UPDATE type::record('mentor', $pkey) SET training_seq = $seq + 1{moves}
                         WHERE version = $version AND (training_seq ?? 0) = $seq);
                     IF array::len($p) = 0 {{ THROW '{STALE}' }};
                     FOR $s IN $steps {{
                         CREATE person_event CONTENT {{
                             person: $person, office: $office, kind: 'training',
                             from_state: $s[0], to_state: $s[1], reason: $module_title,
                             note: NONE, date: $day, actor: $actor, at: time::now()
                         }};
                     }};"
                )
            }
        };
        let sql = format!(
            "{guard}
             UPSERT type::record('attendance', $key) SET session = $of_session, person = $person,
                 person_kind = $person_kind, person_key = $pkey, office = $office,
                 present = $present ?? present, recorded_by = $actor, at = time::now();
             {AUDIT}"
        );
        let change = ChangeNote {
            kind: if steps.is_empty() {
                "session.attendance"
            } else {
                "mentor.step"
            },
            office: session.office.clone(),
            ids: vec![format!("office_session:{}", session.id), record.clone()],
            actor: Some(who.user.id.clone()),
        };
        let result = AttendanceResult {
            person: record.clone(),
            present: req.present,
            state: state_after.clone(),
            steps: steps.iter().map(|s| s.1.clone()).collect(),
        };
        let key = attendance_key(&session.id, person.kind, &person.id);
        let (version, seq) = (now.version, now.training_seq);
        let (record, office) = (record.clone(), session.office.clone());
        let (session_key, module_title) = (session.id.clone(), session.module_title.clone());
        let (pkey, pkind, present) = (person.id.clone(), person.kind.table(), req.present);
        // The steps happened on the session's day, whenever the attendance is recorded.
        let session_day = session.date.clone();
        Ok(change
            .attempt(sql, move |q| {
                let q = q
                    .bind(("key", key))
                    .bind(("of_session", session_key))
                    .bind(("person", record.clone()))
                    .bind(("person_kind", pkind))
                    .bind(("pkey", pkey))
                    .bind(("office", office))
                    .bind(("present", present))
                    .bind(("actor", who.user.id.clone()))
                    .bind(("by", who.user.display_name.clone()))
                    .bind(("version", version))
                    .bind(("seq", seq))
                    .bind(("steps", steps))
                    .bind(("state_after", state_after))
                    .bind(("module_title", module_title))
                    .bind(("day", session_day));
                audit::bind(q, Actor::User(who), "update", &record, &["attendance", "state"])
            })
            .answering(result))
    })
    .await
}

/// Takes a person off a session's list (registered by mistake), as long as their attendance
/// is not recorded.
pub async fn unregister(
    app: &AppState,
    who: &Principal,
    session_id: &str,
    reference: &str,
) -> Result<(), AppError> {
    // The session's office is the scope: someone who has since moved office can still be
    // taken off a list of their former office.
    let session = session_for(&app.db, who, session_id).await?;
    let person = resolve(&app.db, reference).await?;
    let key = attendance_key(&session.id, person.kind, &person.id);
    let record = person.record();
    let note = ChangeNote {
        kind: "session.attendance",
        office: session.office.clone(),
        ids: vec![format!("office_session:{}", session.id), record.clone()],
        actor: Some(who.user.id.clone()),
    };
    let mut resp = app
        .db
        .query("SELECT present FROM type::record('attendance', $key)")
        .bind(("key", key.clone()))
        .await
        .map_err(read_error)?;
    #[derive(Deserialize)]
    struct Row {
        present: Option<bool>,
    }
    match first::<Row>(&mut resp, 0)? {
        None => return Err(AppError::NotFound),
        // What happened is corrected (present or absent), not erased: a mentor's steps may
        // rest on it.
        Some(Row { present: Some(_) }) => {
            return Err(AppError::conflict(
                crate::error::Conflict::AttendanceRecorded,
            ))
        }
        Some(Row { present: None }) => {}
    }
    let sql = format!("DELETE type::record('attendance', $key) WHERE present = NONE;\n{AUDIT}");
    note.commit(app, &sql, AppError::Busy, |q| {
        let q = q.bind(("key", key));
        audit::bind(q, Actor::User(who), "update", &record, &["attendance"])
    })
    .await
}
