//! What belongs to an office rather than to a feature: its matching weights today, read by the
//! board and by matching alike (so neither has to reach into the other).
#[cfg(feature = "ssr")]
pub mod server;
