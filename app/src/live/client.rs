//! The browser's end of the live stream: one `EventSource` per board, which reconnects by
//! itself and resumes with `Last-Event-ID`.
use super::LiveEvent;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// An open stream; closed when dropped (when the board goes away).
pub struct LiveConnection {
    source: web_sys::EventSource,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_open: Closure<dyn Fn(web_sys::Event)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for LiveConnection {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Opens the stream at `url`. `on_event` gets every event; `on_status` whether the stream is up.
pub fn connect(
    url: &str,
    on_event: impl Fn(LiveEvent) + 'static,
    on_status: impl Fn(bool) + Clone + 'static,
) -> Option<LiveConnection> {
    let source = web_sys::EventSource::new(url).ok()?;
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
            if let Some(text) = message.data().as_string() {
                if let Ok(event) = serde_json::from_str::<LiveEvent>(&text) {
                    on_event(event);
                }
            }
        });
    let up = on_status.clone();
    let on_open = Closure::<dyn Fn(web_sys::Event)>::new(move |_| up(true));
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| on_status(false));
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(LiveConnection {
        source,
        _on_message: on_message,
        _on_open: on_open,
        _on_error: on_error,
    })
}

/// Keeps a page that shows figures or lists up to date: `refetch` runs after any committed change
/// the caller may see (a burst of changes makes one refetch after `debounce`), and once when the
/// stream opens, for what happened between the page's load and the stream.
pub fn refetch_on_changes(
    refetch: impl Fn() + Clone + 'static,
    debounce: std::time::Duration,
) -> Option<LiveConnection> {
    use leptos::prelude::{set_timeout, GetValue, SetValue, StoredValue};
    let scheduled = StoredValue::new(false);
    connect(
        "/api/v1/events",
        move |event| {
            // Presence and card holds concern the board only.
            if matches!(event.kind.as_str(), "presence" | "hold" | "release")
                || scheduled.get_value()
            {
                return;
            }
            scheduled.set_value(true);
            let refetch = refetch.clone();
            set_timeout(
                move || {
                    scheduled.set_value(false);
                    refetch();
                },
                debounce,
            );
        },
        |_| {},
    )
}
