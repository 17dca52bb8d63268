//! How duos end: outcomes by cohort against the programme's published figures, and the duos
//! that ended early by reason.
use super::chart::{bars, drawn, percent, shown, simple_table, Bar, Chart};
use crate::domain::metrics::Cell;
use crate::i18n::*;
use crate::metrics::{CohortRow, EarlyEnd, Proportion};
use leptos::prelude::*;

/// A share in a table cell: "67 % (12)".
fn share_cell(locale: Locale, p: &Proportion) -> String {
    format!("{} ({})", percent(locale, p), shown(locale, p.n))
}

/// Outcomes by cohort and moment: columns for positive, job and training or internship, against
/// the programme's published 74 %, 55 % and 19 %.
#[component]
pub(super) fn Outcomes(cohorts: Vec<CohortRow>, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        // Columns per cohort and moment: positive, job, training/internship, against 74/55/19.
        let w = 60.0;
        let width = (cohorts.len() as f64 * w).max(240.0) + 40.0;
        let y = |p: f64| 150.0 - 1.3 * p;
        let picture = if cohorts.is_empty() {
            view! { <p class="muted">{td_string!(locale, dash.none)}</p> }.into_any()
        } else {
            view! {
                <svg class="columns" viewBox=format!("0 0 {width} 190") role="img" aria-hidden="true">
                    {[(74.0, "#22654a"), (55.0, "#1d4e5f"), (19.0, "#c58a16")].into_iter().map(|(p, c)| view! {
                        <line x1="30" x2=width y1=y(p) y2=y(p) stroke=c stroke-dasharray="4 3"/>
                        <text x="0" y=y(p) + 4.0 class="axis">{crate::texts::percent_text(locale, p, 0)}</text>
                    }).collect_view()}
                    {cohorts.iter().enumerate().map(|(i, c)| {
                        let x = 36.0 + i as f64 * w;
                        // A hidden share is drawn hatched, not as an empty bar that would read 0 %.
                        let bar = |k: usize, share: &Proportion, color: &'static str| {
                            let h = share.percent.map(|p| 1.3 * p).unwrap_or(0.0);
                            let hidden = share.n == Cell::Small || share.of == Cell::Small;
                            view! {
                                <rect x=x + k as f64 * 16.0 y=150.0 - h width="14" height=h fill=color/>
                                {hidden.then(|| view! { <rect x=x + k as f64 * 16.0 y="134" width="14" height="16" class="hatched"/> })}
                            }
                        };
                        view! {
                            <g>
                                {bar(0, &c.positive, "#22654a")}
                                {bar(1, &c.job, "#1d4e5f")}
                                {bar(2, &c.training_or_internship, "#c58a16")}
                                <text x=x y="168" class="axis">{c.cohort.clone()}</text>
                                <text x=x y="182" class="axis">{c.moment.as_str()}</text>
                            </g>
                        }
                    }).collect_view()}
                </svg>
                <p class="hint">{td_string!(locale, dash.published)}</p>
                <p class="hint">{td_string!(locale, dash.def.positive)}</p>
            }.into_any()
        };
        let rows = cohorts
            .iter()
            .map(|c| {
                vec![
                    c.cohort.clone(),
                    c.moment.as_str().to_string(),
                    shown(locale, c.recorded),
                    share_cell(locale, &c.reached),
                    share_cell(locale, &c.positive),
                    share_cell(locale, &c.job),
                    share_cell(locale, &c.stable_job),
                    share_cell(locale, &c.training_or_internship),
                    share_cell(locale, &c.still_searching),
                ]
            })
            .collect();
        let head = vec![
            td_string!(locale, dash.cohort).into(),
            td_string!(locale, dash.moment).into(),
            td_string!(locale, dash.recorded).into(),
            td_string!(locale, dash.reached).into(),
            td_string!(locale, dash.positive).into(),
            td_string!(locale, dash.job).into(),
            td_string!(locale, dash.stable_job).into(),
            td_string!(locale, dash.training).into(),
            td_string!(locale, dash.searching).into(),
        ];
        view! { <Chart title=td_string!(locale, dash.outcomes).to_string() csv=Some(csv.clone()) picture table=simple_table(head, rows)/> }
    }
}

/// Duos ended early in the period, by reason.
#[component]
pub(super) fn EarlyEnds(ends: Vec<EarlyEnd>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let rows: Vec<Bar> = ends
            .iter()
            .map(|e| {
                (
                    crate::duos::view::end_reason_name(locale, &e.reason),
                    drawn(e.n),
                    shown(locale, e.n),
                )
            })
            .collect();
        let max = rows.iter().filter_map(|r| r.1).fold(0.0, f64::max);
        let picture = if rows.is_empty() {
            view! { <p class="muted">{td_string!(locale, dash.none)}</p> }.into_any()
        } else {
            bars(&rows, max, "#a23826")
        };
        let table = simple_table(
            vec!["".into(), "n".into()],
            rows.iter()
                .map(|r| vec![r.0.clone(), r.2.clone()])
                .collect(),
        );
        view! { <Chart title=td_string!(locale, dash.early_ends).to_string() csv=None picture table/> }
    }
}
