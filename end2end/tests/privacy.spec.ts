import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { COORDINATOR, PASSWORD, createPair, hydrated, signIn, unique, brusselsDay } from './helpers';

const ADMIN = 'admin@duo.example';

async function apiToken(request: APIRequestContext, email: string) {
  const login = await request.post('/api/v1/login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return { Authorization: `Bearer ${(await login.json()).token}` };
}

/** Fails the test if any script of the page runs from injected text or the policy blocks one. */
function watchForInjection(page: Page) {
  const problems: string[] = [];
  page.on('dialog', async (d) => {
    // The app's own questions ("Erase?") are answered yes; anything else is an injection.
    if (d.type() === 'confirm') return d.accept();
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
  });
  return problems;
}

test('the privacy notice is linked from every page, in three languages', async ({ page }) => {
  const problems = watchForInjection(page);
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Privacy notice' }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Privacy');
  await expect(page.locator('.notice > p.muted')).toHaveText('Version 2026-11');
  await page.getByRole('button', { name: 'FR', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/confidentialité/i);
  await expect(page.getByRole('link', { name: 'Déclaration de confidentialité' })).toBeVisible();
  await page.getByRole('button', { name: 'NL', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/privacy/i);
  await expect(page.getByText('gegevensbeschermingsautoriteit', { exact: false }).first()).toBeVisible();
  await page.screenshot({ path: `artifacts/privacy-notice-${test.info().project.name}.png`, fullPage: true });
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await signIn(page);
  await expect(page.getByRole('link', { name: 'Privacy notice' })).toBeVisible();
  expect(problems).toEqual([]);
});

test('an administrator invites a coordinator, who chooses a password and is in; disabling ends it at once @desktop', async ({ page, browser }) => {
  const problems = watchForInjection(page);
  const email = `${unique('nora')}@duo.example`;
  await signIn(page, ADMIN);
  await page.getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { name: 'Invite someone' })).toBeVisible();
  const invite = page.locator('form').filter({ has: page.getByRole('button', { name: 'Send the invitation' }) });
  await invite.getByLabel('Email address').fill(email);
  await invite.getByLabel('Name').fill('Nora Invited');
  await invite.getByLabel('Role').selectOption('coordinator');
  await invite.getByLabel('Liège').check();
  await invite.getByRole('button', { name: 'Send the invitation' }).click();
  const shown = page.locator('.link-created');
  await expect(shown).toContainText(`Invitation for ${email} created.`);
  await expect(shown).toContainText('No mail server is configured');
  const link = await shown.locator('code').innerText();
  expect(link).toMatch(/\/welcome\/[0-9a-f]{64}$/);
  await expect(page.locator(`tr[data-invitation="${email}"]`)).toHaveAttribute('data-status', 'pending');
  await page.screenshot({ path: `artifacts/admin-invite-${test.info().project.name}.png`, fullPage: true });

  // The invited person, in their own browser.
  const theirs = await browser.newContext();
  const invited = await theirs.newPage();
  await invited.goto(new URL(link).pathname);
  await hydrated(invited);
  await expect(invited.getByRole('heading', { name: 'Welcome to Duo' })).toBeVisible();
  await expect(invited.getByLabel('Email address')).toHaveValue(email);
  await invited.getByLabel('New password').fill('wachtwoord123');
  await invited.getByLabel('Type it again').fill('wachtwoord123');
  await invited.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(invited.getByRole('alert')).toContainText('too common');
  await invited.getByLabel('New password').fill('the bridges of Liège');
  await invited.getByLabel('Type it again').fill('the bridges of Liege');
  await invited.getByRole('button', { name: 'Save and sign in' }).click();
  await expect(invited.getByRole('alert')).toHaveText('The two passwords differ.');
  await invited.getByLabel('Type it again').fill('the bridges of Liège');
  await invited.getByRole('button', { name: 'Save and sign in' }).click();
  await invited.waitForURL(/\/board/);
  await hydrated(invited);
  await expect(invited.getByText('Nora Invited')).toBeVisible();

  // The link is spent.
  const again = await browser.newContext();
  const late = await again.newPage();
  await late.goto(new URL(link).pathname);
  await expect(late.getByRole('alert')).toContainText('used already or has expired');
  await again.close();

  // The administrator disables the account: the open session ends at once.
  await page.reload();
  await hydrated(page);
  await expect(page.locator(`tr[data-invitation="${email}"]`)).toHaveAttribute('data-status', 'accepted');
  const row = page.locator(`tr[data-account="${email}"]`);
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toHaveAttribute('data-disabled', 'true');
  await invited.goto('/board');
  await expect(invited).toHaveURL(/\/login/);
  await theirs.close();

  // The audit log shows who did it, searchable by action.
  const audit = page.locator('form').filter({ has: page.getByRole('button', { name: 'Search' }) });
  await audit.getByLabel('Action').fill('disable');
  await audit.getByRole('button', { name: 'Search' }).click();
  await expect(page.locator('tr[data-audit="disable"]').first()).toContainText(ADMIN);
  expect(problems).toEqual([]);
});

