//! The satisfaction figures as published: mentees and mentors satisfied with their duo and
//! mentees still in touch at 6 and 12 months, each share hidden with its counts as
//! [`crate::metrics::publish`] decides.
use crate::domain::satisfaction::Satisfaction;
use crate::metrics::publish::Hidden;
use crate::metrics::report::Proportion;
use serde::{Deserialize, Serialize};

/// How the duos went, in the words of their people, answered in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SatisfactionFigures {
    /// Mentees who answered at 6 months (`of`) and are still in touch with their mentor (`n`).
    pub in_touch_six_months: Proportion,
    pub in_touch_twelve_months: Proportion,
    /// Mentees who rated their duo 4 or 5 of 5 (`n`), of those who rated it (`of`).
    pub mentees_satisfied: Proportion,
    /// Mentors who rated their duo 4 or 5 of 5, of those who rated it.
    pub mentors_satisfied: Proportion,
}

impl SatisfactionFigures {
    pub(crate) fn publish(s: &Satisfaction, hidden: Option<&Hidden>) -> SatisfactionFigures {
        let share = |value, name| Proportion::named(value, hidden, name);
        SatisfactionFigures {
            in_touch_six_months: share(s.in_touch_six_months, "in_touch_six_months"),
            in_touch_twelve_months: share(s.in_touch_twelve_months, "in_touch_twelve_months"),
            mentees_satisfied: share(s.mentees_satisfied, "mentees_satisfied"),
            mentors_satisfied: share(s.mentors_satisfied, "mentors_satisfied"),
        }
    }
}
