//! The intake form of a mentee or a mentor: registering someone (`/people/new/mentee`,
//! `/people/new/mentor`) and editing their record later. Usable on a phone; a refused field is
//! named beside itself in the reader's language.
use super::api::{load_editable_person, register_person, save_person};
use super::EditablePerson;
use crate::domain::privacy::PersonKind;
use crate::domain::reference::{LANGUAGES, OFFICES, SECTORS};
use crate::domain::validation::PersonPatch;
use crate::error::AppError;
use crate::i18n::*;
use crate::matching::profile_fields::ProfileFields;
use crate::model::NewPerson;
use crate::texts::{error_message, language_name, office_name, sector_name};
use crate::ui::CurrentUser;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};

/// The error of the form, if it names `field`.
fn field_error(error: RwSignal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().and_then(|e| match &e {
            AppError::Invalid { field: f, .. } if f == field => Some(view! {
                <span class="field-error" id=format!("{field}-error")>{error_message(i18n.get_locale(), &e)}</span>
            }),
            _ => None,
        })
    }
}

/// Route `/people/new/:kind`: a new mentee or mentor of the coordinator's office.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let kind = move || {
        params
            .read()
            .get("kind")
            .and_then(|k| PersonKind::parse(&k))
            .unwrap_or(PersonKind::Mentee)
    };
    let CurrentUser(user) = expect_context::<CurrentUser>();
    view! {
        <section class="intake">
            <h1>{move || match kind() {
                PersonKind::Mentee => t_string!(i18n, people.register_title_mentee),
                PersonKind::Mentor => t_string!(i18n, people.register_title_mentor),
            }}</h1>
            <p class="muted">{t!(i18n, people.register_intro)}</p>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    let offices = user.await.ok().flatten().map(|u| u.offices).unwrap_or_default();
                    let kind = kind();
                    let person = NewPerson {
                        office: offices.first().cloned().unwrap_or_default(),
                        ..NewPerson::default()
                    };
                    view! { <PersonForm kind person version=None id=None offices/> }
                })}
            </Suspense>
        </section>
    }
}

/// The edit form of a person's record page, read fresh when opened.
#[component]
pub fn EditPanel(reference: String, changed: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let CurrentUser(user) = expect_context::<CurrentUser>();
    view! {
        <section class="panel" aria-labelledby="edit-title">
            <h2 id="edit-title">{t!(i18n, people.edit_title)}</h2>
            <Show
                when=move || open.get()
                fallback=move || view! {
                    <p class="actions"><button type="button" class="button" on:click=move |_| open.set(true)>{t!(i18n, people.edit)}</button></p>
                }
            >
                {
                    let reference = reference.clone();
                    // Read again after a step or a criterion recorded on the page: the version moved.
                    let record = crate::ui::load(
                        move || (reference.clone(), changed.get()),
                        |(reference, _)| load_editable_person(reference),
                    );
                    view! {
                        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                            {move || Suspend::new(async move {
                                let offices = user.await.ok().flatten().map(|u| u.offices).unwrap_or_default();
                                match record.await {
                                    Ok(EditablePerson { kind, id, version, person }) => view! {
                                        <PersonForm kind person version=Some(version) id=Some(format!("{}:{id}", kind.table())) offices
                                            on_saved=Callback::new(move |_| { open.set(false); changed.update(|n| *n += 1); })/>
                                    }.into_any(),
                                    Err(e) => view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> }.into_any(),
                                }
                            })}
                        </Suspense>
                    }
                }
            </Show>
        </section>
    }
}

