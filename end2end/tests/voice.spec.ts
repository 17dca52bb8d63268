import { test, expect, type APIRequestContext } from '@playwright/test';
import { PASSWORD, createPair, hydrated, signIn, brusselsDay } from './helpers';

// The mentee's own voice (issue 15, item 3): a single-use link, no account, the mentee's
// language; the coordinator sees the answer and confirms it as the outcome.

/** A duo that started today, its mentee "Testa"; returns its id and the coordinator's headers. */
async function activeDuo(request: APIRequestContext) {
  const { mentee, mentor, headers } = await createPair(request, `V${Date.now().toString(36).slice(-4)}`);
  const duo = await (await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } })).json();
  const today = brusselsDay(new Date());
  for (const body of [{ to: 'proposed' }, { to: 'intro_scheduled', date: today }, { to: 'intro_held' }, { to: 'agreed' }, { to: 'active' }]) {
    expect((await request.post(`/api/v1/duos/${duo.id}/transitions`, { headers, data: body })).status()).toBe(200);
  }
  return { duo: duo.id as string, mentee, headers };
}

test('a mentee opens their link on a phone, answers in Dutch, and the coordinator confirms @phone', async ({ browser, request }) => {
  const { duo, mentee, headers } = await activeDuo(request);
  const made = await request.post(`/api/v1/duos/${duo}/voice-links`, { headers, data: { moment: '6m' } });
  expect(made.status()).toBe(201);
  const link: string = (await made.json()).link;
  const path = new URL(link, 'http://x').pathname;

  // The mentee: a phone, no account, Dutch.
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'nl-BE' });
  const page = await phone.newPage();
  await page.goto(path);
  await hydrated(page);
  await page.getByRole('button', { name: 'NL' }).tap();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo Testa');
  await expect(page.locator('body')).not.toContainText(mentee.last_name);
  await page.locator('[data-situation="job"]').tap();
  await expect(page.getByText('Is het een contract van drie maanden of langer, of vast?')).toBeVisible();
  await page.locator('[data-choice="stable-yes"]').tap();
  await page.locator('[data-choice="in_touch-yes"]').tap();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: 'artifacts/voice-phone.png', fullPage: true });
  await page.getByRole('button', { name: 'Mijn antwoord versturen' }).tap();
  await expect(page.getByRole('status')).toContainText('Bedankt!');
  // Used: the link no longer works.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deze link werkt niet meer');
  await phone.close();

  // The coordinator sees the answer beside their own record and confirms it.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const coordinator = await desk.newPage();
  await signIn(coordinator);
  await coordinator.goto(`/duos/${duo}`);
  await hydrated(coordinator);
  const report = coordinator.locator('.self-report[data-moment="6m"]');
  await expect(report).toContainText('Self-reported');
  await expect(report).toContainText('Job');
  await expect(report).toContainText('still in touch');
  await report.getByRole('button', { name: 'Confirm as the outcome' }).click();
  await expect(report).toContainText('Confirmed by');
  const outcomes = await (await request.get(`/api/v1/duos/${duo}/outcomes`, { headers })).json();
  expect(outcomes.find((o: { moment: string }) => o.moment === '6m').situation).toBe('job');
  await coordinator.locator('.voice-panel').screenshot({ path: 'artifacts/voice-coordinator-desktop.png' });
  await desk.close();
});

test('a coordinator makes a link and shows it as a QR code @desktop', async ({ page, request }) => {
  const { duo } = await activeDuo(request);
  await signIn(page);
  await page.goto(`/duos/${duo}`);
  await hydrated(page);
  const panel = page.locator('.voice-panel');
  await panel.locator('select[name="voice-moment"]').selectOption('end');
  await panel.getByRole('button', { name: 'Make a link' }).click();
  await expect(panel.locator('.qr svg')).toBeVisible();
  const link = await panel.locator('[data-voice-link]').getAttribute('data-voice-link');
  expect(link).toMatch(/\/voice\/[0-9a-f]{64}$/);
  const token = link!.split('/').pop();
  const asked = await request.get(`/api/v1/voice/${token}`);
  expect(await asked.json()).toEqual({ first_name: 'Testa', moment: 'end' });
});
