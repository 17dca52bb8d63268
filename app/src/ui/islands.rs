//! Pages served as islands. A phone opening the mentor's page for the first time should not
//! download the whole app (its router, its frame, every page's shared code) to make a form and
//! a few buttons work: the server renders that page as it renders any other, and only its
//! interactive parts (`#[island]`s: the meeting log, the action plan, the bell, the language
//! buttons) are hydrated, by a WebAssembly that holds them and little else. Every other page, and
//! the mentor's page when reached from another page of the same tab, is the whole app as before
//! (`app::hydrate` loads it as a part of its own).
//!
//! A component that has an island version asks [`islands_page`] which one to draw; an island
//! finds no context of the page in the browser, so it is given its data as properties and makes
//! its own language context ([`provide_i18n`]).
use leptos::prelude::*;

/// Whether the page at `path` is served as islands on a first visit.
pub fn served_as_islands(path: &str) -> bool {
    path == "/mentor"
}

/// The attribute of `<body>` on a page served as islands (read by `hydrate`).
pub const ISLANDS_MARKER: &str = "data-islands";

/// Given by the server's shell to a page it renders as islands.
#[derive(Clone, Copy, Debug)]
pub struct IslandsPage;

/// Whether the page being drawn is served as islands (always `false` in the browser's whole app).
pub fn islands_page() -> bool {
    use_context::<IslandsPage>().is_some()
}

/// The language context of an island: the page's on the server, and in the browser the one the
/// server chose (`<html lang>`), as the whole app's would read it.
pub fn provide_i18n() -> leptos_i18n::I18nContext<crate::i18n::Locale> {
    match use_context::<leptos_i18n::I18nContext<crate::i18n::Locale>>() {
        Some(i18n) => i18n,
        None => {
            let i18n = leptos_i18n::context::init_i18n_context::<crate::i18n::Locale>();
            provide_context(i18n);
            i18n
        }
    }
}

/// The last island of a page served as islands: the page is live once it hydrates (islands
/// hydrate in the page's order). Follows the session as the whole app does, keeps the page for
/// use without a connection, and sets the marker tests and styles read.
#[island]
pub fn PageLive(
    /// The signed-in account (`Some(None)`: nobody), `None` when the server could not tell.
    account: Option<Option<String>>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        crate::mentor::session_end::follow_the_account(account);
        mark_live();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = account;
}

/// The page is interactive from here on: a marker for tests and styles, and the service worker
/// that keeps the mentor's page for use without a connection (`public/sw.js`).
#[cfg(feature = "hydrate")]
pub fn mark_live() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(body) = window.document().and_then(|d| d.body()) {
        let _ = body.set_attribute("data-hydrated", "true");
    }
    let _ = window.navigator().service_worker().register("/sw.js");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_mentors_page_is_served_as_islands() {
        assert!(served_as_islands("/mentor"));
        for path in [
            "/",
            "/board",
            "/mentor/",
            "/mentors",
            "/login",
            "/inbox",
            "/dashboard",
        ] {
            assert!(!served_as_islands(path), "{path}");
        }
    }
}
