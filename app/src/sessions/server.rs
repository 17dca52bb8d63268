//! Server half of sessions: an office's training modules, its sessions, one session with the
//! people registered for it, and a person's sessions. Recording attendance lives in
//! [`super::attendance`].
use super::{
    Attendee, OfficeSessions, PersonSession, PersonSessions, Session, SessionDetail, TrainingModule,
};
use crate::auth::server::Principal;
use crate::clock::today;
use crate::db::{first, new_key, read_error, rows, valid_key, Db};
use crate::domain::lifecycle::DAYS_BACK_MAX;
use crate::domain::privacy::PersonKind;
use crate::domain::reference::is_office;
use crate::domain::sessions::{
    check_module_titles, check_new_session, training_progress, NewSession,
};
use crate::error::AppError;
use crate::live::change::ChangeNote;
use crate::model::Role;
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::state::AppState;
use serde::Deserialize;

/// The projection of a session, counts included.
pub(super) const SESSION_FIELDS: &str = "record::id(id) AS id, office, kind, module,
    (IF module { (SELECT VALUE title FROM ONLY type::record('training_module', $parent.module)) } ELSE { NONE }) AS module_title,
    date, start_time AS time, place,
    count(SELECT VALUE id FROM attendance WHERE session = record::id($parent.id)) AS registered,
    count(SELECT VALUE id FROM attendance WHERE session = record::id($parent.id) AND present = true) AS present";

/// An office the caller may see the people of, or why not.
fn office_for(who: &Principal, office: &str) -> Result<(), AppError> {
    if !is_office(office) {
        return Err(AppError::NotFound);
    }
    who.require_people_of(office)
}

