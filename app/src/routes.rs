//! The pages come in a few parts of the WebAssembly, each loaded when one of its pages is
//! opened (`cargo leptos build --split`): a first visit downloads the frame shared by every page
//! and the part of the page opened, not all of Duo. Pages used together share a part, so that a
//! part is one download rather than many small ones:
//! - `public`: signing in, a forgotten password, an invitation, the mentee's single-use page;
//! - `mentor`: the mentor's phone;
//! - `board`: the matching board;
//! - `office`: a coordinator's other pages (weekly meeting, duos, alerts, people, import,
//!   sessions, inbox) and the board's dialogs, fetched when one first opens: the board's own
//!   first visit goes without them, the part it shares most with;
//! - `figures`: the dashboard, privacy and the administrator's accounts.
//!
//! On the server a lazy page renders at once, as any other; in the browser hydration waits for
//! the page's part (`app::hydrate`), so what the server drew and what the browser builds match.
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// A part of the WebAssembly: `fn $part` made lazy (`#[leptos::lazy]`, which also makes
/// `$preload`). The islands' build (`ui::islands_bundle`, not split) never draws these pages, and
/// the exports `#[lazy]` leaves for the splitter would keep them all in it: there they are plain
/// functions, never called.
macro_rules! part {
    ($preload:ident; fn $part:ident($page:ident: $kind:ty) -> AnyView $body:block) => {
        #[cfg(not(feature = "mentor-islands"))]
        #[leptos::lazy]
        fn $part($page: $kind) -> AnyView $body

        #[cfg(feature = "mentor-islands")]
        async fn $part($page: $kind) -> AnyView $body

        #[cfg(feature = "mentor-islands")]
        #[allow(non_snake_case, dead_code)]
        async fn $preload() {}
    };
}

/// The pages of the `public` part.
#[derive(Clone, Copy)]
pub enum Public {
    Login,
    Forgot,
    SetPassword,
    Voice,
}

part!(__preload_public_pages; fn public_pages(page: Public) -> AnyView {
    match page {
        Public::Login => crate::auth::view::LoginPage().into_any(),
        Public::Forgot => crate::accounts::view::ForgotPage().into_any(),
        Public::SetPassword => crate::accounts::view::SetPasswordPage().into_any(),
        Public::Voice => crate::voice::page::VoicePage().into_any(),
    }
});

/// The page of the `mentor` part.
#[derive(Clone, Copy)]
pub enum Mentor {
    Phone,
}

part!(__preload_mentor_pages; fn mentor_pages(page: Mentor) -> AnyView {
    mentor_page(page)
});

/// A page of the `mentor` part, drawn at once: what the server draws for a page served as
/// islands (`ui::islands`), which must not name the part for the browser to preload.
fn mentor_page(page: Mentor) -> AnyView {
    match page {
        Mentor::Phone => crate::mentor::view::MentorPage().into_any(),
    }
}

/// The page of the `board` part.
#[derive(Clone, Copy)]
pub enum Board {
    Board,
}

part!(__preload_board_pages; fn board_pages(page: Board) -> AnyView {
    match page {
        Board::Board => crate::board::view::BoardPage().into_any(),
    }
});

/// The pages of the `office` part, and the board's dialogs: the board's first visit goes without
/// them (a part of their own would split the code shared by the parts into more small files,
/// which every page pays for).
pub enum Office {
    Duo,
    Alerts,
    Directory,
    Register,
    Import,
    Person,
    Sessions,
    Session,
    Inbox,
    Meeting,
    BoardDialog(crate::board::dialogs::OpenDialog),
}

part!(__preload_office_pages; fn office_pages(page: Office) -> AnyView {
    match page {
        Office::Duo => crate::duos::view::DuoPage().into_any(),
        Office::Alerts => crate::duos::follow_view::AlertsPage().into_any(),
        Office::Directory => crate::people::directory_view::DirectoryPage().into_any(),
        Office::Register => crate::people::form::RegisterPage().into_any(),
        Office::Import => crate::import::view::ImportPage().into_any(),
        Office::Person => crate::privacy::view::PersonPage().into_any(),
        Office::Sessions => crate::sessions::list_view::SessionsPage().into_any(),
        Office::Session => crate::sessions::detail_view::SessionPage().into_any(),
        Office::Inbox => crate::notify::view::InboxPage().into_any(),
        Office::Meeting => crate::meeting::view::MeetingPage().into_any(),
        Office::BoardDialog(dialog) => crate::board::dialogs::draw(dialog),
    }
});

