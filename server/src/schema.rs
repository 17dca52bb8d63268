//! The database schema: SCHEMAFULL tables defined by numbered, idempotent migrations applied at
//! start. A migration runs once per database; every statement is also safe to run again.
mod scripts;

use app::db::Db;
use scripts::{v1, v10, v11, v13, v14, v4, v5, v7, v9, V12, V15, V2, V3, V6, V8};

/// Migrations in order. Never edit a released one: add the next. The lists of names that the
/// `ASSERT`s accept (states, roles, offices…) are built from the code that owns them (see
/// [`scripts::one_of`]), so a new database always agrees with the code. An applied migration
/// never runs again, though: when such a list changes, the next migration redefines its field
/// with `DEFINE FIELD OVERWRITE`, built with the same list.
pub fn migrations() -> [(u32, &'static str, String); 15] {
    [
        (1, "core tables of the board", v1()),
        (2, "change outbox for live events", V2.to_string()),
        (3, "matching profiles and office weights", V3.to_string()),
        (4, "the duo's life: dates, timeline, meetings", v4()),
        (5, "goals, check-ins and outcomes", v5()),
        (
            6,
            "figures: yearly targets, kept aggregates on duos",
            V6.to_string(),
        ),
        (
            7,
            "privacy: consents, eligibility, audit log, account links, throttling, retention",
            v7(),
        ),
        (
            8,
            "throttling: a counter's previous failure",
            V8.to_string(),
        ),
        (
            9,
            "a person's own steps, since when in a state, the directory's search key",
            v9(),
        ),
        (
            10,
            "information sessions, training modules and attendance",
            v10(),
        ),
        (
            11,
            "the directory at office scale: listing indexes, a search index of word pieces",
            v11(),
        ),
        (
            12,
            "the mentor's answer after a duo: another, a pause until a date, or stop",
            V12.to_string(),
        ),
        (
            13,
            "notifications and the mentee's own voice: inbox, mail outbox, email settings, single-use links, self-reported outcomes",
            v13(),
        ),
        (
            14,
            "the mentor's closing evaluation of a duo",
            v14(),
        ),
        (
            15,
            "change feeds on what the figures read, so the dashboard re-reads only what changed",
            V15.to_string(),
        ),
    ]
}

/// Brings the schema up to date. Safe to call at every start, from several instances.
pub async fn migrate(db: &Db) -> Result<(), surrealdb::Error> {
    db.query(
        "DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL;
         DEFINE FIELD IF NOT EXISTS name ON migration TYPE string;
         DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE datetime;",
    )
    .await?
    .check()?;
    for (version, name, script) in migrations() {
        let mut done = db
            .query("SELECT VALUE record::id(id) FROM type::record('migration', $v)")
            .bind(("v", i64::from(version)))
            .await?;
        let applied: Vec<i64> = done.take(0)?;
        if !applied.is_empty() {
            continue;
        }
        tracing::info!(version, name, "applying migration");
        db.query(script).await?.check()?;
        db.query("UPSERT type::record('migration', $v) SET name = $name, applied_at = time::now()")
            .bind(("v", i64::from(version)))
            .bind(("name", name.to_string()))
            .await?
            .check()?;
    }
    Ok(())
}

/// The namespace and database Duo keeps its data in.
pub const NAMESPACE: &str = "duo";
pub const DATABASE: &str = "duo";

/// Whether a database URL names a SurrealDB server (which asks for credentials) rather than an
/// embedded engine in this process.
pub fn is_remote(url: &str) -> bool {
    ["ws://", "wss://", "http://", "https://"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// The URL to export from or import into: SurrealDB does both over HTTP, not over a WebSocket,
/// so `ws://host` becomes `http://host` (the same server); other URLs stay as they are.
pub fn export_url(url: &str) -> String {
    if let Some(rest) = url.strip_prefix("ws://") {
        format!("http://{rest}")
    } else if let Some(rest) = url.strip_prefix("wss://") {
        format!("https://{rest}")
    } else {
        url.to_string()
    }
}

/// An embedded SurrealKV database syncs every commit to disk before it is acknowledged
/// (`sync=every`), said explicitly rather than left to the engine's default; a `sync` the URL
/// sets itself is kept.
pub fn durable(url: &str) -> String {
    if !url.starts_with("surrealkv://") || url.contains("sync=") {
        return url.to_string();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}sync=every")
}

/// Why Duo refuses the credentials it was given for a SurrealDB server.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CredentialProblem {
    #[error(
        "connecting to a SurrealDB server needs DUO_DB_USER and DUO_DB_PASS: a user of the \
         database `duo` (DEFINE USER … ON DATABASE … ROLES EDITOR; see the README)"
    )]
    Missing,
    #[error(
        "DUO_DB_USER/DUO_DB_PASS are SurrealDB's default root/root: Duo refuses them; create a \
         database user with its own password (see the README)"
    )]
    Default,
}

