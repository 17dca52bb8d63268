//! The closing evaluation of a duo: how it went, 1 to 5, and an optional sentence. The mentee
//! gives it through their own link (`domain::voice`), the mentor on their phone with their
//! "what next" (`domain::comeback`); one rule for both. Pure.
use crate::error::{AppError, Invalid};

/// The longest sentence of an evaluation, in characters.
pub const COMMENT_MAX: usize = 500;

/// A rating of 4 or 5: the duo went well ("satisfied" on the dashboard).
pub const SATISFIED_FROM: u8 = 4;

/// A checked evaluation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    pub rating: u8,
    /// Spaces collapsed; `None` when empty.
    pub comment: Option<String>,
}

/// Checks a rating (required, 1–5) and its optional sentence (at most [`COMMENT_MAX`]
/// characters once its spaces are collapsed).
pub fn check_evaluation(rating: Option<u8>, comment: Option<&str>) -> Result<Evaluation, AppError> {
    let rating = rating.ok_or_else(|| AppError::invalid("rating", Invalid::Required))?;
    if !(1..=5).contains(&rating) {
        return Err(AppError::invalid("rating", Invalid::OutOfRange));
    }
    let comment = comment
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|c| !c.is_empty());
    if comment
        .as_ref()
        .is_some_and(|c| c.chars().count() > COMMENT_MAX)
    {
        return Err(AppError::invalid("comment", Invalid::TooLong));
    }
    Ok(Evaluation { rating, comment })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_rating_is_required_and_a_sentence_is_tidied() {
        assert_eq!(
            check_evaluation(None, Some("fine")),
            Err(AppError::invalid("rating", Invalid::Required))
        );
        assert_eq!(
            check_evaluation(Some(5), Some("  Très   bien\n")),
            Ok(Evaluation {
                rating: 5,
                comment: Some("Très bien".into())
            })
        );
        assert_eq!(
            check_evaluation(Some(3), Some("   ")).unwrap().comment,
            None
        );
        // Counted in characters, not bytes.
        assert!(check_evaluation(Some(4), Some(&"é".repeat(COMMENT_MAX))).is_ok());
    }

    proptest! {
        #[test]
        fn only_one_to_five_and_short_sentences_pass(rating in any::<u8>(), len in 0usize..700) {
            let checked = check_evaluation(Some(rating), Some(&"x".repeat(len)));
            prop_assert_eq!(checked.is_ok(), (1..=5).contains(&rating) && len <= COMMENT_MAX);
        }
    }
}
