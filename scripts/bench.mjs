// npm run bench: builds the backend and the console, runs every benchmark, then prints all
// their figures in one table, each beside its target. The benchmarks append their figures to
// a JSON file (BENCH_RESULTS) as they go; their own detailed output comes first.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'convis-bench-results-'));
const results = join(dir, 'results.json');
const env = { ...process.env, BENCH_RESULTS: results };

const steps = [
  [
    'build',
    'npx',
    ['nx', 'run-many', '-t', 'build', '-p', 'backend', 'frontend', '--output-style=stream'],
  ],
  ['webhooks', 'npm', ['run', 'bench:webhooks', '-w', 'backend']],
  ['recovery', 'npm', ['run', 'bench:recovery', '-w', 'backend']],
  ['reading', 'npm', ['run', 'bench:reading', '-w', 'backend']],
  ['contacts import', 'npm', ['run', 'bench:contacts', '-w', 'backend']],
  ['campaigns', 'npm', ['run', 'bench:campaign', '-w', 'backend']],
  ['console', 'node', ['frontend/scripts/report-bundle-size.mjs']],
  ['console on a slow link', 'npm', ['run', 'bench:slow-link', '-w', 'e2e']],
];
const failed = [];
for (const [name, command, args] of steps) {
  console.log(`\n=== ${name} ===`);
  // The build's own bundle report would add the console's figures too: the last step does.
  const stepEnv = name === 'build' ? process.env : env;
  const run = spawnSync(command, args, { cwd: root, env: stepEnv, stdio: 'inherit' });
  if (run.status !== 0) {
    failed.push(name);
    if (name === 'build') break;
  }
}

const figures = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : [];
rmSync(dir, { recursive: true, force: true });
const width = Math.max(...figures.map((row) => row.figure.length), 6);
console.log('\n=== summary ===\n');
console.log(`${'figure'.padEnd(width)} | ${'value'.padStart(18)} | ${'target'.padStart(10)} |`);
console.log(`${'-'.repeat(width)}-|-${'-'.repeat(18)}-|-${'-'.repeat(10)}-|-----`);
for (const row of figures) {
  console.log(
    `${row.figure.padEnd(width)} | ${row.value.padStart(18)} | ${row.target.padStart(10)} | ${row.ok ? 'ok' : 'MISSED'}`,
  );
}
if (failed.length > 0) {
  console.error(`\nThese steps failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
