//! `duo`: serve the app, or manage accounts, from one binary.
// Leptos' typed views of the larger pages nest deeply in release builds.
#![recursion_limit = "512"]
use anyhow::Context;
use app::auth::server::{create_user, NewUser};
use app::model::Role;
use app::state::AppState;
use clap::{Parser, Subcommand};
use server::{demo, http, schema};
use std::io::Read;
use std::net::SocketAddr;

#[derive(Parser)]
#[command(
    name = "duo",
    version,
    about = "Duo: the platform of an intergenerational mentoring programme"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app, the JSON API and the health check.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "DUO_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Database URL: surrealkv://PATH (embedded, on disk), mem:// (in memory) or ws://HOST:PORT.
        #[arg(long, env = "DUO_DB", default_value = "surrealkv://data")]
        db: String,
        /// Seed demo offices, people, duos and sign-ins when the database is empty.
        #[arg(long, env = "DUO_DEMO")]
        demo: bool,
    },
    /// Manage sign-in accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Apply the schema's migrations. On a SurrealDB server this runs as its owner: a root user
    /// (`--owner`, default `DUO_DB_OWNER_USER`) whose password is read from `DUO_DB_OWNER_PASS`
    /// or standard input, used for this command only.
    Migrate {
        #[arg(long, env = "DUO_DB", default_value = "surrealkv://data")]
        db: String,
        #[arg(long, env = "DUO_DB_OWNER_USER", default_value = "root")]
        owner: String,
    },
    /// Write a consistent, gzip-compressed export of the whole database (SurrealDB's own
    /// export) to a file: of an embedded database no server holds, or of a SurrealDB server
    /// while Duo runs on it.
    Backup {
        #[arg(long, env = "DUO_DB", default_value = "surrealkv://data")]
        db: String,
        /// The file to write (`duo-2026-12-02.surql.gz`).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Load a backup into an empty database (refuses one that holds anything). On a SurrealDB
    /// server this runs as its owner, as `migrate` does.
    Restore {
        #[arg(long, env = "DUO_DB", default_value = "surrealkv://data")]
        db: String,
        /// The backup to load.
        #[arg(long = "in")]
        input: std::path::PathBuf,
        #[arg(long, env = "DUO_DB_OWNER_USER", default_value = "root")]
        owner: String,
    },
    /// Data retention (the server also runs it every day).
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Anonymise everyone due now: the configured months after their last follow-up, or at
    /// once after a required consent was withdrawn.
    Run {
        #[arg(long, env = "DUO_DB", default_value = "surrealkv://data")]
        db: String,
        /// List who is due without changing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account; the password is read from standard input.
    Add {
        #[arg(long, env = "DUO_DB", default_value = "surrealkv://data")]
        db: String,
        #[arg(long)]
        email: String,
        /// admin, hq, coordinator or mentor.
        #[arg(long)]
        role: String,
        /// An office the account works for (repeat for several; coordinators need at least one).
        #[arg(long = "office")]
        offices: Vec<String>,
        /// The mentor record of a mentor's account.
        #[arg(long)]
        mentor: Option<String>,
        /// The name shown in the app.
        #[arg(long)]
        name: Option<String>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                // Background tasks of the embedded engine report their cancellation at exit as
                // errors; nothing is lost, so that target stays quiet.
                .unwrap_or_else(|_| {
                    "info,surrealdb=warn,surrealkv=warn,surrealdb_core::kvs::tasks=off".into()
                }),
        )
        .init();
    match Cli::parse().command {
        Command::Serve { addr, db, demo } => serve(addr, &db, demo).await,
        Command::Retention {
            command: RetentionCommand::Run { db, dry_run },
        } => retention_run(&db, dry_run).await,
        Command::Migrate { db, owner } => {
            let db = open_for_owner(&db, &owner).await?;
            schema::migrate(&db)
                .await
                .context("applying the migrations")?;
            println!("the schema is up to date");
            Ok(())
        }
        Command::Backup { db, out } => {
            // SurrealDB exports over HTTP, not over a WebSocket: same server, other protocol.
            let url = schema::export_url(&db);
            let source = schema::open(&url).await.map_err(|e| held(e, &db))?;
            let bytes = app::backups::export_to(&source, &out)
                .await
                .context("writing the backup")?;
            println!("backup written to {} ({bytes} bytes)", out.display());
            Ok(())
        }
        Command::Restore { db, input, owner } => {
            let target = open_for_owner(&schema::export_url(&db), &owner).await?;
            app::backups::restore_from(&target, &input)
                .await
                .with_context(|| format!("restoring {}", input.display()))?;
            // A backup of an older Duo gets the migrations it missed.
            schema::migrate(&target)
                .await
                .context("applying the migrations")?;
            println!("restored {} into {db}", input.display());
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    db,
                    email,
                    role,
                    offices,
                    mentor,
                    name,
                },
        } => {
            let role =
                Role::parse(&role).context("--role must be admin, hq, coordinator or mentor")?;
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .context("reading the password from stdin")?;
            let password = password.trim_end_matches(['\n', '\r']).to_string();
            let db = schema::connect(&db).await.context("opening the database")?;
            let user = create_user(
                &db,
                NewUser {
                    email,
                    password,
                    role,
                    offices,
                    mentor,
                    display_name: name,
                },
            )
            .await
            .map_err(|e| {
                anyhow::anyhow!("{}", app::texts::error_message(app::i18n::Locale::en, &e))
            })?;
            println!(
                "created {} ({}) id={}",
                user.email,
                user.role.as_str(),
                user.id
            );
            Ok(())
        }
    }
}

