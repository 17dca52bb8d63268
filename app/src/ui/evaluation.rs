//! The closing evaluation's fields, the same for a mentee on their link's page and a mentor on
//! their phone: how the duo went, 1 to 5 (large targets), and an optional sentence.
use crate::domain::evaluation::COMMENT_MAX;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn EvaluationFields(rating: RwSignal<Option<u8>>, comment: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="evaluation">
            <legend>{t!(i18n, evaluation.rating)}</legend>
            <div class="rating-scale">
                {(1u8..=5).map(|n| view! {
                    <label class="rating-choice" data-rating=n.to_string()>
                        <input type="radio" name="rating" prop:checked=move || rating.get() == Some(n)
                            on:change=move |_| rating.set(Some(n))/>
                        <span>{n}</span>
                    </label>
                }).collect_view()}
            </div>
            <p class="muted">{t!(i18n, evaluation.scale)}</p>
        </fieldset>
        <label class="field evaluation-comment">
            <span>{t!(i18n, evaluation.comment)}</span>
            <textarea name="comment" maxlength=COMMENT_MAX.to_string() rows="3"
                prop:value=move || comment.get()
                on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
        </label>
    }
}
