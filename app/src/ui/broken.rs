//! When the browser half stops (a part of the WebAssembly that failed to download on a bad
//! connection, or any other failure), the page says so in the reader's language and offers to try
//! again, instead of staying silently dead. Written with the DOM directly: the reactive system may
//! be what stopped.
use crate::i18n::Locale;
use leptos_i18n::Locale as _;
use wasm_bindgen::JsCast;

/// The `id` of the notice, so it is shown once.
const NOTICE: &str = "duo-broken";

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
        // A full load of the same address: the browser fetches the missing part again.
        let here = web_sys::window()
            .and_then(|w| w.location().href().ok())
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
