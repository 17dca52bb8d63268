//! Accounts on the server: invitations and password resets by single-use, expiring links (kept
//! only as hashes), administrators' list, disabling and re-enabling.
use super::{Account, Invitation, InvitationRequest, LinkCreated, LinkInfo};
use crate::auth::common_passwords::check_new_password;
use crate::auth::server::{
    create_user, email_taken, end_sessions, hash_password, new_token, open_session, token_key,
    NewUser, Principal,
};
use crate::db::{first, read_error, rows, valid_key, Db};
use crate::domain::privacy::{INVITATION_DAYS, RESET_MINUTES};
use crate::domain::validation::check_email;
use crate::error::{AppError, Invalid};
use crate::model::{Role, UserInfo};
use crate::privacy::audit::{self, Actor, AUDIT};
use crate::state::AppState;
use serde::Deserialize;

fn require_admin(who: &Principal) -> Result<(), AppError> {
    if who.role() == Role::Admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The address links point to: `DUO_PUBLIC_URL` when set (production), else the request's own
/// scheme and host.
pub fn public_base(headers: &axum::http::HeaderMap) -> String {
    if let Ok(url) = std::env::var("DUO_PUBLIC_URL") {
        return url.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost:3000");
    let scheme = if crate::auth::server::is_https(headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// The page a link opens.
fn link_path(purpose: &str) -> &'static str {
    if purpose == "invitation" {
        "welcome"
    } else {
        "reset"
    }
}

/// What a link carries: for an invitation the account to create, for a reset the account.
#[derive(Deserialize)]
struct LinkFields {
    purpose: String,
    email: String,
    role: Option<String>,
    offices: Vec<String>,
    mentor: Option<String>,
    display_name: Option<String>,
    user: Option<String>,
}

struct NewLink<'a> {
    fields: LinkFields,
    created_by: Option<String>,
    lifetime: &'a str,
}

/// Stores a link (its secret only as a hash), mails or logs it, and returns it once.
async fn issue(db: &Db, base: &str, new: NewLink<'_>) -> Result<LinkCreated, AppError> {
    let link = new.fields;
    // A link a staff member (administrator or coordinator) asked for: theirs to hand over.
    let asked_by_staff = new.created_by.is_some();
    let token = new_token();
    let id = token_key(&token);
    let mut resp = db
        .query(format!(
            "CREATE type::record('account_link', $id) CONTENT {{
                purpose: $purpose, email: $email, role: $role, offices: $offices,
                mentor: $mentor, display_name: $name, user: $user, created_by: $by,
                created_at: time::now(), expires_at: time::now() + {}
            }} RETURN VALUE time::format(expires_at, '%Y-%m-%dT%H:%M:%SZ')",
            new.lifetime
        ))
        .bind(("id", id.clone()))
        .bind(("purpose", link.purpose.clone()))
        .bind(("email", link.email.clone()))
        .bind(("role", link.role))
        .bind(("offices", link.offices))
        .bind(("mentor", link.mentor))
        .bind(("name", link.display_name))
        .bind(("user", link.user))
        .bind(("by", new.created_by))
        .await
        .map_err(read_error)?;
    let expires_at: String = first(&mut resp, 0)?.ok_or(AppError::Internal)?;
    let url = format!("{base}/{}/{token}", link_path(&link.purpose));
    let mailed = super::mail::send_link(&link.purpose, &link.email, &url, asked_by_staff).await;
    Ok(LinkCreated {
        id,
        purpose: link.purpose,
        email: link.email,
        link: url,
        expires_at,
        mailed,
    })
}

