//! The mentor's page, designed for a 360 px phone first: large type, large targets, the meeting
//! form one tap away with today's date, an hour and "in person" already chosen.
use crate::duos::follow_view::GoalsPanel;
use crate::error::AppError;
use crate::i18n::*;
use crate::mentor::api::{load_my_duo, load_next_question};
use crate::mentor::meeting_form::MeetingForm;
use crate::mentor::meetings::{use_meeting_log, MeetingHistory, SendStatus};
use crate::mentor::next_view::NextQuestionPanel;
use crate::mentor::panels::{CoordinatorPanel, DuoHeader, IntervisionsPanel, MenteePanel};
use crate::mentor::MyDuo;
use crate::texts::error_message;
use crate::ui::islands::{island, island_where_served, names, Session, SessionIsland};
use crate::ui::CurrentUser;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Route `/mentor`.
#[component]
pub fn MentorPage() -> impl IntoView {
    let i18n = use_i18n();
    // Served as islands on a first visit (`ui::islands`): the same page, its interactive parts
    // hydrated on their own.
    let islands = crate::ui::islands::islands_page();
    let CurrentUser(user) = expect_context::<CurrentUser>();
    let data = crate::ui::load(|| (), |_| load_my_duo());
    let next = crate::ui::load(|| (), |_| load_next_question());
    view! {
        // After a duo the programme closed: what next? (Nothing when there is no question.)
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                next.await.ok().flatten().map(|question| {
                    let props = question.clone();
                    island_where_served(names::NEXT_QUESTION, &props, view! { <NextQuestionPanel question/> })
                })
            })}
        </Suspense>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(duo)) if islands => {
                        let account = user.await.ok().flatten().map(|me| me.id);
                        let props = (duo.clone(), account.clone());
                        let account = Signal::derive(move || account.clone());
                        island(names::MY_DUO, &props, view! { <MyDuoView duo account/> }).into_any()
                    }
                    Ok(Some(duo)) => {
                        let account = Signal::derive(move || {
                            user.get().and_then(|found| found.ok().flatten()).map(|me| me.id)
                        });
                        view! { <MyDuoView duo account/> }.into_any()
                    }
                    Ok(None) => view! { <section class="welcome"><p>{t!(i18n, mentor.no_duo)}</p></section> }.into_any(),
                    // Served as islands, the page has no router to follow the redirect: the
                    // session island says it (`ui::islands`).
                    Err(AppError::Unauthenticated) if islands => {
                        view! { <SessionIsland session=Session::SignedOut/> }.into_any()
                    }
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! {
                        <section class="welcome" role="alert"><p>{move || error_message(i18n.get_locale(), &e)}</p></section>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// The mentor's duo: the header, the meeting log (form, status, history), the action plan, the
/// mentee, the peer-exchange sessions and the coordinator.
#[component]
pub(crate) fn MyDuoView(
    duo: MyDuo,
    /// The signed-in account (`None` until known), whose waiting meetings the phone sends.
    account: Signal<Option<String>>,
) -> impl IntoView {
    let log = use_meeting_log(duo.id.clone(), &duo.meetings, account);
    let toast = log.toast;
    view! {
        <div class="mentor-page">
            <DuoHeader
                first_name=duo.mentee.first_name.clone()
                state=duo.state
                started=duo.started_on.clone()
                intro=duo.intro_on.clone()
            />
            <SendStatus log=log/>
            <MeetingForm log=log/>
            <MeetingHistory log=log/>
            <GoalsPanel duo_id=duo.id.clone() goals=duo.goals.clone()/>
            <MenteePanel mentee=duo.mentee.clone() state=duo.state/>
            <IntervisionsPanel intervisions=duo.intervisions.clone()/>
            <CoordinatorPanel coordinator=duo.coordinator.clone()/>
            <div class="toast-region" role="status" aria-live="polite">
                {move || toast.get().map(|t| view! { <div class="toast">{t}</div> })}
            </div>
        </div>
    }
}
