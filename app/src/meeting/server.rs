//! Server half of the matching meeting: an office's drafts with their scores, and the
//! meeting's decisions, each applied in its own versioned transaction by the duo services (so
//! the rules, the outbox and the race handling are those of the board and the duo page).
use super::{draft_verdict, Agenda, AgendaItem, DecisionOutcome};
use crate::auth::server::Principal;
use crate::board::server::{failed_end_reasons, DUO_CARD_FIELDS, FAILED_PAIRS};
use crate::db::{read_error, rows, valid_key, Db};
use crate::domain::lifecycle::TransitionRequest;
use crate::domain::meeting::{check_decisions, Decision, DraftDecision};
use crate::domain::states::DuoState;
use crate::error::{AppError, Invalid};
use crate::model::DuoCard;
use crate::offices::server::office_weights;
use crate::state::AppState;
use std::collections::HashSet;

fn check_office(who: &Principal, office: &str) -> Result<(), AppError> {
    if !crate::domain::reference::is_office(office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    who.require_people_of(office)
}

/// The office's drafts, oldest first, each with its score and reasons (its coordinators and
/// administrators).
pub async fn agenda(db: &Db, who: &Principal, office: &str) -> Result<Agenda, AppError> {
    check_office(who, office)?;
    let mut resp = db
        .query(format!(
            "SELECT {DUO_CARD_FIELDS}, 
                 (IF created_by {{ (SELECT VALUE display_name FROM ONLY type::record('user', $parent.created_by)) }} ELSE {{ NONE }}) AS drafted_by
                 FROM duo WHERE office = $office AND state = 'draft' ORDER BY created_at ASC;
             {FAILED_PAIRS}"
        ))
        .bind(("office", office.to_string()))
        .bind(("failed", failed_end_reasons()))
        .await
        .map_err(read_error)?;
    #[derive(serde::Deserialize)]
    struct Row {
        #[serde(flatten)]
        duo: DuoCard,
        drafted_by: Option<String>,
    }
    let drafts: Vec<Row> = rows(&mut resp, 0)?;
    let failed: Vec<(String, String)> = rows(&mut resp, 1)?;
    let failed: HashSet<(String, String)> = failed.into_iter().collect();
    let weights = office_weights(db, office).await?;
    let items = drafts
        .into_iter()
        .map(|Row { duo, drafted_by }| {
            let failed_before = failed.contains(&(duo.mentee.id.clone(), duo.mentor_id.clone()));
            AgendaItem {
                verdict: draft_verdict(office, &duo, failed_before, &weights),
                duo,
                drafted_by,
            }
        })
        .collect();
    Ok(Agenda {
        office: office.to_string(),
        offices: who.people_offices(),
        items,
    })
}

/// Applies the meeting's decisions about drafts of `office`: each proposed or dropped in its own
/// transaction, the minute on the duo's timeline. The list is checked whole first: a bad list
/// changes nothing. A decision that cannot be applied (the draft was decided by someone else
/// meanwhile, or is not this office's) is answered in its outcome; the others still apply.
pub async fn decide(
    app: &AppState,
    who: &Principal,
    office: &str,
    decisions: &[DraftDecision],
) -> Result<Vec<DecisionOutcome>, AppError> {
    check_office(who, office)?;
    let decisions = check_decisions(decisions)?;
    if decisions.iter().any(|d| !valid_key(&d.duo)) {
        return Err(AppError::invalid("duo", Invalid::Malformed));
    }
    // Every duo named must be one of this office's: a list naming anything else is refused
    // whole (what is left to each decision is only a race with another coordinator).
    let keys: Vec<String> = decisions.iter().map(|d| d.duo.clone()).collect();
    let mut resp = app
        .db
        .query(
            "SELECT VALUE record::id(id) FROM duo
             WHERE id IN array::map($keys, |$k| type::record('duo', $k)) AND office = $office;",
        )
        .bind(("keys", keys))
        .bind(("office", office.to_string()))
        .await
        .map_err(read_error)?;
    let found: HashSet<String> = rows::<String>(&mut resp, 0)?.into_iter().collect();
    if decisions.iter().any(|d| !found.contains(&d.duo)) {
        return Err(AppError::invalid("duo", Invalid::Unknown));
    }
    let mut outcomes = Vec::with_capacity(decisions.len());
    for d in decisions {
        let result = apply(app, who, office, &d).await;
        outcomes.push(DecisionOutcome {
            duo: d.duo,
            decision: d.decision,
            state: result.as_ref().ok().copied().flatten(),
            error: result.err(),
        });
    }
    Ok(outcomes)
}

/// One decision: the duo's state after it (`None` once dropped).
async fn apply(
    app: &AppState,
    who: &Principal,
    office: &str,
    d: &DraftDecision,
) -> Result<Option<DuoState>, AppError> {
    // Checked above, and again: a duo never changes office, but it may be gone (dropped).
    let duo = crate::duos::server::load_duo(&app.db, &d.duo).await?;
    if duo.office != office {
        return Err(AppError::NotFound);
    }
    match d.decision {
        Decision::Propose => {
            if duo.state != DuoState::Draft {
                return Err(AppError::conflict(crate::error::Conflict::Transition));
            }
            let request = TransitionRequest {
                to: DuoState::Proposed.as_str().to_string(),
                note: d.minute.clone(),
                ..Default::default()
            };
            let duo = crate::duos::life::transition(app, who, &d.duo, &request).await?;
            Ok(Some(duo.state))
        }
        Decision::Drop => {
            crate::duos::server::take_back(app, who, &d.duo, true, d.minute.clone()).await?;
            Ok(None)
        }
    }
}
