import { test, expect } from '@playwright/test';
import { COORDINATOR, hydrated, signIn } from './helpers';

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel(/email/i).fill(COORDINATOR);
  await page.getByLabel(/password/i).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('That email address and password do not match.');
  await expect(page).toHaveURL(/\/login/);
});

test('pages ask for a sign-in first', async ({ page }) => {
  await page.goto('/board');
  await expect(page).toHaveURL(/\/login/);
  // The mentor's page is served as islands (app/src/ui/islands.rs): it asks too.
  await page.goto('/mentor');
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
});

test('the language switcher speaks French and Dutch and is remembered', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'NL', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Matchingbord' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Matchingbord' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await page.getByRole('button', { name: 'FR', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Tableau des duos' })).toBeVisible();
  await page.getByRole('button', { name: 'EN', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Matching board' })).toBeVisible();
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/board');
  await expect(page).toHaveURL(/\/login/);
});
