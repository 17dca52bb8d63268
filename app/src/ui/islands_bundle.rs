//! The WebAssembly of the pages served as islands (`ui::islands`): a build of this crate of its
//! own (feature `mentor-islands`, `.ci/build-islands`), holding the islands' code and what they
//! reach, nothing else — no router, no other page, none of the parts of the whole app's split
//! build. The build writes its files' content hashes in `islands.txt` beside the server's binary
//! (as cargo-leptos writes `hash.txt`); the server names those files in the page.
use leptos::prelude::*;

/// The file naming the islands' build, beside the server's binary.
pub const MANIFEST: &str = "islands.txt";
/// The stem of the islands' files in the site's `pkg` folder: `duo_mentor.<hash>.js|wasm`.
pub const STEM: &str = "duo_mentor";

/// The islands' files, as `/pkg/…` paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    pub js: String,
    pub wasm: String,
}

/// Reads `islands.txt` (`js: <hash>` and `wasm: <hash>` lines): `None` unless both are named.
pub fn parse_manifest(text: &str, pkg_path: &str) -> Option<Bundle> {
    let hash_of = |kind: &str| {
        text.lines().find_map(|line| {
            let (name, hash) = line.split_once(':')?;
            let hash = hash.trim();
            let shaped = !hash.is_empty()
                && hash
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            (name.trim() == kind && shaped).then(|| hash.to_string())
        })
    };
    let (js, wasm) = (hash_of("js")?, hash_of("wasm")?);
    Some(Bundle {
        js: format!("/{pkg_path}/{STEM}.{js}.js"),
        wasm: format!("/{pkg_path}/{STEM}.{wasm}.wasm"),
    })
}

/// The islands' build this server serves, read once: `None` when it was not built (or its files
/// are not in the site folder), and then the mentor's page is served as the whole app.
#[cfg(feature = "ssr")]
pub fn served(options: &LeptosOptions) -> Option<Bundle> {
    use std::sync::OnceLock;
    static READ: OnceLock<Option<Bundle>> = OnceLock::new();
    READ.get_or_init(|| {
        let beside = std::env::current_exe().ok()?.parent()?.join(MANIFEST);
        let text = std::fs::read_to_string(&beside).ok()?;
        let bundle = parse_manifest(&text, &options.site_pkg_dir)?;
        let site = std::path::Path::new(options.site_root.as_ref());
        let present = [&bundle.js, &bundle.wasm]
            .iter()
            .all(|path| site.join(path.trim_start_matches('/')).is_file());
        if !present {
            tracing::warn!(
                "{} names files the site folder does not hold: the mentor's page is served as \
                 the whole app (run .ci/build-islands)",
                beside.display()
            );
        }
        present.then_some(bundle)
    })
    .clone()
}

/// The scripts that load the islands' build and hydrate the page's islands with it, in place of
/// the whole app's (`HydrationScripts`); they carry the response's nonce (`app::page_policy`).
#[component]
pub fn IslandsScripts(bundle: Bundle) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let start = format!(
        "import({js:?}).then(m => m.default({{ module_or_path: {wasm:?} }}).then(() => m.hydrate()));",
        js = bundle.js,
        wasm = bundle.wasm
    );
    // `crossorigin` as the module's own fetch is made (same origin, anonymous), so the browser
    // uses what it preloaded.
    view! {
        <link rel="modulepreload" href=bundle.js.clone() crossorigin=""/>
        <link rel="preload" href=bundle.wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin=""/>
        <script type="module" nonce=nonce>{start}</script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_manifest_names_both_files() {
        let text = "js: AbCdEfGhIjKlMnOpQrSt_-\nwasm: 0123456789abcdefghij_-\n";
        assert_eq!(
            parse_manifest(text, "pkg"),
            Some(Bundle {
                js: "/pkg/duo_mentor.AbCdEfGhIjKlMnOpQrSt_-.js".into(),
                wasm: "/pkg/duo_mentor.0123456789abcdefghij_-.wasm".into(),
            })
        );
    }

    #[test]
    fn a_manifest_missing_a_file_or_with_a_strange_hash_names_nothing() {
        assert_eq!(parse_manifest("js: abc\n", "pkg"), None);
        assert_eq!(parse_manifest("wasm: abc\n", "pkg"), None);
        assert_eq!(parse_manifest("js: a/../b\nwasm: abc\n", "pkg"), None);
        assert_eq!(parse_manifest("js:\nwasm: abc\n", "pkg"), None);
        assert_eq!(parse_manifest("", "pkg"), None);
    }
}
