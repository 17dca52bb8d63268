//! The import's reading, row rules and duplicate check, with files as offices save them.
use super::sheet::separator_of;
use super::*;
use crate::domain::privacy::PersonKind::{Mentee, Mentor};
use crate::error::Invalid;
use proptest::prelude::*;

fn read(text: &str) -> Sheet {
    read_sheet(Mentee, "liege", text.as_bytes())
}

fn field_error(row: u32, field: &str, problem: Invalid) -> RowProblem {
    RowProblem::new(
        row,
        field,
        Problem::Field {
            error: AppError::invalid(field, problem),
        },
    )
}

fn names(sheet: &Sheet) -> Vec<(u32, String)> {
    sheet
        .candidates
        .iter()
        .map(|c| {
            (
                c.row,
                format!("{} {}", c.person.first_name, c.person.last_name),
            )
        })
        .collect()
}

#[test]
fn a_plain_file_with_commas_is_read_row_by_row() {
    let sheet = read("first_name,last_name,email\nAmina,Benali,Amina@Example.BE\nJoão,Silva,\n");
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    assert_eq!(
        names(&sheet),
        [(2, "Amina Benali".into()), (3, "João Silva".into())]
    );
    let amina = &sheet.candidates[0];
    assert_eq!(amina.person.email.as_deref(), Some("amina@example.be"));
    assert_eq!(amina.person.office, "liege");
    assert_eq!(amina.state, "registered");
    assert_eq!(sheet.rows[1].first_name, "João");
}

#[test]
fn semicolons_a_bom_and_windows_line_ends_as_belgian_spreadsheets_save_them() {
    let text =
        "\u{feff}First name;Last name;Languages;Phone\r\nSofia;Martins;fr|pt;0470 12 34 56\r\n";
    let sheet = read(text);
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let sofia = &sheet.candidates[0].person;
    assert_eq!(
        sofia.first_name, "Sofia",
        "the BOM is not part of the first column"
    );
    assert_eq!(sofia.languages, ["fr", "pt"]);
    assert_eq!(sofia.phone.as_deref(), Some("+32470123456"));
}

#[test]
fn the_separator_comes_from_the_header_line() {
    assert_eq!(separator_of("first_name;last_name\nA,B;C"), b';');
    assert_eq!(separator_of("first_name,last_name;x\n"), b',');
    assert_eq!(
        separator_of("\"a;b\",c\n"),
        b',',
        "quoted separators do not count"
    );
    assert_eq!(separator_of("first_name\tlast_name\n"), b'\t');
    assert_eq!(separator_of("first_name\n"), b',');
}

#[test]
fn quoted_cells_hold_separators_quotes_and_line_breaks() {
    let text = "last_name;first_name;note\n\"Van den Broeck; jr\";\"Piet\";\"Met on \"\"Tuesday\"\"\nsecond line\"\nPeeters;An;\n";
    let sheet = read(text);
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let first = &sheet.candidates[0];
    assert_eq!(first.person.last_name, "Van den Broeck; jr");
    assert_eq!(
        first.note.as_deref(),
        Some("Met on \"Tuesday\"\nsecond line")
    );
    // The line break inside the note does not make a row: An is row 3, as in a spreadsheet.
    assert_eq!(sheet.candidates[1].row, 3);
}

#[test]
fn lists_split_on_bars_and_every_intake_field_has_a_column() {
    let text = "first_name,last_name,sectors,support,availability,postcode,online,career_plan,gender,gender_wish,state,languages,years_experience,generalist,capacity\n\
                Marc,Dubois,f| Q ,cv|Interview,mon_morning|thu_evening,4020,oui,,Male,,in_training,fr|nl,30,yes,2\n";
    let sheet = read_sheet(Mentor, "liege", text.as_bytes());
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let marc = &sheet.candidates[0];
    assert_eq!(marc.person.sectors, ["F", "Q"]);
    let profile = &marc.person.profile;
    assert_eq!(profile.support, ["cv", "interview"]);
    assert_eq!(profile.availability, 1 | (1 << (3 * 3 + 2)));
    assert_eq!(profile.postcode.as_deref(), Some("4020"));
    assert!(profile.online && !profile.career_plan && profile.generalist);
    assert_eq!(profile.gender.as_deref(), Some("male"));
    assert_eq!(profile.years_experience, Some(30));
    assert_eq!((marc.state, marc.capacity), ("in_training", 2));
}

