//! The weekly matching meeting: an office's draft duos, each with its score and reasons, and
//! the meeting's decisions (propose or drop, with a minute) sent in one action.
pub mod api;
#[cfg(feature = "ssr")]
pub mod server;
pub mod view;

use crate::domain::matching::{judge, MentorSide, Traits, Verdict, Weights};
use crate::domain::meeting::Decision;
use crate::domain::states::DuoState;
use crate::error::AppError;
use crate::matching::mentee_traits;
use crate::model::DuoCard;
use serde::{Deserialize, Serialize};

/// One draft on the meeting's agenda.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub duo: DuoCard,
    /// Who put the draft on the board.
    pub drafted_by: Option<String>,
    /// The pairing's score and reasons with the office's weights today, or why matching would
    /// now exclude it (a pairing that failed since, say).
    pub verdict: Verdict,
}

/// An office's agenda: its drafts, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agenda {
    pub office: String,
    /// Offices the viewer may switch to.
    pub offices: Vec<String>,
    pub items: Vec<AgendaItem>,
}

/// What became of one decision: the duo's new state, or why it could not be applied (another
/// coordinator decided first, say). Each decision is applied on its own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionOutcome {
    pub duo: String,
    pub decision: Decision,
    /// `proposed`, or `None` once dropped (the draft no longer exists).
    #[serde(default)]
    pub state: Option<DuoState>,
    #[serde(default)]
    pub error: Option<AppError>,
}

/// A draft's pairing as matching judges it: the mentor's own place in this draft counts as
/// free, so the draft is scored as it was when it was made.
pub fn draft_verdict(
    office: &str,
    duo: &DuoCard,
    failed_before: bool,
    weights: &Weights,
) -> Verdict {
    let mentor = Traits::of_mentor(&MentorSide {
        office,
        languages: &duo.mentor_languages,
        sectors: &duo.mentor_sectors,
        available: true,
        load: duo.mentor_load.saturating_sub(1),
        capacity: duo.mentor_capacity,
        profile: &duo.mentor_profile,
    });
    judge(
        &mentee_traits(office, &duo.mentee),
        &mentor,
        failed_before,
        weights,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::matching::{Exclusion, Profile};
    use crate::model::MenteeCard;

    fn draft(load: u32, capacity: u32, mentor_languages: &[&str]) -> DuoCard {
        DuoCard {
            id: "d1".into(),
            state: DuoState::Draft,
            mentee: MenteeCard {
                id: "m1".into(),
                first_name: "Amina".into(),
                last_name: "B".into(),
                sectors: vec!["F".into()],
                languages: vec!["fr".into()],
                days_waiting: 30,
                profile: Profile::default(),
            },
            mentor_id: "t1".into(),
            mentor_first_name: "Jean".into(),
            mentor_last_name: "D".into(),
            mentor_sectors: vec!["F".into()],
            mentor_languages: mentor_languages.iter().map(|l| l.to_string()).collect(),
            mentor_capacity: capacity,
            mentor_load: load,
            mentor_profile: Profile::default(),
            days_open: 0,
        }
    }

    #[test]
    fn a_draft_is_scored_with_its_own_place_free() {
        let weights = Weights::default();
        // The draft took the mentor's only place: still scored, not "full".
        match draft_verdict("liege", &draft(1, 1, &["fr"]), false, &weights) {
            Verdict::Scored(score) => {
                assert!(score.score > 0);
                assert!(!score.criteria.is_empty());
            }
            other => panic!("expected a score, got {other:?}"),
        }
    }

    #[test]
    fn a_draft_that_matching_now_excludes_says_why() {
        let weights = Weights::default();
        let Verdict::Excluded { reasons } =
            draft_verdict("liege", &draft(1, 1, &["nl"]), true, &weights)
        else {
            panic!("no shared language and a failed pairing must exclude");
        };
        assert!(reasons.contains(&Exclusion::FailedBefore), "{reasons:?}");
        assert!(
            reasons.contains(&Exclusion::NoSharedLanguage),
            "{reasons:?}"
        );
    }
}
