//! The matching board: lanes of waiting mentees, available mentors and open duos of one office.
//! `view` puts the board together from its parts: its shared `state`, the `live` stream, the
//! `optimistic` moves (over the pure lane logic of `moves`), drag and drop (`press`, `hints`, and
//! the browser-only `drag`), the `head`, the `lanes` of `cards` (each drawing only what is near the screen, `window`, at
//! the chosen `density`), and the `dialogs`.
pub mod api;
mod cards;
mod density;
pub(crate) mod dialogs;
#[cfg(feature = "hydrate")]
mod drag;
pub mod head;
mod hints;
mod lanes;
mod live;
mod move_dialog;
pub mod moves;
mod optimistic;
mod press;
#[cfg(feature = "ssr")]
pub mod server;
mod state;
pub mod view;
mod window;
