//! Each page is its own part of the WebAssembly, loaded when the page is opened
//! (`cargo leptos build --split`): a first visit downloads the frame and that page, not all of
//! Duo. On the server a lazy page renders at once, as any other; in the browser hydration waits
//! for the page's part (`app::hydrate`), so what the server drew and what the browser builds
//! match.
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A page as a lazily loaded route: `$route` is the router's handle on the component `$page`.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

lazy_page!(
    /// `/`: where each role starts.
    Home => crate::app::HomePage
);
lazy_page!(
    /// `/login`.
    Login => crate::auth::view::LoginPage
);
lazy_page!(
    /// `/board`: the matching board.
    Board => crate::board::view::BoardPage
);
lazy_page!(
    /// `/meeting`: the weekly matching meeting.
    Meeting => crate::meeting::view::MeetingPage
);
lazy_page!(
    /// `/mentor`: the mentor's phone.
    Mentor => crate::mentor::view::MentorPage
);
lazy_page!(
    /// `/duos/:id`.
    Duo => crate::duos::view::DuoPage
);
lazy_page!(
    /// `/follow-up`: the alerts.
    Alerts => crate::duos::follow_view::AlertsPage
);
lazy_page!(
    /// `/dashboard`: the figures.
    Dashboard => crate::metrics::view::DashboardPage
);
lazy_page!(
    /// `/privacy`: the audit log and the rights.
    Privacy => crate::privacy::view::PrivacyPage
);
lazy_page!(
    /// `/people`: the directory.
    Directory => crate::people::directory_view::DirectoryPage
);
lazy_page!(
    /// `/people/new/:kind`.
    Register => crate::people::form::RegisterPage
);
lazy_page!(
    /// `/people/import`.
    Import => crate::import::view::ImportPage
);
lazy_page!(
    /// `/people/:id`.
    Person => crate::privacy::view::PersonPage
);
lazy_page!(
    /// `/sessions`: intervision sessions.
    Sessions => crate::sessions::list_view::SessionsPage
);
lazy_page!(
    /// `/sessions/:id`.
    Session => crate::sessions::detail_view::SessionPage
);
lazy_page!(
    /// `/admin`: accounts.
    Admin => crate::accounts::view::AdminPage
);
lazy_page!(
    /// `/inbox`: notices.
    Inbox => crate::notify::view::InboxPage
);
lazy_page!(
    /// `/voice/:token`: the mentee's single-use page.
    Voice => crate::voice::page::VoicePage
);
lazy_page!(
    /// `/welcome/:token` and `/reset/:token`.
    SetPassword => crate::accounts::view::SetPasswordPage
);
lazy_page!(
    /// `/forgot`.
    Forgot => crate::accounts::view::ForgotPage
);
