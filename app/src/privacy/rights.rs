//! The rights of the person: a copy of everything held (art. 15 and 20) and erasure by
//! anonymisation (art. 17) that leaves the programme's anonymous figures exactly as they were.
use super::audit::{self, Actor, AUDIT};
use super::consent::{history, resolve, resolve_for, PersonRef};
use crate::auth::server::Principal;
use crate::db::{read_error, rows, Db};
use crate::domain::privacy::{PersonKind, ANONYMOUS_FIRST_NAME, ANONYMOUS_LAST_NAME, ERASED_TEXT};
use crate::error::AppError;
use crate::live::change::ChangeNote;
use crate::model::Role;
use crate::state::AppState;
use serde_json::{json, Value};

/// Everything Duo holds about a person, as one JSON document: the record, consents, duos with
/// their timeline, meetings, goals, check-ins and outcomes, the sessions they attended, a linked account (without its
/// password hash) and who has read or changed the record. The export itself is audited.
pub async fn export(db: &Db, who: &Principal, reference: &str) -> Result<Value, AppError> {
    let person = resolve_for(db, who, reference).await?;
    let side = person.kind.table();
    // Each person gets what they said, not what the other said of the duo: the mentor's closing
    // evaluation is the mentor's, the mentee's own answers the mentee's.
    let (omit_other, own_reports) = match person.kind {
        PersonKind::Mentee => ("OMIT mentor_rating, mentor_comment", "TRUE"),
        PersonKind::Mentor => ("", "FALSE"),
    };
    let mut resp = db
        .query(format!(
            "SELECT *, record::id(id) AS id FROM type::record($table, $id);
             LET $duos = (SELECT VALUE record::id(id) FROM duo WHERE {side} = type::record($table, $id));
             SELECT *, record::id(id) AS id, record::id(mentee) AS mentee, record::id(mentor) AS mentor
                 {omit_other} FROM duo WHERE {side} = type::record($table, $id) ORDER BY created_at;
             SELECT *, record::id(id) AS id FROM duo_event WHERE duo IN $duos ORDER BY at;
             SELECT *, record::id(id) AS id FROM meeting WHERE duo IN $duos ORDER BY date;
             SELECT *, record::id(id) AS id FROM goal WHERE duo IN $duos ORDER BY created_at;
             SELECT *, record::id(id) AS id FROM checkin WHERE duo IN $duos ORDER BY due_on;
             SELECT *, record::id(id) AS id FROM outcome WHERE duo IN $duos ORDER BY recorded_at;
             SELECT record::id(id) AS id, email, display_name, role, offices, disabled, created_at
                 FROM user WHERE $table = 'mentor' AND mentor = $id;
             SELECT * OMIT id FROM person_event WHERE person = $record ORDER BY at;
             SELECT session, present, at,
                 (SELECT kind, date, place, (IF module {{ (SELECT VALUE title FROM ONLY type::record('training_module', $parent.module)) }} ELSE {{ NONE }}) AS module
                  FROM ONLY type::record('office_session', $parent.session)) AS details
                 FROM attendance WHERE person = $record ORDER BY at;
             SELECT * OMIT id FROM self_report WHERE {own_reports} AND duo IN $duos ORDER BY answered_at;
             SELECT kind, office, duo, language, mail, created_at, sent_at, read_at FROM notice
                 WHERE duo IN $duos OR recipient = $record ORDER BY created_at;"
        ))
        .bind(("table", side))
        .bind(("id", person.id.clone()))
        .bind(("record", person.record()))
        .await
        .map_err(read_error)?;
    let mut take = |index: usize| rows::<Value>(&mut resp, index);
    let record = take(0)?.into_iter().next().ok_or(AppError::NotFound)?;
    let (duos, timeline, meetings, goals, checkins, outcomes, accounts) = (
        take(2)?,
        take(3)?,
        take(4)?,
        take(5)?,
        take(6)?,
        take(7)?,
        take(8)?,
    );
    let steps = take(9)?;
    let sessions = take(10)?;
    // What the mentee answered through their own links (in a mentee's copy only), and the
    // notices about the person's duos or sent to them (without the links: never stored).
    let (self_reports, notices) = (take(11)?, take(12)?);
    let consents = history(db, &person).await?;
    let accesses = audit::about(db, &person.record()).await?;
    audit::record(db, Actor::User(who), "export", &person.record(), &["*"]).await;
    Ok(json!({
        "kind": side,
        "id": person.id,
        "exported_at": chrono::Utc::now().to_rfc3339(),
        "record": record,
        "consents": consents,
        "duos": duos,
        "timeline": timeline,
        "meetings": meetings,
        "goals": goals,
        "checkins": checkins,
        "outcomes": outcomes,
        "accounts": accounts,
        "steps": steps,
        "sessions": sessions,
        "self_reports": self_reports,
        "notices": notices,
        "accesses": accesses,
    }))
}

/// Erases a person at an administrator's request.
pub async fn erase(app: &AppState, who: &Principal, reference: &str) -> Result<(), AppError> {
    if who.role() != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let person = resolve(&app.db, reference).await?;
    anonymise(app, Actor::User(who), &person).await
}

