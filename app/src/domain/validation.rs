//! Validation of what people type, before anything is written.
use crate::domain::matching::{check_profile, Profile};
use crate::domain::reference::{is_language, is_office, is_sector};
use crate::domain::states::{MenteeState, MentorState};
use crate::error::{AppError, Invalid};
use crate::model::NewPerson;
use serde::{Deserialize, Serialize};

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
    // Lower-cased first: some letters take more bytes in lower case (`Ⱥ` → `ⱥ`), and the
    // stored address must fit the limit.
    let v = v.to_lowercase();
    let ok = v.len() <= 254
        && v.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !v.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(Some(v))
    } else {
        Err(AppError::invalid("email", Invalid::Malformed))
    }
}

/// Phone numbers in E.164: `+` then 8 to 15 digits. People type them as they write them: spaces,
/// dots, dashes, slashes and brackets are dropped; `00…` is the international prefix; and a
/// Belgian national number (`0470 12 34 56`, `02 123 45 67`) becomes `+32…`.
pub(crate) fn optional_phone(value: &Option<String>) -> Result<Option<String>, AppError> {
    let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let mut compact: String = v
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '/' | '(' | ')'))
        .collect();
    if let Some(rest) = compact.strip_prefix("00") {
        compact = format!("+{rest}");
    } else if let Some(national) = compact.strip_prefix('0') {
        if (8..=9).contains(&national.len()) {
            compact = format!("+32{national}");
        }
    }
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
    // A language may wait until the intake interview (a half-filled form is saved as
    // `registered`); anyone past it needs one, checked by `new_mentee` and `new_mentor`.
    let languages = codes("languages", &p.languages, is_language, false)?;
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

/// Past registration, a person speaks at least one language the programme records.
fn require_languages(person: &ValidPerson, past_registration: bool) -> Result<(), AppError> {
    if past_registration && person.languages.is_empty() {
        Err(AppError::invalid("languages", Invalid::Required))
    } else {
        Ok(())
    }
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
    require_languages(&person, state != MenteeState::Registered)?;
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
    require_languages(&person, state != MentorState::Registered)?;
    let capacity = p.capacity.unwrap_or(1);
    if !(1..=CAPACITY_MAX).contains(&capacity) {
        return Err(AppError::invalid("capacity", Invalid::OutOfRange));
    }
    Ok((person, state, capacity))
}

/// The longest coordinator's note kept on a person's record.
pub const NOTE_MAX: usize = 4000;

/// A change to a person's record: any subset of the intake fields. A field left out keeps its
/// value; `null` clears an optional one (email, phone, note). `profile` is merged into the
/// current profile key by key. `version`, when given, must be the record's current version.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
// A field this patch does not know (a state, say) is refused, never silently ignored.
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub office: Option<String>,
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    #[serde(default)]
    pub sectors: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub email: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub note: Option<Option<String>>,
    /// Mentors only.
    #[serde(default)]
    pub capacity: Option<u32>,
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<Object>))]
    pub profile: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default)]
    pub version: Option<i64>,
}

/// A field that was sent (`Some`), possibly as `null` (`Some(None)`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A coordinator's note, trimmed; `None` when empty.
pub fn check_note(note: &Option<String>) -> Result<Option<String>, AppError> {
    let cleaned = note.as_deref().map(str::trim).filter(|n| !n.is_empty());
    if cleaned.is_some_and(|n| n.chars().count() > NOTE_MAX) {
        return Err(AppError::invalid("note", Invalid::TooLong));
    }
    Ok(cleaned.map(str::to_string))
}

/// A person's record as it stands, in the shape a patch applies to.
#[derive(Clone, Debug, PartialEq)]
pub struct Editable {
    pub person: NewPerson,
    pub note: Option<String>,
}

