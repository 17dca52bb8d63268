import { test, expect, type APIRequestContext } from '@playwright/test';
import { createPair, hydrated, signIn, unique } from './helpers';

/** A draft duo of a new pair in Brussels, as a drag on the board makes it. */
async function draft(request: APIRequestContext, tag: string) {
  const { mentee, mentor, headers } = await createPair(request, tag);
  const made = await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } });
  expect(made.status()).toBe(201);
  const duo = await made.json();
  expect(duo.state).toBe('draft');
  return { duo, mentee, mentor, headers };
}

test.describe('the weekly matching meeting', () => {
  test('the meeting proposes two drafts and drops one, with minutes @desktop', async ({ page, request }) => {
    const tag = unique('M');
    const a = await draft(request, `${tag}a`);
    const b = await draft(request, `${tag}b`);
    const c = await draft(request, `${tag}c`);
    const headers = a.headers;

    await signIn(page);
    await page.getByRole('link', { name: 'Matching meeting' }).click();
    await expect(page).toHaveURL(/\/meeting\?office=brussels/);
    await hydrated(page);
    await expect(page.getByRole('heading', { name: 'Matching meeting', level: 1 })).toBeVisible();

    // Each draft with its score and, on demand, the reasons.
    const row = (id: string) => page.locator(`[data-draft="${id}"]`);
    for (const d of [a, b, c]) {
      await expect(row(d.duo.id)).toBeVisible();
      await expect(row(d.duo.id).locator('[data-score]')).toHaveAttribute('data-score', /^\d+$/);
    }
    await row(a.duo.id).getByText('Why this pairing').click();
    await expect(row(a.duo.id).locator('[data-criterion="sector"]')).toBeVisible();

    // Nothing is decided until someone says so: the drafts of the demo and of other tests wait.
    await expect(page.locator('[data-meeting-count]')).toHaveText('0 to propose, 0 to drop');
    await expect(page.getByRole('button', { name: 'Propose all' })).toBeDisabled();
    await row(a.duo.id).locator('[data-choice="propose"]').click();
    await row(b.duo.id).locator('[data-choice="propose"]').click();
    await row(a.duo.id).getByLabel('Minute').fill('Both in logistics, both near Anderlecht.');
    await row(c.duo.id).locator('[data-choice="drop"]').click();
    await row(c.duo.id).getByLabel('Minute').fill('Mentor abroad until March.');
    await expect(page.locator('[data-meeting-count]')).toHaveText('2 to propose, 1 to drop');
    await page.screenshot({ path: 'artifacts/meeting-desktop.png', fullPage: true });

    await page.getByRole('button', { name: 'Propose all' }).click();
    await expect(page.locator('[data-meeting-said]')).toHaveText('Proposed: 2. Dropped: 1.');
    for (const d of [a, b, c]) await expect(row(d.duo.id)).toHaveCount(0);
    // The others are still on the agenda.
    await expect(page.locator('[data-draft]').first()).toBeVisible();
    // A draft made meanwhile by another coordinator arrives live; what the meeting did stays said.
    const late = await draft(request, `${tag}d`);
    await expect(row(late.duo.id)).toBeVisible();
    await expect(page.locator('[data-meeting-said]')).toHaveText('Proposed: 2. Dropped: 1.');

    // The server agrees: two proposed (the minute on the timeline), one gone and both its people free.
    for (const d of [a, b]) {
      const duo = await (await request.get(`/api/v1/duos/${d.duo.id}`, { headers })).json();
      expect(duo.state).toBe('proposed');
    }
    const timeline = await (await request.get(`/api/v1/duos/${a.duo.id}/timeline`, { headers })).json();
    expect(timeline.find((e: { to_state: string }) => e.to_state === 'proposed').note).toBe('Both in logistics, both near Anderlecht.');
    expect((await request.get(`/api/v1/duos/${c.duo.id}`, { headers })).status()).toBe(404);
    expect((await (await request.get(`/api/v1/mentees/${c.mentee.id}`, { headers })).json()).state).toBe('waiting');
    const mentor = await (await request.get(`/api/v1/mentors/${c.mentor.id}`, { headers })).json();
    expect([mentor.state, mentor.load]).toEqual(['available', 0]);
  });

  test('the meeting on a phone, in Dutch @phone', async ({ page, request }) => {
    const tag = unique('N');
    const d = await draft(request, tag);
    await signIn(page);
    await page.goto('/meeting?office=brussels');
    await hydrated(page);
    await page.getByRole('button', { name: 'NL', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Matchingoverleg', level: 1 })).toBeVisible();
    const row = page.locator(`[data-draft="${d.duo.id}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator('[data-choice="propose"]')).toHaveText('Voorstellen');
    await row.locator('[data-choice="drop"]').click();
    await expect(page.locator('[data-meeting-count]')).toHaveText('Voor te stellen: 0, te schrappen: 1');
    await expect(page.getByRole('button', { name: 'Alles voorstellen' })).toBeVisible();
    // Nothing wider than the phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'artifacts/meeting-phone.png', fullPage: false });
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Matching meeting', level: 1 })).toBeVisible();
  });
});
