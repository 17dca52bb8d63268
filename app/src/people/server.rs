//! Server half of people: recording and reading mentees and mentors, office by office.
use crate::auth::server::Principal;
use crate::db::{list_in_offices, load_one, new_key, Db};
use crate::domain::matching::Profile;
use crate::domain::states::{MenteeState, MentorState};
use crate::domain::validation::{check_note, new_mentee, new_mentor};
use crate::error::{AppError, Invalid};
use crate::live::change::ChangeNote;
use crate::model::{Mentee, Mentor, NewPerson};
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::state::AppState;

/// The projection of a mentee card, shared by the board and the suggestions.
pub const MENTEE_CARD_FIELDS: &str =
    "record::id(id) AS id, first_name, last_name, sectors, languages, profile,
     duration::days(time::now() - (waiting_since ?? created_at)) AS days_waiting,
     (waiting_since ?? created_at) AS since";

pub const MENTEE_FIELDS: &str =
    "record::id(id) AS id, first_name, last_name, office, languages, sectors, \
     state, email, phone, waiting_since, duo, profile, note, created_at, version";
pub const MENTOR_FIELDS: &str =
    "record::id(id) AS id, first_name, last_name, office, languages, sectors, \
     state, capacity, load, email, phone, available_since, profile, note, created_at, version";

/// The personal fields of a mentee's or mentor's record, as the audit log names them.
pub(crate) const PERSON_FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "email",
    "phone",
    "languages",
    "sectors",
    "profile",
    "note",
];

/// A profile as the database takes it (absent options are left out: SurrealDB's `option<>`
/// fields take NONE, not NULL).
pub fn profile_json(profile: &Profile) -> serde_json::Value {
    serde_json::to_value(profile).expect("a profile of plain fields always serialises")
}

/// Records a mentee in one of the caller's offices.
pub async fn create_mentee(
    app: &AppState,
    who: &Principal,
    input: &NewPerson,
) -> Result<Mentee, AppError> {
    let db = &app.db;
    let (p, state) = new_mentee(input)?;
    let intake_note = check_note(&input.note)?;
    who.require_people_of(&p.office)?;
    let waiting_since = if state == MenteeState::Waiting {
        "time::now()"
    } else {
        "NONE"
    };
    let id = new_key();
    let note = ChangeNote {
        kind: "mentee.created",
        office: p.office.clone(),
        ids: vec![crate::live::record_id("mentee", &id)],
        actor: Some(who.user.id.clone()),
    };
    let sql = format!(
        "            CREATE type::record('mentee', $id) CONTENT {{
                first_name: $first_name, last_name: $last_name, office: $office,
                languages: $languages, sectors: $sectors, state: $state,
                email: $email, phone: $phone, waiting_since: {waiting_since}, profile: $profile,
                note: $note,
                created_at: time::now(), updated_at: time::now(), version: 1
            }};
            {AUDIT}"
    );
    note.commit(app, &sql, AppError::Busy, |q| {
        let q = q
            .bind(("id", id.clone()))
            .bind(("first_name", p.first_name))
            .bind(("last_name", p.last_name))
            .bind(("office", p.office))
            .bind(("languages", p.languages))
            .bind(("sectors", p.sectors))
            .bind(("state", state.as_str().to_string()))
            .bind(("email", p.email))
            .bind(("phone", p.phone))
            .bind(("profile", profile_json(&p.profile)))
            .bind(("note", intake_note.clone()));
        audit::bind(
            q,
            Actor::User(who),
            "create",
            &format!("mentee:{id}"),
            PERSON_FIELDS,
        )
    })
    .await?;
    load_mentee(db, &id).await
}

