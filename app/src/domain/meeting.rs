//! The weekly matching meeting: what it decides about each draft duo, and the checks on a list
//! of decisions before anything is written (a bad list changes nothing).
use crate::error::{AppError, Invalid};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What the meeting decides about one draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The draft becomes a `proposed` duo: its mentor sees it now.
    Propose,
    /// The draft is removed: the mentee waits again, the mentor has the place back.
    Drop,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Propose => "propose",
            Decision::Drop => "drop",
        }
    }
}

/// One decision of the meeting, with its short minute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftDecision {
    pub duo: String,
    pub decision: Decision,
    /// Why, in a sentence or two; it goes on the duo's timeline.
    #[serde(default)]
    pub minute: Option<String>,
}

/// The longest minute, in characters.
pub const MINUTE_MAX: usize = 500;
/// The most decisions one meeting sends at once (an office's drafts fit well within it).
pub const DECISIONS_MAX: usize = 200;

/// Checks a meeting's decisions: at least one, not too many, each draft once, minutes short.
/// Returns them with minutes trimmed (an empty minute is none).
pub fn check_decisions(decisions: &[DraftDecision]) -> Result<Vec<DraftDecision>, AppError> {
    if decisions.is_empty() {
        return Err(AppError::invalid("decisions", Invalid::Required));
    }
    if decisions.len() > DECISIONS_MAX {
        return Err(AppError::invalid("decisions", Invalid::OutOfRange));
    }
    let mut seen = HashSet::new();
    decisions
        .iter()
        .map(|d| {
            if d.duo.trim().is_empty() {
                return Err(AppError::invalid("duo", Invalid::Required));
            }
            if !seen.insert(d.duo.as_str()) {
                // Two decisions about one draft: which one holds is not ours to guess.
                return Err(AppError::invalid("duo", Invalid::Taken));
            }
            let minute = d.minute.as_deref().map(str::trim).filter(|m| !m.is_empty());
            if minute.is_some_and(|m| m.chars().count() > MINUTE_MAX) {
                return Err(AppError::invalid("minute", Invalid::TooLong));
            }
            Ok(DraftDecision {
                duo: d.duo.clone(),
                decision: d.decision,
                minute: minute.map(str::to_string),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn decision(duo: &str, decision: Decision, minute: Option<&str>) -> DraftDecision {
        DraftDecision {
            duo: duo.into(),
            decision,
            minute: minute.map(str::to_string),
        }
    }

    #[test]
    fn good_decisions_come_back_with_minutes_trimmed() {
        let checked = check_decisions(&[
            decision("d1", Decision::Propose, Some("  Both in logistics. ")),
            decision("d2", Decision::Drop, Some("   ")),
            decision("d3", Decision::Propose, None),
        ])
        .unwrap();
        assert_eq!(checked[0].minute.as_deref(), Some("Both in logistics."));
        assert_eq!(checked[1].minute, None);
        assert_eq!(checked[2], decision("d3", Decision::Propose, None));
    }

    #[test]
    fn bad_lists_are_refused_with_the_field_at_fault() {
        let refused = |list: &[DraftDecision], field: &str, problem: Invalid| {
            assert_eq!(
                check_decisions(list),
                Err(AppError::invalid(field, problem))
            );
        };
        refused(&[], "decisions", Invalid::Required);
        let many: Vec<_> = (0..=DECISIONS_MAX)
            .map(|i| decision(&format!("d{i}"), Decision::Propose, None))
            .collect();
        refused(&many, "decisions", Invalid::OutOfRange);
        refused(
            &[decision(" ", Decision::Drop, None)],
            "duo",
            Invalid::Required,
        );
        refused(
            &[
                decision("d1", Decision::Propose, None),
                decision("d1", Decision::Drop, None),
            ],
            "duo",
            Invalid::Taken,
        );
        let long = "é".repeat(MINUTE_MAX + 1);
        refused(
            &[decision("d1", Decision::Drop, Some(&long))],
            "minute",
            Invalid::TooLong,
        );
        let just = "é".repeat(MINUTE_MAX);
        assert!(check_decisions(&[decision("d1", Decision::Drop, Some(&just))]).is_ok());
    }

    #[test]
    fn decisions_read_and_write_their_contract() {
        let parsed: DraftDecision =
            serde_json::from_str(r#"{"duo":"d1","decision":"drop","minute":"Too far apart"}"#)
                .unwrap();
        assert_eq!(
            parsed,
            decision("d1", Decision::Drop, Some("Too far apart"))
        );
        assert!(
            serde_json::from_str::<DraftDecision>(r#"{"duo":"d1","decision":"maybe"}"#).is_err()
        );
        assert!(
            serde_json::from_str::<DraftDecision>(r#"{"duo":"d1","decision":"drop","x":1}"#)
                .is_err()
        );
        for d in [Decision::Propose, Decision::Drop] {
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
        }
    }

    proptest! {
        /// Whatever the list, it is either refused or kept whole, in order, each draft once.
        #[test]
        fn a_checked_list_keeps_every_draft_once(
            duos in proptest::collection::vec("[a-c]{1,2}", 0..8),
            minute in proptest::option::of(".{0,40}"),
        ) {
            let list: Vec<_> = duos.iter().map(|d| decision(d, Decision::Propose, minute.as_deref())).collect();
            if let Ok(checked) = check_decisions(&list) {
                prop_assert_eq!(checked.len(), list.len());
                let unique: HashSet<_> = checked.iter().map(|d| d.duo.clone()).collect();
                prop_assert_eq!(unique.len(), checked.len());
                for (a, b) in checked.iter().zip(&list) {
                    prop_assert_eq!(&a.duo, &b.duo);
                }
            }
        }
    }
}