async fn retention_run(db_url: &str, dry_run: bool) -> anyhow::Result<()> {
    let db = schema::connect(db_url).await.map_err(|e| {
        if schema::held_elsewhere(&e) {
            anyhow::anyhow!(
                "the database {db_url} is open in a running `duo serve`, which runs retention \
                 itself every day; run it now from the administration page (Retention, Run now) \
                 or with POST /api/v1/retention/run, or stop the server first"
            )
        } else {
            e.context("opening the database")
        }
    })?;
    let state = AppState::new(db);
    let today = app::clock::today();
    let explain = |e: app::error::AppError| {
        anyhow::anyhow!("{}", app::texts::error_message(app::i18n::Locale::en, &e))
    };
    if dry_run {
        let months = app::privacy::retention::setting(&state.db)
            .await
            .map_err(explain)?
            .months;
        let due = app::privacy::retention::due(&state.db, months, today)
            .await
            .map_err(explain)?;
        println!(
            "{} people due for anonymisation (retention {months} months)",
            due.len()
        );
        for person in due {
            println!("  {}", person.record());
        }
        return Ok(());
    }
    let report = app::privacy::retention::run(&state, today)
        .await
        .map_err(explain)?;
    println!("anonymised {} people", report.anonymised);
    for person in report.people {
        println!("  {person}");
    }
    Ok(())
}

/// The database to migrate or restore: an embedded one as it is, a SurrealDB server as its owner
/// (password from `DUO_DB_OWNER_PASS` or standard input, never kept).
async fn open_for_owner(url: &str, owner: &str) -> anyhow::Result<app::db::Db> {
    if !schema::is_remote(url) {
        return schema::open(url).await.map_err(|e| held(e, url));
    }
    let password = match std::env::var("DUO_DB_OWNER_PASS") {
        Ok(p) => p,
        Err(_) => {
            use std::io::IsTerminal;
            if std::io::stdin().is_terminal() {
                eprint!("password of the database owner {owner}: ");
            }
            let mut p = String::new();
            std::io::stdin()
                .read_line(&mut p)
                .context("reading the owner's password from stdin")?;
            p.trim_end_matches(['\n', '\r']).to_string()
        }
    };
    schema::open_as_owner(url, owner, &password)
        .await
        .with_context(|| format!("signing in to {url} as {owner}"))
}

/// An embedded database held by a running server is backed up by that server.
fn held(e: anyhow::Error, url: &str) -> anyhow::Error {
    if schema::held_elsewhere(&e) {
        anyhow::anyhow!(
            "the database {url} is open in a running `duo serve`: stop it first, or let it back \
             itself up (DUO_BACKUP_DIR: every night, and POST /api/v1/backups when an \
             administrator asks)"
        )
    } else {
        e.context(format!("opening the database {url}"))
    }
}

/// The hour of the night (Europe/Brussels) when retention runs.
const RETENTION_HOUR: u32 = 3;

/// Runs retention shortly after start, then every night at 03:00 Europe/Brussels (summer time
/// too), for as long as the server runs.
fn schedule_retention(state: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = app::privacy::retention::run(&state, app::clock::today()).await {
                tracing::error!(error = %e, "the retention run failed; it runs again tomorrow");
            }
            app::clock::sleep_until_local_hour(RETENTION_HOUR).await;
        }
    });
}

