//! The dashboard as it leaves the server, typed: the server function returns it, the JSON API
//! writes it, the CSV tables and the page read it. Small cells are already hidden here for
//! headquarters, so nothing under five people leaves the server.
//!
//! The fields of every struct are declared in alphabetical order: the order the API has always
//! written its keys, so the answer stays byte for byte what scripts read (`contract_tests`).
use crate::domain::followup::Moment;
use crate::domain::metrics::{Cell, CohortOutcomes, Figures, Share, WaitingPoint, SMALL_CELL};
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
    /// `null` when `of` is hidden or zero.
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

/// Hides a value drawn from `n` people (an age, a median) with the count it comes from.
fn about<T>(n: u32, value: Option<T>, suppress: bool) -> Option<T> {
    value.filter(|_| !(suppress && n < SMALL_CELL))
}

impl Proportion {
    /// Publishes a share: counts hidden under five people, the percent hidden with `of`.
    pub fn publish(s: Share, suppress: bool) -> Proportion {
        Proportion {
            n: Cell::of(s.n, suppress),
            of: Cell::of(s.of, suppress),
            percent: about(s.of, s.percent(), suppress).map(|p| (p * 10.0).round() / 10.0),
        }
    }
}

impl CohortRow {
    /// Publishes one cohort's outcomes, each share hidden with its counts.
    fn publish(c: &CohortOutcomes, suppress: bool) -> CohortRow {
        let of_reached = |n: u32| Proportion::publish(Share { n, of: c.reached }, suppress);
        CohortRow {
            cohort: c.cohort.clone(),
            job: of_reached(c.job),
            moment: c.moment,
            positive: of_reached(c.positive),
            reached: Proportion::publish(
                Share {
                    n: c.reached,
                    of: c.recorded,
                },
                suppress,
            ),
            recorded: Cell::of(c.recorded, suppress),
            stable_job: of_reached(c.stable_job),
            still_searching: of_reached(c.still_searching),
            training_or_internship: of_reached(c.training_or_internship),
        }
    }
}

impl WaitingOnDay {
    /// Publishes one day of the waiting list, its median hidden with the count.
    fn publish(p: &WaitingPoint, suppress: bool) -> WaitingOnDay {
        WaitingOnDay {
            date: p.date.clone(),
            median_days: about(p.waiting, p.median_days, suppress),
            waiting: Cell::of(p.waiting, suppress),
        }
    }
}

impl ScopeFigures {
    /// Publishes the computed figures of one office (`office`) or of the total (`None`), every
    /// count of fewer than five people hidden when `suppress` (headquarters), and every age or
    /// median drawn from such a count with it.
    pub fn publish(f: &Figures, office: Option<&str>, suppress: bool) -> ScopeFigures {
        let cell = |n: u32| Cell::of(n, suppress);
        ScopeFigures {
            active_duos: cell(f.active_duos),
            available_median_days: about(f.available_mentors, f.available_median_days, suppress),
            available_mentors: cell(f.available_mentors),
            available_oldest_days: about(f.available_mentors, f.available_oldest_days, suppress),
            days_to_duo: DaysToDuo {
                median: about(f.days_to_duo_n, f.days_to_duo_median, suppress),
                n: cell(f.days_to_duo_n),
                p90: about(f.days_to_duo_n, f.days_to_duo_p90, suppress),
            },
            early_ends: f
                .early_ends
                .iter()
                .map(|(reason, n)| EarlyEnd {
                    n: cell(*n),
                    reason: reason.clone(),
                })
                .collect(),
            mentee_funnel: f.mentee_funnel.map(cell),
            mentor_funnel: f.mentor_funnel.map(cell),
            office: office.map(str::to_string),
            open_duos: cell(f.open_duos),
            outcomes: f
                .outcomes
                .iter()
                .map(|c| CohortRow::publish(c, suppress))
                .collect(),
            progress: YearProgress {
                mentee_target: f.mentee_target,
                mentees: cell(f.mentees_this_year),
                mentor_target: f.mentor_target,
                mentors: cell(f.mentors_this_year),
            },
            quiet_duos: cell(f.quiet_duos),
            reached_six_months: Proportion::publish(f.reached_six_months, suppress),
            repeat_mentors: Proportion::publish(f.repeat_mentors, suppress),
            supply_by_sector: f
                .supply_by_sector
                .iter()
                .map(|(sector, mentors, mentees)| SectorSupply {
                    mentees: cell(*mentees),
                    mentors: cell(*mentors),
                    sector: sector.clone(),
                })
                .collect(),
            waiting_median_days: about(f.waiting_mentees, f.waiting_median_days, suppress),
            waiting_mentees: cell(f.waiting_mentees),
            waiting_oldest_days: about(f.waiting_mentees, f.waiting_oldest_days, suppress),
            waiting_over_time: f
                .waiting_over_time
                .iter()
                .map(|p| WaitingOnDay::publish(p, suppress))
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
    Dashboard {
        all_offices: vec!["liege".into()],
        offices: vec![ScopeFigures::publish(&small, Some("liege"), suppressed)],
        period: Dates {
            from: "2026-01-01".into(),
            to: "2026-11-29".into(),
        },
        sets_targets: false,
        suppressed,
        total: ScopeFigures::publish(&small, None, suppressed),
    }
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
    fn percents_keep_one_decimal_and_hide_with_their_count() {
        let third = Share { n: 2, of: 3 };
        assert_eq!(Proportion::publish(third, false).percent, Some(66.7));
        assert_eq!(Proportion::publish(third, true).percent, None);
        let many = Share { n: 5, of: 8 };
        assert_eq!(
            serde_json::to_value(Proportion::publish(many, true)).unwrap(),
            json!({"n": 5, "of": 8, "percent": 62.5})
        );
    }
}
