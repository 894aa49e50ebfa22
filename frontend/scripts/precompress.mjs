// Writes a brotli (.br) and a gzip (.gz) copy beside every compressible file of the production
// build, so the backend serves them without compressing on each request (@fastify/static's
// `preCompressed`) and a phone on a slow link gets the smallest bytes. Fonts in woff and woff2
// are compressed already and stay as they are. A copy that would not be smaller is not written.
//
// Run after `ng build` (`npm run build` does): `node scripts/precompress.mjs [--dist <dir>]`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.txt',
  '.ico',
  '.ttf',
]);

const { values: options } = parseArgs({
  options: {
    dist: { type: 'string', default: new URL('../dist/browser', import.meta.url).pathname },
  },
});

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.has(extname(entry.name))) yield path;
  }
}

let raw = 0;
let brotli = 0;
let count = 0;
for (const path of files(resolve(options.dist))) {
  const content = readFileSync(path);
  const br = brotliCompressSync(content, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
  const gz = gzipSync(content, { level: 9 });
  if (br.length < content.length) writeFileSync(`${path}.br`, br);
  if (gz.length < content.length) writeFileSync(`${path}.gz`, gz);
  raw += statSync(path).size;
  brotli += Math.min(br.length, content.length);
  count++;
}
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(
  `precompress: ${count} files, ${kb(raw)} -> ${kb(brotli)} with brotli (.br and .gz beside each)`,
);
