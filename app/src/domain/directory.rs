//! The directory's rules: what a search of an office's people may ask, checked and put in the
//! form the database query takes. Pure, so the page and the server read a query the same way.
use crate::domain::privacy::PersonKind;
use crate::domain::reference::{is_language, is_office, is_sector};
use crate::domain::states::{MenteeState, MentorState};
use crate::error::{AppError, Invalid};
use serde::{Deserialize, Serialize};

/// What the directory is asked: every filter optional. `GET /api/v1/people?…`
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct DirectoryQuery {
    /// Words of a name, an email address or a phone number (case and accents ignored, parts
    /// of words match).
    #[serde(default)]
    pub q: Option<String>,
    /// `mentee` or `mentor`.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub office: Option<String>,
    #[serde(default)]
    pub sector: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    /// In their current state for at least this many days.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub min_days: Option<u32>,
    /// `name` (default), `since` (longest in their state first) or `recent` (newest first).
    #[serde(default)]
    pub sort: Option<String>,
    /// From 1.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub page: Option<u32>,
    /// 1 to 200; 50 when absent.
    #[serde(default, deserialize_with = "blank_is_none")]
    pub per_page: Option<u32>,
}

/// A number of a query string, where `page=` (left blank by a form) means "not given".
fn blank_is_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        Number(u32),
        Text(String),
    }
    match Option::<Given>::deserialize(d)? {
        None => Ok(None),
        Some(Given::Number(n)) => Ok(Some(n)),
        Some(Given::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(Given::Text(t)) => t.trim().parse().map(Some).map_err(serde::de::Error::custom),
    }
}

/// Rows per page when the caller does not say.
pub const PER_PAGE_DEFAULT: u32 = 50;
/// The most rows one page may hold.
pub const PER_PAGE_MAX: u32 = 200;
/// The deepest page one may ask for (a search narrows better than paging that far).
pub const PAGE_MAX: u32 = 10_000;
/// The longest search text, and the most words of it used.
pub const QUERY_MAX: usize = 100;
pub const TERMS_MAX: usize = 6;

/// How the directory is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// By last name, then first name.
    Name,
    /// The longest in their current state first.
    Since,
    /// The newest records first.
    Recent,
}

/// A checked directory search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    /// Words to find in the name or email address, each as typed (the database folds case and
    /// accents of both sides the same way).
    pub words: Vec<String>,
    /// Digits to find in a phone number, when the text is a phone number.
    pub phone: Option<String>,
    /// Which tables: one kind, or both.
    pub kinds: Vec<PersonKind>,
    pub state: Option<String>,
    pub office: Option<String>,
    pub sector: Option<String>,
    pub language: Option<String>,
    pub min_days: Option<u32>,
    pub sort: Sort,
    pub page: u32,
    pub per_page: u32,
}

impl Search {
    /// The number of rows to skip.
    pub fn start(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }
}

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// A phone number as searched: its digits, without the prefixes that differ between the ways
/// people write one number (`0470 …`, `+32 470 …`, `0032 470 …` all contain `470…`).
pub fn phone_digits(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.strip_prefix("00").unwrap_or(&digits);
    let digits = digits.strip_prefix('0').unwrap_or(digits);
    digits.to_string()
}

/// Whether a search text is a phone number rather than words: digits, with only the signs
/// people write numbers with, and at least three digits.
fn looks_like_phone(text: &str) -> bool {
    text.chars().filter(char::is_ascii_digit).count() >= 3
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || " +-./()".contains(c))
}

/// The shortest and longest pieces of a word the database's search index holds: every piece
/// of 2 to 20 letters (or digits) of each run of letters (or digits) of a name, an email address
/// or a phone number (`ngram(2, 20)`), so a part of a word is found without reading everyone.
pub const INDEXED_PIECE: std::ops::RangeInclusive<usize> = 2..=20;

/// How the database finds one searched word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordLookup {
    /// Runs of letters or of digits the index can find (each must be there).
    pub terms: Vec<String>,
    /// Whether the word must also be checked as typed, on the people the terms found (or on
    /// everyone, when no term is indexed): a word with signs (`jan@ex`), with both letters and
    /// digits, or with a run too short or too long for the index.
    pub exact: bool,
}

