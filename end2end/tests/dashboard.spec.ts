import { test, expect } from '@playwright/test';
import { bearer, createPair, hydrated, unique, PASSWORD, brusselsDay } from './helpers';

function day(offset: number) {
  return brusselsDay(new Date(Date.now() + offset * 86_400_000));
}

test('headquarters watch the figures change live as a coordinator starts a duo @desktop', async ({ page, request }) => {
  await page.goto('/login');
  await page.getByLabel(/email/i).fill('hq@duo.example');
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/dashboard/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Programme figures');
  const active = page.locator('[data-kpi="active_duos"] .kpi-value');
  await expect(active).toHaveText(/^\d+$|^< 5$/);
  // Each figure says what it counts.
  await expect(page.locator('[data-kpi="active_duos"]')).toHaveAttribute('title', 'Duos active or on hold, today.');
  await expect(page.getByRole('heading', { name: /Outcomes by cohort/ })).toBeVisible();
  // How the duos went, in their people's words: the demo's year of evaluations and answers,
  // each share with its n (or "< 5" where headquarters may not see it).
  const satisfaction = page.locator('[data-chart="satisfaction"]');
  await expect(satisfaction.getByRole('heading')).toHaveText("How the duos went, in their people's words");
  for (const line of ['Mentees satisfied', 'Mentors satisfied', 'In touch at 6 months', 'In touch at 12 months']) {
    await expect(satisfaction).toContainText(line);
  }
  await expect(satisfaction).toContainText(/\d+\s?% \(\d+\)/);
  const sheet = await (await request.get('/api/v1/metrics/satisfaction.csv', { headers: await bearer(request, 'hq@duo.example') })).text();
  expect(sheet.split('\n')[0]).toContain('mentees_rated,mentees_satisfied,mentees_satisfied_percent');
  await page.waitForTimeout(500); // the live stream is open
  const before = Number(await active.innerText());
  await page.screenshot({ path: 'artifacts/dashboard-desktop.png', fullPage: true });

  // A coordinator, elsewhere, takes a new duo to its start.
  const tag = unique('H');
  const { mentee, mentor, headers } = await createPair(request, tag);
  const duo = await (await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } })).json();
  for (const body of [{ to: 'proposed' }, { to: 'intro_scheduled', date: day(0) }, { to: 'intro_held' }, { to: 'agreed' }]) {
    expect((await request.post(`/api/v1/duos/${duo.id}/transitions`, { headers, data: body })).status()).toBe(200);
  }
  // The page refreshes from the JSON API, whose answer is written and compressed once per change
  // for every dashboard open (never a server function's answer, compressed again for each).
  const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/metrics');
  const started = Date.now();
  expect((await request.post(`/api/v1/duos/${duo.id}/transitions`, { headers, data: { to: 'active' } })).status()).toBe(200);
  await expect(active).toHaveText(String(before + 1), { timeout: 2_000 });
  const answer = await refreshed;
  expect(answer.status()).toBe(200);
  expect(['br', 'gzip']).toContain(await answer.headerValue('content-encoding'));
  console.log(`active duos updated ${Date.now() - started} ms after the change`);

  // The same numbers as a table, and the CSV.
  await page.getByText('Show as a table').first().click();
  await expect(page.locator('table.data').first()).toBeVisible();
  const csv = await request.get('/api/v1/metrics/summary.csv', { headers });
  expect(csv.status()).toBe(200);
});

test('an admin sets this year’s targets and the progress follows @desktop', async ({ page, request }) => {
  await page.goto('/login');
  await page.getByLabel(/email/i).fill('admin@duo.example');
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/$/);
  await page.goto('/dashboard');
  await hydrated(page);
  const brussels = page.locator('[data-target="brussels"]');
  // The form shows the stored targets once they have loaded; type only then.
  await expect(brussels.getByLabel('Mentees')).toHaveValue(/^\d+$/);
  await brussels.getByLabel('Mentees').fill('320');
  await brussels.getByLabel('Mentors').fill('240');
  await expect(brussels.getByLabel('Mentees')).toHaveValue('320');
  await page.getByRole('button', { name: 'Save' }).click();
  const login = await request.post('/api/v1/login', { data: { email: 'admin@duo.example', password: PASSWORD } });
  const headers = { Authorization: `Bearer ${(await login.json()).token}` };
  await expect(async () => {
    const m = await (await request.get('/api/v1/metrics?office=brussels', { headers })).json();
    expect([m.total.progress.mentee_target, m.total.progress.mentor_target]).toEqual([320, 240]);
  }).toPass({ timeout: 10_000 });
  // The dashboard shows the new target (the save's own live event refreshed it).
  await expect(page.locator('[data-target="brussels"] input').first()).toHaveValue('320');
});
