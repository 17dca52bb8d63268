//! How the JSON API answers an error: `{"error": {"code", "message"}}` with the right status,
//! in the caller's language. Also used by the request guard in front of every route.
use app::error::{AppError, Invalid};
use app::i18n::Locale;
use app::texts::{error_message, locale_from_accept_language};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::ToSchema;

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

/// The body of every error answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorDetail,
}

/// What went wrong. Fields in alphabetical order, as the API has always written them.
#[derive(Serialize, ToSchema)]
struct ErrorDetail {
    /// The stable machine-readable code (`unauthenticated`, `forbidden`, `not_found`,
    /// `invalid`, the reason of a conflict such as `mentor_full`…).
    code: &'static str,
    /// For `invalid`: the field at fault (`body` when the body is not the JSON expected).
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    /// The error in the caller's language (`Accept-Language`).
    message: String,
    /// For `invalid`: what is wrong with the field.
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<Invalid>,
}

impl ErrorDetail {
    fn of(error: &AppError, locale: Locale) -> Self {
        let (field, problem) = match error {
            AppError::Invalid { field, problem } => (Some(field.clone()), Some(*problem)),
            _ => (None, None),
        };
        ErrorDetail {
            code: error.code(),
            field,
            message: error_message(locale, error),
            problem,
        }
    }
}

/// An error as the API writes it inside a larger answer (one item of a batch that failed):
/// `{"code", "field", "message", "problem"}`, the same fields as an error answer's `error`.
pub(crate) fn error_detail(error: &AppError, locale: Locale) -> serde_json::Value {
    serde_json::to_value(ErrorDetail::of(error, locale)).unwrap_or_default()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = ErrorBody {
            error: ErrorDetail::of(&self.error, self.locale),
        };
        let mut response = (status, Json(body)).into_response();
        if let Some(retry_after) = self.error.retry_after() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}

/// The error answers of the OpenAPI document: every status an [`ApiError`] may have, each with
/// an [`ErrorBody`].
impl utoipa::IntoResponses for ApiError {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::response::Response>> {
        [
            ("401", "Not signed in, or wrong email or password"),
            ("403", "Not allowed to this caller, or a cross-site write"),
            ("404", "No such record, or not one the caller may know of"),
            (
                "409",
                "A rule of the programme refused the change, or someone changed the record first",
            ),
            ("410", "The link was used already or has expired"),
            (
                "422",
                "A field of the request is missing or wrong (see `field` and `problem`)",
            ),
            (
                "429",
                "Too many failed sign-ins, or over a limit on requests: retry after `Retry-After` seconds",
            ),
            ("500", "Something failed on the server"),
            ("503", "The server is too busy right now"),
        ]
        .into_iter()
        .map(|(status, description)| {
            let body = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build();
            let response = ResponseBuilder::new()
                .description(description)
                .content("application/json", body)
                .build();
            (status.to_string(), RefOr::T(response))
        })
        .collect()
    }
}
