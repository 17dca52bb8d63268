//! The browser's end of the live stream: one `EventSource` per page. The browser reconnects by
//! itself after a dropped connection and resumes with `Last-Event-ID`; a stream the server
//! refused (429 over the limit of open streams, a restart's 503) is closed for good by the
//! browser, so it is opened again here, after a growing pause.
use super::LiveEvent;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// An open stream; closed when dropped (when the page goes away).
pub struct LiveConnection {
    inner: Rc<Inner>,
}

struct Inner {
    url: String,
    source: RefCell<Option<web_sys::EventSource>>,
    /// Refusals in a row since the stream was last open (the pause doubles with each).
    refusals: Cell<u32>,
    dropped: Cell<bool>,
    on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    on_open: Closure<dyn Fn(web_sys::Event)>,
    on_error: Closure<dyn Fn(web_sys::Event)>,
}

impl Inner {
    fn open(&self) -> bool {
        let Ok(source) = web_sys::EventSource::new(&self.url) else {
            return false;
        };
        source.set_onmessage(Some(self.on_message.as_ref().unchecked_ref()));
        source.set_onopen(Some(self.on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(self.on_error.as_ref().unchecked_ref()));
        *self.source.borrow_mut() = Some(source);
        true
    }

    /// After an error: when the browser gave the stream up, open it again later.
    fn after_error(self: Rc<Self>) {
        let closed = self
            .source
            .borrow()
            .as_ref()
            .is_some_and(|s| s.ready_state() == web_sys::EventSource::CLOSED);
        if !closed || self.dropped.get() {
            return;
        }
        let refusals = self.refusals.get();
        self.refusals.set(refusals.saturating_add(1));
        let weak = Rc::downgrade(&self);
        leptos::prelude::set_timeout(
            move || {
                if let Some(inner) = weak.upgrade().filter(|i| !i.dropped.get()) {
                    inner.open();
                }
            },
            pause_after(refusals),
        );
    }
}

/// 2 s, 4 s, 8 s … up to a minute between attempts to reopen a refused stream.
fn pause_after(refusals: u32) -> std::time::Duration {
    std::time::Duration::from_secs((2u64 << refusals.min(5)).min(60))
}

impl Drop for LiveConnection {
    fn drop(&mut self) {
        self.inner.dropped.set(true);
        if let Some(source) = self.inner.source.borrow().as_ref() {
            source.close();
        }
    }
}

/// Opens the stream at `url`. `on_event` gets every event; `on_status` whether the stream is up.
pub fn connect(
    url: &str,
    on_event: impl Fn(LiveEvent) + 'static,
    on_status: impl Fn(bool) + Clone + 'static,
) -> Option<LiveConnection> {
    let inner = Rc::new_cyclic(|weak: &Weak<Inner>| {
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
                if let Some(text) = message.data().as_string() {
                    if let Ok(event) = crate::ui::read_json::<LiveEvent>(&text) {
                        on_event(event);
                    }
                }
            });
        let (up, opened) = (on_status.clone(), weak.clone());
        let on_open = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            if let Some(inner) = opened.upgrade() {
                inner.refusals.set(0);
            }
            up(true)
        });
        let failed = weak.clone();
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_| {
            on_status(false);
            if let Some(inner) = failed.upgrade() {
                inner.after_error();
            }
        });
        Inner {
            url: url.to_string(),
            source: RefCell::new(None),
            refusals: Cell::new(0),
            dropped: Cell::new(false),
            on_message,
            on_open,
            on_error,
        }
    });
    inner.open().then_some(LiveConnection { inner })
}

/// The page's one shared stream (`/api/v1/events`): the bell and the lists of a page listen to
/// it together, so a tab holds one stream for all of them (the board keeps its own, which also
/// carries who is on it). Opened with the first listener, closed with the last.
struct PageStream {
    _connection: LiveConnection,
    listeners: Rc<RefCell<Vec<(u64, Rc<dyn Fn(&LiveEvent)>)>>>,
}

thread_local! {
    static PAGE_STREAM: RefCell<Option<PageStream>> = const { RefCell::new(None) };
    static NEXT_LISTENER: Cell<u64> = const { Cell::new(0) };
}

/// A listener of the page's shared stream; stops listening when dropped.
pub struct Listening {
    id: u64,
}

impl Drop for Listening {
    fn drop(&mut self) {
        let id = self.id;
        // The last listener gone, the stream closes (dropping it outside the borrow).
        let closed = PAGE_STREAM.with(|page| {
            let mut page = page.borrow_mut();
            let empty = page.as_ref().is_some_and(|p| {
                let mut listeners = p.listeners.borrow_mut();
                listeners.retain(|(i, _)| *i != id);
                listeners.is_empty()
            });
            if empty {
                page.take()
            } else {
                None
            }
        });
        drop(closed);
    }
}

/// Listens to the page's shared stream, opening it if no one has yet.
pub fn listen(on_event: impl Fn(&LiveEvent) + 'static) -> Option<Listening> {
    let id = NEXT_LISTENER.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let on_event: Rc<dyn Fn(&LiveEvent)> = Rc::new(on_event);
    PAGE_STREAM.with(|page| {
        let mut page = page.borrow_mut();
        if page.is_none() {
            let listeners: Rc<RefCell<Vec<(u64, Rc<dyn Fn(&LiveEvent)>)>>> = Rc::default();
            let heard = Rc::downgrade(&listeners);
            let connection = connect(
                "/api/v1/events",
                move |event| {
                    // Copied out first: a listener may add or drop listeners as it runs.
                    let now: Vec<Rc<dyn Fn(&LiveEvent)>> = heard
                        .upgrade()
                        .map(|l| l.borrow().iter().map(|(_, f)| f.clone()).collect())
                        .unwrap_or_default();
                    for listener in now {
                        listener(&event);
                    }
                },
                |_| {},
            )?;
            *page = Some(PageStream {
                _connection: connection,
                listeners,
            });
        }
        page.as_ref()?.listeners.borrow_mut().push((id, on_event));
        Some(Listening { id })
    })
}

/// Keeps a page that shows figures or lists up to date: `refetch` runs after any committed change
/// the caller may see (a burst of changes makes one refetch after `debounce`), and once when the
/// stream opens, for what happened between the page's load and the stream.
pub fn refetch_on_changes(
    refetch: impl Fn() + Clone + 'static,
    debounce: std::time::Duration,
) -> Option<Listening> {
    use leptos::prelude::{set_timeout, GetValue, SetValue, StoredValue};
    let scheduled = StoredValue::new(false);
    listen(move |event| {
        // Presence and card holds concern the board only; a notice, the bell only.
        if super::is_ephemeral(&event.kind) || scheduled.get_value() {
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
    })
}
