//! The server function of the import page.
use crate::domain::import::ImportOutcome;
use crate::domain::privacy::PersonKind;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Checks (`dry_run`) or imports a spreadsheet read in the browser: the same service as
/// `POST /api/v1/offices/{slug}/import/{mentees,mentors}`, answering the problems as codes for
/// the page to word in the reader's language, and every row's name for its preview.
#[server(prefix = "/fn", input = Json)]
pub async fn import_people(
    kind: PersonKind,
    office: String,
    csv: String,
    dry_run: bool,
) -> Result<ImportOutcome, AppError> {
    let (state, who) = crate::auth::api::request_context().await?;
    super::server::import_people(&state, &who, kind, &office, csv.into_bytes(), dry_run).await
}
