//! Where the people are: office by office, and mentors against mentees per sector.
use super::chart::{bars, drawn, shown, simple_table, Bar, Chart};
use crate::i18n::*;
use crate::metrics::{ScopeFigures, SectorSupply};
use crate::texts::office_name;
use leptos::prelude::*;

/// Each office's waiting mentees and active duos side by side, and its key counts as a table.
#[component]
pub(super) fn OfficeComparison(offices: Vec<ScopeFigures>, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let name = |o: &ScopeFigures| office_name(locale, o.office.as_deref().unwrap_or_default());
        let waiting: Vec<Bar> = offices
            .iter()
            .map(|o| {
                (
                    name(o),
                    drawn(o.waiting_mentees),
                    shown(locale, o.waiting_mentees),
                )
            })
            .collect();
        let active: Vec<Bar> = offices
            .iter()
            .map(|o| (name(o), drawn(o.active_duos), shown(locale, o.active_duos)))
            .collect();
        let max = waiting
            .iter()
            .chain(active.iter())
            .filter_map(|r| r.1)
            .fold(0.0, f64::max);
        let picture = view! {
            <div class="two">
                <div><h3>{td_string!(locale, dash.kpi.waiting_mentees)}</h3>{bars(&waiting, max, "#f4b860")}</div>
                <div><h3>{td_string!(locale, dash.kpi.active_duos)}</h3>{bars(&active, max, "#22654a")}</div>
            </div>
        }.into_any();
        let rows = offices
            .iter()
            .map(|o| {
                vec![
                    name(o),
                    shown(locale, o.waiting_mentees),
                    shown(locale, o.available_mentors),
                    shown(locale, o.open_duos),
                    shown(locale, o.active_duos),
                    shown(locale, o.quiet_duos),
                ]
            })
            .collect();
        let head = vec![
            td_string!(locale, dash.office).into(),
            td_string!(locale, dash.kpi.waiting_mentees).into(),
            td_string!(locale, dash.kpi.available_mentors).into(),
            td_string!(locale, dash.kpi.open_duos).into(),
            td_string!(locale, dash.kpi.active_duos).into(),
            td_string!(locale, dash.kpi.quiet_duos).into(),
        ];
        view! { <Chart title=td_string!(locale, dash.offices).to_string() csv=Some(csv.clone()) picture table=simple_table(head, rows)/> }
    }
}

/// Per sector, available mentors for each waiting mentee seeking it.
#[component]
pub(super) fn Supply(sectors: Vec<SectorSupply>, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let rows: Vec<Bar> = sectors
            .iter()
            .map(|s| {
                let label = format!(
                    "{} {}",
                    s.sector,
                    crate::texts::sector_name(locale, &s.sector)
                );
                let ratio = match (drawn(s.mentors), drawn(s.mentees)) {
                    (Some(m), Some(w)) if w > 0.0 => Some(m / w),
                    _ => None,
                };
                let caption = format!(
                    "{} / {}",
                    shown(locale, s.mentors),
                    shown(locale, s.mentees)
                );
                (label, ratio, caption)
            })
            .collect();
        let max = rows.iter().filter_map(|r| r.1).fold(1.0, f64::max);
        let picture = if rows.is_empty() {
            view! { <p class="muted">{td_string!(locale, dash.none)}</p> }.into_any()
        } else {
            view! { <div>{bars(&rows, max, "#1d4e5f")}<p class="hint">{td_string!(locale, dash.supply_hint)}</p></div> }.into_any()
        };
        let table = simple_table(
            vec![
                td_string!(locale, dash.sector).into(),
                td_string!(locale, dash.mentors).into(),
                td_string!(locale, dash.mentees).into(),
            ],
            sectors
                .iter()
                .map(|s| {
                    vec![
                        s.sector.clone(),
                        shown(locale, s.mentors),
                        shown(locale, s.mentees),
                    ]
                })
                .collect(),
        );
        view! { <Chart title=td_string!(locale, dash.supply).to_string() csv=Some(csv.clone()) picture table/> }
    }
}
