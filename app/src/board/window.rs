//! A lane draws only the cards near the screen. With 1,000 people waiting, drawing every card
//! made the board a 2.5 MB page of 27,000 elements that dragged at five frames a second; the
//! cards out of sight are stood in for by the list's padding, sized from the cards drawn.
use leptos::prelude::*;
use std::hash::Hash;

/// Cards the server draws at the top of each lane (the browser starts from the same ones).
pub const FIRST: usize = 24;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
/// How far beyond the screen, above and below, cards are drawn, so a scroll finds them ready.
const MARGIN_PX: f64 = 900.0;
/// A card's height with its gap before one is measured, in pixels.
const ROW_GUESS: f64 = 150.0;
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
/// A new measure replaces the last only when it differs by more than this share; small
/// differences between cards would otherwise move the list under the reader at every scroll.
const REMEASURE: f64 = 0.08;

/// The cards drawn: `start..end` of the lane's cards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// What the server draws, and the browser before it has measured anything.
    pub fn first(len: usize) -> Self {
        Span {
            start: 0,
            end: len.min(FIRST),
        }
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    /// The cards near the screen. `top` is where the list's first card would be, relative to
    /// the top of the screen (negative once scrolled past), `screen` the screen's height and
    /// `row` the height of one card with its gap.
    pub fn near_screen(len: usize, top: f64, screen: f64, row: f64) -> Self {
        let row = if row.is_finite() && row >= 1.0 {
            row
        } else {
            ROW_GUESS
        };
        let from = (-top - MARGIN_PX).max(0.0);
        let to = (-top + screen + MARGIN_PX).max(0.0);
        let start = ((from / row).floor() as usize).min(len);
        let end = ((to / row).ceil() as usize).clamp(start, len);
        // A lane far below the screen still draws its first cards: they give it a measure.
        if end == start && start == 0 {
            return Span::first(len);
        }
        Span { start, end }
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    /// The padding that stands in for the cards above and below, in pixels.
    pub fn padding(self, len: usize, row: f64) -> (f64, f64) {
        (
            self.start as f64 * row,
            len.saturating_sub(self.end) as f64 * row,
        )
    }
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
/// Whether a new measure of a card's height should replace the one in use.
pub fn remeasure(current: f64, measured: f64) -> bool {
    measured.is_finite() && measured >= 20.0 && ((measured - current).abs() / current) > REMEASURE
}

/// A lane's list of cards, drawing only those near the screen. `layout` changes when the lane
/// moves or its cards change size without a scroll (the phone's tab, the density).
#[component]
pub fn WindowedCards<T, K, KF, V, VF>(
    items: Memo<Vec<T>>,
    key: KF,
    card: VF,
    #[prop(into)] layout: Signal<u8>,
) -> impl IntoView
where
    T: Clone + Send + Sync + PartialEq + 'static,
    K: Eq + Hash + 'static,
    KF: Fn(&T) -> K + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    VF: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    let span = RwSignal::new(Span::first(items.with_untracked(Vec::len)));
    let row = RwSignal::new(ROW_GUESS);
    let list = NodeRef::<leptos::html::Ul>::new();
    #[cfg(feature = "hydrate")]
    follow_the_screen(list, items, span, row, layout);
    #[cfg(not(feature = "hydrate"))]
    let _ = (layout, row);

    // No padding in the server's page: the pages' policy allows no style attribute
    // (`style-src 'self'`). The browser sets it through the element's style once live.
    view! {
        <ul class="cards" node_ref=list>
            <For
                each=move || {
                    let s = span.get();
                    items.with(|v| {
                        let end = s.end.min(v.len());
                        v[s.start.min(end)..end].to_vec()
                    })
                }
                key=key
                children=card
            />
        </ul>
    }
}

/// Moves the span with the page's scroll, the window's size, the cards and `layout`, once per
/// frame at most.
#[cfg(feature = "hydrate")]
fn follow_the_screen<T>(
    list: NodeRef<leptos::html::Ul>,
    items: Memo<Vec<T>>,
    span: RwSignal<Span>,
    row: RwSignal<f64>,
    layout: Signal<u8>,
) where
    T: Clone + Send + Sync + PartialEq + 'static,
{
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    // A frame asked for just before the lane goes away (another office, another page) finds it
    // gone and does nothing.
    let alive = Arc::new(AtomicBool::new(true));
    let queued = Arc::new(AtomicBool::new(false));
    let measure = {
        let (alive, queued) = (alive.clone(), queued.clone());
        move || {
            queued.store(false, Ordering::Relaxed);
            if !alive.load(Ordering::Relaxed) {
                return;
            }
            let (Some(ul), Some(len)) = (list.get_untracked(), items.try_with_untracked(Vec::len))
            else {
                return;
            };
            let Some(mut height) = row.try_get_untracked() else {
                return;
            };
            if let Some(measured) = measured_row(&ul) {
                if remeasure(height, measured) {
                    height = measured;
                    row.set(measured);
                }
            }
            let screen = window()
                .inner_height()
                .ok()
                .and_then(|h| h.as_f64())
                .unwrap_or(800.0);
            // Card `i` belongs at the list's top plus `i` rows, in the measure now in use (with
            // a new measure the padding follows, and the span with it).
            let top = ul.get_bounding_client_rect().top();
            let next = Span::near_screen(len, top, screen, height);
            if span.try_get_untracked().is_some_and(|s| s != next) {
                span.set(next);
            }
        }
    };
    let queue = {
        let queued = queued.clone();
        move || {
            if !queued.swap(true, Ordering::Relaxed) {
                request_animation_frame(measure.clone());
            }
        }
    };
    let scroll = window_event_listener(leptos::ev::scroll, {
        let queue = queue.clone();
        move |_| queue()
    });
    let resize = window_event_listener(leptos::ev::resize, {
        let queue = queue.clone();
        move |_| queue()
    });
    on_cleanup(move || {
        alive.store(false, Ordering::Relaxed);
        scroll.remove();
        resize.remove();
    });
    // The padding that stands in for the cards not drawn.
    Effect::new(move |_| {
        let len = items.with(Vec::len);
        let (above, below) = span.get().padding(len, row.get());
        if let Some(ul) = list.get() {
            let style = web_sys::HtmlElement::style(&ul);
            let _ = style.set_property("padding-top", &format!("{above}px"));
            let _ = style.set_property("padding-bottom", &format!("{below}px"));
        }
    });
    // After hydration, and whenever the cards, the lane's place or its cards' size change.
    Effect::new({
        let queue = queue.clone();
        move |_| {
            items.track();
            layout.track();
            queue();
        }
    });
    // A span or a measure that changed draws cards of their own height: measure again once
    // they are there.
    Effect::new(move |previous: Option<(Span, u64)>| {
        let now = (span.get(), row.get().to_bits());
        if previous.is_some_and(|p| p != now) {
            queue();
        }
        now
    });
}

/// The height of one drawn card with its gap, from the first and last drawn.
#[cfg(feature = "hydrate")]
fn measured_row(ul: &web_sys::HtmlUListElement) -> Option<f64> {
    let count = ul.child_element_count();
    if count == 0 {
        return None;
    }
    let first = ul.first_element_child()?.get_bounding_client_rect();
    let last = ul.last_element_child()?.get_bounding_client_rect();
    let gap = window()
        .get_computed_style(ul)
        .ok()
        .flatten()
        .and_then(|s| s.get_property_value("row-gap").ok())
        .and_then(|g| g.trim_end_matches("px").parse::<f64>().ok())
        .unwrap_or(0.0);
    Some((last.bottom() - first.top() + gap) / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_draws_the_first_cards_of_a_lane() {
        assert_eq!(
            Span::first(1000),
            Span {
                start: 0,
                end: FIRST
            }
        );
        assert_eq!(Span::first(3), Span { start: 0, end: 3 });
        assert_eq!(Span::first(0), Span { start: 0, end: 0 });
    }

    #[test]
    fn a_lane_at_the_top_draws_the_screen_and_a_margin_below() {
        // 100 px from the top of a 900 px screen, cards of 100 px.
        let s = Span::near_screen(1000, 100.0, 900.0, 100.0);
        assert_eq!(s.start, 0);
        assert_eq!(s.end, 17); // (−100 + 900 + 900) / 100, rounded up
    }

    #[test]
    fn a_scrolled_lane_draws_only_around_the_screen() {
        // Scrolled 50,000 px into a lane of 1,000 cards of 100 px.
        let s = Span::near_screen(1000, -50_000.0, 900.0, 100.0);
        assert_eq!(
            s,
            Span {
                start: 491,
                end: 518
            }
        );
        let (above, below) = s.padding(1000, 100.0);
        assert_eq!(above, 49_100.0);
        assert_eq!(below, 48_200.0);
        // Drawn cards and padding add up to the whole lane.
        assert_eq!(above + below + (s.end - s.start) as f64 * 100.0, 100_000.0);
    }

    #[test]
    fn the_end_of_a_lane_is_clamped() {
        let s = Span::near_screen(40, -10_000.0, 900.0, 100.0);
        assert_eq!(s, Span { start: 40, end: 40 });
        assert_eq!(s.padding(40, 100.0), (4_000.0, 0.0));
        let s = Span::near_screen(40, -3_500.0, 900.0, 100.0);
        assert_eq!(s, Span { start: 26, end: 40 });
    }

    #[test]
    fn a_lane_far_below_the_screen_still_draws_its_first_cards() {
        assert_eq!(
            Span::near_screen(500, 5_000.0, 900.0, 100.0),
            Span::first(500)
        );
        assert_eq!(Span::near_screen(0, 5_000.0, 900.0, 100.0), Span::first(0));
    }

    #[test]
    fn a_row_that_is_not_measured_yet_uses_the_guess() {
        assert_eq!(
            Span::near_screen(1000, 0.0, 900.0, 0.0),
            Span::near_screen(1000, 0.0, 900.0, ROW_GUESS)
        );
        assert_eq!(
            Span::near_screen(1000, 0.0, 900.0, f64::NAN),
            Span::near_screen(1000, 0.0, 900.0, ROW_GUESS)
        );
    }

    #[test]
    fn small_differences_of_height_keep_the_measure_in_use() {
        assert!(!remeasure(100.0, 104.0));
        assert!(remeasure(100.0, 60.0));
        assert!(remeasure(150.0, 90.0));
        assert!(!remeasure(100.0, 0.0)); // a hidden lane measures nothing
        assert!(!remeasure(100.0, f64::INFINITY));
    }
}
