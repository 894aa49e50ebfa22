import { readFileSync } from 'node:fs';
import { LIVE_EVENT_TYPES } from './events.types.js';

/** The console's copy of the list (it cannot import the backend's code). */
const CONSOLE_LIVE_EVENTS = new URL(
  '../../../frontend/src/app/core/realtime/live-events.ts',
  import.meta.url,
);

/** The string literals of `export const <name> = [ … ]` in a TypeScript source. */
function constArray(source: string, name: string): string[] {
  const body = new RegExp(`export const ${name}\\s*=\\s*\\[([^\\]]*)\\]`).exec(source)?.[1];
  if (body === undefined) throw new Error(`No ${name} array found`);
  return [...body.matchAll(/'([^']+)'/g)].map((match) => match[1]!);
}

describe('LIVE_EVENT_TYPES', () => {
  it('lists the same event types as the console, in the same order', () => {
    const source = readFileSync(CONSOLE_LIVE_EVENTS, 'utf8');
    expect(constArray(source, 'LIVE_EVENT_TYPES')).toEqual([...LIVE_EVENT_TYPES]);
  });

  it('gives every type a data shape and an id field in the console', () => {
    const source = readFileSync(CONSOLE_LIVE_EVENTS, 'utf8');
    for (const type of LIVE_EVENT_TYPES) {
      // `LiveEventDataMap` and `KEY_FIELD` both have a `'<type>':` entry.
      expect({ type, entries: source.split(`'${type}':`).length - 1 }).toEqual({
        type,
        entries: 2,
      });
    }
  });

  it('is documented in the README table', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `([a-z]+\.[a-z]+)` +\|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...LIVE_EVENT_TYPES].sort());
  });
});
