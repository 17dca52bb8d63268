//! The dashboard: key figures with their definitions and n, and SVG charts (funnel, waiting list
//! over time, outcomes by cohort against the programme's published figures, progress to target,
//! office by office), each with the same numbers as a table and as CSV. Reads only what the server
//! already aggregated (and, for headquarters, suppressed); refreshes itself on live events.
use crate::error::AppError;
use crate::i18n::*;
use crate::metrics::api::load_dashboard;
use crate::texts::{date_text, error_message, office_name};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;

/// A count as shown: the number, or "< 5".
fn cell(v: &Value) -> String {
    match v {
        Value::String(s) if s == "<5" => "< 5".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => "–".into(),
    }
}

/// A number to draw, if the cell may be drawn.
fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn percent(v: &Value) -> String {
    v["percent"]
        .as_f64()
        .map(|p| format!("{p:.0} %"))
        .unwrap_or_else(|| "–".into())
}

/// Route `/dashboard?office=&from=&to=`.
#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        (q.get("office"), q.get("from"), q.get("to"))
    };
    let data = Resource::new(params, |(o, f, t)| load_dashboard(o, f, t));
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

#[component]
fn DashboardView(d: Value) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let total = d["total"].clone();
    let offices: Vec<Value> = d["offices"].as_array().cloned().unwrap_or_default();
    let (from, to) = (
        d["period"]["from"].as_str().unwrap_or_default().to_string(),
        d["period"]["to"].as_str().unwrap_or_default().to_string(),
    );
    let suppressed = d["suppressed"].as_bool().unwrap_or(false);
    let chosen = if offices.len() == 1 {
        offices[0]["office"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    } else {
        String::new()
    };
    let query_of = {
        let (from, to, chosen) = (from.clone(), to.clone(), chosen.clone());
        move |office: &str, f: &str, t: &str| {
            let office = if office.is_empty() {
                chosen.clone()
            } else {
                office.to_string()
            };
            let f = if f.is_empty() {
                from.clone()
            } else {
                f.to_string()
            };
            let t = if t.is_empty() {
                to.clone()
            } else {
                t.to_string()
            };
            format!("office={office}&from={f}&to={t}")
        }
    };
    let csv = {
        let q = query_of("", "", "");
        move |table: &str| format!("/api/v1/metrics/{table}.csv?{q}")
    };
    let go = {
        let navigate = navigate.clone();
        move |q: String| navigate(&format!("/dashboard?{q}"), Default::default())
    };
    let office_list: Vec<String> = d["all_offices"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let t = total.clone();
    let kpis = move || {
        let locale = i18n.get_locale();
        let share = |v: &Value| {
            let (n, of) = (cell(&v["n"]), cell(&v["of"]));
            td_string!(locale, dash.n_of, n = n, of = of).to_string()
        };
        // "median 20 days · longest 40 days".
        let wait = |median: &Value, oldest: &Value| match (median.as_i64(), oldest.as_i64()) {
            (Some(m), Some(o)) => {
                Some(td_string!(locale, dash.wait, median = m, oldest = o).to_string())
            }
            _ => None,
        };
        vec![
            (
                "waiting_mentees",
                td_string!(locale, dash.kpi.waiting_mentees).to_string(),
                cell(&t["waiting_mentees"]),
                wait(&t["waiting_median_days"], &t["waiting_oldest_days"]),
                td_string!(locale, dash.def.waiting_mentees).to_string(),
            ),
            (
                "available_mentors",
                td_string!(locale, dash.kpi.available_mentors).to_string(),
                cell(&t["available_mentors"]),
                wait(&t["available_median_days"], &t["available_oldest_days"]),
                td_string!(locale, dash.def.available_mentors).to_string(),
            ),
            (
                "open_duos",
                td_string!(locale, dash.kpi.open_duos).to_string(),
                cell(&t["open_duos"]),
                None,
                td_string!(locale, dash.def.open_duos).to_string(),
            ),
            (
                "active_duos",
                td_string!(locale, dash.kpi.active_duos).to_string(),
                cell(&t["active_duos"]),
                None,
                td_string!(locale, dash.def.active_duos).to_string(),
            ),
            (
                "quiet_duos",
                td_string!(locale, dash.kpi.quiet_duos).to_string(),
                cell(&t["quiet_duos"]),
                None,
                td_string!(locale, dash.def.quiet_duos).to_string(),
            ),
            (
                "days_to_duo",
                td_string!(locale, dash.kpi.days_to_duo).to_string(),
                t["days_to_duo"]["median"]
                    .as_i64()
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "–".into()),
                Some(format!(
                    "p90 {} · n {}",
                    t["days_to_duo"]["p90"]
                        .as_i64()
                        .map(|m| m.to_string())
                        .unwrap_or_else(|| "–".into()),
                    cell(&t["days_to_duo"]["n"])
                )),
                td_string!(locale, dash.def.days_to_duo).to_string(),
            ),
            (
                "reached_six_months",
                td_string!(locale, dash.kpi.six_months).to_string(),
                percent(&t["reached_six_months"]),
                Some(share(&t["reached_six_months"])),
                td_string!(locale, dash.def.six_months).to_string(),
            ),
            (
                "repeat_mentors",
                td_string!(locale, dash.kpi.repeat).to_string(),
                percent(&t["repeat_mentors"]),
                Some(share(&t["repeat_mentors"])),
                td_string!(locale, dash.def.repeat).to_string(),
            ),
        ]
        .into_iter()
        .map(
            |(id, label, value, detail, def)| view! { <Kpi id label value detail definition=def/> },
        )
        .collect_view()
    };
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
                    {office_list.iter().map(|o| {
                        let code = o.clone();
                        view! { <option value=o.clone() selected=*o == chosen>{move || office_name(i18n.get_locale(), &code)}</option> }
                    }).collect_view()}
                </select>
                <label class="field inline"><span>{t!(i18n, dash.from)}</span>
                    <input type="date" value=from.clone() on:change=move |ev| go2(q2("", &event_target_value(&ev), ""))/>
                </label>
                <label class="field inline"><span>{t!(i18n, dash.to)}</span>
                    <input type="date" value=to.clone() on:change=move |ev| go3(q3("", "", &event_target_value(&ev)))/>
                </label>
            </div>
            <Show when=move || suppressed>
                <p class="hint">{t!(i18n, dash.suppressed)}</p>
            </Show>
            <section class="kpis">{kpis}</section>
            <div class="charts">
                <Funnel total=total.clone() csv=csv("funnel")/>
                <Progress total=total.clone() csv=csv("summary")/>
                <Outcomes total=total.clone() csv=csv("outcomes")/>
                <WaitingOverTime total=total.clone() csv=csv("waiting")/>
                <OfficeComparison offices=offices.clone() csv=csv("summary")/>
                <EarlyEnds total=total.clone()/>
                <Supply total=total.clone() csv=csv("supply")/>
            </div>
            <Show when={let admin = d["sets_targets"].as_bool().unwrap_or(false); move || admin}>
                <TargetsForm offices=offices.clone()/>
            </Show>
        </div>
    }
}

