import { test, expect, type APIRequestContext } from '@playwright/test';
import { COORDINATOR, PASSWORD, hydrated, signIn, unique, brusselsDay } from './helpers';

async function apiHeaders(request: APIRequestContext) {
  const login = await request.post('/api/v1/login', { data: { email: COORDINATOR, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return { Authorization: `Bearer ${(await login.json()).token}` };
}

/** Yesterday as `YYYY-MM-DD`: a day that has passed in Brussels whatever the machine's zone. */
function yesterday(): string {
  return brusselsDay(new Date(Date.now() - 86_400_000));
}

test('a mentor goes from registration through the training modules to available', async ({ page, request }) => {
  const headers = await apiHeaders(request);
  const last = unique('Lambert');
  const created = await request.post('/api/v1/mentors', {
    headers,
    data: { first_name: 'Jacques', last_name: last, office: 'brussels', languages: ['fr'] },
  });
  expect(created.status()).toBe(201);
  const mentor = await created.json();
  for (const to of ['intake_done', 'accepted']) {
    const step = await request.post(`/api/v1/mentors/${mentor.id}/transitions`, { headers, data: { to } });
    expect(step.status()).toBe(200);
  }
  // The office's training, as the administrator set it (four modules in the demo).
  const modules = await (await request.get('/api/v1/offices/brussels/modules', { headers })).json();
  expect(modules.length).toBeGreaterThan(1);
  const others: string[] = [];
  for (const m of modules.slice(1)) {
    const s = await request.post('/api/v1/offices/brussels/sessions', {
      headers,
      data: { kind: 'training', module: m.id, date: yesterday(), time: '14:00', place: 'Rue Royale 150' },
    });
    expect(s.status()).toBe(201);
    others.push((await s.json()).id);
  }

  // The first module is scheduled from the page.
  await signIn(page);
  await page.getByRole('link', { name: 'Sessions' }).click();
  await expect(page).toHaveURL(/\/sessions$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Sessions and training' })).toBeVisible();
  const room = unique('Room ');
  const form = page.locator('form.schedule-form');
  await form.getByLabel('Kind of session').selectOption('training');
  await form.locator('select[name=module]').selectOption({ index: 1 });
  await form.getByLabel('Date').fill(yesterday());
  await form.getByLabel('Starts at').fill('09:30');
  await form.getByLabel('Place').fill(room);
  await form.getByRole('button', { name: 'Schedule' }).click();
  await expect(form.getByText('Session scheduled.')).toBeVisible();
  const row = page.locator('[data-sessions="past"] tr', { hasText: room });
  await expect(row).toContainText(modules[0].title);
  await page.screenshot({ path: `artifacts/sessions-${test.info().project.name}.png`, fullPage: true });
  await row.getByRole('link').click();
  await expect(page).toHaveURL(/\/sessions\/[0-9a-z]+$/);
  const first = page.url().split('/sessions/')[1];

  for (const [n, session] of [first, ...others].entries()) {
    if (n > 0) await page.goto(`/sessions/${session}`);
    await hydrated(page);
    await page.getByLabel('Search by name, email or phone').fill(last);
    await page.getByRole('button', { name: `Register Jacques ${last}` }).click();
    const attendee = page.locator(`li.attendee[data-person="mentor:${mentor.id}"]`);
    await expect(attendee).toBeVisible();
    await attendee.getByRole('button', { name: 'Present' }).click();
    await expect(page.locator(`li.attendee[data-person="mentor:${mentor.id}"][data-present="true"]`)).toBeVisible();
    const news = page.locator('.session-news');
    if (n === 0) await expect(news).toContainText(`Jacques ${last} has started the training.`);
    else if (n === others.length) {
      await expect(news).toContainText(`Jacques ${last} has attended every module of the training and is now available for a duo.`);
      await page.screenshot({ path: `artifacts/session-${test.info().project.name}.png`, fullPage: true });
    } else await expect(news).toContainText(`Saved for Jacques ${last}.`);
  }

  // The mentor's record: every module attended, available, and how it happened.
  await page.getByRole('link', { name: `Jacques ${last}` }).click();
  await hydrated(page);
  const panel = page.locator('.person-sessions');
  await expect(panel.getByRole('heading', { level: 3 })).toHaveText(`Training: ${modules.length} of ${modules.length} modules`);
  await expect(panel.locator('.person-session-list li')).toHaveCount(modules.length);
  await expect(page.locator('.person-path .path-now')).toHaveText('Now: Available');
  await expect(page.locator('.person-timeline li').first()).toContainText('In training → Available');
});

test('attendance is not recorded before the session, and the page says from when', async ({ page, request }) => {
  const headers = await apiHeaders(request);
  const created = await request.post('/api/v1/mentees', {
    headers,
    data: { first_name: 'Samira', last_name: unique('Haddad'), office: 'brussels', languages: ['fr'] },
  });
  const mentee = await created.json();
  const next = brusselsDay(new Date(Date.now() + 7 * 86_400_000));
  const info = await request.post('/api/v1/offices/brussels/sessions', {
    headers,
    data: { kind: 'info', date: next, time: '18:00', place: 'Rue Royale 150' },
  });
  const session = (await info.json()).id;
  const put = await request.put(`/api/v1/sessions/${session}/attendance`, { headers, data: { person: `mentee:${mentee.id}` } });
  expect(put.status()).toBe(200);
  await signIn(page);
  await page.goto(`/sessions/${session}`);
  await hydrated(page);
  const attendee = page.locator(`li.attendee[data-person="mentee:${mentee.id}"]`);
  // Before its day, the row says from when attendance can be recorded, instead of buttons.
  await expect(attendee).toContainText('can be recorded from');
  await expect(attendee.getByRole('button', { name: 'Present' })).toHaveCount(0);
  await expect(attendee).toHaveAttribute('data-present', '');
  // The API refuses it too, in the reader's language.
  const early = await request.put(`/api/v1/sessions/${session}/attendance`, {
    headers: { ...headers, 'Accept-Language': 'fr' },
    data: { person: `mentee:${mentee.id}`, present: true },
  });
  expect(early.status()).toBe(409);
  expect((await early.json()).error.message).toContain('Cette séance n’a pas encore eu lieu');
  await page.getByRole('button', { name: 'FR', exact: true }).click();
  await expect(attendee).toContainText('pourra être notée à partir du');
  await page.getByRole('button', { name: 'EN', exact: true }).click();
});
