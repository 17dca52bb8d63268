//! What the phone keeps between visits (the service worker's copy of the mentor's page, the
//! meetings waiting to be sent) belongs to the signed-in account and goes when its session does.
//!
//! The page tells the worker (`public/sw.js`) whose pages it keeps, so it drops them when another
//! account signs in; when nobody is signed in any more (signed out, or the session expired) the
//! page drops the waiting meetings and tells the worker to drop its pages. The worker, which sees
//! every answer, also drops its pages on a 401 and tells the open pages to drop their meetings.
use crate::mentor::queue;
use crate::ui::CurrentUser;
use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// The worker's message naming the account whose pages it may keep.
const ACCOUNT: &str = "duo-account";
/// The message, either way, that the session is over.
const FORGET: &str = "duo-forget";

/// Follows the signed-in account for the whole page: names it to the worker, and forgets
/// everything once the server says nobody is signed in.
pub fn follow_the_session(CurrentUser(user): CurrentUser) {
    listen_to_the_worker();
    Effect::new(move |_| match user.get() {
        Some(Ok(me)) => account_known(me.map(|me| me.id)),
        // Not known yet, or no answer (offline): keep what is there.
        _ => {}
    });
}

/// The same for a page served as islands, which the server tells the session: signed out, the
/// page is no one's any more, so it goes to the sign-in page (its server-side redirect may have
/// come too late to be sent).
pub fn follow_the_account(session: crate::ui::islands::Session) {
    use crate::ui::islands::Session;
    listen_to_the_worker();
    match session {
        Session::SignedIn { account } => account_known(Some(account)),
        Session::SignedOut => {
            account_known(None);
            // Offline, the worker would answer with the page kept for the ended session.
            let online = web_sys::window().is_none_or(|w| w.navigator().on_line());
            if online {
                crate::ui::reload_at("/login");
            }
        }
        Session::Unknown => {}
    }
}

/// Names the signed-in account to the worker, or forgets everything when there is none.
fn account_known(account: Option<String>) {
    match account {
        Some(id) => tell_the_worker(ACCOUNT, Some(&id)),
        None => forget_everything(),
    }
}

/// Drops the waiting meetings and the worker's pages: the session is over.
pub fn forget_everything() {
    queue::forget();
    tell_the_worker(FORGET, None);
}

/// Drops the waiting meetings when the worker saw the server end the session (a 401).
fn listen_to_the_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            let kind = js_sys::Reflect::get(&event.data(), &JsValue::from_str("type"))
                .ok()
                .and_then(|v| v.as_string());
            if kind.as_deref() == Some(FORGET) {
                queue::forget();
            }
        });
    let added = window
        .navigator()
        .service_worker()
        .add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    if added.is_ok() {
        // The listener lives as long as the page.
        on_message.forget();
    }
}

/// Posts `{type, account}` to the active worker once there is one.
fn tell_the_worker(kind: &'static str, account: Option<&str>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(ready) = window.navigator().service_worker().ready() else {
        return;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &kind.into());
    if let Some(account) = account {
        let _ = js_sys::Reflect::set(&message, &"account".into(), &account.into());
    }
    let send: Closure<dyn FnMut(JsValue)> = Closure::once(move |registration: JsValue| {
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        if let Some(worker) = registration.active() {
            let _ = worker.post_message(&message);
        }
    });
    let _ = ready.then(&send);
    // Called once when the worker is ready; a few bytes per page load.
    send.forget();
}
