//! Server functions of a duo's page.
use crate::domain::lifecycle::TransitionRequest;
use crate::error::AppError;
use crate::model::{Duo, TimelineEntry};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// Everything a coordinator's duo page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DuoPageData {
    pub duo: Duo,
    pub mentee_name: String,
    pub mentor_name: String,
    pub timeline: Vec<TimelineEntry>,
}

#[server(prefix = "/fn")]
pub async fn load_duo_page(id: String) -> Result<DuoPageData, AppError> {
    let state = use_context::<crate::db::AppState>().ok_or(AppError::Internal)?;
    let who = crate::auth::api::request_principal().await?;
    let duo = crate::duos::server::load_duo(&state.db, &id).await?;
    who.require_people_of(&duo.office)?;
    let mentee = crate::people::server::load_mentee(&state.db, &duo.mentee).await?;
    let mentor = crate::people::server::load_mentor(&state.db, &duo.mentor).await?;
    let timeline = crate::duos::life::timeline(&state.db, &who, &id).await?;
    Ok(DuoPageData {
        duo,
        mentee_name: format!("{} {}", mentee.first_name, mentee.last_name),
        mentor_name: format!("{} {}", mentor.first_name, mentor.last_name),
        timeline,
    })
}

/// Moves the duo one step along its life.
#[server(prefix = "/fn", input = Json)]
pub async fn move_duo(id: String, request: TransitionRequest) -> Result<Duo, AppError> {
    let state = use_context::<crate::db::AppState>().ok_or(AppError::Internal)?;
    let who = crate::auth::api::request_principal().await?;
    crate::duos::life::transition(&state, &who, &id, &request).await
}
