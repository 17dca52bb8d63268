// What a first visit costs, measured in Debian's Chromium against a running Duo (`make
// bench-weight` starts a release build): a signed-in person opens their page for the first time in
// a browser with nothing kept (phone viewport), then opens it again later.
// - every request of the page, the service worker's included, by kind, as transferred (Chromium
//   takes brotli on loopback, as every browser does on https);
// - the later visit: what is transferred again.
// The budgets of DESIGN §7 (mentor's page 300 KB, board 500 KB) are the yardsticks; the sign-in
// page, the lightest page of Duo, is the baseline measured in the same run. With `--floor DIR`
// (a folder holding the wasm-bindgen output of `.ci/weight-floor`, built by bench-weight.sh), the
// WebAssembly and JavaScript of a bare page of the same stack, compressed as cargo-leptos
// precompresses Duo's (brotli, quality 11, 4 MB window), are shown as the stack's floor. `--json`
// writes `{ pages, floor }`.
//
//   node bench/weight.mjs --base http://127.0.0.1:3300 [--floor DIR] [--json out.json]
import { chromium } from '@playwright/test';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const base = arg('base', 'http://127.0.0.1:3300');
const jsonOut = arg('json', '');
const floorDir = arg('floor', '');
const PASSWORD = 'duo-demo-2026';
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

const PAGES = [
  { name: "sign-in page (baseline)", email: null, path: '/login', budget: null },
  { name: "mentor's page", email: 'mentor@duo.example', path: '/mentor', budget: 300 * 1024 },
  { name: 'board', email: 'coordinator@duo.example', path: '/board?office=brussels', budget: 500 * 1024 },
];

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

function kind(request) {
  const url = new URL(request.url());
  if (request.resourceType() === 'document') return 'html';
  if (url.pathname.endsWith('.wasm')) return 'wasm';
  if (url.pathname.endsWith('.js')) return 'js';
  if (url.pathname.endsWith('.css')) return 'css';
  if (url.pathname.startsWith('/fn/') || url.pathname.startsWith('/api/')) return 'data';
  return 'other';
}

/** A session for `email`, signed in through the form in a throwaway context. */
async function session(browser, email) {
  if (!email) return undefined;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Opens `path` and records every request until the page is hydrated and the network is quiet. */
async function visit(context, page, path) {
  const seen = [];
  const record = async (request) => {
    const sizes = await request.sizes().catch(() => null);
    const response = await request.response().catch(() => null);
    if (!sizes || !response) return;
    seen.push({
      url: request.url(),
      method: request.method(),
      kind: kind(request),
      wire: sizes.responseBodySize + sizes.responseHeadersSize,
      body: sizes.responseBodySize,
      status: response.status(),
      cached: response.fromServiceWorker() || sizes.responseBodySize === 0,
    });
  };
  context.on('requestfinished', record);
  await page.goto(`${base}${path}`, { waitUntil: 'load' });
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  // The service worker installs after the page has loaded: what it fetches counts too.
  await page.waitForTimeout(1500);
  await page.waitForLoadState('networkidle');
  context.off('requestfinished', record);
  return seen;
}

function sum(requests, pick = () => true) {
  return requests.filter(pick).reduce((n, r) => n + r.wire, 0);
}

async function measure(browser, target) {
  const storageState = await session(browser, target.email);
  const context = await browser.newContext({ ...PHONE, storageState });
  const page = await context.newPage();
  const first = await visit(context, page, target.path);
  // A later visit, in the same browser: a new tab on the same page.
  const again = await context.newPage();
  const later = await visit(context, again, target.path);
  await context.close();
  const byKind = {};
  for (const r of first) byKind[r.kind] = (byKind[r.kind] || 0) + r.wire;
  return {
    name: target.name,
    path: target.path,
    budget: target.budget,
    requests: first.length,
    transferred: sum(first),
    withBytes: first.filter((r) => !r.cached).length,
    byKind,
    later: sum(later),
    laterRequests: later.filter((r) => !r.cached).length,
    files: first.map(({ url, kind, wire, body, status }) => ({ url: url.replace(base, ''), kind, wire, body, status })),
  };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium' });
const results = [];
try {
  for (const target of PAGES) results.push(await measure(browser, target));
} finally {
  await browser.close();
}

/** The bare page's code as it would be served: each file brotli-compressed like Duo's own. */
function floor(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.wasm') || f.endsWith('.js'));
  const brotli = (bytes) =>
    brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 22 },
    }).length;
  const sizes = files.map((f) => ({ file: f, raw: readFileSync(join(dir, f)).length, wire: brotli(readFileSync(join(dir, f))) }));
  return { files: sizes, wire: sizes.reduce((n, f) => n + f.wire, 0) };
}

const baseline = results[0];
console.log(`\nFirst visit on a phone (fresh browser), against ${base}\n`);
console.log('page                      requests (with bytes)  transferred  × sign-in  budget                later visit');
for (const r of results) {
  const budget = r.budget ? `${r.transferred <= r.budget ? 'met' : 'over'} (${kb(r.budget)})` : '';
  console.log(
    `${r.name.padEnd(26)}${`${r.requests} (${r.withBytes})`.padStart(19)}  ${kb(r.transferred).padStart(11)}  ${(
      r.transferred / baseline.transferred
    )
      .toFixed(2)
      .padStart(9)}  ${budget.padEnd(20)}  ${kb(r.later)} in ${r.laterRequests} requests`
  );
}
console.log('\nBy kind (as transferred, first visit):');
for (const r of results) {
  console.log(`  ${r.name}: ${Object.entries(r.byKind).map(([k, b]) => `${k} ${kb(b)}`).join(', ')}`);
}
console.log('\nLargest files of the first visit to the mentor\'s page:');
for (const f of [...results[1].files].sort((a, b) => b.wire - a.wire).slice(0, 12)) console.log(`  ${String(f.status).padStart(3)} ${kb(f.wire).padStart(10)}  ${f.kind.padEnd(5)} ${f.url}`);
let bare = null;
if (floorDir) {
  bare = floor(floorDir);
  console.log('\nThe stack\'s floor: a bare Leptos page (router, one resource, one server action; .ci/weight-floor)');
  for (const f of bare.files) console.log(`  ${kb(f.wire).padStart(10)}  (${kb(f.raw)} raw)  ${f.file}`);
  console.log(`  ${kb(bare.wire).padStart(10)}  in all, before any HTML, CSS or Duo code`);
  for (const r of results.slice(1)) {
    // Bodies only, as the floor's are counted (the headers of the page's requests stay with
    // "this page's other files").
    const code = r.files.filter((f) => f.kind === 'wasm' || f.kind === 'js').reduce((n, f) => n + f.body, 0);
    const room = r.budget - bare.wire - (r.transferred - code);
    console.log(
      `  ${r.name}: WebAssembly and JS ${kb(code)} = floor ${kb(bare.wire)} + Duo ${kb(code - bare.wire)}; ` +
        `the budget leaves Duo's code ${kb(room)} beside the floor and this page's other files`
    );
  }
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ pages: results, floor: bare }, null, 2));
