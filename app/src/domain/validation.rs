//! Validation of what people type, before anything is written.
use crate::domain::matching::{check_profile, Profile};
use crate::domain::reference::{is_language, is_office, is_sector};
use crate::domain::states::{MenteeState, MentorState};
use crate::error::{AppError, Invalid};
use crate::model::NewPerson;

pub const NAME_MAX: usize = 80;
pub const CAPACITY_MAX: u32 = 5;
/// NIST SP 800-63B asks for at least 8 characters for a chosen password; we ask for 10.
pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 256;

/// A person's record, cleaned and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidPerson {
    pub first_name: String,
    pub last_name: String,
    pub office: String,
    pub languages: Vec<String>,
    pub sectors: Vec<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub profile: Profile,
}

fn name(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return Err(AppError::invalid(field, Invalid::Required));
    }
    if value.chars().count() > NAME_MAX {
        return Err(AppError::invalid(field, Invalid::TooLong));
    }
    if value
        .chars()
        .any(|c| c.is_control() || c == '<' || c == '>')
    {
        return Err(AppError::invalid(field, Invalid::Malformed));
    }
    Ok(value)
}

fn codes(
    field: &str,
    values: &[String],
    known: fn(&str) -> bool,
    upper: bool,
) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for v in values {
        let v = v.trim();
        let v = if upper {
            v.to_ascii_uppercase()
        } else {
            v.to_ascii_lowercase()
        };
        if !known(&v) {
            return Err(AppError::invalid(field, Invalid::Unknown));
        }
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(out)
}

/// A required email address, trimmed and lower-cased.
pub fn check_email(value: &str) -> Result<String, AppError> {
    match optional_email(&Some(value.to_string()))? {
        Some(email) => Ok(email),
        None => Err(AppError::invalid("email", Invalid::Required)),
    }
}

/// What logs may say of an email address: its domain only (`example.org`), enough to tell a
/// problem with one mail provider, never whose address it is.
pub fn email_domain(email: &str) -> &str {
    email.rsplit_once('@').map_or("", |(_, domain)| domain)
}

fn optional_email(value: &Option<String>) -> Result<Option<String>, AppError> {
    let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let ok = v.len() <= 254
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !v.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(Some(v.to_lowercase()))
    } else {
        Err(AppError::invalid("email", Invalid::Malformed))
    }
}

/// Phone numbers in E.164: `+` then 8 to 15 digits (spaces are tolerated on input).
fn optional_phone(value: &Option<String>) -> Result<Option<String>, AppError> {
    let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
    let digits = compact.strip_prefix('+').unwrap_or("");
    if (8..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(Some(compact))
    } else {
        Err(AppError::invalid("phone", Invalid::Malformed))
    }
}

fn common(p: &NewPerson) -> Result<ValidPerson, AppError> {
    let office = p.office.trim().to_ascii_lowercase();
    if !is_office(&office) {
        return Err(AppError::invalid("office", Invalid::Unknown));
    }
    let languages = codes("languages", &p.languages, is_language, false)?;
    if languages.is_empty() {
        return Err(AppError::invalid("languages", Invalid::Required));
    }
    Ok(ValidPerson {
        first_name: name("first_name", &p.first_name)?,
        last_name: name("last_name", &p.last_name)?,
        office,
        languages,
        sectors: codes("sectors", &p.sectors, is_sector, true)?,
        email: optional_email(&p.email)?,
        phone: optional_phone(&p.phone)?,
        profile: check_profile(&p.profile)?,
    })
}

/// A new mentee: without a state they start at `registered`.
pub fn new_mentee(p: &NewPerson) -> Result<(ValidPerson, MenteeState), AppError> {
    let person = common(p)?;
    let state = match p.state.as_deref() {
        None => MenteeState::Registered,
        Some(s) => MenteeState::parse(s)
            .filter(|s| s.creatable())
            .ok_or_else(|| AppError::invalid("state", Invalid::Unknown))?,
    };
    Ok((person, state))
}

