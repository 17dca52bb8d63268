//! Mentees and mentors: intake records, office by office.
#[cfg(feature = "ssr")]
pub mod server;
