//! Data protection: the privacy notice, consents, eligibility without origin, the audit log, the
//! rights of the person (export, erasure) and retention.
use crate::domain::privacy::PersonKind;
use serde::{Deserialize, Serialize};

pub mod api;
pub mod notice;
pub mod view;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod consent;
#[cfg(feature = "ssr")]
pub mod retention;
#[cfg(feature = "ssr")]
pub mod rights;

/// Where a consent of one kind stands now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConsentStatus {
    pub kind: String,
    pub required: bool,
    /// `None` when never recorded.
    pub given: Option<bool>,
    /// When it was last given or withdrawn.
    pub at: Option<String>,
    pub notice_version: Option<String>,
}

/// One consent given or withdrawn, as kept (the history is never rewritten).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentEntry {
    pub kind: String,
    pub given: bool,
    pub notice_version: String,
    pub recorded_by: String,
    pub at: String,
}

/// The eligibility criterion a coordinator verified: which one, by whom, when. Nothing else.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Eligibility {
    pub criterion: String,
    pub verified_by: String,
    pub verified_on: String,
}

/// A person's record as the coordinators' record page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PersonRecord {
    pub kind: PersonKind,
    pub id: String,
    pub office: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub languages: Vec<String>,
    pub sectors: Vec<String>,
    pub state: String,
    pub eligibility: Option<Eligibility>,
    pub consents: Vec<ConsentStatus>,
    pub withdrawn_on: Option<String>,
    pub anonymised_at: Option<String>,
    /// Whether the caller may erase the record (administrators).
    pub can_erase: bool,
}

/// One line of the audit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub at: String,
    pub actor: Option<String>,
    pub actor_email: Option<String>,
    pub role: String,
    pub action: String,
    pub record: String,
    pub fields: Vec<String>,
    pub from: String,
}

/// A search of the audit log; every filter is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct AuditQuery {
    #[serde(default)]
    pub record: Option<String>,
    /// The actor's email address (or user id).
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    /// Days, `YYYY-MM-DD`, both included.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// The retention setting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Retention {
    pub months: u32,
}

/// What a retention run did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RetentionReport {
    pub anonymised: usize,
    /// The records anonymised (`mentee:…`, `mentor:…`).
    pub people: Vec<String>,
}