/// A new mentor: without a state they start at `registered`; capacity defaults to one duo.
pub fn new_mentor(p: &NewPerson) -> Result<(ValidPerson, MentorState, u32), AppError> {
    let person = common(p)?;
    let state = match p.state.as_deref() {
        None => MentorState::Registered,
        Some(s) => MentorState::parse(s)
            .filter(|s| s.creatable())
            .ok_or_else(|| AppError::invalid("state", Invalid::Unknown))?,
    };
    let capacity = p.capacity.unwrap_or(1);
    if !(1..=CAPACITY_MAX).contains(&capacity) {
        return Err(AppError::invalid("capacity", Invalid::OutOfRange));
    }
    Ok((person, state, capacity))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logs_see_only_the_domain_of_an_email_address() {
        assert_eq!(email_domain("sofia.m@duo.example"), "duo.example");
        assert_eq!(email_domain("odd@name@duo.example"), "duo.example");
        assert_eq!(email_domain("no-address"), "");
    }

    fn person() -> NewPerson {
        NewPerson {
            first_name: "  Amina ".into(),
            last_name: "El  Idrissi".into(),
            office: "Liege".into(),
            languages: vec!["FR".into(), "ar".into(), "fr".into()],
            sectors: vec!["f".into()],
            ..Default::default()
        }
    }

    #[test]
    fn a_good_mentee_is_cleaned() {
        let (p, state) = new_mentee(&person()).unwrap();
        assert_eq!(p.first_name, "Amina");
        assert_eq!(p.last_name, "El Idrissi");
        assert_eq!(p.office, "liege");
        assert_eq!(p.languages, vec!["fr", "ar"]);
        assert_eq!(p.sectors, vec!["F"]);
        assert_eq!(state, MenteeState::Registered);
        let waiting = NewPerson {
            state: Some("waiting".into()),
            ..person()
        };
        assert_eq!(new_mentee(&waiting).unwrap().1, MenteeState::Waiting);
    }

    #[test]
    fn bad_input_names_the_field() {
        let check = |p: NewPerson, field: &str, problem: Invalid| {
            assert_eq!(
                new_mentee(&p).unwrap_err(),
                AppError::invalid(field, problem)
            );
        };
        check(
            NewPerson {
                first_name: " ".into(),
                ..person()
            },
            "first_name",
            Invalid::Required,
        );
        check(
            NewPerson {
                last_name: "x".repeat(81),
                ..person()
            },
            "last_name",
            Invalid::TooLong,
        );
        check(
            NewPerson {
                first_name: "<script>".into(),
                ..person()
            },
            "first_name",
            Invalid::Malformed,
        );
        check(
            NewPerson {
                office: "paris".into(),
                ..person()
            },
            "office",
            Invalid::Unknown,
        );
        check(
            NewPerson {
                languages: vec![],
                ..person()
            },
            "languages",
            Invalid::Required,
        );
        check(
            NewPerson {
                languages: vec!["xx".into()],
                ..person()
            },
            "languages",
            Invalid::Unknown,
        );
        check(
            NewPerson {
                sectors: vec!["Z".into()],
                ..person()
            },
            "sectors",
            Invalid::Unknown,
        );
        check(
            NewPerson {
                state: Some("in_duo".into()),
                ..person()
            },
            "state",
            Invalid::Unknown,
        );
        check(
            NewPerson {
                email: Some("not-an-email".into()),
                ..person()
            },
            "email",
            Invalid::Malformed,
        );
        check(
            NewPerson {
                phone: Some("0470 12 34 56".into()),
                ..person()
            },
            "phone",
            Invalid::Malformed,
        );
    }

    #[test]
    fn contacts_are_normalised() {
        let p = NewPerson {
            email: Some(" Amina@Example.BE ".into()),
            phone: Some("+32 470 12 34 56".into()),
            ..person()
        };
        let (v, _) = new_mentee(&p).unwrap();
        assert_eq!(v.email.as_deref(), Some("amina@example.be"));
        assert_eq!(v.phone.as_deref(), Some("+32470123456"));
    }

    #[test]
    fn mentor_capacity_and_state() {
        let (_, state, cap) = new_mentor(&NewPerson {
            state: Some("available".into()),
            ..person()
        })
        .unwrap();
        assert_eq!((state, cap), (MentorState::Available, 1));
        let err = new_mentor(&NewPerson {
            capacity: Some(0),
            ..person()
        })
        .unwrap_err();
        assert_eq!(err, AppError::invalid("capacity", Invalid::OutOfRange));
        let err = new_mentor(&NewPerson {
            state: Some("waiting".into()),
            ..person()
        })
        .unwrap_err();
        assert_eq!(err, AppError::invalid("state", Invalid::Unknown));
    }
}