/// The database-level user the app signs in as on a SurrealDB server: never root, never the
/// default password.
pub fn app_credentials(
    user: Option<String>,
    pass: Option<String>,
) -> Result<(String, String), CredentialProblem> {
    let (Some(user), Some(pass)) = (user, pass) else {
        return Err(CredentialProblem::Missing);
    };
    if user.is_empty() || pass.is_empty() {
        return Err(CredentialProblem::Missing);
    }
    if user == "root" && pass == "root" {
        return Err(CredentialProblem::Default);
    }
    Ok((user, pass))
}

/// Opens a database URL (`surrealkv://path`, `mem://`, `ws://host:port`, `http://host:port`) on
/// Duo's namespace and database, without touching the schema. On a server, the app signs in as
/// the database user of `DUO_DB_USER`/`DUO_DB_PASS` (see [`app_credentials`]).
pub async fn open(url: &str) -> anyhow::Result<Db> {
    // Credentials are checked before anything is reached.
    let credentials = if is_remote(url) {
        Some(app_credentials(
            std::env::var("DUO_DB_USER").ok(),
            std::env::var("DUO_DB_PASS").ok(),
        )?)
    } else {
        None
    };
    let db = surrealdb::engine::any::connect(durable(url)).await?;
    if let Some((username, password)) = credentials {
        db.signin(surrealdb::opt::auth::Database {
            namespace: NAMESPACE.into(),
            database: DATABASE.into(),
            username,
            password,
        })
        .await?;
    }
    db.use_ns(NAMESPACE).use_db(DATABASE).await?;
    Ok(std::sync::Arc::new(db))
}

/// Opens a SurrealDB server as its owner, for migrations and restores: a root user whose
/// password is given once, for that command, and never kept.
pub async fn open_as_owner(url: &str, user: &str, pass: &str) -> anyhow::Result<Db> {
    let db = surrealdb::engine::any::connect(url).await?;
    db.signin(surrealdb::opt::auth::Root {
        username: user.to_string(),
        password: pass.to_string(),
    })
    .await?;
    db.use_ns(NAMESPACE).use_db(DATABASE).await?;
    Ok(std::sync::Arc::new(db))
}

/// Whether opening failed because another process holds the embedded database (see
/// [`app::db::held_by_another_process`]).
pub fn held_elsewhere(e: &anyhow::Error) -> bool {
    e.downcast_ref::<surrealdb::Error>()
        .is_some_and(app::db::held_by_another_process)
}

/// The migrations a database has not applied yet.
pub async fn pending(db: &Db) -> Result<Vec<u32>, surrealdb::Error> {
    let mut done = db
        .query("IF (INFO FOR DB).tables.migration { SELECT VALUE record::id(id) FROM migration } ELSE { [] }")
        .await?;
    let applied: Vec<i64> = done.take(0)?;
    Ok(migrations()
        .iter()
        .map(|(v, _, _)| *v)
        .filter(|v| !applied.contains(&i64::from(*v)))
        .collect())
}

/// Whether the signed-in user may manage users (an OWNER): a harmless probe, as SurrealDB checks
/// the permission before it looks for the user to remove.
pub async fn may_manage_users(db: &Db) -> bool {
    db.query("REMOVE USER IF EXISTS duo_probe_nobody ON DATABASE")
        .await
        .and_then(|r| r.check())
        .is_ok()
}

