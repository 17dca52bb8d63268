//! Publishing the dashboard: which counts headquarters may see, and the typed answer. Every count
//! of every office and of the total goes into one table with the sums that hold between them, and
//! [`crate::domain::disclosure`] decides the cells to hide. The decision always covers all the
//! caller's offices, even when one office is asked for, so a cell hidden in one answer is hidden
//! in every answer of the same period.
use crate::domain::disclosure::Table;
use crate::domain::metrics::{CohortOutcomes, Figures, Period, Share};
use crate::domain::satisfaction::Satisfaction;
use crate::metrics::report::{Dashboard, Dates, ScopeFigures};
use chrono::{Datelike, NaiveDate};
use std::collections::HashSet;

/// The names of the hidden counts of one scope, as [`counts`] names them.
pub type Hidden = HashSet<String>;

/// The name of a count of a cohort row: `cohort.2026-Q1.6m.job`.
pub(crate) fn cohort_key(c: &CohortOutcomes, field: &str) -> String {
    format!("cohort.{}.{}.{field}", c.cohort, c.moment.as_str())
}

/// The name of the waiting list's count on one day: `waiting.2026-11-29`.
pub(crate) fn waiting_key(date: &str) -> String {
    format!("waiting.{date}")
}

/// The name of the count of duos ended early for one reason.
pub(crate) fn early_end_key(reason: &str) -> String {
    format!("early_end.{reason}")
}

/// The name of the mentors (`mentors`) or mentees (`mentees`) of one sector.
pub(crate) fn supply_key(sector: &str, side: &str) -> String {
    format!("supply.{sector}.{side}")
}

