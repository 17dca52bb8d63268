//! The dashboard as it leaves the server, typed: the server function returns it, the JSON API
//! writes it, the CSV tables and the page read it. For headquarters the counts
//! [`crate::metrics::publish`] decides to hide (under five people, and those that would give one
//! away) are already hidden here, so nothing under five people leaves the server.
//!
//! The fields of every struct are declared in alphabetical order: the order the API has always
//! written its keys, so the answer stays byte for byte what scripts read (`contract_tests`).
use crate::domain::followup::Moment;
use crate::domain::metrics::{Cell, CohortOutcomes, Figures, Share, WaitingPoint};
use crate::metrics::publish::{cohort_key, early_end_key, supply_key, waiting_key, Hidden};
pub use crate::metrics::satisfaction::SatisfactionFigures;
use serde::{Deserialize, Serialize};

/// The dashboard of a period: all the caller's offices together, and each office.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Offices the caller may choose from.
    pub all_offices: Vec<String>,
    /// Each office of the scope, its slug in `office`.
    pub offices: Vec<ScopeFigures>,
    /// The period the figures count.
    pub period: Dates,
    /// Whether the caller sets the yearly targets (admins).
    pub sets_targets: bool,
    /// Whether cells under five people are hidden (headquarters).
    pub suppressed: bool,
    /// All the offices of the scope together (no `office`).
    pub total: ScopeFigures,
}

/// The period the figures count, as `YYYY-MM-DD` (both days included).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dates {
    pub from: String,
    pub to: String,
}

/// The figures of one office, or of all the caller's offices together. A count is a [`Cell`]
/// (`"<5"` when hidden); an age, median or percent drawn from a hidden count is `null`, as is
/// one with nothing to measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScopeFigures {
    /// Duos active or on hold.
    pub active_duos: Cell,
    pub available_median_days: Option<i64>,
    /// Mentors available with free capacity.
    pub available_mentors: Cell,
    pub available_oldest_days: Option<i64>,
    pub days_to_duo: DaysToDuo,
    /// Duos ended early in the period, by reason, the most frequent first.
    pub early_ends: Vec<EarlyEnd>,
    /// Mentees registered in the period who reached: registered, intake, eligible, waiting, matched.
    pub mentee_funnel: [Cell; 5],
    /// Mentors registered in the period who reached: registered, accepted, trained, available, in a duo.
    pub mentor_funnel: [Cell; 5],
    /// The office's slug; absent for the total.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// Duos from draft to on hold.
    pub open_duos: Cell,
    /// Outcomes by cohort (the quarter a duo started) and moment.
    pub outcomes: Vec<CohortRow>,
    pub progress: YearProgress,
    /// Active duos with no meeting for 14 days or more.
    pub quiet_duos: Cell,
    /// Duos that started at least six months ago (and in the period) and ran six months.
    pub reached_six_months: Proportion,
    /// Mentors who closed a duo and then took another.
    pub repeat_mentors: Proportion,
    /// Closing evaluations and "still in touch", answered in the period.
    pub satisfaction: SatisfactionFigures,
    /// Per sector sought, the sectors anyone offers or seeks only.
    pub supply_by_sector: Vec<SectorSupply>,
    pub waiting_median_days: Option<i64>,
    /// Mentees waiting and in no open duo.
    pub waiting_mentees: Cell,
    pub waiting_oldest_days: Option<i64>,
    /// The waiting list at the end of each week of the period.
    pub waiting_over_time: Vec<WaitingOnDay>,
}

/// Days from the mentee's intake to a proposed duo, for duos proposed in the period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaysToDuo {
    pub median: Option<i64>,
    /// How many duos the days are measured on.
    pub n: Cell,
    pub p90: Option<i64>,
}

/// A share as published: `n` of `of`, and the percent to one decimal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proportion {
    pub n: Cell,
    pub of: Cell,
    /// `null` when `n` or `of` is hidden (the percent would give the other), or `of` is zero.
    pub percent: Option<f64>,
}

