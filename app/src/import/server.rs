//! Server half of the import: the caller may work with the people of the office, the file is
//! read and checked off the async runtime, the people already recorded in the offices the caller
//! sees are read in one projection, and a real import without errors writes every new person, their audit rows and
//! one change note in one transaction (all or nothing).
use crate::auth::server::Principal;
use crate::db::{new_key, read_error, rows, Db};
use crate::domain::import::{
    find_duplicates, read_sheet, to_create, Candidate, Existing, ImportOutcome,
};
use crate::domain::privacy::PersonKind;
use crate::domain::reference::is_office;
use crate::error::{AppError, Invalid};
use crate::live::change::ChangeNote;
use crate::people::server::{profile_json, PERSON_FIELDS};
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::state::AppState;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// Checks (`dry_run`) or imports a file of `kind` into `office`. A real import with any error
/// writes nothing; probable duplicates are reported and skipped, never created. Duplicates are
/// looked for only among the people of the offices the caller sees: an answer naming a record
/// of another office would tell a coordinator who is registered there.
pub async fn import_people(
    app: &AppState,
    who: &Principal,
    kind: PersonKind,
    office: &str,
    file: Vec<u8>,
    dry_run: bool,
) -> Result<ImportOutcome, AppError> {
    if !is_office(office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    who.require_people_of(office)?;
    let place = office.to_string();
    let sheet = crate::heavy::run(move || read_sheet(kind, &place, &file)).await?;
    let existing = if sheet.candidates.is_empty() {
        vec![]
    } else {
        recorded(&app.db, kind, &who.people_offices()).await?
    };
    let (sheet, duplicates) = crate::heavy::run(move || {
        let duplicates = find_duplicates(&sheet.candidates, &existing);
        (sheet, duplicates)
    })
    .await?;
    let fresh = to_create(&sheet, &duplicates);
    let mut created = fresh.len() as u32;
    if !sheet.errors.is_empty() && !dry_run {
        created = 0;
    } else if !dry_run && !fresh.is_empty() {
        write(app, who, kind, office, &fresh).await?;
    }
    Ok(ImportOutcome {
        dry_run,
        created,
        more_errors: sheet.more_errors,
        errors: sheet.errors,
        duplicates,
        rows: sheet.rows,
    })
}

/// A person already recorded, as the projection reads them.
#[derive(Deserialize)]
struct Recorded {
    key: String,
    first_name: String,
    last_name: String,
    email: Option<String>,
    phone: Option<String>,
    postcode: Option<String>,
}

/// Everyone of `kind` in `offices` (those whose people the caller sees: an administrator's are
/// all of them), except the anonymised: the fields the duplicate check compares, in one query.
async fn recorded(
    db: &Db,
    kind: PersonKind,
    offices: &[String],
) -> Result<Vec<Existing>, AppError> {
    let table = kind.table();
    let mut resp = db
        .query(format!(
            "SELECT record::id(id) AS key, first_name, last_name, email, phone,
                    profile.postcode AS postcode
             FROM {table} WHERE anonymised_at = NONE AND office IN $offices"
        ))
        .bind(("offices", offices.to_vec()))
        .await
        .map_err(read_error)?;
    Ok(rows::<Recorded>(&mut resp, 0)?
        .into_iter()
        .map(|r| Existing {
            id: crate::live::record_id(table, &r.key),
            first_name: r.first_name,
            last_name: r.last_name,
            email: r.email,
            phone: r.phone,
            postcode: r.postcode,
        })
        .collect())
}

/// A new person as the transaction's loop reads them; absent options are left out (SurrealDB's
/// `option<>` fields take NONE, not NULL).
fn row_of(key: &str, c: &Candidate) -> Value {
    let p = &c.person;
    let mut row = Map::new();
    row.insert("id".into(), json!(key));
    row.insert("first_name".into(), json!(p.first_name));
    row.insert("last_name".into(), json!(p.last_name));
    row.insert("languages".into(), json!(p.languages));
    row.insert("sectors".into(), json!(p.sectors));
    row.insert("state".into(), json!(c.state));
    row.insert("capacity".into(), json!(c.capacity));
    row.insert("profile".into(), profile_json(&p.profile));
    for (name, value) in [("email", &p.email), ("phone", &p.phone), ("note", &c.note)] {
        if let Some(value) = value {
            row.insert(name.into(), json!(value));
        }
    }
    Value::Object(row)
}

/// Creates every person of `fresh` with their audit row, and one change note naming them all,
/// as one transaction: the same record `create_mentee` / `create_mentor` write.
async fn write(
    app: &AppState,
    who: &Principal,
    kind: PersonKind,
    office: &str,
    fresh: &[&Candidate],
) -> Result<(), AppError> {
    let table = kind.table();
    let keys: Vec<String> = fresh.iter().map(|_| new_key()).collect();
    let people: Vec<Value> = keys.iter().zip(fresh).map(|(k, c)| row_of(k, c)).collect();
    // Nobody is imported waiting or available (see `MENTEE_IMPORT_STATES`): no day starts.
    let specific = match kind {
        PersonKind::Mentee => "",
        PersonKind::Mentor => "capacity: $p.capacity, load: 0,",
    };
    // The audit row of each person: the one statement every write uses, for this record.
    let audit_row = AUDIT
        .replace("$audit_record", &format!("'{table}:' + $p.id"))
        .replace("};", "} RETURN NONE;");
    let sql = format!(
        "FOR $p IN $people {{
            CREATE type::record('{table}', $p.id) CONTENT {{
                first_name: $p.first_name, last_name: $p.last_name, office: $office,
                languages: $p.languages, sectors: $p.sectors, state: $p.state,
                email: $p.email, phone: $p.phone, {specific} profile: $p.profile,
                note: $p.note,
                created_at: time::now(), updated_at: time::now(), version: 1
            }} RETURN NONE;
            {audit_row}
        }};"
    );
    let note = ChangeNote {
        kind: match kind {
            PersonKind::Mentee => "mentee.created",
            PersonKind::Mentor => "mentor.created",
        },
        office: office.to_string(),
        ids: keys
            .iter()
            .map(|k| crate::live::record_id(table, k))
            .collect(),
        actor: Some(who.user.id.clone()),
    };
    let office = office.to_string();
    note.commit(app, &sql, AppError::Busy, |q| {
        let q = q
            .bind(("people", Value::Array(people)))
            .bind(("office", office));
        audit::bind(q, Actor::User(who), "create", "", PERSON_FIELDS)
    })
    .await
}