/// An administrator invites anyone, and a coordinator the mentors of their own offices: a link
/// valid 7 days, once, to choose a password.
pub async fn invite(
    db: &Db,
    who: &Principal,
    req: &InvitationRequest,
    base: &str,
) -> Result<LinkCreated, AppError> {
    let coordinator = who.role() == Role::Coordinator;
    if !coordinator {
        require_admin(who)?;
    }
    let email = check_email(&req.email)?;
    let role =
        Role::parse(req.role.trim()).ok_or_else(|| AppError::invalid("role", Invalid::Unknown))?;
    if coordinator && role != Role::Mentor {
        return Err(AppError::Forbidden);
    }
    let mut offices: Vec<String> = req
        .offices
        .iter()
        .map(|o| o.trim().to_lowercase())
        .collect();
    if offices
        .iter()
        .any(|o| !crate::domain::reference::is_office(o))
    {
        return Err(AppError::invalid("offices", Invalid::Unknown));
    }
    if role == Role::Coordinator && offices.is_empty() {
        return Err(AppError::invalid("offices", Invalid::Required));
    }
    let mentor = req
        .mentor
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty());
    if role == Role::Mentor {
        let Some(mentor) = mentor else {
            return Err(AppError::invalid("mentor", Invalid::Required));
        };
        let record = crate::people::server::load_mentor(db, mentor)
            .await
            .map_err(|_| AppError::invalid("mentor", Invalid::Unknown))?;
        if coordinator {
            // Only a mentor of the coordinator's own offices, at the address their record
            // holds (an erased mentor has none), and the account sees that office.
            who.require_people_of(&record.office)?;
            if record.email.as_deref() != Some(email.as_str()) {
                return Err(AppError::invalid("email", Invalid::Unknown));
            }
            offices = vec![record.office];
        }
    }
    let name = req.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if name.is_some_and(|n| n.chars().count() > 80 || n.chars().any(char::is_control)) {
        return Err(AppError::invalid("name", Invalid::TooLong));
    }
    if email_taken(db, &email).await? {
        return Err(AppError::invalid("email", Invalid::Taken));
    }
    let lifetime = format!("{INVITATION_DAYS}d");
    let created = issue(
        db,
        base,
        NewLink {
            fields: LinkFields {
                purpose: "invitation".into(),
                email,
                role: Some(role.as_str().to_string()),
                offices,
                mentor: if role == Role::Mentor {
                    mentor.map(str::to_string)
                } else {
                    None
                },
                display_name: name.map(str::to_string),
                user: None,
            },
            created_by: Some(who.user.id.clone()),
            lifetime: &lifetime,
        },
    )
    .await?;
    audit::record(
        db,
        Actor::User(who),
        "invite",
        &format!("account_link:{}", &created.id[..16]),
        &["email", "role", "offices"],
    )
    .await;
    Ok(created)
}

#[derive(Deserialize)]
struct UserRef {
    id: String,
    email: String,
    disabled: bool,
}

impl UserRef {
    fn enabled(&self) -> bool {
        !self.disabled
    }
}

async fn user_ref(db: &Db, id: &str) -> Result<UserRef, AppError> {
    crate::db::load_one(db, "user", "record::id(id) AS id, email, disabled", id).await
}

/// Someone forgot their password: when mail can go out, a link valid one hour, once, goes to
/// the account's address. The answer comes at once and is the same whether or not the address
/// has an account: the lookup and the mail happen afterwards, in [`send_requested_resets`], so
/// timing tells nothing either. Requests are limited per asking address and per email address
/// (whether or not it has an account) and wait in a bounded queue ([`crate::limits`]); over a
/// limit, the answer is 429. The link's address is only ever `DUO_PUBLIC_URL` (never the
/// request's `Host`, which the requester chooses); without mail, nothing secret is made or
/// logged: an administrator makes a reset link on `/admin` instead.
pub fn request_reset(app: &AppState, email: &str, from: &str) -> Result<(), AppError> {
    use crate::limits::RESET_QUEUE_RETRY_SECONDS;
    let email = check_email(email)?;
    let now = std::time::Instant::now();
    let too_many = |retry_after| AppError::TooManyRequests { retry_after };
    app.limits
        .resets_by_address
        .take(&crate::limits::network_of(from), now)
        .map_err(too_many)?;
    app.limits
        .resets_by_account
        .take(&email, now)
        .map_err(too_many)?;
    app.resets
        .sender
        .try_send(email)
        .map_err(|_| too_many(RESET_QUEUE_RETRY_SECONDS))
}