/// How many duos ended early for one reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlyEnd {
    pub n: Cell,
    /// A code of the end reasons (`found_job`, ...).
    pub reason: String,
}

/// Mentors offering and mentees seeking one sector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectorSupply {
    /// Waiting mentees seeking it.
    pub mentees: Cell,
    /// Available mentors offering it.
    pub mentors: Cell,
    /// A NACE section (`A`–`U`).
    pub sector: String,
}

/// The outcomes of one cohort at one moment; every share but `reached` is of those reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortRow {
    /// `2026-Q1`.
    pub cohort: String,
    pub job: Proportion,
    pub moment: Moment,
    /// Job, training or internship.
    pub positive: Proportion,
    /// Mentees reached, of the outcomes recorded.
    pub reached: Proportion,
    /// Outcomes recorded for that moment.
    pub recorded: Cell,
    pub stable_job: Proportion,
    pub still_searching: Proportion,
    pub training_or_internship: Proportion,
}

/// The waiting list on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingOnDay {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub median_days: Option<i64>,
    pub waiting: Cell,
}

/// This year's registrations against the yearly targets (targets are never hidden).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearProgress {
    /// `null` when no target is set for the scope's offices.
    pub mentee_target: Option<u32>,
    pub mentees: Cell,
    pub mentor_target: Option<u32>,
    pub mentors: Cell,
}

/// A count as published: hidden when its name is among the scope's hidden counts.
fn cell(hidden: Option<&Hidden>, name: &str, n: u32) -> Cell {
    match hidden {
        Some(h) if h.contains(name) => Cell::Small,
        _ => Cell::Count(n),
    }
}

/// Hides a value drawn from a count (an age, a median) with the count it comes from.
fn about<T>(count: Cell, value: Option<T>) -> Option<T> {
    value.filter(|_| count != Cell::Small)
}

impl Proportion {
    /// Publishes a share: each count as decided (`hide_n`, `hide_of`), the percent hidden with
    /// either, since with the other it would give it back.
    pub fn publish(s: Share, hide_n: bool, hide_of: bool) -> Proportion {
        let count = |n: u32, hide: bool| if hide { Cell::Small } else { Cell::Count(n) };
        Proportion {
            n: count(s.n, hide_n),
            of: count(s.of, hide_of),
            percent: s
                .percent()
                .filter(|_| !hide_n && !hide_of)
                .map(|p| (p * 10.0).round() / 10.0),
        }
    }

    /// Publishes the share whose counts are named `{name}.n` and `{name}.of`.
    pub(crate) fn named(s: Share, hidden: Option<&Hidden>, name: &str) -> Proportion {
        let hide = |part: &str| cell(hidden, &format!("{name}.{part}"), 0) == Cell::Small;
        Proportion::publish(s, hide("n"), hide("of"))
    }
}

impl CohortRow {
    /// Publishes one cohort's outcomes, each share hidden with its counts.
    fn publish(c: &CohortOutcomes, hidden: Option<&Hidden>) -> CohortRow {
        let hide = |field: &str| cell(hidden, &cohort_key(c, field), 0) == Cell::Small;
        let of_reached = |field: &str, n: u32| {
            Proportion::publish(Share { n, of: c.reached }, hide(field), hide("reached"))
        };
        let reached = Share {
            n: c.reached,
            of: c.recorded,
        };
        CohortRow {
            cohort: c.cohort.clone(),
            job: of_reached("job", c.job),
            moment: c.moment,
            positive: of_reached("positive", c.positive),
            reached: Proportion::publish(reached, hide("reached"), hide("recorded")),
            recorded: cell(hidden, &cohort_key(c, "recorded"), c.recorded),
            stable_job: of_reached("stable_job", c.stable_job),
            still_searching: of_reached("still_searching", c.still_searching),
            training_or_internship: of_reached("training_or_internship", c.training_or_internship),
        }
    }
}

impl WaitingOnDay {
    /// Publishes one day of the waiting list, its median hidden with the count.
    fn publish(p: &WaitingPoint, hidden: Option<&Hidden>) -> WaitingOnDay {
        let waiting = cell(hidden, &waiting_key(&p.date), p.waiting);
        WaitingOnDay {
            date: p.date.clone(),
            median_days: about(waiting, p.median_days),
            waiting,
        }
    }
}

