import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { COORDINATOR, PASSWORD, hydrated, brusselsDay } from './helpers';

const MENTOR = 'mentor@duo.example';

async function token(request: APIRequestContext, email: string) {
  const login = await request.post('/api/v1/login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return login.json();
}

/** The demo mentor's duo, and a way for the coordinator to count its meetings. */
async function mentorDuo(request: APIRequestContext) {
  const { user } = await token(request, MENTOR);
  const { token: coord } = await token(request, COORDINATOR);
  const headers = { Authorization: `Bearer ${coord}` };
  const duos = await (await request.get('/api/v1/duos?office=brussels', { headers })).json();
  const duo = duos.find((d: { mentor: string; state: string }) => d.mentor === user.mentor && ['active', 'on_hold', 'agreed'].includes(d.state));
  expect(duo).toBeTruthy();
  const count = async () => (await (await request.get(`/api/v1/duos/${duo.id}/meetings`, { headers })).json()).length;
  return { duo, count };
}

async function signInAsMentor(page: Page) {
  await page.goto('/login');
  await page.getByLabel(/email/i).fill(MENTOR);
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/mentor$/);
  await hydrated(page);
}

test.describe('the mentor’s phone', () => {
  test('a mentor logs a meeting in three taps and sees it in the history @phone', async ({ page, request }) => {
    const { count } = await mentorDuo(request);
    const before = await count();
    // The office schedules a peer-exchange session: the mentor sees it.
    const { token: coord } = await token(request, COORDINATOR);
    const inTenDays = brusselsDay(new Date(Date.now() + 10 * 86_400_000));
    const session = await request.post('/api/v1/offices/brussels/intervisions', {
      headers: { Authorization: `Bearer ${coord}` },
      data: { date: inTenDays, time: '18:00', place: 'Duo office, Rue Haute', topic: 'Keeping motivation' },
    });
    expect(session.status()).toBe(201);
    await signInAsMentor(page);
    await expect(page.getByRole('heading', { level: 1, name: /Your duo with/ })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Peer-exchange sessions' })).toContainText('Keeping motivation');
    await expect(page.getByRole('region', { name: 'Your coordinator' })).toContainText('Sofia Marchetti');
    await page.screenshot({ path: 'artifacts/mentor-phone.png', fullPage: true });

    await page.getByRole('button', { name: 'Log a meeting' }).tap(); // 1
    await page.getByRole('button', { name: '90 min' }).tap(); // 2
    await page.screenshot({ path: 'artifacts/mentor-phone-form.png', fullPage: true });
    await page.getByRole('button', { name: 'Save meeting' }).tap(); // 3

    await expect(page.locator('.toast')).toHaveText('Meeting saved');
    const history = page.locator('.meetings .meeting');
    await expect(history.first()).toContainText('90 min · In person');
    await expect(page.locator('.meeting.pending')).toHaveCount(0);
    expect(await count()).toBe(before + 1);
    await page.screenshot({ path: 'artifacts/mentor-phone-saved.png', fullPage: true });
  });

  test('a meeting logged offline is kept, then sent exactly once @phone', async ({ page, context, request }) => {
    const { count } = await mentorDuo(request);
    const before = await count();
    await signInAsMentor(page);
    // The page has arrived (its part of the WebAssembly and its data) before the connection goes.
    await expect(page.getByRole('button', { name: 'Log a meeting' })).toBeVisible();

    await context.setOffline(true);
    await page.getByRole('button', { name: 'Log a meeting' }).tap();
    await page.getByRole('button', { name: 'Online', exact: true }).tap();
    await page.getByRole('button', { name: 'Save meeting' }).tap();
    const pending = page.locator('.meeting.pending');
    await expect(pending).toHaveCount(1);
    await expect(pending).toContainText('Kept on this phone');
    await expect(page.getByText('You are offline.')).toBeVisible();
    await page.screenshot({ path: 'artifacts/mentor-phone-offline.png', fullPage: true });
    expect(await count()).toBe(before);

    await context.setOffline(false);
    await expect(page.locator('.toast')).toHaveText('Meeting saved');
    await expect(pending).toHaveCount(0);
    await expect(page.locator('.meetings .meeting').first()).toContainText('60 min · Online');
    expect(await count()).toBe(before + 1);
    // Nothing is sent twice, even after a reload that reads the phone's storage again.
    await page.reload();
    await hydrated(page);
    await page.waitForTimeout(1500);
    expect(await count()).toBe(before + 1);
  });

  test('the mentor’s page is an installable app that opens without a connection @phone', async ({ page, context, request }) => {
    const manifest = await request.get('/manifest.webmanifest');
    expect(manifest.status()).toBe(200);
    const app = await manifest.json();
    expect(app.start_url).toBe('/mentor');
    expect(app.display).toBe('standalone');
    for (const icon of app.icons) {
      const r = await request.get(icon.src);
      expect(r.status()).toBe(200);
      expect(r.headers()['content-type']).toBe('image/png');
    }
    const { count } = await mentorDuo(request);
    const before = await count();
    await signInAsMentor(page);
    await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.reload();
    await hydrated(page);

    // No network at all: the page still opens from the phone, and a meeting can be logged.
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: /Your duo with/ })).toBeVisible();
    await hydrated(page);
    await page.getByRole('button', { name: 'Log a meeting' }).tap();
    await page.getByRole('button', { name: 'Phone', exact: true }).tap();
    await page.getByRole('button', { name: 'Save meeting' }).tap();
    await expect(page.locator('.meeting.pending')).toHaveCount(1);
    await context.setOffline(false);
    await expect(page.locator('.meeting.pending')).toHaveCount(0, { timeout: 20_000 });
    expect(await count()).toBe(before + 1);
  });

  test('signing in takes a mentor straight to their page, served as islands @phone', async ({ page }) => {
    await page.goto('/login');
    await hydrated(page);
    await page.getByLabel(/email/i).fill(MENTOR);
    await page.getByLabel(/password/i).fill(PASSWORD);
    const wasm: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/pkg/') && path.endsWith('.wasm')) wasm.push(path);
    });
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/mentor$/);
    await hydrated(page);
    // A page load of /mentor (Role::start_page), not the whole app's router drawing it.
    await expect(page.locator('body[data-islands]')).toHaveCount(1);
    expect(wasm).toEqual([expect.stringMatching(/^\/pkg\/duo_mentor\.[\w-]{22}\.wasm$/)]);
  });

  test('the mentor’s page opened directly hydrates only its islands, in the chosen language @phone', async ({ page, request }) => {
    const { count } = await mentorDuo(request);
    const before = await count();
    await signInAsMentor(page);
    // A first visit to the page itself: served as islands (app/src/ui/islands.rs), with the
    // islands' own WebAssembly and none of the whole app's files (app/src/ui/islands_bundle.rs).
    const loaded: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/pkg/') && /\.(js|wasm)$/.test(path)) loaded.push(path);
    });
    await page.goto('/mentor');
    await hydrated(page);
    await expect(page.locator('body[data-islands]')).toHaveCount(1);
    await expect(page.locator('leptos-island')).not.toHaveCount(0);
    // In either order: the names carry content hashes.
    expect(loaded).toHaveLength(2);
    expect(loaded).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\/pkg\/duo_mentor\.[\w-]{22}\.js$/),
      expect.stringMatching(/^\/pkg\/duo_mentor\.[\w-]{22}\.wasm$/),
    ]));

    // A language choice draws the page again in that language, and is kept.
    await page.getByRole('button', { name: 'NL', exact: true }).tap();
    await expect(page.getByRole('heading', { level: 1, name: /Uw duo met/ })).toBeVisible();
    await hydrated(page);
    await page.getByRole('button', { name: 'Ontmoeting noteren' }).tap();
    await page.getByRole('button', { name: 'Ontmoeting opslaan' }).tap();
    await expect(page.locator('.toast')).toHaveText('Ontmoeting opgeslagen');
    await expect(page.locator('.meeting.pending')).toHaveCount(0);
    expect(await count()).toBe(before + 1);
    await page.screenshot({ path: 'artifacts/mentor-phone-islands-nl.png', fullPage: true });
    await page.getByRole('button', { name: 'EN', exact: true }).tap();
    await expect(page.getByRole('heading', { level: 1, name: /Your duo with/ })).toBeVisible();
  });

  test('a mentor cannot open the matching board or another duo', async ({ page, request }) => {
    const { token: mentorToken } = await token(request, MENTOR);
    const headers = { Authorization: `Bearer ${mentorToken}` };
    expect((await request.get('/api/v1/duos?office=brussels', { headers })).status()).toBe(403);
    expect((await request.get('/api/v1/mentees?office=brussels', { headers })).status()).toBe(403);
    expect((await request.get('/api/v1/duos/brussels_001/meetings', { headers })).status()).toBe(403);
    await signInAsMentor(page);
    await page.goto('/board');
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.locator('.lane')).toHaveCount(0);
    // Nor another duo's page.
    await page.goto('/duos/brussels_001');
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.locator('.timeline')).toHaveCount(0);
  });
});
