//! The one error type of Duo, shared by the domain, the server functions, the JSON API and the
//! browser. It carries a stable code; the words come from the i18n layer in the user's language.
use serde::{Deserialize, Serialize};

/// Why a rule of the programme refused a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conflict {
    MenteeNotWaiting,
    MentorFull,
    MentorNotAvailable,
    DifferentOffice,
    DuoStarted,
    /// Someone else changed the record between our read and our write, and retries ran out.
    Stale,
    /// The duo's state machine has no such step from where the duo is.
    Transition,
    /// Meetings are logged only for duos that have started.
    NotStarted,
    /// A person in an open duo leaves through the duo's end, not by a step of their own.
    InDuo,
    /// A mentee becomes eligible once the eligibility criterion is recorded.
    EligibilityUnverified,
    /// A session is for the people of its own office.
    SessionOffice,
    /// The training modules are for mentors.
    TrainingForMentors,
    /// Attendance is recorded once the session has taken place.
    NotHeld,
    /// A recorded attendance is corrected, not removed.
    AttendanceRecorded,
    /// The question was answered already (a mentor's "what next" after a duo).
    Answered,
}

/// What is wrong with a field of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Invalid {
    Required,
    TooShort,
    TooLong,
    Unknown,
    OutOfRange,
    Malformed,
    /// Already used by another record (an email address of an account, say).
    Taken,
    /// A password found on the list of common or breached passwords (NIST SP 800-63B).
    Common,
}

/// On the wire (JSON API, server functions) an object with its `code` and the variant's fields
/// beside it. Read back through [`ErrorWire`]: a flat object, where serde's reading of an
/// internally tagged enum would buffer every field first and bring that machinery into every
/// page's WebAssembly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case", try_from = "ErrorWire")]
pub enum AppError {
    #[error("sign in first")]
    Unauthenticated,
    #[error("email and password do not match")]
    BadCredentials,
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {reason:?}")]
    Conflict {
        reason: Conflict,
        /// Who made the change that won, when known ("Sofia has just matched this mentee").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    #[error("invalid field {field}: {problem:?}")]
    Invalid { field: String, problem: Invalid },
    #[error("server busy")]
    Busy,
    /// Too many failed sign-ins for this account or address: wait before trying again.
    #[error("too many attempts, retry in {retry_after}s")]
    TooManyAttempts { retry_after: u64 },
    /// Over a limit on work from outside (password resets asked for, cards held, streams open;
    /// see `crate::limits`): wait `retry_after` seconds.
    #[error("too many requests, retry in {retry_after}s")]
    TooManyRequests { retry_after: u64 },
    /// An invitation or password-reset link that was used already or has expired.
    #[error("link used or expired")]
    LinkExpired,
    /// A cookie-authenticated write sent from another site (cross-site request forgery).
    #[error("cross-site request refused")]
    CrossSite,
    /// Something the server was not set up for (backups without `DUO_BACKUP_DIR`).
    #[error("not configured on this server")]
    NotConfigured,
    #[error("internal error")]
    Internal,
    /// The transport of a server function failed (network, decoding).
    #[error("server function: {message}")]
    Transport { message: String },
}

/// The variants' names on the wire (`code`).
#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum ErrorCode {
    Unauthenticated,
    BadCredentials,
    Forbidden,
    NotFound,
    Conflict,
    Invalid,
    Busy,
    TooManyAttempts,
    TooManyRequests,
    LinkExpired,
    CrossSite,
    NotConfigured,
    Internal,
    Transport,
}

/// An [`AppError`] as written: its code and whichever fields its variant has.
#[derive(Deserialize)]
struct ErrorWire {
    code: ErrorCode,
    reason: Option<Conflict>,
    by: Option<String>,
    field: Option<String>,
    problem: Option<Invalid>,
    retry_after: Option<u64>,
    message: Option<String>,
}

impl TryFrom<ErrorWire> for AppError {
    type Error = &'static str;

