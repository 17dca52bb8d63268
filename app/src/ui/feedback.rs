//! How an action's error is told: one alert, in the reader's language.
use crate::error::AppError;
use crate::i18n::*;
use crate::texts::error_message;
use leptos::prelude::*;

/// The error of the last action, in the reader's language.
pub fn show_error(error: RwSignal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })
    }
}
