//! Server half of duos: proposing and undoing duos under the programme's invariants (the
//! board's data is read in `board::server`). Each write is one transaction guarded by the
//! records' versions, committed through [`commit_retrying`]: a writer that loses a race re-reads
//! and re-checks the rules, so exactly one of many racing writers wins.
use crate::auth::server::Principal;
use crate::db::{first, list_in_offices, load_one, valid_key, Db, STALE};
use crate::domain::rules::{dissolve_duo as dissolve_rule, propose_duo, MenteeFacts, MentorFacts};
use crate::domain::states::DuoState;
use crate::error::{AppError, Conflict, Invalid};
use crate::live::change::{commit_retrying, ChangeNote};
use crate::model::Duo;
use crate::people::server::{load_mentee, load_mentor};
use crate::state::AppState;

pub const DUO_FIELDS: &str =
    "record::id(id) AS id, record::id(mentee) AS mentee, record::id(mentor) AS mentor, \
     office, state, created_at, created_by, intro_on, intro_place, agreed_on, started_on, \
     ended_on, end_reason, closed_as, version";

/// The duo states that are still open, as stored.
pub(crate) fn open_states() -> Vec<String> {
    DuoState::open_states()
        .map(|s| s.as_str().to_string())
        .collect()
}

/// Drafts a duo of a waiting mentee and a mentor with free capacity, in the caller's office.
/// The draft holds both (no one else takes the mentee or the mentor's place) and is seen by the
/// office's coordinators only, until the matching meeting proposes it.
pub async fn create_duo(
    app: &AppState,
    who: &Principal,
    mentee_id: &str,
    mentor_id: &str,
) -> Result<Duo, AppError> {
    let db = &app.db;
    if !valid_key(mentee_id) {
        return Err(AppError::invalid("mentee", Invalid::Malformed));
    }
    if !valid_key(mentor_id) {
        return Err(AppError::invalid("mentor", Invalid::Malformed));
    }
    let duo_id = commit_retrying(app, || async {
        let mentee = load_mentee(db, mentee_id).await?;
        let mentor = load_mentor(db, mentor_id).await?;
        who.require_people_of(&mentee.office)?;
        who.require_people_of(&mentor.office)?;
        let duo_id = crate::db::new_key();
        let after = match propose_duo(
            &MenteeFacts { office: mentee.office.clone(), state: mentee.state },
            &MentorFacts { office: mentor.office.clone(), state: mentor.state, load: mentor.load, capacity: mentor.capacity },
        ) {
            Ok(after) => after,
            Err(refused) => return Err(name_the_winner(db, refused, &mentee.id, &mentor.id).await),
        };
        let note = ChangeNote {
            // Not a `duo.*` kind: a mentor's stream never hears of a draft.
            kind: "draft.created",
            office: mentee.office.clone(),
            ids: crate::live::duo_ids(&duo_id, &mentee.id, &mentor.id),
            actor: Some(who.user.id.clone()),
        };
        let sql = format!(
                "                 LET $me = type::record('mentee', $mentee);
                 LET $mo = type::record('mentor', $mentor);
                 LET $d = (CREATE ONLY type::record('duo', $duo) CONTENT {{
                     mentee: $me, mentor: $mo, office: $office, state: 'draft', waited_since: $me.waiting_since,
                     created_at: time::now(), updated_at: time::now(), created_by: $by, version: 1
                 }});
                 LET $a = (UPDATE $me SET state = 'proposed', duo = record::id($d.id), version += 1,
                     updated_at = time::now() WHERE version = $mentee_version AND state = 'waiting');
                 IF array::len($a) = 0 {{ THROW '{STALE}' }};
                 LET $b = (UPDATE $mo SET load = $load, state = $mentor_state, version += 1,
                     updated_at = time::now() WHERE version = $mentor_version AND load < capacity);
                 IF array::len($b) = 0 {{ THROW '{STALE}' }};
                 CREATE duo_event CONTENT {{
                     duo: record::id($d.id), kind: 'created', to_state: 'draft', actor: $by, at: time::now()
                 }};"
        );
        let bind_id = duo_id.clone();
        Ok(note.attempt(sql, move |q| {
            q.bind(("duo", bind_id))
                .bind(("mentee", mentee.id))
                .bind(("mentor", mentor.id))
                .bind(("office", mentee.office))
                .bind(("by", who.user.id.clone()))
                .bind(("mentee_version", mentee.version))
                .bind(("mentor_version", mentor.version))
                .bind(("load", i64::from(after.load)))
                .bind(("mentor_state", after.state.as_str().to_string()))
        }).answering(duo_id))
    })
    .await?;
    load_duo(db, &duo_id).await
}

/// Says who made the duo that took the mentee (or the mentor's last place), so the coordinator
/// who lost the race knows whom to talk to.
async fn name_the_winner(db: &Db, refused: AppError, mentee_id: &str, mentor_id: &str) -> AppError {
    let (field, id) = match refused.conflict_reason() {
        Some(Conflict::MenteeNotWaiting) => ("mentee", mentee_id),
        Some(Conflict::MentorFull) => ("mentor", mentor_id),
        _ => return refused,
    };
    let found = db
        .query(format!(
            "LET $by = (SELECT VALUE created_by FROM duo WHERE {field} = type::record($table, $id) AND state IN $open
                 ORDER BY created_at DESC LIMIT 1)[0];
             RETURN IF $by {{ (SELECT VALUE display_name FROM ONLY type::record('user', $by)) }} ELSE {{ NONE }};"
        ))
        .bind(("table", field))
        .bind(("id", id.to_string()))
        .bind(("open", open_states()))
        .await;
    let name = found
        .ok()
        .and_then(|mut r| first::<String>(&mut r, 1).ok().flatten());
    AppError::conflict_by(refused.conflict_reason().unwrap_or(Conflict::Stale), name)
}

