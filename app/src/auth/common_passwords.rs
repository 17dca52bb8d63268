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

/// Context-specific words NIST asks for beside the breach list: the service's own name and the
/// French and Dutch words for "password", "welcome" and the like that an English-language list
/// lacks, as Duo's users would type them.
const CONTEXT_WORDS: &[&str] = &[
    "duoforajob",
    "duoforajob1",
    "duoforajob123",
    "mentoring123",
    "mentorat123",
    "motdepasse",
    "motdepasse1",
    "motdepasse123",
    "wachtwoord",
    "wachtwoord1",
    "wachtwoord123",
    "bienvenue1",
    "bienvenue123",
    "welkom1234",
    "azertyuiop",
    "azertyuiop1",
    "changeme123",
];

/// Whether a trimmed, lower-cased password is on the list or is one of Duo's context words.
pub fn is_common(lowered: &str) -> bool {
    COMMON.contains(lowered) || CONTEXT_WORDS.contains(&lowered)
}

/// Checks a password about to be set: the domain's rules with the server's list.
pub fn check_new_password(password: &str, email: &str) -> Result<(), AppError> {
    check_password(password, email, is_common)
}

#[cfg(test)]
mod tests {
    use super::is_common;

    #[test]
    fn the_breach_list_and_the_context_words_are_refused_and_a_passphrase_is_not() {
        assert!(is_common("basketball"), "from the breach list");
        assert!(is_common("wachtwoord123"), "a context word");
        assert!(!is_common("four quiet rivers of oak"));
    }
}
