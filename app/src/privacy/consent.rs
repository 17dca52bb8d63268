//! Consents and eligibility on the server, and the exit that a withdrawn consent starts.
use super::audit::{self, Actor, AUDIT};
use super::notice::NOTICE_VERSION;
use super::{ConsentEntry, ConsentStatus, Eligibility, PersonRecord};
use crate::auth::server::Principal;
use crate::db::{first, read_error, rows, transact, valid_key, Db};
use crate::domain::lifecycle::TransitionRequest;
use crate::domain::privacy::{
    check_consent_kind, check_criterion, consent_kinds, consent_required, PersonKind,
};
use crate::domain::states::DuoState;
use crate::error::{AppError, Invalid};
use crate::live::change::ChangeNote;
use crate::model::Role;
use crate::state::AppState;
use serde::Deserialize;

/// A mentee or a mentor, found by `mentee:ID`, `mentor:ID` or a bare ID.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonRef {
    pub kind: PersonKind,
    pub id: String,
    pub office: String,
}

impl PersonRef {
    /// The record as the audit log and the consents name it: `mentee:abc…`.
    pub fn record(&self) -> String {
        format!("{}:{}", self.kind.table(), self.id)
    }
}

/// Finds a person by reference; `NotFound` for anything else.
pub async fn resolve(db: &Db, reference: &str) -> Result<PersonRef, AppError> {
    let reference = reference.trim();
    let (kinds, id): (Vec<PersonKind>, &str) = match reference.split_once(':') {
        Some((table, id)) => (
            vec![PersonKind::parse(table).ok_or(AppError::NotFound)?],
            id,
        ),
        None => (vec![PersonKind::Mentee, PersonKind::Mentor], reference),
    };
    if !valid_key(id) {
        return Err(AppError::NotFound);
    }
    for kind in kinds {
        let mut resp = db
            .query("SELECT VALUE office FROM type::record($table, $id)")
            .bind(("table", kind.table()))
            .bind(("id", id.to_string()))
            .await
            .map_err(read_error)?;
        if let Some(office) = first::<String>(&mut resp, 0)? {
            return Ok(PersonRef {
                kind,
                id: id.to_string(),
                office,
            });
        }
    }
    Err(AppError::NotFound)
}

/// Finds a person the caller may see (coordinators of the office and administrators).
pub async fn resolve_for(db: &Db, who: &Principal, reference: &str) -> Result<PersonRef, AppError> {
    let person = resolve(db, reference).await?;
    who.require_people_of(&person.office)?;
    Ok(person)
}

