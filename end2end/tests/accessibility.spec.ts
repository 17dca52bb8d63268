import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { COORDINATOR, PASSWORD, createPair, hydrated } from './helpers';

// WCAG 2.2 A and AA, every impact (minor included): a gate, on desktop and on the phone.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function signInAs(page: Page, email: string, landing: RegExp) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(landing);
  await hydrated(page);
}

async function scan(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  await expect(page.locator('.loading')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations.map(
    (v) => `${path} ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`,
  );
}

test('every page passes an accessibility scan, as the role that uses it', async ({ page, request, browser }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];

  // Anyone (a mentee's own link needs no account).
  for (const path of ['/login', '/privacy', '/forgot']) problems.push(...(await scan(page, path)));

  // A coordinator: the board, people, a record, the intake form, sessions, follow-up, a duo, the figures.
  const { mentee, mentor, headers } = await createPair(request, `A11y${Date.now().toString(36)}`);
  const duo = await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } });
  expect(duo.status()).toBe(201);
  const duoId = (await duo.json()).id;
  await signInAs(page, COORDINATOR, /\/board/);
  for (const path of [
    '/board',
    '/meeting',
    '/people',
    `/people/mentee:${mentee.id}`,
    '/people/new/mentee',
    '/sessions',
    // A demo session last month, with the mentors in training who attended it.
    '/sessions/brussels_past0',
    '/people/import',
    '/follow-up',
    `/duos/${duoId}`,
    '/dashboard',
    '/inbox',
  ]) {
    problems.push(...(await scan(page, path)));
  }

  for (const [email, landing, paths] of [
    ['mentor@duo.example', /\/mentor/, ['/mentor', '/inbox']],
    ['hq@duo.example', /\/dashboard/, ['/dashboard']],
    ['admin@duo.example', /\/$|\/board/, ['/admin', '/sessions']],
  ] as const) {
    const context = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
    const other = await context.newPage();
    await signInAs(other, email, landing);
    for (const path of paths) problems.push(...(await scan(other, path)));
    await context.close();
  }
  expect(problems).toEqual([]);
});
