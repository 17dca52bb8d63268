//! The dashboard: key figures with their definitions and n, and SVG charts (funnel, waiting list
//! over time, outcomes by cohort against the programme's published figures, progress to target,
//! office by office), each with the same numbers as a table and as CSV. Reads only what the server
//! already aggregated (and, for headquarters, suppressed); refreshes itself on live events.
mod chart;
mod funnel;
mod kpis;
mod offices;
mod outcomes;
mod satisfaction;
mod targets;

use crate::error::AppError;
use crate::i18n::*;
use crate::metrics::api::fetch_dashboard;
use crate::metrics::Dashboard;
use crate::texts::{error_message, office_name};
use funnel::{Funnel, Progress, WaitingOverTime};
use kpis::KeyFigures;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};
use offices::{OfficeComparison, Supply};
use outcomes::{EarlyEnds, Outcomes};
use satisfaction::Satisfaction;
use targets::{TargetDrafts, TargetsForm};

/// Route `/dashboard?office=&from=&to=`.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (q.get("office"), q.get("from"), q.get("to"))
    };
    let data = crate::ui::load(params, |(o, f, t)| fetch_dashboard(o, f, t));
    // Targets being typed outlive the live refreshes that redraw the page.
    provide_context(TargetDrafts(RwSignal::new(Default::default())));
    #[cfg(feature = "hydrate")]
    {
        // Every committed change may move a figure.
        let connection = crate::live::client::refetch_on_changes(
            move || data.refetch(),
            std::time::Duration::from_millis(250),
        );
        let _connection = StoredValue::new_local(connection);
    }
    view! {
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DashboardView d/> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! {
                        <section class="welcome" role="alert"><p>{move || error_message(i18n.get_locale(), &e)}</p></section>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// The query string of the dashboard with one filter changed (an empty value keeps the current).
fn filter_query(from: &str, to: &str, chosen: &str) -> impl Fn(&str, &str, &str) -> String + Clone {
    let (from, to, chosen) = (from.to_string(), to.to_string(), chosen.to_string());
    move |office: &str, f: &str, t: &str| {
        let or = |value: &str, current: &str| {
            if value.is_empty() {
                current.to_string()
            } else {
                value.to_string()
            }
        };
        format!(
            "office={}&from={}&to={}",
            or(office, &chosen),
            or(f, &from),
            or(t, &to)
        )
    }
}

/// The whole dashboard of one answer: filters, key figures, charts and, for admins, targets.
#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let Dashboard {
        all_offices,
        offices,
        period,
        sets_targets,
        suppressed,
        total,
    } = d;
    let chosen = match offices.as_slice() {
        [only] => only.office.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let query_of = filter_query(&period.from, &period.to, &chosen);
    let csv = {
        let q = query_of("", "", "");
        move |table: &str| format!("/api/v1/metrics/{table}.csv?{q}")
    };
    let go = move |q: String| navigate(&format!("/dashboard?{q}"), Default::default());
    let (go1, go2, go3) = (go.clone(), go.clone(), go);
    let (q1, q2, q3) = (query_of.clone(), query_of.clone(), query_of);
    view! {
        <div class="dashboard">
            <div class="board-title">
                <h1>{t!(i18n, dash.title)}</h1>
                <span class="live on">{t!(i18n, dash.live)}</span>
            </div>
            <div class="filters">
                <select class="code-select" aria-label=move || t_string!(i18n, dash.office) on:change=move |ev| go1(q1(&event_target_value(&ev), "", ""))>
                    <option value="" selected=chosen.is_empty()>{t!(i18n, dash.all_offices)}</option>
                    {all_offices.iter().map(|o| {
                        let code = o.clone();
                        view! { <option value=o.clone() selected=*o == chosen>{move || office_name(i18n.get_locale(), &code)}</option> }
                    }).collect_view()}
                </select>
                <label class="field inline"><span>{t!(i18n, dash.from)}</span>
                    <input type="date" value=period.from.clone() on:change=move |ev| go2(q2("", &event_target_value(&ev), ""))/>
                </label>
                <label class="field inline"><span>{t!(i18n, dash.to)}</span>
                    <input type="date" value=period.to.clone() on:change=move |ev| go3(q3("", "", &event_target_value(&ev)))/>
                </label>
            </div>
            <Show when=move || suppressed>
                <p class="hint">{t!(i18n, dash.suppressed)}</p>
            </Show>
            <KeyFigures total=total.clone()/>
            <div class="charts">
                <Funnel mentees=total.mentee_funnel mentors=total.mentor_funnel csv=csv("funnel")/>
                <Progress progress=total.progress.clone() csv=csv("summary")/>
                <Outcomes cohorts=total.outcomes.clone() csv=csv("outcomes")/>
                <WaitingOverTime points=total.waiting_over_time.clone() csv=csv("waiting")/>
                <OfficeComparison offices=offices.clone() csv=csv("summary")/>
                <EarlyEnds ends=total.early_ends.clone()/>
                <Supply sectors=total.supply_by_sector.clone() csv=csv("supply")/>
                <Satisfaction figures=total.satisfaction.clone() csv=csv("satisfaction") suppressed/>
            </div>
            <Show when=move || sets_targets>
                <TargetsForm offices=offices.clone()/>
            </Show>
        </div>
    }
}
