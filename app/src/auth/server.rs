//! Server half of sign-in: password hashes, sessions, and who the caller is.
use crate::auth::passwords::PasswordWork;
use crate::auth::throttle::{self, Counters};
use crate::db::{first, read_error, Db};
use crate::domain::reference::is_office;
use crate::error::{AppError, Invalid};
use crate::model::{Role, UserInfo};
use crate::state::AppState;
use axum::http::HeaderMap;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Name of the session cookie (HttpOnly, SameSite=Lax).
pub const SESSION_COOKIE: &str = "duo_session";
/// How long a session lasts after sign-in.
pub const SESSION_HOURS: i64 = 12;

/// The request header that carries the caller's network address, set by the server's own
/// middleware (any copy sent by a client is replaced), for the audit log and sign-in throttling.
pub const CLIENT_ADDR_HEADER: &str = "x-duo-client-addr";

/// The caller's network address as the middleware recorded it.
pub fn client_addr(headers: &HeaderMap) -> String {
    headers
        .get(CLIENT_ADDR_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .unwrap_or("unknown")
        .to_string()
}

/// The caller of a request, checked on the server for every access.
#[derive(Clone, Debug)]
pub struct Principal {
    pub user: UserInfo,
    /// The session token, for signing out.
    pub token: String,
    /// Where the request came from (network address), for the audit log.
    pub from: String,
}

impl Principal {
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// Whether the caller may see the people of an office (names, contacts, cards).
    pub fn sees_people_of(&self, office: &str) -> bool {
        match self.user.role {
            Role::Admin => true,
            Role::Coordinator => self.user.offices.iter().any(|o| o == office),
            Role::Hq | Role::Mentor => false,
        }
    }

    pub fn require_people_of(&self, office: &str) -> Result<(), AppError> {
        if self.sees_people_of(office) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The office asked for, or else the first office whose people the caller may see.
    pub fn office_or_first(&self, office: Option<String>) -> Result<String, AppError> {
        match office.filter(|o| !o.is_empty()) {
            Some(o) => Ok(o),
            None => self
                .people_offices()
                .into_iter()
                .next()
                .ok_or(AppError::Forbidden),
        }
    }

    /// Offices whose people the caller may see.
    pub fn people_offices(&self) -> Vec<String> {
        crate::domain::reference::OFFICES
            .iter()
            .filter(|o| self.sees_people_of(o))
            .map(|o| o.to_string())
            .collect()
    }
}

/// Hashes a password with Argon2id, through the process's bounded queue of password work.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    PasswordWork::shared().hash(password).await
}

/// Session tokens are stored only as their SHA-256, so a copy of the database opens no session.
pub fn token_key(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Deserialize)]
struct UserRow {
    id: String,
    email: String,
    display_name: String,
    role: Role,
    offices: Vec<String>,
    mentor: Option<String>,
    password_hash: String,
    disabled: bool,
}

impl UserRow {
    fn info(self) -> UserInfo {
        let offices = match self.role {
            Role::Admin | Role::Hq => crate::domain::reference::OFFICES
                .iter()
                .map(|o| o.to_string())
                .collect(),
            _ => self.offices,
        };
        UserInfo {
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            role: self.role,
            offices,
            mentor: self.mentor,
        }
    }
}

const USER_FIELDS: &str =
    "record::id(id) AS id, email, display_name, role, offices, mentor, password_hash, disabled";

// A real Argon2id hash of a random password, verified when the email is unknown so that
// a wrong email costs as much time as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3yO1Ey0yXUN0MHuY1FbcsOaRBq5Jd7tEj0HwLJSGMbs";

