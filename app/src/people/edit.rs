//! Server half of editing a person's record: a fresh read, the pure patch of
//! [`crate::domain::validation::apply_patch`], one versioned transaction with its audit and outbox
//! rows. Two coordinators saving one record at once: the second is told who saved first, and
//! nothing of the first is lost.
use crate::auth::server::Principal;
use crate::db::{first, valid_key, Db, STALE};
use crate::domain::privacy::PersonKind;
use crate::domain::validation::{apply_patch, Editable, PersonPatch};
use crate::error::{AppError, Conflict};
use crate::live::change::{commit_retrying, ChangeNote};
use crate::model::{Mentee, Mentor, NewPerson};
use crate::people::server::{load_mentee, load_mentor, profile_json};
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::state::AppState;

/// The record as a patch sees it.
struct Current {
    editable: Editable,
    version: i64,
    registered: bool,
    open_duos: u32,
}

async fn current(db: &Db, kind: PersonKind, id: &str) -> Result<Current, AppError> {
    // An erased record is gone for everyone: nothing may be written back onto it.
    let mut resp = db
        .query("SELECT VALUE anonymised_at != NONE FROM type::record($table, $id)")
        .bind(("table", kind.table()))
        .bind(("id", id.to_string()))
        .await
        .map_err(crate::db::read_error)?;
    if first::<bool>(&mut resp, 0)?.unwrap_or(true) {
        return Err(AppError::NotFound);
    }
    Ok(match kind {
        PersonKind::Mentee => {
            let m: Mentee = load_mentee(db, id).await?;
            Current {
                registered: m.state == crate::domain::states::MenteeState::Registered,
                open_duos: u32::from(matches!(
                    m.state,
                    crate::domain::states::MenteeState::Proposed
                        | crate::domain::states::MenteeState::InDuo
                        | crate::domain::states::MenteeState::OnHold
                )),
                version: m.version,
                editable: Editable {
                    person: NewPerson {
                        first_name: m.first_name,
                        last_name: m.last_name,
                        office: m.office,
                        languages: m.languages,
                        sectors: m.sectors,
                        capacity: None,
                        state: None,
                        email: m.email,
                        phone: m.phone,
                        profile: m.profile,
                        note: None,
                    },
                    note: m.note,
                },
            }
        }
        PersonKind::Mentor => {
            let m: Mentor = load_mentor(db, id).await?;
            Current {
                registered: m.state == crate::domain::states::MentorState::Registered,
                open_duos: m.load,
                version: m.version,
                editable: Editable {
                    person: NewPerson {
                        first_name: m.first_name,
                        last_name: m.last_name,
                        office: m.office,
                        languages: m.languages,
                        sectors: m.sectors,
                        capacity: Some(m.capacity),
                        state: None,
                        email: m.email,
                        phone: m.phone,
                        profile: m.profile,
                        note: None,
                    },
                    note: m.note,
                },
            }
        }
    })
}

/// Who saved the record last, for the 409 of a version that moved.
async fn last_saved_by(db: &Db, kind: PersonKind, id: &str) -> Option<String> {
    let mut resp = db
        .query("SELECT VALUE updated_by FROM type::record($table, $id)")
        .bind(("table", kind.table()))
        .bind(("id", id.to_string()))
        .await
        .ok()?;
    first::<Option<String>>(&mut resp, 0)
        .ok()
        .flatten()
        .flatten()
}

