//! The matching board: lanes of waiting mentees, available mentors and open duos of one office.
pub mod api;
pub mod moves;
pub mod view;

#[cfg(feature = "hydrate")]
mod drag;
