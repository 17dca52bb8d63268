//! The mentor's page served as islands (`ui::islands`): what the browser hydrates each of its
//! islands with, in the islands' own build (`ui::islands_bundle`) that no other page downloads.
use crate::ui::islands::{each_island, hydrate_island, names, props};
use leptos::prelude::*;

/// Hydrates the islands of the mentor's page, then says the page is live.
pub fn hydrate_the_mentor_page() {
    use crate::mentor::next_view::NextQuestionPanel;
    use crate::mentor::view::MyDuoView;
    use crate::mentor::{MyDuo, NextQuestion};
    use crate::notify::bell::{NotificationBell, Unread};
    use crate::ui::islands::Session;
    use crate::ui::LanguageSwitcher;
    // The contexts every island of the page shares.
    crate::ui::islands::provide_i18n();
    crate::ui::reload_on_language_choice();
    let unread = Unread::provide();
    let mut session = Session::Unknown;
    each_island(|name, element| match name {
        names::MY_DUO => {
            if let Some((duo, account)) = props::<(MyDuo, Option<String>)>(element) {
                let account = Signal::derive(move || account.clone());
                hydrate_island(element, view! { <MyDuoView duo account/> });
            }
        }
        names::NEXT_QUESTION => {
            if let Some(question) = props::<NextQuestion>(element) {
                hydrate_island(element, view! { <NextQuestionPanel question/> });
            }
        }
        names::BELL => hydrate_island(element, view! { <NotificationBell unread/> }),
        names::LANGUAGES => hydrate_island(element, view! { <LanguageSwitcher/> }),
        names::SESSION => {
            if let Some(told) = props::<Session>(element) {
                session = std::mem::replace(&mut session, Session::Unknown).and(told);
            }
        }
        _ => {}
    });
    crate::mentor::session_end::follow_the_account(session);
    crate::ui::hydration::finished();
}
