//! Data a page loads from the server: a Leptos resource whose value the server renders into the
//! page as JSON and the browser reads back while hydrating.
//!
//! Leptos reads a resource's JSON with `serde_json::from_str` and a server function's answer with
//! `serde_json::from_slice`: two readers, so every type a page both hydrates and refetches had its
//! deserializer compiled twice into the WebAssembly. `JsonBytes` reads a resource through the
//! server functions' reader, so each type's deserializer is compiled once (a third less JSON
//! reading code on the mentor's page and the board; `make bench-weight`). The browser's other
//! JSON (live events, the mentor's waiting meetings, the dashboard's refreshes) is read as bytes
//! for the same reason.
use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// JSON, read as bytes (the reader the server functions use).
pub struct JsonBytes;

impl<T: Serialize> Encoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        read_json(text)
    }
}

/// Reads JSON text in the browser: always through `serde_json::from_slice`, the reader the server
/// functions use, so no type's reader is compiled into the WebAssembly twice.
pub fn read_json<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_slice(text.as_bytes())
}

/// A page's data: as `Resource::new`, read back through [`JsonBytes`].
pub type Loaded<T> = Resource<T, JsonBytes>;

/// Loads `fetcher(source())` on the server with the page and again whenever `source` changes.
#[track_caller]
pub fn load<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Loaded<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: PartialEq + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    struct Page {
        name: String,
        count: u32,
        notes: Vec<Option<String>>,
    }

    #[test]
    fn a_value_comes_back_as_it_was_written() {
        let page = Page {
            name: "Zoë \"Z\" \u{1F600}\n".into(),
            count: 7,
            notes: vec![None, Some("à bientôt".into())],
        };
        let text = <JsonBytes as Encoder<Page>>::encode(&page).unwrap();
        assert_eq!(<JsonBytes as Decoder<Page>>::decode(&text).unwrap(), page);
        // Read exactly as serde_json reads a string, escapes included.
        let escaped = r#"{"name":"\u00e9\ud83d\ude00","count":1,"notes":[]}"#;
        let read: Page = <JsonBytes as Decoder<Page>>::decode(escaped).unwrap();
        assert_eq!(read, serde_json::from_str::<Page>(escaped).unwrap());
        assert!(<JsonBytes as Decoder<Page>>::decode(r#"{"name":"x"}"#).is_err());
    }
}
