//! The mentee's own voice, without an account: at the end of their duo and 6 and 12 months
//! after its start, a single-use link (mailed, copied, or shown as a QR code) opens a small
//! page in their language; the answer is a self-reported outcome that a coordinator confirms.
//! Rules in `domain::voice`.
pub mod api;
pub mod page;
pub mod panel;
#[cfg(feature = "ssr")]
pub mod server;

use crate::domain::followup::Moment;
use serde::{Deserialize, Serialize};

/// What the link's page may show: the mentee's first name and the moment — nothing else.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VoiceQuestion {
    pub first_name: String,
    pub moment: Moment,
}

/// A link just made for a coordinator to hand over: shown once (only its hash is kept).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VoiceLink {
    pub link: String,
    /// The last day it works (`YYYY-MM-DD`).
    pub expires_on: String,
    /// The link as a QR code (an SVG image), to show on a screen.
    pub qr_svg: String,
}

/// What a mentee answered, as their coordinators see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SelfReport {
    pub id: String,
    pub duo: String,
    pub moment: Moment,
    pub situation: String,
    #[serde(default)]
    pub stable: Option<bool>,
    #[serde(default)]
    pub in_touch: Option<bool>,
    #[serde(default)]
    pub rating: Option<u8>,
    #[serde(default)]
    pub comment: Option<String>,
    /// The day they answered (`YYYY-MM-DD`).
    pub answered_on: String,
    /// Who confirmed it as the outcome, once confirmed.
    #[serde(default)]
    pub confirmed_by: Option<String>,
}