    fn try_from(w: ErrorWire) -> Result<Self, Self::Error> {
        Ok(match w.code {
            ErrorCode::Unauthenticated => AppError::Unauthenticated,
            ErrorCode::BadCredentials => AppError::BadCredentials,
            ErrorCode::Forbidden => AppError::Forbidden,
            ErrorCode::NotFound => AppError::NotFound,
            ErrorCode::Conflict => AppError::Conflict {
                reason: w.reason.ok_or("missing field `reason`")?,
                by: w.by,
            },
            ErrorCode::Invalid => AppError::Invalid {
                field: w.field.ok_or("missing field `field`")?,
                problem: w.problem.ok_or("missing field `problem`")?,
            },
            ErrorCode::Busy => AppError::Busy,
            ErrorCode::TooManyAttempts => AppError::TooManyAttempts {
                retry_after: w.retry_after.ok_or("missing field `retry_after`")?,
            },
            ErrorCode::TooManyRequests => AppError::TooManyRequests {
                retry_after: w.retry_after.ok_or("missing field `retry_after`")?,
            },
            ErrorCode::LinkExpired => AppError::LinkExpired,
            ErrorCode::CrossSite => AppError::CrossSite,
            ErrorCode::NotConfigured => AppError::NotConfigured,
            ErrorCode::Internal => AppError::Internal,
            ErrorCode::Transport => AppError::Transport {
                message: w.message.ok_or("missing field `message`")?,
            },
        })
    }
}

/// What a caller answered `busy` is told to wait, in seconds.
pub const BUSY_RETRY_SECONDS: u64 = 5;

