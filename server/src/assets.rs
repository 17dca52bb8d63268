//! The app's own files (`/pkg`: the WebAssembly and its parts, their JavaScript, the stylesheet),
//! named by cargo-leptos with a hash of their content (`hash-files`).
//!
//! A browser may keep such a file for good, but only if the name is true: cargo-leptos writes the
//! name of the parts' loader into the main JavaScript and WebAssembly after naming them, so their
//! content can change under the same name. Each file's content is therefore hashed once when the
//! server starts, and only the files whose content matches their name are served as immutable;
//! the others are revalidated on every visit (a cheap 304). An immutable file goes without
//! `Last-Modified` and `Accept-Ranges`: nothing ever revalidates it or asks for a range of it, and
//! a first visit fetches dozens of them.
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use base64ct::{Base64UrlUnpadded, Encoding};
use md5::{Digest, Md5};
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

/// The names of the files in `/pkg` whose content matches the hash in their name.
#[derive(Clone, Default)]
pub struct TrueNames(Arc<HashSet<String>>);

impl TrueNames {
    /// Hashes every file of `dir` (the site's `pkg` folder) as cargo-leptos does; a file is
    /// known by its path inside `dir` (`duo.<hash>.wasm`, `snippets/…`). Links are not followed.
    pub fn read(dir: &Path) -> Self {
        let mut names = HashSet::new();
        let mut folders = vec![dir.to_path_buf()];
        while let Some(folder) = folders.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    folders.push(path);
                    continue;
                }
                if !kind.is_file() {
                    continue;
                }
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                let Some(hash) = content_hash_in_name(name) else {
                    continue;
                };
                let Some(inside) = path.strip_prefix(dir).ok().and_then(|p| p.to_str()) else {
                    continue;
                };
                if std::fs::read(&path).is_ok_and(|bytes| hash_of(&bytes) == hash) {
                    names.insert(inside.replace('\\', "/"));
                }
            }
        }
        Self(Arc::new(names))
    }

    fn holds(&self, name: &str) -> bool {
        self.0.contains(name)
    }
}

/// The hash cargo-leptos puts in a name: MD5, unpadded base64url (22 characters).
pub fn hash_of(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(&Md5::digest(bytes))
}

