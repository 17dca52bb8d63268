//! A dashboard as it leaves the server, written once for everyone who asks the same.
//!
//! After a change, every open dashboard asks again at about the same moment (they all heard
//! the change at once). Written and compressed per request, fifty answers were fifty JSON
//! writings and fifty compressions of the same ~40 KB on the threads that answer requests, and
//! a coordinator's write that came in then waited behind them. The answer of a generation that
//! everyone shares (see [`super::shared`]) is written as JSON and compressed with brotli and
//! gzip once, off those threads; one computed for its caller alone is written as JSON only, and
//! compressed on its way out like any other answer.
use super::Dashboard;
use crate::error::AppError;
use bytes::Bytes;
use std::io::Write;

/// How an answer's body is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The coding to send to a client that sent these `Accept-Encoding` values: brotli if it
    /// takes it, else gzip, else none. The server's order wins over the client's weights (both
    /// are what every browser takes); a coding refused (`;q=0`) or not named is never used, and
    /// `*` names both.
    pub fn negotiate<'a>(accept_encoding: impl IntoIterator<Item = &'a str>) -> Coding {
        let mut brotli = None;
        let mut gzip = None;
        let mut any = None;
        for item in accept_encoding.into_iter().flat_map(|v| v.split(',')) {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let mut accepted = true;
            for param in parts {
                let (key, value) = param.split_once('=').unwrap_or((param, ""));
                if key.trim().eq_ignore_ascii_case("q") {
                    accepted = value.trim().parse::<f32>().is_ok_and(|q| q > 0.0);
                }
            }
            match name.as_str() {
                "br" => brotli = Some(accepted),
                "gzip" | "x-gzip" => gzip = Some(accepted),
                "*" => any = Some(accepted),
                _ => {}
            }
        }
        if brotli.or(any) == Some(true) {
            Coding::Brotli
        } else if gzip.or(any) == Some(true) {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }

    /// The `Content-Encoding` header's value, if any.
    pub fn header(self) -> Option<&'static str> {
        match self {
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        }
    }
}

/// Brotli's quality for an answer written once per change: denser than what is compressed per
/// request (5), a few milliseconds for a dashboard.
const BROTLI_QUALITY: u32 = 9;
/// Brotli's window (log2 of bytes): larger than any dashboard.
const BROTLI_WINDOW: u32 = 22;

/// A dashboard and its body: as JSON, and compressed when it is shared.
pub struct Answer {
    dashboard: Dashboard,
    json: Bytes,
    /// Brotli and gzip, for an answer that everyone asking the same shares.
    compressed: Option<(Bytes, Bytes)>,
}

impl Answer {
    /// An answer for everyone who asks the same: written as JSON, compressed with brotli and
    /// with gzip. CPU work (a few milliseconds): done off the threads that answer requests.
    pub fn shared(dashboard: Dashboard) -> Result<Answer, AppError> {
        let mut answer = Answer::single(dashboard)?;
        let json = &answer.json;
        let mut brotli =
            brotli::CompressorWriter::new(Vec::new(), 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        brotli.write_all(json).map_err(|_| AppError::Internal)?;
        let brotli = brotli.into_inner();
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gzip.write_all(json).map_err(|_| AppError::Internal)?;
        let gzip = gzip.finish().map_err(|_| AppError::Internal)?;
        answer.compressed = Some((Bytes::from(brotli), Bytes::from(gzip)));
        Ok(answer)
    }

    /// An answer for its caller alone: written as JSON, compressed (or not) on its way out.
    pub fn single(dashboard: Dashboard) -> Result<Answer, AppError> {
        let json = serde_json::to_vec(&dashboard).map_err(|_| AppError::Internal)?;
        Ok(Answer {
            dashboard,
            json: Bytes::from(json),
            compressed: None,
        })
    }

    pub fn dashboard(&self) -> &Dashboard {
        &self.dashboard
    }

    /// The body in `wanted` if this answer has it, else as JSON, and the coding it is in: the
    /// same bytes for everyone (a cheap reference, never a copy).
    pub fn body(&self, wanted: Coding) -> (Coding, Bytes) {
        match (&self.compressed, wanted) {
            (Some((brotli, _)), Coding::Brotli) => (Coding::Brotli, brotli.clone()),
            (Some((_, gzip)), Coding::Gzip) => (Coding::Gzip, gzip.clone()),
            _ => (Coding::Identity, self.json.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn brotli_first_then_gzip_then_none() {
        for (header, coding) in [
            ("gzip, deflate, br, zstd", Coding::Brotli),
            ("br", Coding::Brotli),
            ("BR;q=0.5, gzip;q=1", Coding::Brotli),
            ("gzip, deflate", Coding::Gzip),
            ("x-gzip", Coding::Gzip),
            ("gzip, br;q=0", Coding::Gzip),
            ("br;q=0.0, gzip;q=0", Coding::Identity),
            ("*", Coding::Brotli),
            ("*, br;q=0", Coding::Gzip),
            ("*;q=0", Coding::Identity),
            ("identity", Coding::Identity),
            ("deflate, zstd", Coding::Identity),
            ("", Coding::Identity),
            ("br;q=nonsense, gzip", Coding::Gzip),
        ] {
            assert_eq!(Coding::negotiate([header]), coding, "{header:?}");
        }
        // Every header line counts.
        assert_eq!(Coding::negotiate(["deflate", "gzip"]), Coding::Gzip);
        assert_eq!(Coding::negotiate(["gzip", "br;q=0"]), Coding::Gzip);
        assert_eq!(Coding::negotiate([]), Coding::Identity);
    }

    #[test]
    fn every_coding_gives_back_the_same_dashboard() {
        // A whole programme's dashboard, as headquarters see it (hidden cells among them).
        let dashboard = super::super::contract_tests::dashboard(true);
        let answer = Answer::shared(dashboard.clone()).unwrap();
        let read = |bytes: &[u8]| serde_json::from_slice::<Dashboard>(bytes).unwrap();
        let (coding, json) = answer.body(Coding::Identity);
        assert_eq!(coding, Coding::Identity);
        assert_eq!(read(&json), dashboard);
        let (coding, brotli) = answer.body(Coding::Brotli);
        assert_eq!(coding, Coding::Brotli);
        let mut unbrotli = Vec::new();
        brotli::Decompressor::new(&brotli[..], 4096)
            .read_to_end(&mut unbrotli)
            .unwrap();
        assert_eq!(unbrotli, json);
        assert!(
            brotli.len() < json.len() / 4,
            "{} of {}",
            brotli.len(),
            json.len()
        );
        let (coding, gzip) = answer.body(Coding::Gzip);
        assert_eq!(coding, Coding::Gzip);
        let mut ungzip = Vec::new();
        flate2::read::GzDecoder::new(&gzip[..])
            .read_to_end(&mut ungzip)
            .unwrap();
        assert_eq!(ungzip, json);
        // Written once: asking again gives the very same bytes, not a copy.
        assert_eq!(answer.body(Coding::Brotli).1.as_ptr(), brotli.as_ptr());
    }

    #[test]
    fn an_answer_for_one_caller_is_json_only() {
        let dashboard = super::super::contract_tests::dashboard(false);
        let answer = Answer::single(dashboard.clone()).unwrap();
        for wanted in [Coding::Brotli, Coding::Gzip, Coding::Identity] {
            let (coding, body) = answer.body(wanted);
            assert_eq!(coding, Coding::Identity);
            assert_eq!(
                serde_json::from_slice::<Dashboard>(&body).unwrap(),
                dashboard
            );
        }
    }
}