/// Records a mentor in one of the caller's offices.
pub async fn create_mentor(
    app: &AppState,
    who: &Principal,
    input: &NewPerson,
) -> Result<Mentor, AppError> {
    let db = &app.db;
    let (p, state, capacity) = new_mentor(input)?;
    let intake_note = check_note(&input.note)?;
    who.require_people_of(&p.office)?;
    let available_since = if state == MentorState::Available {
        "time::now()"
    } else {
        "NONE"
    };
    let id = new_key();
    let note = ChangeNote {
        kind: "mentor.created",
        office: p.office.clone(),
        ids: vec![crate::live::record_id("mentor", &id)],
        actor: Some(who.user.id.clone()),
    };
    let sql = format!(
        "            CREATE type::record('mentor', $id) CONTENT {{
                first_name: $first_name, last_name: $last_name, office: $office,
                languages: $languages, sectors: $sectors, state: $state,
                capacity: $capacity, load: 0,
                email: $email, phone: $phone, available_since: {available_since}, profile: $profile,
                note: $note,
                created_at: time::now(), updated_at: time::now(), version: 1
            }};
            {AUDIT}"
    );
    note.commit(app, &sql, AppError::Busy, |q| {
        let q = q
            .bind(("id", id.clone()))
            .bind(("first_name", p.first_name))
            .bind(("last_name", p.last_name))
            .bind(("office", p.office))
            .bind(("languages", p.languages))
            .bind(("sectors", p.sectors))
            .bind(("state", state.as_str().to_string()))
            .bind(("capacity", i64::from(capacity)))
            .bind(("email", p.email))
            .bind(("phone", p.phone))
            .bind(("profile", profile_json(&p.profile)))
            .bind(("note", intake_note.clone()));
        audit::bind(
            q,
            Actor::User(who),
            "create",
            &format!("mentor:{id}"),
            PERSON_FIELDS,
        )
    })
    .await?;
    load_mentor(db, &id).await
}

/// Which offices a list covers: the one asked for (if the caller may see it) or all of theirs.
pub(crate) fn list_offices(who: &Principal, office: Option<&str>) -> Result<Vec<String>, AppError> {
    match office.filter(|o| !o.is_empty()) {
        Some(office) => {
            if !crate::domain::reference::is_office(office) {
                return Err(AppError::invalid("office", Invalid::Unknown));
            }
            who.require_people_of(office)?;
            Ok(vec![office.to_string()])
        }
        None => {
            let offices = who.people_offices();
            if offices.is_empty() {
                Err(AppError::Forbidden)
            } else {
                Ok(offices)
            }
        }
    }
}

fn state_filter(
    state: Option<&str>,
    known: impl Fn(&str) -> bool,
) -> Result<Option<String>, AppError> {
    match state.filter(|s| !s.is_empty()) {
        Some(s) if known(s) => Ok(Some(s.to_string())),
        Some(_) => Err(AppError::invalid("state", Invalid::Unknown)),
        None => Ok(None),
    }
}

pub async fn list_mentees(
    db: &Db,
    who: &Principal,
    office: Option<&str>,
    state: Option<&str>,
) -> Result<Vec<Mentee>, AppError> {
    let offices = list_offices(who, office)?;
    let state = state_filter(state, |s| MenteeState::parse(s).is_some())?;
    list_in_offices(
        db,
        "mentee",
        MENTEE_FIELDS,
        offices,
        state,
        "last_name, first_name",
    )
    .await
}

pub async fn list_mentors(
    db: &Db,
    who: &Principal,
    office: Option<&str>,
    state: Option<&str>,
) -> Result<Vec<Mentor>, AppError> {
    let offices = list_offices(who, office)?;
    let state = state_filter(state, |s| MentorState::parse(s).is_some())?;
    list_in_offices(
        db,
        "mentor",
        MENTOR_FIELDS,
        offices,
        state,
        "last_name, first_name",
    )
    .await
}

/// One mentee, without checking who asks (for the services' own reads).
pub async fn load_mentee(db: &Db, id: &str) -> Result<Mentee, AppError> {
    load_one(db, "mentee", MENTEE_FIELDS, id).await
}

/// One mentor, without checking who asks (for the services' own reads).
pub async fn load_mentor(db: &Db, id: &str) -> Result<Mentor, AppError> {
    load_one(db, "mentor", MENTOR_FIELDS, id).await
}

pub async fn get_mentee(db: &Db, who: &Principal, id: &str) -> Result<Mentee, AppError> {
    let mentee = load_mentee(db, id).await?;
    who.require_people_of(&mentee.office)?;
    audit::read(db, who, &format!("mentee:{}", mentee.id), PERSON_FIELDS).await;
    Ok(mentee)
}

pub async fn get_mentor(db: &Db, who: &Principal, id: &str) -> Result<Mentor, AppError> {
    let mentor = load_mentor(db, id).await?;
    who.require_people_of(&mentor.office)?;
    audit::read(db, who, &format!("mentor:{}", mentor.id), PERSON_FIELDS).await;
    Ok(mentor)
}
