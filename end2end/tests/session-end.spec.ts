import { test, expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { COORDINATOR, PASSWORD, bearer, createPair, hydrated, mentorAccount, unique, brusselsDay } from './helpers';

// What the phone keeps (the service worker's copy of the mentor's page, the meetings waiting to
// be sent) goes with the session, and belongs to one account (issue 13, item 4).

const MENTOR = 'mentor@duo.example';
/** Where the app keeps the meetings waiting on the phone (app/src/mentor/queue.rs). */
const QUEUE_KEY = 'duo.pending-meetings.v2';

/** The number of meetings the server has for the demo mentor's current duo. */
async function demoMentorMeetings(request: APIRequestContext) {
  const login = await request.post('/api/v1/login', { data: { email: MENTOR, password: PASSWORD } });
  const { user } = await login.json();
  const headers = await bearer(request, COORDINATOR);
  const duos = await (await request.get('/api/v1/duos?office=brussels', { headers })).json();
  const duo = duos.find((d: { mentor: string; state: string }) => d.mentor === user.mentor && ['active', 'on_hold', 'agreed'].includes(d.state));
  expect(duo).toBeTruthy();
  return async () => (await (await request.get(`/api/v1/duos/${duo.id}/meetings`, { headers })).json()).length;
}

/** A second mentor with an active duo of their own and an account (invited, password chosen). */
async function secondMentor(request: APIRequestContext) {
  const { mentee, mentor, headers } = await createPair(request, unique('S'));
  const duo = await (await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } })).json();
  const today = brusselsDay(new Date());
  for (const body of [{ to: 'proposed' }, { to: 'intro_scheduled', date: today }, { to: 'intro_held' }, { to: 'agreed' }, { to: 'active' }]) {
    expect((await request.post(`/api/v1/duos/${duo.id}/transitions`, { headers, data: body })).status()).toBe(200);
  }
  const password = 'a second mentor by the Senne';
  const email = await mentorAccount(request, mentor.id, 'Bram Second', password);
  const count = async () => (await (await request.get(`/api/v1/duos/${duo.id}/meetings`, { headers })).json()).length;
  return { email, password, count };
}

async function signInAs(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/mentor$/);
  await hydrated(page);
}

/** Logs a meeting while the phone has no connection: it waits on the phone. */
async function logOffline(page: Page, context: BrowserContext) {
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Log a meeting' }).tap();
  await page.getByRole('button', { name: 'Phone', exact: true }).tap();
  await page.getByRole('button', { name: 'Save meeting' }).tap();
  await expect(page.locator('.meeting.pending')).toHaveCount(1);
  const kept = await page.evaluate((key) => localStorage.getItem(key), QUEUE_KEY);
  expect(kept).toContain('"pending":[{');
  return kept as string;
}

/** Ends the browser's session on the server, as when it expires: its cookie stays but is dead. */
async function endSession(context: BrowserContext, request: APIRequestContext) {
  const session = (await context.cookies()).find((c) => c.name === 'duo_session');
  expect(session).toBeTruthy();
  const out = await request.post('/api/v1/logout', { headers: { Authorization: `Bearer ${session!.value}` } });
  expect(out.status()).toBe(204);
}

const queued = (page: Page) => page.evaluate((key) => localStorage.getItem(key), QUEUE_KEY);
const keptPages = (page: Page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('duo-pages')).length);
const keptMentorPage = (page: Page) => page.evaluate(async () => {
  const hit = await caches.match('/mentor');
  return hit ? hit.text() : null;
});

test.describe('what the phone keeps goes with the session', () => {
  test('a session that ends takes the kept page and the waiting meetings with it @phone', async ({ page, context, request }) => {
    const count = await demoMentorMeetings(request);
    const before = await count();
    await signInAs(page, MENTOR);
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.reload();
    await hydrated(page);
    await expect.poll(() => keptMentorPage(page)).not.toBeNull();

    await logOffline(page, context);
    // The session ends while the phone is offline; back online, the app tries to send the meeting,
    // the server answers 401, and the page and the queue are gone from the phone.
    await endSession(context, request);
    await context.setOffline(false);
    await page.waitForURL(/\/login$/);
    await hydrated(page);
    // Never silently: the sign-in page says a meeting was dropped unsent, once.
    await expect(page.getByTestId('unsent-dropped')).toContainText('1 meeting logged on this phone had not been sent');
    await expect.poll(() => queued(page)).toBeNull();
    await expect.poll(() => keptPages(page)).toBe(0);
    expect(await keptMentorPage(page)).toBeNull();
    expect(await count()).toBe(before);
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId('unsent-dropped')).toHaveCount(0);

    // Without a connection the mentor's page no longer opens from the phone.
    await context.setOffline(true);
    await expect(page.goto('/mentor')).rejects.toThrow();
    await context.setOffline(false);
  });

  test('another mentor on the same phone never sees nor sends the previous one’s waiting meetings @phone', async ({ page, context, request }) => {
    const second = await secondMentor(request);
    const count = await demoMentorMeetings(request);
    const before = await count();
    const secondBefore = await second.count();
    await signInAs(page, MENTOR);
    const heading = await page.getByRole('heading', { level: 1, name: /Your duo with/ }).innerText();
    const theirMentee = heading.replace(/^Your duo with\s*/, '').trim();
    expect(theirMentee).not.toBe('');
    const kept = await logOffline(page, context);

    // The first mentor puts the phone away offline; their session ends meanwhile.
    await page.close();
    await endSession(context, request);
    await context.setOffline(false);

    // The second mentor signs in on the same phone: none of the first one's meetings.
    const phone = await context.newPage();
    await signInAs(phone, second.email, second.password);
    await expect(phone.getByRole('heading', { level: 1, name: /Your duo with Testa/ })).toBeVisible();
    await expect(phone.locator('.meeting.pending')).toHaveCount(0);
    expect(await queued(phone)).toBeNull();

    // Even the first mentor's list put back on the phone is neither shown nor sent: it is dropped.
    await phone.evaluate(([key, value]) => localStorage.setItem(key, value), [QUEUE_KEY, kept]);
    await phone.reload();
    await hydrated(phone);
    await expect(phone.locator('#history-title')).toBeVisible();
    await expect.poll(() => queued(phone)).toBeNull();
    await expect(phone.locator('.meeting.pending')).toHaveCount(0);
    expect(await count()).toBe(before);
    expect(await second.count()).toBe(secondBefore);
    // The page the phone keeps now is the second mentor's, not the first one's.
    await expect.poll(() => keptMentorPage(phone)).toContain('Testa');
    expect(await keptMentorPage(phone)).not.toContain(theirMentee);
  });
});
