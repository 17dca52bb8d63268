//! Server half of the directory: one page of an office's mentees and mentors, searched, filtered,
//! sorted and counted in the database (never by loading an office into memory).
//!
//! Each table of each office is read on its own: that way every view is a range of one index,
//! read in the order asked (by name, by time in the state, newest first) only as deep as the
//! page, and counted from an index (see migration 11). The few lists that come back are merged
//! here in the same order. A search finds each word through the index of word pieces
//! ([`word_lookup`]) before any person is read.
use super::{DirectoryPage, DirectoryQuery, DirectoryRow};
use crate::auth::server::Principal;
use crate::db::{read_error, rows, Db};
use crate::domain::directory::{check, word_lookup, Search, Sort, WordLookup};
use crate::domain::privacy::PersonKind;
use crate::error::AppError;
use crate::people::server::list_offices;
use serde::Deserialize;
use std::cmp::Ordering;

/// Whether a condition is for a list's rows or for its count: the same people, written for the
/// plan each is quickest with (measured by `make bench-directory`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    /// The rows: a sector or language is checked on the rows read in the index's order, so a
    /// page stops after its last row.
    Rows,
    /// The count: a sector or language is looked up in its own index, so nobody is read.
    Count,
}

/// A SurrealQL string literal of `text`, quoted and escaped.
///
/// The values an index is read with are written into the query, not bound: with a bound
/// parameter the planner cannot count from the index and reads every person instead (ten to
/// twenty times slower, measured with `make bench-directory`). Each is checked before (an
/// office, state, sector or language of the code's lists; a word's runs of letters or digits)
/// and escaped here all the same.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The condition of one table of one office. The whole words a search checks as typed are
/// bound (`$w0`, `$phone`; see [`bind`]).
fn condition(
    search: &Search,
    words: &[(String, WordLookup)],
    phone: Option<&WordLookup>,
    office: &str,
    cutoff: Option<&str>,
    usage: Use,
) -> String {
    let mut parts = Vec::new();
    if search.state.as_deref() == Some("anonymised") {
        // Anonymised records are listed only when asked for by their state.
        parts.push(format!("office = {}", quoted(office)));
    } else {
        // `listed` is the office of the people one looks for: nobody anonymised.
        parts.push(format!("listed = {}", quoted(office)));
    }
    if let Some(state) = &search.state {
        parts.push(format!("state = {}", quoted(state)));
    }
    if let Some(cutoff) = cutoff {
        parts.push(format!("state_since <= d{}", quoted(cutoff)));
    }
    for (field, given) in [("sectors", &search.sector), ("languages", &search.language)] {
        if let Some(value) = given {
            parts.push(match usage {
                Use::Rows => format!("{} IN {field}", quoted(value)),
                Use::Count => format!("{field} CONTAINS {}", quoted(value)),
            });
        }
    }
    // Each word folded as the search key is (see [`fold_words`]).
    for (i, (_, lookup)) in words.iter().enumerate() {
        for term in &lookup.terms {
            parts.push(format!("search @@ {}", quoted(term)));
        }
        if lookup.exact {
            parts.push(format!("string::contains(search, $w{i})"));
        }
    }
    if let Some(lookup) = phone {
        for term in &lookup.terms {
            parts.push(format!("search @@ {}", quoted(term)));
        }
        if lookup.exact {
            parts.push("string::contains(search, $phone)".into());
        }
    }
    parts.join(" AND ")
}

/// The order of one list: the order of its index, which keeps equal values in the order of the
/// records' keys (named here all the same, so a plan that sorts agrees), as [`compare`] does.
fn order_of(sort: Sort) -> &'static str {
    match sort {
        Sort::Name => "last_name ASC, first_name ASC, id ASC",
        Sort::Since => "state_since ASC, id ASC",
        Sort::Recent => "created_rank ASC, id ASC",
    }
}

/// The same order on rows already read, to merge the lists of several tables and offices.
fn compare(sort: Sort, a: &Found, b: &Found) -> Ordering {
    let first = match sort {
        Sort::Name => (a.last_name.as_str(), a.first_name.as_str())
            .cmp(&(b.last_name.as_str(), b.first_name.as_str())),
        Sort::Since => a.since_rank.cmp(&b.since_rank),
        Sort::Recent => a.created_rank.cmp(&b.created_rank),
    };
    first
        .then_with(|| a.key.cmp(&b.key))
        .then_with(|| a.kind.table().cmp(b.kind.table()))
}

/// Which lists a search reads: each table it asks for, in each office.
fn lists(search: &Search, offices: &[String]) -> Vec<(&'static str, String)> {
    search
        .kinds
        .iter()
        .flat_map(|k| offices.iter().map(move |o| (k.table(), o.clone())))
        .collect()
}

