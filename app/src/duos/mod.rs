//! Duos: a mentee and a mentor, from the board to the outcome.
#[cfg(feature = "ssr")]
pub mod life;
#[cfg(feature = "ssr")]
pub mod server;
