//! Server functions of the board. Authorisation and rules are checked in the services.
use crate::error::AppError;
use crate::model::{BoardData, Duo};
use leptos::prelude::*;

/// One office's board; without an office, the caller's first one.
#[server(prefix = "/fn")]
pub async fn load_board(office: Option<String>) -> Result<BoardData, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    let office = who.office_or_first(office)?;
    crate::board::server::board(&state.db, &who, &office).await
}

/// Proposes a duo: the mentee card was dropped on the mentor card (or chosen with "Move to…").
#[server(prefix = "/fn")]
pub async fn propose_duo(mentee: String, mentor: String) -> Result<Duo, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::server::create_duo(&state, &who, &mentee, &mentor).await
}

/// Takes back a duo that has not started.
#[server(prefix = "/fn")]
pub async fn undo_duo(duo: String) -> Result<Duo, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::server::dissolve_duo(&state, &who, &duo).await
}

/// Tells the others on the board that a card is in the caller's hand. Answers the name of whoever
/// already holds it (then the caller should not move it), or nothing when the card is now theirs.
/// An account holds a few cards at most (`crate::limits::HOLDS_PER_ACCOUNT`): one more is 429.
#[server(prefix = "/fn")]
pub async fn hold_card(office: String, card: String) -> Result<Option<String>, AppError> {
    use crate::live::holds::HoldRefused;
    let (state, who) = crate::auth::api::request_context().await?;
    who.require_people_of(&office)?;
    if !crate::db::valid_key(&card) {
        return Err(AppError::invalid("card", crate::error::Invalid::Malformed));
    }
    let me = crate::live::hub::Viewer {
        user: who.user.id.clone(),
        name: who.user.display_name.clone(),
        office: office.clone(),
    };
    let result = match state.events.hold(&office, &card, &me) {
        Ok(()) => Ok(None),
        Err(HoldRefused::HeldBy(holder)) => Ok(Some(holder)),
        Err(HoldRefused::TooMany) => Err(AppError::TooManyRequests {
            retry_after: crate::limits::HOLD_LIFETIME.as_secs(),
        }),
    };
    crate::auth::api::answer_over_limit(&result);
    result
}

/// The card left the caller's hand (dropped, put back or cancelled).
#[server(prefix = "/fn")]
pub async fn release_card(office: String, card: String) -> Result<(), AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    who.require_people_of(&office)?;
    state.events.release(&office, &card, &who.user.id);
    Ok(())
}
