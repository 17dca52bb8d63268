//! A bare page of Duo's stack, the floor `make bench-weight` measures Duo's pages against: what
//! Leptos' hydration, reactive system, router and server functions cost before any of Duo's own
//! code (a list read from the server and a form that writes one entry).
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Meeting {
    pub id: String,
    pub date: String,
    pub notes: String,
    pub minutes: u32,
}

#[server(prefix = "/fn")]
pub async fn meetings() -> Result<Vec<Meeting>, ServerFnError> {
    Ok(Vec::new())
}

#[server(prefix = "/fn")]
pub async fn log_meeting(date: String, notes: String) -> Result<Meeting, ServerFnError> {
    Ok(Meeting { id: "1".into(), date, notes, minutes: 60 })
}

#[component]
fn Meetings() -> impl IntoView {
    let list = Resource::new(|| (), |_| meetings());
    let log = ServerAction::<LogMeeting>::new();
    let (notes, set_notes) = signal(String::new());
    view! {
        <h1>"Meetings"</h1>
        <input prop:value=notes on:input=move |e| set_notes.set(event_target_value(&e))/>
        <button on:click=move |_| {
            log.dispatch(LogMeeting { date: "2026-01-01".into(), notes: notes.get() });
        }>"Log"</button>
        <Suspense fallback=|| "…">
            <ul>
                {move || list.get().map(|meetings| {
                    meetings.unwrap_or_default().into_iter()
                        .map(|m| view! { <li>{m.date}" "{m.notes}</li> })
                        .collect_view()
                })}
            </ul>
        </Suspense>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="floor"/>
        <Router>
            <main>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/") view=Meetings/>
                </Routes>
            </main>
        </Router>
    }
}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
