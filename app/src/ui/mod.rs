//! What several pages share: the signed-in user, page reloads, the language switcher, error
//! messages, links to a person's record, and the frame around every page. Pages import from
//! here; nothing here imports a page.
mod feedback;
mod frame;
mod language;
mod links;
mod session;

pub use feedback::show_error;
pub use frame::{Footer, Header};
pub use language::LanguageSwitcher;
pub use links::RecordLink;
pub use session::{reload_at, CurrentUser};