/// Anonymises a person everywhere: names replaced, contacts, postcode, gender and the verified
/// eligibility criterion removed, every free text of their duos blanked (timeline notes and
/// places, meeting notes, goals and their steps, check-in and outcome notes, the mentor's and
/// the mentee's closing sentences), a mentor's account
/// closed. States, offices, dates and outcome categories stay, so every figure is unchanged.
/// One transaction: nothing half-erased is ever seen. Doing it twice changes nothing more.
pub async fn anonymise(
    app: &AppState,
    actor: Actor<'_>,
    person: &PersonRef,
) -> Result<(), AppError> {
    let side = person.kind.table();
    let eligibility = if person.kind == PersonKind::Mentee {
        "eligibility = NONE,"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE type::record($table, $id) SET first_name = $first, last_name = $last,
            email = NONE, phone = NONE, note = NONE, profile.postcode = NONE, profile.gender = NONE,
            profile.gender_wish = NONE, {eligibility}
            anonymised_at = time::now(), updated_at = time::now(), version += 1;
         LET $duos = (SELECT VALUE record::id(id) FROM duo WHERE {side} = type::record($table, $id));
         -- A mentor's account name stands on what they logged: it goes too.
         LET $accounts = (SELECT VALUE id FROM user WHERE $table = 'mentor' AND mentor = $id);
         LET $names = (SELECT VALUE display_name FROM user WHERE $table = 'mentor' AND mentor = $id);
         -- The mentor's closing sentence may name either of them; their rating stays.
         UPDATE duo SET intro_place = NONE, mentor_comment = NONE WHERE {side} = type::record($table, $id);
         UPDATE person_event SET reason = NONE, note = NONE WHERE person = string::concat($table, ':', $id);
         -- One duo at a time: `duo IN $duos` is not planned right on the compound unique
         -- index of outcomes, and each `duo = $duo` uses the tables' own index.
         FOR $duo IN $duos {{
             UPDATE duo_event SET note = NONE, place = NONE WHERE duo = $duo;
             UPDATE meeting SET note = NONE WHERE duo = $duo;
             UPDATE meeting SET logged_by = $first WHERE duo = $duo AND logged_by IN $names;
             UPDATE checkin SET note = NONE WHERE duo = $duo;
             UPDATE checkin SET done_by = $first WHERE duo = $duo AND done_by IN $names;
             UPDATE outcome SET note = NONE WHERE duo = $duo;
             UPDATE outcome SET recorded_by = $first WHERE duo = $duo AND recorded_by IN $names;
             UPDATE goal SET title = $erased,
                 steps = steps.map(|$s| {{ text: $erased, done: $s.done, done_on: $s.done_on,
                     done_by: IF $s.done_by IN $names {{ $first }} ELSE {{ $s.done_by }} }})
                 WHERE duo = $duo;
             -- Notices name the duo's people: theirs go, and the weekly lists lose the line.
             DELETE notice WHERE duo = $duo;
             -- The mentee's own sentence goes; what they said of their situation stays, as an
             -- outcome does. Links not used yet stop working.
             UPDATE self_report SET comment = NONE WHERE duo = $duo;
             DELETE voice_link WHERE duo = $duo;
         }};
         UPDATE notice SET lines = lines.filter(|$l| $l.duo NOT IN $duos)
             WHERE kind = 'weekly_digest' AND lines.any(|$l| $l.duo IN $duos);
         DELETE notice WHERE kind = 'weekly_digest' AND array::len(lines) = 0;
         DELETE notice WHERE recipient = string::concat($table, ':', $id)
             OR user IN $accounts.map(|$a| record::id($a));
         -- Links not used yet (an invitation would recreate the account, a reset reopen it).
         DELETE account_link WHERE used_at = NONE AND (($table = 'mentor' AND mentor = $id)
             OR user IN $accounts.map(|$a| record::id($a)));
         FOR $account IN $accounts {{
             UPDATE $account SET email = 'erased-' + record::id($account) + '@invalid.example',
                 display_name = $first, disabled = true;
             DELETE session WHERE user = $account;
         }};
         {AUDIT}"
    );
    let note = ChangeNote {
        kind: "person.anonymised",
        office: person.office.clone(),
        ids: vec![person.record()],
        actor: match actor {
            Actor::User(who) => Some(who.user.id.clone()),
            Actor::System(_) => None,
        },
    };
    let record = person.record();
    note.commit(app, &sql, AppError::Busy, |q| {
        let q = q
            .bind(("table", side))
            .bind(("id", person.id.clone()))
            .bind(("first", ANONYMOUS_FIRST_NAME))
            .bind(("last", ANONYMOUS_LAST_NAME))
            .bind(("erased", ERASED_TEXT));
        audit::bind(
            q,
            actor,
            "erase",
            &record,
            &[
                "first_name",
                "last_name",
                "email",
                "phone",
                "profile",
                "eligibility",
                "notes",
            ],
        )
    })
    .await
}
