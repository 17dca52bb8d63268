//! Bringing an office's spreadsheet in: `POST /api/v1/offices/{slug}/import/mentees` (and
//! `/mentors`) and the page `/people/import`. The file's rules are pure
//! ([`crate::domain::import`]); the service that reads the people already recorded and writes
//! the new ones in one transaction is [`server`]; both entry points call it.
use crate::domain::import::{Duplicate, ImportOutcome};
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

pub mod api;
mod preview;
pub mod texts;
pub mod view;

#[cfg(feature = "ssr")]
pub mod server;

/// The largest file one import takes (10,000 rows with long notes fit; 8 MiB).
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// One problem of the file, worded in the caller's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportError {
    /// The spreadsheet's row number: the header is row 1, the first person row 2.
    pub row: u32,
    /// The column (`email`, `languages`…, or an unknown column's name as written); empty when
    /// the problem is the whole row or file.
    pub field: String,
    /// What is wrong, in the language of `Accept-Language`.
    pub message: String,
}

/// The API's answer to an import:
/// `{"created", "errors": [{"row", "field", "message"}], "duplicates": [{"row", "existing"}]}`,
/// with `"more_errors": n` when more problems were found than `errors` lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// People created; with `dry_run=true`, the people a real import would create once
    /// `errors` is empty. A real import with errors creates nobody (0).
    pub created: u32,
    /// The problems (the first 1,000); any one of them stops a real import (all or nothing).
    pub errors: Vec<ImportError>,
    /// How many problems were found beyond those `errors` lists; absent when none.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub more_errors: u32,
    /// Probable duplicates (same email, same phone, or same name and postcode), skipped and
    /// not created: `existing` names the record (`mentee:k3x…`, in an office the caller sees)
    /// or an earlier row (`row 3`).
    pub duplicates: Vec<Duplicate>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl ImportReport {
    /// The outcome as the API reports it, its problems worded in `locale`.
    pub fn of(outcome: ImportOutcome, locale: Locale) -> Self {
        ImportReport {
            created: outcome.created,
            errors: outcome
                .errors
                .iter()
                .map(|e| ImportError {
                    row: e.row,
                    field: e.field.clone(),
                    message: texts::problem_message(locale, e),
                })
                .collect(),
            more_errors: outcome.more_errors,
            duplicates: outcome.duplicates,
        }
    }
}
