//! Server functions of matching. Authorisation and rules are checked in the services.
use crate::domain::matching::{Profile, Weights};
use crate::domain::slate::Slate;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The optimal slate of an office's waiting list: a proposal, nothing is written.
#[server(prefix = "/fn")]
pub async fn propose_slate(office: String) -> Result<Slate, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::matching::server::slate(&state.db, &who, &office).await
}

/// Sets the office's matching weights.
#[server(prefix = "/fn", input = Json)]
pub async fn save_weights(office: String, weights: Weights) -> Result<Weights, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::matching::server::save_weights(&state, &who, &office, weights).await
}

/// Saves a mentee's (`mentor == false`) or a mentor's matching profile.
#[server(prefix = "/fn", input = Json)]
pub async fn save_profile(mentor: bool, id: String, profile: Profile) -> Result<Profile, AppError> {
    use crate::matching::server::Side;
    let (state, who) = crate::auth::api::request_context().await?;
    let side = if mentor { Side::Mentor } else { Side::Mentee };
    crate::matching::server::save_profile(&state, &who, side, &id, &profile, None).await
}