/// A dialog of the board, drawn once the `office` part has arrived (at once after the first).
pub async fn board_dialog(dialog: crate::board::dialogs::OpenDialog) -> AnyView {
    office_pages(Office::BoardDialog(dialog)).await
}

/// The pages of the `figures` part.
#[derive(Clone, Copy)]
pub enum Figures {
    Dashboard,
    Privacy,
    Admin,
}

part!(__preload_figures_pages; fn figures_pages(page: Figures) -> AnyView {
    match page {
        Figures::Dashboard => crate::metrics::view::DashboardPage().into_any(),
        Figures::Privacy => crate::privacy::view::PrivacyPage().into_any(),
        Figures::Admin => crate::accounts::view::AdminPage().into_any(),
    }
});

/// A route of the router for one page of a part: `$route` draws `$part($page)`, and preloads
/// the part (`$preload`, made by `#[lazy]` in the browser build) while the route's data loads.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $part:ident, $preload:ident, $page:expr $(, islands: $at_once:ident)?) => {
        $(#[$doc])*
        pub struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_this: Self) -> AnyView {
                // A lazy function called on the server names its part for the browser to
                // preload; a page served as islands never loads it.
                $(
                #[cfg(feature = "ssr")]
                if crate::ui::islands::islands_page() {
                    return $at_once($page);
                }
                )?
                let view = $part($page).await;
                // The part arrived: a later failure is not about this navigation.
                #[cfg(feature = "hydrate")]
                crate::ui::broken::arrived();
                view
            }

            async fn preload() {
                #[cfg(feature = "hydrate")]
                $preload().await;
            }
        }
    };
}

lazy_page!(
    /// `/login`.
    Login => public_pages, __preload_public_pages, Public::Login
);
lazy_page!(
    /// `/forgot`.
    Forgot => public_pages, __preload_public_pages, Public::Forgot
);
lazy_page!(
    /// `/welcome/:token` and `/reset/:token`.
    SetPassword => public_pages, __preload_public_pages, Public::SetPassword
);
lazy_page!(
    /// `/voice/:token`: the mentee's single-use page.
    Voice => public_pages, __preload_public_pages, Public::Voice
);
lazy_page!(
    /// `/mentor`: the mentor's phone.
    MentorPhone => mentor_pages, __preload_mentor_pages, Mentor::Phone, islands: mentor_page
);
lazy_page!(
    /// `/board`: the matching board.
    MatchingBoard => board_pages, __preload_board_pages, Board::Board
);
lazy_page!(
    /// `/meeting`: the weekly matching meeting.
    WeeklyMeeting => office_pages, __preload_office_pages, Office::Meeting
);
lazy_page!(
    /// `/duos/:id`.
    Duo => office_pages, __preload_office_pages, Office::Duo
);
lazy_page!(
    /// `/follow-up`: the alerts.
    Alerts => office_pages, __preload_office_pages, Office::Alerts
);
lazy_page!(
    /// `/people`: the directory.
    Directory => office_pages, __preload_office_pages, Office::Directory
);
lazy_page!(
    /// `/people/new/:kind`.
    Register => office_pages, __preload_office_pages, Office::Register
);
lazy_page!(
    /// `/people/import`.
    Import => office_pages, __preload_office_pages, Office::Import
);
lazy_page!(
    /// `/people/:id`.
    Person => office_pages, __preload_office_pages, Office::Person
);
lazy_page!(
    /// `/sessions`: intervision sessions.
    Sessions => office_pages, __preload_office_pages, Office::Sessions
);
lazy_page!(
    /// `/sessions/:id`.
    Session => office_pages, __preload_office_pages, Office::Session
);
lazy_page!(
    /// `/inbox`: notices.
    Inbox => office_pages, __preload_office_pages, Office::Inbox
);
lazy_page!(
    /// `/dashboard`: the figures.
    Dashboard => figures_pages, __preload_figures_pages, Figures::Dashboard
);
lazy_page!(
    /// `/privacy`: the audit log and the rights.
    Privacy => figures_pages, __preload_figures_pages, Figures::Privacy
);
lazy_page!(
    /// `/admin`: accounts.
    Admin => figures_pages, __preload_figures_pages, Figures::Admin
);
