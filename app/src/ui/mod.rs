//! What several pages share: the signed-in user, page reloads, the language switcher, error
//! messages and links to a person's record. Pages import from here; nothing here imports a
//! page or a feature.
mod feedback;
mod language;
mod links;
mod session;

pub use feedback::show_error;
pub use language::LanguageSwitcher;
pub use links::RecordLink;
pub use session::{reload_at, CurrentUser};
