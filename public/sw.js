// Duo's service worker: keeps the app shell (the mentor's page, the WebAssembly, the styles) so
// the mentor's page opens without a connection. Pages and assets go to the network first and
// fall back to the copy kept here; server functions and the API are never cached. Meetings
// logged offline wait in the page's own storage and are sent by the app (with their keys).
const SHELL = 'duo-shell-v1';
const PRECACHE = ['/mentor', '/pkg/duo.js', '/pkg/duo.wasm', '/pkg/duo.css', '/manifest.webmanifest', '/icons/duo-192.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => Promise.all(PRECACHE.map((url) => cache.add(url).catch(() => undefined))))
  );
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Signing out forgets the pages kept for this person.
  if (url.pathname.startsWith('/fn/sign_out')) {
    event.waitUntil(caches.delete(SHELL));
    return;
  }
  if (request.method !== 'GET' || url.pathname.startsWith('/fn/') || url.pathname.startsWith('/api/')) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && (request.mode === 'navigate' ? url.pathname === '/mentor' : true)) {
          const copy = response.clone();
          caches.open(SHELL).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request, { ignoreSearch: request.mode !== 'navigate' })
        .then((hit) => hit || (request.mode === 'navigate' ? caches.match('/mentor') : undefined))
        .then((hit) => hit || Response.error()))
  );
});
