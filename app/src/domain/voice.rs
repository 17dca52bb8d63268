//! The mentee's own voice: what a young person answers, without an account, through a
//! single-use link at the end of their duo and 6 and 12 months after its start. Pure.
use crate::domain::evaluation::check_evaluation;
use crate::domain::followup::{Moment, SITUATIONS};
use crate::error::{AppError, Invalid};
use serde::{Deserialize, Serialize};

/// How long a link works, in days.
pub const LINK_DAYS: i64 = 30;

/// The situations a mentee can say they are in: all the programme's, except "not reached",
/// which only a coordinator can record.
pub fn self_situations() -> impl Iterator<Item = &'static str> {
    SITUATIONS.into_iter().filter(|s| *s != "not_reached")
}

/// What the mentee answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VoiceAnswer {
    /// One of the programme's situations (`job`, `training`, …).
    pub situation: String,
    /// For a job: a contract of three months or more, or permanent.
    #[serde(default)]
    pub stable: Option<bool>,
    /// At 6 and 12 months: whether they are still in touch with their mentor.
    #[serde(default)]
    pub in_touch: Option<bool>,
    /// At the end: how the duo went, 1 to 5.
    #[serde(default)]
    pub rating: Option<u8>,
    /// At the end: a sentence, optional.
    #[serde(default)]
    pub comment: Option<String>,
}

/// Checks an answer for `moment`: a situation the mentee may choose, stability for a job, being
/// in touch at 6 and 12 months, a rating 1–5 at the end with an optional sentence. What does
/// not belong to the moment is dropped, so nothing stray is stored.
pub fn check_answer(moment: Moment, a: &VoiceAnswer) -> Result<VoiceAnswer, AppError> {
    if !self_situations().any(|s| s == a.situation) {
        return Err(AppError::invalid("situation", Invalid::Unknown));
    }
    let stable = match (a.situation.as_str(), a.stable) {
        ("job", None) => return Err(AppError::invalid("stable", Invalid::Required)),
        ("job", s) => s,
        _ => None,
    };
    let (in_touch, rating, comment) = match moment {
        Moment::SixMonths | Moment::TwelveMonths => {
            let in_touch = a
                .in_touch
                .ok_or_else(|| AppError::invalid("in_touch", Invalid::Required))?;
            (Some(in_touch), None, None)
        }
        Moment::End => {
            let e = check_evaluation(a.rating, a.comment.as_deref())?;
            (None, Some(e.rating), e.comment)
        }
    };
    Ok(VoiceAnswer {
        situation: a.situation.clone(),
        stable,
        in_touch,
        rating,
        comment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::evaluation::COMMENT_MAX;
    use proptest::prelude::*;

    fn answer(situation: &str) -> VoiceAnswer {
        VoiceAnswer {
            situation: situation.into(),
            ..VoiceAnswer::default()
        }
    }

    #[test]
    fn each_moment_asks_its_own_questions() {
        let job = VoiceAnswer {
            stable: Some(true),
            in_touch: Some(true),
            rating: Some(4),
            comment: Some("  Merci   beaucoup ".into()),
            ..answer("job")
        };
        let end = check_answer(Moment::End, &job).unwrap();
        assert_eq!((end.in_touch, end.rating), (None, Some(4)));
        assert_eq!(end.comment.as_deref(), Some("Merci beaucoup"));
        let later = check_answer(Moment::SixMonths, &job).unwrap();
        assert_eq!(
            (later.in_touch, later.rating, later.comment),
            (Some(true), None, None)
        );
        // Required per moment.
        let bare = VoiceAnswer {
            stable: Some(false),
            ..answer("job")
        };
        assert_eq!(
            check_answer(Moment::TwelveMonths, &bare),
            Err(AppError::invalid("in_touch", Invalid::Required))
        );
        assert_eq!(
            check_answer(Moment::End, &bare),
            Err(AppError::invalid("rating", Invalid::Required))
        );
    }

    #[test]
    fn a_job_says_whether_it_is_stable_and_only_a_job_does() {
        let at_six = |a: VoiceAnswer| VoiceAnswer {
            in_touch: Some(false),
            ..a
        };
        assert_eq!(
            check_answer(Moment::SixMonths, &at_six(answer("job"))),
            Err(AppError::invalid("stable", Invalid::Required))
        );
        let training = VoiceAnswer {
            stable: Some(true),
            ..at_six(answer("training"))
        };
        assert_eq!(
            check_answer(Moment::SixMonths, &training).unwrap().stable,
            None
        );
    }

    #[test]
    fn a_mentee_cannot_say_they_were_not_reached_nor_anything_unknown() {
        for s in ["not_reached", "", "astronaut"] {
            let a = VoiceAnswer {
                in_touch: Some(true),
                ..answer(s)
            };
            assert_eq!(
                check_answer(Moment::SixMonths, &a),
                Err(AppError::invalid("situation", Invalid::Unknown))
            );
        }
        assert_eq!(self_situations().count(), SITUATIONS.len() - 1);
    }

    proptest! {
        #[test]
        fn ratings_outside_one_to_five_and_long_comments_are_refused(rating in any::<u8>(), len in 0usize..700) {
            let a = VoiceAnswer {
                rating: Some(rating),
                comment: Some("x".repeat(len)),
                ..answer("studies")
            };
            let checked = check_answer(Moment::End, &a);
            let ok = (1..=5).contains(&rating) && len <= COMMENT_MAX;
            prop_assert_eq!(checked.is_ok(), ok);
        }
    }
}
