// Prints the console's initial bundle (the files a browser loads before the app starts), raw
// and gzipped, and fails when the gzipped total is over the budget of issue 5: 350 kB. Then
// the login page's whole transfer as the backend serves it (brotli, fonts included), which
// fails above 250 kB (issue 13).
//
// Run after a production build (`npm run build` does): `node scripts/report-bundle-size.mjs
// [--dist <dir>] [--budget <kB>]`. The initial files are those `dist/browser/index.html` loads
// (module scripts, stylesheets, modulepreloads) and every chunk they import statically, found
// in esbuild's metafile (`ng build --stats-json`) or, without one, in the chunks' own `import`
// statements. Lazy chunks (`import()`) are not initial. Sizes are in kB of 1000 bytes, as the
// Angular CLI prints them; gzip uses level 5, what docker/nginx.conf serves with.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const GZIP_LEVEL = 5;
const { values: options } = parseArgs({
  options: {
    dist: { type: 'string', default: new URL('../dist', import.meta.url).pathname },
    budget: { type: 'string', default: '350' },
  },
});
const dist = resolve(options.dist);
const browser = join(dist, 'browser');
const budgetKb = Number(options.budget);

function fail(message) {
  console.error(`report-bundle-size: ${message}`);
  process.exit(1);
}

const indexPath = join(browser, 'index.html');
if (!existsSync(indexPath)) fail(`${indexPath} not found: run \`ng build\` first.`);
const html = readFileSync(indexPath, 'utf8');

/** Values of `attribute` in the tags of `html` whose own attributes match `filter`. */
function attributeValues(tag, attribute, filter) {
  const found = [];
  for (const [element] of html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'gi'))) {
    const value = new RegExp(`\\b${attribute}=["']([^"']+)["']`, 'i').exec(element)?.[1];
    if (value && filter(element) && !/^(?:[a-z]+:)?\/\//i.test(value)) found.push(value);
  }
  return found;
}

