//! Server half of the board: everything one office's board shows, read in one round trip.
use crate::auth::server::Principal;
use crate::db::{read_error, rows, Db};
use crate::domain::states::DuoState;
use crate::duos::server::open_states;
use crate::error::{AppError, Invalid};
use crate::model::{BoardData, DuoCard, MenteeCard, MentorCard};
use crate::offices::server::office_weights;
use crate::people::server::MENTEE_CARD_FIELDS;

/// What a duo card shows (its two people as matching reads them), as a SELECT's fields.
pub(crate) const DUO_CARD_FIELDS: &str = "record::id(id) AS id, state, created_at,
    duration::days(time::now() - created_at) AS days_open,
    {
        id: record::id(mentee), first_name: mentee.first_name, last_name: mentee.last_name,
        sectors: mentee.sectors, languages: mentee.languages, profile: mentee.profile,
        days_waiting: duration::days(time::now() - (mentee.waiting_since ?? mentee.created_at))
    } AS mentee,
    record::id(mentor) AS mentor_id, mentor.first_name AS mentor_first_name,
    mentor.last_name AS mentor_last_name, mentor.sectors AS mentor_sectors,
    mentor.languages AS mentor_languages, mentor.capacity AS mentor_capacity,
    mentor.load AS mentor_load, mentor.profile AS mentor_profile";

/// The office's pairs that were tried and did not work, `[mentee, mentor]` (bind `$office` and
/// `$failed` = [`failed_end_reasons`]).
pub(crate) const FAILED_PAIRS: &str =
    "SELECT VALUE [record::id(mentee), record::id(mentor)] FROM duo
    WHERE office = $office AND (state = 'declined' OR closed_as = 'declined'
        OR ((state = 'ended_early' OR closed_as = 'ended_early') AND end_reason IN $failed));";

/// Early ends that say the pairing did not work (with declines, never proposed again).
pub(crate) fn failed_end_reasons() -> Vec<String> {
    crate::domain::lifecycle::END_REASONS
        .iter()
        .filter(|r| crate::domain::lifecycle::pairing_failed(DuoState::EndedEarly, Some(r)))
        .map(|r| r.to_string())
        .collect()
}

/// Everything one office's board shows, in one round trip (a few statements, never one per card).
pub async fn board(db: &Db, who: &Principal, office: &str) -> Result<BoardData, AppError> {
    if !crate::domain::reference::is_office(office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    who.require_people_of(office)?;
    let mut resp = db
        .query(format!(
            "SELECT {MENTEE_CARD_FIELDS}
             FROM mentee WHERE office = $office AND state = 'waiting' ORDER BY since ASC;
             SELECT record::id(id) AS id, first_name, last_name, sectors, languages, capacity, load,
                 profile, duration::days(time::now() - (available_since ?? created_at)) AS days_available,
                 (available_since ?? created_at) AS since
             FROM mentor WHERE office = $office AND state = 'available' AND load < capacity ORDER BY since ASC;
             SELECT {DUO_CARD_FIELDS} FROM duo WHERE office = $office AND state IN $open ORDER BY created_at DESC;
             {FAILED_PAIRS}"
        ))
        .bind(("office", office.to_string()))
        .bind(("open", open_states()))
        .bind(("failed", failed_end_reasons()))
        .await
        .map_err(read_error)?;
    let mentees: Vec<MenteeCard> = rows(&mut resp, 0)?;
    let mentors: Vec<MentorCard> = rows(&mut resp, 1)?;
    let duos: Vec<DuoCard> = rows(&mut resp, 2)?;
    let failed_pairs: Vec<(String, String)> = rows(&mut resp, 3)?;
    Ok(BoardData {
        office: office.to_string(),
        offices: who.people_offices(),
        mentees,
        mentors,
        duos,
        failed_pairs,
        weights: office_weights(db, office).await?,
    })
}
