import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const PASSWORD = 'duo-demo-2026';
export const COORDINATOR = 'coordinator@duo.example';

/** A unique, readable suffix so each test works on its own people. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1000)}`;
}

/** Creates a waiting mentee and an available mentor in Brussels through the JSON API. */
export async function createPair(request: APIRequestContext, tag: string) {
  const login = await request.post('/api/v1/login', { data: { email: COORDINATOR, password: PASSWORD } });
  expect(login.status()).toBe(200);
  const { token } = await login.json();
  const headers = { Authorization: `Bearer ${token}` };
  const mentee = await request.post('/api/v1/mentees', {
    headers,
    data: { first_name: 'Testa', last_name: `Mentee${tag}`, office: 'brussels', languages: ['fr', 'ar'], sectors: ['F'], state: 'waiting' },
  });
  expect(mentee.status()).toBe(201);
  const mentor = await request.post('/api/v1/mentors', {
    headers,
    data: { first_name: 'Marcel', last_name: `Mentor${tag}`, office: 'brussels', languages: ['fr'], sectors: ['F'], capacity: 1, state: 'available' },
  });
  expect(mentor.status()).toBe(201);
  return { mentee: await mentee.json(), mentor: await mentor.json(), headers };
}

/** Signs in through the form and waits for the WebAssembly to take over the page. */
export async function signIn(page: Page, email = COORDINATOR) {
  await page.goto('/login');
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/password|mot de passe|wachtwoord/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in|se connecter|aanmelden/i }).click();
  await page.waitForURL(/\/board|\/$/);
  await hydrated(page);
}

export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

/** The day (`YYYY-MM-DD`) of an instant in Europe/Brussels, as the server counts days. */
export function brusselsDay(at: Date = new Date()): string {
  return at.toLocaleDateString('en-CA', { timeZone: 'Europe/Brussels' });
}

/** Authorization headers of a demo account, signed in through the JSON API. */
export async function bearer(request: APIRequestContext, email: string) {
  const login = await request.post('/api/v1/login', { data: { email, password: PASSWORD } });
  expect(login.status()).toBe(200);
  return { Authorization: `Bearer ${(await login.json()).token}` };
}

/** An account for a mentor of Brussels, invited by the administrator, its password chosen:
 *  returns the account's email. */
export async function mentorAccount(request: APIRequestContext, mentorId: string, name: string, password: string) {
  const email = `${unique(name.split(' ')[0].toLowerCase())}@duo.example`;
  const invite = await request.post('/api/v1/invitations', {
    headers: await bearer(request, 'admin@duo.example'),
    data: { email, role: 'mentor', mentor: mentorId, offices: ['brussels'], name },
  });
  expect(invite.status()).toBe(201);
  const secret = (await invite.json()).link.split('/').pop();
  expect((await request.post(`/api/v1/invitations/${secret}/accept`, { data: { password } })).status()).toBe(200);
  return email;
}
