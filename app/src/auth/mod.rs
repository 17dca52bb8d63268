//! Signing in and out, and who the caller is.
pub mod api;
pub mod view;

#[cfg(feature = "ssr")]
pub mod common_passwords;
#[cfg(feature = "ssr")]
pub mod passwords;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod throttle;
