//! An office's training modules, in order; administrators set them (one per line).
use super::api::save_training_modules;
use super::TrainingModule;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::show_error;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ModulesPanel(
    office: String,
    modules: Vec<TrainingModule>,
    editable: bool,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(
        modules
            .iter()
            .map(|m| m.title.clone())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let titles: Vec<String> = text
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let office = office.clone();
        busy.set(true);
        spawn_local(async move {
            match save_training_modules(office, titles).await {
                Ok(_) => {
                    error.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel modules" aria-labelledby="modules-title">
            <h2 id="modules-title">{t!(i18n, sessions.modules_title)}</h2>
            <p class="muted">{t!(i18n, sessions.modules_intro)}</p>
            {if modules.is_empty() {
                view! { <p class="muted">{t!(i18n, sessions.modules_none)}</p> }.into_any()
            } else {
                view! {
                    <ol class="module-list">
                        {modules.into_iter().map(|m| view! { <li data-module=m.id>{m.title}</li> }).collect_view()}
                    </ol>
                }.into_any()
            }}
            {editable.then(|| view! {
                <form class="modules-form" on:submit=submit>
                    <label>
                        <span>{t!(i18n, sessions.modules_edit_label)}</span>
                        <textarea name="modules" rows="5" prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    </label>
                    <p class="muted small">{t!(i18n, sessions.modules_rename_hint)}</p>
                    <p class="actions">
                        <button type="submit" class="button" disabled=move || busy.get()>{t!(i18n, sessions.modules_save)}</button>
                    </p>
                    {show_error(error)}
                </form>
            })}
        </section>
    }
}
