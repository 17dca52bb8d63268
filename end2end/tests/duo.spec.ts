import { test, expect } from '@playwright/test';
import { createPair, signIn, unique } from './helpers';

function day(offset: number) {
  const d = new Date(Date.now() + offset * 86_400_000);
  return d.toISOString().slice(0, 10);
}

test.describe('a duo’s life', () => {
  test('a coordinator follows a duo from introduction to its end, step by step @desktop', async ({ page, request }) => {
    const tag = unique('L');
    const { mentee, mentor, headers } = await createPair(request, tag);
    const made = await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } });
    expect(made.status()).toBe(201);
    const duo = await made.json();
    await signIn(page);

    // From the board's duo card to the duo's page.
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    await page.locator(`[data-follow="${duo.id}"]`).click();
    await expect(page).toHaveURL(new RegExp(`/duos/${duo.id}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Testa Mentee${tag} and Marcel Mentor${tag}`);
    const state = page.locator('.duo-head .badge.state');
    await expect(state).toHaveText('Proposed');

    // An introduction needs its date; the place may be "online".
    await page.locator('[data-to="intro_scheduled"]').click();
    await page.getByLabel('Date').fill(day(4));
    await page.getByLabel(/Place/).fill('online');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(state).toHaveText('Introduction scheduled');
    for (const [to, label] of [['intro_held', 'Introduction held'], ['agreed', 'Agreed'], ['active', 'Active']]) {
      await page.locator(`[data-to="${to}"]`).click();
      await page.getByRole('button', { name: 'Confirm' }).click();
      await expect(state).toHaveText(label);
    }

    // Ending early asks why, from the programme's list.
    await page.locator('[data-to="ended_early"]').click();
    await page.getByLabel('Reason').selectOption('found_job');
    await page.getByLabel(/Note/).fill('Hired by a builder in Anderlecht');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(state).toHaveText('Ended early');

    const timeline = page.locator('.timeline');
    await expect(timeline.locator('.timeline-item')).toHaveCount(6);
    await expect(timeline).toContainText('Active → Ended early');
    await expect(timeline).toContainText('The mentee found a job');
    await expect(timeline).toContainText('Hired by a builder in Anderlecht');
    await expect(timeline).toContainText('by Sofia Marchetti');
    await page.screenshot({ path: 'artifacts/duo-timeline-desktop.png', fullPage: true });

    // The people followed: the mentor has room again.
    const m = await (await request.get(`/api/v1/mentors/${mentor.id}`, { headers })).json();
    expect([m.state, m.load]).toEqual(['available', 0]);
  });
});
