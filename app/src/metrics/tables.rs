//! The dashboard's tables as CSV rows, read from the published [`Dashboard`] (small cells
//! already hidden), each cell written as the JSON API writes it and made inert for spreadsheets.
use crate::domain::metrics::Cell;
use crate::metrics::report::{Dashboard, ScopeFigures};

/// The tables of the dashboard that export to CSV.
pub const TABLES: [&str; 6] = [
    "summary",
    "funnel",
    "outcomes",
    "waiting",
    "supply",
    "satisfaction",
];

/// A cell as a spreadsheet may read it: text that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`.
pub fn inert(cell: String) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell,
    }
}

/// A value that may be unknown or hidden (`null` in the JSON): empty in the CSV.
fn maybe<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A percent written as the JSON writes it (`75.0`), empty when hidden or unknown.
fn percent(value: Option<f64>) -> String {
    value
        .and_then(serde_json::Number::from_f64)
        .map(|n| n.to_string())
        .unwrap_or_default()
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

fn row(cells: Vec<String>) -> Vec<String> {
    cells.into_iter().map(inert).collect()
}

/// Key figures now and progress this year, one row per scope.
fn summary(scope: &str, f: &ScopeFigures) -> Vec<Vec<String>> {
    vec![row(vec![
        scope.to_string(),
        f.waiting_mentees.to_string(),
        maybe(f.waiting_median_days),
        maybe(f.waiting_oldest_days),
        f.available_mentors.to_string(),
        f.open_duos.to_string(),
        f.active_duos.to_string(),
        f.quiet_duos.to_string(),
        f.progress.mentees.to_string(),
        maybe(f.progress.mentee_target),
        f.progress.mentors.to_string(),
        maybe(f.progress.mentor_target),
    ])]
}

/// Both funnels, one row per side.
fn funnel(scope: &str, f: &ScopeFigures) -> Vec<Vec<String>> {
    let side = |name: &str, stages: &[Cell; 5]| {
        let mut cells = vec![scope.to_string(), name.to_string()];
        cells.extend(stages.iter().map(Cell::to_string));
        row(cells)
    };
    vec![
        side("mentee", &f.mentee_funnel),
        side("mentor", &f.mentor_funnel),
    ]
}

/// One row per cohort and moment: the outcomes recorded and every share's percent.
fn outcomes(scope: &str, f: &ScopeFigures) -> Vec<Vec<String>> {
    f.outcomes
        .iter()
        .map(|c| {
            row(vec![
                scope.to_string(),
                c.cohort.clone(),
                c.moment.as_str().to_string(),
                c.recorded.to_string(),
                percent(c.reached.percent),
                percent(c.positive.percent),
                percent(c.job.percent),
                percent(c.stable_job.percent),
                percent(c.training_or_internship.percent),
                percent(c.still_searching.percent),
            ])
        })
        .collect()
}

/// The waiting list over the period, one row per day measured.
fn waiting(scope: &str, f: &ScopeFigures) -> Vec<Vec<String>> {
    f.waiting_over_time
        .iter()
        .map(|p| {
            row(vec![
                scope.to_string(),
                p.date.clone(),
                p.waiting.to_string(),
                maybe(p.median_days),
            ])
        })
        .collect()
}

/// Mentors offering and mentees seeking each sector.
fn supply(scope: &str, f: &ScopeFigures) -> Vec<Vec<String>> {
    f.supply_by_sector
        .iter()
        .map(|s| {
            row(vec![
                scope.to_string(),
                s.sector.clone(),
                s.mentors.to_string(),
                s.mentees.to_string(),
            ])
        })
        .collect()
}

/// The closing evaluations of both sides and "still in touch", one row per scope.
fn satisfaction(scope: &str, f: &ScopeFigures) -> Vec<Vec<String>> {
    let s = &f.satisfaction;
    let mut cells = vec![scope.to_string()];
    for p in [
        &s.mentees_satisfied,
        &s.mentors_satisfied,
        &s.in_touch_six_months,
        &s.in_touch_twelve_months,
    ] {
        cells.extend([p.of.to_string(), p.n.to_string(), percent(p.percent)]);
    }
    vec![row(cells)]
}

/// One table of the dashboard as rows of text (header first): the total, then each office.
pub fn table_rows(d: &Dashboard, table: &str) -> Option<Vec<Vec<String>>> {
    let (head, rows_of): (&[&str], fn(&str, &ScopeFigures) -> Vec<Vec<String>>) = match table {
        "summary" => (
            &[
                "office",
                "waiting_mentees",
                "waiting_median_days",
                "waiting_oldest_days",
                "available_mentors",
                "open_duos",
                "active_duos",
                "quiet_duos",
                "mentees_this_year",
                "mentee_target",
                "mentors_this_year",
                "mentor_target",
            ],
            summary,
        ),
        "funnel" => (
            &[
                "office",
                "side",
                "registered",
                "stage_2",
                "stage_3",
                "stage_4",
                "stage_5",
            ],
            funnel,
        ),
        "outcomes" => (
            &[
                "office",
                "cohort",
                "moment",
                "recorded",
                "reached_percent",
                "positive_percent",
                "job_percent",
                "stable_job_percent",
                "training_or_internship_percent",
                "still_searching_percent",
            ],
            outcomes,
        ),
        "waiting" => (&["office", "date", "waiting", "median_days"], waiting),
        "supply" => (
            &["office", "sector", "available_mentors", "waiting_mentees"],
            supply,
        ),
        "satisfaction" => (
            &[
                "office",
                "mentees_rated",
                "mentees_satisfied",
                "mentees_satisfied_percent",
                "mentors_rated",
                "mentors_satisfied",
                "mentors_satisfied_percent",
                "in_touch_six_months_answered",
                "in_touch_six_months",
                "in_touch_six_months_percent",
                "in_touch_twelve_months_answered",
                "in_touch_twelve_months",
                "in_touch_twelve_months_percent",
            ],
            satisfaction,
        ),
        _ => return None,
    };
    let scopes = std::iter::once(("total", &d.total)).chain(
        d.offices
            .iter()
            .map(|o| (o.office.as_deref().unwrap_or_default(), o)),
    );
    let mut out = vec![header(head)];
    for (scope, figures) in scopes {
        out.extend(rows_of(scope, figures));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::report::example;

    #[test]
    fn exported_tables_keep_the_suppression_and_are_inert() {
        let rows = table_rows(&example(true), "summary").unwrap();
        assert_eq!(rows[0][0], "office");
        assert_eq!(rows[1][0], "total");
        assert_eq!(rows[1][1], "<5");
        assert_eq!(rows[1][6], "7");
        assert!(table_rows(&example(true), "names").is_none());
        for t in TABLES {
            assert!(table_rows(&example(true), t).is_some(), "{t}");
        }
        assert_eq!(inert("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("-1".into()), "'-1");
        assert_eq!(inert("12".into()), "12");
    }

    /// Text a spreadsheet would run, one per dangerous first character.
    const FORMULAS: [&str; 6] = [
        "=HYPERLINK(\"http://evil.example\",\"x\")",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ];

    #[test]
    fn every_dangerous_first_character_is_neutralised() {
        for formula in FORMULAS {
            assert_eq!(inert(formula.to_string()), format!("'{formula}"));
        }
        for harmless in ["", "12", "liege", "<5", "2026-Q1", "'=1", " x"] {
            assert_eq!(inert(harmless.to_string()), harmless);
        }
    }

    /// Every text field of the dashboard that reaches a CSV carries a formula: each one must
    /// arrive in its table (so the scan below is not vacuous) and arrive neutralised.
    #[test]
    fn formula_text_in_any_exported_field_arrives_neutralised() {
        use crate::domain::followup::Moment;
        let mut d = example(false);
        let office = &mut d.offices[0];
        office.office = Some(FORMULAS[0].into());
        let share = office.reached_six_months.clone();
        office.supply_by_sector = vec![crate::metrics::SectorSupply {
            mentees: Cell::Count(6),
            mentors: Cell::Count(7),
            sector: FORMULAS[1].into(),
        }];
        office.outcomes = vec![crate::metrics::CohortRow {
            cohort: FORMULAS[2].into(),
            job: share.clone(),
            moment: Moment::default(),
            positive: share.clone(),
            reached: share.clone(),
            recorded: Cell::Count(5),
            stable_job: share.clone(),
            still_searching: share.clone(),
            training_or_internship: share,
        }];
        office.waiting_over_time = vec![crate::metrics::WaitingOnDay {
            date: FORMULAS[3].into(),
            median_days: Some(-4),
            waiting: Cell::Count(9),
        }];
        let expected: [(&str, &[&str]); 6] = [
            ("summary", &[FORMULAS[0]]),
            ("funnel", &[FORMULAS[0]]),
            ("outcomes", &[FORMULAS[0], FORMULAS[2]]),
            ("waiting", &[FORMULAS[0], FORMULAS[3], "-4"]),
            ("supply", &[FORMULAS[0], FORMULAS[1]]),
            ("satisfaction", &[FORMULAS[0]]),
        ];
        assert_eq!(expected.map(|(t, _)| t), TABLES, "every exported table");
        for (table, injected) in expected {
            let rows = table_rows(&d, table).unwrap();
            let cells: Vec<&String> = rows.iter().flatten().collect();
            for text in injected {
                assert!(
                    cells.iter().any(|c| *c == &format!("'{text}")),
                    "{table}: {text:?} did not arrive neutralised in {cells:?}"
                );
            }
            for cell in cells {
                assert!(
                    !matches!(
                        cell.chars().next(),
                        Some('=' | '+' | '-' | '@' | '\t' | '\r')
                    ),
                    "{table}: {cell:?}"
                );
            }
        }
    }

    #[test]
    fn percents_read_as_in_the_json() {
        assert_eq!(percent(Some(75.0)), "75.0");
        assert_eq!(percent(Some(66.7)), "66.7");
        assert_eq!(percent(None), "");
    }
}
