//! A dashboard as it leaves the server, written once for everyone who asks the same.
//!
//! After a change, every open dashboard asks again at about the same moment (they all heard
//! the change at once). Written and compressed per request, fifty answers were fifty JSON
//! writings and fifty compressions of the same ~40 KB on the threads that answer requests, and
//! a coordinator's write that came in then waited behind them. The answer of a generation (see
//! [`super::shared`]) is written as JSON and compressed with brotli once, off those threads;
//! gzip, for the rare client without brotli, once when first asked.
use super::Dashboard;
use bytes::Bytes;
use std::io::Write;
use std::sync::OnceLock;

/// How an answer's body is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The best coding that an `Accept-Encoding` header allows: brotli, then gzip, else none.
    /// A coding the client refuses (`;q=0`) or does not name is not used; `*` names both.
    pub fn negotiate(accept_encoding: &str) -> Coding {
        let mut brotli = None;
        let mut gzip = None;
        let mut any = None;
        for item in accept_encoding.split(',') {
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

/// A dashboard and its body in each coding.
pub struct Answer {
    dashboard: Dashboard,
    json: Bytes,
    brotli: Bytes,
    gzip: OnceLock<Bytes>,
}

impl Answer {
    /// Writes the dashboard as JSON and compresses it with brotli: CPU work, done off the
    /// threads that answer requests.
    pub fn new(dashboard: Dashboard) -> Answer {
        let json = Bytes::from(serde_json::to_vec(&dashboard).unwrap_or_default());
        let mut brotli = Vec::with_capacity(json.len() / 6);
        {
            let mut writer =
                brotli::CompressorWriter::new(&mut brotli, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
            // Writing to memory cannot fail.
            let _ = writer.write_all(&json);
        }
        Answer {
            dashboard,
            json,
            brotli: Bytes::from(brotli),
            gzip: OnceLock::new(),
        }
    }

    pub fn dashboard(&self) -> &Dashboard {
        &self.dashboard
    }

    /// The body in `coding`: the same bytes for everyone (a cheap reference, never a copy).
    pub fn body(&self, coding: Coding) -> Bytes {
        match coding {
            Coding::Brotli => self.brotli.clone(),
            Coding::Identity => self.json.clone(),
            Coding::Gzip => self
                .gzip
                .get_or_init(|| {
                    let mut gzip = flate2::write::GzEncoder::new(
                        Vec::with_capacity(self.json.len() / 5),
                        flate2::Compression::default(),
                    );
                    let _ = gzip.write_all(&self.json);
                    Bytes::from(gzip.finish().unwrap_or_default())
                })
                .clone(),
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
            assert_eq!(Coding::negotiate(header), coding, "{header:?}");
        }
    }

    #[test]
    fn every_coding_gives_back_the_same_dashboard() {
        // A whole programme's dashboard, as headquarters see it (hidden cells among them).
        let dashboard = super::super::contract_tests::dashboard(true);
        let answer = Answer::new(dashboard.clone());
        let read = |bytes: &[u8]| serde_json::from_slice::<Dashboard>(bytes).unwrap();
        assert_eq!(read(&answer.body(Coding::Identity)), dashboard);
        let mut unbrotli = Vec::new();
        brotli::Decompressor::new(&answer.body(Coding::Brotli)[..], 4096)
            .read_to_end(&mut unbrotli)
            .unwrap();
        assert_eq!(read(&unbrotli), dashboard);
        let mut ungzip = Vec::new();
        flate2::read::GzDecoder::new(&answer.body(Coding::Gzip)[..])
            .read_to_end(&mut ungzip)
            .unwrap();
        assert_eq!(read(&ungzip), dashboard);
        // Written once: asking again gives the very same bytes.
        assert_eq!(
            answer.body(Coding::Gzip).as_ptr(),
            answer.body(Coding::Gzip).as_ptr()
        );
    }
}
