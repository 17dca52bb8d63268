//! When the browser half stops (a part of the WebAssembly that failed to download on a bad
//! connection, or any other failure), the page says so in the reader's language and offers to try
//! again, instead of staying silently dead. Written with the DOM directly: the reactive system may
//! be what stopped.
use crate::i18n::Locale;
use leptos_i18n::Locale as _;
use std::cell::RefCell;
use wasm_bindgen::{closure::Closure, JsCast};

/// The `id` of the notice, so it is shown once.
const NOTICE: &str = "duo-broken";

thread_local! {
    /// Where the last link followed inside Duo leads: the router changes the address only once
    /// the page's part has arrived, so "Try again" must go there rather than where the reader was.
    static HEADING_TO: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Remembers where a link of Duo followed in this tab leads (before the router acts on it), and
/// forgets it when the reader goes back or forward.
pub fn follow_links() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let on_click = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(|event: web_sys::MouseEvent| {
        // A plain left click: not a new tab, a download or a click already handled.
        let plain = event.button() == 0
            && !(event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key())
            && !event.default_prevented();
        let link = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .filter(|a| !a.has_attribute("download") && !a.has_attribute("target"))
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        let (Some(link), true) = (link, plain) else {
            return;
        };
        // Only an address of Duo itself, as the browser resolved it (never another site's).
        let here = web_sys::window().and_then(|w| w.location().origin().ok());
        if here.is_some_and(|origin| link.origin() == origin) {
            let to = format!("{}{}", link.pathname(), link.search());
            HEADING_TO.with(|heading| *heading.borrow_mut() = Some(to));
        }
    });
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    let added = document.add_event_listener_with_callback_and_add_event_listener_options(
        "click",
        on_click.as_ref().unchecked_ref(),
        &options,
    );
    if added.is_ok() {
        // The listener lives as long as the page.
        on_click.forget();
    }
    let on_history = Closure::<dyn FnMut()>::new(arrived);
    if window
        .add_event_listener_with_callback("popstate", on_history.as_ref().unchecked_ref())
        .is_ok()
    {
        on_history.forget();
    }
}

/// The page's part has arrived (or the reader moved through the history): "Try again" is about
/// where the reader is from now on.
pub fn arrived() {
    HEADING_TO.with(|heading| *heading.borrow_mut() = None);
}

/// Shows the notice at the top of the page (once), in the page's language.
pub fn show() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document.get_element_by_id(NOTICE).is_some() {
        return;
    }
    let lang = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .unwrap_or_default();
    let locale = Locale::get_all()
        .iter()
        .copied()
        .find(|l| lang.starts_with(l.as_str()))
        .unwrap_or_default();
    let (message, again) = texts(locale);
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    notice.set_id(NOTICE);
    notice.set_class_name("broken");
    let _ = notice.set_attribute("role", "alert");
    let text = document.create_element("p").ok();
    let link = document.create_element("a").ok();
    if let (Some(text), Some(link)) = (text, link) {
        text.set_text_content(Some(&message));
        // A full load of the page the reader was going to (the address of the last link they
        // followed, else this one without its `#fragment`, which would only scroll): the
        // browser fetches the missing part again.
        let here = HEADING_TO
            .with(|to| to.borrow().clone())
            .or_else(|| {
                let location = web_sys::window()?.location();
                Some(format!(
                    "{}{}",
                    location.pathname().ok()?,
                    location.search().ok()?
                ))
            })
            .unwrap_or_else(|| "/".into());
        let _ = link.set_attribute("href", &here);
        let _ = link.set_attribute("rel", "external");
        link.set_class_name("button primary");
        link.set_text_content(Some(&again));
        let _ = notice.append_child(&text);
        let _ = notice.append_child(&link);
    }
    if let Some(body) = document.body() {
        let _ = body.prepend_with_node_1(notice.unchecked_ref());
    }
}

fn texts(locale: Locale) -> (String, String) {
    use crate::i18n::td_string;
    (
        td_string!(locale, broken.message).to_string(),
        td_string!(locale, broken.try_again).to_string(),
    )
}
