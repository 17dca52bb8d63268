//! Server functions of data protection: a person's record page, consents, eligibility,
//! erasure, the audit log and retention.
use super::{
    AuditEntry, AuditQuery, ConsentStatus, Eligibility, PersonRecord, Retention, RetentionReport,
};
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A person's record (coordinators of the office, administrators). The read is audited.
#[server(prefix = "/fn")]
pub async fn load_person(id: String) -> Result<PersonRecord, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::consent::person_record(&state.db, &who, &id).await
}

/// Records a consent given or withdrawn.
#[server(prefix = "/fn")]
pub async fn record_consent(
    id: String,
    kind: String,
    given: bool,
) -> Result<Vec<ConsentStatus>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::consent::record_consent(&state, &who, &id, &kind, given).await
}

/// Records which eligibility criterion was verified.
#[server(prefix = "/fn")]
pub async fn verify_eligibility(id: String, criterion: String) -> Result<Eligibility, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::consent::verify_eligibility(&state, &who, &id, &criterion).await
}

/// Erases (anonymises) a person (administrators).
#[server(prefix = "/fn")]
pub async fn erase_person(id: String) -> Result<(), AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::rights::erase(&state, &who, &id).await
}

/// Searches the audit log (administrators).
#[server(prefix = "/fn", input = Json)]
pub async fn search_audit(query: AuditQuery) -> Result<Vec<AuditEntry>, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::audit::search(&state.db, &who, &query).await
}

/// The retention setting (administrators).
#[server(prefix = "/fn")]
pub async fn load_retention() -> Result<Retention, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    if who.role() != crate::model::Role::Admin {
        return Err(AppError::Forbidden);
    }
    super::retention::setting(&state.db).await
}

/// Changes the retention setting (administrators).
#[server(prefix = "/fn")]
pub async fn save_retention(months: i64) -> Result<Retention, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::retention::set_setting(&state.db, &who, months).await
}

/// Runs retention now (administrators).
#[server(prefix = "/fn")]
pub async fn run_retention() -> Result<RetentionReport, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::retention::run_now(&state, &who).await
}
