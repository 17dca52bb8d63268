//! Browser-only helpers of drag and drop with pointer events (mouse, pen and touch); the drag
//! itself is in `press.rs`.
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Whether a card is being dragged right now (read by the touch guard below).
static DRAGGING: AtomicBool = AtomicBool::new(false);

thread_local! {
    static GUARD_INSTALLED: Cell<bool> = const { Cell::new(false) };
}

pub fn set_dragging(on: bool) {
    DRAGGING.store(on, Ordering::Relaxed);
}

/// Phones scroll on touchmove unless a non-passive listener prevents it. While a card is
/// dragged (after a long press), this stops the page from scrolling under the finger.
pub fn install_touch_guard() {
    if GUARD_INSTALLED.with(|g| g.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let guard = Closure::<dyn Fn(web_sys::Event)>::new(|event: web_sys::Event| {
        if DRAGGING.load(Ordering::Relaxed) {
            event.prevent_default();
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_passive(false);
    let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
        "touchmove",
        guard.as_ref().unchecked_ref(),
        &options,
    );
    // One listener for the page's lifetime.
    guard.forget();
}

/// The drop target under a point: the `data-drop` of the nearest marked element.
pub fn drop_target_at(x: f64, y: f64) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let element = document.element_from_point(x as f32, y as f32)?;
    let target = element.closest("[data-drop]").ok()??;
    target.get_attribute("data-drop")
}

/// Whether a pointer went down on a control inside the card (which keeps its own behaviour).
pub fn on_control(event: &web_sys::PointerEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| {
            e.closest("button, a, input, select, textarea")
                .ok()
                .flatten()
        })
        .is_some()
}

/// Gives focus back to an element after a dialog closes.
pub fn focus_selector(selector: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}
