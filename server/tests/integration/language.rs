//! The language of a page: the reader's choice (the cookie the language switcher writes) before
//! the languages their browser asks for.
use crate::common;

use common::router::{app, send};

fn lang_of(html: &serde_json::Value) -> String {
    let html = html.as_str().unwrap();
    let tag = html
        .split("<html")
        .nth(1)
        .unwrap()
        .split('>')
        .next()
        .unwrap();
    tag.split("lang=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn a_chosen_language_wins_over_the_browsers() {
    let (app, _db) = app().await;
    let page = |headers: Vec<(&'static str, &'static str)>| {
        let app = app.clone();
        async move { send(&app, "GET", "/login", &headers, None, None).await }
    };
    let browser = page(vec![("accept-language", "fr-BE,fr;q=0.9")]).await;
    assert_eq!(lang_of(&browser.body), "fr");
    assert!(browser.body.as_str().unwrap().contains("Se connecter"));

    let chosen = page(vec![
        ("accept-language", "fr-BE,fr;q=0.9"),
        ("cookie", "other=1; i18n_pref_locale=nl"),
    ])
    .await;
    assert_eq!(lang_of(&chosen.body), "nl");
    assert!(chosen.body.as_str().unwrap().contains("Aanmelden"));

    // A value Duo does not speak is no choice: the browser's languages decide.
    let unknown = page(vec![
        ("accept-language", "nl"),
        ("cookie", "i18n_pref_locale=de"),
    ])
    .await;
    assert_eq!(lang_of(&unknown.body), "nl");

    // Reading a page never writes the choice: only the switcher does.
    assert!(browser.headers.get("set-cookie").is_none());
}