/// Password resets people asked for, waiting for the one worker that prepares them
/// ([`send_requested_resets`]): at most [`crate::limits::RESET_QUEUE`], so a flood of requests
/// costs bounded memory and one task, never a task per request.
pub struct ResetQueue {
    sender: tokio::sync::mpsc::Sender<String>,
    receiver: tokio::sync::Mutex<tokio::sync::mpsc::Receiver<String>>,
}

impl Default for ResetQueue {
    fn default() -> Self {
        Self::new()
    }
}

impl ResetQueue {
    pub fn new() -> Self {
        let (sender, receiver) = tokio::sync::mpsc::channel(crate::limits::RESET_QUEUE);
        ResetQueue {
            sender,
            receiver: tokio::sync::Mutex::new(receiver),
        }
    }

    /// How many requests wait.
    pub fn pending(&self) -> usize {
        self.sender.max_capacity() - self.sender.capacity()
    }
}

/// The worker of the reset queue: prepares the requested resets one at a time, until the server
/// shuts down (`duo serve` starts it).
pub async fn send_requested_resets(app: AppState) {
    let mut closing = app.events.closing();
    let mut queue = app.resets.receiver.lock().await;
    loop {
        let email = tokio::select! {
            next = queue.recv() => match next {
                Some(email) => email,
                None => return,
            },
            _ = closing.wait_for(|c| *c) => return,
        };
        if let Err(e) = send_reset(&app.db, &email).await {
            tracing::warn!(error = %e, "a requested password reset could not be prepared");
        }
    }
}

async fn send_reset(db: &Db, email: &str) -> Result<(), AppError> {
    let base = match (super::mail::configured(), std::env::var("DUO_PUBLIC_URL")) {
        (true, Ok(base)) => base.trim_end_matches('/').to_string(),
        _ => {
            tracing::info!(
                to_domain = crate::domain::validation::email_domain(email),
                "password reset requested, but no mail server (DUO_SMTP_URL, DUO_PUBLIC_URL): \
                 an administrator can make a reset link on /admin"
            );
            return Ok(());
        }
    };
    let mut resp = db
        .query(
            "SELECT record::id(id) AS id, email, disabled FROM user WHERE email = $email LIMIT 1;
             SELECT VALUE record::id(id) FROM account_link WHERE email = $email
                 AND purpose = 'reset' AND used_at = NONE AND created_at > time::now() - 5m;",
        )
        .bind(("email", email.to_string()))
        .await
        .map_err(read_error)?;
    let user = first::<UserRef>(&mut resp, 0)?.filter(UserRef::enabled);
    // One mail every five minutes at most: asking again does not flood the inbox.
    let recent: Vec<String> = rows(&mut resp, 1)?;
    if let (Some(user), true) = (user, recent.is_empty()) {
        reset_link(db, &user, None, &base).await?;
    }
    Ok(())
}

/// An administrator makes a password-reset link for an account (to hand over in person).
pub async fn admin_reset_link(
    db: &Db,
    who: &Principal,
    user: &str,
    base: &str,
) -> Result<LinkCreated, AppError> {
    require_admin(who)?;
    let user = user_ref(db, user).await?;
    let created = reset_link(db, &user, Some(who.user.id.clone()), base).await?;
    audit::record(
        db,
        Actor::User(who),
        "reset_link",
        &format!("user:{}", user.id),
        &["password"],
    )
    .await;
    Ok(created)
}

async fn reset_link(
    db: &Db,
    user: &UserRef,
    by: Option<String>,
    base: &str,
) -> Result<LinkCreated, AppError> {
    let lifetime = format!("{RESET_MINUTES}m");
    issue(
        db,
        base,
        NewLink {
            fields: LinkFields {
                purpose: "reset".into(),
                email: user.email.clone(),
                role: None,
                offices: Vec::new(),
                mentor: None,
                display_name: None,
                user: Some(user.id.clone()),
            },
            created_by: by,
            lifetime: &lifetime,
        },
    )
    .await
}

