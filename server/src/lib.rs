//! The `duo` server: configuration, database schema, demo data, HTTP routes and the CLI.
pub mod api;
pub mod demo;
pub mod http;
pub mod schema;
