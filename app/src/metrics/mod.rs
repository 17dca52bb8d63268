//! Headquarters' dashboard: the programme's figures by office and in total, aggregates only,
//! small cells hidden from headquarters, live as coordinators work.
pub mod api;
#[cfg(test)]
mod contract_tests;
#[cfg(feature = "ssr")]
pub mod server;
pub mod view;

use crate::domain::metrics::{Cell, Figures, Share};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The dashboard of a period: all the caller's offices together, and each office.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub from: String,
    pub to: String,
    /// Whether cells under five people are hidden (headquarters).
    pub suppressed: bool,
    pub total: Figures,
    pub offices: Vec<(String, Figures)>,
    /// Offices the caller may choose from.
    pub choices: Vec<String>,
    /// Whether the caller sets the yearly targets (admins).
    #[serde(default)]
    pub sets_targets: bool,
}

fn share(s: Share, suppress: bool) -> Value {
    let hidden = suppress && s.of < crate::domain::metrics::SMALL_CELL;
    json!({
        "n": Cell::of(s.n, suppress).json(),
        "of": Cell::of(s.of, suppress).json(),
        "percent": if hidden { Value::Null } else { json!(s.percent().map(|p| (p * 10.0).round() / 10.0)) },
    })
}

/// One set of figures as the API and the CSV give them, with every count of fewer than five
/// people shown as `"<5"` when `suppress`.
pub fn figures_json(f: &Figures, suppress: bool) -> Value {
    let cell = |n: u32| Cell::of(n, suppress).json();
    // Ages and medians describe people: hidden with the count they come from.
    let about = |n: u32, v: Option<i64>| {
        if suppress && n < crate::domain::metrics::SMALL_CELL {
            Value::Null
        } else {
            json!(v)
        }
    };
    json!({
        "waiting_mentees": cell(f.waiting_mentees),
        "waiting_median_days": about(f.waiting_mentees, f.waiting_median_days),
        "waiting_oldest_days": about(f.waiting_mentees, f.waiting_oldest_days),
        "available_mentors": cell(f.available_mentors),
        "available_median_days": about(f.available_mentors, f.available_median_days),
        "available_oldest_days": about(f.available_mentors, f.available_oldest_days),
        "open_duos": cell(f.open_duos),
        "active_duos": cell(f.active_duos),
        "quiet_duos": cell(f.quiet_duos),
        "mentee_funnel": f.mentee_funnel.iter().map(|n| cell(*n)).collect::<Vec<_>>(),
        "mentor_funnel": f.mentor_funnel.iter().map(|n| cell(*n)).collect::<Vec<_>>(),
        "days_to_duo": {
            "median": about(f.days_to_duo_n, f.days_to_duo_median),
            "p90": about(f.days_to_duo_n, f.days_to_duo_p90),
            "n": cell(f.days_to_duo_n),
        },
        "reached_six_months": share(f.reached_six_months, suppress),
        "repeat_mentors": share(f.repeat_mentors, suppress),
        "early_ends": f.early_ends.iter().map(|(r, n)| json!({"reason": r, "n": cell(*n)})).collect::<Vec<_>>(),
        "supply_by_sector": f.supply_by_sector.iter().map(|(s, mentors, mentees)| json!({
            "sector": s, "mentors": cell(*mentors), "mentees": cell(*mentees),
        })).collect::<Vec<_>>(),
        "outcomes": f.outcomes.iter().map(|c| json!({
            "cohort": c.cohort,
            "moment": c.moment,
            "recorded": cell(c.recorded),
            "reached": share(Share { n: c.reached, of: c.recorded }, suppress),
            "positive": share(Share { n: c.positive, of: c.reached }, suppress),
            "job": share(Share { n: c.job, of: c.reached }, suppress),
            "stable_job": share(Share { n: c.stable_job, of: c.reached }, suppress),
            "training_or_internship": share(Share { n: c.training_or_internship, of: c.reached }, suppress),
            "still_searching": share(Share { n: c.still_searching, of: c.reached }, suppress),
        })).collect::<Vec<_>>(),
        "waiting_over_time": f.waiting_over_time.iter().map(|p| json!({
            "date": p.date, "waiting": cell(p.waiting), "median_days": about(p.waiting, p.median_days),
        })).collect::<Vec<_>>(),
        "progress": {
            "mentees": cell(f.mentees_this_year),
            "mentee_target": f.mentee_target,
            "mentors": cell(f.mentors_this_year),
            "mentor_target": f.mentor_target,
        },
    })
}

/// The whole dashboard as the API answers it: `{"total": {...}, "offices": [{"office", ...}]}`.
pub fn dashboard_json(d: &Dashboard) -> Value {
    let offices: Vec<Value> = d
        .offices
        .iter()
        .map(|(slug, f)| {
            let mut v = figures_json(f, d.suppressed);
            v["office"] = json!(slug);
            v
        })
        .collect();
    json!({
        "period": {"from": d.from, "to": d.to},
        "all_offices": d.choices,
        "sets_targets": d.sets_targets,
        "suppressed": d.suppressed,
        "total": figures_json(&d.total, d.suppressed),
        "offices": offices,
    })
}

