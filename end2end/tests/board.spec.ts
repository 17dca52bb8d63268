import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createPair, hydrated, signIn, unique } from './helpers';

test.describe('matching board', () => {
  test('a coordinator drags a mentee onto a mentor and the duo survives a reload @desktop', async ({ page, request }) => {
    const tag = unique('D');
    const { mentee, mentor, headers } = await createPair(request, tag);
    await signIn(page);
    await expect(page.getByRole('heading', { name: 'Matching board' })).toBeVisible();
    await page.screenshot({ path: 'artifacts/board-desktop.png', fullPage: false });

    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    const menteeCard = page.locator(`[data-mentee="${mentee.id}"]`);
    const mentorCard = page.locator(`[data-mentor="${mentor.id}"]`);
    await expect(menteeCard).toBeVisible();
    await expect(mentorCard).toBeVisible();

    const from = (await menteeCard.locator('.name').boundingBox())!;
    const to = (await mentorCard.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 40, from.y + 20, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await expect(mentorCard).toHaveClass(/over/);
    await page.mouse.up();

    await expect(page.getByRole('status')).toContainText(`Duo drafted for the matching meeting: Testa Mentee${tag} with Marcel Mentor${tag}.`);
    const duoCard = page.locator('.lane.duos .card.duo', { hasText: `Mentee${tag}` });
    await expect(duoCard).toBeVisible();
    await expect(duoCard).not.toHaveClass(/pending/);
    await expect(menteeCard).toHaveCount(0);

    await page.reload();
    await hydrated(page);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    await expect(page.locator('.lane.duos .card.duo', { hasText: `Mentee${tag}` })).toBeVisible();
    await expect(page.locator(`[data-mentee="${mentee.id}"]`)).toHaveCount(0);

    // The server agrees.
    const duos = await request.get('/api/v1/duos?office=brussels&state=draft', { headers });
    const list = await duos.json();
    expect(list.filter((d: { mentee: string; mentor: string }) => d.mentee === mentee.id && d.mentor === mentor.id)).toHaveLength(1);

    // Drag the duo back to the waiting lane: it is undone.
    const back = (await page.locator('.lane.duos .card.duo', { hasText: `Mentee${tag}` }).locator('.name').boundingBox())!;
    const lane = (await page.locator('.lane.waiting').boundingBox())!;
    await page.mouse.move(back.x + 10, back.y + 5);
    await page.mouse.down();
    await page.mouse.move(back.x + 40, back.y + 30, { steps: 5 });
    await page.mouse.move(lane.x + lane.width / 2, lane.y + 80, { steps: 12 });
    await page.mouse.up();
    await expect(page.getByRole('status')).toContainText('Duo undone');
    await expect(page.locator(`[data-mentee="${mentee.id}"]`)).toBeVisible();
  });

  test('the same move on a phone with “Move to…” @phone', async ({ page, request }) => {
    const tag = unique('P');
    const { mentee, mentor } = await createPair(request, tag);
    await signIn(page);
    await page.screenshot({ path: 'artifacts/board-phone.png', fullPage: false });

    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    const card = page.locator(`[data-mentee="${mentee.id}"]`);
    await expect(card).toBeVisible();
    await card.getByRole('button', { name: /Move to/ }).tap();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('searchbox').fill(`Mentor${tag}`);
    await dialog.locator(`[data-choose="${mentor.id}"]`).tap();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('status')).toContainText('Duo drafted');

    await page.getByRole('tab', { name: /Open duos/ }).tap();
    await expect(page.locator('.lane.duos .card.duo', { hasText: `Mentee${tag}` })).toBeVisible();
    await page.screenshot({ path: 'artifacts/board-phone-duos.png', fullPage: false });

    await page.reload();
    await hydrated(page);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    await page.getByRole('tab', { name: /Open duos/ }).tap();
    await expect(page.locator('.lane.duos .card.duo', { hasText: `Mentee${tag}` })).toBeVisible();
  });

  test('a long press drags a mentee with the finger @phone', async ({ page, request }) => {
    const tag = unique('T');
    const { mentee, mentor } = await createPair(request, tag);
    await signIn(page);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    // Both cards on one screen: the phone shows one lane at a time, so widen to two lanes' worth.
    await page.setViewportSize({ width: 900, height: 900 });
    const from = (await page.locator(`[data-mentee="${mentee.id}"] .name`).boundingBox())!;
    const to = (await page.locator(`[data-mentor="${mentor.id}"]`).boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: string, x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    await touch('touchStart', from.x + 5, from.y + 5);
    await page.waitForTimeout(600); // the long press
    const steps = 10;
    for (let i = 1; i <= steps; i++) {
      const x = from.x + 5 + ((to.x + to.width / 2 - from.x - 5) * i) / steps;
      const y = from.y + 5 + ((to.y + to.height / 2 - from.y - 5) * i) / steps;
      await touch('touchMove', x, y);
    }
    await touch('touchEnd', 0, 0);
    await expect(page.getByRole('status')).toContainText(`Duo drafted for the matching meeting: Testa Mentee${tag} with Marcel Mentor${tag}.`);
  });

  test('keyboard only: Move to…, choose, confirm @desktop', async ({ page, request }) => {
    const tag = unique('K');
    const { mentee, mentor } = await createPair(request, tag);
    await signIn(page);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    const move = page.locator(`[data-move-for="${mentee.id}"]`);
    await move.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('searchbox')).toBeFocused();
    await page.keyboard.type(`Mentor${tag}`);
    await page.keyboard.press('Tab');
    await expect(dialog.locator(`[data-choose="${mentor.id}"]`)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toContainText('Duo drafted');

    // Escape closes the dialog and gives focus back.
    const other = page.locator('.card.mentee .move').first();
    await page.getByRole('searchbox', { name: 'Search by name' }).fill('');
    await other.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(other).toBeFocused();
  });

  test('a change made elsewhere appears on an open board without reload @desktop', async ({ page, request }) => {
    const tag = unique('L');
    const { mentee, mentor, headers } = await createPair(request, tag);
    await signIn(page);
    await expect(page.locator('.live.on')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    await expect(page.locator(`[data-mentee="${mentee.id}"]`)).toBeVisible();
    // Another coordinator (here through the API) makes the duo.
    const duo = await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } });
    expect(duo.status()).toBe(201);
    await expect(page.locator('.lane.duos .card.duo', { hasText: `Mentee${tag}` })).toBeVisible();
    await expect(page.locator(`[data-mentee="${mentee.id}"]`)).toHaveCount(0);
    // And undoes it.
    const id = (await duo.json()).id;
    expect((await request.delete(`/api/v1/duos/${id}`, { headers })).status()).toBe(200);
    await expect(page.locator(`[data-mentee="${mentee.id}"]`)).toBeVisible();
  });

  test('a board whose stream was refused (429) opens it again and stays live @desktop', async ({ browser, request }) => {
    // The refusals are put in the page's way by the test; a service worker in charge of the page
    // would take its requests out of the test's sight, so this page has none.
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    // The first two attempts are refused, as the server does over the limit of open streams.
    let attempts = 0;
    await page.route('**/api/v1/events**', async (route) => {
      attempts += 1;
      if (attempts <= 2) {
        await route.fulfill({ status: 429, headers: { 'retry-after': '5' }, contentType: 'application/json', body: '{"error":{"code":"too_many_requests","message":"Too many"}}' });
      } else {
        await route.continue();
      }
    });
    const tag = unique('R');
    const { mentee, mentor, headers } = await createPair(request, tag);
    await signIn(page);
    await expect(page.locator('.live.off')).toBeVisible();
    // The browser gives a refused stream up; the board asks again after 2 s, then 4 s.
    await expect(page.locator('.live.on')).toBeVisible({ timeout: 15_000 });
    expect(attempts).toBeGreaterThanOrEqual(3);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    const duo = await request.post('/api/v1/duos', { headers, data: { mentee: mentee.id, mentor: mentor.id } });
    expect(duo.status()).toBe(201);
    await expect(page.locator('.lane.duos .card.duo', { hasText: `Mentee${tag}` })).toBeVisible();
  });

  test('coordinators see each other on the board and the card in another’s hand @desktop', async ({ browser, request }) => {
    const tag = unique('H');
    const { mentee } = await createPair(request, tag);
    const sofia = await (await browser.newContext()).newPage();
    const admin = await (await browser.newContext()).newPage();
    await signIn(sofia);
    await signIn(admin, 'admin@duo.example');
    await admin.goto('/board?office=brussels');
    await hydrated(admin);
    await expect(sofia.locator('.presence')).toContainText('Admin Duo');
    await expect(admin.locator('.presence')).toContainText('Sofia Marchetti');

    await sofia.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    await admin.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    const card = admin.locator(`[data-mentee="${mentee.id}"]`);
    const box = (await card.locator('.name').boundingBox())!;
    await admin.mouse.move(box.x + 5, box.y + 5);
    await admin.mouse.down();
    await admin.mouse.move(box.x + 60, box.y + 40, { steps: 6 });
    await expect(sofia.locator(`[data-mentee="${mentee.id}"]`)).toContainText('Admin Duo is moving this card');
    await sofia.screenshot({ path: 'artifacts/board-presence.png' });
    await admin.keyboard.press('Escape');
    await admin.mouse.up();
    await expect(sofia.locator(`[data-mentee="${mentee.id}"] .held-note`)).toHaveCount(0);

    // When a tab goes away, so does its presence.
    await admin.context().close();
    await expect(sofia.locator('.presence')).toHaveCount(0);
    await sofia.context().close();
  });

  test('a long lane draws only the cards near the screen, and scrolling reaches every one @desktop', async ({ page }) => {
    await signIn(page);
    const lane = page.locator('.lane.waiting');
    const total = Number(await lane.locator('.lane-head .count').textContent());
    expect(total).toBeGreaterThan(40);
    const drawn = lane.locator('.card.mentee');
    await expect.poll(() => drawn.count()).toBeLessThan(total);
    const first = await drawn.first().getAttribute('data-mentee');

    // Down the page a few hundred pixels at a time: each card is drawn at some point, once.
    const seen = new Set<string>();
    for (let step = 0; step < 200; step++) {
      for (const id of await drawn.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-mentee')!))) seen.add(id);
      const done = await page.evaluate(() => {
        window.scrollBy(0, 400);
        return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      if (done && step > 0) {
        for (const id of await drawn.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-mentee')!))) seen.add(id);
        break;
      }
    }
    expect(seen.size).toBe(total);
    // At the foot of the lane its first card is no longer drawn; nothing stands in below.
    await expect(page.locator(`.lane.waiting [data-mentee="${first}"]`)).toHaveCount(0);
    await expect(lane.locator('ul.cards')).toHaveCSS('padding-bottom', '0px');
    expect(await drawn.count()).toBeLessThan(total);

    // Back to the top: the first card is drawn again where it was.
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(page.locator(`.lane.waiting [data-mentee="${first}"]`)).toBeVisible();
  });

  test('the compact density fits many more cards on a screen and stays chosen', async ({ page }, testInfo) => {
    await signIn(page);
    const card = page.locator('.lane.waiting .card.mentee').first();
    const roomy = (await card.boundingBox())!.height;
    const group = page.getByRole('group', { name: 'Card density' });
    await group.getByRole('button', { name: 'Compact' }).click();
    await expect(group.getByRole('button', { name: 'Compact' })).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await card.boundingBox())!.height).toBeLessThan(roomy * 0.7);
    // Every card keeps its actions: "Move to…" is still there for the keyboard and the phone.
    await expect(card.getByRole('button', { name: /Move to/ })).toBeVisible();
    await page.screenshot({ path: `artifacts/board-compact-${testInfo.project.name}.png` });

    await page.reload();
    await hydrated(page);
    await expect(page.getByRole('group', { name: 'Card density' }).getByRole('button', { name: 'Compact' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('.board')).toHaveClass(/compact/);
    await page.getByRole('group', { name: 'Card density' }).getByRole('button', { name: 'Roomy' }).click();
    await expect(page.locator('.board')).not.toHaveClass(/compact/);
  });

  test('the board has no serious accessibility violations', async ({ page }) => {
    await signIn(page);
    const results = await new AxeBuilder({ page }).include('main').analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
