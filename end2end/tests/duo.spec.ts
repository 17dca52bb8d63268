import { test, expect } from '@playwright/test';
import { createPair, signIn, unique, brusselsDay } from './helpers';

function day(offset: number) {
  const d = new Date(Date.now() + offset * 86_400_000);
  return brusselsDay(d);
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
    // A drag (here the API) makes a draft; the matching meeting proposes it.
    await expect(state).toHaveText('Draft');
    await page.locator('[data-to="proposed"]').click();
    await page.getByRole('button', { name: 'Confirm' }).click();
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

    // Once started: three check-ins planned; one is recorded. The action plan gets a goal.
    const checkins = page.locator('.checkins .checkin');
    await expect(checkins).toHaveCount(3);
    await checkins.first().getByRole('button', { name: 'Record' }).click();
    await expect(page.locator('.checkins .checkin.done')).toHaveCount(1);
    await page.getByLabel('New goal').fill('Find work in construction');
    await page.getByLabel('Steps, one per line').fill('Update the CV\nVisit two building sites');
    await page.getByRole('button', { name: 'Add the goal' }).click();
    const goal = page.locator('.goal', { hasText: 'Find work in construction' });
    await goal.getByLabel('Update the CV').check();
    await expect(goal.locator('.done')).toHaveText('Update the CV');

    // Ending early asks why, from the programme's list.
    await page.locator('[data-to="ended_early"]').click();
    await page.getByLabel('Reason').selectOption('found_job');
    await page.locator('.step-form').getByLabel(/Note/).fill('Hired by a builder in Anderlecht');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(state).toHaveText('Ended early');

    // The outcome at the end, with its definition; a job says whether it is stable.
    const end = page.locator('.outcome[data-moment="end"]');
    await expect(end).toContainText('Not recorded yet');
    await expect(end).toContainText('Paid work of any length');
    await end.getByLabel(/Stable/).check();
    await end.getByRole('button', { name: 'Save' }).click();
    await expect(end.locator('.recorded')).toContainText('Job');

    const timeline = page.locator('.timeline');
    // Drafted, proposed by the meeting, five steps, a check-in.
    await expect(timeline.locator('.timeline-item')).toHaveCount(8);
    await expect(timeline).toContainText('Draft → Proposed');
    await expect(timeline).toContainText('Check-in: Going well');
    await expect(timeline).toContainText('Active → Ended early');
    await expect(timeline).toContainText('The mentee found a job');
    await expect(timeline).toContainText('Hired by a builder in Anderlecht');
    await expect(timeline).toContainText('by Sofia Marchetti');
    await page.screenshot({ path: 'artifacts/duo-timeline-desktop.png', fullPage: true });

    const outcomes = await (await request.get(`/api/v1/duos/${duo.id}/outcomes`, { headers })).json();
    expect(outcomes).toMatchObject([{ moment: 'end', situation: 'job', stable: true }]);
    const goals = await (await request.get(`/api/v1/duos/${duo.id}/goals`, { headers })).json();
    expect(goals[0].steps.map((s: { done: boolean }) => s.done)).toEqual([true, false]);

    // The people followed: the mentor has room again; the mentee can wait for another match.
    const m = await (await request.get(`/api/v1/mentors/${mentor.id}`, { headers })).json();
    expect([m.state, m.load]).toEqual(['available', 0]);
    await page.getByRole('button', { name: 'Back on the waiting list' }).click();
    await expect(page.getByRole('button', { name: 'Back on the waiting list' })).toHaveCount(0);
    const me = await (await request.get(`/api/v1/mentees/${mentee.id}`, { headers })).json();
    expect(me.state).toBe('waiting');
  });
});

test('the follow-up list updates itself when a quiet duo meets again @desktop', async ({ page, request }) => {
  const login = await request.post('/api/v1/login', { data: { email: 'gent@duo.example', password: 'duo-demo-2026' } });
  const headers = { Authorization: `Bearer ${(await login.json()).token}` };
  await signIn(page, 'gent@duo.example');
  await page.goto('/follow-up?office=ghent');
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Follow-up in Ghent');
  const quiet = page.locator('.alert-item', { hasText: /No meeting for \d+ days/ }).first();
  await expect(quiet).toBeVisible();
  const duo = (await quiet.getAttribute('data-alert-duo'))!;
  await page.screenshot({ path: 'artifacts/follow-up-desktop.png', fullPage: true });
  // Someone logs a meeting elsewhere: the alert leaves the open page without a reload.
  const r = await request.post(`/api/v1/duos/${duo}/meetings`, { headers, data: { date: day(0), minutes: 60, mode: 'in_person' } });
  expect(r.status()).toBe(201);
  await expect(page.locator(`.alert-item[data-alert-duo="${duo}"]`, { hasText: /No meeting for/ })).toHaveCount(0, { timeout: 5_000 });
});
