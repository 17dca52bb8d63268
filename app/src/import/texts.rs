//! The import's problems in the reader's language: the form's own words for a field's refusal,
//! the import's words for the rest (the file, its header, its rows).
use crate::domain::import::{Problem, RowProblem};
use crate::i18n::{td_string, Locale};
use crate::texts::{error_message, number_text};

/// What is wrong with a row, a column or the file, in `locale`.
pub fn problem_message(locale: Locale, problem: &RowProblem) -> String {
    let column = problem.field.as_str();
    match &problem.problem {
        Problem::Field { error } => error_message(locale, error),
        Problem::NotUtf8 => td_string!(locale, import.problem_not_utf8).to_string(),
        Problem::TooManyColumns { max } => {
            let max = number_text(locale, i64::from(*max));
            td_string!(locale, import.problem_too_many_columns, max = max).to_string()
        }
        Problem::UnknownColumn => {
            td_string!(locale, import.problem_unknown_column, column = column).to_string()
        }
        Problem::MissingColumn => {
            td_string!(locale, import.problem_missing_column, column = column).to_string()
        }
        Problem::RepeatedColumn => {
            td_string!(locale, import.problem_repeated_column, column = column).to_string()
        }
        Problem::ExtraCells => td_string!(locale, import.problem_extra_cells).to_string(),
        Problem::TooManyRows { max } => {
            let max = number_text(locale, i64::from(*max));
            td_string!(locale, import.problem_too_many_rows, max = max).to_string()
        }
        Problem::OtherOffice { office } => {
            td_string!(locale, import.problem_other_office, office = office).to_string()
        }
        Problem::OtherKind => td_string!(locale, import.problem_other_kind).to_string(),
        Problem::YesNo => td_string!(locale, import.problem_yes_no, column = column).to_string(),
        Problem::StateNotImportable => {
            td_string!(locale, import.problem_state_not_importable).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{AppError, Invalid};

    #[test]
    fn every_problem_is_worded_in_every_language() {
        let problems = [
            Problem::Field {
                error: AppError::invalid("email", Invalid::Malformed),
            },
            Problem::NotUtf8,
            Problem::TooManyColumns { max: 64 },
            Problem::UnknownColumn,
            Problem::MissingColumn,
            Problem::RepeatedColumn,
            Problem::ExtraCells,
            Problem::TooManyRows { max: 10_000 },
            Problem::OtherOffice {
                office: "ghent".into(),
            },
            Problem::OtherKind,
            Problem::YesNo,
            Problem::StateNotImportable,
        ];
        for locale in [Locale::en, Locale::fr, Locale::nl] {
            for problem in &problems {
                let text = problem_message(locale, &RowProblem::new(2, "e-mail", problem.clone()));
                assert!(
                    !text.is_empty() && !text.contains("{{"),
                    "{problem:?}: {text}"
                );
            }
        }
        let unknown = RowProblem::new(1, "e-mail", Problem::UnknownColumn);
        assert!(problem_message(Locale::en, &unknown).contains("“e-mail”"));
        let many = RowProblem::new(10_002, "", Problem::TooManyRows { max: 10_000 });
        assert!(problem_message(Locale::en, &many).contains("10,000"));
        assert!(problem_message(Locale::nl, &many).contains("10.000"));
    }

    #[test]
    fn the_import_query_field_is_named_in_every_language() {
        // `?dry_run=maybe` is refused on the field `dry_run`: the message names it in words.
        for locale in [Locale::en, Locale::fr, Locale::nl] {
            let name = crate::texts::field_name(locale, "dry_run");
            assert!(!name.is_empty() && name != "dry_run", "{locale:?}: {name}");
        }
    }
}
