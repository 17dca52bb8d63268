//! The names of a person's stages and steps in the reader's language.
use crate::i18n::*;

/// A mentee's state, named.
pub fn mentee_state_name(locale: Locale, state: &str) -> String {
    match state {
        "registered" => td_string!(locale, mentee_state.registered),
        "intake_done" => td_string!(locale, mentee_state.intake_done),
        "eligible" => td_string!(locale, mentee_state.eligible),
        "ineligible" => td_string!(locale, mentee_state.ineligible),
        "referred" => td_string!(locale, mentee_state.referred),
        "waiting" => td_string!(locale, mentee_state.waiting),
        "proposed" => td_string!(locale, mentee_state.proposed),
        "in_duo" => td_string!(locale, mentee_state.in_duo),
        "on_hold" => td_string!(locale, mentee_state.on_hold),
        "duo_ended" => td_string!(locale, mentee_state.duo_ended),
        "followed_up" => td_string!(locale, mentee_state.followed_up),
        "closed" => td_string!(locale, mentee_state.closed),
        "anonymised" => td_string!(locale, mentee_state.anonymised),
        "withdrawn" => td_string!(locale, mentee_state.withdrawn),
        other => return other.to_string(),
    }
    .to_string()
}

/// A mentor's state, named.
pub fn mentor_state_name(locale: Locale, state: &str) -> String {
    match state {
        "registered" => td_string!(locale, mentor_state.registered),
        "intake_done" => td_string!(locale, mentor_state.intake_done),
        "accepted" => td_string!(locale, mentor_state.accepted),
        "rejected" => td_string!(locale, mentor_state.rejected),
        "in_training" => td_string!(locale, mentor_state.in_training),
        "available" => td_string!(locale, mentor_state.available),
        "proposed" => td_string!(locale, mentor_state.proposed),
        "in_duo" => td_string!(locale, mentor_state.in_duo),
        "paused" => td_string!(locale, mentor_state.paused),
        "alumni" => td_string!(locale, mentor_state.alumni),
        "withdrawn" => td_string!(locale, mentor_state.withdrawn),
        other => return other.to_string(),
    }
    .to_string()
}

/// A person's state, named, for either kind.
pub fn state_name(locale: Locale, kind: crate::domain::privacy::PersonKind, state: &str) -> String {
    match kind {
        crate::domain::privacy::PersonKind::Mentee => mentee_state_name(locale, state),
        crate::domain::privacy::PersonKind::Mentor => mentor_state_name(locale, state),
    }
}

/// The button that takes a person to `state`.
pub fn step_name(locale: Locale, state: &str) -> String {
    match state {
        "intake_done" => td_string!(locale, step.intake_done),
        "eligible" => td_string!(locale, step.eligible),
        "ineligible" => td_string!(locale, step.ineligible),
        "referred" => td_string!(locale, step.referred),
        "waiting" => td_string!(locale, step.waiting),
        "accepted" => td_string!(locale, step.accepted),
        "rejected" => td_string!(locale, step.rejected),
        "in_training" => td_string!(locale, step.in_training),
        "available" => td_string!(locale, step.available),
        "paused" => td_string!(locale, step.paused),
        "alumni" => td_string!(locale, step.alumni),
        "withdrawn" => td_string!(locale, step.withdrawn),
        other => return other.to_string(),
    }
    .to_string()
}
