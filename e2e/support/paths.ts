import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in `e2e/support/`). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Git-ignored output of a run: server logs, browser console logs, screenshots, apt logs. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'e2e/artifacts');
export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, 'screenshots');

export const BACKEND_ENTRY = join(REPO_ROOT, 'backend/dist/main.js');
export const CONSOLE_INDEX = join(REPO_ROOT, 'frontend/dist/browser/index.html');

/** Creates the artifacts folder (and `sub`, if given) and returns its path. */
export function artifactsDir(sub?: string): string {
  const dir = sub ? join(ARTIFACTS_DIR, sub) : ARTIFACTS_DIR;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A file-name-safe stamp, unique enough for one machine: `20261124-134501-123`. */
export function timestamp(date = new Date()): string {
  const iso = date.toISOString(); // 2026-11-24T13:45:01.123Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}`;
}