#[test]
fn rows_are_counted_whatever_the_line_ends() {
    let expected = [
        (3, "Amina Benali".to_string()),
        (6, "Piet Peeters".to_string()),
    ];
    for end in ["\n", "\r\n", "\r"] {
        let lines = [
            "first_name;last_name",
            "",
            "Amina;Benali",
            ";",
            "",
            "Piet;Peeters",
            "",
        ];
        let sheet = read(&lines.join(end));
        assert!(sheet.errors.is_empty(), "{end:?}: {:?}", sheet.errors);
        assert_eq!(names(&sheet), expected, "{end:?}");
    }
    // A note on two lines is one row.
    let sheet = read("first_name,last_name,note\r\nA,B,\"one\r\ntwo\"\r\n\r\nC,D,\r\n");
    assert_eq!(names(&sheet), [(2, "A B".into()), (4, "C D".into())]);
}

#[test]
fn header_names_in_any_order_and_case() {
    let sheet = read("  LAST NAME ,Email,first-name\nBenali,,Amina\n");
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    assert_eq!(names(&sheet), [(2, "Amina Benali".into())]);
}

#[test]
fn header_problems_are_on_row_one_and_name_the_column() {
    let sheet = read("first_name,e-mail,first name,note\nA,b@c.de,A,\n");
    assert_eq!(
        sheet.errors,
        [
            RowProblem::new(1, "e-mail", Problem::UnknownColumn),
            RowProblem::new(1, "first_name", Problem::RepeatedColumn),
            RowProblem::new(1, "last_name", Problem::MissingColumn),
        ]
    );
    assert!(sheet.candidates.is_empty() && sheet.rows.is_empty());
    // A mentee has no capacity: the column would be dropped, so it is refused.
    let sheet = read("first_name,last_name,capacity\nA,B,1\n");
    assert_eq!(
        sheet.errors,
        [RowProblem::new(1, "capacity", Problem::UnknownColumn)]
    );
    // An empty file names no column at all.
    assert_eq!(
        read("").errors,
        [
            RowProblem::new(1, "first_name", Problem::MissingColumn),
            RowProblem::new(1, "last_name", Problem::MissingColumn),
        ]
    );
}

#[test]
fn empty_lines_and_empty_rows_are_skipped_and_still_counted() {
    let text = "first_name;last_name\n\nAmina;Benali\n;;\n;\nPiet;Peeters\n\n";
    let sheet = read(text);
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    assert_eq!(
        names(&sheet),
        [(3, "Amina Benali".into()), (6, "Piet Peeters".into())]
    );
    assert_eq!(sheet.rows.len(), 2);
}

#[test]
fn a_bad_row_gets_the_errors_the_form_gives_with_its_row_and_column() {
    let text = "first_name,last_name,email,phone,languages,state\n\
                Amina,Benali,amina@example.be,,fr,\n\
                ,Peeters,,,,\n\
                Sofia,Martins,not-an-email,,,\n\
                Jan,Claes,,12345,,\n\
                Eva,Janssens,,,xx,\n\
                Omar,Haddad,,,,intake_done\n\
                Lina,Aziz,,,,in_duo\n\
                Yara,Saleh,,,fr,sleeping\n";
    let sheet = read(text);
    assert_eq!(names(&sheet), [(2, "Amina Benali".into())]);
    assert_eq!(
        sheet.errors,
        [
            field_error(3, "first_name", Invalid::Required),
            field_error(4, "email", Invalid::Malformed),
            field_error(5, "phone", Invalid::Malformed),
            field_error(6, "languages", Invalid::Unknown),
            // Past registration a language is needed, as in the form.
            field_error(7, "languages", Invalid::Required),
            RowProblem::new(8, "state", Problem::StateNotImportable),
            field_error(9, "state", Invalid::Unknown),
        ]
    );
    assert_eq!(sheet.rows.len(), 8, "every person row is previewed");
}

#[test]
fn cells_that_are_not_the_forms_own_are_checked_too() {
    let text = "first_name,last_name,online,office,kind,years_experience,availability,note\n\
                A,B,maybe,liege,mentee,,,\n\
                C,D,,ghent,,,,\n\
                E,F,,,mentor,,,\n\
                G,H,,,,many,,\n\
                I,J,,,,,mon_night,\n\
                K,L,,LIEGE,MENTEE,,,\n";
    let sheet = read(text);
    assert_eq!(
        sheet.errors,
        [
            RowProblem::new(2, "online", Problem::YesNo),
            RowProblem::new(
                3,
                "office",
                Problem::OtherOffice {
                    office: "ghent".into()
                }
            ),
            RowProblem::new(4, "kind", Problem::OtherKind),
            field_error(5, "years_experience", Invalid::Malformed),
            field_error(6, "availability", Invalid::Unknown),
        ]
    );
    assert_eq!(names(&sheet), [(7, "K L".into())]);
    let long = format!(
        "first_name,last_name,note\nA,B,{}\n",
        "x".repeat(crate::domain::validation::NOTE_MAX + 1)
    );
    assert_eq!(
        read(&long).errors,
        [field_error(2, "note", Invalid::TooLong)]
    );
}

