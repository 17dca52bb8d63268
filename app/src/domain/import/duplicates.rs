//! Probable duplicates: a row that brings a person already recorded (among the people the
//! server hands in: those of the offices the importing user sees, never others, whose existence
//! an answer would reveal) or one an earlier row of the same file brings. Same email address, same phone number (both
//! as stored: lower case, E.164), or the same first and last name (case, accents, dashes and
//! spaces aside) with the same postcode.
use super::{row_reference, Candidate, Duplicate};
use std::collections::HashMap;

/// A person already recorded, as the duplicate check reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Existing {
    /// The record (`mentee:k3x…`).
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub postcode: Option<String>,
}

/// A name as the check compares it: letters and digits only, without accents, lower case,
/// words separated by one space (`Jean-Marie  DUPRÉ` → `jean marie dupre`).
pub fn name_key(first_name: &str, last_name: &str) -> String {
    let text = deunicode::deunicode(&format!("{first_name} {last_name}")).to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What identifies a person for the check; each key is compared on its own.
fn keys(
    email: Option<&str>,
    phone: Option<&str>,
    first_name: &str,
    last_name: &str,
    postcode: Option<&str>,
) -> [Option<String>; 3] {
    fn given(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| !v.is_empty())
    }
    [
        given(email).map(|e| format!("email {}", e.to_lowercase())),
        given(phone).map(|p| format!("phone {p}")),
        given(postcode).map(|pc| format!("name {} {pc}", name_key(first_name, last_name))),
    ]
}

fn candidate_keys(c: &Candidate) -> [Option<String>; 3] {
    let p = &c.person;
    keys(
        p.email.as_deref(),
        p.phone.as_deref(),
        &p.first_name,
        &p.last_name,
        p.profile.postcode.as_deref(),
    )
}

/// The rows of `candidates` that are probably people of `existing` (the record is named) or of
/// an earlier row of the file (the row is named), in the file's order. A record wins over a
/// row; the first record or row with the key is the one named.
pub fn find_duplicates(candidates: &[Candidate], existing: &[Existing]) -> Vec<Duplicate> {
    let mut recorded: HashMap<String, &str> = HashMap::new();
    for e in existing {
        let found = keys(
            e.email.as_deref(),
            e.phone.as_deref(),
            &e.first_name,
            &e.last_name,
            e.postcode.as_deref(),
        );
        for key in found.into_iter().flatten() {
            recorded.entry(key).or_insert(&e.id);
        }
    }
    let mut earlier: HashMap<String, u32> = HashMap::new();
    let mut out = vec![];
    for c in candidates {
        let found = candidate_keys(c);
        let named = found
            .iter()
            .flatten()
            .find_map(|k| recorded.get(k).map(|id| id.to_string()))
            .or_else(|| {
                found
                    .iter()
                    .flatten()
                    .find_map(|k| earlier.get(k).map(|row| row_reference(*row)))
            });
        for key in found.into_iter().flatten() {
            earlier.entry(key).or_insert(c.row);
        }
        if let Some(existing) = named {
            out.push(Duplicate {
                row: c.row,
                existing,
            });
        }
    }
    out
}
