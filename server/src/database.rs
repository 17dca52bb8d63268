//! How Duo reaches its database: the address it opens (SurrealKV syncs every commit), who it
//! signs in as on a SurrealDB server, and the refusal of default credentials. Deciding is pure
//! (unit tested); [`open`] only carries the decision out.
use app::db::Db;

/// The namespace and database Duo keeps everything in.
pub const NAMESPACE: &str = "duo";
pub const DATABASE: &str = "duo";

/// Who a connection acts for: the running app, or the owner who changes the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// `duo serve` and the everyday commands: a database-level user (`DUO_DB_USER`,
    /// `DUO_DB_PASS`) with the EDITOR role on `duo`/`duo` only.
    Run,
    /// `duo migrate` and `duo restore`: a root user of the server (`DUO_DB_OWNER_USER`,
    /// `DUO_DB_OWNER_PASS`), given only for that command.
    Own,
}

impl Purpose {
    /// The environment variables holding this purpose's user name and password.
    pub fn variables(self) -> (&'static str, &'static str) {
        match self {
            Purpose::Run => ("DUO_DB_USER", "DUO_DB_PASS"),
            Purpose::Own => ("DUO_DB_OWNER_USER", "DUO_DB_OWNER_PASS"),
        }
    }
}

/// How to sign in, once decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Login {
    /// An embedded engine: no users, no sign-in.
    Embedded,
    /// A database-level user of `duo`/`duo` (the app's everyday user).
    Database { username: String, password: String },
    /// A root user of the server (the owner, for migrations and restores).
    Root { username: String, password: String },
}

/// Why Duo refuses to connect.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RefusedLogin {
    #[error(
        "{url} is a SurrealDB server: set {user_var} and {pass_var} (see the README, \
         \"Database users\")"
    )]
    Missing {
        url: String,
        user_var: &'static str,
        pass_var: &'static str,
    },
    #[error(
        "{url} is a SurrealDB server: refusing the default credentials root/root in \
         {user_var}/{pass_var}; create Duo's own user (see the README, \"Database users\")"
    )]
    Default {
        url: String,
        user_var: &'static str,
        pass_var: &'static str,
    },
    #[error(
        "{url}: Duo syncs every SurrealKV commit to disk; remove the `sync` parameter from the URL"
    )]
    SyncOverridden { url: String },
}

/// Why a connection could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(transparent)]
    Refused(#[from] RefusedLogin),
    #[error(transparent)]
    Database(#[from] surrealdb::Error),
    #[error(
        "the database's schema lacks migrations {pending:?}: run `duo migrate` with the owner's \
         credentials (DUO_DB_OWNER_USER, DUO_DB_OWNER_PASS) first"
    )]
    SchemaBehind { pending: Vec<u32> },
}

