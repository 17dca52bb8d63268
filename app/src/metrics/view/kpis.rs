//! The key figures at the top of the dashboard, each with its definition and its n.
use super::chart::{or_dash, percent, shown};
use crate::i18n::*;
use crate::metrics::{Proportion, ScopeFigures};
use leptos::prelude::*;

/// A key figure with its definition (hover or tap) and its n.
#[component]
fn Kpi(
    id: &'static str,
    label: String,
    value: String,
    detail: Option<String>,
    definition: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let hover = definition.clone();
    view! {
        <article class="kpi" data-kpi=id title=hover>
            <h3>{label}</h3>
            <p class="kpi-value">{value}</p>
            {detail.map(|d| view! { <p class="kpi-detail">{d}</p> })}
            <details class="def">
                <summary aria-label=move || t_string!(i18n, dash.definition)>"?"</summary>
                <p>{definition}</p>
            </details>
        </article>
    }
}

/// The key figures of all the caller's offices together: waiting lists and their age, duos,
/// time to a duo, duos reaching six months and mentors taking another duo.
#[component]
pub(super) fn KeyFigures(total: ScopeFigures) -> impl IntoView {
    let i18n = use_i18n();
    let kpis = move || {
        let locale = i18n.get_locale();
        let share = |p: &Proportion| {
            let (n, of) = (shown(locale, p.n), shown(locale, p.of));
            td_string!(locale, dash.n_of, n = n, of = of).to_string()
        };
        // "median 20 days · longest 40 days".
        let wait = |median: Option<i64>, oldest: Option<i64>| match (median, oldest) {
            (Some(m), Some(o)) => {
                Some(td_string!(locale, dash.wait, median = m, oldest = o).to_string())
            }
            _ => None,
        };
        vec![
            (
                "waiting_mentees",
                td_string!(locale, dash.kpi.waiting_mentees).to_string(),
                shown(locale, total.waiting_mentees),
                wait(total.waiting_median_days, total.waiting_oldest_days),
                td_string!(locale, dash.def.waiting_mentees).to_string(),
            ),
            (
                "available_mentors",
                td_string!(locale, dash.kpi.available_mentors).to_string(),
                shown(locale, total.available_mentors),
                wait(total.available_median_days, total.available_oldest_days),
                td_string!(locale, dash.def.available_mentors).to_string(),
            ),
            (
                "open_duos",
                td_string!(locale, dash.kpi.open_duos).to_string(),
                shown(locale, total.open_duos),
                None,
                td_string!(locale, dash.def.open_duos).to_string(),
            ),
            (
                "active_duos",
                td_string!(locale, dash.kpi.active_duos).to_string(),
                shown(locale, total.active_duos),
                None,
                td_string!(locale, dash.def.active_duos).to_string(),
            ),
            (
                "quiet_duos",
                td_string!(locale, dash.kpi.quiet_duos).to_string(),
                shown(locale, total.quiet_duos),
                None,
                td_string!(locale, dash.def.quiet_duos).to_string(),
            ),
            (
                "days_to_duo",
                td_string!(locale, dash.kpi.days_to_duo).to_string(),
                or_dash(locale, total.days_to_duo.median),
                Some(format!(
                    "p90 {} · n {}",
                    or_dash(locale, total.days_to_duo.p90),
                    shown(locale, total.days_to_duo.n)
                )),
                td_string!(locale, dash.def.days_to_duo).to_string(),
            ),
            (
                "reached_six_months",
                td_string!(locale, dash.kpi.six_months).to_string(),
                percent(locale, &total.reached_six_months),
                Some(share(&total.reached_six_months)),
                td_string!(locale, dash.def.six_months).to_string(),
            ),
            (
                "repeat_mentors",
                td_string!(locale, dash.kpi.repeat).to_string(),
                percent(locale, &total.repeat_mentors),
                Some(share(&total.repeat_mentors)),
                td_string!(locale, dash.def.repeat).to_string(),
            ),
        ]
        .into_iter()
        .map(
            |(id, label, value, detail, def)| view! { <Kpi id label value detail definition=def/> },
        )
        .collect_view()
    };
    view! { <section class="kpis">{kpis}</section> }
}
