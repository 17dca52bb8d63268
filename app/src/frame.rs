//! The frame around every page: the top bar (product, pages, language, person) and the foot.
use crate::auth::api::SignOut;
use crate::i18n::*;
use crate::model::Role;
use crate::notify::bell::NotificationBell;
// On a page served as islands the bell and the languages are islands (`ui::islands`).
use crate::ui::islands::{island_where_served, names};
use crate::ui::{reload_at, CurrentUser, LanguageSwitcher};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

/// Top bar: the product, the pages, the language and the person.
#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let CurrentUser(user) = expect_context::<CurrentUser>();
    let sign_out = ServerAction::<SignOut>::new();
    let unread = expect_context::<crate::notify::bell::Unread>();
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            reload_at("/login");
        }
    });
    view! {
        <header class="topbar">
            <a class="skip" href="#main">{t!(i18n, skip_to_content)}</a>
            <A href="/" attr:class="brand">
                <span class="brand-mark" aria-hidden="true">"D"</span>
                <span class="brand-name">{t!(i18n, app_name)}</span>
            </A>
            <nav class="pagenav" aria-label=move || t_string!(i18n, pages_nav)>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let me = user.await.ok().flatten();
                        me.map(|me| {
                            let board = matches!(me.role, Role::Admin | Role::Coordinator);
                            let figures = matches!(me.role, Role::Admin | Role::Coordinator | Role::Hq);
                            let admin = me.role == Role::Admin;
                            view! {
                                <Show when=move || board>
                                    <A href="/board" attr:class="nav-board">{t!(i18n, nav_board)}</A>
                                    <A href="/meeting" attr:class="nav-board">{t!(i18n, meeting.nav)}</A>
                                    <A href="/people" attr:class="nav-board">{t!(i18n, people.nav)}</A>
                                    <A href="/sessions" attr:class="nav-board">{t!(i18n, sessions.nav)}</A>
                                    <A href="/follow-up" attr:class="nav-board">{t!(i18n, follow.alerts)}</A>
                                </Show>
                                <Show when=move || figures>
                                    <A href="/dashboard" attr:class="nav-board">{t!(i18n, dash.nav)}</A>
                                </Show>
                                <Show when=move || admin>
                                    <A href="/admin" attr:class="nav-board">{t!(i18n, admin.nav)}</A>
                                </Show>
                            }
                        })
                    })}
                </Transition>
            </nav>
            <div class="topnav">
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let me = user.await.ok().flatten();
                        me.map(|me| {
                            view! {
                                {island_where_served(names::BELL, &(), view! { <NotificationBell unread/> })}
                                <span class="who" title=me.email.clone()>{me.display_name.clone()}</span>
                                // A plain form (it still signs out without WebAssembly):
                                // `ActionForm` would bring a query-string parser into every page
                                // to read back a form that has no fields.
                                <form
                                    method="post"
                                    action=SignOut::url()
                                    class="inline"
                                    on:submit=move |ev| {
                                        ev.prevent_default();
                                        sign_out.dispatch(SignOut {});
                                    }
                                >
                                    <button type="submit" class="link">{t!(i18n, sign_out)}</button>
                                </form>
                            }
                        })
                    })}
                </Transition>
                {island_where_served(names::LANGUAGES, &(), view! { <LanguageSwitcher/> })}
            </div>
        </header>
    }
}

/// The foot of every page: the privacy notice, always one click away (GDPR art. 12-13).
#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="footer">
            <a href="/privacy" class="footer-privacy">{t!(i18n, gdpr.footer)}</a>
        </footer>
    }
}
