// The board with 1,000 waiting mentees and 1,000 available mentors in one office, measured in
// Debian's Chromium against a running Duo (`make bench-board` starts a release build):
// - how the page is drawn from the server: HTML bytes, elements, first paint, hydrated;
// - frames while a mentee card is dragged across the mentors (rAF intervals);
// - a drop: until the duo shows on the board, and until the server has confirmed it.
// The same office's demo board, measured first in the same run, is the baseline.
//
//   node bench/board.mjs --base http://127.0.0.1:3300 [--office brussels] [--people 1000] [--repeats 3]
import { chromium } from '@playwright/test';
import http from 'node:http';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const base = arg('base', 'http://127.0.0.1:3300');
const office = arg('office', 'brussels');
const people = Number(arg('people', 1000));
const repeats = Number(arg('repeats', 3));
const PASSWORD = 'duo-demo-2026';
const COORDINATOR = 'coordinator@duo.example';
const SECTORS = 'ABCDEFGHIJKLMNOPQRSTU'.split('');
const LANGUAGES = ['fr', 'nl', 'en', 'ar', 'tr', 'es', 'pl', 'ro', 'ru', 'uk', 'fa', 'so', 'ti', 'ln'];
const FIRST = ['Amina', 'Youssef', 'Fatou', 'Karim', 'Lina', 'Omar', 'Sara', 'Ilias', 'Nour', 'Adam', 'Hanna', 'Yasmine'];
const LAST = ['Benali', 'Diallo', 'Haddad', 'Kaya', 'Mertens', 'Nowak', 'Peeters', 'Rahimi', 'Sow', 'Timmermans', 'Yilmaz', 'Ziani'];

const pick = (list, i) => list[i % list.length];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;

async function api(path, { method = 'GET', token, body } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

/** Fills the office with waiting mentees and available mentors through the JSON API. */
async function seed(token) {
  const jobs = [];
  for (let i = 0; i < people; i++) {
    const sectors = [pick(SECTORS, i * 7), pick(SECTORS, i * 3 + 1)];
    const languages = [pick(LANGUAGES, i), pick(LANGUAGES, i * 5 + 2)];
    jobs.push(['/api/v1/mentees', { first_name: pick(FIRST, i), last_name: `${pick(LAST, i * 5)} ${i}`, office, languages, sectors, state: 'waiting' }]);
    jobs.push(['/api/v1/mentors', { first_name: pick(FIRST, i + 3), last_name: `${pick(LAST, i * 7)} M${i}`, office, languages, sectors, capacity: 2, state: 'available' }]);
  }
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const [path, body] = jobs[next++];
      await api(path, { method: 'POST', token, body });
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

/** The bytes of a page as served to a browser asking for gzip (as Chromium does on plain
 *  http), with the context's session. */
async function servedBytes(context, url) {
  const cookie = (await context.cookies(url)).map((c) => `${c.name}=${c.value}`).join('; ');
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { cookie, 'accept-encoding': 'gzip, deflate' } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () => resolve(bytes));
      })
      .on('error', reject);
  });
}

/** Opens the board in a fresh browser context, as a first visit: how it is drawn. */
async function draw(browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel(/email/i).fill(COORDINATOR);
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/board|\/$/);
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  const started = Date.now();
  await page.goto(`${base}/board?office=${office}`);
  await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 120_000 });
  const hydratedAt = Date.now() - started;
  const facts = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      html: nav.decodedBodySize,
      responseEnd: nav.responseEnd,
      firstPaint: paint ? paint.startTime : NaN,
      elements: document.getElementsByTagName('*').length,
      cards: document.querySelectorAll('.card').length,
    };
  });
  facts.htmlWire = await servedBytes(context, `${base}/board?office=${office}`);
  return { page, context, facts: { ...facts, hydrated: hydratedAt } };
}

