//! The matching profile's fields as intake records them (support, weekly availability, postcode,
//! gender and wish, career plan or experience), shared by the profile dialog of the board and
//! the intake form of a person.
use crate::domain::matching::{Profile, DAYS, GENDERS, PARTS, SUPPORT};
use crate::i18n::*;
use crate::matching::texts::{day_name, gender_name, part_name, support_name};
use leptos::prelude::*;

/// The fields of a profile being edited in `draft`.
#[component]
pub fn ProfileFields(mentor: bool, draft: RwSignal<Profile>) -> impl IntoView {
    let i18n = use_i18n();
    let toggle_support = move |code: &'static str| {
        draft.update(|p| {
            if let Some(i) = p.support.iter().position(|c| c == code) {
                p.support.remove(i);
            } else {
                p.support.push(code.to_string());
            }
        })
    };
    let gender_options = move |none_label: fn(Locale) -> String, value: Signal<Option<String>>| {
        let locale = i18n.get_locale();
        let current = value.get().unwrap_or_default();
        std::iter::once(
            view! { <option value="" selected=current.is_empty()>{none_label(locale)}</option> },
        )
        .chain(GENDERS.iter().map(|g| {
            view! { <option value=*g selected=current == *g>{gender_name(locale, g)}</option> }
        }))
        .collect_view()
    };
    view! {
        {if mentor {
            view! {
                <label class="check">
                    <input type="checkbox" name="generalist" prop:checked=move || draft.get().generalist
                        on:change=move |ev| draft.update(|p| p.generalist = event_target_checked(&ev))/>
                    {t!(i18n, matching.generalist)}
                </label>
                <label class="field">
                    <span>{t!(i18n, fields.years_experience)}</span>
                    <input type="number" name="years_experience" min="0" max="70" inputmode="numeric"
                        prop:value=move || draft.get().years_experience.map(|y| y.to_string()).unwrap_or_default()
                        on:input=move |ev| draft.update(|p| p.years_experience = event_target_value(&ev).trim().parse().ok())/>
                </label>
            }.into_any()
        } else {
            view! {
                <label class="check">
                    <input type="checkbox" name="career_plan" prop:checked=move || draft.get().career_plan
                        on:change=move |ev| draft.update(|p| p.career_plan = event_target_checked(&ev))/>
                    {t!(i18n, matching.career_plan)}
                </label>
            }.into_any()
        }}
        <fieldset>
            <legend>{move || if mentor { t_string!(i18n, matching.strengths) } else { t_string!(i18n, matching.support_needed) }}</legend>
            <div class="checks">
                {SUPPORT.iter().map(|code| {
                    let code: &'static str = code;
                    view! {
                        <label class="check">
                            <input type="checkbox" name="support" value=code
                                prop:checked=move || draft.get().support.iter().any(|c| c == code)
                                on:change=move |_| toggle_support(code)/>
                            {move || support_name(i18n.get_locale(), code)}
                        </label>
                    }
                }).collect_view()}
            </div>
        </fieldset>
        <fieldset>
            <legend>{t!(i18n, fields.availability)}</legend>
            <p class="hint">{t!(i18n, matching.availability_hint)}</p>
            <table class="slots">
                <thead>
                    <tr>
                        <th></th>
                        {(0..DAYS).map(|d| view! { <th scope="col">{move || day_name(i18n.get_locale(), d)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {(0..PARTS).map(|part| view! {
                        <tr>
                            <th scope="row">{move || part_name(i18n.get_locale(), part)}</th>
                            {(0..DAYS).map(|day| {
                                let bit = 1u32 << (day * PARTS + part);
                                view! {
                                    <td>
                                        <input type="checkbox"
                                            aria-label=move || format!("{} {}", day_name(i18n.get_locale(), day), part_name(i18n.get_locale(), part))
                                            prop:checked=move || draft.get().availability & bit != 0
                                            on:change=move |_| draft.update(|p| p.availability ^= bit)/>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </fieldset>
        <div class="row">
            <label class="field">
                <span>{t!(i18n, fields.postcode)}</span>
                <input type="text" name="postcode" inputmode="numeric" maxlength="4" autocomplete="postal-code"
                    prop:value=move || draft.get().postcode.unwrap_or_default()
                    on:input=move |ev| draft.update(|p| {
                        let v = event_target_value(&ev);
                        p.postcode = (!v.trim().is_empty()).then_some(v);
                    })/>
            </label>
            <label class="check">
                <input type="checkbox" name="online" prop:checked=move || draft.get().online
                    on:change=move |ev| draft.update(|p| p.online = event_target_checked(&ev))/>
                {t!(i18n, matching.online_ok)}
            </label>
        </div>
        <div class="row">
            <label class="field">
                <span>{t!(i18n, fields.gender)}</span>
                <select name="gender" on:change=move |ev| draft.update(|p| p.gender = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                    {move || gender_options(|l| td_string!(l, matching.not_said).to_string(), Signal::derive(move || draft.get().gender))}
                </select>
            </label>
            <label class="field">
                <span>{t!(i18n, fields.gender_wish)}</span>
                <select name="gender_wish" on:change=move |ev| draft.update(|p| p.gender_wish = Some(event_target_value(&ev)).filter(|v| !v.is_empty()))>
                    {move || gender_options(|l| td_string!(l, matching.no_wish).to_string(), Signal::derive(move || draft.get().gender_wish))}
                </select>
            </label>
        </div>
        <p class="hint">{t!(i18n, matching.gender_hint)}</p>
    }
}