/// Checks an email and password and opens a session. Returns the token and the user.
///
/// Failures are counted for the account from this address, for the address, and for the
/// account from anywhere; past a few (5, 20 and 50), every further attempt must wait longer
/// (1 s, 2 s, 4 s … up to 15 min) — even with the right password, or guessing would go on. The
/// account's own owner, at their usual address, is only slowed by an attack on their account
/// from many addresses. Each attempt is counted in the database before its password is checked
/// (see [`throttle`]), so bursts and several instances get no more checks than that; the check
/// itself waits in the bounded queue of password work (busy: 503). A session presented with
/// the request is ended.
pub async fn login(
    state: &AppState,
    email: &str,
    password: &str,
    from: &str,
    previous_token: Option<&str>,
) -> Result<(String, UserInfo), AppError> {
    let db = &state.db;
    let email = email.trim().to_lowercase();
    let counters = Counters::of(&email, from);
    throttle::admit(db, &counters, state.clock.now()).await?;
    let mut resp = db
        .query(format!(
            "SELECT {USER_FIELDS} FROM user WHERE email = $email LIMIT 1"
        ))
        .bind(("email", email))
        .await
        .map_err(read_error)?;
    let row: Option<UserRow> = first(&mut resp, 0)?;
    let Some(row) = row else {
        checked(state, &counters, password, DUMMY_HASH).await?;
        return Err(AppError::BadCredentials);
    };
    let matches = checked(state, &counters, password, &row.password_hash).await?;
    if !matches || row.disabled {
        return Err(AppError::BadCredentials);
    }
    throttle::forgive(db, &counters).await?;
    if let Some(previous) = previous_token {
        logout(db, previous).await?;
    }
    let token = open_session(db, &row.id, from).await?;
    Ok((token, row.info()))
}

/// Checks a password in the bounded queue. An attempt turned away as busy checked nothing, so
/// its count is taken back: filling the queue must not throttle people who never got a check.
async fn checked(
    state: &AppState,
    counters: &Counters,
    password: &str,
    hash: &str,
) -> Result<bool, AppError> {
    let verdict = state
        .passwords
        .verify(password.to_string(), hash.to_string())
        .await;
    if matches!(verdict, Err(AppError::Busy)) {
        throttle::uncount(&state.db, counters).await?;
    }
    verdict
}

/// Opens a new session for an account and returns its token.
pub async fn open_session(db: &Db, user: &str, from: &str) -> Result<String, AppError> {
    let token = new_token();
    db.query(
        "CREATE type::record('session', $key) CONTENT {
            user: type::record('user', $user),
            created_at: time::now(),
            expires_at: time::now() + duration::from_hours($hours),
            from: $from
        }",
    )
    .bind(("key", token_key(&token)))
    .bind(("user", user.to_string()))
    .bind(("hours", SESSION_HOURS))
    .bind(("from", from.to_string()))
    .await
    .and_then(|r| r.check())
    .map_err(read_error)?;
    Ok(token)
}

/// Ends every session of an account (disabled, password changed, erased).
pub async fn end_sessions(db: &Db, user: &str) -> Result<(), AppError> {
    db.query("DELETE session WHERE user = type::record('user', $user)")
        .bind(("user", user.to_string()))
        .await
        .and_then(|r| r.check())
        .map_err(read_error)?;
    Ok(())
}

/// Ends a session.
pub async fn logout(db: &Db, token: &str) -> Result<(), AppError> {
    db.query("DELETE type::record('session', $key)")
        .bind(("key", token_key(token)))
        .await
        .and_then(|r| r.check())
        .map_err(read_error)?;
    Ok(())
}

/// The user behind a session token, if the session is live and the account enabled.
pub async fn principal_for_token(db: &Db, token: &str) -> Result<Option<Principal>, AppError> {
    if token.len() != 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let mut resp = db
        .query(format!(
            "LET $s = (SELECT user, expires_at FROM ONLY type::record('session', $key));
             IF $s != NONE AND $s.expires_at > time::now() {{
                 (SELECT {USER_FIELDS} FROM ONLY $s.user)
             }} ELSE {{ NONE }};"
        ))
        .bind(("key", token_key(token)))
        .await
        .map_err(read_error)?;
    let row: Option<UserRow> = first(&mut resp, 1)?;
    Ok(row.filter(|r| !r.disabled).map(|r| Principal {
        user: r.info(),
        token: token.to_string(),
        from: String::new(),
    }))
}

/// The account behind a user id, as the app shows it.
pub async fn principal_user(db: &Db, id: &str) -> Result<UserInfo, AppError> {
    let row: UserRow = crate::db::load_one(db, "user", USER_FIELDS, id).await?;
    Ok(row.info())
}

/// The session token of a request: `Authorization: Bearer …` first, then the session cookie.
pub fn token_from_headers(headers: &HeaderMap) -> Option<String> {
    if let Some(bearer) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return Some(bearer.trim().to_string());
    }
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
}

