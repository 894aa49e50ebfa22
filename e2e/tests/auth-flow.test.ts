// The console's front door in a real browser over the real stack: the built backend serving
// the built console, with its own fresh embedded PostgreSQL. Steps run in order and share one
// page, like a person would: sign up, look around, sign out, sign in, reload.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot } from '../support/browser.ts';
import { field, useBrowserSession, waitForPath } from '../support/ui.ts';

const NAV_PAGES = ['Dashboard', 'Accounts', 'Messages', 'Inbox', 'Campaigns', 'Templates'] as const;

const suffix = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const user = {
  name: `Ada Lovelace ${suffix}`,
  email: `e2e-${suffix}@example.com`,
  password: `Sturdy-Lantern-${suffix}!`,
  organization: `Analytical Engines ${suffix}`,
};

async function expectUserName(page: Page): Promise<void> {
  await page.getByTestId('user-name').filter({ hasText: user.name }).waitFor();
}

/**
 * Every icon on the page is drawn as one glyph of the console's cut-down icon font, not spelled
 * out as its name (what a missing icon looks like): each is at most about 24 px wide.
 */
async function expectIconsDrawn(page: Page): Promise<void> {
  const widths = await page.evaluate(async () => {
    await document.fonts.ready;
    const context = document.createElement('canvas').getContext('2d')!;
    const names = [...document.querySelectorAll('mat-icon')]
      .map((icon) => icon.textContent?.trim() ?? '')
      .filter((name) => name !== '');
    const font = '24px "Material Symbols Outlined"';
    await document.fonts.load(font, names.join(' '));
    context.font = font;
    return names.map((name) => ({ name, width: Math.round(context.measureText(name).width) }));
  });
  assert.ok(widths.length > 0, 'the page shows icons');
  const spelled = widths.filter((icon) => icon.width > 26);
  assert.deepEqual(
    spelled,
    [],
    'icons drawn as words, not glyphs: run `npm run icons -w frontend`',
  );
}

describe('console sign-up, navigation, sign-out and sign-in in a browser', () => {
  const session = useBrowserSession('auth-flow');
  const step = session.step;

  step('sends a signed-out visitor from / to /login', async (page) => {
    await page.goto('/');
    await waitForPath(page, '/login');
    await field(page, 'Email').waitFor();
    await field(page, 'Password').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'login');
  });

  step('loads the login page compressed, with its icons drawn', async (page) => {
    await expectIconsDrawn(page);
    const script = await page.locator('script[type="module"]').first().getAttribute('src');
    const response = await page.request.get(`/${script!.replace(/^\.?\//, '')}`, {
      headers: { 'accept-encoding': 'br, gzip' },
    });
    assert.equal(response.headers()['content-encoding'], 'br');
    assert.match(response.headers()['cache-control'] ?? '', /immutable/);
    // The icon font is preloaded from index.html so the icons come with the text on a slow
    // link (e2e/bench/console-slow-link.bench.ts): fetched once, by that preload, not again by
    // the stylesheet (a preload whose URL or CORS mode differs from the stylesheet's is wasted).
    const fontFetches = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.includes('material-symbols'))
        .map((entry) => (entry as PerformanceResourceTiming).initiatorType),
    );
    assert.deepEqual(fontFetches, ['link']);
  });

  step('creates an account and lands on the dashboard', async (page) => {
    await page.getByRole('link', { name: 'Create an account' }).click();
    await waitForPath(page, '/register');
    await field(page, 'Your name').fill(user.name);
    await field(page, 'Email').fill(user.email);
    await field(page, 'Password').fill(user.password);
    await field(page, 'Organization name').fill(user.organization);
    await screenshot(page, 'register');
    await page.getByRole('button', { name: 'Create account' }).click();
    await waitForPath(page, '/dashboard');
    await expectUserName(page);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await screenshot(page, 'dashboard');
    await expectIconsDrawn(page);
  });

  step('shows the six sections in the side nav, each page with its heading', async (page) => {
    for (const name of NAV_PAGES) {
      await page.getByRole('link', { name, exact: true }).first().waitFor();
    }
    // End on the dashboard, so the next steps start from there.
    for (const name of [...NAV_PAGES.slice(1), NAV_PAGES[0]]) {
      await page.getByRole('link', { name, exact: true }).first().click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
      await expectUserName(page);
    }
    await waitForPath(page, '/dashboard');
  });

  step('switches to the dark theme, and back to following the system', async (page) => {
    const choose = async (label: string) => {
      await page.getByRole('button', { name: 'Theme' }).click();
      await page.getByRole('menuitemradio', { name: label }).click();
    };
    const light = await page.screenshot();
    await choose('Dark');
    await page.waitForFunction(() => document.documentElement.classList.contains('dark-theme'));
    await page.waitForTimeout(500); // let colour transitions settle
    const darkFile = await screenshot(page, 'dashboard-dark');
    const dark = await page.screenshot();
    assert.ok(!light.equals(dark), `the page looks the same in the dark theme (see ${darkFile})`);
    await choose('Match the system');
    // The browser's system theme is light: the console follows it again, and forgets the choice.
    await page.waitForFunction(() => document.documentElement.classList.contains('light-theme'));
    assert.equal(await page.evaluate(() => localStorage.getItem('convis.theme')), null);
  });

  step('logs out to /login, and the dashboard then needs a sign-in', async (page) => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await waitForPath(page, '/login');
    await page.goto('/dashboard');
    await waitForPath(page, '/login');
  });

  step('rejects a wrong password with an error and stays on /login', async (page) => {
    await field(page, 'Email').fill(user.email);
    await field(page, 'Password').fill(`${user.password}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .or(page.getByText(/invalid|incorrect|wrong|not match|failed/i))
      .first()
      .waitFor();
    await screenshot(page, 'login-wrong-password');
    assert.equal(new URL(page.url()).pathname, '/login');
  });

  step('signs in with the same credentials and lands on the dashboard', async (page) => {
    await field(page, 'Email').fill(user.email);
    await field(page, 'Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForPath(page, '/dashboard');
    await expectUserName(page);
  });

  step('keeps the session across a reload', async (page) => {
    await page.reload();
    await waitForPath(page, '/dashboard');
    await expectUserName(page);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });

  it('serves Swagger UI and the OpenAPI document beside the console', async () => {
    const docs = await fetch(`${session.app.baseUrl}/docs`);
    assert.equal(docs.status, 200);
    const spec = (await (await fetch(`${session.app.baseUrl}/docs-json`)).json()) as {
      openapi?: string;
    };
    assert.match(spec.openapi ?? '', /^3\./);
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(
      session.pageErrors,
      [],
      'uncaught errors in the console page (see e2e/artifacts/logs)',
    );
  });
});
