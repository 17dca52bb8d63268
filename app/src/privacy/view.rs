//! The privacy notice page and a person's record page (consents, eligibility, rights).
use super::api::{erase_person, load_person, record_consent, verify_eligibility};
use super::notice::{sections, title, NOTICE_VERSION};
use super::{ConsentStatus, Eligibility, PersonRecord};
use crate::domain::privacy::{PersonKind, ELIGIBILITY_CRITERIA};
use crate::error::AppError;
use crate::i18n::*;
use crate::texts::{date_text, error_message, language_name, office_name, sector_name};
use crate::ui::show_error;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

/// Route `/privacy`: the privacy notice in the reader's language, open to everyone.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <article class="notice">
            <h1>{move || title(i18n.get_locale())}</h1>
            <p class="muted">{move || t_string!(i18n, gdpr.version, version = NOTICE_VERSION)}</p>
            {move || {
                sections(i18n.get_locale())
                    .iter()
                    .map(|s| {
                        view! {
                            <section>
                                <h2>{s.title}</h2>
                                {s.paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                            </section>
                        }
                    })
                    .collect_view()
            }}
        </article>
    }
}

/// The name of a consent.
pub fn consent_name(locale: Locale, kind: &str) -> String {
    match kind {
        "participation" => td_string!(locale, gdpr.consent_participation),
        "eligibility_data" => td_string!(locale, gdpr.consent_eligibility_data),
        "photos" => td_string!(locale, gdpr.consent_photos),
        "testimonials" => td_string!(locale, gdpr.consent_testimonials),
        other => return other.to_string(),
    }
    .to_string()
}

/// The name of an eligibility criterion.
pub fn criterion_name(locale: Locale, criterion: &str) -> String {
    match criterion {
        "first_generation" => td_string!(locale, gdpr.criterion_first_generation),
        "second_generation" => td_string!(locale, gdpr.criterion_second_generation),
        "newcomer_pathway" => td_string!(locale, gdpr.criterion_newcomer_pathway),
        other => return other.to_string(),
    }
    .to_string()
}

