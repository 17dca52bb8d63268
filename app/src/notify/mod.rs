//! Notifications: what a person must know, when they must know it, in their own language, in
//! Duo's inbox (a bell with a count, live) and by email when a mail server is configured.
//! The rules of what is due live in `domain::notices`; the server makes each notice once
//! (`sweep`), mails it once (`outbox`), and the inbox shows it (`view`).
pub mod api;
pub mod bell;
#[cfg(feature = "ssr")]
pub mod mailer;
#[cfg(feature = "ssr")]
pub mod outbox;
pub mod sent_view;
#[cfg(feature = "ssr")]
pub mod server;
pub mod settings_view;
#[cfg(feature = "ssr")]
pub mod sweep;
pub mod text;
pub mod view;

use crate::domain::notices::NoticeKind;
use crate::model::DuoAlert;
use serde::{Deserialize, Serialize};

/// One notice of a person's inbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Notice {
    pub id: String,
    pub kind: NoticeKind,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// The programme's day it was made on (`YYYY-MM-DD`, Europe/Brussels).
    #[serde(default)]
    pub day: String,
    /// When its reader opened it, if they did.
    #[serde(default)]
    pub read_at: Option<String>,
    pub office: String,
    /// The duo it is about (none for the weekly digest).
    #[serde(default)]
    pub duo: Option<String>,
    /// Who the notice names: the other person of the duo (first name) for a mentor or a mentee,
    /// the duo's two people for coordinators.
    #[serde(default)]
    pub name: Option<String>,
    /// The day it names (`YYYY-MM-DD`): the introduction, a check-in, an outcome's due day.
    #[serde(default)]
    pub date: Option<String>,
    /// The introduction's place.
    #[serde(default)]
    pub place: Option<String>,
    /// Days without a meeting.
    #[serde(default)]
    pub days: Option<i64>,
    /// For a follow-up: `end`, `6m` or `12m`.
    #[serde(default)]
    pub moment: Option<String>,
    /// The weekly digest's alerts.
    #[serde(default)]
    pub lines: Vec<DuoAlert>,
}

/// The caller's inbox, newest first, and how many are unread.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub notices: Vec<Notice>,
    pub unread: u32,
}

/// One kind a person receives, and whether it is mailed to them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct KindSetting {
    pub kind: NoticeKind,
    /// Essential kinds are always mailed; the others can be turned off.
    pub essential: bool,
    pub mailed: bool,
}

/// A person's email settings: the language Duo writes to them in, and which kinds are mailed.
/// Every notice stays in the inbox whatever is chosen here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MailSettings {
    /// `fr`, `nl` or `en`.
    pub language: String,
    pub kinds: Vec<KindSetting>,
    /// Whether the server mails at all (`DUO_SMTP_URL`): if not, the inbox is the only way.
    #[serde(default)]
    pub mail_configured: bool,
}

/// What a person changes in their settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewMailSettings {
    pub language: String,
    /// The kinds not to mail (essential kinds cannot be turned off and are refused here).
    #[serde(default)]
    pub turned_off: Vec<NoticeKind>,
}

/// How a notice's email fared, as administrators see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SentNotice {
    pub id: String,
    pub kind: NoticeKind,
    pub office: String,
    /// `user`, `mentee` or `mentor`: who it went to, without naming them.
    pub recipient_kind: String,
    pub language: String,
    /// `pending`, `sending`, `sent`, `failed` (tried again later), `off` (turned off by the
    /// person), `no_address`, `no_server` (no mail server configured: inbox only).
    pub mail: String,
    pub attempts: u32,
    #[serde(default)]
    pub error: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub sent_at: Option<String>,
    #[serde(default)]
    pub next_try: Option<String>,
}
