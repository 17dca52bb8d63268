//! The sign-in page.
use crate::auth::api::SignIn;
use crate::i18n::*;
use crate::texts::error_message;
use crate::ui::CurrentUser;
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// Email and password; works as a plain HTML form before the WebAssembly has loaded.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let CurrentUser(user) = expect_context::<CurrentUser>();
    let sign_in = ServerAction::<SignIn>::new();
    Effect::new(move |_| {
        if let Some(Ok(me)) = sign_in.value().get() {
            crate::ui::reload_at(me.role.start_page());
        }
    });
    // Meetings a phone dropped unsent when the last session ended: said once, here.
    let dropped = RwSignal::new(0usize);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        // Nobody is signed in: whatever still waited goes now (idempotent), and is counted.
        if let Some(Ok(None)) = user.get() {
            crate::mentor::queue::forget();
            // Set only when there is something to say, so a refetch never hides it mid-read.
            let n = crate::mentor::queue::take_dropped();
            if n > 0 {
                dropped.set(n);
            }
        }
    });
    let error = move || {
        sign_in
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| error_message(i18n.get_locale(), &e))
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                user.await.ok().flatten().map(|_| view! { <Redirect path="/"/> })
            })}
        </Suspense>
        <section class="signin">
            <div class="signin-card">
                <h1>{t!(i18n, sign_in_title)}</h1>
                <p class="muted">{t!(i18n, sign_in_intro)}</p>
                <Show when=move || { dropped.get() > 0 }>
                    <p class="notice-banner" role="status" data-testid="unsent-dropped">
                        {t!(i18n, mentor.unsent_dropped, count = move || dropped.get())}
                    </p>
                </Show>
                <ActionForm action=sign_in attr:class="form">
                    <label for="email">{t!(i18n, email)}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required/>
                    <label for="password">{t!(i18n, password)}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                    <p class="form-error" role="alert">{error}</p>
                    <button type="submit" class="button primary" disabled=move || sign_in.pending().get()>
                        {t!(i18n, sign_in)}
                    </button>
                </ActionForm>
                <p class="forgot"><a href="/forgot">{t!(i18n, account.forgot_link)}</a></p>
            </div>
        </section>
    }
}
