//! Route `/voice/:token`: the mentee's own page, without an account, on any phone: where are
//! you today, whether they still see their mentor (6 and 12 months), and at the end how it
//! went. It shows their first name, nothing else.
use super::api::{load_voice_question, send_voice_answer};
use super::VoiceQuestion;
use crate::domain::followup::Moment;
use crate::domain::voice::{self_situations, VoiceAnswer};
use crate::duos::follow_view::{situation_help, situation_name};
use crate::error::AppError;
use crate::i18n::*;
use crate::texts::error_message;
use crate::ui::{show_error, EvaluationFields};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

/// Route `/voice/:token`.
#[component]
pub fn VoicePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let question = crate::ui::load(token, load_voice_question);
    view! {
        <section class="voice">
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match question.await {
                        Ok(q) => view! { <VoiceForm token=token() question=q/> }.into_any(),
                        Err(e) => view! {
                            <h1>{t!(i18n, voice.title_closed)}</h1>
                            <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn VoiceForm(token: String, question: VoiceQuestion) -> impl IntoView {
    let i18n = use_i18n();
    let moment = question.moment;
    let name = question.first_name.clone();
    let situation = RwSignal::new(None::<String>);
    let stable = RwSignal::new(None::<bool>);
    let in_touch = RwSignal::new(None::<bool>);
    let rating = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let (error, done) = (RwSignal::new(None::<AppError>), RwSignal::new(false));
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let answer = VoiceAnswer {
            situation: situation.get_untracked().unwrap_or_default(),
            stable: stable.get_untracked(),
            in_touch: in_touch.get_untracked(),
            rating: rating.get_untracked(),
            comment: Some(comment.get_untracked()),
        };
        let token = token.clone();
        spawn_local(async move {
            match send_voice_answer(token, answer).await {
                Ok(()) => done.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let later = moment != Moment::End;
    let yes_no = move |value: RwSignal<Option<bool>>, field: &'static str| {
        view! {
            <div class="voice-choices" role="radiogroup">
                {[(true, "yes"), (false, "no")].into_iter().map(|(v, code)| view! {
                    <label class="voice-choice" data-choice=format!("{field}-{code}")>
                        <input type="radio" name=field on:change=move |_| value.set(Some(v)) prop:checked=move || value.get() == Some(v)/>
                        <span>{move || if v { t_string!(i18n, voice.yes) } else { t_string!(i18n, voice.no) }}</span>
                    </label>
                }).collect_view()}
            </div>
        }
    };
    view! {
        <Show
            when=move || !done.get()
            fallback=move || view! {
                <div class="voice-done" role="status">
                    <h1>{t!(i18n, voice.thanks_title)}</h1>
                    <p>{t!(i18n, voice.thanks)}</p>
                </div>
            }
        >
            <h1>{
                let name = name.clone();
                move || td_string!(i18n.get_locale(), voice.hello, name = name.clone()).to_string()
            }</h1>
            <p class="muted">{move || if later { t_string!(i18n, voice.intro_later) } else { t_string!(i18n, voice.intro_end) }}</p>
            <form class="voice-form" on:submit=send.clone()>
                <fieldset>
                    <legend>{t!(i18n, voice.situation)}</legend>
                    {self_situations().map(|s| view! {
                        <label class="voice-choice situation" data-situation=s>
                            <input type="radio" name="situation" on:change=move |_| situation.set(Some(s.to_string()))/>
                            <span>
                                <strong>{move || situation_name(i18n.get_locale(), s)}</strong>
                                <small>{move || situation_help(i18n.get_locale(), s)}</small>
                            </span>
                        </label>
                    }).collect_view()}
                </fieldset>
                <Show when=move || situation.get().as_deref() == Some("job")>
                    <fieldset>
                        <legend>{t!(i18n, voice.stable)}</legend>
                        {yes_no(stable, "stable")}
                    </fieldset>
                </Show>
                <Show when=move || later>
                    <fieldset>
                        <legend>{t!(i18n, voice.in_touch)}</legend>
                        {yes_no(in_touch, "in_touch")}
                    </fieldset>
                </Show>
                <Show when=move || !later>
                    <EvaluationFields rating=rating comment=comment/>
                </Show>
                {show_error(error)}
                <button type="submit" class="button primary" disabled=move || situation.get().is_none()>{t!(i18n, voice.send)}</button>
                <p class="muted voice-privacy">{t!(i18n, voice.privacy)}</p>
            </form>
        </Show>
    }
}
