//! The language switcher of the top bar (and of pages shown before sign-in), and where the
//! chosen language is kept: a cookie the server reads before `Accept-Language`. Duo keeps it
//! itself rather than through leptos_i18n's `cookie` feature, which brings a cookie crate and a
//! date library into every page's WebAssembly for one `document.cookie` write.
use crate::i18n::*;
use leptos::prelude::*;

/// The cookie holding the reader's choice. Not the name leptos_i18n used (`i18n_pref_locale`):
/// its cookie was rewritten on every page, for the page's own folder and the browser's session,
/// so an old one on `/duos` would have been sent before a new choice and won.
pub const LANGUAGE_COOKIE: &str = "duo_lang";

/// FR · NL · EN, remembered in [`LANGUAGE_COOKIE`].
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    // On a page served as islands the server drew the rest of the page: it draws it again.
    let reload = use_context::<ReloadOnChoice>().is_some();
    // The short code is the button's name; the tooltip gives the language's own name.
    let choice = move |locale: Locale, label: &'static str, autonym: &'static str| {
        view! {
            <button
                type="button"
                class="lang-btn"
                title=autonym
                aria-pressed=move || (i18n.get_locale() == locale).to_string()
                lang=locale.as_str()
                on:click=move |_| {
                    remember(locale);
                    if reload {
                        crate::ui::reload_here();
                    } else {
                        i18n.set_locale(locale);
                    }
                }
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

/// Given on a page served as islands (`ui::islands`): a choice reloads the page.
#[derive(Clone, Copy)]
struct ReloadOnChoice;

/// Makes the language buttons drawn from here on reload the page after a choice.
pub fn reload_on_language_choice() {
    provide_context(ReloadOnChoice);
}

/// The `Set-Cookie`-style text that keeps a choice for a year on every page of the site.
#[cfg(any(feature = "hydrate", test))]
fn language_cookie(locale: Locale) -> String {
    format!(
        "{LANGUAGE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.as_str()
    )
}

/// The language chosen in a `Cookie` header's text, if one of Duo's.
#[cfg(any(feature = "ssr", test))]
fn chosen_language(cookies: &str) -> Option<Locale> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(name, _)| *name == LANGUAGE_COOKIE)
        .find_map(|(_, value)| match value.trim() {
            "fr" => Some(Locale::fr),
            "nl" => Some(Locale::nl),
            "en" => Some(Locale::en),
            _ => None,
        })
}

#[cfg(feature = "hydrate")]
fn remember(locale: Locale) {
    use wasm_bindgen::JsCast;
    if let Some(document) = leptos::prelude::document().dyn_ref::<web_sys::HtmlDocument>() {
        let _ = document.set_cookie(&language_cookie(locale));
    }
}

#[cfg(not(feature = "hydrate"))]
fn remember(_locale: Locale) {}

/// How the server picks a page's language: the reader's choice, else their browser's
/// languages. Given to the i18n layer in place of its `Accept-Language` reader.
pub fn language_preference() -> leptos_i18n::context::UseLocalesOptions {
    let options = leptos_i18n::context::UseLocalesOptions::default();
    #[cfg(feature = "ssr")]
    let options = options.ssr_lang_header_getter(|| {
        let parts = use_context::<axum::http::request::Parts>()?;
        // Bytes, not `to_str`: another cookie of the site with non-ASCII bytes must not hide
        // the choice.
        let cookies = parts
            .headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect::<Vec<_>>()
            .join(";");
        match chosen_language(&cookies) {
            Some(locale) => Some(locale.as_str().to_string()),
            None => parts
                .headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
        }
    });
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_language_is_read_among_other_cookies() {
        assert_eq!(
            chosen_language("duo_session=abc; duo_lang=nl"),
            Some(Locale::nl)
        );
        assert_eq!(chosen_language("duo_lang=en;other=1"), Some(Locale::en));
        assert_eq!(
            chosen_language(" duo_lang = fr "),
            None,
            "no spaces around ="
        );
        assert_eq!(chosen_language("duo_lang=fr"), Some(Locale::fr));
    }

    #[test]
    fn an_unknown_or_missing_choice_is_no_choice() {
        assert_eq!(chosen_language(""), None);
        assert_eq!(chosen_language("duo_lang=de"), None);
        assert_eq!(chosen_language("xduo_lang=nl"), None);
        assert_eq!(chosen_language("duo_session=duo_lang=nl"), None);
        // leptos_i18n's old cookie is no choice of Duo's.
        assert_eq!(chosen_language("i18n_pref_locale=nl"), None);
    }

    #[test]
    fn a_choice_is_kept_a_year_on_every_page() {
        for locale in [Locale::fr, Locale::nl, Locale::en] {
            let cookie = language_cookie(locale);
            assert_eq!(
                chosen_language(cookie.split(';').next().unwrap()),
                Some(locale)
            );
            assert!(cookie.contains("Path=/") && cookie.contains("Max-Age=31536000"));
        }
    }
}
