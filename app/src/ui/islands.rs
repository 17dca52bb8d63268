//! Pages served as islands. A phone opening the mentor's page for the first time should not
//! download the whole app (its router, its frame, every page's shared code) to make a form and a
//! few buttons work. The server renders that page as it renders any other, and wraps its
//! interactive parts (the meeting log, the action plan, the bell, the language buttons) in
//! `<leptos-island>` elements that carry their data; in the browser only those parts are
//! hydrated, by a WebAssembly of their own (`ui::islands_bundle`, hydrating with
//! `mentor::islands`). Every other page, and the mentor's page reached from another page of the
//! same tab, is the whole app as before.
//!
//! Leptos' `#[island]` would do the wrapping too, but it puts every island in the WebAssembly
//! every page loads, or each in a part of its own (measured: ~100 small parts); here the islands
//! are a build of their own, and the element and its hydration are Leptos' own (`Island`,
//! `hydrate_from_position`), as `#[island]` generates them.
//!
//! Nothing drawn inside an island may read a resource, a `Suspense` or a router: the browser
//! hydrates an island on its own, under one owner for the page, with the contexts the islands'
//! build provides (the language, the bell's count).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Whether the page at `path` is served as islands on a first visit.
pub fn served_as_islands(path: &str) -> bool {
    path == "/mentor"
}

/// Given by the server's shell to a page it renders as islands.
#[derive(Clone, Copy, Debug)]
pub struct IslandsPage;

/// Whether the page being drawn is served as islands. Only the server draws such a page whole:
/// in the browser, the whole app never does and the islands' build draws only islands, so there
/// it is `false` at compile time, and no browser build carries the island wrappers.
pub fn islands_page() -> bool {
    #[cfg(feature = "ssr")]
    return use_context::<IslandsPage>().is_some();
    #[cfg(not(feature = "ssr"))]
    false
}

/// The session as an islands page is told it: a page served as islands has no `CurrentUser` to
/// read in the browser.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Session {
    SignedIn {
        account: String,
    },
    SignedOut,
    /// The server could not tell (its answer failed): keep what the phone has.
    Unknown,
}

impl Session {
    /// What two islands of one page told together: the page read the session more than once
    /// (the frame, then the page's own data), and "signed out" from any read wins.
    pub fn and(self, told: Session) -> Session {
        match (self, told) {
            (Session::SignedOut, _) | (_, Session::SignedOut) => Session::SignedOut,
            (known, Session::Unknown) => known,
            (_, told) => told,
        }
    }
}

/// The names of the islands, shared by the server that draws them and the browser that hydrates
/// them.
pub mod names {
    pub const MY_DUO: &str = "duo-my-duo";
    pub const NEXT_QUESTION: &str = "duo-next-question";
    pub const BELL: &str = "duo-bell";
    pub const LANGUAGES: &str = "duo-languages";
    pub const SESSION: &str = "duo-session";
}

/// `view` as the island `name`, with the `props` the browser draws it again from.
pub fn island<V: IntoView, P: Serialize>(name: &'static str, props: &P, view: V) -> impl IntoView {
    // The props are Duo's own types: writing them as JSON cannot fail.
    let json = serde_json::to_string(props).unwrap_or_default();
    leptos::tachys::html::islands::Island::new(name, view).with_props(json)
}

/// `view` as the island `name` on a page served as islands, and as itself on any other page.
pub fn island_where_served<V: IntoView + 'static, P: Serialize>(
    name: &'static str,
    props: &P,
    view: V,
) -> AnyView {
    if islands_page() {
        island(name, props, view).into_any()
    } else {
        view.into_any()
    }
}

/// The island that tells the browser the session (it draws nothing).
#[component]
pub fn SessionIsland(session: Session) -> impl IntoView {
    island(names::SESSION, &session, ())
}

/// Hydrates each island of the page, in the page's order: `hydrate(name, element)`.
#[cfg(feature = "hydrate")]
pub fn each_island(mut hydrate: impl FnMut(&str, &web_sys::Element)) {
    let Some(found) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector_all("leptos-island").ok())
    else {
        return;
    };
    for index in 0..found.length() {
        let Some(element) = found.item(index).and_then(|n| {
            use wasm_bindgen::JsCast;
            n.dyn_into::<web_sys::Element>().ok()
        }) else {
            continue;
        };
        if let Some(name) = element.get_attribute("data-component") {
            hydrate(&name, &element);
        }
    }
}

/// The props the server gave an island. Unreadable (a page from another version of Duo, say),
/// the island stays as drawn, inert, and the page says so with a way to try again.
#[cfg(feature = "hydrate")]
pub fn props<P: serde::de::DeserializeOwned>(element: &web_sys::Element) -> Option<P> {
    let read = element
        .get_attribute("data-props")
        .and_then(|text| crate::ui::read_json(&text).ok());
    if read.is_none() {
        crate::ui::broken::show();
    }
    read
}

/// Hydrates `view` over what the server drew inside the island `element` (as `#[island]` does).
#[cfg(feature = "hydrate")]
pub fn hydrate_island<V: IntoView>(element: &web_sys::Element, view: V) {
    use leptos::tachys::view::Position;
    let state = view.hydrate_from_position::<true>(element, Position::FirstChild);
    // The island lives as long as the page.
    std::mem::forget(state);
}

/// The language context of the islands: the one the server chose (`<html lang>`), as the whole
/// app reads it.
#[cfg(feature = "hydrate")]
pub fn provide_i18n() {
    provide_context(leptos_i18n::context::init_i18n_context::<crate::i18n::Locale>());
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

    #[test]
    fn signed_out_from_any_read_wins() {
        let anna = || Session::SignedIn {
            account: "user:anna".into(),
        };
        let all = [anna(), Session::SignedOut, Session::Unknown];
        for first in all.clone() {
            for second in all.clone() {
                let both = first.clone().and(second.clone());
                let expected = if first == Session::SignedOut || second == Session::SignedOut {
                    Session::SignedOut
                } else if second == Session::Unknown {
                    first.clone()
                } else {
                    second.clone()
                };
                assert_eq!(both, expected, "{first:?} and {second:?}");
            }
        }
    }

    #[test]
    fn the_session_reaches_the_browser_as_the_server_knew_it() {
        for session in [
            Session::SignedIn {
                account: "user:anna".into(),
            },
            Session::SignedOut,
            Session::Unknown,
        ] {
            let text = serde_json::to_string(&session).unwrap();
            assert_eq!(
                crate::ui::read_json::<Session>(&text).unwrap(),
                session,
                "{text}"
            );
        }
        // Why not `Option<Option<String>>`: "signed out" (`Some(None)`) is written as `null`
        // and read back as "could not tell" (`None`).
        let signed_out: Option<Option<String>> = Some(None);
        let text = serde_json::to_string(&signed_out).unwrap();
        assert_eq!(
            crate::ui::read_json::<Option<Option<String>>>(&text).unwrap(),
            None
        );
    }
}
