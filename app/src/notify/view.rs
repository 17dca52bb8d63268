//! Route `/inbox`: a person's notices, newest first, live; each opens where it leads and is
//! then read. Below, what is also mailed to them (`settings_view`).
use super::api::{load_inbox, read_all_notices, read_notice};
use super::bell::Unread;
use super::settings_view::MailSettingsPanel;
use super::text::{body, path, title, Reader};
use super::{Inbox, Notice};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::Role;
use crate::texts::{date_text, error_message};
use crate::ui::{show_error, CurrentUser};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;

/// Route `/inbox`.
#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let CurrentUser(user) = expect_context::<CurrentUser>();
    let reloads = RwSignal::new(0u32);
    let inbox = crate::ui::load(move || reloads.get(), |_| load_inbox());
    #[cfg(feature = "hydrate")]
    {
        // A notice made (or read in another tab): the list follows.
        let listening = crate::live::client::listen(move |event| {
            if event.kind == crate::live::NOTICE {
                reloads.update(|r| *r += 1);
            }
        });
        let _listening = StoredValue::new_local(listening);
    }
    view! {
        <section class="inbox">
            <h1>{t!(i18n, notify.heading)}</h1>
            <p class="muted">{t!(i18n, notify.hint)}</p>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    let to_mentor = user
                        .await
                        .ok()
                        .flatten()
                        .is_some_and(|me| me.role == Role::Mentor);
                    match inbox.await {
                        Ok(inbox) => view! { <NoticeList inbox to_mentor reloads/> }.into_any(),
                        Err(AppError::Unauthenticated) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(e) => view! {
                            <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
            <MailSettingsPanel/>
        </section>
    }
}

/// The notices, and "mark all as read" when some are unread.
#[component]
fn NoticeList(inbox: Inbox, to_mentor: bool, reloads: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let unread = use_context::<Unread>();
    let read_all = move |_| {
        spawn_local(async move {
            match read_all_notices().await {
                Ok(_) => {
                    reloads.update(|r| *r += 1);
                    if let Some(count) = unread {
                        count.refresh();
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    if inbox.notices.is_empty() {
        return view! { <p class="muted inbox-empty">{t!(i18n, notify.empty)}</p> }.into_any();
    }
    let some_unread = inbox.unread > 0;
    view! {
        <Show when=move || some_unread>
            <button type="button" class="button" on:click=read_all>{t!(i18n, notify.mark_all_read)}</button>
        </Show>
        {show_error(error)}
        <ul class="inbox-list">
            {inbox
                .notices
                .into_iter()
                .map(|notice| view! { <NoticeItem notice to_mentor error/> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// One notice: its title, message and day; "Open" reads it and goes where it leads.
#[component]
fn NoticeItem(notice: Notice, to_mentor: bool, error: RwSignal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let unread = use_context::<Unread>();
    let is_new = notice.read_at.is_none();
    let link = path(&notice, to_mentor);
    let id = notice.id.clone();
    let open = move |_| {
        let (id, link, navigate) = (id.clone(), link.clone(), navigate.clone());
        spawn_local(async move {
            let read = if is_new {
                read_notice(id).await.map(|_| ())
            } else {
                Ok(())
            };
            match read {
                Ok(()) => {
                    if let Some(count) = unread {
                        count.refresh();
                    }
                    navigate(&link, Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let shown = notice.clone();
    let day = notice.day.clone();
    let digest = !notice.lines.is_empty();
    view! {
        <li class="inbox-item" class:unread=is_new data-kind=notice.kind.as_str() data-notice=notice.id.clone()>
            <div class="inbox-item-head">
                <Show when=move || is_new>
                    <span class="badge inbox-new">{t!(i18n, notify.unread)}</span>
                </Show>
                <h2 class="inbox-item-title">{
                    let n = shown.clone();
                    move || title(i18n.get_locale(), &n, Reader::Account)
                }</h2>
                <span class="inbox-item-day muted">{move || date_text(i18n.get_locale(), &day)}</span>
            </div>
            <p class="inbox-item-body" class:digest=digest>{
                let n = shown.clone();
                move || body(i18n.get_locale(), &n, Reader::Account)
            }</p>
            <button type="button" class="button small" on:click=open>{t!(i18n, notify.open)}</button>
        </li>
    }
}
