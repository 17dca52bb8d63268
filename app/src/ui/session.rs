//! The signed-in user as every component reads it, and the reload that reads it again.
use crate::model::UserInfo;

/// The signed-in user, loaded once per page and shared with every component.
#[derive(Clone, Copy)]
pub struct CurrentUser(pub super::Loaded<Result<Option<UserInfo>, crate::error::AppError>>);

/// Loads a page afresh, so that everything read at page load (the signed-in user) is read again.
pub fn reload_at(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Loads the page the reader is on afresh (the server draws it again, in a new language say).
pub fn reload_here() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}
