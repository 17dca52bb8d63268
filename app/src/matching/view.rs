//! Matching on the board: score badges, the suggestions panel, the slate, the weights form
//! with its preview, and the matching profile form.
use crate::domain::matching::{Criterion, Profile, Weights, MAX_WEIGHT};
use crate::domain::slate::Slate;
use crate::error::AppError;
use crate::i18n::*;
use crate::matching::api::{propose_slate, save_profile, save_weights};
use crate::matching::texts::{
    criterion_name, exclusion_text, join_list, reason_text, unmatched_text,
};
use crate::matching::{Pool, Ranking};
use crate::model::{MenteeCard, MentorCard};
use crate::texts::{error_message, office_name};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

/// How a score reads at a glance.
fn score_class(score: u32) -> &'static str {
    match score {
        70.. => "score high",
        45..=69 => "score mid",
        _ => "score low",
    }
}

/// The score a mentor card shows while a mentee is dragged: a number out of 100, or "Excluded".
#[component]
pub fn ScoreBadge(score: Signal<Option<Option<u32>>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        score.get().map(|s| match s {
            Some(s) => view! {
                <span class=score_class(s) data-score=s title=move || t_string!(i18n, matching.score_label, score = s).to_string()>
                    {s}
                </span>
            }
            .into_any(),
            None => view! {
                <span class="score excluded" data-score="excluded">{t!(i18n, matching.excluded_badge)}</span>
            }
            .into_any(),
        })
    }
}

/// A modal dialog frame: closes on Escape and on a click outside.
#[component]
fn Dialog(
    title_id: &'static str,
    #[prop(optional)] wide: bool,
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="overlay" on:click=move |_| on_close.run(())>
            <div
                class="dialog"
                class:wide=wide
                role="dialog"
                aria-modal="true"
                aria-labelledby=title_id
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev: KeyboardEvent| if ev.key() == "Escape" { ev.stop_propagation(); on_close.run(()) }
            >
                {children()}
            </div>
        </div>
    }
}

