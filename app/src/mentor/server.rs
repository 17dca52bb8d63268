//! Server half of the mentor's phone.
use crate::auth::server::Principal;
use crate::db::{first, read_error, Db};
use crate::domain::states::DuoState;
use crate::error::AppError;
use crate::mentor::{Contact, MenteeForMentor, MyDuo};
use crate::model::Role;

/// The signed-in mentor's current duo: the one that runs (or is being set up), if any.
pub async fn my_duo(db: &Db, who: &Principal) -> Result<Option<MyDuo>, AppError> {
    if who.user.role != Role::Mentor {
        return Err(AppError::Forbidden);
    }
    let Some(mentor) = who.user.mentor.clone() else {
        return Ok(None);
    };
    // Open duos the mentor may see (never a draft), and those where the mentee's contact
    // details are theirs to have (once the introduction is scheduled).
    let open: Vec<String> = DuoState::open_states()
        .filter(|s| s.seen_by_mentor())
        .map(|s| s.as_str().to_string())
        .collect();
    let contact: Vec<String> = DuoState::ALL
        .iter()
        .filter(|s| s.mentor_sees_contact())
        .map(|s| s.as_str().to_string())
        .collect();
    let mut resp = db
        .query(
            "SELECT record::id(id) AS id, record::id(mentee) AS mentee_id, office, state, started_on,
                 intro_on, intro_place, created_by,
                 {
                     first_name: mentee.first_name,
                     email: IF state IN $contact { mentee.email } ELSE { NONE },
                     phone: IF state IN $contact { mentee.phone } ELSE { NONE },
                     sectors: mentee.sectors, languages: mentee.languages
                 } AS mentee,
                 (IF state IN ['active', 'on_hold'] { 0 } ELSE IF state = 'agreed' { 1 } ELSE { 2 }) AS rank
             FROM duo WHERE mentor = type::record('mentor', $mentor) AND state IN $open
             ORDER BY rank ASC, created_at DESC LIMIT 1;",
        )
        .bind(("mentor", mentor))
        .bind(("open", open))
        .bind(("contact", contact))
        .await
        .map_err(read_error)?;
    #[derive(serde::Deserialize)]
    struct Row {
        id: String,
        mentee_id: String,
        office: String,
        state: DuoState,
        started_on: Option<String>,
        intro_on: Option<String>,
        intro_place: Option<String>,
        created_by: Option<String>,
        mentee: MenteeForMentor,
    }
    let Some(row) = first::<Row>(&mut resp, 0)? else {
        return Ok(None);
    };
    // The coordinator who made the duo, or else one of the office's coordinators.
    let mut resp = db
        .query(
            "LET $maker = IF $by { (SELECT display_name AS name, email FROM ONLY type::record('user', $by)) } ELSE { NONE };
             RETURN $maker ?? (SELECT display_name AS name, email FROM user
                 WHERE role = 'coordinator' AND $office IN offices AND disabled = false
                 ORDER BY display_name LIMIT 1)[0];",
        )
        .bind(("by", row.created_by.clone()))
        .bind(("office", row.office.clone()))
        .await
        .map_err(read_error)?;
    let coordinator = first::<Contact>(&mut resp, 1)?;
    let meetings = crate::duos::life::meetings_of(db, &row.id).await?;
    let goals = crate::duos::follow::goals_of(db, &row.id).await?;
    let intervisions = crate::duos::follow::office_intervisions(db, &row.office).await?;
    let fields: &[&str] = if row.state.mentor_sees_contact() {
        &["first_name", "email", "phone", "sectors", "languages"]
    } else {
        &["first_name", "sectors", "languages"]
    };
    crate::privacy::audit::read(db, who, &format!("mentee:{}", row.mentee_id), fields).await;
    Ok(Some(MyDuo {
        id: row.id,
        state: row.state,
        started_on: row.started_on,
        intro_on: row.intro_on,
        intro_place: row.intro_place,
        mentee: row.mentee,
        meetings,
        goals,
        coordinator,
        intervisions,
    }))
}
