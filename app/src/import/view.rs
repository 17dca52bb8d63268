//! Route `/people/import`: a coordinator brings their office's spreadsheet in. They choose who is
//! in the file and the office, pick the file and check it (nothing is written); the preview
//! lists every row with its errors in the reader's language and the probable duplicates; once
//! no row is wrong, "Import" creates the people that were checked, all at once.
use super::api::import_people;
use super::preview::{Counts, Preview};
use crate::domain::import::ImportOutcome;
use crate::domain::privacy::PersonKind;
use crate::error::AppError;
use crate::i18n::*;
use crate::texts::{error_message, office_name};
use crate::ui::CurrentUser;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What was checked: who, where, and the file's text (what "Import" sends is what was checked).
#[derive(Clone, Debug, PartialEq)]
struct Checked {
    kind: PersonKind,
    office: String,
    csv: String,
    outcome: ImportOutcome,
}

/// Why the page could not ask the server (no file chosen, a file the browser could not read).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Local {
    NoFile,
    Unreadable,
}

/// The text of the file chosen in `input`, as the browser reads it.
async fn chosen_text(input: NodeRef<html::Input>) -> Result<String, Local> {
    #[cfg(feature = "hydrate")]
    {
        let file = input
            .get_untracked()
            .and_then(|i| i.files())
            .and_then(|files| files.get(0))
            .ok_or(Local::NoFile)?;
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .map_err(|_| Local::Unreadable)?;
        text.as_string().ok_or(Local::Unreadable)
    }
    // Rendered on the server, the page has no file to read (the button works once hydrated).
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (input, Local::Unreadable);
        Err(Local::NoFile)
    }
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let CurrentUser(user) = expect_context::<CurrentUser>();
    view! {
        <section class="import">
            <h1>{t!(i18n, import.title)}</h1>
            <p class="muted">{t!(i18n, import.intro)}</p>
            <details class="import-columns">
                <summary>{t!(i18n, import.columns_title)}</summary>
                <p>{t!(i18n, import.columns_required)}</p>
                <p>{t!(i18n, import.columns_optional)}</p>
                <p>{t!(i18n, import.columns_lists)}</p>
            </details>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    let offices = user.await.ok().flatten().map(|u| u.offices).unwrap_or_default();
                    view! { <ImportForm offices/> }
                })}
            </Suspense>
            <p class="actions"><a class="button" href="/people">{t!(i18n, import.back)}</a></p>
        </section>
    }
}

/// The choices, the file, the check and the import.
#[component]
fn ImportForm(offices: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(PersonKind::Mentee);
    let office = RwSignal::new(offices.first().cloned().unwrap_or_default());
    let file = NodeRef::<html::Input>::new();
    let checked = RwSignal::new(None::<Checked>);
    let done = RwSignal::new(None::<ImportOutcome>);
    let error = RwSignal::new(None::<AppError>);
    let local = RwSignal::new(None::<Local>);
    let busy = RwSignal::new(false);
    // Any change of the choices or the file makes the last check stale.
    let changed = move || {
        checked.set(None);
        done.set(None);
        error.set(None);
        local.set(None);
    };
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        changed();
        busy.set(true);
        spawn_local(async move {
            let (kind, office) = (kind.get_untracked(), office.get_untracked());
            match chosen_text(file).await {
                Err(why) => local.set(Some(why)),
                Ok(csv) => match import_people(kind, office.clone(), csv.clone(), true).await {
                    Ok(outcome) => checked.set(Some(Checked {
                        kind,
                        office,
                        csv,
                        outcome,
                    })),
                    Err(e) => error.set(Some(e)),
                },
            }
            busy.set(false);
        });
    };
    let import = move |_| {
        let Some(c) = checked.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            match import_people(c.kind, c.office.clone(), c.csv.clone(), false).await {
                Ok(outcome) if outcome.written() => {
                    checked.set(None);
                    done.set(Some(outcome));
                }
                // Someone changed the records between the check and the import: the new errors.
                Ok(outcome) => checked.set(Some(Checked { outcome, ..c })),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let importable = move || {
        checked.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.outcome.errors.is_empty() && c.outcome.created > 0)
        })
    };
    view! {
        <form class="import-form grid-form" on:submit=check novalidate>
            <label class="field"><span>{t!(i18n, import.kind)}</span>
                <select name="kind" on:change=move |ev| {
                    kind.set(PersonKind::parse(&event_target_value(&ev)).unwrap_or(PersonKind::Mentee));
                    changed();
                }>
                    <option value="mentee" selected=true>{t!(i18n, import.kind_mentee)}</option>
                    <option value="mentor">{t!(i18n, import.kind_mentor)}</option>
                </select>
            </label>
            <label class="field"><span>{t!(i18n, import.office)}</span>
                <select name="office" prop:value=move || office.get() on:change=move |ev| {
                    office.set(event_target_value(&ev));
                    changed();
                }>
                    {offices.iter().map(|o| { let (o, name) = (o.clone(), o.clone()); view! {
                        <option value=o>{move || office_name(i18n.get_locale(), &name)}</option>
                    }}).collect_view()}
                </select>
            </label>
            <label class="field wide"><span>{t!(i18n, import.file)}</span>
                <input type="file" name="file" accept=".csv,text/csv,text/plain" node_ref=file
                    on:change=move |_| changed()/>
            </label>
            <p class="actions">
                <button type="submit" class="button" disabled=move || busy.get()>
                    {move || if busy.get() { t_string!(i18n, import.checking) } else { t_string!(i18n, import.check) }}
                </button>
            </p>
        </form>
        <div class="import-result" role="status" aria-live="polite">
            {move || local.get().map(|why| view! { <p class="error">{match why {
                Local::NoFile => t_string!(i18n, import.choose_file),
                Local::Unreadable => t_string!(i18n, import.unreadable),
            }}</p> })}
            {move || error.get().map(|e| view! { <p class="error">{move || error_message(i18n.get_locale(), &e)}</p> })}
            {move || checked.get().map(|c| view! { <Counts outcome=c.outcome/> })}
            {move || done.get().map(|outcome| view! { <Counts outcome/> })}
        </div>
        {move || checked.get().map(|c| view! {
            <p class="actions">
                <button type="button" class="button primary" on:click=import
                    disabled=move || busy.get() || !importable()>
                    {move || if busy.get() { t_string!(i18n, import.importing) } else { t_string!(i18n, import.import) }}
                </button>
            </p>
            <Preview outcome=c.outcome/>
        })}
        {move || done.get().map(|outcome| view! { <Preview outcome/> })}
    }
}
