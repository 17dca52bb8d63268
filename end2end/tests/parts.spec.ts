import { test, expect } from '@playwright/test';
import { hydrated, signIn } from './helpers';


// Each group of pages is its own part of the WebAssembly, downloaded when one of its pages is
// opened (app/src/routes.rs). A part that cannot be downloaded is said, with a way to try again.
test('a part of the app that fails to download says so and offers to try again @desktop', async ({ browser }) => {
  // The failure is put in the page's way by the test; a service worker would hide its requests.
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  await signIn(page);
  await expect(page.getByRole('heading', { name: 'Matching board', level: 1 })).toBeVisible();
  // The figures' part has not been downloaded yet: the network drops it.
  let refused = 0;
  await page.route('**/pkg/split_figures_pages_*', (route) => {
    refused += 1;
    return route.abort('internetdisconnected');
  });
  await page.getByRole('link', { name: 'Figures' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Part of Duo could not be loaded' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Check your connection and try again.');
  expect(refused).toBeGreaterThan(0);
  await page.screenshot({ path: 'artifacts/part-failed-desktop.png' });

  // The connection is back: "Try again" opens the page.
  await page.unroute('**/pkg/split_figures_pages_*');
  await notice.getByRole('link', { name: 'Try again' }).click();
  await hydrated(page);
  await expect(page).toHaveURL(/\/dashboard/);
  await expect(page.getByRole('alert').filter({ hasText: 'Part of Duo could not be loaded' })).toHaveCount(0);
  await expect(page.locator('h1')).toBeVisible();
});

test('the notice speaks the reader’s language @phone', async ({ browser }) => {
  const page = await (await browser.newContext({ serviceWorkers: 'block', viewport: { width: 390, height: 844 } })).newPage();
  await signIn(page);
  await page.getByRole('button', { name: 'FR', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Tableau des duos', level: 1 })).toBeVisible();
  await page.route('**/pkg/split_office_pages_*', (route) => route.abort('internetdisconnected'));
  await page.getByRole('link', { name: 'Personnes', exact: true }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Une partie de Duo' });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('link', { name: 'Réessayer' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: 'artifacts/part-failed-phone.png' });
});

// The board's dialogs come with the office part, fetched when one first opens (app/src/board/dialogs.rs).
test('a board dialog waits for its part with the board in place, and says so if the part fails @desktop', async ({ browser }) => {
  const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
  let refused = 0;
  await page.route('**/pkg/split_office_pages_*', (route) => {
    refused += 1;
    return route.abort('internetdisconnected');
  });
  await signIn(page);
  const heading = page.getByRole('heading', { name: 'Matching board', level: 1 });
  await expect(heading).toBeVisible();
  // The board drew without the office part.
  expect(refused).toBe(0);
  await page.getByRole('button', { name: 'Weights' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Part of Duo could not be loaded' });
  await expect(notice).toBeVisible();
  expect(refused).toBeGreaterThan(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(heading).toBeVisible();

  // The connection is back, but slow: while the part is on its way, the board stays where it is.
  await page.unroute('**/pkg/split_office_pages_*');
  await notice.getByRole('link', { name: 'Try again' }).click();
  await hydrated(page);
  await expect(page).toHaveURL(/\/board/);
  let arrived = false;
  await page.route('**/pkg/split_office_pages_*', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    arrived = true;
    await route.continue();
  });
  const firstCard = page.locator('.card.mentee').first();
  await expect(firstCard).toBeVisible();
  await page.getByRole('button', { name: 'Weights' }).click();
  await page.waitForTimeout(500);
  expect(arrived).toBe(false);
  await expect(heading).toBeVisible();
  await expect(firstCard).toBeVisible();
  await expect(page.locator('p.loading')).toHaveCount(0);
  await expect(page.getByRole('dialog').getByRole('heading', { name: /Matching weights of/ })).toBeVisible();
  expect(arrived).toBe(true);
  await expect(page.getByRole('alert').filter({ hasText: 'Part of Duo could not be loaded' })).toHaveCount(0);
});
