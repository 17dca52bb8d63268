//! What several pages share: loading a page's data, the signed-in user, page reloads, the
//! language switcher, error messages, links to a person's record, the closing evaluation's
//! fields. Pages import from here; nothing here imports a page or a feature.
#[cfg(feature = "hydrate")]
pub mod broken;
mod evaluation;
mod feedback;
#[cfg(feature = "hydrate")]
pub mod hydration;
pub mod islands;
pub mod islands_bundle;
mod language;
mod links;
mod loaded;
mod session;

pub use evaluation::EvaluationFields;
pub use feedback::show_error;
pub use language::{language_preference, reload_on_language_choice, LanguageSwitcher};
pub use links::RecordLink;
pub use loaded::{load, read_json, JsonBytes, Loaded};
pub use session::{reload_at, reload_here, CurrentUser};