/// A consent's history, oldest first.
pub async fn history(db: &Db, person: &PersonRef) -> Result<Vec<ConsentEntry>, AppError> {
    let mut resp = db
        .query(
            "SELECT kind, given, notice_version, recorded_by,
                    time::format(at, '%Y-%m-%dT%H:%M:%SZ') AS at
             FROM consent WHERE person = $person ORDER BY at",
        )
        .bind(("person", person.record()))
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// Where each consent stands now, from its history.
pub fn statuses(kind: PersonKind, history: &[ConsentEntry]) -> Vec<ConsentStatus> {
    consent_kinds(kind)
        .into_iter()
        .map(|k| {
            let last = history.iter().rev().find(|e| e.kind == k);
            ConsentStatus {
                kind: k.to_string(),
                required: consent_required(k, kind),
                given: last.map(|e| e.given),
                at: last.map(|e| e.at.clone()),
                notice_version: last.map(|e| e.notice_version.clone()),
            }
        })
        .collect()
}

#[derive(Deserialize)]
struct PersonRow {
    first_name: String,
    last_name: String,
    email: Option<String>,
    phone: Option<String>,
    languages: Vec<String>,
    sectors: Vec<String>,
    state: String,
    eligibility: Option<Eligibility>,
    withdrawn_on: Option<String>,
    anonymised_at: Option<String>,
}

/// A person's record page: identity, contacts, eligibility and consents. The read is audited.
pub async fn person_record(
    db: &Db,
    who: &Principal,
    reference: &str,
) -> Result<PersonRecord, AppError> {
    let person = resolve_for(db, who, reference).await?;
    let eligibility = if person.kind == PersonKind::Mentee {
        "eligibility"
    } else {
        "NONE AS eligibility"
    };
    let mut resp = db
        .query(format!(
            "SELECT first_name, last_name, email, phone, languages, sectors, state, {eligibility},
                    withdrawn_on, <string> anonymised_at AS anonymised_at
             FROM type::record($table, $id)"
        ))
        .bind(("table", person.kind.table()))
        .bind(("id", person.id.clone()))
        .await
        .map_err(read_error)?;
    let row: PersonRow = first(&mut resp, 0)?.ok_or(AppError::NotFound)?;
    let consents = statuses(person.kind, &history(db, &person).await?);
    audit::read(
        db,
        who,
        &person.record(),
        &[
            "first_name",
            "last_name",
            "email",
            "phone",
            "eligibility",
            "consents",
        ],
    )
    .await;
    Ok(PersonRecord {
        kind: person.kind,
        id: person.id,
        office: person.office,
        first_name: row.first_name,
        last_name: row.last_name,
        email: row.email,
        phone: row.phone,
        languages: row.languages,
        sectors: row.sectors,
        state: row.state,
        eligibility: row.eligibility,
        consents,
        withdrawn_on: row.withdrawn_on,
        anonymised_at: row.anonymised_at.filter(|a| !a.is_empty() && a != "NONE"),
        can_erase: who.role() == Role::Admin,
    })
}

/// Records a consent given or withdrawn (with the notice's current version). Withdrawing a
/// required one starts the person's exit: open duos close and the person leaves the programme.
pub async fn record_consent(
    app: &AppState,
    who: &Principal,
    reference: &str,
    kind: &str,
    given: bool,
) -> Result<Vec<ConsentStatus>, AppError> {
    let db = &app.db;
    let person = resolve_for(db, who, reference).await?;
    let kind = check_consent_kind(kind, person.kind)?;
    let sql = format!(
        "CREATE consent CONTENT {{
            person: $person, office: $office, kind: $kind, given: $given,
            notice_version: $version, recorded_by: $by, at: time::now()
        }};
        {AUDIT}"
    );
    let record = person.record();
    let action = if given {
        "consent_given"
    } else {
        "consent_withdrawn"
    };
    // No screen shows consents live, so no change is announced: a plain transaction, not
    // `ChangeNote::commit` (the record and its audit row still commit together).
    transact(db, sql, |q| {
        let q = q
            .bind(("person", record.clone()))
            .bind(("office", person.office.clone()))
            .bind(("kind", kind))
            .bind(("given", given))
            .bind(("version", NOTICE_VERSION))
            .bind(("by", who.user.id.clone()));
        audit::bind(q, Actor::User(who), action, &record, &[kind])
    })
    .await
    .map_err(|e| e.or(AppError::Busy))?;
    if consent_required(kind, person.kind) {
        if given {
            // Given again (a withdrawal by mistake, a change of mind): no anonymisation is due
            // for it any more; the record is not anonymised yet, or nothing could be undone.
            db.query(
                "UPDATE type::record($table, $id) SET withdrawn_on = NONE
                 WHERE withdrawn_on != NONE AND anonymised_at = NONE",
            )
            .bind(("table", person.kind.table()))
            .bind(("id", person.id.clone()))
            .await
            .and_then(|r| r.check())
            .map_err(read_error)?;
        } else {
            start_exit(app, who, &person).await?;
        }
    }
    Ok(statuses(person.kind, &history(db, &person).await?))
}