/// Opens a database ready for the app. An embedded database is migrated here. On a SurrealDB
/// server migrations are the owner's step (`duo migrate`), so a server that misses one is
/// refused with that command; so is an app user who could manage users (an OWNER, not the
/// EDITOR the README asks for).
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    let db = open(url).await?;
    if is_remote(url) {
        if may_manage_users(&db).await {
            anyhow::bail!(
                "DUO_DB_USER may manage users (an OWNER): give Duo a database user with the \
                 EDITOR role only (see the README)"
            );
        }
        let missing = pending(&db).await?;
        if !missing.is_empty() {
            anyhow::bail!(
                "the database misses migrations {missing:?}: run `duo migrate --db {url}` with \
                 the owner's credentials first (see the README)"
            );
        }
    } else {
        migrate(&db).await?;
    }
    Ok(db)
}

#[cfg(test)]
mod tests {
    /// Length and fingerprint of each released migration's text (see the test below).
    const RELEASED: [(u32, usize, u64); 14] = [
        // Migration 1's list of mentor states grew `withdrawn` (redefined by migration 9).
        (1, 5179, 0xd99bc116c1e769b1),
        (2, 468, 0x53abb5d17a7307ed),
        (3, 2156, 0xab1710007edcc33b),
        (4, 1743, 0xa98ca0ae6a2c7cb6),
        (5, 2818, 0xc95489dbd674fc11),
        (6, 691, 0x021ef304f9c3092c),
        (7, 3599, 0x8bbf2b0e58e7c89e),
        (8, 71, 0x24231769b72a25c1),
        (9, 2715, 0xe0942af38a32d83b),
        (10, 2168, 0x5d2c178f762c982d),
        (11, 2050, 0x944c213e7add31b5),
        (12, 361, 0xa4c9703303481025),
        (13, 4630, 0xe4fe0324e37b577e),
        (14, 242, 0x60e282150a58adb1),
    ];

    use super::*;
    use app::domain::followup::{Moment, SITUATIONS};
    use app::domain::lifecycle::MEETING_MODES;
    use app::domain::privacy::{CONSENT_KINDS, ELIGIBILITY_CRITERIA};
    use app::domain::reference::OFFICES;
    use app::domain::states::{DuoState, MenteeState, MentorState};
    use app::model::Role;

    /// The names of a SurrealQL list's inside: `"a", "b"`.
    fn names_in(list: &str) -> Vec<String> {
        list.split(", ")
            .map(|n| {
                let name = n.strip_prefix('"').and_then(|n| n.strip_suffix('"'));
                name.expect("a quoted name").to_string()
            })
            .collect()
    }

    /// Each `ASSERT $value IN [...]` of the migrations, read back from their text:
    /// (table, field, the names it accepts).
    fn asserted_lists() -> Vec<(String, String, Vec<String>)> {
        let mut found = Vec::new();
        for (_, _, script) in migrations() {
            for line in script.lines() {
                let Some((head, list)) = line.split_once(" ASSERT $value IN [") else {
                    continue;
                };
                let words: Vec<&str> = head.split_whitespace().collect();
                // `DEFINE FIELD IF NOT EXISTS f ON t` first, `DEFINE FIELD OVERWRITE f ON t`
                // in a later migration that changes the list: the last definition counts.
                let rest = match words[..3] {
                    ["DEFINE", "FIELD", "OVERWRITE"] => &words[3..],
                    _ if words[..5] == ["DEFINE", "FIELD", "IF", "NOT", "EXISTS"] => &words[5..],
                    _ => panic!("an asserted list outside a field definition: {line}"),
                };
                assert_eq!(rest[1], "ON", "{line}");
                let list = list.strip_suffix("];").expect("a list ends the line");
                let (table, field) = (rest[2].to_string(), rest[0].to_string());
                found.retain(|(t, f, _)| (t, f) != (&table, &field));
                found.push((table, field, names_in(list)));
            }
        }
        found.sort();
        found
    }

