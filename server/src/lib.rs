//! The `duo` server: configuration, database schema, demo data, HTTP routes and the CLI.
// Leptos' typed views of the larger pages nest deeply in release builds.
#![recursion_limit = "512"]
pub mod api;
pub mod assets;
pub mod demo;
pub mod http;
pub mod schema;
pub mod security;
pub mod state;
