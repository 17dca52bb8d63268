//! The form that schedules a session: an information session, or a module of the training.
use super::api::schedule_session;
use super::TrainingModule;
use crate::domain::sessions::NewSession;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::show_error;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ScheduleForm(
    office: String,
    modules: Vec<TrainingModule>,
    changed: RwSignal<u32>,
    done: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new("info".to_string());
    let module = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let time = RwSignal::new(String::new());
    let place = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let no_modules = modules.is_empty();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewSession {
            kind: kind.get_untracked(),
            module: Some(module.get_untracked())
                .filter(|m| !m.is_empty() && kind.get_untracked() == "training"),
            date: date.get_untracked(),
            time: Some(time.get_untracked()).filter(|t| !t.is_empty()),
            place: place.get_untracked(),
        };
        let office = office.clone();
        busy.set(true);
        done.set(false);
        spawn_local(async move {
            match schedule_session(office, input).await {
                Ok(_) => {
                    error.set(None);
                    done.set(true);
                    changed.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="panel schedule-form" aria-labelledby="schedule-title" on:submit=submit>
            <h2 id="schedule-title">{t!(i18n, sessions.schedule_title)}</h2>
            <label>
                <span>{t!(i18n, sessions.kind)}</span>
                <select name="kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="info" selected=true>{t!(i18n, sessions.kind_info)}</option>
                    <option value="training">{t!(i18n, sessions.kind_training_plain)}</option>
                </select>
            </label>
            <Show when=move || kind.get() == "training">
                {if no_modules {
                    view! { <p class="notice-banner" role="note">{t!(i18n, sessions.no_modules_hint)}</p> }.into_any()
                } else {
                    view! {
                        <label>
                            <span>{t!(i18n, sessions.module)}</span>
                            <select name="module" required=true on:change=move |ev| module.set(event_target_value(&ev))>
                                <option value="">{t!(i18n, sessions.choose_module)}</option>
                                {modules.iter().map(|m| view! {
                                    <option value=m.id.clone()>{format!("{}. {}", m.position, m.title)}</option>
                                }).collect_view()}
                            </select>
                        </label>
                    }.into_any()
                }}
            </Show>
            <div class="field-pair">
                <label>
                    <span>{t!(i18n, sessions.date)}</span>
                    <input type="date" name="date" required=true on:input=move |ev| date.set(event_target_value(&ev))/>
                </label>
                <label>
                    <span>{t!(i18n, sessions.time)}</span>
                    <input type="time" name="time" on:input=move |ev| time.set(event_target_value(&ev))/>
                </label>
            </div>
            <label>
                <span>{t!(i18n, sessions.place)}</span>
                <input type="text" name="place" required=true maxlength="200" on:input=move |ev| place.set(event_target_value(&ev))/>
            </label>
            <p class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>{t!(i18n, sessions.schedule)}</button>
            </p>
            <p aria-live="polite" class="saved">{move || done.get().then(|| t_string!(i18n, sessions.scheduled))}</p>
            {show_error(error)}
        </form>
    }
}
