//! Route `/people`: the directory of the coordinator's offices. The filters live in the address
//! (`/people?q=…&kind=…`), so a view can be shared, bookmarked and gone back to; the database
//! searches, sorts and pages.
use super::api::load_directory;
use super::names::{mentee_state_name, mentor_state_name, state_name};
use super::{DirectoryPage as Page, DirectoryQuery, DirectoryRow};
use crate::domain::directory::PER_PAGE_DEFAULT;
use crate::domain::privacy::PersonKind;
use crate::domain::reference::{LANGUAGES, OFFICES, SECTORS};
use crate::domain::states::{MenteeState, MentorState};
use crate::i18n::*;
use crate::texts::{
    date_text, error_message, language_name, number_text, office_name, sector_name,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The filters of the address, as the directory's query.
fn query_of(map: &leptos_router::params::ParamsMap) -> DirectoryQuery {
    let text = |k: &str| map.get(k).filter(|v| !v.is_empty());
    let number = |k: &str| text(k).and_then(|v| v.parse().ok());
    DirectoryQuery {
        q: text("q"),
        kind: text("kind"),
        state: text("state"),
        office: text("office"),
        sector: text("sector"),
        language: text("language"),
        min_days: number("min_days"),
        sort: text("sort"),
        page: number("page"),
        per_page: number("per_page"),
    }
}

/// The address of a directory view (empty filters left out).
fn address_of(q: &DirectoryQuery) -> String {
    let mut pairs: Vec<(&str, String)> = vec![];
    let mut push = |k, v: &Option<String>| {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            pairs.push((k, v.to_string()));
        }
    };
    push("q", &q.q);
    push("kind", &q.kind);
    push("state", &q.state);
    push("office", &q.office);
    push("sector", &q.sector);
    push("language", &q.language);
    push("min_days", &q.min_days.map(|d| d.to_string()));
    push("sort", &q.sort);
    push("page", &q.page.filter(|p| *p > 1).map(|p| p.to_string()));
    if pairs.is_empty() {
        return "/people".into();
    }
    let mut address = form_urlencoded::Serializer::new(String::from("/people?"));
    // The serializer starts after the `?` it was given.
    address.extend_pairs(pairs);
    address.finish()
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| query_of(&params.read()));
    let people = crate::ui::load(move || query.get(), load_directory);
    let navigate = use_navigate();
    // Every change of a filter goes to the address (replacing it while typing, so the back
    // button does not replay each letter) and starts at the first page again.
    let set = move |field: &'static str| {
        let navigate = navigate.clone();
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let value = (!value.is_empty()).then_some(value);
            let mut q = query.get_untracked();
            q.page = None;
            match field {
                "q" => q.q = value,
                "kind" => {
                    q.kind = value;
                    q.state = None;
                }
                "state" => q.state = value,
                "office" => q.office = value,
                "sector" => q.sector = value,
                "language" => q.language = value,
                "min_days" => q.min_days = value.as_deref().and_then(|v| v.parse().ok()),
                _ => q.sort = value,
            }
            navigate(
                &address_of(&q),
                NavigateOptions {
                    replace: field == "q",
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    let selected = move |get: fn(&DirectoryQuery) -> Option<String>| {
        move || get(&query.get()).unwrap_or_default()
    };
    view! {
        <section class="directory">
            <div class="directory-head">
                <h1>{t!(i18n, people.title)}</h1>
                <p class="actions">
                    <a class="button primary" href="/people/new/mentee">{t!(i18n, people.new_mentee)}</a>
                    <a class="button" href="/people/new/mentor">{t!(i18n, people.new_mentor)}</a>
                    <a class="button" href="/people/import">{t!(i18n, import.link)}</a>
                </p>
            </div>
            <p class="muted">{t!(i18n, people.intro)}</p>
            <form class="directory-filters" role="search" on:submit=|ev| ev.prevent_default()>
                <label class="wide">
                    <span>{t!(i18n, people.search)}</span>
                    <input type="search" name="q" autocomplete="off"
                        prop:value=selected(|q| q.q.clone()) on:input=set("q")/>
                </label>
                <label>
                    <span>{t!(i18n, people.kind)}</span>
                    <select name="kind" prop:value=selected(|q| q.kind.clone()) on:change=set("kind")>
                        <option value="">{t!(i18n, people.all)}</option>
                        <option value="mentee">{t!(i18n, people.mentees)}</option>
                        <option value="mentor">{t!(i18n, people.mentors)}</option>
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, people.state)}</span>
                    <select name="state" prop:value=selected(|q| q.state.clone()) on:change=set("state")>
                        <option value="">{t!(i18n, people.all)}</option>
                        {move || state_options(i18n.get_locale(), query.get().kind.as_deref())}
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, people.office)}</span>
                    <select name="office" prop:value=selected(|q| q.office.clone()) on:change=set("office")>
                        <option value="">{t!(i18n, people.all)}</option>
                        {OFFICES.iter().map(|o| view! { <option value=*o>{move || office_name(i18n.get_locale(), o)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, people.sector)}</span>
                    <select name="sector" prop:value=selected(|q| q.sector.clone()) on:change=set("sector")>
                        <option value="">{t!(i18n, people.all)}</option>
                        {SECTORS.iter().map(|s| view! { <option value=*s>{move || sector_name(i18n.get_locale(), s)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, people.language)}</span>
                    <select name="language" prop:value=selected(|q| q.language.clone()) on:change=set("language")>
                        <option value="">{t!(i18n, people.all)}</option>
                        {LANGUAGES.iter().map(|l| view! { <option value=*l>{move || language_name(i18n.get_locale(), l)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, people.min_days)}</span>
                    <select name="min_days" prop:value=selected(|q| q.min_days.map(|d| d.to_string())) on:change=set("min_days")>
                        <option value="">{t!(i18n, people.any_time)}</option>
                        <option value="7">{t!(i18n, people.days_7)}</option>
                        <option value="30">{t!(i18n, people.days_30)}</option>
                        <option value="90">{t!(i18n, people.days_90)}</option>
                    </select>
                </label>
                <label>
                    <span>{t!(i18n, people.sort)}</span>
                    <select name="sort" prop:value=selected(|q| q.sort.clone().or(Some("name".into()))) on:change=set("sort")>
                        <option value="name">{t!(i18n, people.sort_name)}</option>
                        <option value="since">{t!(i18n, people.sort_since)}</option>
                        <option value="recent">{t!(i18n, people.sort_recent)}</option>
                    </select>
                </label>
            </form>
            <p class="actions">
                <a class="button" download="" href=move || address_of(&query.get()).replacen("/people", "/api/v1/people.csv", 1)>
                    {t!(i18n, people.export)}
                </a>
            </p>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(page) => view! { <Results page query=query.get_untracked()/> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The states one may filter on: of the kind chosen, or of both machines.
fn state_options(locale: Locale, kind: Option<&str>) -> impl IntoView {
    let mut options: Vec<(String, String)> = vec![];
    if kind != Some("mentor") {
        options.extend(MenteeState::ALL.iter().map(|s| {
            (
                s.as_str().to_string(),
                mentee_state_name(locale, s.as_str()),
            )
        }));
    }
    if kind != Some("mentee") {
        for s in MentorState::ALL {
            if !options.iter().any(|(v, _)| v == s.as_str()) {
                options.push((
                    s.as_str().to_string(),
                    mentor_state_name(locale, s.as_str()),
                ));
            }
        }
    }
    options
        .into_iter()
        .map(|(value, name)| view! { <option value=value>{name}</option> })
        .collect_view()
}

/// The link to another page of the same view, or nothing where there is none.
fn page_link(
    query: &DirectoryQuery,
    page: u32,
    pages: u32,
    label: impl IntoView + 'static,
) -> impl IntoView {
    if (1..=pages).contains(&page) {
        let href = address_of(&DirectoryQuery {
            page: Some(page),
            ..query.clone()
        });
        view! { <a class="button" href=href>{label}</a> }.into_any()
    } else {
        view! { <span class="button" aria-disabled="true">{label}</span> }.into_any()
    }
}

#[component]
fn Results(page: Page, query: DirectoryQuery) -> impl IntoView {
    let i18n = use_i18n();
    let per_page = u64::from(query.per_page.unwrap_or(PER_PAGE_DEFAULT));
    let pages = page.total.div_ceil(per_page).max(1) as u32;
    let current = query.page.unwrap_or(1);
    let total = page.total;
    view! {
        <p class="directory-total" role="status">
            {move || {
                let locale = i18n.get_locale();
                td_string!(locale, people.total, count = total, shown = number_text(locale, total as i64)).to_string()
            }}
        </p>
        {if page.items.is_empty() {
            view! { <p class="muted empty">{t!(i18n, people.none)}</p> }.into_any()
        } else {
            view! {
                <ul class="directory-list" aria-label=move || t_string!(i18n, people.results)>
                    {page.items.into_iter().map(|row| view! { <Row row/> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <nav class="pager" aria-label=move || t_string!(i18n, people.page_of, page = current, pages = pages)>
            {page_link(&query, current.saturating_sub(1), pages, t!(i18n, people.previous))}
            <span>{move || t_string!(i18n, people.page_of, page = current, pages = pages)}</span>
            {page_link(&query, current + 1, pages, t!(i18n, people.next))}
        </nav>
    }
}

#[component]
fn Row(row: DirectoryRow) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/people/{}:{}", row.kind.table(), row.id);
    let name = format!("{} {}", row.first_name, row.last_name);
    let kind = row.kind;
    let day = row.since_day.clone();
    view! {
        <li class="directory-row" data-person=row.id.clone() data-kind=kind.table()>
            <a class="directory-name" href=href>{name}</a>
            <span class="tag">{move || match kind {
                PersonKind::Mentee => t_string!(i18n, people.kind_mentee),
                PersonKind::Mentor => t_string!(i18n, people.kind_mentor),
            }}</span>
            <span class="directory-state">{move || state_name(i18n.get_locale(), kind, &row.state)}</span>
            <span class="muted">{move || office_name(i18n.get_locale(), &row.office)}</span>
            <span class="muted">{move || format!("{} {}", t_string!(i18n, people.since), date_text(i18n.get_locale(), &day))}</span>
        </li>
    }
}