const entries = [
  ...attributeValues('script', 'src', () => true),
  ...attributeValues('link', 'href', (tag) =>
    /\brel=["']?(?:stylesheet|modulepreload)\b/i.test(tag),
  ),
].map((file) => file.replace(/^\.?\//, ''));

/** Static imports of each JS output: esbuild's metafile when the build wrote one. */
const metafilePath = ['browser-stats.json', 'stats.json']
  .map((name) => join(dist, name))
  .find((path) => existsSync(path));
const metafile = metafilePath ? JSON.parse(readFileSync(metafilePath, 'utf8')) : null;

function staticImports(file) {
  if (metafile) {
    return (metafile.outputs?.[file]?.imports ?? [])
      .filter((entry) => entry.kind === 'import-statement' && !entry.external)
      .map((entry) => entry.path);
  }
  // `import{a as b}from"./chunk-X.js"`, `import"./chunk-X.js"`, `export{…}from"./chunk-X.js"`;
  // not `import("./chunk-X.js")`, which is lazy.
  const code = readFileSync(join(browser, file), 'utf8');
  const pattern =
    /(?:^|[^\w$.])(?:import|export)\s*(?:[\w$\s{},*]*?from\s*)?["']\.\/([^"']+\.js)["']/g;
  return [...code.matchAll(pattern)].map((match) => match[1]);
}

const initial = new Set();
const pending = [...entries];
while (pending.length > 0) {
  const file = pending.pop();
  if (initial.has(file)) continue;
  if (!existsSync(join(browser, file))) fail(`${file} (from index.html) is not in ${browser}.`);
  initial.add(file);
  if (file.endsWith('.js')) pending.push(...staticImports(file));
}

const rows = [...initial]
  .map((file) => {
    const contents = readFileSync(join(browser, file));
    return { file, raw: contents.length, gzip: gzipSync(contents, { level: GZIP_LEVEL }).length };
  })
  .sort((a, b) => b.gzip - a.gzip);
const total = rows.reduce((sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip }), {
  raw: 0,
  gzip: 0,
});

const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const width = Math.max(...rows.map((row) => row.file.length), 'Initial files'.length) + 2;
const line = (label, raw, gzip) => `${label.padEnd(width)}${raw.padStart(12)}${gzip.padStart(12)}`;
const over = total.gzip > budgetKb * 1000;

console.log('');
console.log(line('Initial files', 'raw', 'gzip'));
for (const row of rows) console.log(line(row.file, kb(row.raw), kb(row.gzip)));
console.log(line(`Total (${rows.length} files)`, kb(total.raw), kb(total.gzip)));
console.log(
  `Budget: ${kb(total.gzip)} of ${budgetKb} kB gzip (level ${GZIP_LEVEL}) ` +
    `${over ? 'OVER' : 'OK'}${metafile ? '' : ' (imports read from the chunks: no stats file)'}`,
);
// What a first visit to the login page transfers: index.html and the initial files as the
// server sends them (the build's brotli copies, see precompress.mjs) and the woff2 fonts the
// initial stylesheets declare (an upper bound: a browser fetches only the faces a page uses).
const LOGIN_BUDGET_KB = 250;
const brotliSize = (file) => {
  const path = join(browser, file);
  return existsSync(`${path}.br`) ? statSync(`${path}.br`).size : statSync(path).size;
};
const fonts = new Set();
for (const file of initial) {
  if (!file.endsWith('.css')) continue;
  const css = readFileSync(join(browser, file), 'utf8');
  for (const match of css.matchAll(/url\(["']?([^"')]+\.woff2)["']?\)/g)) fonts.add(match[1]);
}
const fontBytes = [...fonts].map((font) => ({
  font,
  bytes: existsSync(join(browser, font)) ? statSync(join(browser, font)).size : 0,
}));
const loginCode =
  brotliSize('index.html') + [...initial].reduce((sum, file) => sum + brotliSize(file), 0);
const loginTotal = loginCode + fontBytes.reduce((sum, entry) => sum + entry.bytes, 0);
console.log(
  `Login page transfer: ${kb(loginTotal)} (budget ${LOGIN_BUDGET_KB} kB): ${kb(loginCode)} of HTML, ` +
    `scripts and styles (brotli) + ${fontBytes.length} fonts: ` +
    fontBytes
      .sort((a, b) => b.bytes - a.bytes)
      .map((entry) => `${entry.font.replace(/^.*\//, '')} ${kb(entry.bytes)}`)
      .join(', '),
);
console.log('');
// `npm run bench` gathers every benchmark's figures in one table (scripts/bench.mjs).
if (process.env.BENCH_RESULTS) {
  const file = process.env.BENCH_RESULTS;
  const earlier = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const figures = [
    {
      figure: 'console: login page transfer (brotli, fonts included)',
      value: kb(loginTotal),
      target: `<= ${LOGIN_BUDGET_KB} kB`,
      ok: loginTotal <= LOGIN_BUDGET_KB * 1000,
    },
    {
      figure: 'console: initial bundle, gzip',
      value: kb(total.gzip),
      target: `<= ${budgetKb} kB`,
      ok: !over,
    },
  ];
  writeFileSync(file, JSON.stringify([...earlier, ...figures], null, 2));
}
if (loginTotal > LOGIN_BUDGET_KB * 1000) {
  console.error(
    `The login page transfers ${kb(loginTotal - LOGIN_BUDGET_KB * 1000)} over its ` +
      `${LOGIN_BUDGET_KB} kB budget: lazy-load what it does not need.`,
  );
  process.exit(1);
}
if (over) {
  console.error(
    `The initial bundle is ${kb(total.gzip - budgetKb * 1000)} over its ${budgetKb} kB gzip ` +
      'budget: lazy-load what the first page does not need.',
  );
  process.exit(1);
}
