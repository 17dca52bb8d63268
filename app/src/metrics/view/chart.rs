//! What every chart of the dashboard shares: its frame (title, picture, table, CSV link), bars,
//! plain tables, and how a count or a percent reads on the page.
use crate::domain::metrics::Cell;
use crate::i18n::*;
use crate::metrics::Proportion;
use crate::texts::{number_text, percent_text};
use leptos::prelude::*;

/// A count as shown in the reader's language: the number (`1 234`, `1.234`, `1,234`), or "< 5".
pub(super) fn shown(locale: Locale, c: Cell) -> String {
    match c {
        Cell::Count(n) => number_text(locale, i64::from(n)),
        Cell::Small => "< 5".into(),
    }
}

/// A number to draw, if the cell may be drawn.
pub(super) fn drawn(c: Cell) -> Option<f64> {
    c.count().map(f64::from)
}

/// A value that may be unknown or hidden, as shown: the number, or "–".
pub(super) fn or_dash(locale: Locale, v: Option<i64>) -> String {
    v.map(|v| number_text(locale, v))
        .unwrap_or_else(|| "–".into())
}

/// A share's percent as shown, rounded, in the reader's language ("67 %", "67%"), or "–".
pub(super) fn percent(locale: Locale, p: &Proportion) -> String {
    p.percent
        .map(|p| percent_text(locale, p, 0))
        .unwrap_or_else(|| "–".into())
}

/// One bar of [`bars`]: its label, the value drawn (none when hidden) and the text beside it.
pub(super) type Bar = (String, Option<f64>, String);

/// A chart's frame: title, the picture, the same numbers as a table, and the CSV.
#[component]
pub(super) fn Chart(
    title: String,
    csv: Option<String>,
    picture: AnyView,
    table: AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="panel chart">
            <h2>{title}</h2>
            {picture}
            <details>
                <summary>{t!(i18n, dash.table)}</summary>
                {table}
            </details>
            {csv.map(|href| view! { <a class="csv" href=href download="">{t!(i18n, dash.csv)}</a> })}
        </section>
    }
}

/// Horizontal bars, one per row, scaled to the largest; suppressed rows are drawn hatched.
pub(super) fn bars(rows: &[Bar], max: f64, color: &'static str) -> AnyView {
    let h = 26.0;
    let height = rows.len() as f64 * h + 4.0;
    view! {
        <svg class="bars" viewBox=format!("0 0 400 {height}") role="img" aria-hidden="true" preserveAspectRatio="xMinYMin meet">
            {rows.iter().enumerate().map(|(i, (label, value, shown))| {
                let y = i as f64 * h + 2.0;
                let w = value.map(|v| if max > 0.0 { 125.0 * v / max } else { 0.0 }).unwrap_or(0.0);
                view! {
                    <g>
                        <text x="0" y=y + 17.0 class="bar-label"><title>{label.clone()}</title>{fitted(label)}</text>
                        <rect x="180" y=y + 4.0 width=w.max(if value.is_some() { 1.0 } else { 0.0 }) height="16" rx="3" fill=color/>
                        {value.is_none().then(|| view! { <rect x="180" y=y + 4.0 width="24" height="16" rx="3" class="hatched"/> })}
                        <text x=186.0 + w.max(24.0) y=y + 17.0 class="bar-value">{shown.clone()}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}

/// The room a label has before its bar, in characters of the labels' type.
const LABEL_ROOM: usize = 28;

/// A label that fits before its bar: longer ones are cut with an ellipsis (the whole label is in
/// its tooltip and in the chart's table).
fn fitted(label: &str) -> String {
    if label.chars().count() <= LABEL_ROOM {
        return label.to_string();
    }
    let kept: String = label.chars().take(LABEL_ROOM - 1).collect();
    format!("{}…", kept.trim_end())
}

/// A plain table: a header row, then the rows.
pub(super) fn simple_table(head: Vec<String>, rows: Vec<Vec<String>>) -> AnyView {
    view! {
        <table class="data">
            <thead><tr>{head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! { <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_label_is_cut_with_an_ellipsis_and_a_short_one_kept() {
        assert_eq!(fitted("Brussels"), "Brussels");
        let long = "J Information and communication";
        let cut = fitted(long);
        assert_eq!(cut, "J Information and communica…");
        assert_eq!(cut.chars().count(), LABEL_ROOM);
        assert_eq!(
            fitted("M Professional, scientific and technical"),
            "M Professional, scientific…"
        );
        // Counted in characters, never cut inside one.
        assert_eq!(fitted(&"é".repeat(40)).chars().count(), LABEL_ROOM);
    }
}
