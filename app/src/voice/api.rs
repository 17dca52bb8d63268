//! Server functions of the mentee's voice. The link's two are public (the token is the
//! permission); the others are the duo's coordinators'.
use super::{SelfReport, VoiceLink, VoiceQuestion};
use crate::domain::voice::VoiceAnswer;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// What a link asks (no sign-in).
#[server(prefix = "/fn")]
pub async fn load_voice_question(token: String) -> Result<VoiceQuestion, AppError> {
    let state = use_context::<crate::state::AppState>().ok_or(AppError::Internal)?;
    crate::voice::server::question(&state.db, &token).await
}

/// The mentee's answer (no sign-in; once per link).
#[server(prefix = "/fn", input = Json)]
pub async fn send_voice_answer(token: String, answer: VoiceAnswer) -> Result<(), AppError> {
    let state = use_context::<crate::state::AppState>().ok_or(AppError::Internal)?;
    crate::voice::server::answer(&state, &token, &answer).await
}

/// A new link for a duo's mentee at a moment.
#[server(prefix = "/fn")]
pub async fn make_voice_link(duo: String, moment: String) -> Result<VoiceLink, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    let headers = use_context::<axum::http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default();
    let base = crate::accounts::server::public_base(&headers);
    crate::voice::server::issue_link(&state, &who, &base, &duo, &moment).await
}

/// What the duo's mentee answered.
#[server(prefix = "/fn")]
pub async fn load_self_reports(duo: String) -> Result<Vec<SelfReport>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::voice::server::reports(&state.db, &who, &duo).await
}

/// Confirms a self-reported outcome.
#[server(prefix = "/fn")]
pub async fn confirm_self_report(id: String) -> Result<SelfReport, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::voice::server::confirm(&state, &who, &id).await
}
