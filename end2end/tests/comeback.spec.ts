import { test, expect, type APIRequestContext } from '@playwright/test';
import { createPair, hydrated, mentorAccount, signIn, unique, brusselsDay } from './helpers';

// After a duo the programme closed, the mentor's phone asks what next (issue 15, item 4).

/** A mentor with an account whose duo just completed. */
async function mentorAfterADuo(request: APIRequestContext) {
  const { mentee, mentor, headers } = await createPair(request, unique('C'));
  const duo = await (await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } })).json();
  const today = brusselsDay(new Date());
  for (const body of [{ to: 'proposed' }, { to: 'intro_scheduled', date: today }, { to: 'intro_held' }, { to: 'agreed' }, { to: 'active' }, { to: 'completed' }]) {
    expect((await request.post(`/api/v1/duos/${duo.id}/transitions`, { headers, data: body })).status()).toBe(200);
  }
  const password = 'after the duo, a walk in the Sonian forest';
  const email = await mentorAccount(request, mentor.id, 'Greta After', password);
  return { email, password, mentor, headers, duo: duo.id as string };
}

test('a mentor whose duo ended says how it went and takes a pause until a date, from their phone @phone', async ({ page, browser, request }) => {
  const { email, password, mentor, headers, duo } = await mentorAfterADuo(request);
  await page.goto('/login');
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(password);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/mentor$/);
  await hydrated(page);

  const panel = page.locator('[data-next-question]');
  await expect(panel.getByRole('heading', { name: 'What next?' })).toBeVisible();
  await expect(panel).toContainText('Your duo with Testa ended on');
  await expect(panel.getByRole('button', { name: 'Send my answer' })).toBeDisabled();
  // The closing evaluation first: how it went, and a sentence.
  await expect(panel.getByRole('group', { name: 'How did your duo go?' })).toBeVisible();
  await panel.locator('[data-next="pause"]').tap();
  await expect(panel.getByRole('button', { name: 'Send my answer' })).toBeDisabled();
  await panel.locator('[data-rating="4"]').tap();
  await panel.getByLabel('One sentence about it (optional)').fill('Greta learnt fast; so did I.');
  const back = brusselsDay(new Date(Date.now() + 30 * 86_400_000));
  await panel.getByLabel('Back on').fill(back);
  await page.screenshot({ path: 'artifacts/mentor-next-phone.png', fullPage: true });
  await panel.getByRole('button', { name: 'Send my answer' }).tap();
  await expect(panel.getByRole('status')).toContainText('Enjoy your break. You will be available again on');

  // The mentor is paused until that day; asked once.
  const after = await (await request.get(`/api/v1/mentors/${mentor.id}`, { headers })).json();
  expect(after.state).toBe('paused');
  await page.reload();
  await hydrated(page);
  await expect(page.locator('[data-next-question]')).toHaveCount(0);

  // The coordinator reads the mentor's evaluation on the duo's page.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const coordinator = await desk.newPage();
  await signIn(coordinator);
  await coordinator.goto(`/duos/${duo}`);
  await hydrated(coordinator);
  const evaluation = coordinator.locator('.mentor-evaluation');
  await expect(evaluation).toHaveAttribute('data-mentor-rating', '4');
  await expect(evaluation).toContainText("The mentor's evaluation");
  await expect(evaluation).toContainText('Greta learnt fast; so did I.');
  await desk.close();
});