/// Records which eligibility criterion was verified, by whom and today.
pub async fn verify_eligibility(
    app: &AppState,
    who: &Principal,
    reference: &str,
    criterion: &str,
) -> Result<Eligibility, AppError> {
    let db = &app.db;
    let person = resolve_for(db, who, reference).await?;
    if person.kind != PersonKind::Mentee {
        return Err(AppError::invalid("criterion", Invalid::Unknown));
    }
    let criterion = check_criterion(criterion)?;
    let eligibility = Eligibility {
        criterion: criterion.to_string(),
        verified_by: who.user.display_name.clone(),
        verified_on: crate::clock::today().to_string(),
    };
    let sql = format!(
        "UPDATE type::record('mentee', $id) SET eligibility = $eligibility,
            updated_at = time::now(), version += 1;
        {AUDIT}"
    );
    let record = person.record();
    // No screen shows eligibility live: a plain transaction with its audit row, no change note.
    transact(db, sql, |q| {
        let q = q.bind(("id", person.id.clone())).bind((
            "eligibility",
            serde_json::to_value(&eligibility).unwrap_or_default(),
        ));
        audit::bind(q, Actor::User(who), "update", &record, &["eligibility"])
    })
    .await
    .map_err(|e| e.or(AppError::Busy))?;
    Ok(eligibility)
}

#[derive(Deserialize)]
struct OpenDuo {
    id: String,
    state: DuoState,
}

/// Ends a person's participation after a required consent was withdrawn: each open duo closes
/// through the duo's own state machine (declined before it started, ended early after), then
/// the person is marked withdrawn. The next retention run anonymises them.
pub async fn start_exit(
    app: &AppState,
    who: &Principal,
    person: &PersonRef,
) -> Result<(), AppError> {
    let db = &app.db;
    let mut resp = db
        .query(
            "SELECT record::id(id) AS id, state FROM duo
             WHERE (mentee = type::record($table, $id) OR mentor = type::record($table, $id))
               AND state IN ['draft', 'proposed', 'intro_scheduled', 'intro_held', 'agreed', 'active', 'on_hold']",
        )
        .bind(("table", person.kind.table()))
        .bind(("id", person.id.clone()))
        .await
        .map_err(read_error)?;
    let open: Vec<OpenDuo> = rows(&mut resp, 0)?;
    for duo in open {
        let (to, reason) = match duo.state {
            DuoState::Active | DuoState::OnHold => ("ended_early", "personal"),
            _ => ("declined", "other"),
        };
        let request = TransitionRequest {
            to: to.to_string(),
            reason: Some(reason.to_string()),
            note: None,
            ..TransitionRequest::default()
        };
        // The exit goes on whatever one duo says: the person leaves, and the duo left open (a
        // rare race) stays on the office's alert list for its coordinator.
        // A draft was never proposed: it is taken back, as if it never was.
        if duo.state == DuoState::Draft {
            if let Err(e) = crate::duos::server::dissolve_duo(app, who, &duo.id).await {
                tracing::warn!(duo = %duo.id, error = %e, "a draft of a withdrawn person stays");
            }
            continue;
        }
        let closed = match crate::duos::life::transition(app, who, &duo.id, &request).await {
            Err(_) if duo.state.can_dissolve() => {
                crate::duos::server::dissolve_duo(app, who, &duo.id)
                    .await
                    .map(|_| ())
            }
            other => other.map(|_| ()),
        };
        if let Err(e) = closed {
            tracing::warn!(duo = %duo.id, error = %e, "a duo of a withdrawn person stays open");
        }
    }
    let state = match person.kind {
        PersonKind::Mentee => "'withdrawn', waiting_since = NONE",
        PersonKind::Mentor => "'alumni', available_since = NONE",
    };
    let note = ChangeNote {
        kind: "person.withdrawn",
        office: person.office.clone(),
        ids: vec![person.record()],
        actor: Some(who.user.id.clone()),
    };
    let sql = format!(
        "UPDATE type::record($table, $id) SET state = {state}, withdrawn_on = $today,
            updated_at = time::now(), version += 1;
        {AUDIT}"
    );
    let record = person.record();
    note.commit(app, &sql, AppError::Busy, |q| {
        let q = q
            .bind(("table", person.kind.table()))
            .bind(("id", person.id.clone()))
            .bind(("today", crate::clock::today().to_string()));
        audit::bind(q, Actor::User(who), "withdraw", &record, &["state"])
    })
    .await
}
