//! The end of hydration, said once for the whole app's build and the islands' build alike.

/// The page is interactive from here on (the whole app's or the islands'): said on `<body>` as
/// `data-hydrated` (a marker for tests and styles), and to the service worker that keeps the
/// mentor's page for use without a connection (`public/sw.js`).
pub fn finished() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(body) = window.document().and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
    let _ = window.navigator().service_worker().register("/sw.js");
}
