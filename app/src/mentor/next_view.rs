//! "What next?": once the programme closed their duo, the mentor's phone asks how it went (the
//! closing evaluation) and whether they want another duo, a pause until a date, or to stop, and
//! says what their answer does.
use crate::domain::comeback::{NextAnswer, NextStep};
use crate::i18n::*;
use crate::mentor::api::answer_next;
use crate::mentor::NextQuestion;
use crate::texts::{date_text, error_message};
use crate::ui::EvaluationFields;
use leptos::prelude::*;

/// The question, above the rest of the mentor's page; once answered, what the answer does.
#[component]
pub fn NextQuestionPanel(question: NextQuestion) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = RwSignal::new(None::<NextStep>);
    let until = RwSignal::new(String::new());
    let rating = RwSignal::new(None::<u8>);
    let comment = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let name = question.mentee_first_name.clone();
    let duo = question.duo.clone();
    let send = move |_| {
        let Some(next) = chosen.get_untracked() else {
            return;
        };
        let answer = NextAnswer {
            next,
            until: (next == NextStep::Pause).then(|| until.get_untracked()),
            rating: rating.get_untracked(),
            comment: Some(comment.get_untracked()),
        };
        sending.set(true);
        let duo = duo.clone();
        leptos::task::spawn_local(async move {
            let result = answer_next(duo, answer.clone()).await;
            sending.set(false);
            let locale = i18n.get_locale_untracked();
            match result {
                Ok(_) => {
                    error.set(None);
                    done.set(Some(thanks(locale, &answer)));
                }
                Err(e) => error.set(Some(error_message(locale, &e))),
            }
        });
    };
    let option = move |step: NextStep, label: fn(Locale) -> String, hint: fn(Locale) -> String| {
        view! {
            <label class="next-option" data-next=step.as_str()>
                <input type="radio" name="next" value=step.as_str()
                    prop:checked=move || chosen.get() == Some(step)
                    on:change=move |_| chosen.set(Some(step))/>
                <span>
                    <strong>{move || label(i18n.get_locale())}</strong>
                    <span class="muted">{move || hint(i18n.get_locale())}</span>
                </span>
            </label>
        }
    };
    view! {
        <section class="panel next-question" aria-labelledby="next-title" data-next-question="">
            <h2 id="next-title">{t!(i18n, mentor.next.title)}</h2>
            <Show
                when=move || done.get().is_none()
                fallback=move || view! { <p class="next-done" role="status">{move || done.get()}</p> }
            >
                <p>{
                    let (name, ended) = (name.clone(), question.ended_on.clone());
                    move || {
                        let locale = i18n.get_locale();
                        let date = ended.as_deref().map(|d| date_text(locale, d)).unwrap_or_default();
                        td_string!(locale, mentor.next.intro, name = name.clone(), date = date).to_string()
                    }
                }</p>
                <EvaluationFields rating=rating comment=comment/>
                <p class="muted">{t!(i18n, mentor.next.who_reads)}</p>
                <fieldset class="next-options">
                    <legend>{t!(i18n, mentor.next.question)}</legend>
                    {option(NextStep::Another, |l| td_string!(l, mentor.next.another).to_string(), |l| td_string!(l, mentor.next.another_hint).to_string())}
                    {option(NextStep::Pause, |l| td_string!(l, mentor.next.pause).to_string(), |l| td_string!(l, mentor.next.pause_hint).to_string())}
                    <Show when=move || chosen.get() == Some(NextStep::Pause)>
                        <label class="field">
                            <span>{t!(i18n, mentor.next.until)}</span>
                            <input type="date" name="until" prop:value=move || until.get()
                                on:input=move |ev| until.set(event_target_value(&ev))/>
                        </label>
                    </Show>
                    {option(NextStep::Stop, |l| td_string!(l, mentor.next.stop).to_string(), |l| td_string!(l, mentor.next.stop_hint).to_string())}
                </fieldset>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <button type="button" class="button primary big" data-next-send=""
                    disabled=move || sending.get() || chosen.get().is_none() || rating.get().is_none()
                    on:click=send.clone()>
                    {t!(i18n, mentor.next.send)}
                </button>
            </Show>
        </section>
    }
}

/// What the answer does, in a sentence.
fn thanks(locale: Locale, answer: &NextAnswer) -> String {
    match answer.next {
        NextStep::Another => td_string!(locale, mentor.next.thanks_another).to_string(),
        NextStep::Pause => {
            let date = answer
                .until
                .as_deref()
                .map(|d| date_text(locale, d))
                .unwrap_or_default();
            td_string!(locale, mentor.next.thanks_pause, date = date).to_string()
        }
        NextStep::Stop => td_string!(locale, mentor.next.thanks_stop).to_string(),
    }
}