/// Publishes the duos ended early by reason, the most frequent first; hidden counts come last,
/// by reason, so their place in the list does not tell them (between two sevens, a seven).
fn early_ends(ends: &[(String, u32)], hidden: Option<&Hidden>) -> Vec<EarlyEnd> {
    let mut shown: Vec<EarlyEnd> = ends
        .iter()
        .map(|(reason, n)| EarlyEnd {
            n: cell(hidden, &early_end_key(reason), *n),
            reason: reason.clone(),
        })
        .collect();
    shown.sort_by(|a, b| match (a.n, b.n) {
        (Cell::Small, Cell::Small) => a.reason.cmp(&b.reason),
        (Cell::Small, _) => std::cmp::Ordering::Greater,
        (_, Cell::Small) => std::cmp::Ordering::Less,
        _ => std::cmp::Ordering::Equal,
    });
    shown
}

impl ScopeFigures {
    /// Publishes the computed figures of one office (`office`) or of the total (`None`): the
    /// counts named in `hidden` (headquarters; `None` shows every count) written `"<5"`, and
    /// every age, median or percent drawn from them hidden with them.
    pub fn publish(f: &Figures, office: Option<&str>, hidden: Option<&Hidden>) -> ScopeFigures {
        let cell = |name: &str, n: u32| cell(hidden, name, n);
        let funnel = |side: &str, stages: [u32; 5]| -> [Cell; 5] {
            std::array::from_fn(|i| cell(&format!("{side}.{i}"), stages[i]))
        };
        let available_mentors = cell("available_mentors", f.available_mentors);
        let days_to_duo_n = cell("days_to_duo", f.days_to_duo_n);
        let waiting_mentees = cell("waiting_mentees", f.waiting_mentees);
        ScopeFigures {
            active_duos: cell("active_duos", f.active_duos),
            available_median_days: about(available_mentors, f.available_median_days),
            available_mentors,
            available_oldest_days: about(available_mentors, f.available_oldest_days),
            days_to_duo: DaysToDuo {
                median: about(days_to_duo_n, f.days_to_duo_median),
                n: days_to_duo_n,
                p90: about(days_to_duo_n, f.days_to_duo_p90),
            },
            early_ends: early_ends(&f.early_ends, hidden),
            mentee_funnel: funnel("mentee_funnel", f.mentee_funnel),
            mentor_funnel: funnel("mentor_funnel", f.mentor_funnel),
            office: office.map(str::to_string),
            open_duos: cell("open_duos", f.open_duos),
            outcomes: f
                .outcomes
                .iter()
                .map(|c| CohortRow::publish(c, hidden))
                .collect(),
            progress: YearProgress {
                mentee_target: f.mentee_target,
                mentees: cell("mentees_this_year", f.mentees_this_year),
                mentor_target: f.mentor_target,
                mentors: cell("mentors_this_year", f.mentors_this_year),
            },
            quiet_duos: cell("quiet_duos", f.quiet_duos),
            reached_six_months: Proportion::named(
                f.reached_six_months,
                hidden,
                "reached_six_months",
            ),
            repeat_mentors: Proportion::named(f.repeat_mentors, hidden, "repeat_mentors"),
            satisfaction: SatisfactionFigures::publish(&f.satisfaction, hidden),
            supply_by_sector: f
                .supply_by_sector
                .iter()
                .map(|(sector, mentors, mentees)| SectorSupply {
                    mentees: cell(&supply_key(sector, "mentees"), *mentees),
                    mentors: cell(&supply_key(sector, "mentors"), *mentors),
                    sector: sector.clone(),
                })
                .collect(),
            waiting_median_days: about(waiting_mentees, f.waiting_median_days),
            waiting_mentees,
            waiting_oldest_days: about(waiting_mentees, f.waiting_oldest_days),
            waiting_over_time: f
                .waiting_over_time
                .iter()
                .map(|p| WaitingOnDay::publish(p, hidden))
                .collect(),
        }
    }
}

