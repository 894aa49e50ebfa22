// Small helpers shared by the browser tests: find form fields by label, wait for routes, and
// run a test's steps in order like a person would (stop at the first failure, with a screenshot).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './browser.ts';

/** A form field by its visible label; tolerates Material's required marker ("Email *"). */
export function field(scope: Page | Locator, label: string): Locator {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^\\s*${escaped}\\s*\\*?\\s*$`));
}

export async function waitForPath(page: Page, path: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === path);
}

/**
 * Returns `step(name, body)`: an ordered test step that screenshots the page when it fails;
 * the steps after a failed one then fail at once instead of each waiting for a timeout.
 */
export function orderedSteps(
  currentPage: () => Page | undefined,
): (name: string, body: () => Promise<void>) => void {
  let failedStep: string | undefined;
  return (name, body) => {
    it(name, { timeout: 120_000 }, async () => {
      if (failedStep) assert.fail(`not run: the earlier step "${failedStep}" failed`);
      try {
        await body();
      } catch (error) {
        failedStep = name;
        const page = currentPage();
        if (page) await screenshot(page, `failed-${name}`).catch(() => undefined);
        throw error;
      }
    });
  };
}
