//! What a person has mailed to them, and in which language; everything stays in the inbox.
use super::api::{load_mail_settings, save_mail_settings};
use super::text::kind_name;
use super::{MailSettings, NewMailSettings};
use crate::domain::notices::NoticeKind;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::show_error;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The settings panel of the inbox.
#[component]
pub fn MailSettingsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let settings = crate::ui::load(|| (), |_| load_mail_settings());
    view! {
        <section class="panel mail-settings" aria-labelledby="mail-settings-title">
            <h2 id="mail-settings-title">{t!(i18n, notify.settings)}</h2>
            <p class="muted">{t!(i18n, notify.settings_hint)}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    settings.await.ok().map(|s| view! { <SettingsForm settings=s/> })
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SettingsForm(settings: MailSettings) -> impl IntoView {
    let i18n = use_i18n();
    let language = RwSignal::new(settings.language.clone());
    let off = RwSignal::new(
        settings
            .kinds
            .iter()
            .filter(|k| !k.mailed)
            .map(|k| k.kind)
            .collect::<Vec<NoticeKind>>(),
    );
    let (error, saved) = (RwSignal::new(None::<AppError>), RwSignal::new(false));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let new = NewMailSettings {
            language: language.get_untracked(),
            turned_off: off.get_untracked(),
        };
        spawn_local(async move {
            match save_mail_settings(new).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let configured = settings.mail_configured;
    view! {
        <Show when=move || !configured>
            <p class="muted no-mail-server">{t!(i18n, notify.no_mail_server)}</p>
        </Show>
        <form class="mail-settings-form" on:submit=save>
            <label>
                {t!(i18n, notify.mail_language)}
                <select
                    name="language"
                    prop:value=move || language.get()
                    on:change=move |ev| language.set(event_target_value(&ev))
                >
                    <option value="fr">"Français"</option>
                    <option value="nl">"Nederlands"</option>
                    <option value="en">"English"</option>
                </select>
            </label>
            <fieldset class="mail-kinds">
                {settings
                    .kinds
                    .into_iter()
                    .map(|k| {
                        let kind = k.kind;
                        let essential = k.essential;
                        view! {
                            <label class="mail-kind" data-kind=kind.as_str()>
                                <input
                                    type="checkbox"
                                    name=kind.as_str()
                                    prop:checked=move || essential || !off.with(|o| o.contains(&kind))
                                    disabled=essential
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        off.update(|o| {
                                            o.retain(|k| *k != kind);
                                            if !on {
                                                o.push(kind);
                                            }
                                        });
                                    }
                                />
                                <span>{move || kind_name(i18n.get_locale(), kind)}</span>
                                <Show when=move || essential>
                                    <span class="muted">" · "{t!(i18n, notify.always_mailed)}</span>
                                </Show>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <button type="submit" class="button primary">{t!(i18n, notify.save)}</button>
            <Show when=move || saved.get()>
                <span class="saved" role="status">{t!(i18n, notify.saved)}</span>
            </Show>
            {show_error(error)}
        </form>
    }
}