/// The office's active training modules, in order.
pub async fn modules_of(db: &Db, office: &str) -> Result<Vec<TrainingModule>, AppError> {
    let mut resp = db
        .query(
            "SELECT record::id(id) AS id, title, position FROM training_module
             WHERE office = $office AND active = true ORDER BY position",
        )
        .bind(("office", office.to_string()))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// The modules of an office (coordinators of the office and administrators).
pub async fn modules(
    db: &Db,
    who: &Principal,
    office: &str,
) -> Result<Vec<TrainingModule>, AppError> {
    office_for(who, office)?;
    modules_of(db, office).await
}

#[derive(Deserialize)]
struct StoredModule {
    id: String,
    title: String,
}

/// Sets an office's training, in order (administrators). A title already known (case aside)
/// keeps its module, so attendance recorded for it still counts; a module left out is retired,
/// kept for the history of who attended it.
pub async fn set_modules(
    app: &AppState,
    who: &Principal,
    office: &str,
    titles: &[String],
) -> Result<Vec<TrainingModule>, AppError> {
    if !is_office(office) {
        return Err(AppError::NotFound);
    }
    if who.role() != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let titles = check_module_titles(titles)?;
    let mut resp = app
        .db
        .query("SELECT record::id(id) AS id, title FROM training_module WHERE office = $office")
        .bind(("office", office.to_string()))
        .await
        .map_err(read_error)?;
    let stored: Vec<StoredModule> = rows(&mut resp, 0)?;
    let mut plan: Vec<(String, String, i64)> = Vec::new();
    for (n, title) in titles.iter().enumerate() {
        let id = stored
            .iter()
            .find(|s| s.title.to_lowercase() == title.to_lowercase())
            .map(|s| s.id.clone())
            .unwrap_or_else(new_key);
        plan.push((id, title.clone(), n as i64 + 1));
    }
    let kept: Vec<String> = plan.iter().map(|(id, _, _)| id.clone()).collect();
    let note = ChangeNote {
        kind: "office.modules",
        office: office.to_string(),
        ids: vec![format!("office:{office}")],
        actor: Some(who.user.id.clone()),
    };
    let sql = format!(
        "UPDATE training_module SET active = false WHERE office = $office AND record::id(id) NOTINSIDE $kept;
         FOR $m IN $plan {{
             UPSERT type::record('training_module', $m[0]) SET office = $office, title = $m[1],
                 position = $m[2], active = true;
         }};
         {AUDIT}"
    );
    let record = format!("office:{office}");
    note.commit(app, &sql, AppError::Busy, |q| {
        let q = q
            .bind(("office", office.to_string()))
            .bind(("kept", kept))
            .bind(("plan", plan));
        audit::bind(
            q,
            Actor::User(who),
            "update",
            &record,
            &["training_modules"],
        )
    })
    .await?;
    modules_of(&app.db, office).await
}

/// The earliest day a session list shows.
fn since_day() -> String {
    (today() - chrono::Days::new(DAYS_BACK_MAX as u64))
        .format("%Y-%m-%d")
        .to_string()
}

/// An office's sessions: the upcoming ones soonest first, then the past ones latest first.
pub async fn sessions_of(db: &Db, who: &Principal, office: &str) -> Result<Vec<Session>, AppError> {
    office_for(who, office)?;
    let mut resp = db
        .query(format!(
            "SELECT {SESSION_FIELDS} FROM office_session
             WHERE office = $office AND date >= $since ORDER BY date, time"
        ))
        .bind(("office", office.to_string()))
        .bind(("since", since_day()))
        .await
        .map_err(read_error)?;
    let all: Vec<Session> = rows(&mut resp, 0)?;
    let today = today().format("%Y-%m-%d").to_string();
    let (upcoming, mut past): (Vec<Session>, Vec<Session>) =
        all.into_iter().partition(|s| s.date >= today);
    past.reverse();
    Ok(upcoming.into_iter().chain(past).collect())
}

/// The sessions page: an office's modules and sessions (the caller's first office by default).
pub async fn office_sessions(
    db: &Db,
    who: &Principal,
    office: Option<String>,
) -> Result<OfficeSessions, AppError> {
    let office = who.office_or_first(office)?;
    Ok(OfficeSessions {
        sessions: sessions_of(db, who, &office).await?,
        modules: modules_of(db, &office).await?,
        offices: who.people_offices(),
        may_edit_modules: who.role() == Role::Admin,
        today: today().format("%Y-%m-%d").to_string(),
        office,
    })
}

/// Schedules a session in an office (coordinators of the office and administrators).
pub async fn schedule(
    app: &AppState,
    who: &Principal,
    office: &str,
    input: &NewSession,
) -> Result<Session, AppError> {
    office_for(who, office)?;
    let modules: Vec<String> = modules_of(&app.db, office)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let plan = check_new_session(input, &modules, today())?;
    let id = new_key();
    let record = format!("office_session:{id}");
    let note = ChangeNote {
        kind: "session.scheduled",
        office: office.to_string(),
        ids: vec![record.clone()],
        actor: Some(who.user.id.clone()),
    };
    let sql = format!(
        "CREATE type::record('office_session', $id) CONTENT {{
             office: $office, kind: $kind, module: $module, date: $date, start_time: $time,
             place: $place, created_by: $by, created_at: time::now()
         }};
         {AUDIT}"
    );
    note.commit(app, &sql, AppError::Busy, |q| {
        let q = q
            .bind(("id", id.clone()))
            .bind(("office", office.to_string()))
            .bind(("kind", plan.kind.as_str()))
            .bind(("module", plan.module.clone()))
            .bind(("date", plan.date.format("%Y-%m-%d").to_string()))
            .bind(("time", plan.time.clone()))
            .bind(("place", plan.place.clone()))
            .bind(("by", who.user.id.clone()));
        audit::bind(
            q,
            Actor::User(who),
            "create",
            &record,
            &["kind", "date", "place"],
        )
    })
    .await?;
    load_session(&app.db, &id).await
}

/// A session by key, whoever asks (callers check access).
pub(super) async fn load_session(db: &Db, id: &str) -> Result<Session, AppError> {
    if !valid_key(id) {
        return Err(AppError::NotFound);
    }
    let mut resp = db
        .query(format!(
            "SELECT {SESSION_FIELDS} FROM type::record('office_session', $id)"
        ))
        .bind(("id", id.to_string()))
        .await
        .map_err(read_error)?;
    first(&mut resp, 0)?.ok_or(AppError::NotFound)
}

/// A session the caller may see (coordinators of its office and administrators).
pub async fn session_for(db: &Db, who: &Principal, id: &str) -> Result<Session, AppError> {
    let session = load_session(db, id).await?;
    who.require_people_of(&session.office)?;
    Ok(session)
}