/// The satisfaction figures' shares, by name.
pub(crate) fn satisfaction_shares(s: &Satisfaction) -> [(&'static str, Share); 4] {
    [
        ("mentees_satisfied", s.mentees_satisfied),
        ("mentors_satisfied", s.mentors_satisfied),
        ("in_touch_six_months", s.in_touch_six_months),
        ("in_touch_twelve_months", s.in_touch_twelve_months),
    ]
}

/// The fields of a cohort row that are counts.
const COHORT_COUNTS: [&str; 7] = [
    "recorded",
    "reached",
    "positive",
    "job",
    "stable_job",
    "training_or_internship",
    "still_searching",
];

/// Every count a scope publishes, by name, in a fixed order.
fn counts(f: &Figures) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = [
        ("waiting_mentees", f.waiting_mentees),
        ("available_mentors", f.available_mentors),
        ("open_duos", f.open_duos),
        ("active_duos", f.active_duos),
        ("quiet_duos", f.quiet_duos),
        ("days_to_duo", f.days_to_duo_n),
        ("mentees_this_year", f.mentees_this_year),
        ("mentors_this_year", f.mentors_this_year),
        ("reached_six_months.n", f.reached_six_months.n),
        ("reached_six_months.of", f.reached_six_months.of),
        ("repeat_mentors.n", f.repeat_mentors.n),
        ("repeat_mentors.of", f.repeat_mentors.of),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (side, stages) in [
        ("mentee_funnel", f.mentee_funnel),
        ("mentor_funnel", f.mentor_funnel),
    ] {
        out.extend((0..5).map(|i| (format!("{side}.{i}"), stages[i])));
    }
    // A satisfaction share also counts the others (`no`: not satisfied, not in touch): never
    // published, but `of` minus `n` would tell it, so it is protected like any count.
    for (name, share) in satisfaction_shares(&f.satisfaction) {
        out.push((format!("{name}.n"), share.n));
        out.push((format!("{name}.of"), share.of));
        out.push((format!("{name}.no"), share.of - share.n));
    }
    out.extend(f.early_ends.iter().map(|(r, n)| (early_end_key(r), *n)));
    for (sector, mentors, mentees) in &f.supply_by_sector {
        out.push((supply_key(sector, "mentors"), *mentors));
        out.push((supply_key(sector, "mentees"), *mentees));
    }
    for c in &f.outcomes {
        let values = [
            c.recorded,
            c.reached,
            c.positive,
            c.job,
            c.stable_job,
            c.training_or_internship,
            c.still_searching,
        ];
        out.extend(
            COHORT_COUNTS
                .iter()
                .zip(values)
                .map(|(field, v)| (cohort_key(c, field), v)),
        );
    }
    out.extend(
        f.waiting_over_time
            .iter()
            .map(|p| (waiting_key(&p.date), p.waiting)),
    );
    out
}

/// Decides the hidden counts of each office (in the order given) and of the total: each count
/// of the total is the sum of the offices' (a row an office lacks is a known zero), a cohort's
/// positive outcomes are its jobs plus its training or internships, and two counts of the same
/// people are tied (the waiting list measured today and the waiting list; over the calendar
/// year so far, the first funnel stage and the year's registrations); a satisfaction share's
/// answers are its yes and its no.
pub fn decide(
    offices: &[&Figures],
    total: &Figures,
    period: Period,
    today: NaiveDate,
) -> (Vec<Hidden>, Hidden) {
    let scopes: Vec<Vec<(String, u32)>> = offices
        .iter()
        .copied()
        .chain(std::iter::once(total))
        .map(counts)
        .collect();
    let mut names: Vec<&String> = Vec::new();
    for (name, _) in scopes.iter().rev().flatten() {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let mut table = Table::default();
    // cells[name][scope]: the cell of a count in each scope (the total last).
    let mut cells: Vec<Vec<usize>> = Vec::new();
    for name in &names {
        let row = scopes
            .iter()
            .map(|s| match s.iter().find(|(n, _)| n == *name) {
                Some((_, v)) => table.cell(*v),
                None => table.known(0),
            })
            .collect::<Vec<_>>();
        let (sum, parts) = row.split_last().expect("the total is a scope");
        table.sum(*sum, parts.to_vec());
        cells.push(row);
    }
    let cell = |name: &str, scope: usize| {
        names
            .iter()
            .position(|n| n.as_str() == name)
            .map(|i| cells[i][scope])
    };
    let today_key = waiting_key(&today.format("%Y-%m-%d").to_string());
    let new_year = NaiveDate::from_ymd_opt(today.year(), 1, 1);
    let calendar_year = Some(period.from) == new_year && period.to >= today;
    for (scope, f) in offices.iter().copied().chain([total]).enumerate() {
        for c in &f.outcomes {
            let part = |field| cell(&cohort_key(c, field), scope).expect("a cohort count");
            table.sum(
                part("positive"),
                vec![part("job"), part("training_or_internship")],
            );
        }
        for (name, _) in satisfaction_shares(&f.satisfaction) {
            let part = |p: &str| cell(&format!("{name}.{p}"), scope).expect("a satisfaction count");
            table.sum(part("of"), vec![part("n"), part("no")]);
        }
        let mut tie = |a: &str, b: &str| {
            if let (Some(a), Some(b)) = (cell(a, scope), cell(b, scope)) {
                table.sum(a, vec![b]);
            }
        };
        tie("waiting_mentees", &today_key);
        if calendar_year {
            tie("mentee_funnel.0", "mentees_this_year");
            tie("mentor_funnel.0", "mentors_this_year");
        }
    }
    let hidden = table.hidden();
    let mut per_scope: Vec<Hidden> = vec![Hidden::new(); scopes.len()];
    for (name, row) in names.iter().zip(&cells) {
        for (scope, c) in row.iter().enumerate() {
            if hidden[*c] {
                per_scope[scope].insert(name.to_string());
            }
        }
    }
    let total_hidden = per_scope.pop().expect("the total is a scope");
    (per_scope, total_hidden)
}

/// The figures computed for a dashboard: each office the caller may see, and all of them
/// together, over a period, as of a day.
pub struct Computed {
    pub offices: Vec<(String, Figures)>,
    pub total: Figures,
    pub period: Period,
    pub today: NaiveDate,
}

impl Dashboard {
    /// Publishes the dashboard of every office of `c`, or of the one office `chosen` (then also
    /// its total): for headquarters (`suppressed`) with the counts [`decide`] hides, and every
    /// age, median and percent drawn from them; exact for everyone else.
    pub fn publish(
        c: &Computed,
        chosen: Option<&str>,
        all_offices: Vec<String>,
        sets_targets: bool,
        suppressed: bool,
    ) -> Dashboard {
        let (office_hidden, total_hidden): (Vec<Option<Hidden>>, Option<Hidden>) = if suppressed {
            let figures: Vec<&Figures> = c.offices.iter().map(|(_, f)| f).collect();
            let (o, t) = decide(&figures, &c.total, c.period, c.today);
            (o.into_iter().map(Some).collect(), Some(t))
        } else {
            (vec![None; c.offices.len()], None)
        };
        let office = |i: usize| {
            let (slug, f) = &c.offices[i];
            ScopeFigures::publish(f, Some(slug.as_str()), office_hidden[i].as_ref())
        };
        let (offices, total) = match chosen.and_then(|o| c.offices.iter().position(|x| x.0 == o)) {
            Some(i) => (
                vec![office(i)],
                ScopeFigures::publish(&c.offices[i].1, None, office_hidden[i].as_ref()),
            ),
            None => (
                (0..c.offices.len()).map(office).collect(),
                ScopeFigures::publish(&c.total, None, total_hidden.as_ref()),
            ),
        };
        Dashboard {
            all_offices,
            offices,
            period: Dates {
                from: c.period.from.format("%Y-%m-%d").to_string(),
                to: c.period.to.format("%Y-%m-%d").to_string(),
            },
            sets_targets,
            suppressed,
            total,
        }
    }
}
