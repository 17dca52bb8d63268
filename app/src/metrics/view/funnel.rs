//! The charts of people moving through the programme: the funnels, progress to this year's
//! targets and the waiting list over time.
use super::chart::{bars, drawn, or_dash, shown, simple_table, Bar, Chart};
use crate::domain::metrics::Cell;
use crate::i18n::*;
use crate::metrics::{WaitingOnDay, YearProgress};
use crate::texts::date_text;
use leptos::prelude::*;

/// One funnel as bars: each stage's count and its share of the first stage.
fn funnel_bars(locale: Locale, stages: &[Cell; 5], labels: [&str; 5]) -> Vec<Bar> {
    let first = drawn(stages[0]);
    labels
        .iter()
        .zip(stages.iter())
        .map(|(l, c)| {
            let rate = match (drawn(*c), first) {
                (Some(v), Some(f)) if f > 0.0 => {
                    format!(
                        " ({})",
                        crate::texts::percent_text(locale, 100.0 * v / f, 0)
                    )
                }
                _ => String::new(),
            };
            (
                l.to_string(),
                drawn(*c),
                format!("{}{rate}", shown(locale, *c)),
            )
        })
        .collect()
}

/// Mentees and mentors registered in the period, stage by stage.
#[component]
pub(super) fn Funnel(mentees: [Cell; 5], mentors: [Cell; 5], csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let mentee_labels = [
            td_string!(locale, dash.mentee_stages.s0),
            td_string!(locale, dash.mentee_stages.s1),
            td_string!(locale, dash.mentee_stages.s2),
            td_string!(locale, dash.mentee_stages.s3),
            td_string!(locale, dash.mentee_stages.s4),
        ];
        let mentor_labels = [
            td_string!(locale, dash.mentor_stages.s0),
            td_string!(locale, dash.mentor_stages.s1),
            td_string!(locale, dash.mentor_stages.s2),
            td_string!(locale, dash.mentor_stages.s3),
            td_string!(locale, dash.mentor_stages.s4),
        ];
        let mentees = funnel_bars(locale, &mentees, mentee_labels);
        let mentors = funnel_bars(locale, &mentors, mentor_labels);
        let max = mentees
            .iter()
            .chain(mentors.iter())
            .filter_map(|r| r.1)
            .fold(0.0, f64::max);
        let picture = view! {
            <div class="two">
                <div><h3>{td_string!(locale, dash.mentees)}</h3>{bars(&mentees, max, "#f4b860")}</div>
                <div><h3>{td_string!(locale, dash.mentors)}</h3>{bars(&mentors, max, "#1d4e5f")}</div>
            </div>
        }.into_any();
        let rows = mentees
            .iter()
            .zip(mentors.iter())
            .map(|(a, b)| vec![a.0.clone(), a.2.clone(), b.0.clone(), b.2.clone()])
            .collect();
        let table = simple_table(
            vec![
                td_string!(locale, dash.mentees).into(),
                "n".into(),
                td_string!(locale, dash.mentors).into(),
                "n".into(),
            ],
            rows,
        );
        view! { <Chart title=td_string!(locale, dash.funnel).to_string() csv=Some(csv.clone()) picture table/> }
    }
}

/// The height of one row of the targets chart: a bar and its caption below it.
const ROW: f64 = 44.0;

