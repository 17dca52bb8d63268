//! Duos: a mentee and a mentor, from the board to the outcome.
pub mod api;
#[cfg(feature = "ssr")]
pub mod facts;
#[cfg(feature = "ssr")]
pub mod follow;
pub mod follow_view;
#[cfg(feature = "ssr")]
pub mod life;
#[cfg(feature = "ssr")]
pub mod server;
pub mod view;
