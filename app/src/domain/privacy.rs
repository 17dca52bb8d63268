//! Pure rules of data protection: consents, eligibility criteria, password rules, sign-in
//! throttling and retention. No IO: the server applies them, the tests prove them.
use crate::domain::validation::{PASSWORD_MAX, PASSWORD_MIN};
use crate::error::{AppError, Invalid};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Whose record: a mentee or a mentor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum PersonKind {
    Mentee,
    Mentor,
}

/// Both kinds of person.
pub const PERSON_KINDS: [PersonKind; 2] = [PersonKind::Mentee, PersonKind::Mentor];

impl PersonKind {
    pub fn table(self) -> &'static str {
        match self {
            PersonKind::Mentee => "mentee",
            PersonKind::Mentor => "mentor",
        }
    }

    pub fn parse(text: &str) -> Option<PersonKind> {
        match text {
            "mentee" => Some(PersonKind::Mentee),
            "mentor" => Some(PersonKind::Mentor),
            _ => None,
        }
    }
}

/// The separate consents a person gives (DESIGN §6, GDPR art. 7 and 9(2)(a)).
pub const CONSENT_KINDS: [&str; 4] = [
    "participation",
    "eligibility_data",
    "photos",
    "testimonials",
];

/// Whether withdrawing this consent ends the person's participation. Mentees cannot take part
/// without the eligibility check; mentors have no eligibility data.
pub fn consent_required(kind: &str, person: PersonKind) -> bool {
    match kind {
        "participation" => true,
        "eligibility_data" => person == PersonKind::Mentee,
        _ => false,
    }
}

/// The consents that apply to a kind of person, in the order they are shown.
pub fn consent_kinds(person: PersonKind) -> Vec<&'static str> {
    CONSENT_KINDS
        .iter()
        .copied()
        .filter(|k| person == PersonKind::Mentee || *k != "eligibility_data")
        .collect()
}

/// A consent given or withdrawn, checked.
pub fn check_consent_kind(kind: &str, person: PersonKind) -> Result<&'static str, AppError> {
    consent_kinds(person)
        .into_iter()
        .find(|k| *k == kind.trim())
        .ok_or_else(|| AppError::invalid("kind", Invalid::Unknown))
}

/// What the coordinator verified at the interview. Only the criterion is kept: never a
/// nationality, a birthplace or a parent's birthplace (GDPR art. 9, data minimisation).
pub const ELIGIBILITY_CRITERIA: [&str; 3] =
    ["first_generation", "second_generation", "newcomer_pathway"];

pub fn check_criterion(criterion: &str) -> Result<&'static str, AppError> {
    ELIGIBILITY_CRITERIA
        .iter()
        .copied()
        .find(|c| *c == criterion.trim())
        .ok_or_else(|| AppError::invalid("criterion", Invalid::Unknown))
}

/// Checks a new password: length only, no composition rules, not a common password, not one
/// character repeated and not the account's own email address (NIST SP 800-63B §3.1.1.2).
/// `is_common` says whether a trimmed, lower-cased password is on the list of passwords people
/// pick most often; the server passes its list (`auth::common_passwords`), which never reaches
/// the browser.
pub fn check_password(
    password: &str,
    email: &str,
    is_common: impl Fn(&str) -> bool,
) -> Result<(), AppError> {
    let length = password.chars().count();
    if length < PASSWORD_MIN {
        return Err(AppError::invalid("password", Invalid::TooShort));
    }
    if length > PASSWORD_MAX {
        return Err(AppError::invalid("password", Invalid::TooLong));
    }
    let lowered = password.trim().to_lowercase();
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    let repeated = lowered.chars().all(|c| Some(c) == lowered.chars().next());
    if is_common(&lowered)
        || repeated
        || lowered == email.trim().to_lowercase()
        || (!local.is_empty() && lowered == local)
    {
        return Err(AppError::invalid("password", Invalid::Common));
    }
    Ok(())
}

/// Sign-in failures tolerated before each new attempt must wait: for one account from one
/// address, for one address over all accounts, for one account from all addresses.
pub const FREE_FAILURES_PER_ACCOUNT_ADDRESS: u32 = 5;
pub const FREE_FAILURES_PER_ADDRESS: u32 = 20;
pub const FREE_FAILURES_PER_ACCOUNT: u32 = 50;
/// The longest wait imposed, and how long a counter is remembered after its last failure.
pub const MAX_WAIT_SECONDS: u64 = 15 * 60;
pub const FAILURE_MEMORY_MILLIS: i64 = 24 * 3600 * 1000;

/// How long to wait after `failures` failed sign-ins, when `free` are tolerated: nothing at
/// first, then 1 s, 2 s, 4 s … doubling up to 15 minutes (progressive delay).
pub fn wait_after(failures: u32, free: u32) -> u64 {
    if failures < free {
        return 0;
    }
    let doublings = (failures - free).min(20);
    (1u64 << doublings).min(MAX_WAIT_SECONDS)
}

/// Whole seconds still to wait before the next attempt (rounded up), given the last failure's
/// age in milliseconds.
pub fn remaining_wait(failures: u32, free: u32, millis_since_last: i64) -> u64 {
    let wait = wait_after(failures, free) as i64 * 1000;
    let left = (wait - millis_since_last.max(0)).max(0);
    ((left + 999) / 1000) as u64
}

/// How long invitation and reset links live.
pub const INVITATION_DAYS: i64 = 7;
pub const RESET_MINUTES: i64 = 60;

/// The default retention: months after the last follow-up before a record is anonymised.
pub const DEFAULT_RETENTION_MONTHS: u32 = 24;
pub const RETENTION_MONTHS_MAX: u32 = 120;

