import { test, expect, type APIRequestContext } from '@playwright/test';
import { COORDINATOR, PASSWORD, signIn, unique } from './helpers';

async function api(request: APIRequestContext, email = COORDINATOR) {
  const login = await request.post('/api/v1/login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  const { token } = await login.json();
  return { Authorization: `Bearer ${token}` };
}

/** A waiting mentee and two mentors of Liège whose scores are known in advance. */
async function createMatch(request: APIRequestContext, tag: string) {
  const headers = await api(request);
  const post = async (kind: string, data: object) => {
    const r = await request.post(`/api/v1/${kind}`, { headers, data });
    expect(r.status()).toBe(201);
    return r.json();
  };
  const mentee = await post('mentees', {
    first_name: 'Amal', last_name: `Seeker${tag}`, office: 'liege', languages: ['fr', 'ar'], sectors: ['F'], state: 'waiting',
    profile: { career_plan: true, support: ['interview'], availability: 7, postcode: '4000', online: true },
  });
  // 35 sector + 20 support + 13 availability + 10 same postcode + 5 Arabic too + 0 waiting = 83.
  const builder = await post('mentors', {
    first_name: 'Bernard', last_name: `Builder${tag}`, office: 'liege', languages: ['fr', 'ar'], sectors: ['F'], state: 'available', capacity: 1,
    profile: { years_experience: 20, support: ['interview', 'network'], availability: 3, postcode: '4000' },
  });
  const dutch = await post('mentors', {
    first_name: 'Dirk', last_name: `Dutch${tag}`, office: 'liege', languages: ['nl'], sectors: ['F'], state: 'available', capacity: 1,
  });
  return { mentee, builder, dutch, headers };
}

test.describe('matching', () => {
  test('picking up a mentee shows each mentor’s score, and the suggestions explain it @desktop', async ({ page, request }) => {
    const tag = unique('M');
    const { mentee, builder, dutch, headers } = await createMatch(request, tag);
    await signIn(page);
    await page.goto('/board?office=liege');
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    const menteeCard = page.locator(`[data-mentee="${mentee.id}"]`);
    const builderCard = page.locator(`[data-mentor="${builder.id}"]`);
    const dutchCard = page.locator(`[data-mentor="${dutch.id}"]`);
    await expect(menteeCard).toBeVisible();
    await expect(builderCard.locator('[data-score]')).toHaveCount(0);

    // Pick the card up: the mentors show their scores while it is in the hand.
    const from = (await menteeCard.locator('.name').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 30, { steps: 6 });
    await expect(builderCard.locator('[data-score="83"]')).toBeVisible();
    await expect(dutchCard.locator('[data-score="excluded"]')).toHaveText('Excluded');
    await page.screenshot({ path: 'artifacts/matching-drag-scores.png' });
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await expect(builderCard.locator('[data-score]')).toHaveCount(0);

    // The suggestions panel: the best mentor first, each criterion in plain words.
    await menteeCard.getByRole('button', { name: /Suggestions/ }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: `Best mentors for Amal Seeker${tag}` })).toBeVisible();
    const first = dialog.locator('.suggestion').first();
    await expect(first).toHaveAttribute('data-suggestion', builder.id);
    await expect(first.locator('.score')).toHaveText('83');
    await expect(first).toContainText('worked 20 years in Construction, the sector sought');
    await expect(first).toContainText('both speak French and Arabic');
    await expect(first.locator('[data-criterion="distance"]')).toContainText('10/10');
    await expect(dialog.locator(`[data-excluded="${dutch.id}"]`)).toContainText('no shared language');
    await page.screenshot({ path: 'artifacts/matching-suggestions.png' });

    // In French, the same reasons.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect(page.locator('html[lang="fr"]')).toHaveCount(1);
    await menteeCard.getByRole('button', { name: /Suggestions/ }).click();
    await expect(dialog.locator('.suggestion').first()).toContainText('parlent tous deux français et arabe');
    await expect(dialog.locator('.suggestion').first()).toContainText('a travaillé 20 ans dans le secteur recherché : Construction');
    await dialog.getByRole('button', { name: 'Fermer' }).click();
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(page.locator('html[lang="en"]')).toHaveCount(1);
    await menteeCard.getByRole('button', { name: /Suggestions/ }).click();

    // Propose the duo from the panel.
    await dialog.locator('.suggestion').first().getByRole('button', { name: /Draft duo/ }).click();
    await expect(page.getByRole('status')).toContainText(`Duo drafted for the matching meeting: Amal Seeker${tag} with Bernard Builder${tag}.`);
    const duos = await (await request.get('/api/v1/duos?office=liege&state=draft', { headers })).json();
    expect(duos.filter((d: { mentee: string; mentor: string }) => d.mentee === mentee.id && d.mentor === builder.id)).toHaveLength(1);
  });

  test('on a phone, a long press offers the best mentors to drop the mentee on @phone', async ({ page, request }) => {
    const tag = unique('K');
    const { mentee, builder, headers } = await createMatch(request, tag);
    await signIn(page);
    await page.goto('/board?office=liege');
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    const from = (await page.locator(`[data-mentee="${mentee.id}"] .name`).boundingBox())!;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
    await touch('touchStart', from.x + 5, from.y + 5);
    await page.waitForTimeout(600); // the long press
    const dock = page.locator(`.drag-dock [data-dock="${builder.id}"]`);
    await expect(dock).toContainText('83');
    await page.screenshot({ path: 'artifacts/matching-dock-phone.png' });
    const to = (await dock.boundingBox())!;
    const steps = 8;
    for (let i = 1; i <= steps; i++) {
      await touch('touchMove', from.x + 5 + ((to.x + 20 - from.x - 5) * i) / steps, from.y + 5 + ((to.y + 10 - from.y - 5) * i) / steps);
    }
    await touch('touchEnd', 0, 0);
    await expect(page.getByRole('status')).toContainText(`Duo drafted for the matching meeting: Amal Seeker${tag} with Bernard Builder${tag}.`);
    const duos = await (await request.get('/api/v1/duos?office=liege&state=draft', { headers })).json();
    expect(duos.filter((d: { mentee: string; mentor: string }) => d.mentee === mentee.id && d.mentor === builder.id)).toHaveLength(1);
  });

  test('accepting a proposed slate creates the duos @desktop', async ({ page, request }) => {
    const headers = await api(request, 'gent@duo.example');
    await signIn(page, 'gent@duo.example');
    await page.goto('/board?office=antwerp');
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
    // The lane head counts the waiting mentees; the lane draws only the cards near the screen.
    const waitingCount = page.locator('.lane.waiting .lane-head .count');
    const waitingBefore = Number(await waitingCount.textContent());

    await page.getByRole('button', { name: 'Propose duos' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: 'Proposed duos' })).toBeVisible();
    const pairs = dialog.locator('.slate-pair');
    await expect(pairs.first()).toBeVisible();
    const count = await pairs.count();
    expect(count).toBeGreaterThan(1);
    // What the screen proposes is what the API computes.
    const slate = await (await request.post('/api/v1/offices/antwerp/slate', { headers })).json();
    expect(slate.pairs).toHaveLength(count);
    await expect(dialog.locator('.slate-total')).toHaveAttribute('data-total', String(slate.total_score));
    await page.screenshot({ path: 'artifacts/matching-slate.png' });

    // One by one, then all the others together.
    const firstPair: string = (await pairs.first().getAttribute('data-pair'))!;
    await pairs.first().getByRole('button', { name: 'Accept' }).click();
    await expect(pairs.first()).toHaveClass(/accepted/);
    await dialog.getByRole('button', { name: 'Accept all' }).click();
    await expect(dialog.locator('.slate-pair.accepted')).toHaveCount(count);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Every accepted pair is now a duo, on the server and on the board.
    const [firstMentee, firstMentor] = firstPair.split(':');
    await expect(async () => {
      const duos = await (await request.get('/api/v1/duos?office=antwerp&state=draft', { headers })).json();
      for (const p of slate.pairs) {
        expect(duos.some((d: { mentee: string; mentor: string }) => d.mentee === p.mentee && d.mentor === p.mentor)).toBe(true);
      }
      expect(duos.some((d: { mentee: string; mentor: string }) => d.mentee === firstMentee && d.mentor === firstMentor)).toBe(true);
    }).toPass({ timeout: 15_000 });
    await expect(waitingCount).toHaveText(String(waitingBefore - count));
    await page.screenshot({ path: 'artifacts/matching-slate-accepted.png' });
  });

  test('weights change the ranking, previewed before saving @desktop', async ({ page, request }) => {
    const tag = unique('W');
    const headers = await api(request);
    const post = async (kind: string, data: object) => (await request.post(`/api/v1/${kind}`, { headers, data })).json();
    const mentee = await post('mentees', {
      first_name: 'Nour', last_name: `Near${tag}`, office: 'liege', languages: ['fr'], sectors: ['F'], state: 'waiting',
      profile: { career_plan: true, postcode: '4000' },
    });
    await signIn(page);
    await page.goto('/board?office=liege');
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
    await page.getByRole('button', { name: 'Weights' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: /Matching weights of Liège/ })).toBeVisible();
    await dialog.getByRole('combobox').selectOption(mentee.id);
    const preview = dialog.locator('[data-preview="new"]');
    await expect(preview.locator('li').first()).toBeVisible();
    const before = await preview.innerText();
    await dialog.locator('[data-weight="sector"]').fill('0');
    await dialog.locator('[data-weight="distance"]').fill('100');
    await expect(preview).not.toHaveText(before);
    await page.screenshot({ path: 'artifacts/matching-weights.png' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status')).toContainText('Saved');
    const weights = await (await request.get('/api/v1/offices/liege/weights', { headers })).json();
    expect(weights.sector).toBe(0);
    expect(weights.distance).toBe(100);
    // Back to the defaults, for the other tests.
    const reset = await request.put('/api/v1/offices/liege/weights', {
      headers, data: { sector: 35, support: 20, availability: 20, distance: 10, languages: 5, waiting: 10 },
    });
    expect(reset.status()).toBe(200);
  });

  test('the matching profile form records intake answers and refuses bad ones', async ({ page, request }) => {
    const tag = unique('F');
    const headers = await api(request);
    const mentee = await (await request.post('/api/v1/mentees', {
      headers,
      data: { first_name: 'Yara', last_name: `Form${tag}`, office: 'liege', languages: ['fr'], sectors: ['Q'], state: 'waiting' },
    })).json();
    await signIn(page);
    await page.goto('/board?office=liege');
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
    await page.getByRole('searchbox', { name: 'Search by name' }).fill(tag);
    await page.locator(`[data-profile-for="${mentee.id}"]`).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading', { name: `Matching profile of Yara Form${tag}` })).toBeVisible();
    await dialog.getByLabel('Has a career plan').check();
    await dialog.getByLabel('job interviews').check();
    await dialog.getByLabel('Mon morning').check();
    await dialog.getByLabel('Wed evening').check();
    await dialog.getByLabel('Postcode').fill('40');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Postcode');
    let stored = await (await request.get(`/api/v1/mentees/${mentee.id}`, { headers })).json();
    expect(stored.profile.support).toEqual([]);

    await dialog.getByLabel('Postcode').fill('4000');
    await page.screenshot({ path: `artifacts/matching-profile-${test.info().project.name}.png` });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByRole('status')).toContainText('Saved');
    stored = await (await request.get(`/api/v1/mentees/${mentee.id}`, { headers })).json();
    expect(stored.profile).toMatchObject({ career_plan: true, support: ['interview'], postcode: '4000', availability: 1 | (1 << 8) });
  });
});