/// The per-criterion breakdown of one score.
#[component]
pub fn Breakdown(criteria: Vec<crate::domain::matching::CriterionScore>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="breakdown">
            {criteria
                .into_iter()
                .filter(|c| c.max > 0)
                .map(|c| {
                    let reason = c.reason.clone();
                    let criterion = c.criterion;
                    view! {
                        <div class="criterion" data-criterion=criterion.as_str()>
                            <dt>
                                {move || criterion_name(i18n.get_locale(), criterion)}
                                <span class="points">{format!("{}/{}", c.points, c.max)}</span>
                            </dt>
                            <dd>{move || reason_text(i18n.get_locale(), &reason)}</dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
    }
}

/// The best mentors for one mentee, with the reasons, and the excluded ones with theirs.
#[component]
pub fn SuggestionsDialog(
    mentee: MenteeCard,
    ranking: Memo<Ranking>,
    on_choose: Callback<(String, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = mentee.name();
    let mentee_id = mentee.id.clone();
    let close = Callback::new(move |_| on_close.run(()));
    view! {
        <Dialog title_id="suggest-title" wide=true on_close=close>
            <h2 id="suggest-title">{move || t_string!(i18n, matching.suggest_title, name = name.clone()).to_string()}</h2>
            <ol class="suggestions">
                <For each=move || ranking.with(|r| r.suggestions.iter().take(10).cloned().collect::<Vec<_>>()) key=|s| (s.mentor.clone(), s.score) let(s)>
                    {
                        let (mentee_id, mentor_id) = (mentee_id.clone(), s.mentor.clone());
                        let label = s.mentor_name.clone();
                        view! {
                            <li class="suggestion" data-suggestion=s.mentor.clone()>
                                <div class="suggestion-head">
                                    <span class=score_class(s.score)>{s.score}</span>
                                    <span class="name">{s.mentor_name.clone()}</span>
                                    <button
                                        type="button"
                                        class="button primary"
                                        aria-label=move || format!("{} · {}", t_string!(i18n, matching.propose_to), label)
                                        on:click=move |_| on_choose.run((mentee_id.clone(), mentor_id.clone()))
                                    >
                                        {t!(i18n, matching.propose_to)}
                                    </button>
                                </div>
                                <Breakdown criteria=s.criteria.clone()/>
                            </li>
                        }
                    }
                </For>
            </ol>
            <Show when=move || ranking.with(|r| r.suggestions.is_empty())>
                <p class="empty">{t!(i18n, matching.suggest_none)}</p>
            </Show>
            <Show when=move || ranking.with(|r| !r.excluded.is_empty())>
                <h3>{t!(i18n, matching.excluded_title)}</h3>
                <ul class="excluded">
                    {move || ranking.with(|r| r.excluded.iter().map(|e| {
                        let reasons = e.reasons.clone();
                        view! {
                            <li data-excluded=e.mentor.clone()>
                                <span class="name">{e.mentor_name.clone()}</span>
                                " — "
                                {move || {
                                    let locale = i18n.get_locale();
                                    let words: Vec<String> = reasons.iter().map(|x| exclusion_text(locale, *x)).collect();
                                    join_list(locale, &words)
                                }}
                            </li>
                        }
                    }).collect_view())}
                </ul>
            </Show>
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, matching.close)}</button>
            </div>
        </Dialog>
    }
}

/// What became of a proposed pair on the slate.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PairFate {
    Open,
    Accepted,
    LeftOut,
}

/// "Propose duos": the optimal slate of the office, accepted pair by pair or all at once.
#[component]
pub fn SlateDialog(
    office: String,
    names: HashMap<String, String>,
    on_accept: Callback<(String, String)>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let slate = RwSignal::new(None::<Result<Slate, AppError>>);
    let fate = RwSignal::new(HashMap::<String, PairFate>::new());
    spawn_local(async move {
        slate.set(Some(propose_slate(office).await));
    });
    let names = StoredValue::new(names);
    let name_of =
        move |id: &str| names.with_value(|n| n.get(id).cloned().unwrap_or_else(|| id.to_string()));
    let fate_of =
        move |mentee: &str| fate.with(|f| f.get(mentee).copied().unwrap_or(PairFate::Open));
    let accept = move |mentee: String, mentor: String| {
        if fate.with_untracked(|f| f.get(&mentee).copied().unwrap_or(PairFate::Open))
            != PairFate::Open
        {
            return;
        }
        fate.update(|f| {
            f.insert(mentee.clone(), PairFate::Accepted);
        });
        on_accept.run((mentee, mentor));
    };
    let accept_all = move || {
        if let Some(Ok(s)) = slate.get_untracked() {
            for p in s.pairs {
                accept(p.mentee, p.mentor);
            }
        }
    };
    let open_count = move || {
        slate.with(|s| match s {
            Some(Ok(s)) => s
                .pairs
                .iter()
                .filter(|p| fate_of(&p.mentee) == PairFate::Open)
                .count(),
            _ => 0,
        })
    };
    view! {
        <Dialog title_id="slate-title" wide=true on_close=on_close>
            <h2 id="slate-title">{t!(i18n, matching.slate_title)}</h2>
            <p class="hint">{t!(i18n, matching.slate_hint)}</p>
            {move || match slate.get() {
                None => view! { <p class="loading">{t!(i18n, loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                Some(Ok(s)) if s.pairs.is_empty() => view! { <p class="empty">{t!(i18n, matching.slate_empty)}</p> }.into_any(),
                Some(Ok(s)) => {
                    let total = s.total_score;
                    let count = s.pairs.len();
                    let any_unmatched = !s.unmatched.is_empty();
                    view! {
                        <p class="slate-total" data-total=total>
                            {move || t_string!(i18n, matching.slate_total, total = total, count = count).to_string()}
                        </p>
                        <ul class="slate">
                            {s.pairs.iter().map(|p| {
                                let (mentee, mentor, score) = (p.mentee.clone(), p.mentor.clone(), p.score);
                                let (m1, m2) = (mentee.clone(), mentor.clone());
                                let m3 = mentee.clone();
                                let m4 = mentee.clone();
                                view! {
                                    <li
                                        class="slate-pair"
                                        data-pair=format!("{mentee}:{mentor}")
                                        class:accepted=move || fate_of(&m3) == PairFate::Accepted
                                        class:left-out=move || fate_of(&m4) == PairFate::LeftOut
                                    >
                                        <span class=score_class(score)>{score}</span>
                                        <span class="name">{name_of(&mentee)}</span>
                                        <span aria-hidden="true">" ↔ "</span>
                                        <span class="name">{name_of(&mentor)}</span>
                                        <span class="slate-actions">
                                            {
                                                let m5 = mentee.clone();
                                                move || match fate_of(&m5) {
                                                    PairFate::Open => {
                                                        let (a, b) = (m1.clone(), m2.clone());
                                                        let c = m1.clone();
                                                        view! {
                                                            <button type="button" class="button primary" data-accept=a.clone() on:click=move |_| accept(a.clone(), b.clone())>
                                                                {t!(i18n, matching.accept)}
                                                            </button>
                                                            <button type="button" class="button" on:click=move |_| fate.update(|f| { f.insert(c.clone(), PairFate::LeftOut); })>
                                                                {t!(i18n, matching.discard)}
                                                            </button>
                                                        }.into_any()
                                                    }
                                                    PairFate::Accepted => view! { <span class="done">{t!(i18n, matching.accepted)}</span> }.into_any(),
                                                    PairFate::LeftOut => view! { <span class="muted">{t!(i18n, matching.discard)}</span> }.into_any(),
                                                }
                                            }
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <Show when=move || any_unmatched>
                            <h3>{t!(i18n, matching.slate_unmatched)}</h3>
                            <ul class="excluded">
                                {s.unmatched.iter().map(|u| {
                                    let reason = u.reason.clone();
                                    view! {
                                        <li data-unmatched=u.mentee.clone()>
                                            <span class="name">{name_of(&u.mentee)}</span>
                                            " — "
                                            {move || unmatched_text(i18n.get_locale(), &reason)}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </Show>
                    }
                    .into_any()
                }
            }}
            <div class="dialog-actions">
                <Show when=move || { open_count() > 0 }>
                    <button type="button" class="button primary" data-accept-all="" on:click=move |_| accept_all()>
                        {t!(i18n, matching.accept_all)}
                    </button>
                </Show>
                <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, matching.close)}</button>
            </div>
        </Dialog>
    }
}

/// The office's weights, with a preview of how the ranking of one mentee changes.
#[component]
pub fn WeightsDialog(
    office: String,
    current: Weights,
    mentees: Vec<MenteeCard>,
    mentors: Vec<MentorCard>,
    failed_pairs: Vec<(String, String)>,
    on_saved: Callback<Weights>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(current);
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let preview_for = RwSignal::new(mentees.first().map(|m| m.id.clone()));
    let data = StoredValue::new((office.clone(), mentees, mentors, failed_pairs));
    let top = move |weights: &Weights| -> Vec<(String, u32)> {
        let Some(id) = preview_for.get() else {
            return vec![];
        };
        data.with_value(|(office, mentees, mentors, failed)| {
            let Some(mentee) = mentees.iter().find(|m| m.id == id) else {
                return vec![];
            };
            let pool = Pool {
                office,
                mentees,
                mentors,
                failed_pairs: failed,
                weights,
            };
            pool.rank_with(mentee, weights)
                .suggestions
                .into_iter()
                .take(5)
                .map(|s| (s.mentor_name, s.score))
                .collect()
        })
    };
    let before = Memo::new(move |_| top(&current));
    let after = Memo::new(move |_| top(&draft.get()));
    let office_for_save = office.clone();
    let save = move |_| {
        let (office, weights) = (office_for_save.clone(), draft.get_untracked());
        saving.set(true);
        spawn_local(async move {
            match save_weights(office, weights).await {
                Ok(saved) => on_saved.run(saved),
                Err(e) => error.set(Some(e)),
            }
            saving.set(false);
        });
    };
    let list = |rows: Vec<(String, u32)>| {
        rows.into_iter()
            .map(|(name, score)| view! { <li><span class=score_class(score)>{score}</span>" "{name}</li> })
            .collect_view()
    };
    let office_label = office.clone();
    view! {
        <Dialog title_id="weights-title" wide=true on_close=on_close>
            <h2 id="weights-title">{move || t_string!(i18n, matching.weights_title, office = office_name(i18n.get_locale(), &office_label)).to_string()}</h2>
            <p class="hint">{t!(i18n, matching.weights_hint)}</p>
            <div class="weights">
                {Criterion::ALL.into_iter().map(|c| view! {
                    <label class="weight">
                        <span>{move || criterion_name(i18n.get_locale(), c)}</span>
                        <input
                            type="range" min="0" max=MAX_WEIGHT step="5"
                            data-weight=c.as_str()
                            prop:value=move || draft.get().of(c).to_string()
                            on:input=move |ev| {
                                let v = event_target_value(&ev).parse::<u32>().unwrap_or(0).min(MAX_WEIGHT);
                                draft.update(|w| w.set(c, v));
                            }
                        />
                        <output aria-hidden="true">{move || draft.get().of(c)}</output>
                    </label>
                }).collect_view()}
            </div>
            <h3>
                {move || {
                    let name = preview_for.get().and_then(|id| data.with_value(|d| d.1.iter().find(|m| m.id == id).map(|m| m.name()))).unwrap_or_default();
                    t_string!(i18n, matching.weights_preview, name = name).to_string()
                }}
            </h3>
            <select
                class="code-select"
                aria-label=move || t_string!(i18n, fields.mentee)
                on:change=move |ev| preview_for.set(Some(event_target_value(&ev)))
            >
                {data.with_value(|d| d.1.iter().map(|m| view! { <option value=m.id.clone()>{m.name()}</option> }).collect_view())}
            </select>
            <div class="preview">
                <div>
                    <h4>{t!(i18n, matching.preview_now)}</h4>
                    <ol>{move || list(before.get())}</ol>
                </div>
                <div>
                    <h4>{t!(i18n, matching.preview_new)}</h4>
                    <ol data-preview="new">{move || list(after.get())}</ol>
                </div>
            </div>
            <Show when=move || preview_for.with(Option::is_none)>
                <p class="empty">{t!(i18n, matching.weights_preview_none)}</p>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })}
            <div class="dialog-actions">
                <button type="button" class="button" on:click=move |_| draft.set(Weights::default())>{t!(i18n, matching.reset_defaults)}</button>
                <button type="button" class="button primary" data-save-weights="" disabled=move || saving.get() || !draft.get().is_valid() on:click=save>
                    {t!(i18n, matching.save)}
                </button>
                <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, matching.close)}</button>
            </div>
        </Dialog>
    }
}

/// "Profile" on a card: opens the matching profile of that person.
#[component]
pub fn ProfileButton(id: String, name: String, on_click: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="move subtle"
            data-profile-for=id
            aria-haspopup="dialog"
            aria-label=move || format!("{} · {}", t_string!(i18n, matching.profile), name)
            on:click=move |_| on_click.run(())
        >
            {t!(i18n, matching.profile)}
        </button>
    }
}

/// The matching profile of a mentee or a mentor, as intake records it.
#[component]
pub fn ProfileDialog(
    mentor: bool,
    id: String,
    name: String,
    profile: Profile,
    on_saved: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = RwSignal::new(profile);
    let error = RwSignal::new(None::<AppError>);
    let saving = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, profile) = (id.clone(), draft.get_untracked());
        saving.set(true);
        spawn_local(async move {
            match save_profile(mentor, id, profile).await {
                Ok(_) => on_saved.run(()),
                Err(e) => error.set(Some(e)),
            }
            saving.set(false);
        });
    };
    view! {
        <Dialog title_id="profile-title" wide=true on_close=on_close>
            <h2 id="profile-title">{move || t_string!(i18n, matching.profile_title, name = name.clone()).to_string()}</h2>
            <form class="profile-form" on:submit=save>
                <crate::matching::profile_fields::ProfileFields mentor draft/>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })}
                <div class="dialog-actions">
                    <button type="submit" class="button primary" disabled=move || saving.get()>{t!(i18n, matching.save)}</button>
                    <button type="button" class="button" on:click=move |_| on_close.run(())>{t!(i18n, matching.close)}</button>
                </div>
            </form>
        </Dialog>
    }
}

