// Fails when src/app/core/api no longer matches what ng-openapi-gen makes from
// backend/openapi.json: the client is generated, never edited by hand.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const frontend = new URL('..', import.meta.url).pathname;
const committed = join(frontend, 'src/app/core/api');
const fresh = mkdtempSync(join(tmpdir(), 'convis-api-client-'));

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

try {
  execFileSync(
    process.execPath,
    [
      join(frontend, '../node_modules/ng-openapi-gen/lib/index.js'),
      '--config',
      'ng-openapi-gen.json',
      '--output',
      fresh,
    ],
    { cwd: frontend, stdio: 'inherit' },
  );
  const expected = new Map(files(fresh).map((f) => [relative(fresh, f), readFileSync(f, 'utf8')]));
  const actual = new Map(
    files(committed).map((f) => [relative(committed, f), readFileSync(f, 'utf8')]),
  );
  const stale = [...new Set([...expected.keys(), ...actual.keys()])].filter(
    (name) => expected.get(name) !== actual.get(name),
  );
  if (stale.length > 0) {
    console.error(
      `The generated API client is stale (${stale.length} file(s) differ, e.g. ${stale.slice(0, 5).join(', ')}).\n` +
        'Run `npm run openapi` at the repository root (spec + client) and commit the result.',
    );
    process.exit(1);
  }
  console.log(`API client is up to date with backend/openapi.json (${actual.size} files).`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
