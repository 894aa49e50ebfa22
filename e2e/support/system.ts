import { spawnSync } from 'node:child_process';
import { accessSync, appendFileSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { artifactsDir } from './paths.ts';

/** Full path of `command` on PATH (or the path itself when it is absolute), or undefined. */
export function findExecutable(command: string): string | undefined {
  const candidates = command.includes('/')
    ? [command]
    : (process.env['PATH'] ?? '').split(delimiter).map((dir) => join(dir, command));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: try the next one
    }
  }
  return undefined;
}

export interface SystemTool {
  /** Executable name or absolute path, e.g. `docker-compose` or `/usr/bin/chromium`. */
  readonly command: string;
  /** Debian package that provides it. */
  readonly aptPackage: string;
  /** What the tests need it for, shown when it cannot be installed. */
  readonly purpose: string;
}

/**
 * Returns the path of a tool the tests need. When it is missing and we run as root on a
 * Debian-like machine (a fresh CI box), installs it with apt-get and logs that to the console
 * and to `e2e/artifacts/apt.log`; otherwise fails with a message saying how to install it.
 */
export function ensureSystemTool(tool: SystemTool): string {
  const found = findExecutable(tool.command);
  if (found) return found;

  const isRoot = process.getuid?.() === 0;
  const hasApt = findExecutable('apt-get') !== undefined;
  if (!isRoot || !hasApt) {
    throw new Error(
      `${tool.command} is needed ${tool.purpose} but is not installed, and it cannot be installed ` +
        `automatically (${isRoot ? 'apt-get is not available' : 'not running as root'}). Install it with:\n` +
        `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${tool.aptPackage}`,
    );
  }

  console.log(
    `[e2e] ${tool.command} is missing: installing Debian package ${tool.aptPackage} with apt-get`,
  );
  const log = `${artifactsDir()}/apt.log`;
  const started = Date.now();
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', tool.aptPackage]]) {
    const result = spawnSync('apt-get', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      maxBuffer: 64 * 1024 * 1024,
    });
    appendFileSync(log, `$ apt-get ${args.join(' ')}\n${result.stdout}${result.stderr}\n`);
    if (result.error || result.status !== 0) {
      const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-20).join('\n');
      throw new Error(
        `apt-get ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}); ` +
          `full log in ${log}. Last lines:\n${output}`,
      );
    }
  }
  const installed = findExecutable(tool.command);
  if (!installed) {
    throw new Error(
      `Installed ${tool.aptPackage}, but ${tool.command} is still not found (see ${log}).`,
    );
  }
  console.log(
    `[e2e] installed ${tool.aptPackage} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  return installed;
}