fn link_key(token: &str) -> Result<String, AppError> {
    if token.len() == 64 && token.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(token_key(token))
    } else {
        Err(AppError::LinkExpired)
    }
}

/// A live link (unused and unexpired), or `LinkExpired`.
async fn live_link(db: &Db, token: &str) -> Result<(String, LinkFields), AppError> {
    let key = link_key(token)?;
    let mut resp = db
        .query(
            "SELECT purpose, email, role, offices, mentor, display_name, user
             FROM type::record('account_link', $key)
             WHERE used_at = NONE AND expires_at > time::now()",
        )
        .bind(("key", key.clone()))
        .await
        .map_err(read_error)?;
    let row = first::<LinkFields>(&mut resp, 0)?.ok_or(AppError::LinkExpired)?;
    Ok((key, row))
}

/// What a link is for, for the page that opens it.
pub async fn link_info(db: &Db, token: &str) -> Result<LinkInfo, AppError> {
    let (_, row) = live_link(db, token).await?;
    Ok(LinkInfo {
        purpose: row.purpose,
        email: row.email,
    })
}

/// Marks a link used, once: of two simultaneous uses exactly one gets `true`.
async fn consume(db: &Db, key: &str) -> Result<bool, AppError> {
    let mut resp = db
        .query(
            "UPDATE type::record('account_link', $key) SET used_at = time::now()
             WHERE used_at = NONE AND expires_at > time::now() RETURN VALUE record::id(id)",
        )
        .bind(("key", key.to_string()))
        .await;
    match resp {
        Ok(ref mut r) => match r.take::<Vec<String>>(0) {
            Ok(ids) => Ok(!ids.is_empty()),
            // A concurrent use won the write: this one is too late.
            Err(_) => Ok(false),
        },
        Err(e) => Err(read_error(e)),
    }
}

/// Uses a link: an invitation creates the account, a reset sets the new password and ends every
/// other session. Either way the person is signed in. A link works once and only before it
/// expires; a password refused by the rules leaves the link usable.
pub async fn use_link(
    db: &Db,
    token: &str,
    password: &str,
    from: &str,
) -> Result<(String, UserInfo), AppError> {
    let (key, link) = live_link(db, token).await?;
    check_new_password(password, &link.email)?;
    if link.purpose == "invitation" && email_taken(db, &link.email).await? {
        return Err(AppError::LinkExpired);
    }
    if !consume(db, &key).await? {
        return Err(AppError::LinkExpired);
    }
    let user = if link.purpose == "invitation" {
        let role = link
            .role
            .as_deref()
            .and_then(Role::parse)
            .ok_or(AppError::Internal)?;
        create_user(
            db,
            NewUser {
                email: link.email.clone(),
                password: password.to_string(),
                role,
                offices: link.offices,
                mentor: link.mentor,
                display_name: link.display_name,
            },
        )
        .await?
    } else {
        let id = link.user.ok_or(AppError::Internal)?;
        let hash = hash_password(password.to_string()).await?;
        let mut resp = db
            .query(
                "UPDATE type::record('user', $id) SET password_hash = $hash
                 WHERE disabled = false RETURN VALUE record::id(id)",
            )
            .bind(("id", id.clone()))
            .bind(("hash", hash))
            .await
            .map_err(read_error)?;
        if first::<String>(&mut resp, 0)?.is_none() {
            return Err(AppError::LinkExpired);
        }
        end_sessions(db, &id).await?;
        // Any other reset link of the account is spent too.
        db.query(
            "UPDATE account_link SET used_at = time::now() WHERE user = $id AND used_at = NONE",
        )
        .bind(("id", id.clone()))
        .await
        .and_then(|r| r.check())
        .map_err(read_error)?;
        crate::auth::server::principal_user(db, &id).await?
    };
    let actor = Principal {
        user: user.clone(),
        token: String::new(),
        from: from.to_string(),
    };
    let action = if link.purpose == "invitation" {
        "account_created"
    } else {
        "password_reset"
    };
    audit::record(
        db,
        Actor::User(&actor),
        action,
        &format!("user:{}", user.id),
        &["password"],
    )
    .await;
    let token = open_session(db, &user.id, from).await?;
    Ok((token, user))
}

