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
        ("cookie", "i18n_pref_locale=fr; other=1; duo_lang=nl"),
    ])
    .await;
    assert_eq!(lang_of(&chosen.body), "nl");
    assert!(chosen.body.as_str().unwrap().contains("Aanmelden"));

    // A value Duo does not speak is no choice: the browser's languages decide.
    let unknown = page(vec![("accept-language", "nl"), ("cookie", "duo_lang=de")]).await;
    assert_eq!(lang_of(&unknown.body), "nl");

    // Another cookie of the site with bytes beyond ASCII does not hide the choice.
    let request = axum::http::Request::builder()
        .uri("/login")
        .header("accept-language", "fr")
        .header(
            "cookie",
            axum::http::HeaderValue::from_bytes(b"name=Andr\xc3\xa9; duo_lang=nl").unwrap(),
        )
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app.clone(), request)
        .await
        .unwrap();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let html = serde_json::Value::String(String::from_utf8_lossy(&bytes).into());
    assert_eq!(lang_of(&html), "nl");

    // Reading a page never writes the choice: only the switcher does.
    assert!(browser.headers.get("set-cookie").is_none());
}
