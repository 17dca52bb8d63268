//! On the duo's page: what the mentee answered through their link, to confirm as the outcome,
//! a new link to hand over (copied, or shown as a QR code), and the mentor's closing evaluation
//! beside the mentee's.
use super::api::{confirm_self_report, make_voice_link};
use super::{SelfReport, VoiceLink};
use crate::domain::followup::Moment;
use crate::duos::follow_view::situation_name;
use crate::error::AppError;
use crate::i18n::*;
use crate::mentor::MentorEvaluation;
use crate::texts::{date_text, moment_name};
use crate::ui::show_error;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The mentee's own answers on the duo's page.
#[component]
pub fn VoicePanel(
    duo_id: String,
    reports: Vec<SelfReport>,
    mentor_evaluation: Option<MentorEvaluation>,
    on_confirmed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (link, error) = (
        RwSignal::new(None::<VoiceLink>),
        RwSignal::new(None::<AppError>),
    );
    let moment = RwSignal::new(Moment::End);
    let make = move |_| {
        let duo = duo_id.clone();
        spawn_local(async move {
            match make_voice_link(duo, moment.get_untracked().as_str().to_string()).await {
                Ok(l) => {
                    error.set(None);
                    link.set(Some(l));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel voice-panel" aria-labelledby="voice-title">
            <h2 id="voice-title">{t!(i18n, voice.panel_title)}</h2>
            <p class="hint">{t!(i18n, voice.panel_hint)}</p>
            {if reports.is_empty() {
                view! { <p class="muted">{t!(i18n, voice.none_yet)}</p> }.into_any()
            } else {
                reports
                    .into_iter()
                    .map(|r| view! { <ReportRow report=r on_confirmed/> })
                    .collect_view()
                    .into_any()
            }}
            {mentor_evaluation.map(|e| view! { <MentorEvaluationRow evaluation=e/> })}
            <div class="voice-link-form">
                <label class="field">
                    <span>{t!(i18n, fields.moment)}</span>
                    <select name="voice-moment" on:change=move |ev| {
                        moment.set(Moment::parse(&event_target_value(&ev)).unwrap_or_default())
                    }>
                        {Moment::ALL.into_iter().map(|m| view! {
                            <option value=m.as_str()>{move || moment_name(i18n.get_locale(), m)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="button" on:click=make>{t!(i18n, voice.make_link)}</button>
            </div>
            {show_error(error)}
            {move || link.get().map(|l| view! {
                <div class="voice-link" role="status">
                    <p>{t!(i18n, voice.link_made)}" "{move || date_text(i18n.get_locale(), &l.expires_on)}</p>
                    <p><code class="link" data-voice-link=l.link.clone()>{l.link.clone()}</code></p>
                    <div class="qr" inner_html=l.qr_svg.clone()></div>
                </div>
            })}
        </section>
    }
}

#[component]
fn ReportRow(report: SelfReport, on_confirmed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let id = report.id.clone();
    let confirm = move |_| {
        let id = id.clone();
        spawn_local(async move {
            match confirm_self_report(id).await {
                // The page reads the duo again: the outcome and this answer, confirmed.
                Ok(_) => on_confirmed.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let r = report.clone();
    let confirmed = report.confirmed_by.clone();
    let is_confirmed = confirmed.is_some().to_string();
    let summary = move || {
        let locale = i18n.get_locale();
        let mut parts = vec![
            moment_name(locale, r.moment),
            situation_name(locale, &r.situation),
        ];
        if r.stable == Some(true) {
            parts.push(t_string!(i18n, voice.stable_short).to_string());
        }
        if let Some(touch) = r.in_touch {
            parts.push(
                if touch {
                    t_string!(i18n, voice.in_touch_yes)
                } else {
                    t_string!(i18n, voice.in_touch_no)
                }
                .to_string(),
            );
        }
        if let Some(n) = r.rating {
            parts.push(format!("{n}/5"));
        }
        parts.push(date_text(locale, &r.answered_on));
        parts.join(" · ")
    };
    view! {
        <div class="self-report" data-moment=report.moment.as_str() data-confirmed=is_confirmed>
            <p><span class="badge">{t!(i18n, voice.self_reported)}</span>" "{summary}</p>
            {report.comment.clone().map(|c| view! { <blockquote>{c}</blockquote> })}
            {match confirmed {
                Some(by) => view! { <p class="muted">{move || td_string!(i18n.get_locale(), voice.confirmed_by, name = by.clone()).to_string()}</p> }.into_any(),
                None => view! { <button type="button" class="button primary" on:click=confirm>{t!(i18n, voice.confirm)}</button> }.into_any(),
            }}
            {show_error(error)}
        </div>
    }
}

/// What the mentor said of the duo when it closed.
#[component]
fn MentorEvaluationRow(evaluation: MentorEvaluation) -> impl IntoView {
    let i18n = use_i18n();
    let (rating, on) = (evaluation.rating, evaluation.on.clone());
    view! {
        <div class="mentor-evaluation" data-mentor-rating=rating.to_string()>
            <p>
                <span class="badge">{t!(i18n, voice.mentor_evaluation)}</span>" "
                {move || format!("{rating}/5 · {}", date_text(i18n.get_locale(), &on))}
            </p>
            {evaluation.comment.map(|c| view! { <blockquote>{c}</blockquote> })}
        </div>
    }
}
