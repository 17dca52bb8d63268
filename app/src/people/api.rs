//! Server functions of people: the directory and a person's own steps.
use super::{DirectoryPage, DirectoryQuery, PersonPath};
use crate::domain::intake::StepRequest;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One page of the directory of the caller's offices.
#[server(prefix = "/fn", input = Json)]
pub async fn load_directory(query: DirectoryQuery) -> Result<DirectoryPage, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::directory::page(&state.db, &who, &query).await
}

/// A person's state, next steps and timeline.
#[server(prefix = "/fn")]
pub async fn load_person_path(id: String) -> Result<PersonPath, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::steps::path(&state.db, &who, &id).await
}

/// Takes one step of a person's machine; answers the person's path after it.
#[server(prefix = "/fn", input = Json)]
pub async fn take_person_step(id: String, step: StepRequest) -> Result<PersonPath, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::steps::take_step_of(&state, &who, &id, &step).await
}

/// Registers a mentee or a mentor (a half-filled intake is saved as `registered`); answers the
/// new record's reference (`mentee:key`).
#[server(prefix = "/fn", input = Json)]
pub async fn register_person(
    kind: crate::domain::privacy::PersonKind,
    person: crate::model::NewPerson,
) -> Result<String, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::edit::register(&state, &who, kind, &person).await
}

/// A person's record for the edit form.
#[server(prefix = "/fn")]
pub async fn load_editable_person(id: String) -> Result<super::EditablePerson, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::edit::editable(&state.db, &who, &id).await
}

/// Saves the edit form: the fields it changed, at the version it was read at.
#[server(prefix = "/fn", input = Json)]
pub async fn save_person(
    id: String,
    patch: crate::domain::validation::PersonPatch,
) -> Result<super::EditablePerson, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::edit::save(&state, &who, &id, &patch).await
}
