//! What every handler of the JSON API shares: the signed-in caller, reading a JSON body, and
//! answering a service's result.
use super::error::{locale_of, ApiError};
use crate::state::ServerState;
use app::auth::server::{principal, Principal};
use app::error::{AppError, Invalid};
use app::i18n::Locale;
use axum::extract::rejection::JsonRejection;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

/// A signed-in caller (Bearer token or session cookie) and their language.
pub struct Caller {
    pub(crate) who: Principal,
    pub(crate) locale: Locale,
}

impl Caller {
    pub(crate) fn fail(&self, error: AppError) -> ApiError {
        ApiError::in_locale(error, self.locale)
    }
}

impl FromRequestParts<ServerState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Self::Rejection> {
        let locale = locale_of(&parts.headers);
        match principal(&state.app.db, &parts.headers).await {
            Ok(who) => Ok(Caller { who, locale }),
            Err(error) => Err(ApiError::in_locale(error, locale)),
        }
    }
}

/// A JSON body, or a clear 422 when it is not one (or is larger than the server accepts).
pub(crate) fn body<T>(
    caller: &Caller,
    body: Result<Json<T>, JsonRejection>,
) -> Result<T, ApiError> {
    body.map(|Json(v)| v).map_err(|rejection| {
        let problem = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Invalid::TooLong
        } else {
            Invalid::Malformed
        };
        caller.fail(AppError::invalid("body", problem))
    })
}

/// Answers a service's result as JSON with `status`, or its error in the caller's language.
pub(crate) fn answer<T: serde::Serialize>(
    caller: &Caller,
    status: StatusCode,
    result: Result<T, AppError>,
) -> Result<Response, ApiError> {
    result
        .map(|v| (status, Json(v)).into_response())
        .map_err(|e| caller.fail(e))
}

/// The filters of the lists of mentees, mentors and duos.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Only the records of this office (its slug).
    pub(crate) office: Option<String>,
    /// Only the records in this state (`waiting`, `active`…).
    pub(crate) state: Option<String>,
}
