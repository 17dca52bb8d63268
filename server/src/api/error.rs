//! How the JSON API answers an error: `{"error": {"code", "message"}}` with the right status,
//! in the caller's language. Also used by the request guard in front of every route.
use app::error::AppError;
use app::i18n::Locale;
use app::texts::{error_message, locale_from_accept_language};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// The caller's language, from `Accept-Language`.
pub(crate) fn locale_of(headers: &HeaderMap) -> Locale {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(locale_from_accept_language)
        .unwrap_or(Locale::en)
}

/// An error as the API answers it: `{"error": {"code", "message"}}` with the right status.
pub struct ApiError {
    error: AppError,
    locale: Locale,
}

impl ApiError {
    pub(crate) fn new(error: AppError, headers: &HeaderMap) -> Self {
        ApiError {
            error,
            locale: locale_of(headers),
        }
    }

    /// The error in a language already known (a signed-in caller's).
    pub(crate) fn in_locale(error: AppError, locale: Locale) -> Self {
        ApiError { error, locale }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut body = json!({
            "error": {
                "code": self.error.code(),
                "message": error_message(self.locale, &self.error),
            }
        });
        if let AppError::Invalid { field, problem } = &self.error {
            body["error"]["field"] = json!(field);
            body["error"]["problem"] = json!(problem);
        }
        let mut response = (status, Json(body)).into_response();
        if let AppError::TooManyAttempts { retry_after } = self.error {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}
