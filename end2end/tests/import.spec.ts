import { test, expect, type APIRequestContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { COORDINATOR, PASSWORD, hydrated, signIn, unique } from './helpers';

// WCAG 2.2 A and AA, every impact, as in accessibility.spec.ts: the page with its preview.
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function apiHeaders(request: APIRequestContext) {
  const login = await request.post('/api/v1/login', { data: { email: COORDINATOR, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return { Authorization: `Bearer ${(await login.json()).token}` };
}

/** How many people of Brussels the directory finds for a search. */
async function found(request: APIRequestContext, headers: Record<string, string>, q: string) {
  const answer = await request.get(`/api/v1/people?office=brussels&q=${encodeURIComponent(q)}`, { headers });
  expect(answer.status()).toBe(200);
  return (await answer.json()).total as number;
}

/** A spreadsheet as Excel saves it in Belgium: a BOM, semicolons, Windows line ends. */
function sheet(tag: string, pietEmail: string) {
  const rows = [
    'first_name;last_name;email;languages;postcode',
    `Amina;${tag}a;amina.${tag}@example.be;fr|ar;`,
    `Piet;${tag}b;${pietEmail};nl;`,
    `Sofia;${tag}c;;pt;1000`,
  ];
  return Buffer.from('\ufeff' + rows.join('\r\n') + '\r\n', 'utf-8');
}

test('an import with one bad row shows the row’s error and creates nobody; the fixed file imports', async ({ page, request }) => {
  const tag = unique('Imp').toLowerCase();
  const headers = await apiHeaders(request);
  await signIn(page);
  await page.getByRole('link', { name: 'People' }).click();
  await hydrated(page);
  await page.getByRole('link', { name: 'Import a spreadsheet' }).click();
  await expect(page).toHaveURL(/\/people\/import$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Import a spreadsheet' })).toBeVisible();
  await hydrated(page);

  const form = page.locator('form.import-form');
  await form.getByLabel('Who is in the file').selectOption('mentee');
  await form.getByLabel('Office').selectOption('brussels');
  await form.getByLabel('Spreadsheet (CSV)').setInputFiles({
    name: 'mentees.csv',
    mimeType: 'text/csv',
    buffer: sheet(tag, 'piet-at-example.be'),
  });
  await form.getByRole('button', { name: 'Check the file' }).click();

  // The preview: Piet's row (row 3 of the spreadsheet) with its error, the others ready.
  const piet = page.locator('tr.import-row[data-row="3"]');
  await expect(piet).toHaveClass(/error/);
  await expect(piet).toContainText('Enter an email address such as name@example.org.');
  await expect(page.locator('tr.import-row[data-row="2"]')).toContainText('Ready');
  await expect(page.locator('tr.import-row')).toHaveCount(3);
  const result = page.locator('.import-result');
  await expect(result).toContainText('1 error to fix');
  await expect(result).toContainText('2 people ready to import');
  // Nothing is imported while a row is wrong.
  const importButton = page.getByRole('button', { name: 'Import', exact: true });
  await expect(importButton).toBeDisabled();
  await page.screenshot({ path: `artifacts/import-preview-${test.info().project.name}.png`, fullPage: true });
  const scan = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(scan.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // The row's error in the reader's language.
  await page.getByRole('button', { name: 'FR', exact: true }).click();
  await expect(piet).toContainText('Saisissez une adresse e-mail comme nom@exemple.be.');
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(piet).toContainText('Enter an email address such as name@example.org.');

  // A check created nobody.
  expect(await found(request, headers, tag)).toBe(0);

  // The fixed file: checked, then imported.
  await form.getByLabel('Spreadsheet (CSV)').setInputFiles({
    name: 'mentees.csv',
    mimeType: 'text/csv',
    buffer: sheet(tag, `piet.${tag}@example.be`),
  });
  await expect(page.locator('tr.import-row')).toHaveCount(0);
  await form.getByRole('button', { name: 'Check the file' }).click();
  await expect(result).toContainText('3 people ready to import');
  await expect(result).toContainText('0 errors to fix');
  await expect(importButton).toBeEnabled();
  await importButton.click();
  await expect(result).toContainText('3 people imported.');
  expect(await found(request, headers, tag)).toBe(3);

  // They are in the directory.
  await page.getByRole('link', { name: 'Back to the people' }).click();
  await hydrated(page);
  await page.getByLabel('Search by name, email or phone').fill(tag);
  await expect(page.locator('.directory-total')).toHaveText('3 people');

  // The same file again: every row is a probable duplicate (same email, or same name and
  // postcode), nobody is created twice.
  await page.goto('/people/import');
  await hydrated(page);
  await form.getByLabel('Office').selectOption('brussels');
  await form.getByLabel('Spreadsheet (CSV)').setInputFiles({
    name: 'mentees.csv',
    mimeType: 'text/csv',
    buffer: sheet(tag, `piet.${tag}@example.be`),
  });
  await form.getByRole('button', { name: 'Check the file' }).click();
  await expect(result).toContainText('3 probable duplicates, left out');
  await expect(page.locator('tr.import-row.duplicate')).toHaveCount(3);
  await expect(importButton).toBeDisabled();
  expect(await found(request, headers, tag)).toBe(3);
});
