//! "Move to…": the way to move a mentee without dragging, for the keyboard, screen readers and
//! phones.
use crate::board::moves::{fold, Lanes};
use crate::domain::reference::shared_languages;
use crate::i18n::*;
use crate::model::{MenteeCard, MentorCard};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

/// "Move to…": choose a mentor for a mentee without dragging. Keyboard and screen-reader
/// friendly, and the main way on a phone.
#[component]
pub fn MoveDialog(
    mentee: MenteeCard,
    mentors: RwSignal<Lanes>,
    on_choose: Callback<(String, String)>,
    on_close: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            // The dialog is drawn once its part of the WebAssembly has arrived, and its suspense
            // puts it in the page after this first runs: focus the field on the next frame.
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    });
    let name = mentee.name();
    let mentee_id = mentee.id.clone();
    let languages = mentee.languages.clone();
    let sectors = mentee.sectors.clone();
    // Mentors who share a language come first, then those of the sector sought.
    let options = Memo::new(move |_| {
        let needle = fold(search.get().trim());
        let mut list: Vec<(bool, bool, MentorCard)> = mentors.with(|l| {
            l.mentors
                .iter()
                .filter(|m| needle.is_empty() || fold(&m.name()).contains(&needle))
                .map(|m| {
                    (
                        !shared_languages(&languages, &m.languages).is_empty(),
                        m.sectors.iter().any(|s| sectors.contains(s)),
                        m.clone(),
                    )
                })
                .collect()
        });
        list.sort_by(|a, b| {
            (b.0, b.1)
                .cmp(&(a.0, a.1))
                .then_with(|| a.2.last_name.cmp(&b.2.last_name))
        });
        list
    });
    let close_id = mentee_id.clone();
    let close = move || on_close.run(close_id.clone());
    let close2 = close.clone();
    let close3 = close.clone();
    view! {
        <div class="overlay" on:click=move |_| close()>
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="move-title"
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev: KeyboardEvent| if ev.key() == "Escape" { ev.stop_propagation(); close2() }
            >
                <h2 id="move-title">{move || t_string!(i18n, move_title, name = name.clone()).to_string()}</h2>
                <input
                    node_ref=input
                    type="search"
                    class="search"
                    placeholder=move || t_string!(i18n, move_search)
                    aria-label=move || t_string!(i18n, move_search)
                    on:input=move |ev| search.set(event_target_value(&ev))
                />
                <ul class="choices">
                    <For each=move || options.get() key=|(_, _, m)| m.id.clone() let((shares, sector, mentor))>
                        {
                            let mentee_id = mentee_id.clone();
                            let mentor_id = mentor.id.clone();
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="choice"
                                        data-choose=mentor.id.clone()
                                        on:click=move |_| on_choose.run((mentee_id.clone(), mentor_id.clone()))
                                    >
                                        <span class="name">{mentor.name()}</span>
                                        <span class="meta">
                                            {mentor.sectors.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" · ")}
                                            " · "
                                            {mentor.languages.iter().map(|l| l.to_uppercase()).collect::<Vec<_>>().join(" ")}
                                        </span>
                                        <Show when=move || !shares>
                                            <span class="warn">{t!(i18n, shared_language_warning)}</span>
                                        </Show>
                                        <Show when=move || sector>
                                            <span class="match" aria-hidden="true">"★"</span>
                                        </Show>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <Show when=move || options.with(|o| o.is_empty())>
                    <p class="empty">{t!(i18n, move_none)}</p>
                </Show>
                <div class="dialog-actions">
                    <button type="button" class="button" on:click=move |_| close3()>{t!(i18n, cancel)}</button>
                </div>
            </div>
        </div>
    }
}