/// The fields of the intake. Without `id` it registers someone new; with it, it saves a patch of
/// the fields at `version`.
#[component]
fn PersonForm(
    kind: PersonKind,
    person: NewPerson,
    version: Option<i64>,
    id: Option<String>,
    offices: Vec<String>,
    #[prop(optional)] on_saved: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let mentor = kind == PersonKind::Mentor;
    let draft = RwSignal::new(person.clone());
    let profile = RwSignal::new(person.profile.clone());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let offices: Vec<String> = if offices.is_empty() {
        OFFICES.iter().map(|o| o.to_string()).collect()
    } else {
        offices
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut p = draft.get_untracked();
        p.profile = profile.get_untracked();
        busy.set(true);
        let (id, navigate) = (id.clone(), navigate.clone());
        spawn_local(async move {
            let result = match id {
                None => register_person(kind, p).await.map(Some),
                Some(reference) => save_person(reference, patch_of(&p, version))
                    .await
                    .map(|_| None),
            };
            busy.set(false);
            match result {
                Ok(Some(reference)) => {
                    navigate(&format!("/people/{reference}"), Default::default())
                }
                Ok(None) => {
                    error.set(None);
                    if let Some(done) = on_saved {
                        done.run(());
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let text = move |field: &'static str,
                     get: fn(&NewPerson) -> String,
                     set: fn(&mut NewPerson, String)| {
        view! {
            <input type="text" name=field prop:value=move || draft.with(get)
                aria-invalid=move || error.get().is_some_and(|e| matches!(&e, AppError::Invalid { field: f, .. } if f == field)).to_string()
                aria-describedby=format!("{field}-error")
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|p| set(p, v));
                    // The field's refusal goes once the field is being put right.
                    if error.get_untracked().is_some_and(|e| matches!(&e, AppError::Invalid { field: f, .. } if f == field)) {
                        error.set(None);
                    }
                }/>
        }
    };
    let toggle = move |list: fn(&mut NewPerson) -> &mut Vec<String>, code: &'static str| {
        draft.update(|p| {
            let list = list(p);
            if let Some(i) = list.iter().position(|c| c == code) {
                list.remove(i);
            } else {
                list.push(code.to_string());
            }
        })
    };
    view! {
        <form class="intake-form grid-form" on:submit=submit novalidate>
            <fieldset>
                <legend>{t!(i18n, people.identity)}</legend>
                <label class="field"><span>{t!(i18n, fields.first_name)}" *"</span>
                    {text("first_name", |p| p.first_name.clone(), |p, v| p.first_name = v)}
                    {field_error(error, "first_name")}</label>
                <label class="field"><span>{t!(i18n, fields.last_name)}" *"</span>
                    {text("last_name", |p| p.last_name.clone(), |p, v| p.last_name = v)}
                    {field_error(error, "last_name")}</label>
                <label class="field"><span>{t!(i18n, fields.office)}</span>
                    <select name="office" prop:value=move || draft.with(|p| p.office.clone())
                        on:change=move |ev| { let v = event_target_value(&ev); draft.update(|p| p.office = v); }>
                        {offices.iter().map(|o| { let o = o.clone(); let name = o.clone(); view! { <option value=o>{move || office_name(i18n.get_locale(), &name)}</option> } }).collect_view()}
                    </select>
                    {field_error(error, "office")}</label>
                <label class="field"><span>{t!(i18n, fields.email)}</span>
                    <input type="email" name="email" autocomplete="off" prop:value=move || draft.with(|p| p.email.clone().unwrap_or_default())
                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|p| p.email = Some(v).filter(|v| !v.trim().is_empty())); }/>
                    {field_error(error, "email")}</label>
                <label class="field"><span>{t!(i18n, fields.phone)}</span>
                    <input type="tel" name="phone" autocomplete="off" prop:value=move || draft.with(|p| p.phone.clone().unwrap_or_default())
                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|p| p.phone = Some(v).filter(|v| !v.trim().is_empty())); }/>
                    {field_error(error, "phone")}</label>
                {mentor.then(|| view! {
                    <label class="field"><span>{t!(i18n, fields.capacity)}</span>
                        <input type="number" name="capacity" min="1" max="5" inputmode="numeric"
                            prop:value=move || draft.with(|p| p.capacity.unwrap_or(1).to_string())
                            on:input=move |ev| { let v = event_target_value(&ev).trim().parse().ok(); draft.update(|p| p.capacity = v); }/>
                        {field_error(error, "capacity")}</label>
                })}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, fields.languages)}</legend>
                <div class="checks">
                    {LANGUAGES.iter().map(|code| { let code: &'static str = code; view! {
                        <label class="check"><input type="checkbox" name="languages" value=code
                            prop:checked=move || draft.with(|p| p.languages.iter().any(|c| c == code))
                            on:change=move |_| toggle(|p| &mut p.languages, code)/>
                            {move || language_name(i18n.get_locale(), code)}</label>
                    }}).collect_view()}
                </div>
                {field_error(error, "languages")}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, fields.sectors)}</legend>
                <div class="checks">
                    {SECTORS.iter().map(|code| { let code: &'static str = code; view! {
                        <label class="check"><input type="checkbox" name="sectors" value=code
                            prop:checked=move || draft.with(|p| p.sectors.iter().any(|c| c == code))
                            on:change=move |_| toggle(|p| &mut p.sectors, code)/>
                            {move || sector_name(i18n.get_locale(), code)}</label>
                    }}).collect_view()}
                </div>
                {field_error(error, "sectors")}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, people.intake)}</legend>
                <ProfileFields mentor draft=profile/>
                {field_error(error, "profile")}
                <label class="field"><span>{t!(i18n, people.intake_note)}</span>
                    <textarea name="note" rows="4" maxlength="4000" prop:value=move || draft.with(|p| p.note.clone().unwrap_or_default())
                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|p| p.note = Some(v)); }></textarea>
                    {field_error(error, "note")}</label>
            </fieldset>
            // Also below the form, where the phone's thumb is when the save is refused.
            {move || error.get().map(|e| view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p> })}
            <p class="actions">
                <button type="submit" class="button primary" disabled=move || busy.get()>{t!(i18n, people.save)}</button>
            </p>
        </form>
    }
}

/// The patch of an edit form: every field of the form, at the version it was read at.
fn patch_of(p: &NewPerson, version: Option<i64>) -> PersonPatch {
    PersonPatch {
        first_name: Some(p.first_name.clone()),
        last_name: Some(p.last_name.clone()),
        office: Some(p.office.clone()),
        languages: Some(p.languages.clone()),
        sectors: Some(p.sectors.clone()),
        email: Some(p.email.clone()),
        phone: Some(p.phone.clone()),
        note: Some(p.note.clone()),
        capacity: p.capacity,
        // Every key, the empty ones as `null`: a field emptied in the form is cleared.
        profile: serde_json::to_value(&p.profile)
            .ok()
            .and_then(|v| v.as_object().cloned())
            .map(|mut fields| {
                for key in ["postcode", "gender", "gender_wish", "years_experience"] {
                    fields.entry(key).or_insert(serde_json::Value::Null);
                }
                fields
            }),
        version,
    }
}