pub fn check_retention_months(months: i64) -> Result<u32, AppError> {
    if (1..=i64::from(RETENTION_MONTHS_MAX)).contains(&months) {
        Ok(months as u32)
    } else {
        Err(AppError::invalid("months", Invalid::OutOfRange))
    }
}

/// States in which a mentee's programme is over, so the retention clock runs.
pub const MENTEE_DONE_STATES: [&str; 6] = [
    "ineligible",
    "referred",
    "duo_ended",
    "followed_up",
    "closed",
    "withdrawn",
];
/// States in which a mentor no longer takes part.
pub const MENTOR_DONE_STATES: [&str; 4] = ["rejected", "alumni", "paused", "withdrawn"];

/// Whether a record is due for anonymisation: its programme is over and its last follow-up
/// lies more than `months` before `today`. A withdrawn person is due at once.
pub fn retention_due(
    last_follow_up: NaiveDate,
    months: u32,
    today: NaiveDate,
    withdrawn: bool,
) -> bool {
    if withdrawn {
        return true;
    }
    last_follow_up
        .checked_add_months(Months::new(months))
        .is_some_and(|limit| limit < today)
}

/// The words that replace a person's identity when anonymised.
pub const ANONYMOUS_FIRST_NAME: &str = "Anonymised";
pub const ANONYMOUS_LAST_NAME: &str = "—";
/// What replaces every free text written about an anonymised person.
pub const ERASED_TEXT: &str = "—";

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn consents_are_separate_and_only_participation_and_eligibility_are_required() {
        assert_eq!(consent_kinds(PersonKind::Mentee).len(), 4);
        assert_eq!(
            consent_kinds(PersonKind::Mentor),
            vec!["participation", "photos", "testimonials"]
        );
        assert!(consent_required("participation", PersonKind::Mentor));
        assert!(consent_required("eligibility_data", PersonKind::Mentee));
        assert!(!consent_required("photos", PersonKind::Mentee));
        assert!(!consent_required("testimonials", PersonKind::Mentor));
        assert!(check_consent_kind("eligibility_data", PersonKind::Mentor).is_err());
        assert_eq!(
            check_consent_kind(" photos ", PersonKind::Mentor).unwrap(),
            "photos"
        );
    }

    #[test]
    fn eligibility_records_a_criterion_and_nothing_about_origin() {
        assert!(check_criterion("second_generation").is_ok());
        for word in [
            "nationality",
            "birthplace",
            "morocco",
            "",
            "first_generation ",
        ] {
            let ok = check_criterion(word).is_ok();
            assert_eq!(ok, word.trim() == "first_generation", "{word}");
        }
        for c in ELIGIBILITY_CRITERIA {
            assert!(!c.contains("nation") && !c.contains("birth") && !c.contains("country"));
        }
    }

    #[test]
    fn passwords_follow_nist_length_and_blocklist_rules() {
        let listed = |p: &str| ["password123", "motdepasse"].contains(&p);
        assert!(check_password("correct horse battery", "a@b.be", listed).is_ok());
        // No composition rules: lower-case letters only are fine when long enough.
        assert!(check_password("lavachequirit", "a@b.be", listed).is_ok());
        let problem = |p: &str, e: &str| match check_password(p, e, listed) {
            Err(AppError::Invalid { problem, .. }) => Some(problem),
            _ => None,
        };
        assert_eq!(problem("short", "a@b.be"), Some(Invalid::TooShort));
        assert_eq!(problem(&"x".repeat(300), "a@b.be"), Some(Invalid::TooLong));
        assert_eq!(problem("Password123", "a@b.be"), Some(Invalid::Common));
        assert_eq!(problem("motdepasse", "a@b.be"), Some(Invalid::Common));
        assert_eq!(problem("aaaaaaaaaaaa", "a@b.be"), Some(Invalid::Common));
        assert_eq!(
            problem("sofia.coordinator", "sofia.coordinator@duo.be"),
            Some(Invalid::Common)
        );
        // Length counts characters, not bytes.
        assert_eq!(problem("éééééééé", "a@b.be"), Some(Invalid::TooShort));
    }

    #[test]
    fn sign_in_delay_grows_after_the_free_failures_and_is_capped() {
        assert_eq!(wait_after(0, 5), 0);
        assert_eq!(wait_after(4, 5), 0);
        assert_eq!(wait_after(5, 5), 1);
        assert_eq!(wait_after(6, 5), 2);
        assert_eq!(wait_after(9, 5), 16);
        assert_eq!(wait_after(40, 5), MAX_WAIT_SECONDS);
        assert_eq!(wait_after(u32::MAX, 5), MAX_WAIT_SECONDS);
        assert_eq!(remaining_wait(7, 5, 1000), 3);
        assert_eq!(remaining_wait(7, 5, 1001), 3);
        assert_eq!(remaining_wait(7, 5, 3999), 1);
        assert_eq!(remaining_wait(7, 5, 10_000), 0);
        assert_eq!(remaining_wait(7, 5, -5), 4);
    }

    #[test]
    fn retention_counts_months_from_the_last_follow_up() {
        let last = day("2024-01-31");
        assert!(!retention_due(last, 24, day("2026-01-31"), false));
        assert!(retention_due(last, 24, day("2026-02-01"), false));
        assert!(!retention_due(last, 24, day("2025-06-01"), false));
        assert!(retention_due(last, 24, day("2024-02-01"), true));
        assert!(check_retention_months(0).is_err());
        assert!(check_retention_months(121).is_err());
        assert_eq!(check_retention_months(24).unwrap(), 24);
    }
}