async fn serve(addr: SocketAddr, db_url: &str, demo: bool) -> anyhow::Result<()> {
    // Mailed links must point at Duo's real address, never at one taken from a request.
    if app::accounts::mail::configured() && std::env::var("DUO_PUBLIC_URL").is_err() {
        anyhow::bail!(
            "DUO_SMTP_URL is set: set DUO_PUBLIC_URL too (e.g. https://duo.example.org), the \
             address that invitation and reset links point to"
        );
    }
    let db = schema::connect(db_url)
        .await
        .with_context(|| format!("opening the database {db_url}"))?;
    if demo && demo::is_empty(&db).await? {
        tracing::info!("seeding demo data");
        demo::seed(&db).await.context("seeding demo data")?;
    }
    let mut options = leptos::prelude::get_configuration(None)
        .context("reading the Leptos configuration")?
        .leptos_options;
    options.site_addr = addr;
    // cargo-leptos names the app's files by their content (`hash-files`) and says so while it
    // builds; `duo serve` run on its own still finds them through `hash.txt` beside it.
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        options.hash_files = option_env!("LEPTOS_HASH_FILES") == Some("true");
    }
    if options.hash_files {
        let beside = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.to_path_buf()))
            .unwrap_or_default();
        let pkg =
            std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
        server::assets::check_build(
            &beside.join(options.hash_file.as_ref()),
            &pkg,
            &options.output_name,
        )
        .map_err(anyhow::Error::msg)?;
        // Said once at start: whether the mentor's page is served light (`ui::islands_bundle`).
        match app::ui::islands_bundle::served(&options) {
            Some(bundle) => {
                tracing::info!(wasm = %bundle.wasm, "the mentor's page is served as islands")
            }
            None => tracing::warn!(
                "no islands' build beside this binary (islands.txt): the mentor's page is served \
                 as the whole app; `bash .ci/build` makes it"
            ),
        }
    }
    // Forwarded headers count only behind a proxy Duo is told to trust.
    let mut state =
        AppState::new(db).trusting_proxy(std::env::var("DUO_TRUST_PROXY").is_ok_and(|v| v == "1"));
    if let Some(dir) = std::env::var_os("DUO_BACKUP_DIR").filter(|d| !d.is_empty()) {
        let dir = std::path::PathBuf::from(dir);
        app::backups::private_folder(&dir)
            .with_context(|| format!("creating DUO_BACKUP_DIR {}", dir.display()))?;
        let mut backups = app::backups::Backups::new(dir);
        let export_url = schema::export_url(db_url);
        if export_url != db_url {
            // Exports go over HTTP: a connection opened (and signed in) for each backup.
            let connect: app::backups::Connector = std::sync::Arc::new(move || {
                let url = export_url.clone();
                let opening: futures::future::BoxFuture<'static, Result<app::db::Db, String>> =
                    Box::pin(async move { schema::open(&url).await.map_err(|e| format!("{e:#}")) });
                opening
            });
            backups = backups.reading(connect);
        }
        state = state.backing_up(backups);
        tokio::spawn(app::backups::nightly(state.clone()));
    }
    let hub = state.events.clone();
    if schema::is_remote(db_url) {
        // Changes committed by other instances on the same database reach this one's screens.
        tokio::spawn(app::live::feed::follow(state.db.clone(), hub.clone()));
    } else {
        // One process holds an embedded database: no other instance, nothing to poll for.
        tracing::info!("one instance on an embedded database: the change feed is not polled");
    }
    schedule_retention(state.clone());
    // Mentors whose pause ends today are available again (checked every quarter of an hour).
    tokio::spawn(app::mentor::comeback::wake_paused_every(
        state.clone(),
        std::time::Duration::from_secs(15 * 60),
    ));
    // Password resets people ask for are prepared one at a time, from a bounded queue.
    tokio::spawn(app::accounts::server::send_requested_resets(state.clone()));
    // Notifications: made by a sweep every few minutes (and at once after a step), mailed
    // when a mail server is configured. Every instance may run both: each notice is made and
    // mailed once.
    if let Some(mailer) = app::notify::mailer::Mailer::from_env() {
        state = state.mailing(mailer.map_err(|e| anyhow::anyhow!("the mail server: {e}"))?);
        tokio::spawn(app::notify::outbox::deliver_forever(state.clone()));
    }
    tokio::spawn(app::notify::sweep::sweep_every(state.clone()));
    // The figures' copy of the programme is read whole once, now, rather than by the first
    // dashboard opened (seconds at 100,000 people); afterwards only changes are read.
    let warm = state.clone();
    tokio::spawn(async move {
        let read = warm.figures.generation(&warm.db, &warm.events).await;
        if let Err(e) = read {
            tracing::warn!(error = ?e, "reading the programme for the figures failed; the first dashboard will");
        }
    });
    let app = http::router(options, state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    println!("Duo is running at http://{addr}");
    if demo {
        println!("Demo sign-ins (password: {}):", demo::DEMO_PASSWORD);
        for (email, _, role, offices) in demo::DEMO_USERS {
            println!("  {email:<26} {:<12} {}", role.as_str(), offices.join(", "));
        }
        println!("  {:<26} {:<12} brussels", "mentor@duo.example", "mentor");
    }
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        // Open live streams end, so in-flight requests can finish and the server stops.
        hub.close();
    })
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Ctrl-C or SIGTERM: stop accepting, finish what is in flight, then exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