/// Takes back a duo that has not started: the mentee waits again, the mentor has room again.
/// The duo is removed (it never started); the event log keeps the trace.
pub async fn dissolve_duo(app: &AppState, who: &Principal, duo_id: &str) -> Result<Duo, AppError> {
    take_back(app, who, duo_id, false, None).await
}

/// [`dissolve_duo`], with the matching meeting's minute on the trace it leaves. `only_draft`
/// refuses a duo that is no longer a draft (the meeting decides about drafts only).
pub(crate) async fn take_back(
    app: &AppState,
    who: &Principal,
    duo_id: &str,
    only_draft: bool,
    minute: Option<String>,
) -> Result<Duo, AppError> {
    let db = &app.db;
    if !valid_key(duo_id) {
        return Err(AppError::NotFound);
    }
    commit_retrying(app, || async {
        let duo = load_duo(db, duo_id).await?;
        who.require_people_of(&duo.office)?;
        if only_draft && duo.state != DuoState::Draft {
            return Err(AppError::conflict(Conflict::Transition));
        }
        let mentor = load_mentor(db, &duo.mentor).await?;
        let after = dissolve_rule(
            duo.state,
            &MentorFacts { office: mentor.office.clone(), state: mentor.state, load: mentor.load, capacity: mentor.capacity },
        )?;
        let note = ChangeNote {
            // A dropped draft was never the mentor's business.
            kind: if duo.state == DuoState::Draft { "draft.dropped" } else { "duo.dissolved" },
            office: duo.office.clone(),
            ids: crate::live::duo_ids(&duo.id, &duo.mentee, &duo.mentor),
            actor: Some(who.user.id.clone()),
        };
        let sql = format!(
                "                 LET $d = type::record('duo', $duo);
                 LET $gone = (DELETE $d WHERE version = $duo_version RETURN BEFORE);
                 IF array::len($gone) = 0 {{ THROW '{STALE}' }};
                 UPDATE type::record('mentee', $mentee) SET state = 'waiting', duo = NONE, version += 1,
                     updated_at = time::now() WHERE duo = $duo;
                 LET $b = (UPDATE type::record('mentor', $mentor) SET load = $load, state = $mentor_state,
                     version += 1, updated_at = time::now() WHERE version = $mentor_version);
                 IF array::len($b) = 0 {{ THROW '{STALE}' }};
                 CREATE duo_event CONTENT {{
                     duo: $duo, kind: 'dissolved', from_state: $from, actor: $by, at: time::now()
                 }};
                 -- The meeting's minute is about the mentee: it goes on their own history, which
                 -- their export, erasure and retention cover (the duo itself is gone).
                 IF $note {{
                     CREATE person_event CONTENT {{
                         person: string::concat('mentee:', $mentee), office: $office, kind: 'step',
                         from_state: 'proposed', to_state: 'waiting',
                         note: $note, date: $day, actor: $by, at: time::now()
                     }};
                 }};"
        );
        let bound = duo.clone();
        let minute = minute.clone();
        Ok(note.attempt(sql, move |q| {
            q.bind(("duo", bound.id))
                .bind(("duo_version", bound.version))
                .bind(("mentee", bound.mentee))
                .bind(("mentor", bound.mentor))
                .bind(("mentor_version", mentor.version))
                .bind(("load", i64::from(after.load)))
                .bind(("mentor_state", after.state.as_str().to_string()))
                .bind(("from", bound.state.as_str().to_string()))
                .bind(("by", who.user.id.clone()))
                .bind(("note", minute))
                .bind(("office", bound.office))
                .bind(("day", crate::clock::today().format("%Y-%m-%d").to_string()))
        }).answering(duo))
    })
    .await
}

/// One duo, without checking who asks (for the services' own reads).
pub async fn load_duo(db: &Db, id: &str) -> Result<Duo, AppError> {
    load_one(db, "duo", DUO_FIELDS, id).await
}

pub async fn get_duo(db: &Db, who: &Principal, id: &str) -> Result<Duo, AppError> {
    let duo = load_duo(db, id).await?;
    require_follows(who, &duo)?;
    Ok(duo)
}

/// Who may follow a duo: its office's coordinators and admins, and its own mentor.
pub fn require_follows(who: &Principal, duo: &Duo) -> Result<(), AppError> {
    // A draft is not yet its mentor's: they get the answer of any duo that is not theirs.
    let own_mentor = who.user.role == crate::model::Role::Mentor
        && who.user.mentor.as_deref() == Some(duo.mentor.as_str())
        && duo.state.seen_by_mentor();
    if own_mentor || who.sees_people_of(&duo.office) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The duos of the caller's offices (or of one), optionally in one state.
pub async fn list_duos(
    db: &Db,
    who: &Principal,
    office: Option<&str>,
    state: Option<&str>,
) -> Result<Vec<Duo>, AppError> {
    let offices = match office.filter(|o| !o.is_empty()) {
        Some(o) => {
            who.require_people_of(o)?;
            vec![o.to_string()]
        }
        None => who.people_offices(),
    };
    if offices.is_empty() {
        return Err(AppError::Forbidden);
    }
    let state = match state.filter(|s| !s.is_empty()) {
        Some(s) => Some(
            DuoState::parse(s)
                .ok_or_else(|| AppError::invalid("state", Invalid::Unknown))?
                .as_str()
                .to_string(),
        ),
        None => None,
    };
    list_in_offices(db, "duo", DUO_FIELDS, offices, state, "created_at DESC").await
}
