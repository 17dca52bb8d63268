//! The live stream of changes (Server-Sent Events) that keeps boards and pages current.
use super::error::ApiError;
use super::extract::Caller;
use crate::state::ServerState;
use app::error::AppError;
use app::live::LiveEvent;
use app::state::AppState;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The routes of this area.
pub fn routes() -> OpenApiRouter<ServerState> {
    OpenApiRouter::new().routes(routes!(events))
}

/// The board a stream serves, if any.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct EventsQuery {
    /// The office whose board this stream serves: the caller then shows as present on it.
    office: Option<String>,
}

/// The live stream (Server-Sent Events): the changes the caller may see, as JSON with `"type"`,
/// `"version"` and the changed `"ids"`; resumes after `Last-Event-ID`. Coordinators and admins
/// get their offices' events; a mentor those of their own duos; headquarters gets them without
/// ids or names (aggregates only). With `?office=`, the caller is present on that board. An
/// account keeps a few streams open at most (one per tab); one more is refused with 429.
#[utoipa::path(
    get,
    path = "/api/v1/events",
    tag = "events",
    params(
        EventsQuery,
        ("Last-Event-ID" = Option<String>, Header, description = "The id of the last event received: the stream resumes after it"),
    ),
    responses(
        (status = 200, description = "A stream of events; the `data` of each is one event as JSON", content_type = "text/event-stream", body = LiveEvent),
        ApiError,
    )
)]
async fn events(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Query(query): Query<EventsQuery>,
) -> Result<Response, ApiError> {
    use app::live::hub::{CatchUp, Viewer};
    use app::live::visibility::{as_seen_by, Watcher};
    use app::live::{parse_stream_id, stream_id};
    use axum::response::sse::{Event, KeepAlive, Sse};
    use futures::StreamExt;
    use tokio::sync::broadcast::error::RecvError;

    let user = caller.who.user.clone();
    let watcher = Watcher {
        role: user.role,
        offices: caller.who.people_offices(),
        mentor: user
            .mentor
            .as_deref()
            .map(|key| app::live::record_id("mentor", key)),
        user: app::live::record_id("user", &user.id),
    };
    if !watcher.may_watch() {
        return Err(caller.fail(AppError::Forbidden));
    }
    // A few streams per account and per address (`app::limits`); closing one frees its place.
    let address = app::auth::server::client_addr(&headers);
    let Some(slot) = state.limits.open_stream(&user.id, &address) else {
        return Err(caller.fail(AppError::TooManyRequests {
            retry_after: app::limits::STREAM_RETRY_SECONDS,
        }));
    };
    let visible = move |e: &LiveEvent| as_seen_by(&watcher, e);
    let hub = state.events.clone();
    let to_sse = |e: &LiveEvent| {
        Event::default()
            .id(stream_id(&e.epoch, e.version))
            .data(serde_json::to_string(e).unwrap_or_default())
    };
    let marker = {
        let hub = hub.clone();
        move |kind: &str, actor: Option<String>| LiveEvent {
            kind: kind.to_string(),
            version: hub.version(),
            epoch: hub.epoch().to_string(),
            office: String::new(),
            ids: vec![],
            actor,
            names: vec![],
        }
    };
    // Subscribe first, then catch up: nothing published in between is lost (duplicates are skipped).
    let receiver = hub.subscribe();
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(parse_stream_id);
    let mut first: Vec<LiveEvent> = match last {
        // `hello` tells the client who it is, so it can tell its own moves from others'.
        None => vec![marker("hello", Some(user.id.clone()))],
        Some((epoch, version)) => match hub.since(epoch, version) {
            CatchUp::Missed(events) => events.iter().filter_map(&visible).collect(),
            CatchUp::Resync => vec![marker("resync", Some(user.id.clone()))],
        },
    };
    let sent = first
        .iter()
        .map(|e| e.version)
        .max()
        .unwrap_or(0)
        .max(last.map(|(_, v)| v).unwrap_or(0));
    // On a board: join its presence, and learn which cards others hold right now.
    let board = query.office.filter(|o| caller.who.sees_people_of(o));
    let presence = board.as_ref().map(|office| {
        for (card, name, holder) in hub.holds(office) {
            first.push(LiveEvent {
                kind: "hold".into(),
                office: office.clone(),
                ids: vec![card],
                names: vec![name],
                actor: Some(holder),
                ..marker("hold", None)
            });
        }
        hub.join(Viewer {
            user: user.id.clone(),
            name: user.display_name.clone(),
            office: office.clone(),
        })
    });
    let head = futures::stream::iter(
        first
            .iter()
            .map(to_sse)
            .map(Ok::<_, std::convert::Infallible>)
            .collect::<Vec<_>>(),
    );
    let closing = hub.closing();
    let tail = futures::stream::unfold(
        (receiver, closing, sent, presence, slot),
        move |(mut receiver, mut closing, mut sent, presence, slot)| {
            let visible = visible.clone();
            let marker = marker.clone();
            async move {
                loop {
                    let next = tokio::select! {
                        next = receiver.recv() => next,
                        _ = closing.wait_for(|c| *c) => return None,
                    };
                    let event = match next {
                        Ok(e) if e.version <= sent => continue,
                        Ok(e) => match visible(&e) {
                            Some(e) => e,
                            None => continue,
                        },
                        // Too slow to keep up: tell the client to refetch.
                        Err(RecvError::Lagged(_)) => marker("resync", None),
                        Err(RecvError::Closed) => return None,
                    };
                    sent = sent.max(event.version);
                    // `presence` and `slot` stay alive with the stream: dropping them leaves the
                    // board and frees the stream's place.
                    let state = (receiver, closing, sent, presence, slot);
                    return Some((Ok(to_sse(&event)), state));
                }
            }
        },
    );
    Ok(Sse::new(head.chain(tail))
        .keep_alive(KeepAlive::default())
        .into_response())
}
