//! Accounts: invitations, password resets, and the administrators' list of accounts.
use crate::model::Role;
use serde::{Deserialize, Serialize};

pub mod api;
pub mod view;

#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod server;

/// An administrator's invitation of a new coordinator, headquarters member, admin or mentor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvitationRequest {
    pub email: String,
    pub role: String,
    #[serde(default)]
    pub offices: Vec<String>,
    /// The mentor record of a mentor's account.
    #[serde(default)]
    pub mentor: Option<String>,
    /// The name shown in the app.
    #[serde(default)]
    pub name: Option<String>,
}

/// A single-use link that was created (an invitation or a password reset).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LinkCreated {
    /// The link's record (the hash of its secret: it names the link, it does not open it).
    pub id: String,
    pub purpose: String,
    pub email: String,
    /// The whole link to open; it carries the secret and is shown only once.
    pub link: String,
    pub expires_at: String,
    /// Whether it was sent by email (else: give it to the person yourself).
    pub mailed: bool,
}

/// What a link is for, shown before the person chooses a password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LinkInfo {
    pub purpose: String,
    pub email: String,
}

/// An account in the administrators' list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Account {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub offices: Vec<String>,
    pub mentor: Option<String>,
    pub disabled: bool,
}

/// An invitation as administrators follow it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: String,
    pub email: String,
    pub role: String,
    pub offices: Vec<String>,
    pub created_at: String,
    pub expires_at: String,
    /// `pending`, `accepted` or `expired` (revoked ones are expired).
    pub status: String,
}
