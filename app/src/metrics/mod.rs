//! Headquarters' dashboard: the programme's figures by office and in total, aggregates only,
//! small cells (and the cells that would give them away) hidden from headquarters, live as
//! coordinators work.
// Written once per change for everyone (server), and tested in every build.
#[cfg(any(feature = "ssr", test))]
pub mod answer;
pub mod api;
#[cfg(test)]
mod contract_tests;
#[cfg(test)]
mod disclosure_tests;
#[cfg(feature = "ssr")]
pub mod mirror;
pub mod publish;
pub mod report;
pub mod satisfaction;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod shared;
// The CSV exports are written by the server only.
#[cfg(any(feature = "ssr", test))]
pub mod tables;
pub mod view;

pub use report::{
    CohortRow, Dashboard, Dates, DaysToDuo, EarlyEnd, Proportion, SatisfactionFigures,
    ScopeFigures, SectorSupply, WaitingOnDay, YearProgress,
};
#[cfg(any(feature = "ssr", test))]
pub use tables::{inert, table_rows, TABLES};
