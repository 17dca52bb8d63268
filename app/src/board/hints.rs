//! What the board shows while a card is dragged: the ghost under the pointer and, for a mentee,
//! each mentor's score, whether they share a language, and the best three mentors as drop targets.
use crate::board::press::{Drag, Payload};
use crate::board::state::BoardState;
use crate::matching::view::DragDock;
use crate::matching::Suggestion;
use leptos::prelude::*;
use std::collections::HashMap;

/// Matching's view of the mentee being dragged (nothing while no mentee is).
#[derive(Clone, Copy)]
pub struct DragHints {
    /// Each mentor's score, by mentor id (none for a mentor matching excludes).
    pub scores: Memo<Option<HashMap<String, Option<u32>>>>,
    /// The mentee's name and the best three mentors.
    pub top: Memo<Option<(String, Vec<Suggestion>)>>,
    /// The mentee's languages, to show which mentors share one.
    pub languages: Memo<Option<Vec<String>>>,
}

impl DragHints {
    /// Follows the drag and the lanes, so scores follow every move.
    pub fn new(drag: Drag, state: BoardState) -> Self {
        let dragged = drag.dragged;
        let scores = Memo::new(move |_| match dragged.get() {
            Some((Payload::Mentee(id), _)) => {
                let mentee = state.mentee(&id)?;
                let mut scores = None;
                state.with_pool(&mut |pool| scores = Some(pool.scores_for(&mentee)));
                scores
            }
            _ => None,
        });
        let top = Memo::new(move |_| match dragged.get() {
            Some((Payload::Mentee(id), _)) => {
                let mentee = state.mentee(&id)?;
                let mut top = Vec::new();
                state.with_pool(&mut |pool| {
                    top = pool.rank(&mentee).suggestions.into_iter().take(3).collect();
                });
                (!top.is_empty()).then(|| (mentee.name(), top))
            }
            _ => None,
        });
        let languages = Memo::new(move |_| match dragged.get() {
            Some((Payload::Mentee(id), _)) => state.mentee(&id).map(|m| m.languages),
            _ => None,
        });
        DragHints {
            scores,
            top,
            languages,
        }
    }
}

/// The dragged card's label under the pointer, and the dock of the best mentors.
#[component]
pub fn DragOverlay(drag: Drag, hints: DragHints) -> impl IntoView {
    let (dragged, position) = (drag.dragged, drag.position);
    view! {
        <Show when=move || drag.active()>
            <div
                class="ghost"
                aria-hidden="true"
                style:transform=move || { let (x, y) = position.get(); format!("translate({}px, {}px)", x + 12.0, y + 12.0) }
            >
                {move || dragged.with(|d| d.as_ref().map(|(_, label)| label.clone()))}
            </div>
        </Show>

        {move || hints.top.get().map(|(mentee_name, top)| view! {
            <DragDock mentee_name=mentee_name top=top over=drag.over/>
        })}
    }
}
