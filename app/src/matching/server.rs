//! Server half of matching: suggestions and slates from the board's data, the office's weights,
//! and the matching profile that intake records.
use crate::auth::server::Principal;
use crate::db::{first, read_error, Db, STALE};
use crate::domain::matching::{check_profile, Profile, Weights};
use crate::domain::slate::Slate;
use crate::error::{AppError, Conflict, Invalid};
use crate::live::change::ChangeNote;
use crate::matching::{Pool, Suggestion};
use crate::model::MenteeCard;
use crate::people::server::{load_mentee, load_mentor, profile_json, MENTEE_CARD_FIELDS};
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::state::AppState;

/// Sets an office's weights: its coordinators and admins may.
pub async fn save_weights(
    app: &AppState,
    who: &Principal,
    office: &str,
    weights: Weights,
) -> Result<Weights, AppError> {
    if !crate::domain::reference::is_office(office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    who.require_people_of(office)?;
    if !weights.is_valid() {
        return Err(AppError::invalid("weights", Invalid::OutOfRange));
    }
    let note = ChangeNote {
        kind: "office.weights",
        office: office.to_string(),
        ids: vec![crate::live::record_id("office", office)],
        actor: Some(who.user.id.clone()),
    };
    let value = serde_json::to_value(weights).expect("weights of plain numbers always serialise");
    let sql = "UPDATE type::record('office', $office) SET match_weights = $weights;";
    note.commit(app, sql, AppError::Busy, |q| {
        q.bind(("office", office.to_string()))
            .bind(("weights", value))
    })
    .await?;
    Ok(weights)
}

/// Whose matching profile is edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Mentee,
    Mentor,
}

/// Replaces a person's matching profile. With `version`, refuses if the record changed since the
/// form was opened (someone else saved first).
pub async fn save_profile(
    app: &AppState,
    who: &Principal,
    side: Side,
    id: &str,
    profile: &Profile,
    version: Option<i64>,
) -> Result<Profile, AppError> {
    let profile = check_profile(profile)?;
    let (table, office, current) = match side {
        Side::Mentee => {
            let m = load_mentee(&app.db, id).await?;
            ("mentee", m.office, m.version)
        }
        Side::Mentor => {
            let m = load_mentor(&app.db, id).await?;
            ("mentor", m.office, m.version)
        }
    };
    who.require_people_of(&office)?;
    if version.is_some_and(|v| v != current) {
        return Err(AppError::conflict(Conflict::Stale));
    }
    let note = ChangeNote {
        kind: if side == Side::Mentee {
            "mentee.updated"
        } else {
            "mentor.updated"
        },
        office,
        ids: vec![crate::live::record_id(table, id)],
        actor: Some(who.user.id.clone()),
    };
    let sql = format!(
        "LET $u = (UPDATE type::record($table, $id)
             SET profile = $profile, version += 1, updated_at = time::now()
             WHERE version = $version);
         IF array::len($u) = 0 {{ THROW '{STALE}' }};
         {AUDIT}
"
    );
    let record = format!("{table}:{id}");
    note.commit(app, &sql, AppError::conflict(Conflict::Stale), |q| {
        let q = q
            .bind(("table", table))
            .bind(("id", id.to_string()))
            .bind(("version", current))
            .bind(("profile", profile_json(&profile)));
        audit::bind(q, Actor::User(who), "update", &record, &["profile"])
    })
    .await?;
    Ok(profile)
}

/// The best mentors of the mentee's office for this mentee, best first, at most `limit`. The
/// office's whole pool is read and ranked: a computation (see [`crate::heavy`]).
pub async fn suggestions(
    db: &Db,
    who: &Principal,
    mentee_id: &str,
    limit: usize,
) -> Result<Vec<Suggestion>, AppError> {
    let mentee = load_mentee(db, mentee_id).await?;
    who.require_people_of(&mentee.office)?;
    let (db, who) = (db.clone(), who.clone());
    crate::heavy::run_async(move || async move {
        let board = crate::board::server::board(&db, &who, &mentee.office).await?;
        let card = match board.mentees.iter().find(|m| m.id == mentee.id) {
            Some(card) => card.clone(),
            // Not on the waiting list (a rematch being prepared, say): read the same card.
            None => {
                let mut resp = db
                    .query(format!(
                        "SELECT {MENTEE_CARD_FIELDS} FROM type::record('mentee', $id)"
                    ))
                    .bind(("id", mentee.id.clone()))
                    .await
                    .map_err(read_error)?;
                first::<MenteeCard>(&mut resp, 0)?.ok_or(AppError::NotFound)?
            }
        };
        crate::heavy::in_background(move || {
            let mut ranking = Pool::of(&board).rank(&card);
            ranking.suggestions.truncate(limit);
            ranking.suggestions
        })
        .await
    })
    .await?
}

/// The optimal slate of an office (a proposal: nothing is written). Its read of the office's
/// whole pool and the solver (seconds on a large office) are a computation, a few at a time.
pub async fn slate(db: &Db, who: &Principal, office: &str) -> Result<Slate, AppError> {
    // Refused before a place is taken (the read below checks the same).
    if !crate::domain::reference::is_office(office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    who.require_people_of(office)?;
    let (db, who, office) = (db.clone(), who.clone(), office.to_string());
    crate::heavy::run_async(move || async move {
        let board = crate::board::server::board(&db, &who, &office).await?;
        crate::heavy::in_background(move || Pool::of(&board).slate()).await
    })
    .await?
}
