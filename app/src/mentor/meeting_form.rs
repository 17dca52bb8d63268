//! Logging a meeting in a few taps: one button opens the form with today's date, an hour and
//! "in person" already chosen.
use crate::clock::browser_today;
use crate::domain::lifecycle::{NewMeeting, MEETING_MODES, MEETING_TOPICS};
use crate::i18n::*;
use crate::mentor::meetings::MeetingLog;
use crate::texts::{mode_name, topic_name};
use leptos::prelude::*;

/// The "Log a meeting" button, and the form it opens.
#[component]
pub fn MeetingForm(log: MeetingLog) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    // The form, with the defaults most meetings have.
    let date = RwSignal::new(browser_today());
    let minutes = RwSignal::new(60u32);
    let mode = RwSignal::new("in_person".to_string());
    let topics = RwSignal::new(Vec::<String>::new());
    let note = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        log.record(NewMeeting {
            date: date.get_untracked(),
            minutes: minutes.get_untracked(),
            mode: mode.get_untracked(),
            topics: topics.get_untracked(),
            note: Some(note.get_untracked()).filter(|n| !n.trim().is_empty()),
        });
        open.set(false);
        topics.set(Vec::new());
        note.set(String::new());
        log.error.set(None);
    };
    let chip = |selected: Signal<bool>, label: String, on: Callback<()>| {
        view! {
            <button type="button" class="chip-toggle" aria-pressed=move || selected.get().to_string() on:click=move |_| on.run(())>
                {label}
            </button>
        }
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="button primary big" data-log-meeting="" on:click=move |_| open.set(true)>
                    {t!(i18n, mentor.log)}
                </button>
            }
        >
            <form class="meeting-form" on:submit=submit>
                <label class="field">
                    <span>{t!(i18n, mentor.date)}</span>
                    <input type="date" name="date" required prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev))/>
                </label>
                <fieldset>
                    <legend>{t!(i18n, mentor.duration)}</legend>
                    <div class="chip-row">
                        {[30u32, 60, 90, 120].into_iter().map(|n| chip(
                            Signal::derive(move || minutes.get() == n),
                            format!("{n} min"),
                            Callback::new(move |_| minutes.set(n)),
                        )).collect_view()}
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, mentor.how)}</legend>
                    <div class="chip-row">
                        {MEETING_MODES.iter().map(|m| {
                            let m: &'static str = m;
                            view! {
                                <button type="button" class="chip-toggle" aria-pressed=move || (mode.get() == m).to_string() on:click=move |_| mode.set(m.to_string())>
                                    {move || mode_name(i18n.get_locale(), m)}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{t!(i18n, mentor.topics)}</legend>
                    <div class="chip-row">
                        {MEETING_TOPICS.iter().map(|t| {
                            let t: &'static str = t;
                            view! {
                                <button type="button" class="chip-toggle" aria-pressed=move || topics.get().iter().any(|x| x == t).to_string()
                                    on:click=move |_| topics.update(|list| if let Some(i) = list.iter().position(|x| x == t) { list.remove(i); } else { list.push(t.to_string()); })>
                                    {move || topic_name(i18n.get_locale(), t)}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <label class="field">
                    <span>{t!(i18n, mentor.note)}</span>
                    <textarea name="note" rows="3" maxlength="2000" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </label>
                <div class="form-actions">
                    <button type="submit" class="button primary big">{t!(i18n, mentor.save)}</button>
                    <button type="button" class="button" on:click=move |_| open.set(false)>{t!(i18n, mentor.cancel)}</button>
                </div>
            </form>
        </Show>
    }
}
