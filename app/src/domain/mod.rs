//! Pure programme rules: reference data, state machines, validation, the duo rules and matching.
//! Nothing here performs IO, so it runs the same on the server and in the browser.
pub mod assignment;
pub mod comeback;
pub mod directory;
pub mod disclosure;
pub mod evaluation;
pub mod followup;
pub mod import;
pub mod intake;
pub mod lifecycle;
pub mod matching;
pub mod meeting;
pub mod metrics;
pub mod notices;
pub mod privacy;
pub mod reference;
mod robustness;
pub mod rules;
pub mod satisfaction;
pub mod sessions;
pub mod slate;
pub mod states;
pub mod validation;
pub mod voice;