    /// FNV-1a: a stable fingerprint of a migration's text (the standard library's hasher may
    /// change between Rust versions).
    fn fingerprint(text: &str) -> u64 {
        text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// A database that applied a migration never runs it again, so a released migration must
    /// never change — not even through a list of the code it is built from (a new state, a new
    /// office). When this fails, such a list changed: add the next migration, which redefines
    /// the field with `DEFINE FIELD OVERWRITE` built with the same list (as `migrations()`
    /// says), so databases that applied the old text get the new list too; then record the new
    /// fingerprints in `RELEASED`.
    #[test]
    fn released_migrations_never_change() {
        let released: [(u32, usize, u64); 14] = RELEASED;
        let now: Vec<(u32, usize, u64)> = migrations()
            .iter()
            .map(|(v, _, text)| (*v, text.len(), fingerprint(text)))
            .collect();
        assert_eq!(now[..released.len()], released[..], "now: {now:#x?}");
    }

    fn owned<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        names.into_iter().map(str::to_string).collect()
    }

    #[test]
    fn every_asserted_list_is_the_list_of_the_code() {
        let of = |table: &str, field: &str, names: Vec<String>| {
            (table.to_string(), field.to_string(), names)
        };
        let mut expected = vec![
            of("mentee", "office", owned(OFFICES)),
            of("mentor", "office", owned(OFFICES)),
            of(
                "mentee",
                "state",
                owned(MenteeState::ALL.iter().map(|s| s.as_str())),
            ),
            of(
                "mentor",
                "state",
                owned(MentorState::ALL.iter().map(|s| s.as_str())),
            ),
            of(
                "duo",
                "state",
                owned(DuoState::ALL.iter().map(|s| s.as_str())),
            ),
            of("user", "role", owned(Role::ALL.iter().map(|r| r.as_str()))),
            of("meeting", "mode", owned(MEETING_MODES)),
            of(
                "outcome",
                "moment",
                owned(Moment::ALL.iter().map(|m| m.as_str())),
            ),
            of("outcome", "situation", owned(SITUATIONS)),
            of(
                "mentee",
                "eligibility.criterion",
                owned(ELIGIBILITY_CRITERIA),
            ),
            of("consent", "kind", owned(CONSENT_KINDS)),
            // The one list with no type in the code: the two kinds of account link.
            of("account_link", "purpose", owned(["invitation", "reset"])),
            of("training_module", "office", owned(OFFICES)),
            of("office_session", "office", owned(OFFICES)),
            of(
                "office_session",
                "kind",
                owned(
                    app::domain::sessions::SESSION_KINDS
                        .iter()
                        .map(|k| k.as_str()),
                ),
            ),
            of(
                "notice",
                "kind",
                owned(
                    app::domain::notices::NoticeKind::ALL
                        .iter()
                        .map(|k| k.as_str()),
                ),
            ),
            of("notice", "mail", owned(app::domain::notices::MAIL_STATES)),
            of(
                "voice_link",
                "moment",
                owned(Moment::ALL.iter().map(|m| m.as_str())),
            ),
            of(
                "self_report",
                "moment",
                owned(Moment::ALL.iter().map(|m| m.as_str())),
            ),
            of(
                "self_report",
                "situation",
                owned(app::domain::voice::self_situations()),
            ),
            of(
                "attendance",
                "person_kind",
                owned(app::domain::privacy::PERSON_KINDS.iter().map(|k| k.table())),
            ),
        ];
        expected.sort();
        assert_eq!(asserted_lists(), expected);
    }

    #[test]
    fn the_offices_created_are_the_offices_of_the_code() {
        let v1 = &migrations()[0].2;
        let seeded = v1
            .lines()
            .find_map(|l| l.strip_prefix("FOR $slug IN ["))
            .and_then(|l| l.strip_suffix("] {"))
            .expect("the offices are seeded");
        assert_eq!(names_in(seeded), owned(OFFICES));
    }

    /// The search index holds the pieces of words the directory asks for.
    #[test]
    fn the_search_index_holds_the_pieces_the_directory_asks_for() {
        let pieces = app::domain::directory::INDEXED_PIECE;
        let analyzer = format!("ngram({}, {})", pieces.start(), pieces.end());
        assert!(migrations()[10].2.contains(&analyzer), "{analyzer}");
    }

    #[test]
    fn migrations_are_numbered_in_order() {
        let versions: Vec<u32> = migrations().iter().map(|(v, _, _)| *v).collect();
        assert_eq!(versions, (1..=versions.len() as u32).collect::<Vec<_>>());
    }
}
