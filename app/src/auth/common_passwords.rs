//! The passwords people pick most often, refused whenever a password is set (account creation
//! by `duo user add` or by invitation, password reset), as NIST SP 800-63B §3.1.1.2 asks.
//!
//! The list is Django's (`common-passwords.txt`: the 20,000 most common passwords of Royce
//! Williams' list built from breach corpora, lower-cased and deduplicated; provenance, update and
//! licence in `common-passwords.NOTICE`). It is embedded in the server only: this module is
//! behind the `ssr` feature and never part of the WebAssembly.
use crate::domain::privacy::check_password;
use crate::error::AppError;
use std::collections::HashSet;
use std::sync::LazyLock;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect()
});

/// Whether a trimmed, lower-cased password is on the list.
pub fn is_common(lowered: &str) -> bool {
    COMMON.contains(lowered)
}

/// Checks a password about to be set: the domain's rules with the server's list.
pub fn check_new_password(password: &str, email: &str) -> Result<(), AppError> {
    check_password(password, email, is_common)
}