/// The caller of a request, or `Unauthenticated`.
pub async fn principal(db: &Db, headers: &HeaderMap) -> Result<Principal, AppError> {
    match token_from_headers(headers) {
        Some(token) => principal_for_token(db, &token)
            .await?
            .map(|p| Principal {
                from: client_addr(headers),
                ..p
            })
            .ok_or(AppError::Unauthenticated),
        None => Err(AppError::Unauthenticated),
    }
}

/// Where the middleware writes whether the request reached us over HTTPS (`1`) for what runs
/// after it; whatever a client sent under this name is removed first.
pub const HTTPS_HEADER: &str = "x-duo-https";

/// The one decision "did this request come over HTTPS": Duo itself speaks plain HTTP, so only
/// a TLS-terminating proxy that Duo is told to trust (`DUO_TRUST_PROXY=1`) can say so, with
/// `X-Forwarded-Proto`. Without that trust the header is anyone's word and counts for nothing.
pub fn forwarded_https(headers: &HeaderMap, trust_proxy: bool) -> bool {
    trust_proxy
        && headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// Whether the request reached us over HTTPS, as the middleware decided ([`forwarded_https`]):
/// HSTS and the session cookie's `Secure` both follow it.
pub fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get(HTTPS_HEADER)
        .is_some_and(|v| v.as_bytes() == b"1")
}

/// The `Set-Cookie` value that stores a session (or clears it, with an empty token).
pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = if token.is_empty() {
        0
    } else {
        SESSION_HOURS * 3600
    };
    let secure = if secure { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// A new account, as the `duo user add` command and (later) invitations create it.
pub struct NewUser {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub offices: Vec<String>,
    pub mentor: Option<String>,
    pub display_name: Option<String>,
}

/// Creates an account. Email addresses are unique.
pub async fn create_user(db: &Db, new: NewUser) -> Result<UserInfo, AppError> {
    let email = crate::domain::validation::check_email(&new.email)?;
    crate::auth::common_passwords::check_new_password(&new.password, &email)?;
    if new.offices.iter().any(|o| !is_office(o)) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    if new.role == Role::Coordinator && new.offices.is_empty() {
        return Err(AppError::invalid("office", Invalid::Required));
    }
    if new.role == Role::Mentor {
        let Some(mentor) = new.mentor.as_deref() else {
            return Err(AppError::invalid("mentor", Invalid::Required));
        };
        let mut resp = db
            .query("SELECT VALUE record::id(id) FROM type::record('mentor', $id)")
            .bind(("id", mentor.to_string()))
            .await
            .map_err(read_error)?;
        let found: Option<String> = first(&mut resp, 0)?;
        if found.is_none() {
            return Err(AppError::invalid("mentor", Invalid::Unknown));
        }
    }
    let display_name = new
        .display_name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_string());
    let hash = hash_password(new.password).await?;
    let mut resp = db
        .query(format!(
            "CREATE user CONTENT {{
                email: $email, display_name: $name, role: $role, offices: $offices,
                mentor: $mentor, password_hash: $hash, disabled: false, created_at: time::now()
            }} RETURN {USER_FIELDS}"
        ))
        .bind(("email", email.clone()))
        .bind(("name", display_name))
        .bind(("role", new.role.as_str().to_string()))
        .bind(("offices", new.offices))
        .bind(("mentor", new.mentor))
        .bind(("hash", hash))
        .await
        .map_err(read_error)?;
    if let Some(error) = resp.take_errors().into_values().next() {
        // The unique index on email refuses a second account with the same address. SurrealDB
        // gives that refusal no kind of its own (an internal error), so ask what is true now.
        return Err(if email_taken(db, &email).await? {
            AppError::invalid("email", Invalid::Taken)
        } else {
            read_error(error)
        });
    }
    first::<UserRow>(&mut resp, 0)?
        .map(UserRow::info)
        .ok_or(AppError::Internal)
}

/// Whether an account already has this (lower-cased) email address.
pub async fn email_taken(db: &Db, email: &str) -> Result<bool, AppError> {
    let mut resp = db
        .query("SELECT VALUE record::id(id) FROM user WHERE email = $email LIMIT 1")
        .bind(("email", email.to_string()))
        .await
        .map_err(read_error)?;
    Ok(first::<String>(&mut resp, 0)?.is_some())
}
