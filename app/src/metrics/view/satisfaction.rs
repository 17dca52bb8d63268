//! How the duos went, in their people's words: mentees and mentors satisfied with their duo
//! (rated 4 or 5 of 5) and mentees still in touch with their mentor at 6 and 12 months, each
//! with its n. Hidden shares are drawn hatched, never as zero.
use super::chart::{bars, percent, shown, simple_table, Bar, Chart};
use crate::domain::metrics::Cell;
use crate::i18n::*;
use crate::metrics::{Proportion, SatisfactionFigures};
use leptos::prelude::*;

#[component]
pub(super) fn Satisfaction(
    figures: SatisfactionFigures,
    csv: String,
    suppressed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let f = &figures;
        let lines: [(String, &Proportion); 4] = [
            (
                td_string!(locale, dash.sat.mentees).to_string(),
                &f.mentees_satisfied,
            ),
            (
                td_string!(locale, dash.sat.mentors).to_string(),
                &f.mentors_satisfied,
            ),
            (
                td_string!(locale, dash.sat.in_touch_6).to_string(),
                &f.in_touch_six_months,
            ),
            (
                td_string!(locale, dash.sat.in_touch_12).to_string(),
                &f.in_touch_twelve_months,
            ),
        ];
        let rows: Vec<Bar> = lines
            .iter()
            .map(|(label, p)| {
                let text = format!("{} ({})", percent(locale, p), shown(locale, p.of));
                // Hatched when hidden; an empty bar only when nobody answered.
                let hidden = p.n == Cell::Small || p.of == Cell::Small;
                (
                    label.clone(),
                    (!hidden).then(|| p.percent.unwrap_or(0.0)),
                    text,
                )
            })
            .collect();
        let nothing = lines.iter().all(|(_, p)| p.of == Cell::Count(0));
        let picture = if nothing {
            view! { <p class="muted">{td_string!(locale, dash.none)}</p> }.into_any()
        } else {
            view! {
                {bars(&rows, 100.0, "#22654a")}
                <p class="hint">{td_string!(locale, dash.def.satisfaction)}</p>
                {suppressed.then(|| view! { <p class="hint">{td_string!(locale, dash.sat.by_month)}</p> })}
            }
            .into_any()
        };
        let table = simple_table(
            vec![
                "".into(),
                td_string!(locale, dash.sat.answered).into(),
                "n".into(),
                td_string!(locale, dash.sat.share).into(),
            ],
            lines
                .iter()
                .map(|(label, p)| {
                    vec![
                        label.clone(),
                        shown(locale, p.of),
                        shown(locale, p.n),
                        percent(locale, p),
                    ]
                })
                .collect(),
        );
        view! {
            <div data-chart="satisfaction">
                <Chart title=td_string!(locale, dash.sat.title).to_string() csv=Some(csv.clone()) picture table/>
            </div>
        }
    }
}
