//! Links to a person's record, from any card or list that names them.
use crate::domain::privacy::PersonKind;
use crate::i18n::*;
use leptos::prelude::*;

/// A link from a card to the person's record (consents, eligibility, rights).
#[component]
pub fn RecordLink(kind: PersonKind, id: String, name: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a
            class="move subtle record-link"
            href=format!("/people/{}:{id}", kind.table())
            data-record-for=id.clone()
            aria-label=move || format!("{} · {}", t_string!(i18n, gdpr.record_link), name)
        >
            {t!(i18n, gdpr.record_link)}
        </a>
    }
}