test('a coordinator records consents and eligibility, exports the data, and an administrator erases it', async ({ page, request }) => {
  const problems = watchForInjection(page);
  const tag = unique('Gdpr');
  const { mentee } = await createPair(request, tag);
  await signIn(page);
  await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
  const card = page.locator(`[data-mentee="${mentee.id}"]`);
  await card.getByRole('link', { name: /Record/ }).click();
  await expect(page).toHaveURL(new RegExp(`/people/mentee:${mentee.id}$`));
  await hydrated(page);
  await expect(page.getByRole('heading', { name: `Testa Mentee${tag}’s record` })).toBeVisible();

  const participation = page.locator('[data-consent="participation"]');
  await expect(participation).toContainText('Not recorded');
  await participation.getByRole('button', { name: 'Record consent' }).click();
  await expect(participation).toContainText(/Given on .* \(notice 2026-11\)/);
  const photos = page.locator('[data-consent="photos"]');
  await photos.getByRole('button', { name: 'Record consent' }).click();
  await photos.getByRole('button', { name: 'Withdraw' }).click();
  await expect(photos).toContainText('Withdrawn on');

  await page.getByLabel('Eligibility criterion').selectOption('second_generation');
  await page.getByRole('button', { name: 'Checked' }).click();
  await expect(page.locator('.eligibility-status')).toContainText('At least one parent came to Belgium — checked by Sofia Marchetti');
  await page.screenshot({ path: `artifacts/person-record-${test.info().project.name}.png`, fullPage: true });

  const exported = await page.request.get(`/api/v1/people/mentee:${mentee.id}/export`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()['content-disposition']).toContain('attachment');
  const doc = await exported.json();
  expect(doc.record.last_name).toBe(`Mentee${tag}`);
  expect(doc.consents.map((c: { kind: string }) => c.kind)).toEqual(['participation', 'photos', 'photos']);
  expect(doc.record.eligibility.criterion).toBe('second_generation');
  expect(JSON.stringify(doc)).not.toMatch(/nationality|birthplace/);

  // Coordinators cannot erase; an administrator can, and the name is gone everywhere.
  await expect(page.getByRole('button', { name: 'Erase (anonymise)' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
  await signIn(page, ADMIN);
  await page.goto(`/people/mentee:${mentee.id}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Erase (anonymise)' }).click();
  await expect(page.locator('.notice-banner')).toContainText('This record was anonymised on');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Anonymised');
  const headers = await apiToken(request, COORDINATOR);
  const list = await (await request.get('/api/v1/mentees?office=brussels', { headers })).json();
  expect(JSON.stringify(list)).not.toContain(`Mentee${tag}`);
  expect(problems).toEqual([]);
});

test('script and formula payloads in free text stay inert on every page and in exports', async ({ page, request }) => {
  const problems = watchForInjection(page);
  const tag = unique('Inj');
  const { mentee, mentor, headers } = await createPair(request, tag);
  const payloads = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', '=HYPERLINK("http://evil.example","x")'];
  // Names refuse markup outright, with a translated reason.
  const refused = await request.post('/api/v1/mentees', {
    headers: { ...headers, 'Accept-Language': 'fr' },
    data: { first_name: payloads[0], last_name: 'X', office: 'brussels', languages: ['fr'], state: 'waiting' },
  });
  expect(refused.status()).toBe(422);
  expect((await refused.json()).error.message).toContain('Prénom');

  const duo = await (await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } })).json();
  const step = (body: object) => request.post(`/api/v1/duos/${duo.id}/transitions`, { headers, data: body });
  const today = brusselsDay(new Date());
  expect((await step({ to: 'proposed', note: payloads[2] })).status()).toBe(200);
  expect((await step({ to: 'intro_scheduled', date: today, place: payloads[1] })).status()).toBe(200);
  expect((await step({ to: 'intro_held', note: payloads[0] })).status()).toBe(200);
  expect((await step({ to: 'agreed', date: today })).status()).toBe(200);
  expect((await step({ to: 'active' })).status()).toBe(200);
  for (const p of payloads) {
    expect((await request.post(`/api/v1/duos/${duo.id}/goals`, { headers, data: { title: p, steps: [p] } })).status()).toBe(201);
    expect((await request.post(`/api/v1/duos/${duo.id}/meetings`, { headers, data: { date: today, minutes: 30, mode: 'phone', note: p } })).status()).toBe(201);
  }
  await signIn(page);
  await page.goto(`/duos/${duo.id}`);
  await hydrated(page);
  for (const p of payloads) await expect(page.getByText(p, { exact: true }).first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.locator('main img[src="x"]')).toHaveCount(0);
  await page.goto('/board');
  await hydrated(page);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  // The exports: JSON keeps the text as data. The figures' CSVs hold aggregates only: no free
  // text typed above reaches them (offices and sectors come from fixed lists), so the payloads
  // must be absent; that every cell of a CSV is made inert, whatever text reaches it, is tested
  // on the export itself (`app/src/metrics/tables.rs`, formula_text_in_any_exported_field_arrives_neutralised).
  const doc = await (await request.get(`/api/v1/people/${mentee.id}/export`, { headers: await apiToken(request, ADMIN) })).json();
  expect(doc.goals.map((g: { title: string }) => g.title)).toEqual(expect.arrayContaining(payloads));
  const firstColumn = { summary: 'office,waiting_mentees', funnel: 'office,side', outcomes: 'office,cohort', waiting: 'office,date', supply: 'office,sector' };
  for (const [table, head] of Object.entries(firstColumn)) {
    const answer = await request.get(`/api/v1/metrics/${table}.csv?office=brussels`, { headers });
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toContain('text/csv');
    const csv = await answer.text();
    // The scan reads a real table: its header, and the total's row where every scope has one.
    expect(csv.startsWith(head)).toBe(true);
    if (table === 'summary' || table === 'funnel') expect(csv.split('\n').some((line) => line.startsWith('total,'))).toBe(true);
    for (const p of payloads) expect(csv).not.toContain(p);
    expect(csv).not.toContain(`Mentee${tag}`);
    for (const cell of csv.split(/[\n,]/)) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
  }
  expect(problems).toEqual([]);
});

test('someone who forgot their password asks for a link without learning who has an account', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Email address').fill('nobody@duo.example');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account exists for this address');
  await page.screenshot({ path: `artifacts/forgot-${test.info().project.name}.png` });
});

test('the administration and record pages fit a phone @phone', async ({ page }) => {
  await signIn(page, ADMIN);
  for (const path of ['/admin', '/people/mentee:brussels_001', '/privacy']) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(scroll, `${path} is wider than the phone`).toBeLessThanOrEqual(client);
    await page.screenshot({ path: `artifacts/phone${path.replace(/[/:]/g, '-')}.png` });
  }
});

test('an administrator invites a mentor from their record; the mentor lands on their phone page @desktop', async ({ page, browser, request }) => {
  const tag = unique('Inv');
  const headers = await apiToken(request, COORDINATOR);
  const email = `${tag.toLowerCase()}@mentors.example`;
  const created = await request.post('/api/v1/mentors', {
    headers,
    data: { first_name: 'Henri', last_name: `Mentor${tag}`, office: 'brussels', languages: ['fr'], sectors: ['K'], state: 'available', email },
  });
  expect(created.status()).toBe(201);
  const mentor = await created.json();
  await signIn(page, ADMIN);
  await page.goto(`/people/mentor:${mentor.id}`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Invite to the mentor app' }).click();
  const shown = page.locator('.link-created');
  await expect(shown).toContainText(`Invitation for ${email} created.`);
  const link = await shown.locator('code').innerText();

  const theirs = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const phone = await theirs.newPage();
  await phone.goto(new URL(link).pathname);
  await hydrated(phone);
  await phone.getByLabel('New password').fill('a garden in Schaerbeek');
  await phone.getByLabel('Type it again').fill('a garden in Schaerbeek');
  await phone.getByRole('button', { name: 'Save and sign in' }).click();
  await phone.waitForURL(/\/mentor$/);
  await hydrated(phone);
  await phone.screenshot({ path: 'artifacts/mentor-invited-phone.png' });
  await theirs.close();
  // A second invitation for the same address is refused: the account exists.
  await page.getByRole('button', { name: 'Invite to the mentor app' }).click();
  await expect(page.getByRole('alert')).toContainText('already in use');
});
