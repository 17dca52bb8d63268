//! An office's spreadsheet of mentees or mentors, brought in as CSV (issue 14, item 5). Pure:
//! the server hands in the file's bytes and the people already recorded, and gets back what to
//! create, which rows are wrong (and why, as codes the reader's language words) and which rows
//! are probably people already there.
//!
//! The file: UTF-8 with or without a byte-order mark; cells separated by `,` or `;` (as Belgian
//! spreadsheets save them; a tab also works), read from the header line; quoted cells may hold
//! separators and line breaks; lists inside a cell separated by `|`. The header row names the
//! columns in any order and case (`First name` = `first_name`); `first_name` and `last_name` are
//! required, every other intake field is optional (see [`columns::Column`]). A column Duo does
//! not know is an error naming it, so a typo never drops data silently.
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1, the first person row 2;
//! a line break inside a quoted cell does not start a new row. Each row is checked by the very
//! rules of the intake form and the JSON API ([`crate::domain::validation`]), so a row's error is
//! the error the form would give for the same value.
use crate::domain::validation::ValidPerson;
use crate::error::AppError;
use serde::{Deserialize, Serialize};

pub mod columns;
mod duplicates;
mod sheet;
#[cfg(test)]
mod tests;

pub use duplicates::{find_duplicates, name_key, Existing};
pub use sheet::read_sheet;

/// The most person rows one file may hold (one request imports them all).
pub const MAX_ROWS: usize = 10_000;

/// The most cells the header row may have: a header wider than every column Duo reads (twice
/// over) is not a person list, and a bigger one would only cost time to read.
pub const MAX_COLUMNS: usize = 64;

/// The most problems one report lists; the rest are counted ([`Sheet::more_errors`]), so a file
/// of thousands of bad rows answers with a report of bounded size.
pub const MAX_ERRORS: usize = 1_000;

/// The separator of the values of a list inside one cell (`fr|nl|ar`).
pub const LIST_SEPARATOR: char = '|';

/// The row of the header, as a spreadsheet numbers it.
pub const HEADER_ROW: u32 = 1;

/// Why a row (or the header, row 1, or the whole file) cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// The refusal the intake form gives for the same value (a malformed email, an unknown
    /// language, a missing first name…).
    Field { error: AppError },
    /// The file is not UTF-8 text (a spreadsheet saved in an old Windows encoding, say), or
    /// holds U+FFFD, the character a reader puts in place of bytes that were not UTF-8 (the
    /// page's browser does so): names would be imported corrupted.
    NotUtf8,
    /// The header row has more cells than any file of people needs.
    TooManyColumns { max: u32 },
    /// A column of the header that Duo does not know; `field` is its name as written.
    UnknownColumn,
    /// A required column (`first_name`, `last_name`) is not in the header.
    MissingColumn,
    /// The header names the same column twice.
    RepeatedColumn,
    /// A value under a column without a name, or beyond the header's last column.
    ExtraCells,
    /// More person rows than one import takes.
    TooManyRows { max: u32 },
    /// The row's `office` cell names another office than the one imported into.
    OtherOffice { office: String },
    /// The row's `kind` cell says mentor in a file of mentees, or the other way round.
    OtherKind,
    /// A yes/no column (`career_plan`, `generalist`, `online`) with another value.
    YesNo,
    /// A `state` that only the programme's own steps reach (`eligible`, `waiting`, `available`,
    /// a duo's states…): each needs what the import cannot record (an eligibility criterion, the
    /// training, a duo). See [`columns::MENTEE_IMPORT_STATES`] and
    /// [`columns::MENTOR_IMPORT_STATES`].
    StateNotImportable,
}

/// One problem of the file, where a spreadsheet user finds it: the row and the column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// The spreadsheet's row number (the header is row 1).
    pub row: u32,
    /// The column (its name in Duo's header vocabulary, or as written for an unknown one);
    /// empty when the problem is the whole row or file.
    pub field: String,
    pub problem: Problem,
}

impl RowProblem {
    pub fn new(row: u32, field: &str, problem: Problem) -> Self {
        RowProblem {
            row,
            field: field.to_string(),
            problem,
        }
    }
}

/// A row that is probably a person already recorded, or one an earlier row of the file brings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Duplicate {
    /// The spreadsheet's row number.
    pub row: u32,
    /// The record it matches (`mentee:k3x…`), or the earlier row of the file (`row 3`).
    pub existing: String,
}

/// How [`Duplicate::existing`] names an earlier row of the same file.
pub fn row_reference(row: u32) -> String {
    format!("row {row}")
}

/// The earlier row a duplicate names, when it names a row of the file rather than a record.
pub fn referenced_row(existing: &str) -> Option<u32> {
    existing.strip_prefix("row ")?.parse().ok()
}

/// A person row as the preview lists it: its number and the name as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRow {
    pub row: u32,
    pub first_name: String,
    pub last_name: String,
}

/// A row that passed every rule: what to create.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub row: u32,
    pub person: ValidPerson,
    /// The coordinator's note, trimmed.
    pub note: Option<String>,
    /// The state to start in (`registered` when the file does not say); one of the states
    /// before the programme's rules ([`columns::MENTEE_IMPORT_STATES`],
    /// [`columns::MENTOR_IMPORT_STATES`]).
    pub state: &'static str,
    /// Mentors: how many duos at once (1 when the file does not say); 1 for mentees.
    pub capacity: u32,
}

/// A file read and checked: every person row, the rows to create, and the problems.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub rows: Vec<SheetRow>,
    pub candidates: Vec<Candidate>,
    /// The first [`MAX_ERRORS`] problems, in the file's order.
    pub errors: Vec<RowProblem>,
    /// The problems found beyond the first [`MAX_ERRORS`], counted, not listed.
    pub more_errors: u32,
}

impl Sheet {
    /// Records problems: listed up to [`MAX_ERRORS`], counted beyond.
    pub fn report(&mut self, problems: impl IntoIterator<Item = RowProblem>) {
        for problem in problems {
            if self.errors.len() < MAX_ERRORS {
                self.errors.push(problem);
            } else {
                self.more_errors = self.more_errors.saturating_add(1);
            }
        }
    }

    /// Every problem found, listed or not.
    pub fn error_count(&self) -> u64 {
        self.errors.len() as u64 + u64::from(self.more_errors)
    }
}

/// What an import did or would do, as the page shows it: the same facts as the API's report,
/// with problems as codes (worded in the reader's language by the page) and the rows' names.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOutcome {
    /// Nothing was written: a check.
    pub dry_run: bool,
    /// People created; in a check, the rows a real import would create (when `errors` is
    /// empty). A real import with errors creates nobody: 0.
    pub created: u32,
    /// The first [`MAX_ERRORS`] problems.
    pub errors: Vec<RowProblem>,
    /// Problems beyond those listed, counted.
    #[serde(default)]
    pub more_errors: u32,
    pub duplicates: Vec<Duplicate>,
    /// Every person row of the file, in order.
    pub rows: Vec<SheetRow>,
}

impl ImportOutcome {
    /// Whether the import wrote the people (a real import without errors).
    pub fn written(&self) -> bool {
        !self.dry_run && self.errors.is_empty()
    }
}

/// The rows of a checked file that a real import creates: the candidates that are not
/// probable duplicates.
pub fn to_create<'a>(sheet: &'a Sheet, duplicates: &[Duplicate]) -> Vec<&'a Candidate> {
    let skipped: std::collections::HashSet<u32> = duplicates.iter().map(|d| d.row).collect();
    sheet
        .candidates
        .iter()
        .filter(|c| !skipped.contains(&c.row))
        .collect()
}