/// Whether a URL names a SurrealDB server (rather than an embedded engine).
pub fn is_server(url: &str) -> bool {
    ["ws://", "wss://", "http://", "https://"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// The address to export from or import into: the SDK moves backups over HTTP, not over the
/// WebSocket the app uses, so `ws://`/`wss://` become `http://`/`https://` (same server).
pub fn export_address(url: &str) -> String {
    if let Some(rest) = url.strip_prefix("ws://") {
        format!("http://{rest}")
    } else if let Some(rest) = url.strip_prefix("wss://") {
        format!("https://{rest}")
    } else {
        url.to_string()
    }
}

/// The address actually opened: a `surrealkv://` database syncs every commit to disk
/// (`sync=every`, which also outranks any `SURREAL_DATASTORE_SYNC` in the environment); other
/// URLs are opened as they are.
pub fn engine_address(url: &str) -> Result<String, RefusedLogin> {
    if !url.starts_with("surrealkv://") {
        return Ok(url.to_string());
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let names_sync = |p: &str| p.split('=').next() == Some("sync");
    if let Some(given) = params.iter().find(|p| names_sync(p)) {
        if *given != "sync=every" {
            return Err(RefusedLogin::SyncOverridden {
                url: url.to_string(),
            });
        }
        params.retain(|p| !names_sync(p));
    }
    params.push("sync=every");
    Ok(format!("{path}?{}", params.join("&")))
}

/// Decides how to sign in to `url` for `purpose`, from the user name and password given (the
/// values of [`Purpose::variables`]). A server never gets the default `root`/`root`, nor no
/// credentials at all.
pub fn login(
    url: &str,
    purpose: Purpose,
    username: Option<String>,
    password: Option<String>,
) -> Result<Login, RefusedLogin> {
    if !is_server(url) {
        return Ok(Login::Embedded);
    }
    let (user_var, pass_var) = purpose.variables();
    let (Some(username), Some(password)) = (
        username.filter(|u| !u.is_empty()),
        password.filter(|p| !p.is_empty()),
    ) else {
        return Err(RefusedLogin::Missing {
            url: url.to_string(),
            user_var,
            pass_var,
        });
    };
    if username == "root" && password == "root" {
        return Err(RefusedLogin::Default {
            url: url.to_string(),
            user_var,
            pass_var,
        });
    }
    Ok(match purpose {
        Purpose::Run => Login::Database { username, password },
        Purpose::Own => Login::Root { username, password },
    })
}

/// [`login`] with the credentials of the environment.
pub fn login_from_env(url: &str, purpose: Purpose) -> Result<Login, RefusedLogin> {
    let (user_var, pass_var) = purpose.variables();
    login(
        url,
        purpose,
        std::env::var(user_var).ok(),
        std::env::var(pass_var).ok(),
    )
}

/// Opens `url` for `purpose` (credentials from the environment) on Duo's namespace and
/// database, without migrating.
pub async fn open(url: &str, purpose: Purpose) -> Result<Db, ConnectError> {
    let login = login_from_env(url, purpose)?;
    let db = surrealdb::engine::any::connect(engine_address(url)?).await?;
    match login {
        Login::Embedded => {}
        Login::Database { username, password } => {
            db.signin(surrealdb::opt::auth::Database {
                namespace: NAMESPACE.into(),
                database: DATABASE.into(),
                username,
                password,
            })
            .await?;
        }
        Login::Root { username, password } => {
            db.signin(surrealdb::opt::auth::Root { username, password })
                .await?;
        }
    }
    db.use_ns(NAMESPACE).use_db(DATABASE).await?;
    Ok(std::sync::Arc::new(db))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(s: &str) -> Option<String> {
        Some(s.to_string())
    }

    #[test]
    fn a_server_with_default_or_missing_credentials_is_refused() {
        for url in ["ws://db:8000", "wss://db", "http://db:8000", "https://db"] {
            for purpose in [Purpose::Run, Purpose::Own] {
                assert!(matches!(
                    login(url, purpose, some("root"), some("root")),
                    Err(RefusedLogin::Default { .. })
                ));
                for (user, pass) in [
                    (None, None),
                    (some("duo"), None),
                    (None, some("secret")),
                    (some(""), some("")),
                ] {
                    assert!(matches!(
                        login(url, purpose, user, pass),
                        Err(RefusedLogin::Missing { .. })
                    ));
                }
            }
        }
    }

    #[test]
    fn the_app_signs_in_as_a_database_user_and_the_owner_as_root() {
        assert_eq!(
            login(
                "ws://db:8000",
                Purpose::Run,
                some("duo_app"),
                some("s3cret")
            ),
            Ok(Login::Database {
                username: "duo_app".into(),
                password: "s3cret".into()
            })
        );
        assert_eq!(
            login("ws://db:8000", Purpose::Own, some("root"), some("l0ng")),
            Ok(Login::Root {
                username: "root".into(),
                password: "l0ng".into()
            })
        );
    }

    #[test]
    fn embedded_engines_need_no_credentials() {
        for url in ["surrealkv://data", "mem://", "memory"] {
            assert_eq!(login(url, Purpose::Run, None, None), Ok(Login::Embedded));
            assert_eq!(
                login(url, Purpose::Own, some("root"), some("root")),
                Ok(Login::Embedded)
            );
        }
    }

    #[test]
    fn backups_of_a_server_go_over_http() {
        assert_eq!(export_address("ws://db:8000"), "http://db:8000");
        assert_eq!(export_address("wss://db.example"), "https://db.example");
        assert_eq!(export_address("surrealkv://data"), "surrealkv://data");
    }

    #[test]
    fn surrealkv_syncs_every_commit() {
        assert_eq!(
            engine_address("surrealkv://data").unwrap(),
            "surrealkv://data?sync=every"
        );
        assert_eq!(
            engine_address("surrealkv:///var/lib/duo?versioned=true").unwrap(),
            "surrealkv:///var/lib/duo?versioned=true&sync=every"
        );
        assert_eq!(
            engine_address("surrealkv://data?sync=every").unwrap(),
            "surrealkv://data?sync=every"
        );
        for weaker in ["never", "5s"] {
            assert!(matches!(
                engine_address(&format!("surrealkv://data?sync={weaker}")),
                Err(RefusedLogin::SyncOverridden { .. })
            ));
        }
        assert_eq!(engine_address("mem://").unwrap(), "mem://");
        assert_eq!(engine_address("ws://db:8000").unwrap(), "ws://db:8000");
    }

    /// The engine's own parser reads the address Duo opens (query parameters outrank the
    /// environment, as in `surrealdb_kvs_any`), even when the environment asks for no sync.
    #[test]
    fn the_surrealkv_engine_reads_sync_every_from_the_address() {
        use surrealdb_cnf::ConfigMap;
        use surrealdb_kvs::config::SyncMode;
        use surrealdb_kvs_surrealkv::SurrealKvConfig;
        let address = engine_address("surrealkv://data").unwrap();
        let (_, query) = address.split_once('?').expect("query parameters");
        let environment = ConfigMap::empty().with_key_value("datastore_sync", "never");
        let config = environment
            .join(ConfigMap::from_config_string(query).map_keys(|k| format!("datastore_{k}")))
            .load::<SurrealKvConfig>();
        assert_eq!(config.sync_mode, SyncMode::Every);
    }
}
