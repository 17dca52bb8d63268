//! Reading the file: its encoding, its separator, its header and its rows, numbered as a
//! spreadsheet numbers them.
use super::columns::{check_row, column_name, column_of, header_key, Column, REQUIRED};
use super::{Problem, RowProblem, Sheet, SheetRow, HEADER_ROW, MAX_COLUMNS, MAX_ROWS};
use crate::domain::privacy::PersonKind;
use std::collections::HashSet;

/// The character a reader puts in place of bytes that are not UTF-8 (the browser's
/// `Blob.text()` does): a file holding it was not UTF-8 before it reached Duo.
const REPLACEMENT: char = '\u{fffd}';

/// Duo's export makes a cell that a spreadsheet would take for a formula inert by putting a
/// `'` before it ([`crate::metrics::tables::inert`]): read back, the `'` goes, so the export
/// imports as it was (`'+32470…` → `+32470…`). Only one `'`, only before those characters.
pub fn uninert(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// The separator of a file: the one of `;`, `,` and tab that its header line holds most
/// often (outside quotes); `,` when it holds none.
pub fn separator_of(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [semicolons, commas, tabs] = counts;
    if semicolons > commas && semicolons >= tabs {
        b';'
    } else if tabs > commas && tabs > semicolons {
        b'\t'
    } else {
        b','
    }
}

/// The row of the first byte that is not UTF-8, as a spreadsheet numbers lines.
fn row_of_byte(bytes: &[u8], at: usize) -> u32 {
    let lines = bytes[..at].iter().filter(|b| **b == b'\n').count();
    u32::try_from(lines + 1).unwrap_or(u32::MAX)
}

/// The header's columns, in the file's order (`None` for a cell without a name), or the
/// header's problems. A header of more than [`MAX_COLUMNS`] cells is one problem.
fn header(
    cells: &csv::StringRecord,
    kind: PersonKind,
) -> Result<Vec<Option<Column>>, Vec<RowProblem>> {
    if cells.len() > MAX_COLUMNS {
        return Err(vec![RowProblem::new(
            HEADER_ROW,
            "",
            Problem::TooManyColumns {
                max: MAX_COLUMNS as u32,
            },
        )]);
    }
    let mut columns = Vec::with_capacity(cells.len());
    let mut seen = HashSet::new();
    let mut problems = vec![];
    for cell in cells.iter() {
        let key = header_key(cell);
        if key.is_empty() {
            columns.push(None);
            continue;
        }
        match column_of(&key, kind) {
            None => problems.push(RowProblem::new(
                HEADER_ROW,
                cell.trim(),
                Problem::UnknownColumn,
            )),
            Some(column) if column != Column::Ignored && !seen.insert(column) => problems.push(
                RowProblem::new(HEADER_ROW, column_name(column), Problem::RepeatedColumn),
            ),
            Some(column) => columns.push(Some(column)),
        }
    }
    for name in REQUIRED {
        if !seen.iter().any(|c| column_name(*c) == name) {
            problems.push(RowProblem::new(HEADER_ROW, name, Problem::MissingColumn));
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(problems)
    }
}

/// Reads and checks a file of `kind` for `office` (a known office's slug): every person row,
/// the rows that may be created, and the problems (the first [`super::MAX_ERRORS`] listed, the
/// rest counted). Rows whose cells are all empty are skipped (spreadsheets save empty rows as
/// `;;;`). A file holding U+FFFD is refused as not UTF-8, at the row where it first appears.
pub fn read_sheet(kind: PersonKind, office: &str, bytes: &[u8]) -> Sheet {
    let failed = |problem: RowProblem| Sheet {
        errors: vec![problem],
        ..Sheet::default()
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let row = row_of_byte(bytes, e.valid_up_to());
            return failed(RowProblem::new(row, "", Problem::NotUtf8));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator_of(text))
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    // A spreadsheet's row number: rows read so far (empty ones too), plus the empty lines the
    // reader skipped; a line break inside a quoted cell does not start a row.
    let bytes = text.as_bytes();
    let (mut records_read, mut empty_lines) = (0u64, 0u64);
    let mut row_of = |record: &csv::StringRecord| {
        // The reader's position is where it started looking: before the empty lines it skipped
        // (each ended by `\n`, `\r\n` or `\r`), perhaps between the two bytes of a `\r\n`.
        let mut at = record
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(bytes.len());
        if at > 0 && bytes[at - 1] == b'\r' && bytes.get(at) == Some(&b'\n') {
            at += 1;
        }
        while let Some(b'\r' | b'\n') = bytes.get(at) {
            at += if bytes[at..].starts_with(b"\r\n") {
                2
            } else {
                1
            };
            empty_lines += 1;
        }
        records_read += 1;
        u32::try_from(records_read + empty_lines).unwrap_or(u32::MAX)
    };
    let not_utf8 = |record: &csv::StringRecord| record.iter().any(|c| c.contains(REPLACEMENT));
    let columns = match records.next() {
        Some(Ok(cells)) => {
            let row = row_of(&cells);
            if not_utf8(&cells) {
                return failed(RowProblem::new(row, "", Problem::NotUtf8));
            }
            header(&cells, kind)
        }
        // An empty file, or one that cannot be read as CSV, names no column.
        _ => header(&csv::StringRecord::new(), kind),
    };
    let columns = match columns {
        Ok(columns) => columns,
        Err(problems) => {
            return Sheet {
                errors: problems,
                ..Sheet::default()
            }
        }
    };
    let mut sheet = Sheet::default();
    for record in records {
        // The text is UTF-8 and the reader flexible: a record always reads.
        let Ok(record) = record else { continue };
        let row = row_of(&record);
        if not_utf8(&record) {
            return failed(RowProblem::new(row, "", Problem::NotUtf8));
        }
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if sheet.rows.len() == MAX_ROWS {
            return failed(RowProblem::new(
                row,
                "",
                Problem::TooManyRows {
                    max: MAX_ROWS as u32,
                },
            ));
        }
        let mut cells = Vec::with_capacity(columns.len());
        let mut extra = false;
        for (i, cell) in record.iter().enumerate() {
            match columns.get(i).copied().flatten() {
                Some(column) => cells.push((column, uninert(cell))),
                None => extra |= !cell.trim().is_empty(),
            }
        }
        let name = |column: Column| {
            cells
                .iter()
                .find(|(c, _)| *c == column)
                .map_or(String::new(), |(_, v)| v.trim().to_string())
        };
        sheet.rows.push(SheetRow {
            row,
            first_name: name(Column::FirstName),
            last_name: name(Column::LastName),
        });
        if extra {
            sheet.report([RowProblem::new(row, "", Problem::ExtraCells)]);
            continue;
        }
        match check_row(row, &cells, kind, office) {
            Ok(candidate) => sheet.candidates.push(candidate),
            Err(problems) => sheet.report(problems),
        }
    }
    sheet
}
