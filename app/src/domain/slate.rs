//! The optimal slate: for one office's waiting list, the pairing of mentees with available
//! mentors that maximises the total score, respecting every hard filter and each mentor's free
//! capacity. It only proposes: a coordinator turns each pair into a duo, or not (GDPR art. 22).
use crate::domain::assignment::solve_with_capacities;
use crate::domain::matching::{allowed, exclusions, score_value, Exclusion, Traits, Weights};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// A waiting mentee as the slate sees them.
#[derive(Clone, Debug)]
pub struct SlateMentee {
    pub id: String,
    pub traits: Traits,
}

/// An available mentor and how many more duos they can take.
#[derive(Clone, Debug)]
pub struct SlateMentor {
    pub id: String,
    pub traits: Traits,
    pub free: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlatePair {
    pub mentee: String,
    pub mentor: String,
    pub score: u32,
}

/// Why a waiting mentee got no mentor in the slate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UnmatchedReason {
    /// No available mentor passes the hard filters; `reasons` are the filters that stop them,
    /// the most frequent first.
    NoMentorFits { reasons: Vec<Exclusion> },
    /// Mentors fit, but each is better used in another pair of the slate.
    MentorsTaken { fitting: u32 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    pub mentee: String,
    pub reason: UnmatchedReason,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slate {
    pub total_score: u32,
    pub pairs: Vec<SlatePair>,
    pub unmatched: Vec<Unmatched>,
}

/// Computes the optimal slate. `failed` holds (mentee id, mentor id) pairs that did not work
/// before. Pairs come best score first.
pub fn propose(
    mentees: &[SlateMentee],
    mentors: &[SlateMentor],
    failed: &HashSet<(String, String)>,
    weights: &Weights,
) -> Slate {
    let failed_before = |i: usize, j: usize| {
        !failed.is_empty() && failed.contains(&(mentees[i].id.clone(), mentors[j].id.clone()))
    };
    let caps: Vec<u32> = mentors.iter().map(|m| m.free).collect();
    let choice = solve_with_capacities(mentees.len(), &caps, |i, j| {
        let (me, mo) = (&mentees[i].traits, &mentors[j].traits);
        allowed(me, mo, failed_before(i, j)).then(|| f64::from(score_value(me, mo, weights)))
    });
    let mut slate = Slate::default();
    for (i, chosen) in choice.iter().enumerate() {
        match chosen {
            Some(j) => {
                let score = score_value(&mentees[i].traits, &mentors[*j].traits, weights);
                slate.total_score += score;
                slate.pairs.push(SlatePair {
                    mentee: mentees[i].id.clone(),
                    mentor: mentors[*j].id.clone(),
                    score,
                });
            }
            None => {
                let reason = why_unmatched(i, mentees, mentors, &failed_before);
                slate.unmatched.push(Unmatched {
                    mentee: mentees[i].id.clone(),
                    reason,
                });
            }
        }
    }
    slate
        .pairs
        .sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.mentee.cmp(&b.mentee)));
    slate
}

