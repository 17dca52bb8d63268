//! The page shell, the router and the frame around every page.
use crate::auth::api::current_user;
use crate::frame::{Footer, Header};
use crate::i18n::*;
use crate::model::Role;
use crate::routes;
#[cfg(feature = "ssr")]
use crate::ui::islands::served_as_islands;
use crate::ui::islands::IslandsPage;
use crate::ui::islands_bundle::IslandsScripts;
use crate::ui::CurrentUser;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Redirect, Route, Router, Routes, A};
use leptos_router::{path, Lazy};

/// The Content-Security-Policy of a page: its own files and WebAssembly, and inline scripts
/// only with this response's nonce (the hydration scripts Leptos writes carry it). Nothing
/// else inline, nothing from elsewhere, no framing.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(feature = "ssr")]
fn set_page_policy() {
    let nonce = leptos::nonce::use_nonce();
    let response = use_context::<leptos_axum::ResponseOptions>();
    if let (Some(nonce), Some(response)) = (nonce, response) {
        if let Ok(value) = axum::http::HeaderValue::from_str(&page_policy(&nonce)) {
            response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}

/// The islands' build to load, when the page the server is rendering is served as islands
/// (`ui::islands`) and that build is there; otherwise the page is the whole app.
fn islands_bundle(options: &LeptosOptions) -> Option<crate::ui::islands_bundle::Bundle> {
    #[cfg(feature = "ssr")]
    return use_context::<axum::http::request::Parts>()
        .filter(|parts| served_as_islands(parts.uri.path()))
        .and_then(|_| crate::ui::islands_bundle::served(options));
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
        None
    }
}

/// The HTML document the server renders around the app.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_page_policy();
    // A page served as islands (`ui::islands`) says so to its components, and loads the islands'
    // own build instead of the whole app's; without that build, it is served as the whole app.
    let bundle = islands_bundle(&options);
    let islands = bundle.is_some();
    if islands {
        provide_context(IslandsPage);
        // Nothing outside the islands is hydrated: no resource is written into the page for it.
        if let Some(context) = Owner::current_shared_context() {
            context.set_is_hydrating(false);
        }
    }
    let scripts = match bundle {
        Some(bundle) => view! { <IslandsScripts bundle/> }.into_any(),
        None => view! { <HydrationScripts options=options.clone()/> }.into_any(),
    };
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // The same on every page, so written here on the server rather than by the app
                // (leptos_meta's `Link` and `Meta` would bring their code into every page's
                // download; `Title` stays in the app, it follows the language).
                <meta name="theme-color" content="#1d4e5f"/>
                <link rel="icon" href="/favicon.svg"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/duo-192.png"/>
                <AutoReload options=options.clone()/>
                // The stylesheet's name carries a hash of its content (cargo-leptos
                // `hash-files`), read from `hash.txt`: written here, on the server only.
                <HashedStylesheet options=options.clone() id="leptos"/>
                {scripts}
                <MetaTags/>
            </head>
            // Marks a page served as islands, for tests and styles.
            <body data-islands=islands.then_some("")>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let user = crate::ui::load(|| (), |_| current_user());
    provide_context(CurrentUser(user));
    // The bell's count, read with the page and refreshed by the inbox when it marks notices read.
    crate::notify::bell::Unread::provide();
    // What the phone keeps goes with the session (the worker's pages, waiting meetings).
    #[cfg(feature = "hydrate")]
    crate::mentor::session_end::follow_the_session(CurrentUser(user));
    // A page served as islands tells the browser the session in an island (`ui::islands`).
    let page_live = crate::ui::islands::islands_page().then(|| {
        view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    use crate::ui::islands::Session;
                    let session = match user.await {
                        Ok(Some(me)) => Session::SignedIn { account: me.id },
                        Ok(None) => Session::SignedOut,
                        Err(_) => Session::Unknown,
                    };
                    view! { <crate::ui::islands::SessionIsland session/> }
                })}
            </Suspense>
        }
    });
    view! {
        <I18nContextProvider ssr_lang_header_getter=crate::ui::language_preference()>
            <DocumentTitle/>
            <Router>
                <Header/>
                <main id="main">
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=HomePage/>
                        <Route path=path!("/login") view={Lazy::<routes::Login>::new()}/>
                        <Route path=path!("/board") view={Lazy::<routes::MatchingBoard>::new()}/>
                        <Route path=path!("/meeting") view={Lazy::<routes::WeeklyMeeting>::new()}/>
                        <Route path=path!("/mentor") view={Lazy::<routes::MentorPhone>::new()}/>
                        <Route path=path!("/duos/:id") view={Lazy::<routes::Duo>::new()}/>
                        <Route path=path!("/follow-up") view={Lazy::<routes::Alerts>::new()}/>
                        <Route path=path!("/dashboard") view={Lazy::<routes::Dashboard>::new()}/>
                        <Route path=path!("/privacy") view={Lazy::<routes::Privacy>::new()}/>
                        <Route path=path!("/people") view={Lazy::<routes::Directory>::new()}/>
                        <Route path=path!("/people/new/:kind") view={Lazy::<routes::Register>::new()}/>
                        <Route path=path!("/people/import") view={Lazy::<routes::Import>::new()}/>
                        <Route path=path!("/people/:id") view={Lazy::<routes::Person>::new()}/>
                        <Route path=path!("/sessions") view={Lazy::<routes::Sessions>::new()}/>
                        <Route path=path!("/sessions/:id") view={Lazy::<routes::Session>::new()}/>
                        <Route path=path!("/admin") view={Lazy::<routes::Admin>::new()}/>
                        <Route path=path!("/inbox") view={Lazy::<routes::Inbox>::new()}/>
                        <Route path=path!("/voice/:token") view={Lazy::<routes::Voice>::new()}/>
                        <Route path=path!("/welcome/:token") view={Lazy::<routes::SetPassword>::new()}/>
                        <Route path=path!("/reset/:token") view={Lazy::<routes::SetPassword>::new()}/>
                        <Route path=path!("/forgot") view={Lazy::<routes::Forgot>::new()}/>
                    </Routes>
                </main>
                <Footer/>
                {page_live}
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn DocumentTitle() -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title text=move || format!("Duo · {}", t_string!(i18n, tagline))/> }
}

/// The start page: coordinators go straight to their board, others see their space.
#[component]
fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let CurrentUser(user) = expect_context::<CurrentUser>();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await.ok().flatten() {
                    None => view! { <Redirect path="/login"/> }.into_any(),
                    Some(me) if me.role.start_page() != "/" => {
                        view! { <Redirect path=me.role.start_page()/> }.into_any()
                    }
                    Some(me) => {
                        let name = me.display_name.clone();
                        let role = me.role;
                        view! {
                            <section class="welcome">
                                <h1>{move || t_string!(i18n, home_title, name = name.clone())}</h1>
                                <p>
                                    {move || match role {
                                        Role::Admin => t_string!(i18n, home_role_admin),
                                        Role::Hq => t_string!(i18n, home_role_hq),
                                        Role::Coordinator => t_string!(i18n, home_role_coordinator),
                                        Role::Mentor => t_string!(i18n, home_role_mentor),
                                    }}
                                </p>
                                <Show when=move || role == Role::Admin>
                                    <A href="/board" attr:class="button primary">{t!(i18n, open_board)}</A>
                                </Show>
                            </section>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <section class="welcome">
            <h1>{t!(i18n, not_found_title)}</h1>
            <A href="/" attr:class="button">{t!(i18n, back_home)}</A>
        </section>
    }
}