/// While a mentee is in the hand: the best few mentors, each a drop target, so the best fit is
/// one short move away — also on a phone, where the mentors' lane is on another tab.
#[component]
pub fn DragDock(
    mentee_name: String,
    top: Vec<crate::matching::Suggestion>,
    over: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside class="drag-dock" aria-hidden="true">
            <p class="dock-title">{move || t_string!(i18n, matching.suggest_title, name = mentee_name.clone()).to_string()}</p>
            <ul>
                {top.into_iter().map(|s| {
                    let target = format!("mentor:{}", s.mentor);
                    let is_over = {
                        let target = target.clone();
                        move || over.get().as_deref() == Some(target.as_str())
                    };
                    // The two reasons that usually decide: the sector and the languages.
                    let reasons: Vec<_> = s.criteria.iter()
                        .filter(|c| matches!(c.criterion, Criterion::Sector | Criterion::Languages))
                        .map(|c| c.reason.clone())
                        .collect();
                    view! {
                        <li class="dock-mentor" class:over=is_over data-drop=target data-dock=s.mentor.clone()>
                            <span class=score_class(s.score)>{s.score}</span>
                            <span class="name">{s.mentor_name.clone()}</span>
                            <span class="why">
                                {move || {
                                    let locale = i18n.get_locale();
                                    reasons.iter().map(|r| reason_text(locale, r)).collect::<Vec<_>>().join(" · ")
                                }}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </aside>
    }
}