/// The record after the patch, checked as a whole (a patch cannot leave it invalid), and the
/// names of the fields it changes.
pub fn apply_patch(
    current: &Editable,
    patch: &PersonPatch,
    past_registration: bool,
) -> Result<(ValidPerson, Option<String>, Vec<&'static str>), AppError> {
    let mut next = current.person.clone();
    let mut note = current.note.clone();
    let mut changed: Vec<&'static str> = vec![];
    macro_rules! take {
        ($field:ident, $name:literal) => {
            if let Some(v) = &patch.$field {
                next.$field = v.clone();
                changed.push($name);
            }
        };
    }
    take!(first_name, "first_name");
    take!(last_name, "last_name");
    take!(office, "office");
    take!(languages, "languages");
    take!(sectors, "sectors");
    take!(email, "email");
    take!(phone, "phone");
    if let Some(c) = patch.capacity {
        next.capacity = Some(c);
        changed.push("capacity");
    }
    if let Some(n) = &patch.note {
        note = check_note(n)?;
        changed.push("note");
    }
    if let Some(fields) = &patch.profile {
        let mut merged = serde_json::to_value(&next.profile)
            .map_err(|_| AppError::invalid("profile", Invalid::Malformed))?;
        if let Some(object) = merged.as_object_mut() {
            for (k, v) in fields {
                object.insert(k.clone(), v.clone());
            }
        }
        next.profile = serde_json::from_value(merged)
            .map_err(|_| AppError::invalid("profile", Invalid::Malformed))?;
        changed.push("profile");
    }
    let person = common(&next)?;
    require_languages(&person, past_registration)?;
    if let Some(c) = patch.capacity {
        if !(1..=CAPACITY_MAX).contains(&c) {
            return Err(AppError::invalid("capacity", Invalid::OutOfRange));
        }
    }
    Ok((person, note, changed))
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
                state: Some("waiting".into()),
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
        for phone in [
            "0470 12 34",
            "+32 abc",
            "12345",
            "0470 12 34 56 78 90 12 34",
        ] {
            check(
                NewPerson {
                    phone: Some(phone.into()),
                    ..person()
                },
                "phone",
                Invalid::Malformed,
            );
        }
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
        for (typed, stored) in [
            ("0470 12 34 56", "+32470123456"),
            ("0470/12.34.56", "+32470123456"),
            ("02 123 45 67", "+3221234567"),
            ("0032 470 12 34 56", "+32470123456"),
            ("0033 6 12 34 56 78", "+33612345678"),
            ("+32 (470) 12-34-56", "+32470123456"),
        ] {
            let p = NewPerson {
                phone: Some(typed.into()),
                ..person()
            };
            let (v, _) = new_mentee(&p).unwrap();
            assert_eq!(v.phone.as_deref(), Some(stored), "{typed}");
        }
        // A half-filled intake: a name and an office are enough to register someone.
        let (v, state) = new_mentee(&NewPerson {
            languages: vec![],
            sectors: vec![],
            ..person()
        })
        .unwrap();
        assert_eq!((v.languages.len(), state), (0, MenteeState::Registered));
    }

    fn editable() -> Editable {
        Editable {
            person: NewPerson {
                email: Some("amina@example.be".into()),
                phone: Some("+32470123456".into()),
                ..person()
            },
            note: Some("Met at the job fair".into()),
        }
    }

    #[test]
    fn a_patch_changes_what_it_names_and_keeps_the_rest() {
        let patch: PersonPatch = serde_json::from_value(serde_json::json!({
            "last_name": "El Idrissi-Benali", "phone": null, "note": " Prefers mornings ",
            "profile": {"postcode": "4020", "career_plan": true}
        }))
        .unwrap();
        let (p, note, changed) = apply_patch(&editable(), &patch, true).unwrap();
        assert_eq!(p.last_name, "El Idrissi-Benali");
        assert_eq!(p.first_name, "Amina");
        assert_eq!(
            p.email.as_deref(),
            Some("amina@example.be"),
            "left out: kept"
        );
        assert_eq!(p.phone, None, "null: cleared");
        assert_eq!(note.as_deref(), Some("Prefers mornings"));
        assert_eq!(p.profile.postcode.as_deref(), Some("4020"));
        assert!(p.profile.career_plan);
        assert_eq!(changed, ["last_name", "phone", "note", "profile"]);
        // An empty patch changes nothing.
        let (same, note, changed) =
            apply_patch(&editable(), &PersonPatch::default(), true).unwrap();
        assert_eq!(same.email.as_deref(), Some("amina@example.be"));
        assert_eq!(note.as_deref(), Some("Met at the job fair"));
        assert!(changed.is_empty());
    }

    #[test]
    fn a_patch_cannot_leave_the_record_invalid() {
        let bad = |v: serde_json::Value| serde_json::from_value::<PersonPatch>(v).unwrap();
        for (patch, past, field, problem) in [
            (
                bad(serde_json::json!({"first_name": ""})),
                true,
                "first_name",
                Invalid::Required,
            ),
            (
                bad(serde_json::json!({"languages": []})),
                true,
                "languages",
                Invalid::Required,
            ),
            (
                bad(serde_json::json!({"email": "nope"})),
                true,
                "email",
                Invalid::Malformed,
            ),
            (
                bad(serde_json::json!({"office": "paris"})),
                true,
                "office",
                Invalid::Unknown,
            ),
            (
                bad(serde_json::json!({"capacity": 9})),
                true,
                "capacity",
                Invalid::OutOfRange,
            ),
            (
                bad(serde_json::json!({"note": "x".repeat(NOTE_MAX + 1)})),
                true,
                "note",
                Invalid::TooLong,
            ),
            (
                bad(serde_json::json!({"profile": {"postcode": 12}})),
                true,
                "profile",
                Invalid::Malformed,
            ),
        ] {
            assert_eq!(
                apply_patch(&editable(), &patch, past).unwrap_err(),
                AppError::invalid(field, problem)
            );
        }
        // Still registered: the languages may wait for the intake.
        let patch = bad(serde_json::json!({"languages": []}));
        assert!(apply_patch(&editable(), &patch, false).is_ok());
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
