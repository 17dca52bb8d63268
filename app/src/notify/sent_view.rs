//! The administrators' panel: the latest notices and what became of their emails.
use super::api::load_sent_notices;
use super::text::kind_name;
use crate::i18n::*;
use crate::texts::error_message;
use leptos::prelude::*;

fn state_name(locale: Locale, state: &str) -> String {
    match state {
        "pending" => td_string!(locale, notify.mail_state.pending),
        "sending" => td_string!(locale, notify.mail_state.sending),
        "sent" => td_string!(locale, notify.mail_state.sent),
        "failed" => td_string!(locale, notify.mail_state.failed),
        "off" => td_string!(locale, notify.mail_state.off),
        "no_address" => td_string!(locale, notify.mail_state.no_address),
        "no_server" => td_string!(locale, notify.mail_state.no_server),
        other => return other.to_string(),
    }
    .to_string()
}

fn recipient_name(locale: Locale, kind: &str) -> String {
    match kind {
        "user" => td_string!(locale, notify.recipient.user),
        "mentee" => td_string!(locale, notify.recipient.mentee),
        "mentor" => td_string!(locale, notify.recipient.mentor),
        other => return other.to_string(),
    }
    .to_string()
}

/// "Notifications sent", on the administration page.
#[component]
pub fn SentNoticesPanel() -> impl IntoView {
    let i18n = use_i18n();
    // Loaded once the page is live (the panel sits inside the page's own `Suspend`, where a
    // resource made here would not travel with the server's page).
    let sent = RwSignal::new(None::<Result<Vec<super::SentNotice>, crate::error::AppError>>);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move { sent.set(Some(load_sent_notices().await)) });
    });
    view! {
        <section class="panel" aria-labelledby="sent-title">
            <h2 id="sent-title">{t!(i18n, notify.admin_title)}</h2>
            <p class="muted">{t!(i18n, notify.admin_hint)}</p>
            {move || -> Option<AnyView> {
                    Some(match sent.get()? {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, notify.admin_empty)}</p> }.into_any(),
                        Ok(list) => view! {
                            <div class="table-wrap" tabindex="0">
                                <table class="sent-notices">
                                    <thead>
                                        <tr>
                                            <th>{t!(i18n, notify.col.when)}</th>
                                            <th>{t!(i18n, notify.col.kind)}</th>
                                            <th>{t!(i18n, notify.col.to)}</th>
                                            <th>{t!(i18n, notify.col.mail)}</th>
                                            <th>{t!(i18n, notify.col.attempts)}</th>
                                            <th>{t!(i18n, notify.col.error)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|n| {
                                            let (kind, mail, to) = (n.kind, n.mail.clone(), n.recipient_kind.clone());
                                            view! {
                                                <tr data-mail=n.mail.clone()>
                                                    <td>{n.created_at.replace('T', " ").chars().take(16).collect::<String>()}</td>
                                                    <td>{move || kind_name(i18n.get_locale(), kind)}</td>
                                                    <td>{move || recipient_name(i18n.get_locale(), &to)}" · "{n.language.to_uppercase()}</td>
                                                    <td>{move || state_name(i18n.get_locale(), &mail)}</td>
                                                    <td>{n.attempts}</td>
                                                    <td>{n.error.clone().unwrap_or_default()}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                    })
            }}
        </section>
    }
}
