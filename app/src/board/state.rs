//! The board's state that its parts share: the office, the lanes as the browser holds them and
//! what matching needs beyond them, with the reload that replaces all of it by the server's truth.
use crate::board::api::load_board;
use crate::board::moves::Lanes;
use crate::domain::matching::Weights;
use crate::matching::Pool;
use crate::model::{BoardData, MenteeCard};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What matching needs beyond the lanes: pairings that failed before, and the office's weights.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchFacts {
    pub failed_pairs: Vec<(String, String)>,
    pub weights: Weights,
}

impl From<&BoardData> for MatchFacts {
    fn from(board: &BoardData) -> Self {
        MatchFacts {
            failed_pairs: board.failed_pairs.clone(),
            weights: board.weights,
        }
    }
}

/// One office's board in the browser. Cheap to copy into every part and closure.
#[derive(Clone, Copy)]
pub struct BoardState {
    pub office: StoredValue<String>,
    pub lanes: RwSignal<Lanes>,
    pub facts: RwSignal<MatchFacts>,
}

impl BoardState {
    /// The state of a board as the server rendered it.
    pub fn new(board: &BoardData) -> Self {
        BoardState {
            office: StoredValue::new(board.office.clone()),
            lanes: RwSignal::new(Lanes::from(board)),
            facts: RwSignal::new(MatchFacts::from(board)),
        }
    }

    /// Reloads the lanes and the matching facts from the server.
    pub fn refresh(self) {
        let office = self.office.get_value();
        spawn_local(async move {
            if let Ok(fresh) = load_board(Some(office)).await {
                self.lanes.set(Lanes::from(&fresh));
                self.facts.set(MatchFacts::from(&fresh));
            }
        });
    }

    /// Lends matching the lanes as they are now (tracked), so scores follow every move.
    pub fn with_pool(self, f: &mut dyn FnMut(&Pool)) {
        self.office.with_value(|office| {
            self.lanes.with(|l| {
                self.facts.with(|facts| {
                    f(&Pool {
                        office,
                        mentees: &l.mentees,
                        mentors: &l.mentors,
                        failed_pairs: &facts.failed_pairs,
                        weights: &facts.weights,
                    })
                })
            })
        })
    }

    /// A waiting mentee's card, read without tracking.
    pub fn mentee(self, id: &str) -> Option<MenteeCard> {
        self.lanes
            .with_untracked(|l| l.mentees.iter().find(|m| m.id == id).cloned())
    }
}
