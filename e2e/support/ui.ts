// Small helpers shared by the browser tests: find form fields by label, wait for routes, and
// run a test's steps in order like a person would (stop at the first failure, with a screenshot).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { type RunningApp, startApp } from './app-server.ts';
import { launchBrowser, recordPageDiagnostics, screenshot } from './browser.ts';

/** A form field by its visible label; tolerates Material's required marker ("Email *"). */
export function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^\\s*${escaped}\\s*\\*?\\s*$`));
}

/**
 * Waits until a Material dialog has finished opening: it moves the focus into itself only
 * after its open animation, and text typed before that can land in the field it then focuses
 * (seen on a loaded machine: the account id typed into the Label field).
 */
export async function dialogOpened(dialog: Locator): Promise<void> {
  await dialog.waitFor();
  const element = await dialog.elementHandle();
  await dialog.page().waitForFunction((el) => el?.contains(document.activeElement), element);
}

export async function waitForPath(page: Page, path: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === path);
}

/**
 * Tags the page's current document and returns a check that fails if the page has loaded another
 * document since (a reload, a full navigation): proof that what changed on screen came live.
 */
export async function tagDocument(page: Page): Promise<() => Promise<void>> {
  const tag = randomUUID();
  const read = () =>
    page.evaluate(() => (window as { e2eDocumentTag?: string }).e2eDocumentTag ?? null);
  await page.evaluate((value) => {
    (window as { e2eDocumentTag?: string }).e2eDocumentTag = value;
  }, tag);
  return async () => assert.equal(await read(), tag, 'the page was reloaded');
}

/** Waits until the live-updates indicator says connected, so no live event is missed. */
export async function waitForLiveUpdates(page: Page): Promise<void> {
  await page.getByRole('img', { name: 'Live updates connected' }).waitFor();
}

/**
 * Returns `step(name, async (page) => …)`: an ordered test step that screenshots the page when it fails;
 * the steps after a failed one then fail at once instead of each waiting for a timeout.
 */
export type Step = (name: string, body: (page: Page) => Promise<void>) => void;

export function orderedSteps(currentPage: () => Page | undefined): Step {
  let failedStep: string | undefined;
  return (name, body) => {
    it(name, { timeout: 120_000 }, async () => {
      if (failedStep) assert.fail(`not run: the earlier step "${failedStep}" failed`);
      const page = currentPage();
      if (!page) assert.fail("no browser page: the suite's before hook failed");
      try {
        await body(page);
      } catch (error) {
        failedStep = name;
        await screenshot(page, `failed-${name}`).catch(() => undefined);
        throw error;
      }
    });
  };
}

export interface BrowserSession {
  /** The running app; set once the `before` hook has run. */
  readonly app: RunningApp;
  readonly page: Page;
  /** Uncaught errors the page raised so far. */
  readonly pageErrors: readonly string[];
  /** `step(name, async (page) => …)` on this session's page (see {@link orderedSteps}). */
  readonly step: Step;
}

/**
 * Inside a `describe`: starts the built app (fresh database, demo mode), optionally prepares it,
 * opens one browser page on it, and tears everything down after the suite.
 */
export function useBrowserSession(
  name: string,
  options: {
    prepare?: (app: RunningApp) => Promise<void>;
    viewport?: { width: number; height: number };
  } = {},
): BrowserSession {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let pageErrors: string[] = [];

  before(
    async () => {
      app = await startApp();
      await options.prepare?.(app);
      browser = await launchBrowser();
      const context = await browser.newContext({
        baseURL: app.baseUrl,
        viewport: options.viewport ?? { width: 1280, height: 800 },
      });
      page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.setDefaultNavigationTimeout(30_000);
      pageErrors = recordPageDiagnostics(page, name).pageErrors;
    },
    // Installing Chromium on a fresh machine (~60 s) plus a cold backend start.
    { timeout: 300_000 },
  );

  after(async () => {
    try {
      await browser?.close();
    } finally {
      await app?.stop();
    }
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`the browser session has no ${what}: did its before hook fail?`);
    return value;
  };
  return {
    get app() {
      return started(app, 'app');
    },
    get page() {
      return started(page, 'page');
    },
    get pageErrors() {
      return pageErrors;
    },
    step: orderedSteps(() => page),
  };
}
