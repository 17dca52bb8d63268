// Duo's service worker: keeps the app shell (the WebAssembly, the styles, the icons) and the
// signed-in mentor's page, so that page opens without a connection. Pages and assets go to the
// network first and fall back to the copy kept here; server functions and the API are never
// cached. Meetings logged offline wait in the page's own storage and are sent by the app.
//
// The mentor's page holds personal data, so it is kept for one account and one session only:
// - the page names its account (message `duo-account`); another account drops the kept pages;
// - any 401 answer (the session expired), a signed-out page (message `duo-forget`) or signing
//   out drops the kept pages, and the open pages are told (`duo-forget`) to drop their queue.
const VERSION = 'v4';
const SHELL = `duo-shell-${VERSION}`; // the app's own files: no personal data
const PAGES = `duo-pages-${VERSION}`; // the signed-in account's pages
const OWNER = `duo-owner-${VERSION}`; // whose pages PAGES holds
const KEPT_PAGES = ['/mentor'];
const PRECACHE = ['/manifest.webmanifest', '/icons/duo-192.png'];

/** An app file's name as cargo-leptos writes it: `/pkg/<stem>.<22-character hash>.<ext>`, in
 *  `/pkg` itself. Anything else a page holds (text a person typed, say) is not a file to keep. */
const APP_FILE = /^\/pkg\/[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*\.[A-Za-z0-9_\-]{22}\.[a-z]+$/;

/** The app files `path`'s page names (read, never kept: the page itself may be personal). */
async function filesOf(path, credentials) {
  try {
    const page = await fetch(path, { credentials });
    const html = await page.text();
    return (html.match(/\/pkg\/[A-Za-z0-9_.\-]+/g) || []).filter(
      (name) => APP_FILE.test(name) && new URL(name, self.location.origin).pathname === name
    );
  } catch {
    return [];
  }
}

/** The app's own files (`/pkg/…`) to keep: their names carry a hash of their content, so they are
 *  read from the pages that name them — the sign-in page (anonymous: the frame every page needs)
 *  and any kept page open in this browser (the mentor's page: its own part) — rather than written
 *  here. Only what the browser has already loaded is kept (`only-if-cached`): installing downloads
 *  those pages' HTML, never a part of the app the reader did not open; a part opened later is kept
 *  when it arrives (see `fetch`). */
async function shellFiles() {
  const open = await self.clients.matchAll({ includeUncontrolled: true, type: 'window' });
  const kept = open
    .map((client) => new URL(client.url))
    .filter((url) => url.origin === self.location.origin && KEPT_PAGES.includes(url.pathname))
    .map((url) => url.pathname);
  const named = await Promise.all([
    filesOf('/login', 'omit'),
    ...[...new Set(kept)].map((path) => filesOf(path, 'same-origin')),
  ]);
  return [...new Set(named.flat())];
}

/** Keeps `url` if the browser has it already; never downloads a file it has not loaded. A copy
 *  whose content matches its name (`immutable`) is kept as it is; the others (the main files,
 *  rewritten after naming) are asked again, which costs a 304 when the copy is current. */
async function keepIfLoaded(cache, url) {
  try {
    const loaded = await fetch(url, { cache: 'only-if-cached', mode: 'same-origin' });
    if (!loaded.ok) return;
    const immutable = (loaded.headers.get('cache-control') || '').includes('immutable');
    const current = immutable ? loaded : await fetch(url, { cache: 'no-cache' });
    if (current.ok) await cache.put(url, current);
  } catch {
    // Not loaded by this browser: kept when a page asks for it.
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    Promise.all([caches.open(SHELL), shellFiles()]).then(([cache, files]) =>
      Promise.all([
        ...PRECACHE.map((url) => cache.add(url).catch(() => undefined)),
        ...files.map((url) => keepIfLoaded(cache, url)),
      ])
    )
  );
  self.skipWaiting();
});

// A new version drops every cache of the ones before (the first kept pages with no owner).
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => ![SHELL, PAGES, OWNER].includes(k)).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

/** The session is over: drop the kept pages and tell every open page to drop its queue. */
async function forget() {
  await Promise.all([caches.delete(PAGES), caches.delete(OWNER)]);
  const clients = await self.clients.matchAll({ includeUncontrolled: true });
  for (const client of clients) client.postMessage({ type: 'duo-forget' });
}

/** The pages kept are `account`'s from now on: another account's go. */
async function ownedBy(account) {
  const owner = await caches.open(OWNER);
  const known = await owner.match('/owner');
  const previous = known ? await known.text() : null;
  if (previous === account) return;
  // With no owner yet, what was kept came from this same session (kept pages go with the owner).
  if (previous !== null) await caches.delete(PAGES);
  await owner.put('/owner', new Response(account));
}

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'duo-account' && typeof data.account === 'string' && data.account) {
    event.waitUntil(ownedBy(data.account));
  } else if (data.type === 'duo-forget') {
    event.waitUntil(forget());
  }
});

/** `/pkg/duo.<hash>.wasm` replaces the `duo.*.wasm` of an earlier build: the old one goes. */
async function dropOlder(cache, url) {
  const named = url.pathname.match(/^\/pkg\/(.+)\.[A-Za-z0-9_-]{22}\.([a-z]+)$/);
  if (!named) return;
  const [, stem, ext] = named;
  for (const old of await cache.keys()) {
    const path = new URL(old.url).pathname;
    const same = path.match(/^\/pkg\/(.+)\.[A-Za-z0-9_-]{22}\.([a-z]+)$/);
    if (same && same[1] === stem && same[2] === ext && path !== url.pathname) await cache.delete(old);
  }
}

/** Passes an answer on, after forgetting everything if it says the session is over. */
function watched(response) {
  return response.status === 401 ? forget().then(() => response) : response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Signing out forgets the pages kept for this person (and the open pages their queue).
  if (url.pathname.startsWith('/fn/sign_out')) {
    event.waitUntil(forget());
    return;
  }
  // Server functions and the API: never kept, but watched for the end of the session (live
  // event streams go straight to the network: they stay open for as long as the page).
  if (request.headers.get('accept') === 'text/event-stream') return;
  if (url.pathname.startsWith('/fn/') || url.pathname.startsWith('/api/')) {
    event.respondWith(fetch(request).then(watched));
    return;
  }
  if (request.method !== 'GET') return;
  const navigate = request.mode === 'navigate';
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !navigate) {
          const copy = response.clone();
          caches.open(SHELL).then((cache) => cache.put(request, copy).then(() => dropOlder(cache, url)));
        } else if (response.ok && navigate && KEPT_PAGES.includes(url.pathname)) {
          const copy = response.clone();
          caches.open(PAGES).then((cache) => cache.put(request, copy));
        }
        return watched(response);
      })
      .catch(() => (navigate
        ? caches.match(request, { cacheName: PAGES }).then((hit) => hit || caches.match('/mentor', { cacheName: PAGES }))
        : caches.match(request, { cacheName: SHELL, ignoreSearch: true }))
        .then((hit) => hit || Response.error()))
  );
});