fn bind<'r>(
    mut q: surrealdb::method::Query<'r, surrealdb::engine::any::Any>,
    search: &Search,
    words: &[(String, WordLookup)],
) -> surrealdb::method::Query<'r, surrealdb::engine::any::Any> {
    q = q.bind(("phone", search.phone.clone()));
    for (i, (folded, _)) in words.iter().enumerate() {
        q = q.bind((format!("w{i}"), folded.clone()));
    }
    q
}

/// Each searched word as the database folds the search key (`string::slug`: accents, case,
/// other scripts, signs), with how the index finds it. Folding here, in the same function,
/// keeps a word and the key it is looked for in alike, whatever the alphabet.
async fn fold_words(db: &Db, search: &Search) -> Result<Vec<(String, WordLookup)>, AppError> {
    if search.words.is_empty() {
        return Ok(Vec::new());
    }
    let mut resp = db
        .query("RETURN $words.map(|$w| string::slug($w))")
        .bind(("words", search.words.clone()))
        .await
        .map_err(read_error)?;
    let folded: Vec<String> = rows(&mut resp, 0)?;
    Ok(folded
        .into_iter()
        .map(|f| {
            let lookup = word_lookup(&f);
            (f, lookup)
        })
        .collect())
}

/// A row as the database answers it (the key is not called `id`: the projection would then
/// read its own alias in place of the record, which the order needs).
#[derive(Deserialize)]
struct Found {
    kind: PersonKind,
    key: String,
    first_name: String,
    last_name: String,
    state: String,
    office: String,
    since: String,
    /// `state_since` and `created_at` as nanoseconds (the latter negated: newest first).
    since_rank: i64,
    created_rank: i64,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
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

/// The people of a search from its `start`-th to its `upto`-th, in its order, and how many
/// match in all. `contact` adds the email address and phone number (for the export only).
async fn read(
    db: &Db,
    search: &Search,
    offices: &[String],
    (start, upto): (u64, u64),
    contact: bool,
) -> Result<(Vec<Found>, u64), AppError> {
    let words = fold_words(db, search).await?;
    let phone = search.phone.as_deref().map(word_lookup);
    let lists = lists(search, offices);
    let order = order_of(search.sort);
    let contact_fields = if contact { ", email, phone" } else { "" };
    // "In their state for at least n days": since before this instant.
    let cutoff = search.min_days.map(|days| {
        (chrono::Utc::now() - chrono::Duration::days(i64::from(days)))
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
    });
    let (mut select, mut count) = (String::new(), String::new());
    for (table, office) in &lists {
        let [rows, counted] = [Use::Rows, Use::Count].map(|usage| {
            condition(
                search,
                &words,
                phone.as_ref(),
                office,
                cutoff.as_deref(),
                usage,
            )
        });
        select.push_str(&format!(
            "SELECT id, record::tb(id) AS kind, record::id(id) AS key, first_name, last_name,
                    state, office, <string> state_since AS since,
                    time::nano(state_since) AS since_rank, created_rank{contact_fields}
             FROM {table} WHERE {rows} ORDER BY {order} LIMIT {upto};"
        ));
        count.push_str(&format!(
            "SELECT count() AS n FROM {table} WHERE {counted} GROUP ALL;"
        ));
    }
    let total_of = |resp: &mut surrealdb::IndexedResults, first: usize| {
        let mut total = 0u64;
        for part in 0..lists.len() {
            let n: Vec<Count> = rows(resp, first + part)?;
            total += n.first().map_or(0, |c| c.n.max(0) as u64);
        }
        Ok::<u64, AppError>(total)
    };
    // The first page reads its rows and the count in one round trip; a later page is read
    // only when there is one (past the end, nobody is read).
    let (mut resp, total, rows_at) = if start == 0 {
        let mut resp = bind(db.query(format!("{count}{select}")), search, &words)
            .await
            .map_err(read_error)?;
        let total = total_of(&mut resp, 0)?;
        (resp, total, lists.len())
    } else {
        let mut counted = bind(db.query(count), search, &words)
            .await
            .map_err(read_error)?;
        let total = total_of(&mut counted, 0)?;
        if start >= total {
            return Ok((Vec::new(), total));
        }
        let resp = bind(db.query(select), search, &words)
            .await
            .map_err(read_error)?;
        (resp, total, 0)
    };
    let mut found: Vec<Found> = Vec::new();
    for part in 0..lists.len() {
        found.extend(rows::<Found>(&mut resp, rows_at + part)?);
    }
    found.sort_by(|a, b| compare(search.sort, a, b));
    found.truncate(upto as usize);
    Ok((found.into_iter().skip(start as usize).collect(), total))
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
    let start = search.start();
    let upto = start + u64::from(search.per_page);
    let (found, total) = read(db, &search, &offices, (start, upto), false).await?;
    let items = found.into_iter().map(Found::row).collect();
    Ok(DirectoryPage { total, items })
}

/// The most rows one export holds (an office's whole directory fits many times over).
pub const EXPORT_MAX: u64 = 50_000;

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
    let (lines, _) = read(db, &search, &offices, (0, EXPORT_MAX), true).await?;
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
                l.kind.table().to_string(),
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
