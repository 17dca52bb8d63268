//! How close the cards sit: roomy for everyday work, compact for the weekly matching meeting,
//! where a coordinator wants many people on one screen. The choice stays in this browser.
use crate::i18n::*;
use leptos::prelude::*;

/// The board's density.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Density {
    #[default]
    Roomy,
    Compact,
}

/// Where this browser keeps the choice.
#[cfg(feature = "hydrate")]
const KEY: &str = "duo.board.density";

impl Density {
    /// The name kept in the browser's storage.
    pub fn code(self) -> &'static str {
        match self {
            Density::Roomy => "roomy",
            Density::Compact => "compact",
        }
    }

    /// The density a stored name stands for; anything else is the default.
    pub fn from_code(code: &str) -> Self {
        match code {
            "compact" => Density::Compact,
            _ => Density::Roomy,
        }
    }
}

/// The board's density: roomy as the server draws it, then this browser's choice once the page
/// is live (reading storage during hydration would draw something the server did not).
pub fn use_density() -> RwSignal<Density> {
    let density = RwSignal::new(Density::default());
    #[cfg(feature = "hydrate")]
    {
        Effect::new(move |first: Option<()>| {
            if first.is_none() {
                // Read before tracking: this first set does not run the effect again to store
                // what was just read (later changes do).
                if let Some(stored) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) {
                    density.set(Density::from_code(&stored));
                }
            } else if let Some(s) = storage() {
                let _ = s.set_item(KEY, density.get_untracked().code());
            }
            density.track();
        });
    }
    density
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The two densities as a pair of toggle buttons.
#[component]
pub fn DensitySwitch(density: RwSignal<Density>) -> impl IntoView {
    let i18n = use_i18n();
    let choice = move |which: Density| {
        view! {
            <button
                type="button"
                class="density-choice"
                data-density=which.code()
                aria-pressed=move || (density.get() == which).to_string()
                on:click=move |_| density.set(which)
            >
                {move || match which {
                    Density::Roomy => t_string!(i18n, density_roomy),
                    Density::Compact => t_string!(i18n, density_compact),
                }}
            </button>
        }
    };
    view! {
        <div class="density" role="group" aria-label=move || t_string!(i18n, density_label)>
            {choice(Density::Roomy)}
            {choice(Density::Compact)}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_density_reads_back_and_anything_else_is_roomy() {
        for d in [Density::Roomy, Density::Compact] {
            assert_eq!(Density::from_code(d.code()), d);
        }
        assert_eq!(Density::from_code(""), Density::Roomy);
        assert_eq!(Density::from_code("COMPACT"), Density::Roomy);
    }
}