/** rAF intervals while `during` runs. */
async function frames(page, during) {
  await page.evaluate(() => {
    window.__frames = [];
    window.__recording = true;
    let last = 0;
    const tick = (t) => {
      if (last) window.__frames.push([t, t - last]);
      last = t;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await during();
  return page.evaluate(() => {
    window.__recording = false;
    return window.__frames;
  });
}

const center = async (locator) => {
  const b = await locator.boundingBox();
  return [b.x + b.width / 2, b.y + b.height / 2];
};

/** Drags the first waiting mentee over the mentors, one move per frame, and drops it on one. */
async function dragAndDrop(page) {
  const mentee = page.locator('.lane.waiting .card.mentee').first();
  const menteeId = await mentee.getAttribute('data-mentee');
  const menteeName = (await mentee.locator('.name').textContent()).trim();
  const mentors = page.locator('.lane.mentors .card.mentor');
  const targets = Math.min(await mentors.count(), 6);
  const [x0, y0] = await center(mentee.locator('.name'));
  const idle = await frames(page, () => page.waitForTimeout(1000));
  let drop = {};
  const marks = {};
  const all = await frames(page, async () => {
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    // Through the mentors of the screen and back, as a hand would: a move each frame.
    let [x, y] = [x0, y0];
    const path = [];
    for (let i = 0; i < targets; i++) path.push(await center(mentors.nth(i)));
    for (let i = targets - 2; i >= 0; i--) path.push(path[i]);
    let first = true;
    for (const [tx, ty] of path) {
      for (let s = 1; s <= 20; s++) {
        await page.mouse.move(x + ((tx - x) * s) / 20, y + ((ty - y) * s) / 20);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
        // The card is in hand once the pointer has moved a few pixels; what follows is moving.
        if (first && s === 5) {
          await page.waitForSelector('.board.dragging');
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          marks.moving = await page.evaluate(() => performance.now());
          first = false;
        }
      }
      [x, y] = [tx, ty];
    }
    marks.drop = await page.evaluate(() => performance.now());
    // The drop: until the duo shows, and until the server has confirmed it.
    await page.evaluate((name) => {
      window.__drop = { start: performance.now() };
      const look = () => {
        const duo = [...document.querySelectorAll('.lane.duos .card.duo')].find((c) => c.textContent.includes(name));
        const d = window.__drop;
        if (duo && d.shown === undefined) d.shown = performance.now() - d.start;
        if (duo && !duo.classList.contains('pending') && d.confirmed === undefined) d.confirmed = performance.now() - d.start;
        if (d.confirmed === undefined) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    }, menteeName);
    await page.mouse.up();
    await page.waitForFunction(() => window.__drop.confirmed !== undefined, null, { timeout: 30_000 });
    drop = await page.evaluate(() => window.__drop);
  });
  // Frames are counted by when they end: picking the card up, moving it, the drop and after.
  const between = (a, b) => all.filter(([t]) => t > a && t <= b).map(([, d]) => d);
  return {
    menteeId,
    idle: idle.map(([, d]) => d),
    pickup: between(0, marks.moving),
    moving: between(marks.moving, marks.drop),
    dropping: between(marks.drop, Infinity),
    drop,
  };
}

async function measure(browser, label) {
  const draws = [];
  for (let r = 0; r < repeats; r++) {
    const d = await draw(browser);
    draws.push(d.facts);
    if (r < repeats - 1) await d.context.close();
    else {
      const dragged = await dragAndDrop(d.page);
      await d.context.close();
      return { label, draws, dragged };
    }
  }
}

function report(runs) {
  const [baseline] = runs;
  const row = (name, f, fmt) => {
    const cells = runs.map((r) => f(r));
    const ratio = cells.map((c) => (cells[0] ? (c / cells[0]).toFixed(2) : '–'));
    console.log(`| ${name} | ${cells.map((c, i) => `${fmt(c)} (${ratio[i]}×)`).join(' | ')} |`);
  };
  console.log(`\n| board of ${office} (median of ${repeats} first visits) | ${runs.map((r) => r.label).join(' | ')} |`);
  console.log(`|---|${runs.map(() => '---:').join('|')}|`);
  const m = (key) => (r) => median(r.draws.map((d) => d[key]));
  row('cards drawn', m('cards'), (x) => `${x}`);
  row('elements in the page', m('elements'), (x) => `${x}`);
  row('HTML bytes (decoded)', m('html'), (x) => `${x}`);
  row('HTML bytes over the wire', m('htmlWire'), (x) => `${x}`);
  row('HTML received', m('responseEnd'), ms);
  row('first paint', m('firstPaint'), ms);
  row('hydrated (live)', m('hydrated'), ms);
  console.log(`\n| frames (rAF intervals) | ${runs.map((r) => r.label).join(' | ')} |`);
  console.log(`|---|${runs.map(() => '---:').join('|')}|`);
  row('idle p95', (r) => quantile(r.dragged.idle, 0.95), ms);
  row('picking the card up: longest frame', (r) => Math.max(...r.dragged.pickup), ms);
  row('moving the card: frames', (r) => r.dragged.moving.length, (x) => `${x}`);
  row('moving the card: p50', (r) => quantile(r.dragged.moving, 0.5), ms);
  row('moving the card: p95', (r) => quantile(r.dragged.moving, 0.95), ms);
  row('moving the card: max', (r) => Math.max(...r.dragged.moving), ms);
  row('moving the card: frames over 17.5 ms (%)', (r) => (100 * r.dragged.moving.filter((f) => f > 17.5).length) / r.dragged.moving.length, (x) => `${x.toFixed(1)} %`);
  row('after the drop: longest frame', (r) => Math.max(...r.dragged.dropping), ms);
  row('drop → duo shown', (r) => r.dragged.drop.shown, ms);
  row('drop → confirmed by the server', (r) => r.dragged.drop.confirmed, ms);
  console.log(`\nbaseline: ${baseline.label}; ratios against it.`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
try {
  const runs = [await measure(browser, 'demo board (baseline)')];
  const { token } = await api('/api/v1/login', { method: 'POST', body: { email: COORDINATOR, password: PASSWORD } });
  const t0 = Date.now();
  await seed(token);
  console.log(`seeded ${people} waiting mentees and ${people} available mentors in ${office} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  runs.push(await measure(browser, `+${people} mentees, +${people} mentors`));
  report(runs);
} finally {
  await browser.close();
}
