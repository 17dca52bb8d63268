//! Pure programme rules: reference data, state machines, validation and the duo rules.
//! Nothing here performs IO, so it runs the same on the server and in the browser.
pub mod reference;
pub mod rules;
pub mod states;
pub mod validation;
