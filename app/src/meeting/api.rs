//! Server functions of the matching meeting. Authorisation and rules are checked in the services.
use super::{Agenda, DecisionOutcome};
use crate::domain::meeting::DraftDecision;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One office's drafts with their scores; without an office, the caller's first one.
#[server(prefix = "/fn")]
pub async fn load_agenda(office: Option<String>) -> Result<Agenda, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    let office = who.office_or_first(office)?;
    crate::meeting::server::agenda(&state.db, &who, &office).await
}

/// Applies the meeting's decisions in one action.
#[server(prefix = "/fn", input = Json)]
pub async fn decide_drafts(
    office: String,
    decisions: Vec<DraftDecision>,
) -> Result<Vec<DecisionOutcome>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::meeting::server::decide(&state, &who, &office, &decisions).await
}