#[test]
fn a_value_beyond_the_header_is_refused_empty_trailing_cells_are_not() {
    let sheet = read("first_name,last_name,\nA,B,\nC,D,oops\nE,F,,,\nG\n");
    assert_eq!(
        sheet.errors,
        [
            RowProblem::new(3, "", Problem::ExtraCells),
            field_error(5, "last_name", Invalid::Required),
        ]
    );
    assert_eq!(names(&sheet), [(2, "A B".into()), (4, "E F".into())]);
}

#[test]
fn a_file_that_is_not_utf8_says_so_with_its_row() {
    // "Dupré" in Windows-1252, on the third line.
    let mut bytes = b"first_name;last_name\nAmina;Benali\nLouis;Dupr".to_vec();
    bytes.extend([0xe9, b'\n']);
    let sheet = read_sheet(Mentee, "liege", &bytes);
    assert_eq!(sheet.errors, [RowProblem::new(3, "", Problem::NotUtf8)]);
    assert!(sheet.candidates.is_empty());
}

#[test]
fn more_rows_than_one_import_takes_is_one_clear_error() {
    let mut text = String::from("first_name,last_name\n");
    for i in 0..MAX_ROWS {
        text.push_str(&format!("A{i},B\n"));
    }
    let sheet = read(&text);
    assert!(sheet.errors.is_empty());
    assert_eq!(sheet.candidates.len(), MAX_ROWS);
    text.push_str("Z,Z\n");
    let sheet = read(&text);
    assert_eq!(
        sheet.errors,
        [RowProblem::new(
            MAX_ROWS as u32 + 2,
            "",
            Problem::TooManyRows {
                max: MAX_ROWS as u32
            }
        )]
    );
    assert!(sheet.candidates.is_empty() && sheet.rows.is_empty());
}

fn existing(id: &str, first: &str, last: &str, email: &str, phone: &str, pc: &str) -> Existing {
    let given = |v: &str| Some(v.to_string()).filter(|v| !v.is_empty());
    Existing {
        id: id.into(),
        first_name: first.into(),
        last_name: last.into(),
        email: given(email),
        phone: given(phone),
        postcode: given(pc),
    }
}

#[test]
fn duplicates_by_email_phone_or_name_and_postcode_in_the_records_and_the_file() {
    let text = "first_name;last_name;email;phone;postcode\n\
                Amina;Benali;AMINA@example.be;;\n\
                Jan;Claes;;0470 12 34 56;\n\
                Élodie;Dupré-Lambert;;;4000\n\
                Elodie;DUPRE LAMBERT;;;4020\n\
                Piet;Peeters;piet@example.be;;\n\
                Pieter;Peeters;Piet@Example.be;;\n\
                Eva;Janssens;;;1000\n\
                eva;janssens;;;1000\n";
    let sheet = read(text);
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let records = [
        existing("mentee:a", "Someone", "Else", "amina@example.be", "", ""),
        existing("mentee:j", "Jan", "Other", "", "+32470123456", ""),
        existing("mentee:e", "elodie", "dupre lambert", "", "", "4000"),
        existing("mentee:x", "Eva", "Janssens", "", "", ""),
    ];
    let found = find_duplicates(&sheet.candidates, &records);
    let pairs: Vec<(u32, &str)> = found.iter().map(|d| (d.row, d.existing.as_str())).collect();
    assert_eq!(
        pairs,
        [
            (2, "mentee:a"),
            (3, "mentee:j"),
            (4, "mentee:e"),
            // Same name, another postcode: another person.
            (7, "row 6"),
            // Eva Janssens without a postcode on record is not matched by name alone.
            (9, "row 8"),
        ]
    );
    assert_eq!(referenced_row("row 6"), Some(6));
    assert_eq!(referenced_row("mentee:a"), None);
    let created: Vec<u32> = to_create(&sheet, &found).iter().map(|c| c.row).collect();
    assert_eq!(created, [5, 6, 8]);
    assert_eq!(name_key("  Jean-Marie ", "DUPRÉ"), "jean marie dupre");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any bytes at all: a sheet whose every problem has a row, never a panic; no row is both
    /// created and refused, and rows come in the file's order.
    #[test]
    fn any_file_reads_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let sheet = read_sheet(Mentee, "liege", &bytes);
        prop_assert!(sheet.errors.iter().all(|e| e.row >= 1));
        for c in &sheet.candidates {
            prop_assert!(!sheet.errors.iter().any(|e| e.row == c.row));
        }
        prop_assert!(sheet.rows.windows(2).all(|w| w[0].row < w[1].row));
    }

    /// Any cells under a valid header: every row is created or refused with its row and a
    /// known column, and messages exist in every language.
    #[test]
    fn any_cells_under_a_header_are_created_or_refused(
        cells in prop::collection::vec(prop::collection::vec("[^\"]{0,12}", 0..8), 0..12),
        semicolons in any::<bool>(),
    ) {
        let sep = if semicolons { ";" } else { "," };
        let header = ["first_name", "last_name", "email", "phone", "languages", "postcode", "online"];
        let mut text = header.join(sep);
        for row in &cells {
            text.push('\n');
            text.push_str(&row.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(sep));
        }
        let sheet = read_sheet(Mentor, "ghent", text.as_bytes());
        for e in &sheet.errors {
            prop_assert!(e.row >= 2);
            prop_assert!(e.field.is_empty() || header.contains(&e.field.as_str()), "{:?}", e);
        }
        let decided = sheet.candidates.len()
            + sheet.rows.iter().filter(|r| sheet.errors.iter().any(|e| e.row == r.row)).count();
        prop_assert_eq!(decided, sheet.rows.len());
        let dups = find_duplicates(&sheet.candidates, &[]);
        prop_assert!(dups.iter().all(|d| referenced_row(&d.existing).is_some_and(|r| r < d.row)));
    }
}

