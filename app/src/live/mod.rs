//! Live events: every committed change is announced to the screens that may see it, so several
//! coordinators share one board. The server publishes after commit; each browser tab holds one
//! Server-Sent Events connection (`/api/v1/events`) and refetches what changed.
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod change;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(any(feature = "ssr", test))]
pub mod holds;
#[cfg(feature = "ssr")]
pub mod hub;

#[cfg(feature = "hydrate")]
pub mod client;

// Only the server decides who hears what; the browser never needs the rule.
#[cfg(any(feature = "ssr", test))]
pub mod visibility;

/// The event that tells an account its inbox changed (a new notice, one read elsewhere). It
/// names only the account it is sent to (see `visibility`).
pub const NOTICE: &str = "notice";

/// Events about screens rather than records (who is on a board, cards being dragged, the inbox):
/// they move no figure and no list.
pub fn is_ephemeral(kind: &str) -> bool {
    matches!(kind, "presence" | "hold" | "release" | NOTICE)
}

/// One committed change, as the event stream carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LiveEvent {
    /// What happened: `duo.created`, `duo.dissolved`, `mentee.created`, `mentor.created`;
    /// on a board also `presence`, `hold` and `release`; `hello` and `resync` from the stream.
    #[serde(rename = "type")]
    pub kind: String,
    /// Increases by one with every event of this server process (see `epoch`).
    pub version: u64,
    /// Identifies the server process; versions restart with a new epoch.
    pub epoch: String,
    /// The office whose people changed.
    pub office: String,
    /// The records that changed (duo, mentee, mentor…), as full record ids `table:key` (see
    /// [`record_id`]); on a board, `presence` names users and `hold`/`release` cards.
    pub ids: Vec<String>,
    /// Who made the change (user id), so a screen can tell its own moves from others'.
    pub actor: Option<String>,
    /// Display names that go with `ids` for presence (`presence`: who is on the board;
    /// `hold`: who holds the card).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
}

/// A record's full id as events carry it, `table:key`. Keys repeat across tables (the demo seeds
/// have `mentee:liege_003` and `mentor:liege_003`), so a key alone names no record, and who may
/// see an event is decided on full ids only.
pub fn record_id(table: &str, key: &str) -> String {
    format!("{table}:{key}")
}

/// The ids a duo's events carry: the duo, its mentee and its mentor (keys in, full ids out).
pub fn duo_ids(duo: &str, mentee: &str, mentor: &str) -> Vec<String> {
    vec![
        record_id("duo", duo),
        record_id("mentee", mentee),
        record_id("mentor", mentor),
    ]
}

/// The id of an event in the stream (`Last-Event-ID` on reconnect): `epoch-version`.
pub fn stream_id(epoch: &str, version: u64) -> String {
    format!("{epoch}-{version}")
}

/// Reads a `Last-Event-ID`; `None` when malformed.
pub fn parse_stream_id(id: &str) -> Option<(&str, u64)> {
    let (epoch, version) = id.rsplit_once('-')?;
    Some((epoch, version.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_ids_round_trip() {
        assert_eq!(parse_stream_id(&stream_id("a1b2", 42)), Some(("a1b2", 42)));
        assert_eq!(parse_stream_id("nonsense"), None);
        assert_eq!(parse_stream_id("x-y"), None);
    }

    #[test]
    fn events_serialize_with_type() {
        let e = LiveEvent {
            kind: "duo.created".into(),
            version: 3,
            epoch: "e".into(),
            office: "liege".into(),
            ids: vec!["d".into()],
            actor: None,
            names: vec![],
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["type"], "duo.created");
        assert_eq!(json["version"], 3);
    }
}
