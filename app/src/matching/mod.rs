//! Matching on the board: the pure model of `domain::matching` applied to the board's cards, so
//! the browser scores mentors instantly while a card is dragged, and the server gives the same
//! answers to the API and the slate.
pub mod api;
#[cfg(feature = "ssr")]
pub mod server;
pub mod texts;
pub mod view;

use crate::domain::matching::{
    judge, Exclusion, MenteeSide, MentorSide, Score, Traits, Verdict, Weights,
};
use crate::domain::slate::{self, Slate, SlateMentee, SlateMentor};
use crate::model::{BoardData, MenteeCard, MentorCard};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub fn mentee_traits(office: &str, card: &MenteeCard) -> Traits {
    Traits::of_mentee(&MenteeSide {
        office,
        languages: &card.languages,
        sectors: &card.sectors,
        days_waiting: card.days_waiting,
        profile: &card.profile,
    })
}

/// Mentors on the board are trained, available and have room (the board lists no others).
pub fn mentor_traits(office: &str, card: &MentorCard) -> Traits {
    Traits::of_mentor(&MentorSide {
        office,
        languages: &card.languages,
        sectors: &card.sectors,
        available: true,
        load: card.load,
        capacity: card.capacity,
        profile: &card.profile,
    })
}

/// One mentor's fit for a mentee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub mentor: String,
    pub mentor_name: String,
    pub score: u32,
    pub criteria: Vec<crate::domain::matching::CriterionScore>,
}

/// A mentor the hard filters rule out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Excluded {
    pub mentor: String,
    pub mentor_name: String,
    pub reasons: Vec<Exclusion>,
}

/// Every available mentor of the office for one mentee: the fitting ones best first, then the
/// excluded ones with their reasons.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranking {
    pub suggestions: Vec<Suggestion>,
    pub excluded: Vec<Excluded>,
}

fn failed_set(board: &BoardData) -> HashSet<(&str, &str)> {
    board
        .failed_pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

/// Ranks the board's mentors for a mentee. Ties go to the mentor who has waited longest.
pub fn rank(board: &BoardData, mentee: &MenteeCard, weights: &Weights) -> Ranking {
    let failed = failed_set(board);
    let me = mentee_traits(&board.office, mentee);
    let mut mentors: Vec<&MentorCard> = board.mentors.iter().collect();
    mentors.sort_by(|a, b| {
        b.days_available
            .cmp(&a.days_available)
            .then_with(|| a.id.cmp(&b.id))
    });
    let mut ranking = Ranking::default();
    for mentor in mentors {
        let failed_before = failed.contains(&(mentee.id.as_str(), mentor.id.as_str()));
        match judge(
            &me,
            &mentor_traits(&board.office, mentor),
            failed_before,
            weights,
        ) {
            Verdict::Scored(Score { score, criteria }) => ranking.suggestions.push(Suggestion {
                mentor: mentor.id.clone(),
                mentor_name: mentor.name(),
                score,
                criteria,
            }),
            Verdict::Excluded { reasons } => ranking.excluded.push(Excluded {
                mentor: mentor.id.clone(),
                mentor_name: mentor.name(),
                reasons,
            }),
        }
    }
    // A stable sort keeps the longest-waiting mentor first among equal scores.
    ranking.suggestions.sort_by(|a, b| b.score.cmp(&a.score));
    ranking
}

/// Each mentor's score for one mentee, or `None` where a hard filter excludes the pair (what the
/// mentor cards show while a mentee is dragged).
pub fn scores_for(board: &BoardData, mentee: &MenteeCard) -> Vec<(String, Option<u32>)> {
    let failed = failed_set(board);
    let me = mentee_traits(&board.office, mentee);
    board
        .mentors
        .iter()
        .map(|m| {
            let failed_before = failed.contains(&(mentee.id.as_str(), m.id.as_str()));
            let verdict = judge(
                &me,
                &mentor_traits(&board.office, m),
                failed_before,
                &board.weights,
            );
            let score = match verdict {
                Verdict::Scored(s) => Some(s.score),
                Verdict::Excluded { .. } => None,
            };
            (m.id.clone(), score)
        })
        .collect()
}

/// The optimal slate for the board's waiting mentees and available mentors.
pub fn slate_for(board: &BoardData) -> Slate {
    let mentees: Vec<SlateMentee> = board
        .mentees
        .iter()
        .map(|m| SlateMentee {
            id: m.id.clone(),
            traits: mentee_traits(&board.office, m),
        })
        .collect();
    let mentors: Vec<SlateMentor> = board
        .mentors
        .iter()
        .map(|m| SlateMentor {
            id: m.id.clone(),
            traits: mentor_traits(&board.office, m),
            free: m.capacity.saturating_sub(m.load),
        })
        .collect();
    let failed: HashSet<(String, String)> = board.failed_pairs.iter().cloned().collect();
    slate::propose(&mentees, &mentors, &failed, &board.weights)
}