/// Mentees and mentors registered this year against the yearly targets.
#[component]
pub(super) fn Progress(progress: YearProgress, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let row = |label: String, done: Cell, target: Option<u32>| {
            let caption = match target {
                Some(t) => format!("{} / {t}", shown(locale, done)),
                None => format!(
                    "{} ({})",
                    shown(locale, done),
                    td_string!(locale, dash.no_target)
                ),
            };
            (label, drawn(done), caption, target.map(f64::from))
        };
        let rows = [
            row(
                td_string!(locale, dash.mentees).into(),
                progress.mentees,
                progress.mentee_target,
            ),
            row(
                td_string!(locale, dash.mentors).into(),
                progress.mentors,
                progress.mentor_target,
            ),
        ];
        let picture = view! {
            // Each row: its bar, then its caption below it (a row is tall enough for both).
            <svg class="bars" viewBox=format!("0 0 400 {}", rows.len() as f64 * ROW + 4.0) role="img" aria-hidden="true" preserveAspectRatio="xMinYMin meet">
                {rows.iter().enumerate().map(|(i, (label, done, caption, target))| {
                    let y = i as f64 * ROW + 2.0;
                    let goal = target.unwrap_or(done.unwrap_or(0.0)).max(1.0);
                    let w = done.map(|d| (220.0 * d / goal).min(220.0)).unwrap_or(0.0);
                    view! {
                        <g>
                            <text x="0" y=y + 17.0 class="bar-label">{label.clone()}</text>
                            <rect x="140" y=y + 4.0 width="220" height="16" rx="3" class="track"/>
                            <rect x="140" y=y + 4.0 width=w height="16" rx="3" fill="#22654a"/>
                            <text x="140" y=y + 36.0 class="bar-value small">{caption.clone()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
        }
        .into_any();
        let table = simple_table(
            vec![
                td_string!(locale, dash.office).into(),
                td_string!(locale, dash.done_of_target).into(),
            ],
            rows.iter()
                .map(|r| vec![r.0.clone(), r.2.clone()])
                .collect(),
        );
        view! { <Chart title=td_string!(locale, dash.progress).to_string() csv=Some(csv.clone()) picture table/> }
    }
}

/// The waiting list over the period: how many waited (solid) and their median wait (dashed).
#[component]
pub(super) fn WaitingOverTime(points: Vec<WaitingOnDay>, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let max = points
            .iter()
            .filter_map(|p| drawn(p.waiting))
            .fold(1.0, f64::max);
        let n = points.len().max(2) as f64 - 1.0;
        let xy = |i: usize, v: f64| (30.0 + 340.0 * i as f64 / n, 130.0 - 110.0 * v / max);
        let line: String = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| drawn(p.waiting).map(|v| xy(i, v)))
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ");
        let age = |p: &WaitingOnDay| p.median_days.map(|d| d as f64);
        let max_age = points.iter().filter_map(age).fold(1.0, f64::max);
        let age_line: String = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                age(p).map(|v| (30.0 + 340.0 * i as f64 / n, 130.0 - 110.0 * v / max_age))
            })
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ");
        let picture = view! {
            <svg class="line" viewBox="0 0 400 160" role="img" aria-hidden="true">
                <line x1="30" x2="370" y1="130" y2="130" class="track-line"/>
                <text x="0" y="24" class="axis">{format!("{max:.0}")}</text>
                <text x="372" y="24" class="axis">{format!("{max_age:.0} d")}</text>
                <polyline points=age_line fill="none" stroke="#c58a16" stroke-width="2" stroke-dasharray="5 3"/>
                <polyline points=line fill="none" stroke="#1d4e5f" stroke-width="2.5"/>
                {points.first().map(|p| view! { <text x="30" y="150" class="axis">{date_text(locale, &p.date)}</text> })}
                {points.last().map(|p| view! { <text x="300" y="150" class="axis">{date_text(locale, &p.date)}</text> })}
            </svg>
        }.into_any();
        let rows = points
            .iter()
            .map(|p| {
                vec![
                    date_text(locale, &p.date),
                    shown(locale, p.waiting),
                    or_dash(locale, p.median_days),
                ]
            })
            .collect();
        let head = vec![
            td_string!(locale, dash.date).into(),
            td_string!(locale, dash.waiting_count).into(),
            td_string!(locale, dash.median_wait).into(),
        ];
        view! { <Chart title=td_string!(locale, dash.waiting_over_time).to_string() csv=Some(csv.clone()) picture table=simple_table(head, rows)/> }
    }
}
