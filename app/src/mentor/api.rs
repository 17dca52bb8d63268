//! Server functions of the mentor's phone.
use crate::domain::lifecycle::NewMeeting;
use crate::error::AppError;
use crate::mentor::MyDuo;
use crate::model::Meeting;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The signed-in mentor's current duo, if any.
#[server(prefix = "/fn")]
pub async fn load_my_duo() -> Result<Option<MyDuo>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::mentor::server::my_duo(&state.db, &who).await
}

/// Logs a meeting of a duo; the same `key` again makes no second meeting (a phone that was
/// offline sends what it kept, and may send it twice).
#[server(prefix = "/fn", input = Json)]
pub async fn send_meeting(
    duo: String,
    meeting: NewMeeting,
    key: String,
) -> Result<Meeting, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::duos::life::log_meeting(&state, &who, &duo, &meeting, Some(&key))
        .await
        .map(|(m, _)| m)
}

/// What the signed-in mentor is asked after a duo the programme closed, if anything.
#[server(prefix = "/fn")]
pub async fn load_next_question() -> Result<Option<crate::mentor::NextQuestion>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::mentor::comeback::question(&state.db, &who).await
}

/// The mentor's answer: another duo, a pause until a date, or stop.
#[server(prefix = "/fn", input = Json)]
pub async fn answer_next(
    duo: String,
    answer: crate::domain::comeback::NextAnswer,
) -> Result<(), AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    crate::mentor::comeback::answer(&state, &who, &duo, &answer).await
}