/// Applies a patch to a person's record (coordinators of their office, and of the office they
/// move to; administrators).
pub async fn patch(
    app: &AppState,
    who: &Principal,
    kind: PersonKind,
    id: &str,
    patch: &PersonPatch,
) -> Result<(), AppError> {
    let db = &app.db;
    if !valid_key(id) {
        return Err(AppError::NotFound);
    }
    let table = kind.table();
    commit_retrying(app, || async {
        let now = current(db, kind, id).await?;
        who.require_people_of(&now.editable.person.office)?;
        if patch.version.is_some_and(|v| v != now.version) {
            return Err(AppError::conflict_by(
                Conflict::Stale,
                last_saved_by(db, kind, id).await,
            ));
        }
        if kind == PersonKind::Mentee && patch.capacity.is_some() {
            return Err(AppError::invalid(
                "capacity",
                crate::error::Invalid::Unknown,
            ));
        }
        let (person, note, changed) = apply_patch(&now.editable, patch, !now.registered)?;
        if person.office != now.editable.person.office {
            // Moving someone to another office: theirs to manage too, and never mid-duo.
            who.require_people_of(&person.office)?;
            if now.open_duos > 0 {
                return Err(AppError::conflict(Conflict::InDuo));
            }
        }
        let capacity = match kind {
            PersonKind::Mentor => {
                let c = person_capacity(patch, &now);
                if c < now.open_duos {
                    return Err(AppError::conflict(Conflict::MentorFull));
                }
                ", capacity = $capacity"
            }
            PersonKind::Mentee => "",
        };
        let change = ChangeNote {
            kind: match kind {
                PersonKind::Mentee => "mentee.updated",
                PersonKind::Mentor => "mentor.updated",
            },
            office: person.office.clone(),
            ids: vec![crate::live::record_id(table, id)],
            actor: Some(who.user.id.clone()),
        };
        let sql = format!(
            "LET $p = (UPDATE type::record($table, $id) SET first_name = $first_name,
                 last_name = $last_name, office = $office, languages = $languages,
                 sectors = $sectors, email = $email, phone = $phone, note = $note,
                 profile = $profile{capacity}, updated_by = $by, version += 1,
                 updated_at = time::now()
                 WHERE version = $version);
             IF array::len($p) = 0 {{ THROW '{STALE}' }};
             {AUDIT}"
        );
        let capacity = i64::from(person_capacity(patch, &now));
        let record = crate::live::record_id(table, id);
        let version = now.version;
        Ok(change.attempt(sql, move |q| {
            let q = q
                .bind(("table", table))
                .bind(("id", id.to_string()))
                .bind(("version", version))
                .bind(("first_name", person.first_name))
                .bind(("last_name", person.last_name))
                .bind(("office", person.office))
                .bind(("languages", person.languages))
                .bind(("sectors", person.sectors))
                .bind(("email", person.email))
                .bind(("phone", person.phone))
                .bind(("note", note))
                .bind(("profile", profile_json(&person.profile)))
                .bind(("capacity", capacity))
                .bind(("by", who.user.display_name.clone()));
            audit::bind(q, Actor::User(who), "update", &record, &changed)
        }))
    })
    .await
}

fn person_capacity(patch: &PersonPatch, now: &Current) -> u32 {
    patch.capacity.or(now.editable.person.capacity).unwrap_or(1)
}

/// A mentee's patch through the JSON API: the mentee after it.
pub async fn patch_mentee(
    app: &AppState,
    who: &Principal,
    id: &str,
    p: &PersonPatch,
) -> Result<Mentee, AppError> {
    patch(app, who, PersonKind::Mentee, id, p).await?;
    load_mentee(&app.db, id).await
}

/// A mentor's patch through the JSON API: the mentor after it.
pub async fn patch_mentor(
    app: &AppState,
    who: &Principal,
    id: &str,
    p: &PersonPatch,
) -> Result<Mentor, AppError> {
    patch(app, who, PersonKind::Mentor, id, p).await?;
    load_mentor(&app.db, id).await
}

/// Registers a person of either kind; their reference.
pub async fn register(
    app: &AppState,
    who: &Principal,
    kind: PersonKind,
    person: &NewPerson,
) -> Result<String, AppError> {
    let id = match kind {
        PersonKind::Mentee => {
            crate::people::server::create_mentee(app, who, person)
                .await?
                .id
        }
        PersonKind::Mentor => {
            crate::people::server::create_mentor(app, who, person)
                .await?
                .id
        }
    };
    Ok(crate::live::record_id(kind.table(), &id))
}

/// A person's record for the edit form (coordinators of their office and administrators).
pub async fn editable(
    db: &Db,
    who: &Principal,
    reference: &str,
) -> Result<crate::people::EditablePerson, AppError> {
    let person = crate::privacy::consent::resolve_for(db, who, reference).await?;
    let now = current(db, person.kind, &person.id).await?;
    let mut fields = now.editable.person;
    fields.note = now.editable.note;
    Ok(crate::people::EditablePerson {
        kind: person.kind,
        id: person.id,
        version: now.version,
        person: fields,
    })
}

/// Saves the edit form's patch; the record as it now stands.
pub async fn save(
    app: &AppState,
    who: &Principal,
    reference: &str,
    p: &PersonPatch,
) -> Result<crate::people::EditablePerson, AppError> {
    let person = crate::privacy::consent::resolve_for(&app.db, who, reference).await?;
    patch(app, who, person.kind, &person.id, p).await?;
    editable(&app.db, who, reference).await
}
