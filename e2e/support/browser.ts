import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { artifactsDir, SCREENSHOTS_DIR, timestamp } from './paths.ts';
import { ensureSystemTool } from './system.ts';

/** Debian's Chromium: playwright-core drives it; no browser download is needed (or possible). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** Makes sure Debian's Chromium is installed (installing it with apt-get as root) and returns its path. */
export function ensureChromium(): string {
  return ensureSystemTool({
    command: CHROMIUM_PATH,
    aptPackage: 'chromium',
    purpose: 'for the browser tests',
  });
}

/** Launches headless Chromium, installing it first when possible. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = ensureChromium();
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Saves a full-page screenshot as `e2e/artifacts/screenshots/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  artifactsDir('screenshots');
  const path = join(SCREENSHOTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Records what the page says about itself (console messages, uncaught errors, failed requests)
 * to `e2e/artifacts/logs/browser-<stamp>.log` and returns the uncaught errors for assertions.
 */
export function recordPageDiagnostics(
  page: Page,
  label: string,
): { logFile: string; pageErrors: string[] } {
  const logFile = join(artifactsDir('logs'), `browser-${label}-${timestamp()}.log`);
  const pageErrors: string[] = [];
  const write = (line: string): void =>
    appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  page.on('console', (message) => write(`console.${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => {
    pageErrors.push(error.stack ?? error.message);
    write(`pageerror: ${error.stack ?? error.message}`);
  });
  page.on('requestfailed', (request) =>
    write(
      `requestfailed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`,
    ),
  );
  page.on('response', (response) => {
    if (response.status() >= 400)
      write(`http ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  return { logFile, pageErrors };
}