/// How to find a searched word, given as the database folds the search key (`string::slug`:
/// lowercase ASCII letters and digits, `-` for the rest), so that both sides are alike. The index
/// narrows to the people who have each run of letters or digits of 2 to 20 characters; a word
/// that is not one such run is then checked whole. The answer is the people whose key contains
/// the folded word, as a plain `string::contains` over everyone would find, only quicker.
pub fn word_lookup(folded: &str) -> WordLookup {
    let word = folded;
    let mut runs: Vec<String> = Vec::new();
    let mut last: Option<bool> = None; // Some(true) letters, Some(false) digits
    for c in word.chars() {
        let class = if c.is_alphabetic() {
            Some(true)
        } else if c.is_numeric() {
            Some(false)
        } else {
            None
        };
        match (class, last) {
            (Some(a), Some(b)) if a == b => runs.last_mut().expect("a run").push(c),
            (Some(_), _) => runs.push(c.to_string()),
            (None, _) => {}
        }
        last = class;
    }
    let whole = runs.len() == 1 && runs[0].chars().count() == word.chars().count();
    let terms: Vec<String> = runs
        .into_iter()
        .filter(|r| INDEXED_PIECE.contains(&r.chars().count()))
        .collect();
    let exact = !(whole && terms.len() == 1);
    WordLookup { terms, exact }
}