fn why_unmatched(
    i: usize,
    mentees: &[SlateMentee],
    mentors: &[SlateMentor],
    failed_before: &impl Fn(usize, usize) -> bool,
) -> UnmatchedReason {
    let mut counts: Vec<(Exclusion, u32)> = Vec::new();
    let mut fitting = 0;
    for (j, mentor) in mentors.iter().enumerate() {
        let reasons = exclusions(&mentees[i].traits, &mentor.traits, failed_before(i, j));
        if reasons.is_empty() {
            fitting += 1;
        }
        for r in reasons {
            match counts.iter_mut().find(|(e, _)| *e == r) {
                Some((_, n)) => *n += 1,
                None => counts.push((r, 1)),
            }
        }
    }
    if fitting > 0 {
        return UnmatchedReason::MentorsTaken { fitting };
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1));
    UnmatchedReason::NoMentorFits {
        reasons: counts.into_iter().map(|(e, _)| e).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::matching::{MenteeSide, MentorSide, Profile};

    fn s(codes: &[&str]) -> Vec<String> {
        codes.iter().map(|c| c.to_string()).collect()
    }

    fn mentee(id: &str, languages: &[&str], sectors: &[&str], days: i64) -> SlateMentee {
        let profile = Profile {
            career_plan: !sectors.is_empty(),
            ..Profile::default()
        };
        SlateMentee {
            id: id.into(),
            traits: Traits::of_mentee(&MenteeSide {
                office: "antwerp",
                languages: &s(languages),
                sectors: &s(sectors),
                days_waiting: days,
                profile: &profile,
            }),
        }
    }

    fn mentor(id: &str, languages: &[&str], sectors: &[&str], free: u32) -> SlateMentor {
        let profile = Profile::default();
        SlateMentor {
            id: id.into(),
            traits: Traits::of_mentor(&MentorSide {
                office: "antwerp",
                languages: &s(languages),
                sectors: &s(sectors),
                available: true,
                load: 0,
                capacity: free.max(1),
                profile: &profile,
            }),
            free,
        }
    }

    #[test]
    fn slate_beats_greedy_and_explains_the_unmatched() {
        // Greedy gives the builder to Amal (the best single score: she waited longer) and leaves
        // Bilal, who speaks no Arabic, with nobody; the optimum gives Amal the Arabic-speaking
        // teacher instead.
        let mentees = vec![
            mentee("amal", &["nl", "ar"], &["F"], 80),
            mentee("bilal", &["nl"], &["F"], 5),
            mentee("chen", &["zh"], &["J"], 30),
        ];
        let mentors = vec![
            mentor("builder", &["nl"], &["F"], 1),
            mentor("teacher", &["ar"], &["P"], 1),
        ];
        let w = Weights::default();
        let slate = propose(&mentees, &mentors, &HashSet::new(), &w);
        let pairs: Vec<(&str, &str)> = slate
            .pairs
            .iter()
            .map(|p| (p.mentee.as_str(), p.mentor.as_str()))
            .collect();
        assert!(pairs.contains(&("amal", "teacher")) && pairs.contains(&("bilal", "builder")));
        assert_eq!(
            slate.total_score,
            slate.pairs.iter().map(|p| p.score).sum::<u32>()
        );
        assert_eq!(
            slate.unmatched,
            vec![Unmatched {
                mentee: "chen".into(),
                reason: UnmatchedReason::NoMentorFits {
                    reasons: vec![Exclusion::NoSharedLanguage]
                },
            }]
        );
    }

    #[test]
    fn capacities_and_failed_pairings_are_respected() {
        let mentees = vec![
            mentee("a", &["fr"], &["F"], 10),
            mentee("b", &["fr"], &["F"], 20),
            mentee("c", &["fr"], &["F"], 30),
        ];
        let mentors = vec![mentor("m", &["fr"], &["F"], 2)];
        let failed: HashSet<(String, String)> = [("c".to_string(), "m".to_string())].into();
        let slate = propose(&mentees, &mentors, &failed, &Weights::default());
        assert_eq!(slate.pairs.len(), 2);
        assert!(slate.pairs.iter().all(|p| p.mentee != "c"));
        assert_eq!(
            slate.unmatched[0].reason,
            UnmatchedReason::NoMentorFits {
                reasons: vec![Exclusion::FailedBefore]
            }
        );
        // With room for only one, the longest waiter (more waiting points) gets the mentor.
        let one = vec![mentor("m", &["fr"], &["F"], 1)];
        let slate = propose(&mentees, &one, &HashSet::new(), &Weights::default());
        assert_eq!(slate.pairs.len(), 1);
        assert_eq!(slate.pairs[0].mentee, "c");
        assert!(slate
            .unmatched
            .iter()
            .all(|u| u.reason == UnmatchedReason::MentorsTaken { fitting: 1 }));
    }

    #[test]
    fn empty_inputs_give_an_empty_slate() {
        let slate = propose(&[], &[], &HashSet::new(), &Weights::default());
        assert_eq!(slate, Slate::default());
        let lonely = vec![mentee("a", &["fr"], &[], 1)];
        let slate = propose(&lonely, &[], &HashSet::new(), &Weights::default());
        assert_eq!(slate.unmatched.len(), 1);
        assert_eq!(slate.total_score, 0);
    }
}