/// A small dashboard of one office (Liège) for the unit tests: three mentees waiting (median 12
/// days) and seven active duos, seen by headquarters (`suppressed`) or by the office.
#[cfg(test)]
pub(crate) fn example(suppressed: bool) -> Dashboard {
    let small = Figures {
        waiting_mentees: 3,
        waiting_median_days: Some(12),
        active_duos: 7,
        ..Figures::default()
    };
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).expect("a date");
    let computed = crate::metrics::publish::Computed {
        offices: vec![("liege".into(), small.clone())],
        total: small,
        period: crate::domain::metrics::Period {
            from: day(1, 1),
            to: day(11, 29),
        },
        today: day(11, 29),
    };
    Dashboard::publish(&computed, None, vec!["liege".into()], false, suppressed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn headquarters_never_see_fewer_than_five_people() {
        let v = serde_json::to_value(example(true)).unwrap();
        assert_eq!(v["total"]["waiting_mentees"], "<5");
        assert_eq!(
            v["total"]["waiting_median_days"],
            Value::Null,
            "an age would tell about the few"
        );
        assert_eq!(v["total"]["active_duos"], 7);
        assert_eq!(v["offices"][0]["office"], "liege");
        assert_eq!(v["offices"][0]["open_duos"], "<5");
        let exact = serde_json::to_value(example(false)).unwrap();
        assert_eq!(exact["total"]["waiting_mentees"], 3);
        assert_eq!(exact["total"]["waiting_median_days"], 12);
    }

    #[test]
    fn the_page_reads_back_what_the_server_wrote() {
        for suppressed in [true, false] {
            let d = example(suppressed);
            let text = serde_json::to_string(&d).unwrap();
            assert_eq!(serde_json::from_str::<Dashboard>(&text).unwrap(), d);
        }
        let v = serde_json::to_value(example(false)).unwrap();
        assert!(
            v["total"].get("office").is_none(),
            "the total names no office"
        );
        assert_eq!(
            v["total"]["reached_six_months"],
            json!({"n": 0, "of": 0, "percent": null})
        );
    }

    #[test]
    fn the_place_of_a_hidden_early_end_tells_nothing() {
        let ends = [
            ("a".to_string(), 7),
            ("b".to_string(), 7),
            ("c".to_string(), 7),
        ];
        let hidden: Hidden = ["early_end.b".to_string()].into();
        let reasons: Vec<(String, Cell)> = early_ends(&ends, Some(&hidden))
            .into_iter()
            .map(|e| (e.reason, e.n))
            .collect();
        assert_eq!(
            reasons,
            vec![
                ("a".to_string(), Cell::Count(7)),
                ("c".to_string(), Cell::Count(7)),
                ("b".to_string(), Cell::Small)
            ]
        );
        let exact: Vec<String> = early_ends(&ends, None)
            .into_iter()
            .map(|e| e.reason)
            .collect();
        assert_eq!(exact, ["a", "b", "c"]);
    }

    #[test]
    fn percents_keep_one_decimal_and_hide_with_their_count() {
        let third = Share { n: 2, of: 3 };
        assert_eq!(Proportion::publish(third, false, false).percent, Some(66.7));
        assert_eq!(Proportion::publish(third, true, true).percent, None);
        let many = Share { n: 5, of: 8 };
        assert_eq!(
            serde_json::to_value(Proportion::publish(many, false, false)).unwrap(),
            json!({"n": 5, "of": 8, "percent": 62.5})
        );
        // A hidden numerator hides the percent even with its denominator shown (n = % × of),
        // and a hidden denominator with its numerator shown (of = n / %).
        let big = Share { n: 3, of: 40 };
        assert_eq!(
            serde_json::to_value(Proportion::publish(big, true, false)).unwrap(),
            json!({"n": "<5", "of": 40, "percent": null})
        );
        assert_eq!(
            Proportion::publish(Share { n: 6, of: 9 }, false, true).percent,
            None
        );
    }
}
