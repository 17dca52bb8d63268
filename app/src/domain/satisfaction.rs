//! How the duos went, in the words of their people: the closing evaluations of mentees (through
//! their own link) and mentors (on their phone), and whether mentees are still in touch with
//! their mentor 6 and 12 months after the start. Counted over the answers given in a period;
//! published as aggregates only (`metrics::publish` hides the small cells). Pure.
use crate::domain::evaluation::SATISFIED_FROM;
use crate::domain::followup::Moment;
use crate::domain::metrics::{Period, Share};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Who gave an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Mentee,
    Mentor,
}

/// One closing evaluation, as the figures read it (no name, no sentence).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvaluationRow {
    pub office: u8,
    pub by: Side,
    /// The day it was given.
    pub on: NaiveDate,
    /// 1 to 5.
    pub rating: u8,
}

/// A mentee's answer, at 6 or 12 months, to "are you still in touch with your mentor?".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InTouchRow {
    pub office: u8,
    pub moment: Moment,
    pub on: NaiveDate,
    pub in_touch: bool,
}

/// The satisfaction figures of a scope: each a share of the people who answered. A rating's
/// share is of those rated 4 or 5 (the duo went well). No mean is kept: a mean of a few could
/// be worked out from the means of the many, and the shares say it with counts that the
/// disclosure rules protect.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Satisfaction {
    /// Mentees who rated their duo 4 or 5, of those who rated it.
    pub mentees_satisfied: Share,
    pub mentors_satisfied: Share,
    /// Mentees who answered at 6 months: still in touch, of those who answered.
    pub in_touch_six_months: Share,
    pub in_touch_twelve_months: Share,
}

fn add(share: &mut Share, yes: bool) {
    share.of += 1;
    if yes {
        share.n += 1;
    }
}

/// Counts the answers of the offices `mine` given in `period`.
pub fn satisfaction(
    evaluations: &[EvaluationRow],
    in_touch: &[InTouchRow],
    mine: impl Fn(u8) -> bool,
    period: Period,
) -> Satisfaction {
    let holds = |d: NaiveDate| period.from <= d && d <= period.to;
    let mut s = Satisfaction::default();
    for e in evaluations
        .iter()
        .filter(|e| mine(e.office) && holds(e.on) && (1..=5).contains(&e.rating))
    {
        let share = match e.by {
            Side::Mentee => &mut s.mentees_satisfied,
            Side::Mentor => &mut s.mentors_satisfied,
        };
        add(share, e.rating >= SATISFIED_FROM);
    }
    for t in in_touch.iter().filter(|t| mine(t.office) && holds(t.on)) {
        let share = match t.moment {
            Moment::SixMonths => &mut s.in_touch_six_months,
            Moment::TwelveMonths => &mut s.in_touch_twelve_months,
            Moment::End => continue,
        };
        add(share, t.in_touch);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn year() -> Period {
        Period {
            from: day(1, 1),
            to: day(12, 3),
        }
    }

    fn eval(office: u8, by: Side, on: NaiveDate, rating: u8) -> EvaluationRow {
        EvaluationRow {
            office,
            by,
            on,
            rating,
        }
    }

    #[test]
    fn ratings_count_by_side_office_and_period() {
        let rows = [
            eval(0, Side::Mentee, day(3, 1), 5),
            eval(0, Side::Mentee, day(4, 1), 4),
            eval(0, Side::Mentee, day(5, 1), 2),
            eval(0, Side::Mentor, day(5, 1), 3),
            // Another office, and a day outside the period.
            eval(1, Side::Mentee, day(5, 1), 1),
            eval(
                0,
                Side::Mentee,
                NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
                1,
            ),
        ];
        let s = satisfaction(&rows, &[], |o| o == 0, year());
        assert_eq!(s.mentees_satisfied, Share { n: 2, of: 3 });
        assert_eq!(s.mentors_satisfied, Share { n: 0, of: 1 });
        let both = satisfaction(&rows, &[], |_| true, year());
        assert_eq!(both.mentees_satisfied, Share { n: 2, of: 4 });
    }

    #[test]
    fn in_touch_counts_each_moment_apart() {
        let t = |moment, in_touch| InTouchRow {
            office: 2,
            moment,
            on: day(6, 1),
            in_touch,
        };
        let rows = [
            t(Moment::SixMonths, true),
            t(Moment::SixMonths, true),
            t(Moment::SixMonths, false),
            t(Moment::TwelveMonths, false),
            t(Moment::End, true),
        ];
        let s = satisfaction(&[], &rows, |_| true, year());
        assert_eq!(s.in_touch_six_months, Share { n: 2, of: 3 });
        assert_eq!(s.in_touch_twelve_months, Share { n: 0, of: 1 });
        assert_eq!(
            satisfaction(&[], &rows, |o| o == 0, year()),
            Satisfaction::default()
        );
    }
}