/// The tables of the dashboard that export to CSV.
pub const TABLES: [&str; 5] = ["summary", "funnel", "outcomes", "waiting", "supply"];

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A cell as a spreadsheet may read it: text that a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`.
pub fn inert(cell: String) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell,
    }
}

/// One table of the dashboard as rows of text (header first), small cells already hidden.
pub fn table_rows(d: &Dashboard, table: &str) -> Option<Vec<Vec<String>>> {
    let mut scopes: Vec<(String, Value)> =
        vec![("total".into(), figures_json(&d.total, d.suppressed))];
    scopes.extend(
        d.offices
            .iter()
            .map(|(o, f)| (o.clone(), figures_json(f, d.suppressed))),
    );
    let mut out: Vec<Vec<String>> = Vec::new();
    let row = |cells: Vec<String>| cells.into_iter().map(inert).collect::<Vec<_>>();
    match table {
        "summary" => {
            out.push(
                [
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
                ]
                .map(String::from)
                .to_vec(),
            );
            for (scope, v) in &scopes {
                out.push(row(vec![
                    scope.clone(),
                    text(&v["waiting_mentees"]),
                    text(&v["waiting_median_days"]),
                    text(&v["waiting_oldest_days"]),
                    text(&v["available_mentors"]),
                    text(&v["open_duos"]),
                    text(&v["active_duos"]),
                    text(&v["quiet_duos"]),
                    text(&v["progress"]["mentees"]),
                    text(&v["progress"]["mentee_target"]),
                    text(&v["progress"]["mentors"]),
                    text(&v["progress"]["mentor_target"]),
                ]));
            }
        }
        "funnel" => {
            out.push(
                [
                    "office",
                    "side",
                    "registered",
                    "stage_2",
                    "stage_3",
                    "stage_4",
                    "stage_5",
                ]
                .map(String::from)
                .to_vec(),
            );
            for (scope, v) in &scopes {
                for side in ["mentee_funnel", "mentor_funnel"] {
                    let mut cells =
                        vec![scope.clone(), side.trim_end_matches("_funnel").to_string()];
                    cells.extend(v[side].as_array().into_iter().flatten().map(text));
                    out.push(row(cells));
                }
            }
        }
        "outcomes" => {
            out.push(
                [
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
                ]
                .map(String::from)
                .to_vec(),
            );
            for (scope, v) in &scopes {
                for c in v["outcomes"].as_array().into_iter().flatten() {
                    out.push(row(vec![
                        scope.clone(),
                        text(&c["cohort"]),
                        text(&c["moment"]),
                        text(&c["recorded"]),
                        text(&c["reached"]["percent"]),
                        text(&c["positive"]["percent"]),
                        text(&c["job"]["percent"]),
                        text(&c["stable_job"]["percent"]),
                        text(&c["training_or_internship"]["percent"]),
                        text(&c["still_searching"]["percent"]),
                    ]));
                }
            }
        }
        "waiting" => {
            out.push(
                ["office", "date", "waiting", "median_days"]
                    .map(String::from)
                    .to_vec(),
            );
            for (scope, v) in &scopes {
                for p in v["waiting_over_time"].as_array().into_iter().flatten() {
                    out.push(row(vec![
                        scope.clone(),
                        text(&p["date"]),
                        text(&p["waiting"]),
                        text(&p["median_days"]),
                    ]));
                }
            }
        }
        "supply" => {
            out.push(
                ["office", "sector", "available_mentors", "waiting_mentees"]
                    .map(String::from)
                    .to_vec(),
            );
            for (scope, v) in &scopes {
                for s in v["supply_by_sector"].as_array().into_iter().flatten() {
                    out.push(row(vec![
                        scope.clone(),
                        text(&s["sector"]),
                        text(&s["mentors"]),
                        text(&s["mentees"]),
                    ]));
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dashboard(suppressed: bool) -> Dashboard {
        let small = Figures {
            waiting_mentees: 3,
            waiting_median_days: Some(12),
            active_duos: 7,
            ..Figures::default()
        };
        Dashboard {
            from: "2026-01-01".into(),
            to: "2026-11-29".into(),
            suppressed,
            total: small.clone(),
            offices: vec![("liege".into(), small)],
            choices: vec!["liege".into()],
            sets_targets: false,
        }
    }

    #[test]
    fn headquarters_never_see_fewer_than_five_people() {
        let v = dashboard_json(&dashboard(true));
        assert_eq!(v["total"]["waiting_mentees"], "<5");
        assert_eq!(
            v["total"]["waiting_median_days"],
            Value::Null,
            "an age would tell about the few"
        );
        assert_eq!(v["total"]["active_duos"], 7);
        assert_eq!(v["offices"][0]["office"], "liege");
        assert_eq!(v["offices"][0]["open_duos"], "<5");
        let exact = dashboard_json(&dashboard(false));
        assert_eq!(exact["total"]["waiting_mentees"], 3);
        assert_eq!(exact["total"]["waiting_median_days"], 12);
    }

    #[test]
    fn exported_tables_keep_the_suppression_and_are_inert() {
        let rows = table_rows(&dashboard(true), "summary").unwrap();
        assert_eq!(rows[0][0], "office");
        assert_eq!(rows[1][0], "total");
        assert_eq!(rows[1][1], "<5");
        assert_eq!(rows[1][6], "7");
        assert!(table_rows(&dashboard(true), "names").is_none());
        for t in TABLES {
            assert!(table_rows(&dashboard(true), t).is_some(), "{t}");
        }
        assert_eq!(inert("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("-1".into()), "'-1");
        assert_eq!(inert("12".into()), "12");
    }
}
