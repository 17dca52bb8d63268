import { test, expect, type APIRequestContext } from '@playwright/test';
import { COORDINATOR, PASSWORD, hydrated, signIn, unique } from './helpers';

async function apiHeaders(request: APIRequestContext) {
  const login = await request.post('/api/v1/login', { data: { email: COORDINATOR, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return { Authorization: `Bearer ${(await login.json()).token}` };
}

test('a coordinator registers a mentee from the form, finds her in the directory and takes her to the board', async ({ page }) => {
  const last = unique('Dupré');
  await signIn(page);
  await page.getByRole('link', { name: 'People' }).click();
  await hydrated(page);
  await page.getByRole('link', { name: 'New mentee' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Register a mentee' })).toBeVisible();
  const form = page.locator('form.intake-form');
  // Saved without a name: the field says what is missing, and nothing is created.
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.locator('#first_name-error')).toContainText('First name');
  await form.getByLabel('First name').fill('Élodie');
  await form.getByLabel('Last name').fill(last);
  await form.getByLabel('Phone').fill('0470 12 34 56');
  await form.getByLabel('French', { exact: true }).check();
  await form.getByLabel('Coordinator’s note').fill('First contact at the information session');
  await page.screenshot({ path: `artifacts/people-register-${test.info().project.name}.png`, fullPage: true });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(/\/people\/mentee:[0-9a-z]+$/);
  const mentee = { id: page.url().split('mentee:')[1] };

  await page.getByRole('link', { name: 'People' }).click();
  await expect(page).toHaveURL(/\/people$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible();
  // Accents and case do not matter, nor does the rest of the name.
  await page.getByLabel('Search by name, email or phone').fill(`elodie ${last.toUpperCase().replace('É', 'E')}`);
  await expect(page).toHaveURL(/q=elodie/);
  const row = page.locator(`li.directory-row[data-person="${mentee.id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('Registered');
  await expect(page.locator('.directory-total')).toHaveText('1 person');
  await page.screenshot({ path: `artifacts/people-directory-${test.info().project.name}.png`, fullPage: true });
  await row.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/people/mentee:${mentee.id}$`));

  const stage = page.locator('.person-path');
  await expect(stage.locator('.path-now')).toHaveText('Now: Registered');
  await stage.getByRole('button', { name: 'Record the intake' }).click();
  await stage.getByLabel('Note').fill('Wants to work in construction; speaks French and Arabic');
  await stage.getByRole('button', { name: 'Confirm' }).click();
  await expect(stage.locator('.path-now')).toHaveText('Now: Intake done');
  await expect(stage.locator('.person-timeline li').first()).toContainText('Registered → Intake done');

  // Eligible needs the criterion: the step says so and nothing changes.
  await stage.getByRole('button', { name: 'Eligible', exact: true }).click();
  await expect(stage.getByRole('note')).toContainText('Record the eligibility criterion');
  await stage.getByRole('button', { name: 'Confirm' }).click();
  await expect(stage.getByRole('alert')).toContainText('Record the eligibility criterion you checked first');
  await expect(stage.locator('.path-now')).toHaveText('Now: Intake done');
  await page.getByLabel('Eligibility criterion').selectOption('second_generation');
  await page.getByRole('button', { name: 'Checked', exact: true }).click();
  await expect(page.locator('.eligibility-status')).toContainText('At least one parent came to Belgium');

  await stage.getByRole('button', { name: 'Eligible', exact: true }).click();
  await stage.getByRole('button', { name: 'Confirm' }).click();
  await expect(stage.locator('.path-now')).toHaveText('Now: Eligible');
  await stage.getByRole('button', { name: 'Put on the waiting list' }).click();
  await stage.getByRole('button', { name: 'Confirm' }).click();
  await expect(stage.locator('.path-now')).toHaveText('Now: Waiting for a mentor');
  await expect(stage.locator('.person-timeline li')).toHaveCount(3);
  await page.screenshot({ path: `artifacts/person-stage-${test.info().project.name}.png`, fullPage: true });

  // The card is on the board's waiting lane (found by name: a lane draws only the cards near
  // the screen, and a new mentee waits at its end).
  await page.goto('/board');
  await hydrated(page);
  await page.getByRole('searchbox', { name: 'Search by name' }).fill(last);
  await expect(page.locator(`[data-mentee="${mentee.id}"]`).first()).toBeVisible();
});

test('a mentor goes from registration through training to available', async ({ page, request }) => {
  const headers = await apiHeaders(request);
  const created = await request.post('/api/v1/mentors', {
    headers,
    data: { first_name: 'Marc', last_name: unique('Dubois'), office: 'brussels', languages: ['fr'] },
  });
  expect(created.status()).toBe(201);
  const mentor = await created.json();
  await signIn(page);
  await page.goto(`/people/mentor:${mentor.id}`);
  await hydrated(page);
  const stage = page.locator('.person-path');
  for (const [button, now] of [
    ['Record the intake', 'Intake done'],
    ['Accept as mentor', 'Accepted'],
    ['Start the training', 'In training'],
    ['Available for a duo', 'Available'],
  ]) {
    await stage.getByRole('button', { name: button }).click();
    await stage.getByRole('button', { name: 'Confirm' }).click();
    await expect(stage.locator('.path-now')).toHaveText(`Now: ${now}`);
  }
  await expect(stage.locator('.person-timeline li')).toHaveCount(4);
  // In Dutch, the same page.
  await page.getByRole('button', { name: 'NL', exact: true }).click();
  await expect(stage.locator('.path-now')).toHaveText('Nu: Beschikbaar');
  await expect(stage.getByRole('button', { name: 'Pauzeren' })).toBeVisible();
  await page.getByRole('button', { name: 'EN', exact: true }).click();
});