/// Checks a directory query: every filter optional, each named when it is wrong.
pub fn check(query: &DirectoryQuery) -> Result<Search, AppError> {
    let kinds = match given(&query.kind) {
        None => vec![PersonKind::Mentee, PersonKind::Mentor],
        Some(k) => {
            vec![PersonKind::parse(k).ok_or_else(|| AppError::invalid("kind", Invalid::Unknown))?]
        }
    };
    let state = match given(&query.state) {
        None => None,
        Some(s) => {
            let known = kinds.iter().any(|k| match k {
                PersonKind::Mentee => MenteeState::parse(s).is_some(),
                PersonKind::Mentor => MentorState::parse(s).is_some(),
            });
            if !known {
                return Err(AppError::invalid("state", Invalid::Unknown));
            }
            Some(s.to_string())
        }
    };
    let known = |field: &str, text: &Option<String>, ok: fn(&str) -> bool| match given(text) {
        None => Ok(None),
        Some(t) if ok(t) => Ok(Some(t.to_string())),
        Some(_) => Err(AppError::invalid(field, Invalid::Unknown)),
    };
    let office = known("office", &query.office, is_office)?;
    let sector = known("sector", &query.sector, is_sector)?;
    let language = known("language", &query.language, is_language)?;
    let sort = match given(&query.sort) {
        None | Some("name") => Sort::Name,
        Some("since") => Sort::Since,
        Some("recent") => Sort::Recent,
        Some(_) => return Err(AppError::invalid("sort", Invalid::Unknown)),
    };
    let page = query.page.unwrap_or(1);
    if !(1..=PAGE_MAX).contains(&page) {
        return Err(AppError::invalid("page", Invalid::OutOfRange));
    }
    let per_page = query.per_page.unwrap_or(PER_PAGE_DEFAULT);
    if !(1..=PER_PAGE_MAX).contains(&per_page) {
        return Err(AppError::invalid("per_page", Invalid::OutOfRange));
    }
    if query.min_days.is_some_and(|d| d > 36_500) {
        return Err(AppError::invalid("min_days", Invalid::OutOfRange));
    }
    let (words, phone) = match given(&query.q) {
        None => (vec![], None),
        Some(q) if q.chars().count() > QUERY_MAX => {
            return Err(AppError::invalid("q", Invalid::TooLong))
        }
        Some(q) if looks_like_phone(q) => (vec![], Some(phone_digits(q))),
        Some(q) => (
            q.split_whitespace()
                .take(TERMS_MAX)
                .map(str::to_string)
                .collect(),
            None,
        ),
    };
    Ok(Search {
        words,
        phone,
        kinds,
        state,
        office,
        sector,
        language,
        min_days: query.min_days.filter(|d| *d > 0),
        sort,
        page,
        per_page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q() -> DirectoryQuery {
        DirectoryQuery::default()
    }

    #[test]
    fn an_empty_query_lists_everyone_by_name() {
        let s = check(&q()).unwrap();
        assert_eq!(s.kinds, [PersonKind::Mentee, PersonKind::Mentor]);
        assert_eq!(
            (s.sort, s.page, s.per_page, s.start()),
            (Sort::Name, 1, 50, 0)
        );
        assert!(s.words.is_empty() && s.phone.is_none());
    }

    #[test]
    fn words_and_phone_numbers_are_told_apart() {
        let s = check(&DirectoryQuery {
            q: Some("  Élodie   dupr ".into()),
            ..q()
        })
        .unwrap();
        assert_eq!(s.words, ["Élodie", "dupr"]);
        for (typed, digits) in [
            ("0470 12 34 56", "470123456"),
            ("+32 470 12 34 56", "32470123456"),
            ("0032 470/12.34.56", "32470123456"),
            ("470", "470"),
        ] {
            let s = check(&DirectoryQuery {
                q: Some(typed.into()),
                ..q()
            })
            .unwrap();
            assert_eq!(s.phone.as_deref(), Some(digits), "{typed}");
            assert!(s.words.is_empty());
        }
        // Two digits are a word (a house number in an email, say), not a phone number.
        let s = check(&DirectoryQuery {
            q: Some("12".into()),
            ..q()
        })
        .unwrap();
        assert_eq!((s.words.len(), s.phone), (1, None));
    }

    #[test]
    fn a_plain_word_is_found_by_the_index_alone() {
        for w in ["dupr", "elodie", "broucke", "470123456", "zo"] {
            assert_eq!(
                word_lookup(w),
                WordLookup {
                    terms: vec![w.to_string()],
                    exact: false
                },
                "{w}"
            );
        }
    }

    #[test]
    fn other_words_are_narrowed_by_their_runs_then_checked_whole() {
        for (w, terms) in [
            // As `string::slug` folds `jan@example`, `Martin7614`, `J. Peeters`, `王伟`.
            ("jan-example", vec!["jan", "example"]),
            ("martin7614", vec!["martin", "7614"]),
            ("j-peeters", vec!["peeters"]),
            ("wang-wei", vec!["wang", "wei"]),
            ("e", vec![]),
            ("", vec![]),
            ("a".repeat(21).as_str(), vec![]),
            ("elodie-12-ex", vec!["elodie", "12", "ex"]),
        ] {
            assert_eq!(
                word_lookup(w),
                WordLookup {
                    terms: terms.iter().map(|t| t.to_string()).collect(),
                    exact: true
                },
                "{w}"
            );
        }
    }

    proptest! {
        /// Every term is a run of the word the index holds, and a word left unchecked is
        /// exactly its one term.
        #[test]
        fn terms_are_indexable_runs_of_the_word(word in "\\PC{0,30}") {
            let l = word_lookup(&word);
            for t in &l.terms {
                prop_assert!(word.contains(t.as_str()));
                prop_assert!(INDEXED_PIECE.contains(&t.chars().count()));
                let letters = t.chars().all(char::is_alphabetic);
                let digits = t.chars().all(char::is_numeric);
                prop_assert!(letters || digits);
            }
            if !l.exact {
                prop_assert_eq!(l.terms, vec![word.clone()]);
            }
        }
    }

    #[test]
    fn every_filter_is_checked_and_named() {
        let cases: [(DirectoryQuery, &str); 9] = [
            (
                DirectoryQuery {
                    kind: Some("coach".into()),
                    ..q()
                },
                "kind",
            ),
            (
                DirectoryQuery {
                    state: Some("hired".into()),
                    ..q()
                },
                "state",
            ),
            // A mentee state asked of mentors.
            (
                DirectoryQuery {
                    kind: Some("mentor".into()),
                    state: Some("waiting".into()),
                    ..q()
                },
                "state",
            ),
            (
                DirectoryQuery {
                    office: Some("paris".into()),
                    ..q()
                },
                "office",
            ),
            (
                DirectoryQuery {
                    sector: Some("Z".into()),
                    ..q()
                },
                "sector",
            ),
            (
                DirectoryQuery {
                    language: Some("xx".into()),
                    ..q()
                },
                "language",
            ),
            (
                DirectoryQuery {
                    sort: Some("age".into()),
                    ..q()
                },
                "sort",
            ),
            (
                DirectoryQuery {
                    page: Some(0),
                    ..q()
                },
                "page",
            ),
            (
                DirectoryQuery {
                    per_page: Some(201),
                    ..q()
                },
                "per_page",
            ),
        ];
        for (query, field) in cases {
            match check(&query).unwrap_err() {
                AppError::Invalid { field: f, .. } => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        let long = DirectoryQuery {
            q: Some("a".repeat(QUERY_MAX + 1)),
            ..q()
        };
        assert_eq!(
            check(&long).unwrap_err(),
            AppError::invalid("q", Invalid::TooLong)
        );
        // A state of either machine is fine when no kind is asked.
        for state in ["waiting", "in_training", "withdrawn"] {
            assert!(check(&DirectoryQuery {
                state: Some(state.into()),
                ..q()
            })
            .is_ok());
        }
        let s = check(&DirectoryQuery {
            page: Some(3),
            per_page: Some(20),
            sort: Some("since".into()),
            ..q()
        })
        .unwrap();
        assert_eq!((s.start(), s.sort), (40, Sort::Since));
    }

    proptest! {
        /// Whatever is typed, the check answers (never panics), and words never exceed the cap.
        #[test]
        fn any_search_text_is_answered(text in "\\PC{0,120}") {
            match check(&DirectoryQuery { q: Some(text.clone()), ..DirectoryQuery::default() }) {
                Ok(s) => {
                    prop_assert!(s.words.len() <= TERMS_MAX);
                    if let Some(p) = s.phone { prop_assert!(p.chars().all(|c| c.is_ascii_digit())); }
                }
                Err(e) => prop_assert_eq!(e, AppError::invalid("q", Invalid::TooLong)),
            }
        }
    }
}
