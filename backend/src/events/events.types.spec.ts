import { LIVE_EVENT_TYPES } from '@convis/contracts';
import { readFileSync } from 'node:fs';

describe('LIVE_EVENT_TYPES', () => {
  it('is documented in the README table', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const documented = [...readme.matchAll(/^\| `([a-z]+\.[a-z]+)` +\|/gm)].map((m) => m[1]);
    expect([...documented].sort()).toEqual([...LIVE_EVENT_TYPES].sort());
  });
});
