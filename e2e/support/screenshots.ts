// Screenshots of console pages in the light and the dark theme, for people to review the design:
// written to the git-ignored e2e/artifacts/screenshots/pages/, never compared to a baseline.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS_DIR } from './paths.ts';

export type Theme = 'light' | 'dark';

export const PAGE_SCREENSHOTS_DIR = join(SCREENSHOTS_DIR, 'pages');

/** ThemeService's localStorage key (frontend `core/theme/theme.service.ts`): the user's choice. */
const THEME_STORAGE_KEY = 'convis.theme';

/** Pages taller than the window are pictured whole, up to this height. */
const MAX_HEIGHT_PX = 4_000;
/** How long charts and other script-driven animations get to come to rest. */
const STILL_TIMEOUT_MS = 5_000;

/** A phone held upright (iPhone 14/15 in CSS pixels). */
const PHONE = { width: 390, height: 844 };

/**
 * Saves `pages/<name>-light.png` and `pages/<name>-dark.png` of the page as it is (dialogs and
 * drawers included), each once the page has settled, then the same at phone width
 * (`<name>-phone-light.png`, `<name>-phone-dark.png`), then puts the theme and the window back
 * as they were. Content that scrolls inside the page is pictured whole: the window is made
 * taller meanwhile. Returns the paths; fails when a page looks the same in both themes (the
 * theme did not switch).
 */
export async function capturePage(page: Page, name: string): Promise<string[]> {
  mkdirSync(PAGE_SCREENSHOTS_DIR, { recursive: true });
  const original = await currentTheme(page);
  const viewport = page.viewportSize();
  const files: string[] = [];
  try {
    for (const [size, suffix] of [
      [viewport, ''],
      [PHONE, '-phone'],
    ] as const) {
      if (!size) continue;
      await page.setViewportSize(size);
      const images: Buffer[] = [];
      for (const theme of ['light', 'dark'] as const) {
        await showTheme(page, theme);
        await page.setViewportSize(size);
        await waitUntilSettled(page);
        let image = await stillScreenshot(page);
        // Measured once the page is still (charts drawn, data in), to picture all of it.
        const hidden = await hiddenHeight(page);
        if (hidden > 0) {
          await page.setViewportSize({
            ...size,
            height: Math.min(size.height + hidden, MAX_HEIGHT_PX),
          });
          await waitUntilSettled(page);
          image = await stillScreenshot(page);
        }
        const file = `${name.replace(/[^\w.-]+/g, '-')}${suffix}-${theme}.png`;
        const path = join(PAGE_SCREENSHOTS_DIR, file);
        writeFileSync(path, image);
        images.push(image);
        files.push(path);
      }
      assert.ok(
        !images[0].equals(images[1]),
        `"${name}${suffix}" looks the same in both themes: ${files.at(-1)}`,
      );
    }
  } finally {
    if (viewport) await page.setViewportSize(viewport);
    await showTheme(page, original);
  }
  return files;
}

/** How much of the page's tallest scrolling area is out of view (the shell scrolls inside). */
function hiddenHeight(page: Page): Promise<number> {
  return page.evaluate(() => {
    let hidden = 0;
    for (const element of document.querySelectorAll('*')) {
      if (!/auto|scroll/.test(getComputedStyle(element).overflowY)) continue;
      hidden = Math.max(hidden, element.scrollHeight - element.clientHeight);
    }
    return hidden;
  });
}

/**
 * A screenshot once two in a row are the same, so script-driven animations (charts) are not
 * caught midway; CSS transitions and animations are finished at once (`animations: 'disabled'`).
 * After {@link STILL_TIMEOUT_MS} the last one is kept, with a warning.
 */
async function stillScreenshot(page: Page): Promise<Buffer> {
  const deadline = Date.now() + STILL_TIMEOUT_MS;
  const take = () => page.screenshot({ fullPage: true, animations: 'disabled' });
  let previous = await take();
  for (;;) {
    const current = await take();
    if (current.equals(previous)) return current;
    if (Date.now() > deadline) {
      console.warn(`[e2e] ${page.url()} was still changing after ${STILL_TIMEOUT_MS} ms`);
      return current;
    }
    previous = current;
  }
}

/** The theme in effect: ThemeService puts `light-theme` or `dark-theme` on <html>. */
export async function currentTheme(page: Page): Promise<Theme> {
  const dark = await page.evaluate(() => document.documentElement.classList.contains('dark-theme'));
  return dark ? 'dark' : 'light';
}

/**
 * Switches the console to `theme` without a reload, so open dialogs and drawers stay open: the
 * console follows the system's `prefers-color-scheme` live, so emulating it is what a user
 * switching their system theme does. A theme picked in the toolbar's menu (localStorage) would
 * win: it is forgotten first, as another tab choosing "Match the system" does (ThemeService
 * follows the storage event).
 */
export async function showTheme(page: Page, theme: Theme): Promise<void> {
  await page.evaluate((key) => {
    if (localStorage.getItem(key) === null) return;
    localStorage.removeItem(key);
    window.dispatchEvent(new StorageEvent('storage', { key }));
  }, THEME_STORAGE_KEY);
  await page.emulateMedia({ colorScheme: theme });
  await page.waitForFunction(
    (expected) => document.documentElement.classList.contains(`${expected}-theme`),
    theme,
  );
}

/**
 * Waits until the page is at rest: no progress bar or spinner showing, nothing marked busy,
 * live updates not (re)connecting, every font loaded; then lets two frames paint.
 */
export async function waitUntilSettled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const loading = document.querySelectorAll(
        'mat-progress-bar, mat-progress-spinner, mat-spinner, app-button-spinner, [role="progressbar"], [aria-busy="true"]',
      );
      if ([...loading].some((element) => element.checkVisibility())) return false;
      const live = document.querySelector('[data-testid="realtime-status"]');
      if (/^(Connecting|Reconnecting)/.test(live?.getAttribute('aria-label') ?? '')) return false;
      return document.fonts.status === 'loaded';
    },
    undefined,
    { polling: 100 },
  );
  await page.evaluate(
    () =>
      new Promise<void>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
      ),
  );
}