/// The hash in a file name `<name>.<hash>.<extension>`, if it has one of the right shape.
pub fn content_hash_in_name(name: &str) -> Option<&str> {
    let mut parts = name.rsplitn(3, '.');
    let (Some(extension), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let shaped = !stem.is_empty()
        && !extension.is_empty()
        && hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    shaped.then_some(hash)
}

/// `Cache-Control` of a file of `/pkg`: a year and immutable for a file whose name is true
/// (a later visit fetches nothing), `no-cache` for anything else.
pub async fn cache_control(
    State(names): State<TrueNames>,
    request: Request,
    next: Next,
) -> Response {
    // The path inside `/pkg` (this router is nested there).
    let inside = request.uri().path().trim_start_matches('/');
    let immutable = names.holds(inside);
    let mut response = next.run(request).await;
    let kept = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let policy = if immutable && kept {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    if immutable && kept {
        // Kept for a year and never asked for again: a date to revalidate against and an offer
        // of ranges serve nothing, and a first visit fetches a hundred of these files.
        headers.remove(header::LAST_MODIFIED);
        headers.remove(header::ACCEPT_RANGES);
    }
    response
}

/// With `hash-files`, the page names its files from `hash.txt` beside the binary: checks that it
/// is there and that the site's `pkg` folder holds the files it names (debug and release builds
/// share that folder, so it may hold the other build's). A clear error now rather than pages
/// whose WebAssembly is missing.
pub fn check_build(hash_file: &Path, pkg: &Path, output_name: &str) -> Result<(), String> {
    let rebuild = "build it again with `bash .ci/build` (add `--release` for a release build; \
                   `make run` and `make release` do so)";
    let hashes = std::fs::read_to_string(hash_file).map_err(|e| {
        format!(
            "{} cannot be read ({e}): it names the app's files; {rebuild}",
            hash_file.display()
        )
    })?;
    if !pkg.is_dir() {
        return Err(format!(
            "{} is not there: start `duo serve` from the repository root (or set LEPTOS_SITE_ROOT \
             to the site folder); {rebuild}",
            pkg.display()
        ));
    }
    for line in hashes.lines() {
        let Some((kind, hash)) = line.split_once(':') else {
            continue;
        };
        let hash = hash.trim();
        let name = match kind.trim() {
            "js" | "wasm" | "css" => format!("{output_name}.{hash}.{}", kind.trim()),
            "split" => format!("__wasm_split.{hash}.js"),
            "manifest" => format!("__wasm_split_manifest.{hash}.json"),
            _ => continue,
        };
        if !pkg.join(&name).is_file() {
            return Err(format!(
                "{} names {name}, which {} does not hold (another build is there); {rebuild}",
                hash_file.display(),
                pkg.display()
            ));
        }
    }
    if !hashes.lines().any(|l| l.starts_with("split:")) {
        return Err(format!(
            "{} names no parts of the WebAssembly: it was built without `--split`, and the pages \
             would not load; {rebuild}",
            hash_file.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_of_the_right_shape_is_read_from_a_name() {
        assert_eq!(
            content_hash_in_name("duo.AbCdEfGhIjKlMnOpQrSt_-.wasm"),
            Some("AbCdEfGhIjKlMnOpQrSt_-")
        );
        assert!(content_hash_in_name("split_view_12.AbCdEfGhIjKlMnOpQrSt12.wasm").is_some());
        // Plain names change with each build.
        assert_eq!(content_hash_in_name("duo.wasm"), None);
        assert_eq!(content_hash_in_name("duo.js"), None);
        // A hash of the wrong length, or characters no hash has.
        assert_eq!(content_hash_in_name("duo.AbCdEfGhIjKlMnOpQrSt.wasm"), None);
        assert_eq!(content_hash_in_name("duo.AbCdEfGhIjKlMnOpQr+_.wasm"), None);
        assert_eq!(content_hash_in_name("duo.AbCdEfGhIjKlMnOpQr=_.wasm"), None);
        // No name before it, or nothing after it.
        assert_eq!(content_hash_in_name(".AbCdEfGhIjKlMnOpQrSt_-.wasm"), None);
        assert_eq!(content_hash_in_name("duo.AbCdEfGhIjKlMnOpQrSt_-."), None);
        assert_eq!(content_hash_in_name(""), None);
    }

    #[test]
    fn only_files_whose_content_matches_their_name_are_true() {
        let dir = tempfile::tempdir().unwrap();
        let content = b"(module)";
        let true_name = format!("duo.{}.wasm", hash_of(content));
        std::fs::write(dir.path().join(&true_name), content).unwrap();
        // Rewritten after it was named, as cargo-leptos does to the main files.
        let stale_name = format!("duo.{}.js", hash_of(b"before"));
        std::fs::write(dir.path().join(&stale_name), b"after").unwrap();
        std::fs::write(dir.path().join("duo.css"), b"body{}").unwrap();
        // In a folder, known by its path inside `pkg`.
        std::fs::create_dir(dir.path().join("snippets")).unwrap();
        std::fs::write(dir.path().join("snippets").join(&true_name), content).unwrap();
        let names = TrueNames::read(dir.path());
        assert!(names.holds(&true_name));
        assert!(names.holds(&format!("snippets/{true_name}")));
        assert!(!names.holds(&stale_name));
        assert!(!names.holds("duo.css"));
        assert_eq!(hash_of(b"").len(), 22);
    }

    #[test]
    fn a_build_that_does_not_match_its_hash_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        std::fs::create_dir(&pkg).unwrap();
        let hash_file = dir.path().join("hash.txt");
        let hashes = "js: AAAAAAAAAAAAAAAAAAAAAA\nwasm: BBBBBBBBBBBBBBBBBBBBBB\ncss: CCCCCCCCCCCCCCCCCCCCCC\nsplit: DDDDDDDDDDDDDDDDDDDDDD\n";
        // No hash file at all.
        assert!(check_build(&hash_file, &pkg, "duo")
            .unwrap_err()
            .contains("cannot be read"));
        std::fs::write(&hash_file, hashes).unwrap();
        // The folder holds another build.
        assert!(check_build(&hash_file, &pkg, "duo")
            .unwrap_err()
            .contains("does not hold"));
        for name in [
            "duo.AAAAAAAAAAAAAAAAAAAAAA.js",
            "duo.BBBBBBBBBBBBBBBBBBBBBB.wasm",
            "duo.CCCCCCCCCCCCCCCCCCCCCC.css",
            "__wasm_split.DDDDDDDDDDDDDDDDDDDDDD.js",
            "__wasm_split_manifest.EEEEEEEEEEEEEEEEEEEEEE.json",
        ] {
            std::fs::write(pkg.join(name), b"x").unwrap();
        }
        assert_eq!(check_build(&hash_file, &pkg, "duo"), Ok(()));
        // Built without --split: no parts named.
        std::fs::write(
            &hash_file,
            hashes.replace("split: DDDDDDDDDDDDDDDDDDDDDD\n", ""),
        )
        .unwrap();
        assert!(check_build(&hash_file, &pkg, "duo")
            .unwrap_err()
            .contains("--split"));
    }
}
