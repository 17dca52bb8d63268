//! Server half of the directory: one page of an office's mentees and mentors, searched, filtered,
//! sorted and counted in the database (never by loading an office into memory).
use super::{DirectoryPage, DirectoryQuery, DirectoryRow};
use crate::auth::server::Principal;
use crate::db::{read_error, rows, Db};
use crate::domain::directory::{check, Search, Sort};
use crate::error::AppError;
use crate::people::server::list_offices;
use serde::Deserialize;

/// The condition shared by the page and its count, with its parameters bound by [`bind`].
fn condition(search: &Search) -> String {
    let mut parts = vec!["office IN $offices".to_string()];
    // Anonymised records are not people one looks for, unless asked for by their state.
    if search.state.as_deref() != Some("anonymised") {
        parts.push("anonymised_at = NONE".into());
    }
    if search.state.is_some() {
        parts.push("state = $state".into());
    }
    if search.sector.is_some() {
        parts.push("$sector IN sectors".into());
    }
    if search.language.is_some() {
        parts.push("$language IN languages".into());
    }
    if search.min_days.is_some() {
        parts.push("state_since <= time::now() - duration::from_days($min_days)".into());
    }
    // The search key and the words go through the same folding (`string::slug`).
    for i in 0..search.words.len() {
        parts.push(format!("string::contains(search, string::slug($w{i}))"));
    }
    if search.phone.is_some() {
        parts.push("string::contains(search, $phone)".into());
    }
    parts.join(" AND ")
}

/// The tables a search reads: one kind, or both.
fn tables_of(search: &Search) -> Vec<&'static str> {
    search.kinds.iter().map(|k| k.table()).collect()
}

/// The order of the rows, the same on the page and in the export; the key breaks ties, so
/// paging never shows a person twice or skips one.
fn order_of(sort: Sort) -> &'static str {
    match sort {
        Sort::Name => "last_name ASC, first_name ASC, key ASC",
        Sort::Since => "since ASC, key ASC",
        Sort::Recent => "created_at DESC, key ASC",
    }
}

fn bind<'r>(
    mut q: surrealdb::method::Query<'r, surrealdb::engine::any::Any>,
    search: &Search,
    offices: &[String],
) -> surrealdb::method::Query<'r, surrealdb::engine::any::Any> {
    q = q
        .bind(("offices", offices.to_vec()))
        .bind(("state", search.state.clone()))
        .bind(("sector", search.sector.clone()))
        .bind(("language", search.language.clone()))
        .bind(("phone", search.phone.clone()))
        .bind(("limit", i64::from(search.per_page)))
        .bind(("start", search.start() as i64));
    if let Some(days) = search.min_days {
        q = q.bind(("min_days", i64::from(days)));
    }
    for (i, w) in search.words.iter().enumerate() {
        q = q.bind((format!("w{i}"), w.clone()));
    }
    q
}

/// A row as the database answers it (the key is not called `id`: the projection would then
/// read its own alias in place of the record).
#[derive(Deserialize)]
struct Found {
    kind: crate::domain::privacy::PersonKind,
    key: String,
    first_name: String,
    last_name: String,
    state: String,
    office: String,
    since: String,
}

impl Found {
    fn row(self) -> DirectoryRow {
        DirectoryRow {
            id: self.key,
            kind: self.kind,
            first_name: self.first_name,
            last_name: self.last_name,
            state: self.state,
            office: self.office,
            since_day: crate::clock::local_day(&self.since),
            since: self.since,
        }
    }
}

#[derive(Deserialize)]
struct Count {
    n: i64,
}

/// One page of the directory (coordinators see their offices, administrators every office;
/// headquarters and mentors are refused).
pub async fn page(
    db: &Db,
    who: &Principal,
    query: &DirectoryQuery,
) -> Result<DirectoryPage, AppError> {
    let search = check(query)?;
    let offices = list_offices(who, search.office.as_deref())?;
    let tables = tables_of(&search);
    let from = tables.join(", ");
    let cond = condition(&search);
    let order = order_of(search.sort);
    // One count per table (a count over several tables at once is not grouped into one row).
    let counts: String = tables
        .iter()
        .map(|t| format!("SELECT count() AS n FROM {t} WHERE {cond} GROUP ALL;"))
        .collect();
    let sql = format!(
        "SELECT record::tb(id) AS kind, record::id(id) AS key, first_name, last_name, state,
                office, <string> state_since AS since, created_at
         FROM {from} WHERE {cond} ORDER BY {order} LIMIT $limit START $start;
         {counts}"
    );
    let mut resp = bind(db.query(sql), &search, &offices)
        .await
        .map_err(read_error)?;
    let items: Vec<DirectoryRow> = rows::<Found>(&mut resp, 0)?
        .into_iter()
        .map(Found::row)
        .collect();
    let mut total = 0u64;
    for i in 0..tables.len() {
        let n: Vec<Count> = rows(&mut resp, i + 1)?;
        total += n.first().map_or(0, |c| c.n.max(0) as u64);
    }
    Ok(DirectoryPage { total, items })
}

/// The most rows one export holds (an office's whole directory fits many times over).
pub const EXPORT_MAX: i64 = 50_000;

/// The directory's current view as CSV rows (header first): every matching person, sorted as
/// on the page, each cell safe from spreadsheet formulas. The export is audited.
pub async fn export_rows(
    db: &Db,
    who: &Principal,
    query: &DirectoryQuery,
) -> Result<Vec<Vec<String>>, AppError> {
    let search = check(&DirectoryQuery {
        page: None,
        per_page: None,
        ..query.clone()
    })?;
    let offices = list_offices(who, search.office.as_deref())?;
    let from = tables_of(&search).join(", ");
    let cond = condition(&search);
    let order = order_of(search.sort);
    let sql = format!(
        "SELECT record::tb(id) AS kind, record::id(id) AS key, first_name, last_name, state,
                office, <string> state_since AS since, created_at, email, phone
         FROM {from} WHERE {cond} ORDER BY {order} LIMIT {EXPORT_MAX}"
    );
    let mut resp = bind(db.query(sql), &search, &offices)
        .await
        .map_err(read_error)?;
    #[derive(Deserialize)]
    struct Line {
        kind: String,
        key: String,
        first_name: String,
        last_name: String,
        state: String,
        office: String,
        since: String,
        email: Option<String>,
        phone: Option<String>,
    }
    let lines: Vec<Line> = rows(&mut resp, 0)?;
    let mut out = vec![[
        "id",
        "kind",
        "first_name",
        "last_name",
        "state",
        "office",
        "since",
        "email",
        "phone",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect::<Vec<_>>()];
    for l in lines {
        out.push(
            [
                l.key,
                l.kind,
                l.first_name,
                l.last_name,
                l.state,
                l.office,
                crate::clock::local_day(&l.since),
                l.email.unwrap_or_default(),
                l.phone.unwrap_or_default(),
            ]
            .into_iter()
            .map(crate::metrics::tables::inert)
            .collect(),
        );
    }
    crate::privacy::audit::record(
        db,
        crate::privacy::audit::Actor::User(who),
        "export",
        "directory",
        &["first_name", "last_name", "email", "phone"],
    )
    .await;
    Ok(out)
}
