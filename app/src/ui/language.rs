//! The language switcher of the top bar (and of pages shown before sign-in).
use crate::i18n::*;
use leptos::prelude::*;

/// FR · NL · EN, remembered in a cookie by the i18n layer.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    // The short code is the button's name; the tooltip gives the language's own name.
    let choice = move |locale: Locale, label: &'static str, autonym: &'static str| {
        view! {
            <button
                type="button"
                class="lang-btn"
                title=autonym
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                lang=locale.as_str()
                on:click=move |_| i18n.set_locale(locale)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="langs" role="group" aria-label=move || t_string!(i18n, language)>
            {choice(Locale::fr, "FR", "Français")}
            {choice(Locale::nl, "NL", "Nederlands")}
            {choice(Locale::en, "EN", "English")}
        </div>
    }
}
