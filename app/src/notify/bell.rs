//! The bell of the top bar: how many notices are unread, kept live by the page's shared stream.
//! The count is read by the browser once the page is live, never by the server's render: a
//! page's markup is the same whatever arrives in the inbox while it loads.
use super::api::unread_notices;
use crate::i18n::*;
use leptos::prelude::*;

/// The count of unread notices, shared by the bell and the inbox (which marks them read).
#[derive(Clone, Copy)]
pub struct Unread(pub RwSignal<u32>);

impl Unread {
    /// Provides the count for the page (zero until the browser reads it).
    pub fn provide() -> Unread {
        let unread = Unread(RwSignal::new(0));
        provide_context(unread);
        unread
    }

    /// Reads the count again (in the browser).
    pub fn refresh(self) {
        leptos::task::spawn_local(async move {
            if let Ok(n) = unread_notices().await {
                self.0.set(n);
            }
        });
    }
}

/// The bell, linking to the inbox; the count shows when something is unread.
#[component]
pub fn NotificationBell(unread: Unread) -> impl IntoView {
    let i18n = use_i18n();
    // Effects run in the browser only: the first count once the page is live.
    Effect::new(move |_| unread.refresh());
    #[cfg(feature = "hydrate")]
    {
        // A notice made or read anywhere, or the stream (re)opened: count again.
        let listening = crate::live::client::listen(move |event| {
            if event.kind == crate::live::NOTICE || event.kind == "hello" {
                unread.refresh();
            }
        });
        let _listening = StoredValue::new_local(listening);
    }
    let count = move || unread.0.get();
    let label = move || {
        let n = count();
        if n == 0 {
            t_string!(i18n, notify.bell).to_string()
        } else {
            td_string!(i18n.get_locale(), notify.bell_unread, count = n).to_string()
        }
    };
    view! {
        // A plain link (the router follows it as any other): the bell is also an island.
        <a href="/inbox" class="bell" aria-label=label title=label>
            <svg class="bell-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                <path
                    fill="currentColor"
                    d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
                />
            </svg>
            {move || {
                let n = count();
                (n > 0).then(|| view! {
                    <span class="bell-count" data-unread=n.to_string()>
                        {if n > 99 { "99+".to_string() } else { n.to_string() }}
                    </span>
                })
            }}
        </a>
    }
}
