//! Server half of an office's settings.
use crate::db::{first, read_error, Db};
use crate::domain::matching::Weights;
use crate::error::AppError;

/// The office's matching weights (the defaults until someone adjusts them).
pub async fn office_weights(db: &Db, office: &str) -> Result<Weights, AppError> {
    let mut resp = db
        .query("SELECT VALUE match_weights FROM type::record('office', $office)")
        .bind(("office", office.to_string()))
        .await
        .map_err(read_error)?;
    Ok(first::<Option<Weights>>(&mut resp, 0)?
        .flatten()
        .unwrap_or_default())
}
