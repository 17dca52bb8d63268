//! Matching on the board: the pure model of `domain::matching` applied to the board's cards, so
//! the browser scores mentors instantly while a card is dragged, and the server gives the same
//! answers to the API and the slate.
pub mod api;
pub mod profile_fields;
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
use std::collections::{HashMap, HashSet};

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

/// What matching reads of one office's board: its waiting mentees, available mentors, the
/// pairings that failed before and the office's weights.
#[derive(Clone, Copy, Debug)]
pub struct Pool<'a> {
    pub office: &'a str,
    pub mentees: &'a [MenteeCard],
    pub mentors: &'a [MentorCard],
    pub failed_pairs: &'a [(String, String)],
    pub weights: &'a Weights,
}

impl<'a> Pool<'a> {
    pub fn of(board: &'a BoardData) -> Self {
        Pool {
            office: &board.office,
            mentees: &board.mentees,
            mentors: &board.mentors,
            failed_pairs: &board.failed_pairs,
            weights: &board.weights,
        }
    }

    fn failed(&self) -> HashSet<(&'a str, &'a str)> {
        self.failed_pairs
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect()
    }

    fn verdicts<'m>(
        &self,
        mentee: &'m MenteeCard,
        weights: &'m Weights,
    ) -> impl Iterator<Item = (&'a MentorCard, Verdict)> + 'm
    where
        'a: 'm,
    {
        let failed = self.failed();
        let me = mentee_traits(self.office, mentee);
        let office = self.office;
        self.mentors.iter().map(move |mentor| {
            let failed_before = failed.contains(&(mentee.id.as_str(), mentor.id.as_str()));
            let verdict = judge(&me, &mentor_traits(office, mentor), failed_before, weights);
            (mentor, verdict)
        })
    }

    /// Ranks the mentors for a mentee with the office's weights.
    pub fn rank(&self, mentee: &MenteeCard) -> Ranking {
        self.rank_with(mentee, self.weights)
    }

    /// Ranks the mentors for a mentee with the given weights (the weights form previews with
    /// this). Ties go to the mentor who has waited longest.
    pub fn rank_with(&self, mentee: &MenteeCard, weights: &Weights) -> Ranking {
        let mut ranking = Ranking::default();
        for (mentor, verdict) in self.verdicts(mentee, weights) {
            match verdict {
                Verdict::Scored(Score { score, criteria }) => {
                    ranking.suggestions.push(Suggestion {
                        mentor: mentor.id.clone(),
                        mentor_name: mentor.name(),
                        score,
                        criteria,
                    })
                }
                Verdict::Excluded { reasons } => ranking.excluded.push(Excluded {
                    mentor: mentor.id.clone(),
                    mentor_name: mentor.name(),
                    reasons,
                }),
            }
        }
        let days: HashMap<&str, i64> = self
            .mentors
            .iter()
            .map(|m| (m.id.as_str(), m.days_available))
            .collect();
        let waited = |id: &str| days.get(id).copied().unwrap_or(0);
        ranking.suggestions.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| waited(&b.mentor).cmp(&waited(&a.mentor)))
                .then_with(|| a.mentor.cmp(&b.mentor))
        });
        ranking
    }

    /// Each mentor's score for one mentee, `None` where a hard filter excludes the pair (what the
    /// mentor cards show while a mentee is dragged).
    pub fn scores_for(&self, mentee: &MenteeCard) -> HashMap<String, Option<u32>> {
        self.verdicts(mentee, self.weights)
            .map(|(mentor, verdict)| {
                let score = match verdict {
                    Verdict::Scored(s) => Some(s.score),
                    Verdict::Excluded { .. } => None,
                };
                (mentor.id.clone(), score)
            })
            .collect()
    }

    /// The optimal slate of the waiting mentees and available mentors.
    pub fn slate(&self) -> Slate {
        let mentees: Vec<SlateMentee> = self
            .mentees
            .iter()
            .map(|m| SlateMentee {
                id: m.id.clone(),
                traits: mentee_traits(self.office, m),
            })
            .collect();
        let mentors: Vec<SlateMentor> = self
            .mentors
            .iter()
            .map(|m| SlateMentor {
                id: m.id.clone(),
                traits: mentor_traits(self.office, m),
                free: m.capacity.saturating_sub(m.load),
            })
            .collect();
        let failed: HashSet<(String, String)> = self.failed_pairs.iter().cloned().collect();
        slate::propose(&mentees, &mentors, &failed, self.weights)
    }
}