#[test]
fn only_the_states_before_the_programmes_rules_are_imported() {
    // Mentees: eligibility needs a recorded criterion, the waiting list comes after it, and the
    // rest is a duo's.
    let text = "first_name,last_name,languages,state\n\
                A,Registered,,registered\n\
                B,Intake,fr,Intake_Done\n\
                C,Ineligible,fr,ineligible\n\
                D,Referred,fr,referred\n\
                E,Eligible,fr,eligible\n\
                F,Waiting,fr,waiting\n\
                G,Proposed,fr,proposed\n\
                H,InDuo,fr,in_duo\n\
                I,Closed,fr,closed\n\
                J,Available,fr,available\n\
                K,Past,,referred\n";
    let sheet = read(text);
    let states: Vec<(u32, &str)> = sheet.candidates.iter().map(|c| (c.row, c.state)).collect();
    assert_eq!(
        states,
        [
            (2, "registered"),
            (3, "intake_done"),
            (4, "ineligible"),
            (5, "referred")
        ]
    );
    let refused = |rows: std::ops::RangeInclusive<u32>| {
        rows.map(|row| RowProblem::new(row, "state", Problem::StateNotImportable))
            .collect::<Vec<_>>()
    };
    let mut expected = refused(6..=10);
    // `available` is no mentee's state at all: the form's word.
    expected.push(field_error(11, "state", Invalid::Unknown));
    // Past the intake a language is needed, as in the form.
    expected.push(field_error(12, "languages", Invalid::Required));
    assert_eq!(sheet.errors, expected);

    // Mentors: available needs the training; the rest comes with duos or after.
    let text = "first_name,last_name,languages,state\n\
                A,Registered,,\n\
                B,Intake,nl,intake_done\n\
                C,Accepted,nl,accepted\n\
                D,Rejected,nl,rejected\n\
                E,Training,nl,in_training\n\
                F,Available,nl,available\n\
                G,Proposed,nl,proposed\n\
                H,InDuo,nl,in_duo\n\
                I,Paused,nl,paused\n\
                J,Alumni,nl,alumni\n\
                K,Waiting,nl,waiting\n";
    let sheet = read_sheet(Mentor, "liege", text.as_bytes());
    let states: Vec<(u32, &str)> = sheet.candidates.iter().map(|c| (c.row, c.state)).collect();
    assert_eq!(
        states,
        [
            (2, "registered"),
            (3, "intake_done"),
            (4, "accepted"),
            (5, "rejected"),
            (6, "in_training")
        ]
    );
    let mut expected = refused(7..=11);
    expected.push(field_error(12, "state", Invalid::Unknown));
    assert_eq!(sheet.errors, expected);
}

