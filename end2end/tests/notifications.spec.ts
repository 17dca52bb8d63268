import { test, expect, type APIRequestContext } from '@playwright/test';
import { bearer, createPair, hydrated, mentorAccount, signIn, unique } from './helpers';

// Notifications (issue 15, item 2): the bell counts live, the inbox lists the newest first, and
// each person chooses what is also mailed to them.

/** A draft duo whose mentor has an account: nothing is told to the mentor yet. */
async function draftWithMentorAccount(request: APIRequestContext) {
  const { mentee, mentor, headers } = await createPair(request, unique('N'));
  const password = 'a bell that rings for a new duo';
  const email = await mentorAccount(request, mentor.id, 'Nora Bell', password);
  const duo = await (await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } })).json();
  expect(duo.state).toBe('draft');
  return { email, password, duo, headers };
}

test('a mentor hears of their proposed duo live and opens it from the inbox @phone', async ({ page, request }) => {
  const { email, password, duo, headers } = await draftWithMentorAccount(request);
  await page.goto('/login');
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/mentor$/);
  await hydrated(page);
  const bell = page.locator('a.bell');
  await expect(bell).toBeVisible();
  await expect(bell.locator('.bell-count')).toHaveCount(0);

  // The matching meeting proposes the duo: the bell rings without a reload.
  const proposed = await request.post(`/api/v1/duos/${duo.id}/transitions`, { headers, data: { to: 'proposed' } });
  expect(proposed.status()).toBe(200);
  await expect(bell.locator('.bell-count')).toHaveText('1');
  await expect(bell).toHaveAttribute('aria-label', '1 unread notification');

  await bell.tap();
  await page.waitForURL(/\/inbox$/);
  await hydrated(page);
  const notice = page.locator('li.inbox-item[data-kind="duo_proposed"]');
  await expect(notice).toHaveClass(/unread/);
  await expect(notice.getByRole('heading')).toHaveText('A duo with Testa is proposed to you');
  await expect(notice).toContainText('Your coordinator will plan the introduction with you');
  // Essential kinds are always mailed; the others can be turned off.
  await expect(page.locator('.mail-kind[data-kind="duo_proposed"] input')).toBeDisabled();
  await expect(page.locator('.mail-kind[data-kind="quiet_mentor"] input')).toBeEnabled();
  await expect(page.locator('.no-mail-server')).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'artifacts/inbox-phone.png', fullPage: true });

  await notice.getByRole('button', { name: 'Open' }).tap();
  await page.waitForURL(/\/mentor$/);
  await expect(bell.locator('.bell-count')).toHaveCount(0);
});

test('a coordinator reads the office notices, marks them read and turns a kind off @desktop', async ({ page, request }) => {
  await signIn(page);
  const bell = page.locator('a.bell');
  // The demo's duos are due check-ins, follow-ups and nudges: the sweep at start made them.
  await expect(bell.locator('.bell-count')).toBeVisible();
  await bell.click();
  await page.waitForURL(/\/inbox$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  const notices = page.locator('li.inbox-item');
  expect(await notices.count()).toBeGreaterThan(0);
  await expect(notices.first()).toHaveClass(/unread/);
  await page.screenshot({ path: 'artifacts/inbox-desktop.png', fullPage: true });

  // A kind turned off stays off; the list itself is the same.
  const checkin = page.locator('.mail-kind[data-kind="checkin_due"] input');
  await expect(checkin).toBeChecked();
  await checkin.uncheck();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const headers = await bearer(request, 'coordinator@duo.example');
  const settings = await (await request.get('/api/v1/notifications/settings', { headers })).json();
  expect(settings.kinds.find((k: { kind: string }) => k.kind === 'checkin_due').mailed).toBe(false);

  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(bell.locator('.bell-count')).toHaveCount(0);
  await expect(page.locator('li.inbox-item.unread')).toHaveCount(0);
  const inbox = await (await request.get('/api/v1/notifications', { headers })).json();
  expect(inbox.every((n: { read: boolean }) => n.read)).toBeTruthy();

  // Put the setting back for the other tests and runs.
  await request.put('/api/v1/notifications/settings', { headers, data: { language: settings.language, turned_off: [] } });
});
