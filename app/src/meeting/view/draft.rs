//! One draft on the meeting's agenda: the pair, its score and reasons, the decision and minute.
use super::Choices;
use crate::domain::matching::Verdict;
use crate::domain::meeting::{Decision, MINUTE_MAX};
use crate::i18n::*;
use crate::matching::texts::exclusion_text;
use crate::matching::view::{Breakdown, ScoreBadge};
use crate::meeting::AgendaItem;
use crate::texts::{error_message, sector_name};
use leptos::prelude::*;

/// A draft and what the meeting decides about it.
#[component]
pub fn DraftRow(item: AgendaItem, choices: Choices) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.duo.id.clone();
    let mentee = item.duo.mentee.name();
    let mentor = item.duo.mentor_name();
    let score = match &item.verdict {
        Verdict::Scored(s) => Some(s.score),
        Verdict::Excluded { .. } => None,
    };
    let (days, sectors) = (
        item.duo.mentee.days_waiting,
        item.duo.mentee.sectors.clone(),
    );
    let drafted_by = item.drafted_by.clone();
    let title_id = format!("draft-{id}");
    let failed = {
        let id = id.clone();
        Memo::new(move |_| choices.failed.with(|f| f.get(&id).cloned()))
    };
    let minute = {
        let id = id.clone();
        Memo::new(move |_| choices.of(&id).minute)
    };
    let on_minute = {
        let id = id.clone();
        move |ev| {
            let text = event_target_value(&ev);
            choices.set(&id, |c| c.minute = text);
        }
    };
    view! {
        <li class="card draft-item" data-draft=id.clone() aria-labelledby=title_id.clone()>
            <div class="card-top">
                <h2 class="name" id=title_id.clone()>{mentee.clone()}<span aria-hidden="true">" ↔ "</span>{mentor.clone()}</h2>
                <ScoreBadge score=Signal::derive(move || Some(score))/>
            </div>
            <p class="muted">
                {move || {
                    let locale = i18n.get_locale();
                    let sectors = sectors.iter().map(|s| sector_name(locale, s)).collect::<Vec<_>>().join(", ");
                    let waited = td_string!(locale, days_waiting, count = days).to_string();
                    let by = drafted_by.as_ref().map(|n| td_string!(locale, meeting.drafted_by, name = n.clone()).to_string());
                    [Some(sectors), Some(waited), by].into_iter().flatten().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
                }}
            </p>
            {match item.verdict {
                Verdict::Scored(s) => view! {
                    <details class="why">
                        <summary>{t!(i18n, meeting.why)}</summary>
                        <Breakdown criteria=s.criteria/>
                    </details>
                }
                .into_any(),
                Verdict::Excluded { reasons } => view! {
                    <ul class="excluded" data-excluded-draft="">
                        {reasons.into_iter().map(|r| view! { <li>{move || exclusion_text(i18n.get_locale(), r)}</li> }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <DecisionPick id=id.clone() choices=choices/>
            <label class="minute">
                <span>{t!(i18n, meeting.minute)}</span>
                <textarea
                    rows="2"
                    maxlength=MINUTE_MAX.to_string()
                    data-minute=""
                    prop:value=move || minute.get()
                    on:input=on_minute
                ></textarea>
            </label>
            {move || failed.get().map(|e| view! {
                <p class="error" role="alert" data-draft-error="">{move || error_message(i18n.get_locale(), &e)}</p>
            })}
        </li>
    }
}

/// Propose, drop, or later: three radio buttons named by the draft.
#[component]
fn DecisionPick(id: String, choices: Choices) -> impl IntoView {
    let i18n = use_i18n();
    let options: [(Option<Decision>, &'static str); 3] = [
        (Some(Decision::Propose), "propose"),
        (Some(Decision::Drop), "drop"),
        (None, "later"),
    ];
    let name = format!("decision-{id}");
    view! {
        <fieldset class="decision">
            <legend class="visually-hidden">{t!(i18n, meeting.decision)}</legend>
            {options
                .into_iter()
                .map(|(decision, code)| {
                    let (id_now, id_set) = (id.clone(), id.clone());
                    let label = move || match decision {
                        Some(Decision::Propose) => td_string!(i18n.get_locale(), meeting.propose).to_string(),
                        Some(Decision::Drop) => td_string!(i18n.get_locale(), meeting.drop).to_string(),
                        None => td_string!(i18n.get_locale(), meeting.later).to_string(),
                    };
                    view! {
                        <label class="decision-choice" data-choice=code>
                            <input
                                type="radio"
                                name=name.clone()
                                value=code
                                prop:checked=move || choices.of(&id_now).decision == decision
                                on:change=move |_| choices.set(&id_set, |c| c.decision = decision)
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
