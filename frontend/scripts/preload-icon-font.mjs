// Adds `<link rel="preload" as="font">` for the icon font to the built index.html, so the icons
// draw with the text on a slow link (issue 13). Without it the browser asks for the font only
// once the app has rendered an icon: one more round trip after the scripts, about 300 ms after
// the text at 150 ms latency (e2e/bench/console-slow-link.bench.ts). The font's name carries the
// build's hash, so it is read from the stylesheet index.html links rather than written into
// src/index.html. Inlining the font into the stylesheet as a data: URI drew the icons with the
// text too, but base64 does not compress back: 13 kB more per visit, all of it in the
// render-blocking stylesheet, so the preload won.
//
// Run after `ng build`, before precompress.mjs (`npm run build` does): `node
// scripts/preload-icon-font.mjs [--dist <dir>]`. Fails when the stylesheet names no icon font.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    dist: { type: 'string', default: new URL('../dist/browser', import.meta.url).pathname },
  },
});
const browser = resolve(options.dist);
const indexPath = join(browser, 'index.html');
const html = readFileSync(indexPath, 'utf8');

const stylesheets = [...html.matchAll(/<link\b[^>]*\brel=["']?stylesheet\b[^>]*>/gi)]
  .map(([tag]) => /\bhref=["']([^"']+)["']/i.exec(tag)?.[1])
  .filter((href) => href !== undefined && !/^(?:[a-z]+:)?\/\//i.test(href));
const fonts = new Set();
for (const href of stylesheets) {
  const css = readFileSync(join(browser, href.replace(/^\.?\//, '')), 'utf8');
  for (const match of css.matchAll(/url\(["']?([^"')]*material-symbols[^"')]*\.woff2)["']?\)/g)) {
    fonts.add(match[1]);
  }
}
if (fonts.size === 0) {
  console.error(`preload-icon-font: no material-symbols woff2 in ${stylesheets.join(', ')}`);
  process.exit(1);
}

let output = html.replace(/\s*<link rel="preload" as="font"[^>]*>/g, '');
// Fonts are fetched in CORS mode: without `crossorigin` the preload would not be reused.
const links = [...fonts]
  .map((font) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="${font}">`)
  .join('');
output = output.replace(/<\/head>/i, `${links}</head>`);
writeFileSync(indexPath, output);
console.log(`preload-icon-font: index.html preloads ${[...fonts].join(', ')}`);