/// A chart's frame: title, the picture, the same numbers as a table, and the CSV.
#[component]
fn Chart(title: String, csv: Option<String>, picture: AnyView, table: AnyView) -> impl IntoView {
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
fn bars(rows: &[(String, Option<f64>, String)], max: f64, color: &'static str) -> AnyView {
    let h = 26.0;
    let height = rows.len() as f64 * h + 4.0;
    view! {
        <svg class="bars" viewBox=format!("0 0 400 {height}") role="img" aria-hidden="true" preserveAspectRatio="xMinYMin meet">
            {rows.iter().enumerate().map(|(i, (label, value, shown))| {
                let y = i as f64 * h + 2.0;
                let w = value.map(|v| if max > 0.0 { 170.0 * v / max } else { 0.0 }).unwrap_or(0.0);
                view! {
                    <g>
                        <text x="0" y=y + 17.0 class="bar-label">{label.clone()}</text>
                        <rect x="140" y=y + 4.0 width=w.max(if value.is_some() { 1.0 } else { 0.0 }) height="16" rx="3" fill=color/>
                        {value.is_none().then(|| view! { <rect x="140" y=y + 4.0 width="24" height="16" rx="3" class="hatched"/> })}
                        <text x=146.0 + w.max(24.0) y=y + 17.0 class="bar-value">{shown.clone()}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
    .into_any()
}

fn simple_table(head: Vec<String>, rows: Vec<Vec<String>>) -> AnyView {
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

#[component]
fn Funnel(total: Value, csv: String) -> impl IntoView {
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
        let side = |key: &str, labels: [&str; 5]| -> Vec<(String, Option<f64>, String)> {
            let cells = total[key].as_array().cloned().unwrap_or_default();
            let first = cells.first().and_then(num);
            labels
                .iter()
                .zip(cells.iter())
                .map(|(l, c)| {
                    let rate = match (num(c), first) {
                        (Some(v), Some(f)) if f > 0.0 => format!(" ({:.0} %)", 100.0 * v / f),
                        _ => String::new(),
                    };
                    (l.to_string(), num(c), format!("{}{rate}", cell(c)))
                })
                .collect()
        };
        let mentees = side("mentee_funnel", mentee_labels);
        let mentors = side("mentor_funnel", mentor_labels);
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

#[component]
fn Progress(total: Value, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let p = &total["progress"];
        let row = |label: String, done: &Value, target: &Value| {
            let shown = match target.as_u64() {
                Some(t) => format!("{} / {t}", cell(done)),
                None => format!("{} ({})", cell(done), td_string!(locale, dash.no_target)),
            };
            (label, num(done), shown, target.as_f64())
        };
        let rows = [
            row(
                td_string!(locale, dash.mentees).into(),
                &p["mentees"],
                &p["mentee_target"],
            ),
            row(
                td_string!(locale, dash.mentors).into(),
                &p["mentors"],
                &p["mentor_target"],
            ),
        ];
        let picture = view! {
            <svg class="bars" viewBox="0 0 400 64" role="img" aria-hidden="true">
                {rows.iter().enumerate().map(|(i, (label, done, shown, target))| {
                    let y = i as f64 * 30.0 + 2.0;
                    let goal = target.unwrap_or(done.unwrap_or(0.0)).max(1.0);
                    let w = done.map(|d| (220.0 * d / goal).min(220.0)).unwrap_or(0.0);
                    view! {
                        <g>
                            <text x="0" y=y + 17.0 class="bar-label">{label.clone()}</text>
                            <rect x="140" y=y + 4.0 width="220" height="16" rx="3" class="track"/>
                            <rect x="140" y=y + 4.0 width=w height="16" rx="3" fill="#22654a"/>
                            <text x="140" y=y + 32.0 class="bar-value small">{shown.clone()}</text>
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

#[component]
fn Outcomes(total: Value, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let list = total["outcomes"].as_array().cloned().unwrap_or_default();
        // Columns per cohort and moment: positive, job, training/internship, against 74/55/19.
        let w = 60.0;
        let width = (list.len() as f64 * w).max(240.0) + 40.0;
        let y = |p: f64| 150.0 - 1.3 * p;
        let picture = if list.is_empty() {
            view! { <p class="muted">{td_string!(locale, dash.none)}</p> }.into_any()
        } else {
            view! {
                <svg class="columns" viewBox=format!("0 0 {width} 190") role="img" aria-hidden="true">
                    {[(74.0, "#22654a"), (55.0, "#1d4e5f"), (19.0, "#c58a16")].into_iter().map(|(p, c)| view! {
                        <line x1="30" x2=width y1=y(p) y2=y(p) stroke=c stroke-dasharray="4 3"/>
                        <text x="0" y=y(p) + 4.0 class="axis">{format!("{p:.0}%")}</text>
                    }).collect_view()}
                    {list.iter().enumerate().map(|(i, c)| {
                        let x = 36.0 + i as f64 * w;
                        let bar = |k: usize, key: &str, color: &'static str| {
                            let p = c[key]["percent"].as_f64();
                            let h = p.map(|p| 1.3 * p).unwrap_or(0.0);
                            view! { <rect x=x + k as f64 * 16.0 y=150.0 - h width="14" height=h fill=color/> }
                        };
                        view! {
                            <g>
                                {bar(0, "positive", "#22654a")}
                                {bar(1, "job", "#1d4e5f")}
                                {bar(2, "training_or_internship", "#c58a16")}
                                <text x=x y="168" class="axis">{c["cohort"].as_str().unwrap_or_default().to_string()}</text>
                                <text x=x y="182" class="axis">{c["moment"].as_str().unwrap_or_default().to_string()}</text>
                            </g>
                        }
                    }).collect_view()}
                </svg>
                <p class="hint">{td_string!(locale, dash.published)}</p>
                <p class="hint">{td_string!(locale, dash.def.positive)}</p>
            }.into_any()
        };
        let rows = list
            .iter()
            .map(|c| {
                vec![
                    c["cohort"].as_str().unwrap_or_default().to_string(),
                    c["moment"].as_str().unwrap_or_default().to_string(),
                    cell(&c["recorded"]),
                    format!("{} ({})", percent(&c["reached"]), cell(&c["reached"]["n"])),
                    format!(
                        "{} ({})",
                        percent(&c["positive"]),
                        cell(&c["positive"]["n"])
                    ),
                    format!("{} ({})", percent(&c["job"]), cell(&c["job"]["n"])),
                    format!(
                        "{} ({})",
                        percent(&c["stable_job"]),
                        cell(&c["stable_job"]["n"])
                    ),
                    format!(
                        "{} ({})",
                        percent(&c["training_or_internship"]),
                        cell(&c["training_or_internship"]["n"])
                    ),
                    format!(
                        "{} ({})",
                        percent(&c["still_searching"]),
                        cell(&c["still_searching"]["n"])
                    ),
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

#[component]
fn WaitingOverTime(total: Value, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let points = total["waiting_over_time"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let max = points
            .iter()
            .filter_map(|p| num(&p["waiting"]))
            .fold(1.0, f64::max);
        let n = points.len().max(2) as f64 - 1.0;
        let xy = |i: usize, v: f64| (30.0 + 340.0 * i as f64 / n, 130.0 - 110.0 * v / max);
        let line: String = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| num(&p["waiting"]).map(|v| xy(i, v)))
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect::<Vec<_>>()
            .join(" ");
        let max_age = points
            .iter()
            .filter_map(|p| p["median_days"].as_f64())
            .fold(1.0, f64::max);
        let age_line: String = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                p["median_days"]
                    .as_f64()
                    .map(|v| (30.0 + 340.0 * i as f64 / n, 130.0 - 110.0 * v / max_age))
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
                {points.first().map(|p| view! { <text x="30" y="150" class="axis">{date_text(locale, p["date"].as_str().unwrap_or_default())}</text> })}
                {points.last().map(|p| view! { <text x="300" y="150" class="axis">{date_text(locale, p["date"].as_str().unwrap_or_default())}</text> })}
            </svg>
        }.into_any();
        let rows = points
            .iter()
            .map(|p| {
                vec![
                    date_text(locale, p["date"].as_str().unwrap_or_default()),
                    cell(&p["waiting"]),
                    p["median_days"]
                        .as_i64()
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "–".into()),
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

#[component]
fn OfficeComparison(offices: Vec<Value>, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let name = |o: &Value| office_name(locale, o["office"].as_str().unwrap_or_default());
        let waiting: Vec<(String, Option<f64>, String)> = offices
            .iter()
            .map(|o| {
                (
                    name(o),
                    num(&o["waiting_mentees"]),
                    cell(&o["waiting_mentees"]),
                )
            })
            .collect();
        let active: Vec<(String, Option<f64>, String)> = offices
            .iter()
            .map(|o| (name(o), num(&o["active_duos"]), cell(&o["active_duos"])))
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
                    cell(&o["waiting_mentees"]),
                    cell(&o["available_mentors"]),
                    cell(&o["open_duos"]),
                    cell(&o["active_duos"]),
                    cell(&o["quiet_duos"]),
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

#[component]
fn EarlyEnds(total: Value) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let rows: Vec<(String, Option<f64>, String)> = total["early_ends"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|e| {
                (
                    crate::duos::view::end_reason_name(
                        locale,
                        e["reason"].as_str().unwrap_or_default(),
                    ),
                    num(&e["n"]),
                    cell(&e["n"]),
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

#[component]
fn Supply(total: Value, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let locale = i18n.get_locale();
        let list = total["supply_by_sector"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let rows: Vec<(String, Option<f64>, String)> = list
            .iter()
            .map(|s| {
                let code = s["sector"].as_str().unwrap_or_default();
                let label = format!("{code} {}", crate::texts::sector_name(locale, code));
                let ratio = match (num(&s["mentors"]), num(&s["mentees"])) {
                    (Some(m), Some(w)) if w > 0.0 => Some(m / w),
                    _ => None,
                };
                let shown = format!("{} / {}", cell(&s["mentors"]), cell(&s["mentees"]));
                (label, ratio, shown)
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
            list.iter()
                .map(|s| {
                    vec![
                        s["sector"].as_str().unwrap_or_default().to_string(),
                        cell(&s["mentors"]),
                        cell(&s["mentees"]),
                    ]
                })
                .collect(),
        );
        view! { <Chart title=td_string!(locale, dash.supply).to_string() csv=Some(csv.clone()) picture table/> }
    }
}

/// Admins set this year's targets, office by office (the total is their sum).
/// What an administrator has typed in the targets form and not saved yet, by office.
#[derive(Clone, Copy)]
struct TargetDrafts(RwSignal<std::collections::HashMap<String, (String, String)>>);

#[component]

fn TargetsForm(offices: Vec<Value>) -> impl IntoView {
    let i18n = use_i18n();
    let drafts = use_context::<TargetDrafts>().map(|TargetDrafts(d)| d);
    let draft_of = |office: &str| drafts.and_then(|d| d.with_untracked(|m| m.get(office).cloned()));
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let year = crate::texts::browser_today()
        .get(..4)
        .and_then(|y| y.parse::<i32>().ok());
    let rows: Vec<(String, RwSignal<String>, RwSignal<String>)> = offices
        .iter()
        .map(|o| {
            let p = &o["progress"];
            let office = o["office"].as_str().unwrap_or_default().to_string();
            let stored = |key: &str| p[key].as_u64().map(|n| n.to_string()).unwrap_or_default();
            let (mentees, mentors) = draft_of(&office)
                .unwrap_or_else(|| (stored("mentee_target"), stored("mentor_target")));
            (office, RwSignal::new(mentees), RwSignal::new(mentors))
        })
        .collect();
    let to_save = rows.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(year) = year else { return };
        let rows = to_save.clone();
        saved.set(false);
        leptos::task::spawn_local(async move {
            for (office, mentees, mentors) in rows {
                let (Ok(mentees), Ok(mentors)) = (
                    mentees.get_untracked().trim().parse::<u32>(),
                    mentors.get_untracked().trim().parse::<u32>(),
                ) else {
                    error.set(Some(AppError::invalid(
                        "target",
                        crate::error::Invalid::Malformed,
                    )));
                    return;
                };
                if let Err(e) =
                    crate::metrics::api::save_target(year, office, mentees, mentors).await
                {
                    error.set(Some(e));
                    return;
                }
            }
            error.set(None);
            saved.set(true);
            if let Some(d) = drafts {
                d.set(Default::default());
            }
        });
    };
    view! {
        <section class="panel">
            <h2>{move || t_string!(i18n, dash.targets_title, year = year.unwrap_or_default()).to_string()}</h2>
            <form class="targets" on:submit=submit>
                <table class="data">
                    <thead><tr>
                        <th scope="col">{t!(i18n, dash.office)}</th>
                        <th scope="col">{t!(i18n, dash.mentees)}</th>
                        <th scope="col">{t!(i18n, dash.mentors)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(office, mentees, mentors)| {
                            let code = office.clone();
                            let key = office.clone();
                            let remember = move || {
                                if let Some(d) = drafts {
                                    d.update(|m| {
                                        m.insert(key.clone(), (mentees.get_untracked(), mentors.get_untracked()));
                                    });
                                }
                            };
                            let remember2 = remember.clone();
                            view! {
                                <tr data-target=office.clone()>
                                    <th scope="row">{move || office_name(i18n.get_locale(), &code)}</th>
                                    <td><input type="number" min="0" inputmode="numeric" prop:value=move || mentees.get() on:input=move |ev| { mentees.set(event_target_value(&ev)); remember() } aria-label=move || t_string!(i18n, dash.mentees)/></td>
                                    <td><input type="number" min="0" inputmode="numeric" prop:value=move || mentors.get() on:input=move |ev| { mentors.set(event_target_value(&ev)); remember2() } aria-label=move || t_string!(i18n, dash.mentors)/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })}
                <Show when=move || saved.get()><p class="done" role="status">{t!(i18n, matching.saved)}</p></Show>
                <button type="submit" class="button primary">{t!(i18n, follow.save)}</button>
            </form>
        </section>
    }
}