/// A session and the people registered for it, by name.
pub async fn detail(db: &Db, who: &Principal, id: &str) -> Result<SessionDetail, AppError> {
    let session = session_for(db, who, id).await?;
    let mut resp = db
        .query(
            "SELECT person, present,
                 (SELECT first_name, last_name, state
                  FROM ONLY type::record($parent.person_kind, $parent.person_key)) AS who
             FROM attendance WHERE session = $of_session ORDER BY at",
        )
        .bind(("of_session", session.id.clone()))
        .await
        .map_err(read_error)?;
    #[derive(Deserialize)]
    struct Row {
        person: String,
        present: Option<bool>,
        who: Option<Names>,
    }
    #[derive(Deserialize)]
    struct Names {
        first_name: String,
        last_name: String,
        state: String,
    }
    let rows: Vec<Row> = rows(&mut resp, 0)?;
    let mut attendees: Vec<Attendee> = rows
        .into_iter()
        .filter_map(|r| {
            let kind = PersonKind::parse(r.person.split(':').next()?)?;
            let names = r.who?;
            Some(Attendee {
                person: r.person,
                kind,
                first_name: names.first_name,
                last_name: names.last_name,
                state: names.state,
                present: r.present,
            })
        })
        .collect();
    attendees.sort_by(|a, b| {
        (a.last_name.to_lowercase(), a.first_name.to_lowercase())
            .cmp(&(b.last_name.to_lowercase(), b.first_name.to_lowercase()))
    });
    let held = session.date <= today().format("%Y-%m-%d").to_string();
    Ok(SessionDetail {
        session,
        attendees,
        held,
    })
}

/// A person's sessions, latest first, and a mentor's progress through their office's training.
pub async fn of_person(
    db: &Db,
    who: &Principal,
    reference: &str,
) -> Result<PersonSessions, AppError> {
    let person = crate::privacy::consent::resolve_for(db, who, reference).await?;
    let mut resp = db
        .query(format!(
            "LET $keys = SELECT VALUE session FROM attendance WHERE person = $person;
             SELECT {SESSION_FIELDS}, (SELECT VALUE present FROM ONLY type::record('attendance',
                     record::id($parent.id) + '_' + $person_key)) AS attended
             FROM array::map($keys, |$k| type::record('office_session', $k));"
        ))
        .bind(("person", person.record()))
        .bind(("person_key", attendance_suffix(person.kind, &person.id)))
        .await
        .map_err(read_error)?;
    #[derive(Deserialize)]
    struct Row {
        #[serde(flatten)]
        session: Session,
        attended: Option<bool>,
    }
    let mut found: Vec<Row> = rows(&mut resp, 1)?;
    // Latest first (sorted here: the rows come from a list of records, not a table).
    found.sort_by(|a, b| {
        (&b.session.date, &b.session.time).cmp(&(&a.session.date, &a.session.time))
    });
    let sessions: Vec<PersonSession> = found
        .into_iter()
        .map(|r| PersonSession {
            session: r.session,
            present: r.attended,
        })
        .collect();
    let training = match person.kind {
        PersonKind::Mentee => None,
        PersonKind::Mentor => {
            let modules = modules_of(db, &person.office).await?;
            let attended: Vec<String> = sessions
                .iter()
                .filter(|s| s.present == Some(true))
                .filter_map(|s| s.session.module.clone())
                .collect();
            let ids: Vec<String> = modules.iter().map(|m| m.id.clone()).collect();
            let progress = training_progress(&ids, &attended, None);
            Some(
                modules
                    .into_iter()
                    .zip(progress.modules)
                    .map(|(m, (_, done))| (m.title, done))
                    .collect(),
            )
        }
    };
    Ok(PersonSessions { sessions, training })
}

/// The part of an attendance's key after the session's: one row per session and person.
pub(super) fn attendance_suffix(kind: PersonKind, id: &str) -> String {
    format!("{}_{}", kind.table(), id)
}

/// The key of a person's attendance of a session (the demo data writes the same shape).
pub(super) fn attendance_key(session: &str, kind: PersonKind, id: &str) -> String {
    format!("{session}_{}", attendance_suffix(kind, id))
}
