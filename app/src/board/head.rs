//! The board's head: its title and office, matching's actions, who else is here, the filters
//! and, on a phone, the tabs of the lanes.
use crate::board::density::{Density, DensitySwitch};
use crate::board::dialogs::Dialogs;
use crate::board::lanes::{Lane, Visible};
use crate::board::live::{BoardLive, LiveBadge, Presence};
use crate::board::moves::Filter;
use crate::i18n::*;
use crate::model::{BoardData, MenteeCard, MentorCard};
use crate::texts::{language_name, office_name, sector_name};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The codes present on the board, for the filter menus.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterCodes {
    pub sectors: Vec<String>,
    pub languages: Vec<String>,
}

impl FilterCodes {
    /// The sectors and languages of every card on the board, sorted and once each.
    pub fn of(board: &BoardData) -> Self {
        FilterCodes {
            sectors: board_codes(board, |c| c.sectors.clone(), |c| c.sectors.clone()),
            languages: board_codes(board, |c| c.languages.clone(), |c| c.languages.clone()),
        }
    }
}

/// Every code of one kind present on the board.
fn board_codes(
    board: &BoardData,
    of_mentee: impl Fn(&MenteeCard) -> Vec<String>,
    of_mentor: impl Fn(&MentorCard) -> Vec<String>,
) -> Vec<String> {
    let mut codes: Vec<String> = board
        .mentees
        .iter()
        .flat_map(&of_mentee)
        .chain(board.mentors.iter().flat_map(&of_mentor))
        .chain(board.duos.iter().flat_map(|d| of_mentee(&d.mentee)))
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The head above the lanes.
#[component]
pub fn BoardHead(
    office: String,
    offices: Vec<String>,
    codes: FilterCodes,
    dialogs: Dialogs,
    live: BoardLive,
    filter: RwSignal<Filter>,
    visible: Visible,
    lane: RwSignal<Lane>,
    density: RwSignal<Density>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (slating, weighing) = (dialogs.slating, dialogs.weighing);
    view! {
        <div class="board-head">
            <div class="board-title">
                <h1>{t!(i18n, board_title)}</h1>
                <OfficePick office=office.clone() offices=offices path="/board"/>
                <div class="board-actions">
                    <a class="button" href=format!("/meeting?office={office}") data-meeting-link="">{t!(i18n, meeting.open)}</a>
                    <button type="button" class="button primary" data-slate="" aria-haspopup="dialog" on:click=move |_| slating.set(true)>
                        {t!(i18n, matching.propose_slate)}
                    </button>
                    <button type="button" class="button" data-weights="" aria-haspopup="dialog" on:click=move |_| weighing.set(true)>
                        {t!(i18n, matching.weights)}
                    </button>
                </div>
            </div>
            <Presence others=live.others/>
            <p class="hint">
                {t!(i18n, board_hint)}
                " "
                <LiveBadge up=live.up/>
            </p>
            <div class="filters" role="search">
                <input
                    type="search"
                    class="search"
                    placeholder=move || t_string!(i18n, filter_search)
                    aria-label=move || t_string!(i18n, filter_search)
                    on:input=move |ev| filter.update(|f| f.search = event_target_value(&ev))
                />
                <CodeSelect
                    label=Signal::derive(move || t_string!(i18n, filter_sector).to_string())
                    codes=codes.sectors
                    name=sector_name
                    on_pick=Callback::new(move |v: String| filter.update(|f| f.sector = v))
                />
                <CodeSelect
                    label=Signal::derive(move || t_string!(i18n, filter_language).to_string())
                    codes=codes.languages
                    name=language_name
                    on_pick=Callback::new(move |v: String| filter.update(|f| f.language = v))
                />
                <DensitySwitch density=density/>
            </div>
            <div class="lane-tabs" role="tablist">
                <LaneTab which=Lane::Waiting lane=lane label=|l| td_string!(l, lane_waiting).to_string() count=visible.count(Lane::Waiting)/>
                <LaneTab which=Lane::Mentors lane=lane label=|l| td_string!(l, lane_mentors).to_string() count=visible.count(Lane::Mentors)/>
                <LaneTab which=Lane::Duos lane=lane label=|l| td_string!(l, lane_duos).to_string() count=visible.count(Lane::Duos)/>
            </div>
        </div>
    }
}

/// The office shown; picking another opens its page at `path` (the board, the meeting).
#[component]
pub fn OfficePick(office: String, offices: Vec<String>, path: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    view! {
        <label class="office-pick">
            <span class="visually-hidden">{t!(i18n, board_office)}</span>
            <select
                aria-label=move || t_string!(i18n, board_office)
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    navigate(&format!("{path}?office={value}"), Default::default());
                }
            >
                {offices
                    .iter()
                    .map(|o| {
                        let code = o.clone();
                        let selected = *o == office;
                        view! {
                            <option value=o.clone() selected=selected>
                                {move || office_name(i18n.get_locale(), &code)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// A filter menu of codes, named in the reader's language.
#[component]
fn CodeSelect(
    label: Signal<String>,
    codes: Vec<String>,
    name: fn(Locale, &str) -> String,
    on_pick: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = move || {
        let locale = i18n.get_locale();
        let mut named: Vec<(String, String)> =
            codes.iter().map(|c| (c.clone(), name(locale, c))).collect();
        named.sort_by(|a, b| a.1.cmp(&b.1));
        named
            .into_iter()
            .map(|(code, text)| view! { <option value=code>{text}</option> })
            .collect_view()
    };
    view! {
        <select class="code-select" aria-label=move || label.get() on:change=move |ev| on_pick.run(event_target_value(&ev))>
            <option value="">{move || format!("{} · {}", label.get(), t_string!(i18n, filter_all))}</option>
            {options}
        </select>
    }
}

/// The tab of one lane, with how many of its cards show.
#[component]
fn LaneTab(
    which: Lane,
    lane: RwSignal<Lane>,
    label: fn(Locale) -> String,
    count: Signal<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            role="tab"
            class="lane-tab"
            aria-selected=move || (lane.get() == which).to_string()
            on:click=move |_| lane.set(which)
        >
            {move || label(i18n.get_locale())}
            <span class="count">{move || count.get()}</span>
        </button>
    }
}