/// Every account, for administrators.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<Account>, AppError> {
    require_admin(who)?;
    let mut resp = db
        .query(
            "SELECT record::id(id) AS id, email, display_name, role, offices, mentor, disabled
             FROM user ORDER BY role, email",
        )
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// Disables an account at once (its sessions end) or enables it again. Administrators cannot
/// disable themselves, so Duo always keeps one way in.
pub async fn set_disabled(
    db: &Db,
    who: &Principal,
    user: &str,
    disabled: bool,
) -> Result<Account, AppError> {
    require_admin(who)?;
    if !valid_key(user) {
        return Err(AppError::NotFound);
    }
    let target = user_ref(db, user).await?;
    if disabled && target.id == who.user.id {
        return Err(AppError::Forbidden);
    }
    // The flag, the end of the account's sessions and the audit entry: one transaction. No
    // screen shows accounts live, so no change is announced (no `ChangeNote::commit`).
    let action = if disabled { "disable" } else { "enable" };
    let record = format!("user:{}", target.id);
    let sql = format!(
        "UPDATE type::record('user', $id) SET disabled = $disabled;
         IF $disabled {{ DELETE session WHERE user = type::record('user', $id) }};
         {AUDIT}"
    );
    crate::db::transact(db, sql, |q| {
        let q = q
            .bind(("id", target.id.clone()))
            .bind(("disabled", disabled));
        audit::bind(q, Actor::User(who), action, &record, &["disabled"])
    })
    .await
    .map_err(|e| e.or(AppError::Busy))?;
    list(db, who)
        .await?
        .into_iter()
        .find(|a| a.id == target.id)
        .ok_or(AppError::NotFound)
}

/// The invitations of the last 90 days, newest first, with where each stands (administrators).
pub async fn invitations(db: &Db, who: &Principal) -> Result<Vec<Invitation>, AppError> {
    require_admin(who)?;
    let mut resp = db
        .query(
            "SELECT record::id(id) AS id, email, role ?? '' AS role, offices,
                    time::format(created_at, '%Y-%m-%dT%H:%M:%SZ') AS created_at,
                    time::format(expires_at, '%Y-%m-%dT%H:%M:%SZ') AS expires_at,
                    IF used_at != NONE { 'accepted' } ELSE IF expires_at <= time::now() { 'expired' } ELSE { 'pending' } AS status
             FROM account_link
             WHERE purpose = 'invitation' AND created_at > time::now() - 90d
             ORDER BY created_at DESC LIMIT 200",
        )
        .await
        .map_err(read_error)?;
    rows(&mut resp, 0)
}

/// Withdraws an invitation that was not used yet: its link stops working at once.
pub async fn revoke_invitation(db: &Db, who: &Principal, id: &str) -> Result<Invitation, AppError> {
    require_admin(who)?;
    if !(id.len() == 64 && id.chars().all(|c| c.is_ascii_hexdigit())) {
        return Err(AppError::NotFound);
    }
    let mut resp = db
        .query(
            "UPDATE type::record('account_link', $id) SET expires_at = time::now()
             WHERE purpose = 'invitation' AND used_at = NONE RETURN VALUE record::id(id)",
        )
        .bind(("id", id.to_string()))
        .await
        .map_err(read_error)?;
    let revoked: Option<String> = first(&mut resp, 0)?;
    if revoked.is_none() {
        return Err(AppError::NotFound);
    }
    audit::record(
        db,
        Actor::User(who),
        "revoke",
        &format!("account_link:{}", &id[..16]),
        &["expires_at"],
    )
    .await;
    invitations(db, who)
        .await?
        .into_iter()
        .find(|i| i.id == id)
        .ok_or(AppError::NotFound)
}