impl AppError {
    /// The seconds to wait before asking again, for a refusal that has them (`Retry-After`).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyAttempts { retry_after }
            | AppError::TooManyRequests { retry_after } => Some(*retry_after),
            // A full queue or a running backup empties within seconds.
            AppError::Busy => Some(BUSY_RETRY_SECONDS),
            _ => None,
        }
    }

    pub fn conflict(reason: Conflict) -> Self {
        AppError::Conflict { reason, by: None }
    }

    pub fn conflict_by(reason: Conflict, by: Option<String>) -> Self {
        AppError::Conflict { reason, by }
    }

    /// The rule that refused the change, if a rule did.
    pub fn conflict_reason(&self) -> Option<Conflict> {
        match self {
            AppError::Conflict { reason, .. } => Some(*reason),
            _ => None,
        }
    }

    pub fn invalid(field: &str, problem: Invalid) -> Self {
        AppError::Invalid {
            field: field.to_string(),
            problem,
        }
    }

    /// The stable machine-readable code of the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::BadCredentials => "bad_credentials",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Conflict { reason, .. } => match reason {
                Conflict::MenteeNotWaiting => "mentee_not_waiting",
                Conflict::MentorFull => "mentor_full",
                Conflict::MentorNotAvailable => "mentor_not_available",
                Conflict::DifferentOffice => "different_office",
                Conflict::DuoStarted => "duo_started",
                Conflict::Stale => "stale",
                Conflict::Transition => "transition",
                Conflict::NotStarted => "not_started",
                Conflict::InDuo => "in_duo",
                Conflict::EligibilityUnverified => "eligibility_unverified",
                Conflict::SessionOffice => "session_office",
                Conflict::TrainingForMentors => "training_for_mentors",
                Conflict::NotHeld => "not_held",
                Conflict::AttendanceRecorded => "attendance_recorded",
                Conflict::Answered => "answered",
            },
            AppError::Invalid { .. } => "invalid",
            AppError::Busy => "busy",
            AppError::TooManyAttempts { .. } => "too_many_attempts",
            AppError::TooManyRequests { .. } => "too_many_requests",
            AppError::LinkExpired => "link_expired",
            AppError::CrossSite => "cross_site",
            AppError::NotConfigured => "not_configured",
            AppError::Internal => "internal",
            AppError::Transport { .. } => "network",
        }
    }

    /// The HTTP status of the JSON API.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthenticated | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::CrossSite => 403,
            AppError::LinkExpired => 410,
            AppError::TooManyAttempts { .. } | AppError::TooManyRequests { .. } => 429,
            AppError::NotFound => 404,
            AppError::Conflict { .. } | AppError::NotConfigured => 409,
            AppError::Invalid { .. } => 422,
            AppError::Busy => 503,
            AppError::Internal | AppError::Transport { .. } => 500,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport {
            message: value.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialize_with_their_code() {
        let e = AppError::conflict(Conflict::MentorFull);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "conflict");
        assert_eq!(json["reason"], "mentor_full");
        assert_eq!(serde_json::from_value::<AppError>(json).unwrap(), e);
        assert_eq!(e.code(), "mentor_full");
        assert_eq!(e.status(), 409);
        assert_eq!(AppError::invalid("office", Invalid::Unknown).status(), 422);
    }

    /// Every error reads back as it was written, whatever the order of its fields.
    #[test]
    fn every_error_reads_back_as_written() {
        let all = [
            AppError::Unauthenticated,
            AppError::BadCredentials,
            AppError::Forbidden,
            AppError::NotFound,
            AppError::conflict(Conflict::Stale),
            AppError::conflict_by(Conflict::MentorFull, Some("Sofia".into())),
            AppError::invalid("email", Invalid::Taken),
            AppError::Busy,
            AppError::TooManyAttempts { retry_after: 30 },
            AppError::TooManyRequests { retry_after: 2 },
            AppError::LinkExpired,
            AppError::CrossSite,
            AppError::NotConfigured,
            AppError::Internal,
            AppError::Transport {
                message: "offline".into(),
            },
        ];
        for e in all {
            // A new variant must be added to `all` (and to `ErrorCode`): this match has no `_`.
            match &e {
                AppError::Unauthenticated
                | AppError::BadCredentials
                | AppError::Forbidden
                | AppError::NotFound
                | AppError::Conflict { .. }
                | AppError::Invalid { .. }
                | AppError::Busy
                | AppError::TooManyAttempts { .. }
                | AppError::TooManyRequests { .. }
                | AppError::LinkExpired
                | AppError::CrossSite
                | AppError::NotConfigured
                | AppError::Internal
                | AppError::Transport { .. } => {}
            }
            let text = serde_json::to_string(&e).unwrap();
            assert_eq!(
                serde_json::from_str::<AppError>(&text).unwrap(),
                e,
                "{text}"
            );
            // The same object with its code last.
            let mut fields: Vec<(String, serde_json::Value)> =
                match serde_json::to_value(&e).unwrap() {
                    serde_json::Value::Object(m) => m.into_iter().collect(),
                    other => panic!("{other}"),
                };
            fields.sort_by_key(|(k, _)| k == "code");
            let reordered = format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(k, v)| format!("{:?}:{}", k, v))
                    .collect::<Vec<_>>()
                    .join(",")
            );
            assert_eq!(
                serde_json::from_str::<AppError>(&reordered).unwrap(),
                e,
                "{reordered}"
            );
        }
    }

    #[test]
    fn an_error_missing_its_fields_or_code_is_refused() {
        for text in [
            r#"{"code":"conflict"}"#,
            r#"{"code":"invalid","field":"email"}"#,
            r#"{"code":"too_many_attempts"}"#,
            r#"{"code":"transport"}"#,
            r#"{"code":"no_such_code"}"#,
            r#"{"reason":"stale"}"#,
            r#"{"code":"conflict","reason":"no_such_reason"}"#,
        ] {
            assert!(serde_json::from_str::<AppError>(text).is_err(), "{text}");
        }
        // Fields a variant does not have are ignored, as before.
        assert_eq!(
            serde_json::from_str::<AppError>(r#"{"code":"busy","retry_after":5}"#).unwrap(),
            AppError::Busy
        );
    }
}