#[test]
fn a_header_of_200000_cells_is_one_problem_quickly() {
    let mut text = "first_name,last_name".to_string();
    text.push_str(&",x".repeat(199_998));
    text.push_str("\nA,B\n");
    let started = std::time::Instant::now();
    let sheet = read(&text);
    let took = started.elapsed();
    assert_eq!(
        sheet.errors,
        [RowProblem::new(
            1,
            "",
            Problem::TooManyColumns {
                max: MAX_COLUMNS as u32
            }
        )]
    );
    assert!(sheet.candidates.is_empty() && sheet.rows.is_empty());
    assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
    // As many cells as allowed (trailing empty ones, as spreadsheets save them) still read.
    let text = format!("first_name,last_name{}\nA,B\n", ",".repeat(MAX_COLUMNS - 2));
    let sheet = read(&text);
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    assert_eq!(names(&sheet), [(2, "A B".into())]);
    // Repeated columns are still found, each time.
    let sheet = read("first_name,last_name,email,Email, EMAIL \n");
    assert_eq!(
        sheet.errors,
        [
            RowProblem::new(1, "email", Problem::RepeatedColumn),
            RowProblem::new(1, "email", Problem::RepeatedColumn),
        ]
    );
}

#[test]
fn five_thousand_bad_rows_list_the_first_thousand_errors_and_count_the_rest() {
    let mut text = String::from("first_name,last_name,email\n");
    for i in 0..5_000 {
        text.push_str(&format!("A{i},B,not-an-email-{i}\n"));
    }
    let sheet = read(&text);
    assert_eq!(sheet.errors.len(), MAX_ERRORS);
    assert_eq!(sheet.more_errors, 4_000);
    assert_eq!(sheet.error_count(), 5_000);
    assert_eq!(sheet.errors[0], field_error(2, "email", Invalid::Malformed));
    assert_eq!(sheet.errors[999].row, 1_001);
    assert_eq!(sheet.rows.len(), 5_000, "every row is still previewed");
    assert!(sheet.candidates.is_empty());
}

#[test]
fn text_holding_the_replacement_character_is_refused_as_not_utf8_at_its_row() {
    // What the browser's `Blob.text()` makes of "Dupré" saved in Windows-1252.
    let sheet = read("first_name;last_name\nAmina;Benali\nLouis;Dupr\u{fffd}\nPiet;Peeters\n");
    assert_eq!(sheet.errors, [RowProblem::new(3, "", Problem::NotUtf8)]);
    assert!(sheet.candidates.is_empty() && sheet.rows.is_empty());
    // Its row as the spreadsheet numbers it: after a note on two lines, and in the header.
    let sheet = read("first_name,last_name,note\nA,B,\"one\ntwo\"\nC,D,caf\u{fffd}\n");
    assert_eq!(sheet.errors, [RowProblem::new(3, "", Problem::NotUtf8)]);
    let sheet = read("first_name,last_name,pr\u{fffd}nom\nA,B,\n");
    assert_eq!(sheet.errors, [RowProblem::new(1, "", Problem::NotUtf8)]);
}

#[test]
fn duos_own_directory_export_imports_back() {
    use crate::metrics::tables::inert;
    // A line as `GET /api/v1/people.csv` writes it: every cell through `inert`.
    let cells = [
        "k3x9",
        "mentee",
        "Amina",
        "-Benali",
        "intake_done",
        "liege",
        "2026-11-30",
        "amina@example.be",
        "+32470123456",
    ];
    let line: Vec<String> = cells.iter().map(|c| inert(c.to_string())).collect();
    assert_eq!(line[8], "'+32470123456");
    let text = format!(
        "id,kind,first_name,last_name,state,office,since,email,phone\n{},fr\n",
        line.join(",")
    )
    .replace("phone\n", "phone,languages\n");
    let sheet = read(&text);
    assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
    let amina = &sheet.candidates[0];
    assert_eq!(amina.person.phone.as_deref(), Some("+32470123456"));
    assert_eq!(amina.person.last_name, "-Benali");
    assert_eq!(amina.state, "intake_done");
    // Only one `'`, only before what `inert` guards; any other `'` is the person's.
    assert_eq!(super::sheet::uninert("'+32"), "+32");
    assert_eq!(super::sheet::uninert("''=1"), "''=1");
    assert_eq!(super::sheet::uninert("'@x"), "@x");
    assert_eq!(super::sheet::uninert("'t Hooft"), "'t Hooft");
    assert_eq!(super::sheet::uninert("O'Brien"), "O'Brien");
    assert_eq!(super::sheet::uninert("'"), "'");
}