/// Route `/people/:id`: a person's record for the office's coordinators and administrators.
#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let record = crate::ui::load(id, load_person);
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(person) => view! { <PersonView person/> }.into_any(),
                    Err(e) => {
                        view! {
                            <p class="error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn PersonView(person: PersonRecord) -> impl IntoView {
    let i18n = use_i18n();
    let name = format!("{} {}", person.first_name, person.last_name);
    let kind = person.kind;
    let office = person.office.clone();
    let languages = person.languages.clone();
    let sectors = person.sectors.clone();
    let contact = [person.email.clone(), person.phone.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let withdrawn = person.withdrawn_on.clone();
    let anonymised_none = person.anonymised_at.is_none();
    let anonymised = person.anonymised_at.clone();
    let export = format!("/api/v1/people/{}/export", person.id);
    let reference = format!("{}:{}", person.kind.table(), person.id);
    // Bumped when this page records something that may open a step (the eligibility criterion).
    let changed = RwSignal::new(0u32);
    view! {
        <section class="person" data-person=person.id.clone()>
            <h1>{
                // An anonymised record is named in the reader's language, not by what was stored.
                let (name, erased) = (name.clone(), person.anonymised_at.is_some());
                move || {
                    let shown = if erased { t_string!(i18n, gdpr.anonymous).to_string() } else { name.clone() };
                    t_string!(i18n, gdpr.person_title, name = shown)
                }
            }</h1>
            <p class="muted">
                {move || match kind {
                    PersonKind::Mentee => t_string!(i18n, gdpr.kind_mentee),
                    PersonKind::Mentor => t_string!(i18n, gdpr.kind_mentor),
                }}
                {let office = office.clone(); move || format!(" · {}", office_name(i18n.get_locale(), &office))}
            </p>
            {anonymised.map(|at| {
                let day = at.get(..10).unwrap_or(&at).to_string();
                view! { <p class="notice-banner" role="status">{move || t_string!(i18n, gdpr.erased_on, date = date_text(i18n.get_locale(), &day))}</p> }
            })}
            {withdrawn.map(|day| {
                view! { <p class="notice-banner" role="status">{move || t_string!(i18n, gdpr.exit_started, date = date_text(i18n.get_locale(), &day))}</p> }
            })}
            <dl class="facts">
                <dt>{t!(i18n, gdpr.contact)}</dt>
                <dd class="contact">{contact}</dd>
                <dt>{t!(i18n, fields.languages)}</dt>
                <dd>{move || languages.iter().map(|l| language_name(i18n.get_locale(), l)).collect::<Vec<_>>().join(", ")}</dd>
                <dt>{t!(i18n, fields.sectors)}</dt>
                <dd>{move || sectors.iter().map(|s| sector_name(i18n.get_locale(), s)).collect::<Vec<_>>().join(", ")}</dd>
            </dl>
            {anonymised_none.then(|| view! {
                <crate::people::steps_view::PersonPathPanel reference=reference.clone() changed/>
                <crate::people::form::EditPanel reference=reference.clone() changed/>
                <crate::sessions::person_view::PersonSessionsPanel reference=reference.clone() changed/>
            })}
            <ConsentsPanel id=person.id.clone() consents=person.consents.clone()/>
            {(kind == PersonKind::Mentee).then(|| view! { <EligibilityPanel id=person.id.clone() eligibility=person.eligibility.clone() changed/> })}
            {(kind == PersonKind::Mentor && person.email.is_some()).then(|| {
                let request = crate::accounts::InvitationRequest {
                    email: person.email.clone().unwrap_or_default(),
                    role: "mentor".into(),
                    offices: vec![person.office.clone()],
                    mentor: Some(person.id.clone()),
                    name: Some(name.clone()),
                };
                view! { <InviteMentor request/> }
            })}
            <RightsPanel id=person.id.clone() export can_erase=person.can_erase/>
        </section>
    }
}

#[component]
fn ConsentsPanel(id: String, consents: Vec<ConsentStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let consents = RwSignal::new(consents);
    let error = RwSignal::new(None::<AppError>);
    let change = move |id: String, kind: String, given: bool, required: bool| {
        if !given && required && !confirm(&t_string!(i18n, gdpr.withdraw_confirm)) {
            return;
        }
        spawn_local(async move {
            match record_consent(id, kind, given).await {
                Ok(list) => {
                    consents.set(list);
                    error.set(None);
                    if !given && required {
                        crate::ui::reload_at(&current_path());
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="consents-title">
            <h2 id="consents-title">{t!(i18n, gdpr.consents_title)}</h2>
            <p class="muted">{t!(i18n, gdpr.consents_intro)}</p>
            <ul class="consents">
                <For each=move || consents.get() key=|c| format!("{}{:?}{:?}", c.kind, c.given, c.at) let(c)>
                    {
                        let id = id.clone();
                        let kind = c.kind.clone();
                        let required = c.required;
                        let status = c.clone();
                        view! {
                            <li data-consent=c.kind.clone() data-given=format!("{:?}", c.given)>
                                <span class="consent-name">
                                    {let k = kind.clone(); move || consent_name(i18n.get_locale(), &k)}
                                    " "
                                    <small class="muted">{move || if required { t_string!(i18n, gdpr.required) } else { t_string!(i18n, gdpr.optional) }}</small>
                                </span>
                                <span class="consent-status">{move || consent_text(i18n.get_locale(), &status)}</span>
                                {
                                    let (id2, kind2) = (id.clone(), kind.clone());
                                    let give = move |_| change(id2.clone(), kind2.clone(), true, required);
                                    let withdraw = move |_| change(id.clone(), kind.clone(), false, required);
                                    if c.given == Some(true) {
                                        view! { <button type="button" class="button" on:click=withdraw>{t!(i18n, gdpr.withdraw)}</button> }.into_any()
                                    } else {
                                        view! { <button type="button" class="button primary" on:click=give>{t!(i18n, gdpr.give)}</button> }.into_any()
                                    }
                                }
                            </li>
                        }
                    }
                </For>
            </ul>
            {show_error(error)}
        </section>
    }
}

fn consent_text(locale: Locale, c: &ConsentStatus) -> String {
    let day =
        c.at.as_deref()
            .map(|a| date_text(locale, a.get(..10).unwrap_or(a)))
            .unwrap_or_default();
    match c.given {
        Some(true) => {
            let version = c.notice_version.clone().unwrap_or_default();
            td_string!(locale, gdpr.given_on, date = day, version = version).to_string()
        }
        Some(false) => td_string!(locale, gdpr.withdrawn_on, date = day).to_string(),
        None => td_string!(locale, gdpr.not_recorded).to_string(),
    }
}

#[component]
fn EligibilityPanel(
    id: String,
    eligibility: Option<Eligibility>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(eligibility);
    let choice = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        spawn_local(async move {
            match verify_eligibility(id, choice.get_untracked()).await {
                Ok(e) => {
                    current.set(Some(e));
                    error.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="eligibility-title">
            <h2 id="eligibility-title">{t!(i18n, gdpr.eligibility_title)}</h2>
            <p class="eligibility-status">
                {move || match current.get() {
                    Some(e) => {
                        let locale = i18n.get_locale();
                        td_string!(
                            locale,
                            gdpr.verified_by,
                            criterion = criterion_name(locale, &e.criterion),
                            name = e.verified_by.clone(),
                            date = date_text(locale, &e.verified_on)
                        )
                        .to_string()
                    }
                    None => t_string!(i18n, gdpr.not_verified).to_string(),
                }}
            </p>
            <p class="muted">{t!(i18n, gdpr.eligibility_intro)}</p>
            <form class="inline-form" on:submit=submit>
                <select required aria-label=move || t_string!(i18n, fields.criterion) on:change=move |ev| choice.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {ELIGIBILITY_CRITERIA
                        .iter()
                        .map(|c| view! { <option value=*c>{move || criterion_name(i18n.get_locale(), c)}</option> })
                        .collect_view()}
                </select>
                <button type="submit" class="button">{t!(i18n, gdpr.verify)}</button>
            </form>
            {show_error(error)}
        </section>
    }
}

/// An administrator invites a mentor to the mentor app from their record, in one click.
#[component]
fn InviteMentor(request: crate::accounts::InvitationRequest) -> impl IntoView {
    let i18n = use_i18n();
    let created = RwSignal::new(None::<crate::accounts::LinkCreated>);
    let error = RwSignal::new(None::<AppError>);
    let invite = move |_| {
        let request = request.clone();
        spawn_local(async move {
            match crate::accounts::api::invite_person(request).await {
                Ok(link) => {
                    created.set(Some(link));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="invite-mentor-title">
            <h2 id="invite-mentor-title">{t!(i18n, gdpr.invite_mentor)}</h2>
            <p class="muted">{t!(i18n, gdpr.invite_mentor_hint)}</p>
            <p class="actions">
                <button type="button" class="button" on:click=invite>{t!(i18n, gdpr.invite_mentor)}</button>
            </p>
            {show_error(error)}
            {move || created.get().map(|link| {
                let heading = t_string!(i18n, admin.invite_created, email = link.email.clone()).to_string();
                view! { <crate::accounts::view::LinkShown link heading/> }
            })}
        </section>
    }
}

#[component]
fn RightsPanel(id: String, export: String, can_erase: bool) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let erase = move |_| {
        if !confirm(&t_string!(i18n, gdpr.erase_confirm)) {
            return;
        }
        let id = id.clone();
        spawn_local(async move {
            match erase_person(id).await {
                Ok(()) => crate::ui::reload_at(&current_path()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="rights-title">
            <h2 id="rights-title">{t!(i18n, gdpr.rights_title)}</h2>
            <p class="actions">
                <a class="button" href=export download="">{t!(i18n, gdpr.export)}</a>
                <Show when=move || can_erase>
                    <button type="button" class="button danger" on:click=erase.clone()>{t!(i18n, gdpr.erase)}</button>
                </Show>
            </p>
            {show_error(error)}
        </section>
    }
}

/// Asks the browser's confirmation dialog; on the server nothing is confirmed.
fn confirm(question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.confirm_with_message(question).ok())
            .unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        false
    }
}

/// The current page's path, to reload it after a change that affects everything on it.
fn current_path() -> String {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_else(|| "/".into())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        "/".into()
    }
}
